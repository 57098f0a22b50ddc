#!/usr/bin/env python3
"""Sums tests/execfuzz/campaigns.jsonl per CPython version (and plain/ASan):
the table of README.md's figures.  python3 figures.py [--since YYYY-MM-DDTHH:MM]"""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    since = sys.argv[sys.argv.index("--since") + 1] if "--since" in sys.argv else ""
    rows = collections.OrderedDict()
    with open(os.path.join(HERE, "campaigns.jsonl")) as f:
        for line in f:
            d = json.loads(line)
            if d["date"] < since:
                continue
            key = (d["version"], "asan" if d.get("asan") else "plain")
            r = rows.setdefault(key, collections.Counter())
            s = d["stats"]
            r["campaigns"] += 1
            r["seconds"] += d["seconds"]
            for k in ("programs", "runs", "pass", "mismatch", "crash", "unsupported-missed", "skip", "unsupported",
                      "invalid", "with_unsupported"):
                r[k] += s.get(k, 0)
            r["kept"] += len(d["findings"])
    print("| version | build | campaigns | seconds | programs | runs (2 modes) | pass | mismatch | crash | "
          "unsupported missed | skipped | heapd unsupported | with a construct outside | findings kept |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (v, b), r in sorted(rows.items()):
        print("| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d |" % (
            v, b, r["campaigns"], r["seconds"], r["programs"], r["runs"], r["pass"], r["mismatch"], r["crash"],
            r["unsupported-missed"], r["skip"], r["unsupported"], r["with_unsupported"], r["kept"]))


if __name__ == "__main__":
    main()
