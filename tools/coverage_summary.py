#!/usr/bin/env python3
"""Totals of a gcovr JSON report (tools/coverage.sh) per directory: lines and
branches covered, e.g. `core/: lines 9120/10031 90.9%, branches ...`.
--files also prints each file's figures, least covered first; --uncovered
FILE... prints those sources' lines never run (`-`) and those with a branch
never taken (`b`), with their text, for reading."""
import json
import sys


def uncovered(fe):
    with open(fe["file"], errors="replace") as f:
        text = f.read().split("\n")
    print("== " + fe["file"])
    for ln in fe["lines"]:
        if ln.get("gcovr/noncode"):
            continue
        n = ln["line_number"]
        mark = "-" if ln["count"] == 0 else ("b" if any(b["count"] == 0 for b in ln.get("branches", [])) else "")
        if mark:
            print("%s %5d  %s" % (mark, n, text[n - 1] if n <= len(text) else ""))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    with open(args[0] if args else "build-cov/coverage.json") as f:
        report = json.load(f)
    if "--uncovered" in sys.argv:
        for fe in report["files"]:
            if fe["file"] in args[1:]:
                uncovered(fe)
        return
    dirs, files = {}, []
    for fe in report["files"]:
        name = fe["file"]
        lt = lc = bt = bc = 0
        for ln in fe["lines"]:
            if ln.get("gcovr/noncode"):
                continue
            lt += 1
            lc += ln["count"] > 0
            for br in ln.get("branches", []):
                bt += 1
                bc += br["count"] > 0
        d = name.split("/")[0] + "/"
        t = dirs.setdefault(d, [0, 0, 0, 0])
        t[0] += lc; t[1] += lt; t[2] += bc; t[3] += bt
        files.append((name, lc, lt, bc, bt))
    pct = lambda a, b: 100.0 * a / b if b else 100.0
    if "--files" in sys.argv:
        for name, lc, lt, bc, bt in sorted(files, key=lambda x: pct(x[1], x[2])):
            print("%-28s lines %5d/%5d %5.1f%%  branches %5d/%5d %5.1f%%" % (name, lc, lt, pct(lc, lt), bc, bt, pct(bc, bt)))
    for d in sorted(dirs):
        lc, lt, bc, bt = dirs[d]
        print("%-8s lines %6d/%6d %5.1f%%  branches %6d/%6d %5.1f%%" % (d, lc, lt, pct(lc, lt), bc, bt, pct(bc, bt)))


main()
