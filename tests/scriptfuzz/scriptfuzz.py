#!/usr/bin/env python3
"""Round-trip fuzzing of GET .../script and the answers' "python" field:
random sequences (tests/difffuzz/gen.py operations, batches, refusals, ids;
tests/execfuzz/gen.py sources in both modes, some unsupported, some not
Python) run through heapd; the session's script runs in a fresh CPython of
its version (PYTHONHASHSEED=0) with tests/exec/recorder.py's recorder; every
answer must come out of it again (engine.compare).  A mismatch, a script
that raises, a crash (process gone, 5xx, a hang), a sanitizer report or a
refusal that changed the heap is a finding: minimised (delta debugging,
tests/execfuzz's ddmin) into found/.

    python3 tests/scriptfuzz/scriptfuzz.py --seconds 600 --versions 3.10,3.11,3.12,3.13 [--seed 1] [--asan]
"""
import argparse
import collections
import hashlib
import json
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import engine as E  # noqa: E402


def jtext(x, **kw):
    """json.dumps(ensure_ascii=False), a lone surrogate (gen.py's STRS) written as its JSON escape"""
    return json.dumps(x, ensure_ascii=False, **kw).encode("utf-8", "backslashreplace").decode("utf-8")


STOP = []


def log(*a):
    print(*a, flush=True)


class Campaign:
    def __init__(self, version, asan, seed, seconds, out, min_seconds):
        self.version = version
        self.python = E.find_python(version)
        if not self.python:
            raise RuntimeError("CPython %s is not installed" % version)
        if asan:
            E.DE.REQUEST_LIMIT = float(os.environ.get("DIFFFUZZ_REQUEST_LIMIT", "20"))
        self.asan = asan
        self.seed = seed
        self.seconds = seconds
        self.out = out
        self.min_seconds = min_seconds
        self.srv = E.DE.HeapdServer(asan=asan, binary=os.environ.get("HEAPD_BIN"),
                                    name="scriptfuzz-heapd%s-%d" % ("-asan" if asan else "", os.getpid()))
        self.stats = collections.Counter()
        self.seen = set()

    def check(self, case):
        try:
            return E.judge(self.srv, self.python, case)
        except E.HeapdCrash as e:
            tail = self.srv.log_tail(3000)
            self.srv.restart()
            return "crash", ["crash: %s" % e, tail]
        except RuntimeError as e:  # the recorder itself failed (CPython crashed or hung)
            return "harness", [str(e)[:1000]]

    def sanitizer(self):
        tail = self.srv.log_tail(20000)
        return "ERROR: AddressSanitizer" in tail or "runtime error:" in tail or "LeakSanitizer" in tail

    def record(self, case, verdict, problems, seed_i):
        sig = (verdict, E.signature(problems))
        if sig in self.seen:
            self.stats["duplicates"] += 1
            return
        self.seen.add(sig)
        tests = [0]

        def holds(c):
            tests[0] += 1
            if STOP:
                return False
            v, p = self.check(c)
            return v == verdict and (v == "crash" or E.signature(p) == sig[1])
        small = E.minimise(case, holds, time.time() + self.min_seconds, lambda: bool(STOP))
        v, p = self.check(small)
        if v != verdict:
            self.stats["not_reproduced"] += 1
            log("%s: %s not reproduced once minimised (%s)" % (self.version, verdict, v))
            return
        text = jtext(small["steps"])
        h = hashlib.sha1(("%s|%s" % (self.version, text)).encode()).hexdigest()[:10]
        name = "%s%s-%s.json" % ("crash-" if v == "crash" else "", self.version, h)
        found = dict(small, versions=[self.version], verdict=v, problems=p[:6], seed=self.seed, sequence=seed_i,
                     original_steps=len(case["steps"]), minimise_tests=tests[0], asan=self.asan)
        os.makedirs(self.out, exist_ok=True)
        with open(os.path.join(self.out, name), "w") as f:
            f.write(jtext(found, indent=1))
        log("%s: %s -> %s (%d steps, %d tests)" % (self.version, v, name, len(small["steps"]), tests[0]))
        log("   " + text[:1500])
        for x in p[:4]:
            log("   " + str(x)[:800])

    def run(self):
        t_end = time.time() + self.seconds
        i = 0
        try:
            while time.time() < t_end and not STOP:
                i += 1
                seed_i = self.seed * 1000003 + i
                case = E.generate(seed_i, self.version)
                self.stats["sequences"] += 1
                self.stats["steps"] += len(case["steps"])
                self.stats["sources"] += sum(1 for s in case["steps"] if "exec" in s)
                v, p = self.check(case)
                if v == "pass" and self.asan and self.sanitizer():
                    v, p = "crash", ["sanitizer report", self.srv.log_tail(3000)]
                self.stats[v] += 1
                if v == "skip":
                    self.stats["skip: " + p[0]] += 1
                if v in ("mismatch", "script", "crash", "harness"):
                    log("%s: sequence %d: %s: %s" % (self.version, seed_i, v, str(p[0])[:300]))
                    if v != "harness":
                        self.record(case, v, p, seed_i)
                if i % 50 == 0:
                    log("%s: %d sequences, %s" % (self.version, i, dict(self.stats)))
        finally:
            rc = self.srv.stop()
            if rc not in (0, None, -15):
                self.stats["crash"] += 1
                log("%s: heapd exited with %s" % (self.version, rc))
        return self.stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=600, help="per version")
    ap.add_argument("--versions", default="3.10,3.11,3.12,3.13")
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("--out", default=os.path.join(HERE, "found"))
    ap.add_argument("--min-seconds", type=float, default=120)
    a = ap.parse_args()
    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, lambda *x: STOP.append(1))
    bad = 0
    for v in a.versions.split(","):
        if STOP:
            break
        log("== %s%s, seed %d, %gs" % (v, " (ASan)" if a.asan else "", a.seed, a.seconds))
        st = Campaign(v, a.asan, a.seed, a.seconds, a.out, a.min_seconds).run()
        log("== %s%s: %s" % (v, " (ASan)" if a.asan else "", json.dumps(dict(st), sort_keys=True)))
        bad += st["mismatch"] + st["script"] + st["crash"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
