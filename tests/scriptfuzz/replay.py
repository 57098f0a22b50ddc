#!/usr/bin/env python3
"""Replays tests/scriptfuzz/regressions/*.json (or the files given): each
case through heapd, its GET .../script through each of its CPython versions
with the recorder, every answer compared (engine.judge).  `--asan` runs
build-asan/heapd (HEAPD_BIN overrides).  Prints PASS/FAIL per case and
version, then "N passed, N failed"; a missing interpreter is a failure."""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import engine as E  # noqa: E402


def main(argv):
    asan = "--asan" in argv
    verbose = "-v" in argv
    files = [a for a in argv if not a.startswith("-")] or sorted(glob.glob(os.path.join(HERE, "regressions", "*.json")))
    if asan:
        E.DE.REQUEST_LIMIT = 30
    E.DE.REQUEST_LIMIT = max(E.DE.REQUEST_LIMIT, 30)  # answers are checked here, not speed
    srv = E.DE.HeapdServer(asan=asan, binary=os.environ.get("HEAPD_BIN"),
                           name="scriptfuzz-replay%s-%d" % ("-asan" if asan else "", os.getpid()))
    passed = failed = 0
    try:
        for path in files:
            with open(path) as f:
                case = json.load(f)
            for v in case.get("versions") or [case["version"]]:
                name = "%s/%s" % (os.path.basename(path), v)
                python = E.find_python(v)
                if not python:
                    failed += 1
                    print("FAIL %s: no CPython %s" % (name, v))
                    continue
                try:
                    verdict, problems = E.judge(srv, python, dict(case, version=v), twice=False)
                except E.HeapdCrash as e:
                    verdict, problems = "crash", [str(e)]
                    srv.restart()
                if verdict in ("pass", "skip"):
                    passed += 1
                    print("PASS %s%s" % (name, " (skipped: %s)" % problems[0] if verdict == "skip" else ""))
                else:
                    failed += 1
                    print("FAIL %s: %s" % (name, verdict))
                    for p in problems[:4 if verbose else 2]:
                        print("    " + str(p)[:800])
    finally:
        rc = srv.stop()
    if rc not in (0, None, -15):
        failed += 1
        print("FAIL heapd exit code %s (a sanitizer report or a crash; log in %s)" % (rc, E.DE.SCRATCH))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
