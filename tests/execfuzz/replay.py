#!/usr/bin/env python3
"""Replays tests/execfuzz/regressions/*.json (part of make test): each case's
"source" goes through heapd's POST .../exec in each of its "modes" and
through a fresh real CPython of each of its "versions" (runner.py); every
observable must match (engine.compare).  A case with "unsupported": true
must answer 422 unsupported in every mode and leave the session untouched.

    python3 tests/execfuzz/replay.py [--asan] [files...]

Prints `PASS name [version mode]` / `FAIL ...`, then `N passed, N failed`;
exits 1 on a failure.  A version whose CPython is not installed FAILS.
HEAPD_BIN overrides the binary (build/heapd, or build-asan/heapd)."""
import argparse
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import engine as E  # noqa: E402


def run_case(srv, case, version, mode):
    python = E.find_python(version)
    if not python:
        return ["no CPython %s found (make test installs them)" % version]
    try:
        verdict, detail = E.judge(srv, python, version, case["source"], mode)
    except E.HeapdCrash as e:
        srv.restart()
        return ["heapd crashed: %s" % e]
    if case.get("unsupported"):
        if verdict != "unsupported" or detail.get("names"):
            return ["expected 422 unsupported and an untouched session, got %s %s" % (verdict, str(detail)[:300])]
        return []
    if verdict == "pass":
        return []
    if verdict == "skip":
        return ["inconclusive: %s" % detail]  # a kept case must be decidable
    if verdict in ("unsupported", "refused", "invalid"):
        return ["heapd answered %s" % json.dumps(detail.get("raw"))[:300]]
    return ["%s\n        cpython: %s\n        heapd:   %s" % (w, json.dumps(a, ensure_ascii=False)[:400],
                                                          json.dumps(b, ensure_ascii=False)[:400])
            for w, a, b in detail[:6]]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    E.DE.REQUEST_LIMIT = float(os.environ.get("DIFFFUZZ_REQUEST_LIMIT", "30"))  # answers, not speed
    files = a.files or sorted(glob.glob(os.path.join(HERE, "regressions", "*.json")))
    srv = E.server(asan=a.asan, binary=os.environ.get("HEAPD_BIN"), name="execfuzz-replay-%d" % os.getpid())
    passed = failed = 0
    try:
        for path in files:
            name = os.path.splitext(os.path.basename(path))[0]
            try:
                with open(path) as f:
                    case = json.load(f)
                versions = case["versions"]
                modes = case.get("modes") or ["module", "statements"]
            except (OSError, ValueError, KeyError) as e:
                failed += 1
                print("FAIL %s: unreadable case: %s" % (name, e))
                continue
            for v in versions:
                for m in modes:
                    try:
                        problems = run_case(srv, case, v, m)
                    except Exception as e:  # a harness failure is a failure too
                        problems = ["harness: %r" % e]
                        if not srv.alive():
                            srv.restart()
                    label = "%s [%s %s]" % (name, v, m)
                    if problems:
                        failed += 1
                        print("FAIL " + label)
                        for p in problems:
                            print("    " + p)
                    else:
                        passed += 1
                        print("PASS " + label)
    finally:
        rc = srv.stop()
        try:
            os.unlink(srv.binary)
        except OSError:
            pass
    if rc not in (0, None, -15):
        failed += 1
        print("FAIL heapd exit code %s (a sanitizer's report, a crash)" % rc)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
