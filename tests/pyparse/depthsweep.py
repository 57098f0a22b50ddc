#!/usr/bin/env python3
"""Nesting-depth sweep of the parser's rule-frame limit (MAXSTACK = 6000).

CPython's generated parser (Parser/parser.c) counts one frame for every rule
function it enters -- named rules, and the artificial _tmp_N (a group),
_loop0_N / _loop1_N (a repetition) and _gather_N (','.x+) rules -- and raises
MemoryError ("Parser stack overflowed", 3.12+; bare on 3.10/3.11) past 6,000,
in its first pass or in the error pass that reruns it with the invalid_*
rules. heapd's parser (api/pyparse_gram.c) must count the same frames.

For each shape (a statement context around a nested expression) and each
version, this finds by binary search the smallest nesting depth at which
compile() raises MemoryError, in CPython and in heapd's parser
(pyparse_cli --batch: pyparse(), the parser behind POST /v1/sessions/{sid}/exec),
and reports where they differ; where they agree, the outcomes one level below
(type and message) are compared too. "pad-" shapes put k unary minus signs
(a factor frame each) before an expression of fixed nesting: their threshold
in k tells the exact number of frames on the deepest path, not only the
depth that crosses 6,000.

    depthsweep.py [--cli PATH] [--versions 3.10,3.13] [--only SUBSTR] [-v]
        measures CPython ($(pyenv root)/versions/3.1X*/bin/python) and heapd
    depthsweep.py --write FILE [--no-heapd]
        also keeps CPython's thresholds in FILE (merged; --no-heapd: CPython only,
        the shapes FILE lacks)
    depthsweep.py --check FILE
        heapd against FILE's thresholds, no CPython (make -C tests/pyparse sweep,
        with depthsweep.expected.json)
    depthsweep.py --check FILE --corpus DIR
        writes the sources one level below and at each threshold (the small
        ones), with CPython's errors, as a test_corpus directory (depth-corpus/)
    depthsweep.py --list
        the shapes, each at depth 3

Exit status 1 when a shape differs. A shape on which CPython crashes
(3.12/3.13's compiler on some deep valid sources, SIGSEGV) is compared by
its threshold only.
"""
import argparse
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VERSIONS = ["3.10", "3.11", "3.12", "3.13"]

# ---------------------------------------------------------------- shapes


def wrap(o, c, atom="x"):
    return lambda n: o * n + atom + c * n


# nesting name -> (n -> expression text, maximum n searched)
NESTINGS = {
    "paren": (wrap("(", ")"), 199),
    "paren-tuple": (wrap("(", ")", "1,"), 199),
    "tuple": (wrap("(", ",)"), 199),
    "list": (wrap("[", "]"), 199),
    "set": (wrap("{", "}"), 199),
    "dict": (wrap("{1: ", "}", "..."), 199),
    "dict-key": (wrap("{", ": 1}"), 199),
    "call": (wrap("f(", ")"), 199),
    "call-kw": (wrap("f(a=", ")"), 199),
    "call-star": (wrap("f(*", ")"), 199),
    "subscript": (wrap("a[", "]"), 199),
    "slice": (wrap("a[1:", "]"), 199),
    "neg-paren": (wrap("-(", ")"), 199),
    "not-paren": (wrap("not (", ")"), 199),
    "await-paren": (wrap("await (", ")"), 199),
    "add-paren": (wrap("a + (", ")"), 199),
    "mul-paren": (wrap("a * (", ")"), 199),
    "pow-paren": (wrap("a ** (", ")"), 199),
    "or-paren": (wrap("a or (", ")"), 199),
    "cmp-paren": (wrap("a < (", ")"), 199),
    "in-paren": (wrap("a in (", ")"), 199),
    "notin-paren": (wrap("a not in (", ")"), 199),
    "walrus": (wrap("(y := ", ")"), 199),
    "ifexp": (wrap("(a if b else ", ")"), 199),
    "lambda-paren": (wrap("(lambda: ", ")"), 199),
    "listcomp": (wrap("[y for y in ", "]"), 199),
    "genexp": (wrap("(y for y in ", ")"), 199),
    "setcomp-if": (wrap("{y for y in z if ", "}"), 199),
    "dictcomp": (wrap("{y: z for y in ", "}"), 199),
    "starred-list": (wrap("[*", "]"), 199),
    "neg": (wrap("-", ""), 7000),
    "not": (wrap("not ", ""), 7000),
    "invert": (wrap("~", ""), 7000),
    "lambda": (wrap("lambda: ", ""), 7000),
    "pow": (wrap("a ** ", ""), 7000),
    "ifexp-chain": (wrap("a if b else ", ""), 7000),
    "await": (wrap("await ", ""), 7000),
    "fstring": (lambda n: 'f"{' * n + "x" + '}"' * n, 149),
    "fstring-spec": (lambda n: 'f"{x:{' * n + "x" + '}}"' * n, 149),
    "subscript-tuple": (wrap("a[1, ", "]"), 199),
    "call-dstar": (wrap("f(**", ")"), 199),
    "call-pos-kw": (wrap("f(1, a=", ")"), 199),
    "dict-dstar": (wrap("{**", "}"), 199),
    "list-2": (wrap("[1, ", "]"), 199),
    "set-2": (wrap("{1, ", "}"), 199),
    "tuple-2": (wrap("(1, ", ")"), 199),
    "lambda-default": (wrap("(lambda a=", ": 1)"), 199),
    "listcomp-iter2": (wrap("[y for y in z for w in ", "]"), 199),
    "genexp-arg": (wrap("f(y for y in ", ")"), 199),
    "and-paren": (wrap("a and (", ")"), 199),
    "not-in-chain": (wrap("a not in b in (", ")"), 199),
    "yield-paren": (wrap("(yield ", ")"), 199),
    "starred-call": (wrap("f(*a, *", ")"), 199),
}

