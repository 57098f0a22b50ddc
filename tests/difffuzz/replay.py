#!/usr/bin/env python3
"""Replays every case in tests/difffuzz/regressions/ (the format of found/:
"ops", and "versions": the CPython versions it must hold for; a case with
"crash" must also not crash heapd) through heapd and through a real CPython
script of the same statements; a case passes when every observable matches.

    python3 tests/difffuzz/replay.py [--asan] [-v] [files...]

Prints `PASS name` / `FAIL name` per case and version, then `N passed, N failed`;
exits 1 on any failure.  A case whose CPython version is not installed FAILS.
HEAPD_BIN overrides the binary (default build/heapd, or build-asan/heapd)."""
import argparse
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import engine as E  # noqa: E402
import script as S  # noqa: E402


def jtext(x, **kw):
    """json.dumps(ensure_ascii=False), a lone surrogate (gen.py's STRS) written as its JSON escape"""
    return json.dumps(x, ensure_ascii=False, **kw).encode("utf-8", "backslashreplace").decode("utf-8")



def run_case(server, cpythons, path, version, verbose):
    with open(path) as f:
        case = json.load(f)
    steps = case["ops"]
    if version not in cpythons:
        try:
            cpythons[version] = E.CPython(version, tag="replay")
        except RuntimeError as e:
            return ["CPython %s: %s" % (version, e)]
    cp = cpythons[version]
    try:
        hd = E.run_heapd(server, version, steps)
    except E.HeapdCrash as e:
        server.restart()
        return ["heapd crashed: %s" % e]
    py = cp.run(steps)
    if not py["ended"]:
        return ["CPython did not finish the script (rc %s): %s" % (py["rc"], py["stderr"][-500:])]
    problems = []
    if hd["stop"]:
        fi, why = hd["stop"]
        problems.append("heapd refused op %d %s: %s" % (fi, jtext(S.flatten(steps)[fi][2])[:200], why))
    mm = E.compare_run(cp, version, steps, py, hd)
    if mm:
        py2 = cp.run(steps)
        if not E.self_consistent(py, py2, steps):
            problems.append("CPython's output differs between two runs (address-dependent case)")
    flat = S.flatten(steps)
    for m in mm[:8]:
        problems.append("op %d `%s`: %s\n        cpython: %s\n        heapd:   %s" % (
            m["flat"], S.statement(flat[m["flat"]][2])[0].replace("\n", "; ")[:160], m["field"],
            jtext(m["cpython"])[:300], jtext(m["heapd"])[:300]))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    # a kept case checks answers, not speed: a loaded machine must not fail it (a campaign keeps 2 s)
    E.REQUEST_LIMIT = float(os.environ.get("DIFFFUZZ_REQUEST_LIMIT", "30"))
    files = a.files or sorted(glob.glob(os.path.join(HERE, "regressions", "*.json")))
    server = E.HeapdServer(asan=a.asan, binary=os.environ.get("HEAPD_BIN"),
                           name="replay-heapd-%d" % os.getpid())
    cpythons = {}
    passed = failed = 0
    try:
        for path in files:
            name = os.path.splitext(os.path.basename(path))[0]
            try:
                with open(path) as f:
                    case = json.load(f)
                versions = case.get("versions") or [case["version"]]
            except (OSError, ValueError, KeyError) as e:
                failed += 1
                print("FAIL %s: unreadable case: %s" % (name, e))
                continue
            for v in versions:
                label = "%s [%s]" % (name, v) if len(versions) > 1 else name
                try:
                    problems = run_case(server, cpythons, path, v, a.verbose)
                except Exception as e:  # a harness failure is a failure too
                    problems = ["harness: %r" % e]
                    if not server.alive():
                        server.restart()
                if problems:
                    failed += 1
                    print("FAIL %s" % label)
                    for p in problems:
                        print("    " + p)
                else:
                    passed += 1
                    print("PASS %s" % label)
    finally:
        server.stop()
        try:
            os.unlink(server.binary)
        except OSError:
            pass
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
