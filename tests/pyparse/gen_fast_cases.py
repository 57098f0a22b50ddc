#!/usr/bin/env python3
"""Random sources for tests/pyparse/test_fast.c: the simple statements the
parser's fast path reads (expression statements, assignments, del, import,
pass) with every expression form of its grammar, odd spacing, brackets over
several lines, comments, line continuations, every literal prefix and number
form, and a share of near misses (invalid targets, stray tokens, f-strings,
slices, starred items, conditionals) that must go to the two-pass parse.
Both parsers must give the same outcome for each file.

    gen_fast_cases.py OUTDIR [--files 200] [--stmts 40] [--seed 1]
    gen_fast_cases.py OUTDIR --exec-cases   (the sources of tests/exec/cases.py)
"""
import argparse
import os
import random

NAMES = ["a", "b", "x", "y", "obj", "match", "case", "_", "type", "print", "Node", "sys", "gc", "d", "L", "é"]
NUMBERS = ["0", "1", "42", "257", "-5", "0x1F", "0o17", "0b101", "1_000", "3.14", "1e10", "2.5e-3", ".5", "5.",
           "1j", "2.5J", "0_0", "123456789012345678901234567890", "1__0", "09", "0x"]
STRINGS = ["'s'", '"t"', "'hello world'", "b'by'", "rb'\\d'", "r'\\n'", "u'u'", "'''tri\nple'''", '"""x"""',
           "'a\\tb\\n'", "'\\x41\\u00e9'", "'caf\\xe9'", "b'\\x00\\xff'", "'\\N{DASH}'", "f'{x}'", "'\\q'", "''",
           "'é'", "B'x'", "Rb'y'", "'unterminated"]
BINOPS = ["+", "-", "*", "/", "//", "%", "@", "**", "<<", ">>", "&", "|", "^"]
CMPOPS = ["==", "!=", "<", "<=", ">", ">=", "in", "not in", "is", "is not", "<>"]
NEAR_MISS = ["a if b else c", "lambda: 1", "*a", "a[1:2]", "a[1, 2]", "(yield)", "await x", "f(*a)", "f(**k)",
             "[i for i in a]", "(x := 1)", "f(a=1, b)", "not", "a not b", "{**d}", "{1: 2, 3}", "f(x for x in y)"]


