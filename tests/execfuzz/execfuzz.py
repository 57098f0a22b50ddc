#!/usr/bin/env python3
"""Differential fuzzing of POST .../exec against real CPython: random
programs of gen.py, each run through heapd in both modes ("module",
"statements") and through a fresh `PYTHONHASHSEED=0 python3` of the same
version per mode (runner.py); every observable compared (engine.py).

    python3 execfuzz.py --seconds 600 --versions 3.10,3.11,3.12,3.13 [--seed N] [--asan]

A crash (heapd gone, a 5xx, an answer slower than 2 s; 20 s with --asan) or
a mismatch is minimised (delta debugging over top-level statements) into
found/<version>-<mode>-<hash>.json; a program with a construct outside the
subset must answer 422 unsupported in both modes and leave the session
untouched.  Self-inconsistent CPython output (two runs differ) and
programs where CPython collected automatically are skipped.  The figures
of each version go to campaigns.jsonl.  Exit 1 on a crash or a mismatch."""
import argparse
import collections
import datetime
import hashlib
import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import engine as E  # noqa: E402
import gen as G  # noqa: E402

STOP = False


def ddmin(items, holds, deadline, stopped=lambda: False):
    """Delta debugging (complements, ddmin): the smallest list of items found
    for which holds(list) is true, trying until deadline (or stopped()).  Also
    used by tests/scriptfuzz."""
    n = 2
    while len(items) >= 2 and time.time() < deadline and not stopped():
        chunk = max(1, len(items) // n)
        reduced = False
        for i in range(0, len(items), chunk):
            comp = items[:i] + items[i + chunk:]
            if holds(comp):
                items = comp
                n = max(n - 1, 2)
                reduced = True
                break
        if not reduced:
            if n >= len(items):
                break
            n = min(len(items), n * 2)
    return items


def stop(signum, frame):
    global STOP
    STOP = True


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def signature(verdict, detail):
    """what "the same finding" means while minimising"""
    if verdict == "crash":
        return ("crash",)
    if verdict == "unsupported-missed":
        return ("unsupported-missed",)
    where = detail[0][0]
    if where.startswith("statement"):
        where = where.rsplit(".", 1)[-1] if "`." in where else "value"
    return (verdict, where)


class Campaign:
    def __init__(self, version, mode_list, asan, seed, seconds, out, min_seconds):
        self.version = version
        self.modes = mode_list
        self.python = E.find_python(version)
        if not self.python:
            raise RuntimeError("CPython %s is not installed" % version)
        self.asan = asan
        self.seed = seed
        self.seconds = seconds
        self.out = out
        self.min_seconds = min_seconds
        if asan:
            E.DE.REQUEST_LIMIT = float(os.environ.get("DIFFFUZZ_REQUEST_LIMIT", "20"))
        self.srv = E.server(asan=asan)
        self.stats = collections.Counter()
        self.constructs = collections.Counter()
        self.findings = []

    def check(self, stmts, mode, injected):
        """-> (verdict, detail) for one program in one mode"""
        source = "\n".join(stmts) + "\n"
        try:
            verdict, detail = E.judge(self.srv, self.python, self.version, source, mode)
        except E.HeapdCrash as e:
            tail = self.srv.log_tail(3000)
            self.srv.restart()
            return "crash", [("crash", str(e), tail)]
        if verdict in ("invalid", "mismatch") and detail and isinstance(detail, list) and detail[0][0] == "syntax_error":
            return verdict, detail
        if verdict == "invalid":
            self.constructs["invalid: " + detail["raw"]["error"].get("message", "?")[:80]] += 1
            return verdict, detail
        if injected:
            if verdict != "unsupported" or (detail.get("names") if isinstance(detail, dict) else None):
                return "unsupported-missed", [("unsupported", "422 unsupported", str(detail)[:500])]
            return "pass", None
        if verdict == "unsupported":
            self.constructs[detail["raw"]["error"].get("construct", "?")[:80]] += 1
        if verdict == "refused":
            self.constructs["refused: " + json.dumps(detail["raw"])[:120]] += 1
        return verdict, detail

    def minimise(self, stmts, mode, injected, sig):
        deadline = time.time() + self.min_seconds
        items = list(stmts)
        tests = 0

        def holds(cand):
            nonlocal tests
            tests += 1
            if time.time() > deadline or STOP:
                return False
            try:
                compile("\n".join(cand) + "\n", "<m>", "exec")
            except SyntaxError:
                return False
            inj = injected and any(s == injected for s in cand)
            v, d = self.check(cand, mode, inj)
            return v not in ("pass", "skip", "unsupported", "refused", "invalid") and signature(v, d) == sig
        items = ddmin(items, lambda comp: bool(comp) and holds(comp), deadline, lambda: STOP)
        return items, tests

    def record(self, stmts, mode, injected, verdict, detail, seed_i):
        sig = signature(verdict, detail)
        small, tests = self.minimise(stmts, mode, injected, sig)
        source = "\n".join(small) + "\n"
        inj = injected if injected in small else None
        v, d = self.check(small, mode, inj)
        if v not in ("mismatch", "crash", "unsupported-missed"):  # CPython disagreed with itself after all
            self.stats["flaky"] += 1
            log("%s %s: %s not reproduced once minimised (%s): not kept" % (self.version, mode, verdict, v))
            return
        h = hashlib.sha1(("%s|%s|%s" % (self.version, mode, source)).encode()).hexdigest()[:10]
        name = "%s%s-%s-%s.json" % ("crash-" if verdict == "crash" else "", self.version, mode, h)
        case = {"version": self.version, "mode": mode, "source": source, "verdict": v, "signature": list(sig),
                "unsupported": inj is not None, "seed": self.seed, "program": seed_i,
                "original_statements": len(stmts), "statements": len(small), "minimise_tests": tests,
                "detail": json.loads(json.dumps(d, default=str)) if d else None}
        os.makedirs(self.out, exist_ok=True)
        with open(os.path.join(self.out, name), "w") as f:
            json.dump(case, f, indent=1, ensure_ascii=False)
        self.findings.append(name)
        log("%s %s: %s -> %s (%d statements, %d tests)" % (self.version, mode, verdict, name, len(small), tests))
        log("   " + source.replace("\n", "\n    ")[:1500])
        for x in (d or [])[:4]:
            log("   ", json.dumps(x, default=str, ensure_ascii=False)[:600])

    def run(self):
        try:
            return self._run()
        finally:
            self.srv.stop()

    def _run(self):
        t_end = time.time() + self.seconds
        i = 0
        seen = set()
        while time.time() < t_end and not STOP:
            i += 1
            seed_i = self.seed * 1000003 + i
            g = G.Gen(seed_i)
            stmts = g.program()
            injected = g.injected
            self.stats["programs"] += 1
            if injected:
                self.stats["with_unsupported"] += 1
            for mode in self.modes:
                v, d = self.check(stmts, mode, injected)
                self.stats[v] += 1
                self.stats["runs"] += 1
                if v == "skip":
                    self.stats["skip: " + ("automatic collection" if "automatic" in d else "instrumentation nesting"
                                                if "instrumented" in d else "self-inconsistent")] += 1
                if v == "crash":
                    log("%s %s: crash: %s" % (self.version, mode, d[0][1]))
                if v in ("mismatch", "crash", "unsupported-missed"):
                    sig = (mode,) + signature(v, d)
                    self.stats["findings_" + v] += 1
                    if sig in seen and v != "crash":
                        continue
                    seen.add(sig)
                    self.record(stmts, mode, injected, v, d, seed_i)
            if i % 100 == 0:
                log("%s: %d programs, %s" % (self.version, i, dict(self.stats)))
        return self.stats


def commit():
    """the build the campaign copied: HEAD, "+dirty" when core/, api/ or server/ differ from it"""
    try:
        head = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", os.path.join(HERE, "..", ".."), "status", "--porcelain", "--",
                                "core", "api", "server"], capture_output=True, text=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except OSError:
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--versions", default="3.10,3.11,3.12,3.13")
    ap.add_argument("--modes", default="module,statements")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("--out", default=os.path.join(HERE, "found"))
    ap.add_argument("--min-seconds", type=float, default=120)
    ap.add_argument("--no-record", action="store_true")
    a = ap.parse_args()
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    bad = 0
    for v in a.versions.split(","):
        if STOP:
            break
        log("version %s, seed %d, %ss" % (v, a.seed, a.seconds))
        build = commit()
        c = Campaign(v, a.modes.split(","), a.asan, a.seed, a.seconds, a.out, a.min_seconds)
        t0 = time.time()
        stats = c.run()
        bad += stats["findings_mismatch"] + stats["findings_crash"] + stats["findings_unsupported-missed"]
        line = {"date": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), "version": v, "seed": a.seed,
                "asan": a.asan, "seconds": round(time.time() - t0), "commit": build, "stats": dict(stats),
                "findings": c.findings, "unsupported_constructs": c.constructs.most_common(12)}
        log(json.dumps(line))
        if not a.no_record:
            with open(os.path.join(HERE, "campaigns.jsonl"), "a") as f:
                f.write(json.dumps(line) + "\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