# The match statement's patterns (patterns, or_pattern's '|'.closed_pattern+ gather, the
# sequence/mapping/class patterns' gathers and loops), nested up to 199 levels: they never reach
# 6,000 frames alone (fewer than 30 a level), but the error pass's invalid_as_pattern reads an
# expression after `as` (`case 1 as -x:`), whose unary minus signs are counted on top of the
# patterns' frames ("as-pad" shapes: exact frame counts of each nesting).
PATTERNS = {  # name -> (opening, closing) around the inner pattern
    "pat-group": ("(", ")"),
    "pat-list": ("[", "]"),
    "pat-list-2": ("[1, ", "]"),
    "pat-list-star": ("[*a, ", "]"),
    "pat-tuple": ("(", ",)"),
    "pat-tuple-2": ("(1, ", ")"),
    "pat-map": ("{1: ", "}"),
    "pat-map-2": ("{1: 2, 3: ", "}"),
    "pat-map-rest": ("{1: ", ", **r}"),
    "pat-class": ("C(", ")"),
    "pat-class-2": ("C(1, ", ")"),
    "pat-class-kw": ("C(a=", ")"),
    "pat-class-kw-2": ("C(b=1, a=", ")"),
    "pat-class-pos-kw": ("C(1, a=", ")"),
    "pat-or": ("(1 | ", ")"),
    "pat-or-2": ("(1 | 2 | ", ")"),
    "pat-as": ("(", " as y)"),
    "pat-dotted-class": ("a.b.C(", ")"),
}
# pattern context name -> statement template around the pattern E
PATTERN_CONTEXTS = {
    "case": "match x:\n    case {E}: pass\n",
    "case-open": "match x:\n    case 1, {E}: pass\n",
    "case-guard": "match x:\n    case {E} if y: pass\n",
    "case-second": "match x:\n    case 1: pass\n    case {E}: pass\n",
    "case-error": "match x:\n    case {E} $: pass\n",
    "case-unclosed": "match x:\n    case ({E}: pass\n",
}

# context name -> statement template around the expression E
CONTEXTS = {
    "expr": "{E}\n",
    "assign": "x = {E}\n",
    "set-target": "{{a}} = {E}\n",
    "binop-target": "a + b = {E}\n",
    "dict-target": "{{a: b}} = {E}\n",
    "ellipsis-target": "... = {E}\n",
    "call-target": "f() = {E}\n",
    "nested-target": "{E} = 1\n",
    "augassign": "x += {E}\n",
    "augassign-target": "{E} += 1\n",
    "del": "del {E}\n",
    "for-iter": "for x in {E}: pass\n",
    "for-target": "for {E} in x: pass\n",
    "with": "with {E} as (): pass\n",
    "walrus-target": "(a.b := {E})\n",
    "trailing-error": "{E} $\n",
    "unclosed": "({E}\n",
    "in-block": "if 1:\n    {{a}} = {E}\n",
    "return": "def f():\n    return {E}\n",
    "yield-target": "(yield) = {E}\n",
    "import-error": "import a, {E}\n",
    "match-subject": "match {E}:\n    case 1: pass\n",
    "match-subject-tuple": "match a, {E}:\n    case 1: pass\n",
    "match-guard": "match x:\n    case 1 if {E}: pass\n",
    "match-value": "match x:\n    case a.b:\n        {{a}} = {E}\n",
    "match-as-expr": "match x:\n    case 1 as {E}: pass\n",
    "from-import-error": "from . import (a, b), {E}\n",
    "import-in-block": "import a.b as c, d\nfrom .. e import (f as g, h,)\nif 1:\n    {{a}} = {E}\n",
}

