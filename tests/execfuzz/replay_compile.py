#!/usr/bin/env python3
"""Replays tests/execfuzz/regressions/compile-errors/ (part of make test): sources CPython
does not compile, some with a MemoryError replay.py's judge cannot decide. Each goes through
heapd's POST .../exec in each version and through compile() in that version's CPython, as
edgefuzz.py checks a source (check_one(): the answer's error type, message and position are
compile()'s); a .json case holds {"source": ...}, a .py case is the source.

    python3 tests/execfuzz/replay_compile.py [--asan] [files...]

Prints `PASS name version` / `FAIL ...`, then `N passed, N failed`; exits 1 on a failure.
A version whose CPython is not installed FAILS. HEAPD_BIN overrides the binary (build/heapd, or
build-asan/heapd)."""
import argparse
import glob
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import edgefuzz  # noqa: E402
import engine as E  # noqa: E402

VERSIONS = ("3.10", "3.11", "3.12", "3.13")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = a.files or sorted(glob.glob(os.path.join(HERE, "regressions", "compile-errors", "*.json")) +
                              glob.glob(os.path.join(HERE, "regressions", "compile-errors", "*.py")))
    srv = E.server(asan=a.asan, binary=os.environ.get("HEAPD_BIN"), name="replay-compile-%d" % os.getpid())
    passed = failed = 0
    try:
        for v in VERSIONS:
            python = E.find_python(v)
            comp = edgefuzz.Compiler(python) if python else None
            for f in files:
                name = os.path.basename(f)
                if not python:
                    print("FAIL %s %s: no CPython %s found (make test installs them)" % (name, v, v))
                    failed += 1
                    continue
                with open(f, encoding="utf-8") as fh:
                    source = json.load(fh)["source"] if f.endswith(".json") else fh.read()
                problems = edgefuzz.check_one(srv, comp, v, source, "module", False, 30.0, 0, random.Random(0),
                                              python)
                print("%s %s %s%s" % ("FAIL" if problems else "PASS", name, v,
                                      ": " + "; ".join(problems) if problems else ""))
                passed += not problems
                failed += bool(problems)
            if comp:
                comp.close()
    finally:
        srv.stop()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
