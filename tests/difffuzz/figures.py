#!/usr/bin/env python3
"""Writes FIGURES.md from campaigns.jsonl (one JSON line per version of
each campaign, appended by difffuzz.py): the cumulative figures per
version, then every campaign.

    python3 tests/difffuzz/figures.py"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = ("other", "weak-internals", "weak-chain")


def main():
    rows = []
    path = os.path.join(HERE, "campaigns.jsonl")
    if os.path.exists(path):
        with open(path) as f:
            rows = [json.loads(line) for line in f if line.strip()]
    tot = {}
    for r in rows:
        t = tot.setdefault(r["version"], {"sequences": 0, "steps": 0, "matching": 0, "skipped": 0, "mismatching": 0,
                                          "crashes": 0, "cpython_failures": 0, "seconds": 0, "builds": set(),
                                          **{c: 0 for c in CATS}})
        t["sequences"] += r["sequences"]
        t["steps"] += r["steps"]
        t["matching"] += r["matching"]
        t["skipped"] += r["skipped"]
        t["mismatching"] += r["mismatching_sequences"]
        t["crashes"] += r["crashes"]
        t["cpython_failures"] += r.get("cpython_failures", 0)
        t["seconds"] += r["seconds"]
        t["builds"].add(r["heapd"])
        for c in CATS:
            t[c] += r["categories"].get(c, 0)
    out = ["# Differential fuzzing figures", "",
           "Written by `figures.py` from `campaigns.jsonl` (every campaign `difffuzz.py` ran with",
           "`--record`, as `make difffuzz` does). A *sequence* is one random operation sequence run",
           "through heapd and a fresh CPython; *steps* are its top-level steps compared (a batch is",
           "one step), *matching* those where every observation agreed. Mismatching sequences are",
           "counted by the category of their first mismatch (`engine.categorise`): `other` is",
           "unexplained, `weak-internals` a sequence that replaced, deleted or reached into a weak",
           "container's own attributes (issue 8 item 9; another worker's rewrite of core/weakcont.c),",
           "`weak-chain` (campaigns on the harness before 6897001's successor only) an events",
           "mismatch after a chain of 1,300+ weak containers: heapd's events cap, a harness",
           "artefact since fixed. *Skipped*: CPython disagreed with itself (address-",
           "dependent), not counted in steps. Documented deviations (README) are left out of the",
           "comparison itself, so they are not mismatches here. *Processes*: the campaign's worker",
           "processes for that version (`--jobs`; each sequence is still one fresh CPython);",
           "*seconds* is wall time.", "",
           "## Cumulative, per version", "",
           "| python | sequences | steps | matching | % | mismatching sequences (other / weak-internals / weak-chain) | crashes | skipped (self-inconsistent) | CPython runs that did not finish | campaign seconds | heapd builds |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for v in sorted(tot):
        t = tot[v]
        pct = 100.0 * t["matching"] / t["steps"] if t["steps"] else 0
        out.append("| %s | %d | %d | %d | %.2f | %d (%d / %d / %d) | %d | %d | %d | %d | %s |" % (
            v, t["sequences"], t["steps"], t["matching"], pct, t["mismatching"], t["other"], t["weak-internals"],
            t["weak-chain"], t["crashes"], t["skipped"], t["cpython_failures"], t["seconds"],
            ", ".join(sorted(t["builds"]))))
    out += ["", "## Campaigns", "",
            "| date | python | seed | seconds | processes | heapd | harness | sequences | steps | matching | other | weak-internals | weak-chain | crashes | skipped |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        c = r["categories"]
        out.append("| %s | %s | %s | %d | %d | %s%s | %s | %d | %d | %d | %d | %d | %d | %d | %d |" % (
            r["date"], r["version"], r["seed"], r["seconds"], r.get("jobs", 1), r["heapd"], " (ASan)" if r.get("asan") else "",
            r.get("harness", "?"),
            r["sequences"], r["steps"], r["matching"], c.get("other", 0), c.get("weak-internals", 0),
            c.get("weak-chain", 0), r["crashes"], r["skipped"]))
    out += ["", "## Open findings (`found/`)", "",
            "Each replays with `python3 tests/difffuzz/replay.py -v tests/difffuzz/found/NAME.json`.", "",
            "| case | category | op | field | CPython | heapd |", "|---|---|---|---|---|---|"]
    sys.path.insert(0, HERE)
    import engine as E
    found = os.path.join(HERE, "found")
    for name in sorted(os.listdir(found) if os.path.isdir(found) else []):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(HERE, "found", name)) as f:
            c = json.load(f)
        if "crash" in c:
            out.append("| %s | crash | | | | %s |" % (name[:-5], str(c["crash"])[:80]))
            continue
        m = c.get("mismatch") or {}
        stmts = c.get("statements") or []
        st = stmts[m["flat"]].replace("\n", "; ").replace("|", "\\|") if m and m.get("flat", 10 ** 9) < len(stmts) else ""

        def cell(x):
            return json.dumps(x, ensure_ascii=False)[:90].replace("|", "\\|")
        out.append("| %s | %s | `%s` | %s | %s | %s |" % (name[:-5], c.get("category") or E.categorise(c["ops"], m or None),
                                                      st[:70], m.get("field", ""), cell(m.get("cpython")),
                                                      cell(m.get("heapd"))))
    with open(os.path.join(HERE, "FIGURES.md"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