# Every nesting in these contexts (the others: the nestings marked below).
FULL_CONTEXTS = ["expr", "set-target", "binop-target", "dict-target", "ellipsis-target", "nested-target",
                 "del", "for-target", "augassign-target", "trailing-error", "in-block"]
SOME_NESTINGS = ["paren", "paren-tuple", "set", "dict", "call", "neg", "lambda", "listcomp"]


def padded(n, inner):
    return lambda k: "-" * k + inner(n)


def shapes():
    out = []
    for cname in CONTEXTS:
        for nname, (f, hi) in NESTINGS.items():
            if cname not in FULL_CONTEXTS and nname not in SOME_NESTINGS:
                continue
            out.append((cname + "/" + nname, CONTEXTS[cname], f, hi))
    for cname, template in PATTERN_CONTEXTS.items():
        for pname, (o, c) in PATTERNS.items():
            out.append((cname + "/" + pname, template, wrap(o, c), 199))
    for pname, (o, c) in PATTERNS.items():
        for n in (20, 150):
            out.append(("case/as-pad-%s%d" % (pname, n), PATTERN_CONTEXTS["case"],
                        (lambda o, c, n: lambda k: o * n + "1 as " + "-" * k + "y" + c * n)(o, c, n), 7000))
    # Padded: k frames (unary minus) before a fixed nesting: exact frame counts.
    for cname in ["expr", "set-target", "binop-target", "dict-target", "ellipsis-target", "in-block",
                  "trailing-error", "del", "nested-target", "match-subject", "match-guard", "match-value",
                  "match-as-expr"]:
        for nname in ["paren", "paren-tuple", "set", "dict", "list", "call"]:
            for n in (20, 150):
                f = NESTINGS[nname][0]
                out.append(("%s/pad-%s%d" % (cname, nname, n), CONTEXTS[cname], padded(n, f), 7000))
    return out


def source(template, f, n):
    return template.replace("{{", "\0").replace("}}", "\1").replace("{E}", f(n)).replace(
        "\0", "{").replace("\1", "}")


# ---------------------------------------------------------------- runners

WORKER = r"""
import sys, json
for line in sys.stdin:
    src = json.loads(line)
    try:
        compile(src, '<s>', 'exec')
        out = 'ok'
    except BaseException as e:
        out = type(e).__name__ + ': ' + str(getattr(e, 'msg', None) or e)
    sys.stdout.write(json.dumps(out) + '\n')
    sys.stdout.flush()
"""