class Gen:
    def __init__(self, rng):
        self.rng = rng

    def sp(self):
        return self.rng.choice(["", " ", " ", "  ", "\t", " \\\n "])

    def atom(self, depth):
        r = self.rng.random()
        if depth > 4 or r < 0.3:
            return self.rng.choice(NAMES + ["None", "True", "False", "..."])
        if r < 0.45:
            return self.rng.choice(NUMBERS[:-3] if self.rng.random() < 0.97 else NUMBERS)
        if r < 0.55:
            n = 1 if self.rng.random() < 0.8 else self.rng.randint(2, 3)
            pool = STRINGS[:-8] if self.rng.random() < 0.95 else STRINGS
            return " ".join(self.rng.choice(pool) for _ in range(n))
        if r < 0.7:
            k = self.rng.randint(0, 3)
            items = [self.expr(depth + 1) for _ in range(k)]
            inner = ("," + self.ws()).join(items) + ("," if items and self.rng.random() < 0.3 else "")
            return self.rng.choice(["(%s)", "[%s]", "{%s}"]) % inner if k != 1 or self.rng.random() < 0.5 else \
                "(%s,)" % items[0]
        if r < 0.78:
            k = self.rng.randint(0, 3)
            inner = ", ".join("%s: %s" % (self.expr(depth + 1), self.expr(depth + 1)) for _ in range(k))
            return "{%s}" % inner
        if r < 0.995:
            return "(%s)" % self.expr(depth + 1)
        return self.rng.choice(NEAR_MISS)

    def ws(self):
        return self.rng.choice(["", " ", "\n", "\n    ", "  # c\n", " "])

    def primary(self, depth):
        e = self.atom(depth)
        if e[:1].isdigit() or e[:1] == ".":  # 1.x is a number's syntax error: (1).x
            e = "(%s)" % e
        for _ in range(self.rng.randint(0, 3) if depth < 5 else 0):
            r = self.rng.random()
            if r < 0.4:
                e += "." + self.rng.choice(NAMES[:8] + ["append", "items"])
            elif r < 0.75:
                args = [self.expr(depth + 1) for _ in range(self.rng.randint(0, 2))]
                kws = ["%s=%s" % (self.rng.choice(["sep", "end", "k", "generation"]), self.expr(depth + 1))
                       for _ in range(self.rng.randint(0, 2) if self.rng.random() < 0.4 else 0)]
                e += "(" + ", ".join(args + kws) + ("," if (args or kws) and self.rng.random() < 0.2 else "") + ")"
            else:
                e += "[%s]" % self.expr(depth + 1)
        return e

    def expr(self, depth=0):
        r = self.rng.random()
        if depth > 5 or r < 0.35:
            return self.primary(depth)
        if r < 0.55:
            right = self.expr(depth + 1)
            if right.startswith("not") or " and " in right or " or " in right:
                right = "(%s)" % right
            return self.primary(depth) + self.sp() + self.rng.choice(BINOPS) + self.sp() + right
        if r < 0.6:
            return self.rng.choice(["-", "+", "~", "- -", "-~"]) + self.primary(depth + 1)
        if r < 0.65:
            return self.rng.choice(["not ", "not not "]) + self.expr(depth + 1)
        if r < 0.8:
            parts = [self.primary(depth)]
            for _ in range(self.rng.randint(1, 3)):
                parts.append(self.rng.choice(CMPOPS[:-1] if self.rng.random() < 0.98 else CMPOPS))
                parts.append(self.primary(depth + 1))
            return " ".join(parts)
        if r < 0.92:
            return (" %s " % self.rng.choice(["and", "or"])).join(self.expr(depth + 1)
                                                                  for _ in range(self.rng.randint(2, 3)))
        if r < 0.85:
            return self.primary(depth)
        return self.primary(depth) + " ** " + self.rng.choice(["-", "", "~"]) + self.primary(depth + 1)

    def target(self):
        r = self.rng.random()
        if r < 0.5:
            return self.rng.choice(NAMES)
        if r < 0.7:
            return self.primary(2) + self.rng.choice([".x", "[0]", "['k']", ".y.z"])
        if r < 0.85:
            items = [self.target() for _ in range(self.rng.randint(0, 3))]
            fmt = self.rng.choice(["%s", "(%s)", "[%s]"])
            body = ", ".join(items) + ("," if items and (len(items) == 1 or self.rng.random() < 0.3) else "")
            return fmt % body if body or fmt != "%s" else "()"
        if r < 0.92:
            return "(%s)" % self.rng.choice(NAMES)
        return self.expr(1)  # mostly not a target

    def stmt(self):
        r = self.rng.random()
        if r < 0.3:
            return self.expr()
        if r < 0.6:
            targets = [self.target() for _ in range(1 if self.rng.random() < 0.8 else self.rng.randint(2, 3))]
            value = self.expr() if self.rng.random() < 0.8 else ", ".join(self.expr() for _ in range(2)) + \
                self.rng.choice(["", ","])
            return "".join(t + self.sp() + "=" + self.sp() for t in targets) + value
        if r < 0.75:
            return "del " + ", ".join(self.target() for _ in range(self.rng.randint(1, 3))) + \
                self.rng.choice(["", "", ","])
        if r < 0.82:
            return "import " + ", ".join(self.rng.choice(["gc", "sys", "weakref", "os.path", "x as y"])
                                         for _ in range(self.rng.randint(1, 3)))
        if r < 0.86:
            return "pass"
        if r < 0.93:
            return self.stmt().replace("\n", " ") + "; " + self.stmt().replace("\n", " ") + \
                self.rng.choice(["", ";"])
        if r < 0.96:
            return "class C%d:\n    pass\n" % self.rng.randint(0, 9)
        if r < 0.98:
            return self.target() + " " + self.rng.choice(["+=", ":", ": int ="]) + " " + self.expr()
        return self.expr() + self.rng.choice([" x", " (", ")", " =", " = =", " :"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--stmts", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--exec-cases", action="store_true")
    a = ap.parse_args()
    if a.exec_cases:
        import sys
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "exec"))
        import cases
        os.makedirs(a.outdir, exist_ok=True)
        sources = [src for _, src in cases.CASES] + cases.UNSUPPORTED + cases.SYNTAX
        for i, src in enumerate(sources):
            with open(os.path.join(a.outdir, "exec%03d.py" % i), "w", encoding="utf-8") as f:
                f.write(src)
        return
    rng = random.Random(a.seed)
    g = Gen(rng)
    os.makedirs(a.outdir, exist_ok=True)
    for i in range(a.files):
        # one statement per file in a quarter of them: a near miss then spoils nothing else
        n = 1 if i % 4 else rng.randint(1, a.stmts)
        lines = []
        for _ in range(n):
            s = g.stmt()
            lines.append(s)
            if rng.random() < 0.1:
                lines.append("# a comment")
            if rng.random() < 0.05:
                lines.append("")
        with open(os.path.join(a.outdir, "f%04d.py" % i), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + rng.choice(["\n", "", "\n\n"]))


if __name__ == "__main__":
    main()
