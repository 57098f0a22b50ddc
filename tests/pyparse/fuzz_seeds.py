#!/usr/bin/env python3
"""Writes libFuzzer seed files for fuzz_pyparse from the golden corpus: one
file per corpus source, prefixed with the version/flags byte the target reads.

Usage: fuzz_seeds.py CORPUS_DIR OUT_DIR
"""
import base64
import json
import os
import sys

corpus, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
n = 0
for i, ver in enumerate(["3.10", "3.11", "3.12", "3.13"]):
    for k, item in enumerate(json.load(open(os.path.join(corpus, ver + ".json"), encoding="utf-8"))):
        if k % 4 != i:  # a quarter of the corpus per version is plenty
            continue
        if "source_b64" in item:
            data, flags = base64.b64decode(item["source_b64"]), 4
        else:
            data, flags = item["source"].encode("utf-8", "surrogatepass"), 0
        with open(os.path.join(out, "seed-%05d" % n), "wb") as f:
            f.write(bytes([i | flags]) + data[:4096])
        n += 1
print("%d seeds in %s" % (n, out))