class CPython:
    def __init__(self, version):
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip() or \
            os.path.expanduser("~/.pyenv")
        exe = sorted(glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python")))
        if not exe:
            raise SystemExit("no CPython %s under %s/versions" % (version, root))
        self.exe = exe[-1]
        self.start()

    def start(self):
        self.proc = subprocess.Popen([self.exe, "-c", WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)

    def __call__(self, src):
        self.proc.stdin.write(json.dumps(src) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if line:
            return json.loads(line)
        # the interpreter crashed (3.12's compiler on some deep valid trees): a new one for the next source
        rc = self.proc.wait()
        self.start()
        return "crash (%d)" % rc


class Heapd:
    """pyparse_cli VERSION --batch: heapd's parser (api/pyparse*.c), one process for every source"""

    def __init__(self, cli, version):
        self.proc = subprocess.Popen([cli, version, "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()

    def __call__(self, src):
        data = src.encode("utf-8", "surrogatepass")
        self.proc.stdin.write(b"%d\n" % len(data) + data)
        self.proc.stdin.flush()
        out = self.proc.stdout.readline().decode("utf-8", "replace").strip()
        if not out:
            raise SystemExit("pyparse_cli --batch ended (crashed?) on %r" % src[:200])
        if out.startswith("valid") or out.startswith("unsupported"):
            return "ok"
        # "Type: msg (lineno, offset, ...)"
        if out.endswith(")") and " (" in out:
            out = out[:out.rindex(" (")]
        return out


def is_overflow(outcome):
    return outcome.startswith("MemoryError")


def threshold(run, template, f, hi):
    """Smallest n in [1, hi] whose outcome is MemoryError (None: none)."""
    cache = {}

    def at(n):
        if n not in cache:
            cache[n] = run(source(template, f, n))
        return cache[n]

    if not is_overflow(at(hi)):
        return None, at(hi)
    lo, top = 0, hi  # outcome(lo) is no overflow (lo=0: not run), outcome(top) is
    while top - lo > 1:
        mid = (lo + top) // 2
        if is_overflow(at(mid)):
            top = mid
        else:
            lo = mid
    return top, at(top - 1) if top > 1 else "-"


def norm(outcome):
    # 3.10/3.11 MemoryError has no message; heapd's CLI prints the same.
    return outcome.strip()


RECORDER = r"""
import json, sys, warnings
warnings.simplefilter("ignore")
out = []
for item in json.load(sys.stdin):
    try:
        compile(item["source"], "<exec>", "exec")
        out.append(None)
    except BaseException as e:
        msg = e.msg if isinstance(e, SyntaxError) else str(e)
        out.append({"type": type(e).__name__, "msg": msg, "lineno": getattr(e, "lineno", None),
                    "offset": getattr(e, "offset", None), "end_lineno": getattr(e, "end_lineno", None),
                    "end_offset": getattr(e, "end_offset", None)})
json.dump(out, sys.stdout)
"""

# The boundary corpus (--corpus): the shapes whose sources stay small, and the padded
# ones of these contexts, one level below CPython's threshold and at it.
CORPUS_PADDED = ["set-target", "ellipsis-target", "in-block"]
CORPUS_UNBOUNDED = ["expr/neg", "set-target/neg", "trailing-error/neg", "with/neg", "walrus-target/neg",
                    "unclosed/neg", "assign/neg"]


def write_corpus(directory, versions, expected, todo):
    os.makedirs(directory, exist_ok=True)
    for v in versions:
        sources = []
        for name, template, f, hi in todo:
            ctx, nest = name.split("/")
            t = expected.get(v + " " + name, [None])[0]
            if t is None:
                continue
            if hi > 199 and not ((nest.startswith("pad-") and nest.endswith("20") and ctx in CORPUS_PADDED)
                                 or name in CORPUS_UNBOUNDED):
                continue
            sources += [source(template, f, n) for n in (t - 1, t) if n > 0]
        exe = CPython(v).exe
        res = subprocess.run([exe, "-c", RECORDER], input=json.dumps([{"source": x} for x in sources]),
                             capture_output=True, text=True)
        errors = json.loads(res.stdout)
        with open(os.path.join(directory, v + ".json"), "w") as fh:
            json.dump([{"source": x, "error": e} for x, e in zip(sources, errors)], fh, indent=0,
                      ensure_ascii=False)
            fh.write("\n")
        print("%s: %d sources in %s" % (v, len(sources), directory))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="/tmp/pyparse-build/pyparse_cli")
    ap.add_argument("--versions", default=",".join(VERSIONS))
    ap.add_argument("--only", default="")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--write", help="write CPython's thresholds to this file")
    ap.add_argument("--check", help="compare heapd with the thresholds in this file (no CPython run)")
    ap.add_argument("--no-heapd", action="store_true", help="with --write: measure CPython only")
    ap.add_argument("--corpus", help="with --check: write the sources at each threshold, with CPython's errors, "
                    "as a test_corpus directory (tests/pyparse/depth-corpus)")
    ap.add_argument("-v", action="store_true", help="print every shape")
    a = ap.parse_args()
    versions = a.versions.split(",")
    todo = [s for s in shapes() if a.only in s[0]]
    if a.list:
        for name, template, f, hi in todo:
            print(name, repr(source(template, f, 3)))
        return 0
    expected = {}
    if a.check:
        with open(a.check) as fh:
            expected = json.load(fh)
    if a.corpus:
        write_corpus(a.corpus, versions, expected, todo)
        return 0
    written = {}
    if a.write and os.path.exists(a.write):
        with open(a.write) as fh:
            written = json.load(fh)  # merged: --versions may measure some versions only
    bad = 0
    for v in versions:
        cp = None if a.check else CPython(v)
        hd = Heapd(a.cli, v)
        nbad = 0
        for name, template, f, hi in todo:
            key = v + " " + name
            if a.check:
                if key not in expected:
                    continue
                tc, below_c = expected[key]
            elif a.no_heapd and key in written:
                continue  # measured before
            else:
                tc, below_c = threshold(cp, template, f, hi)
                written[key] = [tc, below_c]
                if a.no_heapd:
                    continue
            th, below_h = threshold(hd, template, f, hi)
            # CPython 3.12/3.13's compiler crashes (SIGSEGV) on some deep valid sources: no parser verdict
            crashed = below_c.startswith("crash")
            diff = tc != th or (norm(below_c) != norm(below_h) and not crashed)
            if diff or a.v:
                print("%s %-40s cpython %-5s heapd %-5s%s" % (v, name, tc, th, "  DIFF" if diff else ""))
                if diff and norm(below_c) != norm(below_h):
                    print("      below: cpython %r\n             heapd   %r" % (below_c[:100], below_h[:100]))
            nbad += diff
        if cp:
            cp.proc.stdin.close()
            cp.proc.wait()
        hd.close()
        print("%s: %d shapes, %d differ" % (v, len(todo), nbad), flush=True)
        bad += nbad
    if a.write:
        with open(a.write, "w") as fh:
            json.dump(written, fh, indent=0, sort_keys=True)
            fh.write("\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
