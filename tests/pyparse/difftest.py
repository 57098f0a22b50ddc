#!/usr/bin/env python3
"""Differential test of api/pyparse.c against the installed CPythons.

Generates random sources (mutations of the corpus generator's valid programs,
several edits each), records what each interpreter's compile() raises, runs
the C driver over the result and prints every disagreement. Use it to find
inputs the golden corpus does not cover yet; add the interesting ones to
tools/gen_syntax_corpus.py.

Usage: tests/pyparse/difftest.py [--n 2000] [--seed 1] [--edits 3] [--versions 3.10,3.13]
       (needs /tmp/pyparse-build/test_corpus: make -C tests/pyparse)
"""

import argparse
import importlib.util
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import tokenize

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

spec = importlib.util.spec_from_file_location("gen", os.path.join(ROOT, "tools", "gen_syntax_corpus.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

EXTRA_VOCAB = ["(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "*", "**", "lambda", "for", "in", "if", "else",
               "not", "and", "or", "is", "del", "yield", "await", "async", "with", "as", "try", "except",
               "finally", "while", "def", "class", "return", "global", "nonlocal", "import", "from", "pass",
               "break", "continue", "raise", "assert", "@", "->", ":=", "...", "'x'", "b'x'", "f'{x}'", "1",
               "1.5", "1j", "None", "True", "False", "\n", "\n    ", "\\\n", ";", "+", "-", "~", "<", ">",
               "==", "!=", "%", "//", "<<", "|", "&", "^", "match", "case", "_", "type", "print"]


def mutate(rng, src, edits):
    for _ in range(edits):
        try:
            toks = [t for t in tokenize.generate_tokens(io.StringIO(src).readline)
                    if t.type not in (tokenize.ENDMARKER, tokenize.DEDENT) and t.string]
        except (tokenize.TokenError, SyntaxError, IndentationError, ValueError):
            toks = []
        lines = src.splitlines(keepends=True) or [""]
        offs = [0]
        for ln in lines:
            offs.append(offs[-1] + len(ln))
        if toks:
            t = rng.choice(toks)
            s = offs[t.start[0] - 1] + t.start[1] if t.start[0] - 1 < len(offs) else len(src)
            e = offs[t.end[0] - 1] + t.end[1] if t.end[0] - 1 < len(offs) else len(src)
        else:
            s = e = rng.randrange(len(src) + 1)
        k = rng.randrange(5)
        w = rng.choice(EXTRA_VOCAB + gen.MUT_VOCAB)
        if k == 0:
            src = src[:s] + src[e:]
        elif k == 1:
            src = src[:s] + w + rng.choice(["", " "]) + src[s:]
        elif k == 2:
            src = src[:s] + w + src[e:]
        elif k == 3 and toks:
            t2 = rng.choice(toks)
            s2 = offs[t2.start[0] - 1] + t2.start[1] if t2.start[0] - 1 < len(offs) else len(src)
            e2 = offs[t2.end[0] - 1] + t2.end[1] if t2.end[0] - 1 < len(offs) else len(src)
            frag = src[s2:e2]
            src = src[:s] + frag + " " + src[s:]
        else:
            pos = rng.randrange(len(src) + 1)
            src = src[:pos] + rng.choice([" ", "\n", "\t", "  ", "#", "\\"]) + src[pos:]
    return src


def doctest_snippets():
    """The >>> examples of every installed version's test_syntax.py and friends:
    CPython's own catalogue of syntax errors."""
    import glob
    out = set()
    for f in sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[0-3].*/lib/python3.1*/test/test_*.py"))):
        if not any(k in f for k in ("syntax", "exceptions", "grammar", "fstring", "eof", "string_literals",
                                    "unicode_ident", "positional_only", "patma", "compile", "keywordonly",
                                    "genexps", "named_expressions", "global", "type_params", "except_star")):
            continue
        try:
            text = open(f, encoding="utf-8").read()
        except (OSError, UnicodeDecodeError):
            continue
        cur = []
        for line in text.splitlines():
            t = line.strip()
            if t.startswith(">>> "):
                if cur:
                    out.add("\n".join(cur))
                cur = [t[4:]]
            elif t.startswith("... ") or t == "...":
                cur.append(t[4:])
            else:
                if cur:
                    out.add("\n".join(cur))
                cur = []
        # string literals passed to compile()/exec() in the tests
        import ast
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and 0 < len(node.value) < 400:
                out.add(node.value)
    return sorted(out)


def stdlib_windows(rng, n):
    """Windows of consecutive lines from the stdlib: valid and half-cut code."""
    import glob
    files = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.11.*/lib/python3.11/*.py")))
    out = []
    while len(out) < n:
        f = rng.choice(files)
        try:
            lines = open(f, encoding="utf-8").read().splitlines(keepends=True)
        except (OSError, UnicodeDecodeError):
            continue
        if not lines:
            continue
        a = rng.randrange(len(lines))
        out.append("".join(lines[a:a + rng.randint(1, 12)]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--edits", type=int, default=3)
    ap.add_argument("--versions", default="3.10,3.11,3.12,3.13")
    ap.add_argument("--driver", default="/tmp/pyparse-build/test_corpus")
    ap.add_argument("--show", type=int, default=40)
    ap.add_argument("--save", help="write the generated corpus files to this directory")
    ap.add_argument("--source", default="subset", choices=["subset", "doctest", "stdlib"],
                    help="what to mutate: the subset's programs, CPython's test snippets, stdlib lines")
    ap.add_argument("--raw", action="store_true", help="also keep the unmutated sources")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    if args.source == "doctest":
        progs = doctest_snippets()
    elif args.source == "stdlib":
        progs = stdlib_windows(rng, max(200, args.n // 4))
    else:
        progs = gen.valid_programs(random.Random(gen.SEED))
    srcs = set()
    if args.raw:
        for s in progs[:args.n]:
            srcs.add(s)
    while len(srcs) < args.n:
        s = mutate(rng, rng.choice(progs), rng.randint(0 if args.raw else 1, args.edits))
        try:
            s.encode("utf-8")
        except UnicodeEncodeError:
            continue
        if "\0" in s:
            continue
        srcs.add(s)
    items = [{"source": s} for s in sorted(srcs)]
    pythons = gen.find_pythons([])
    out = args.save or tempfile.mkdtemp(prefix="pyparse-diff-")
    os.makedirs(out, exist_ok=True)
    versions = args.versions.split(",")
    for v in versions:
        errs = gen.record(pythons[v], items)
        with open(os.path.join(out, v + ".json"), "w") as fh:
            json.dump([dict(it, error=e) for it, e in zip(items, errs)], fh)
    res = subprocess.run([args.driver, "-v", "-n", str(args.show), out] + versions, stdout=subprocess.PIPE,
                         text=True)
    print(res.stdout)
    print("corpus in", out, file=sys.stderr)


if __name__ == "__main__":
    main()
