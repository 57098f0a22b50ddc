#!/usr/bin/env python3
"""The run-time settings difffuzz keeps fixed, over difffuzz's sequences:
automatic collections and small session quotas (and, in a share of them,
tests/scriptfuzz's mix: `exec` sources of tests/execfuzz among the
operations).

difffuzz judges every answer against CPython, so its sequences run with the
collector disabled (automatic collections count only the session's own
allocations in heapd: README's known deviations) on a heapd of default
limits. Here the same sequences (gen.py) run on heapd alone, with

- the collector enabled at thresholds within reach ([1, 1, 1], [2, 1, 1],
  [5, 2, 2], ...), set again now and then in the middle, so that automatic
  collections run at every allocation point of every operation (inside dict
  displays, attribute stores, finalizers, weakref callbacks, resurrection,
  weak containers' removals, batches);
- per round, a heapd with small `--max-objects` / `--max-bytes` (and now
  and then a small `--max-work`, `--max-repr`, `--max-page`,
  `--max-batch`), so that the quotas and the work budget are reached there
  too.

What is checked (no CPython: its counts include the interpreter's own
allocations): no crash, 5xx or slow answer (ASan build: no sanitizer
report, heap_check); a `429` names `objects`, `bytes` or `batch`, and it
and a `422 budget` ("nothing ran", README) leave the session exactly as it was (summary, gc, every object, the graph, no
event logged); a `400` of a refusal step (`$bad`) changes nothing; at the
end, the reads agree with each other (engine.Reads.final).

    python3 tests/difffuzz/stressfuzz.py --seconds 300 --versions 3.10,3.11,3.12,3.13 --seed 1 [--asan]
    python3 tests/difffuzz/stressfuzz.py --replay FILE...   # a found/stress-*.json (exit 1 if it still fails)

Findings go to found/stress-<version>-<hash>.json: the round's heapd
arguments, the operations, what went wrong (and the log tail of a crash).
"""
import argparse
import hashlib
import json
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import engine as E  # noqa: E402
import gen  # noqa: E402


def jtext(x, **kw):
    """json.dumps(ensure_ascii=False), a lone surrogate (gen.py's STRS) written as its JSON escape"""
    return json.dumps(x, ensure_ascii=False, **kw).encode("utf-8", "backslashreplace").decode("utf-8")


# statements that make nothing: never refused for a quota (README, "Quotas of a session"; unlink of an attr or of a
# small int index: a key, a discard spec or a big index is a value the statement makes)
FREEING = {"del", "collect", "unlink", "sizeof", "getrefcount", "id", "is", "len", "gc"}
BYTES_SLACK = 4096
STATS = {"auto_collections": 0}  # answers by status, collections seen (explicit ones included)
THRESHOLDS = [[1, 1, 1], [1, 0, 0], [2, 1, 1], [3, 2, 1], [5, 1, 1], [1, 1, 0], [5, 2, 2], [10, 2, 2],
              [1, 100, 100], [7, 1, 3], [50, 3, 3], [700, 10, 10]]


class Server(E.HeapdServer):
    """engine.HeapdServer with the round's command-line limits."""

    def __init__(self, args, **kw):
        self.args = list(args)
        super().__init__(**kw)

    def start(self):
        env = {"ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0"} if self.asan else None
        self.proc = E.Heapd(*self.args, binary=self.binary, env=env)
        self.conn = None
        self.restarts = getattr(self, "restarts", -1) + 1


class Reads(E.Reads):
    """engine.Reads whose snapshot reads every page of GET graph (a round's --max-page
    may be small; difffuzz's heapd keeps the default)."""

    def snapshot(self):
        out = super().snapshot()
        if "graph" in out and out["graph"][0] == 200 and out["graph"][1].get("next"):
            g = dict(out["graph"][1])
            g["nodes"], g["edges"] = list(g["nodes"]), list(g["edges"])
            while g.get("next"):
                st, more = self.get("graph?after=%d" % g["next"])
                if st != 200:
                    out["graph"] = (st, more)
                    return out
                g["nodes"] += more.get("nodes", [])
                g["edges"] += more.get("edges", [])
                g["next"] = more.get("next")
            g.pop("next", None)
            out["graph"] = (200, g)
        return out


def round_args(rng):
    args = []
    if rng.random() < 0.7:
        args += ["--max-objects", str(rng.choice([20, 40, 80, 150, 300, 600, 1200, 3000]))]
    if rng.random() < 0.6:
        args += ["--max-bytes", str(rng.choice([1500, 4000, 10000, 30000, 100000, 400000]))]
    if rng.random() < 0.2:
        args += ["--max-repr", str(rng.choice([16, 40, 200]))]
    if rng.random() < 0.2:
        args += ["--max-page", str(rng.choice([1, 3, 50]))]
    if rng.random() < 0.35:
        args += ["--max-work", str(rng.choice([1000, 2000, 5000, 20000, 100000, 1000000]))]
    if rng.random() < 0.2:
        args += ["--max-batch", str(rng.choice([5, 50, 500]))]
    return args


def transform(steps, rng):
    """The collector enabled within reach, first and now and then again; gc
    operations that would disable it or put it out of reach keep their other
    fields."""
    def gc_op():
        return {"op": "gc", "enabled": True, "threshold": rng.choice(THRESHOLDS)}

    def keep(op):
        if op.get("op") != "gc":
            return op
        op = {k: v for k, v in op.items() if k not in ("enabled", "threshold")}
        return op if len(op) > 1 or rng.random() < 0.3 else gc_op()

    out = [gc_op()]
    if steps and "$seed" in steps[0]:
        out[0]["$seed"] = steps[0]["$seed"]
    for st in steps:
        if rng.random() < 0.05:
            out.append(gc_op())
        if "exec" in st:
            out.append(st)
        elif "batch" in st:
            b = [keep(o) for o in st["batch"]]
            if rng.random() < 0.2:
                b.insert(rng.randrange(len(b) + 1), gc_op())
            out.append({"batch": b})
        else:
            st = {k: v for k, v in st.items() if k != "$seed"}
            out.append(keep(st))
    return out


def run(server, version, steps, check_429=True):
    """-> list of problems (empty: fine); raises engine.HeapdCrash."""
    limits = {k: int(v) for k, v in zip(server.args[::2], server.args[1::2])}
    opts = {"python": version}
    if steps and isinstance(steps[0].get("$seed"), int):
        opts["seed"] = steps[0]["$seed"]
    status, b = server.request("POST", "/v1/sessions", opts)
    if status == 429:
        return []  # the round's session cap: nothing to test
    if status != 201:
        return ["session: %s %s" % (status, json.dumps(b)[:200])]
    sid = b["session"]
    base = "/v1/sessions/%s/" % sid
    reads = Reads(server, base)
    problems = []
    try:
        for si, st in enumerate(steps):
            if st.get("op") == "$bad":
                p = reads.bad(st)
                # a refusal the generator expects 400/404 of may be a 429 here (a quota reached first)
                if p and not all(x.startswith("status 429") for x in p):
                    problems.append("step %d ($bad %s): %s" % (si, st.get("path"), "; ".join(p)))
                continue
            if st.get("op") == "$inspect":
                reads.inspect(st["ref"])
                continue
            if "exec" in st:
                path, body = "exec", {"source": st["exec"], "mode": st["mode"]}
            elif "batch" in st:
                ops = reads.resolve(st["batch"], batch=True)
                path, body = "batch", {"ops": [{k: v for k, v in op.items() if not k.startswith("$")} for op in ops]}
            else:
                op = reads.resolve([st])[0]
                path, body = op["op"], {k: v for k, v in op.items() if k != "op" and not k.startswith("$")}
            # what ran of a source before its refused statement stays done: its steps are not bracketed
            before = reads.snapshot() if check_429 and path != "exec" else None
            if before and before["events"] != (200, {"events": [], "dropped": 0}):
                reads.note({"events": (before["events"][1] or {}).get("events")})
                before = reads.snapshot()
            status, b = server.request("POST", base + path, body)
            reads.note(b)
            STATS[status] = STATS.get(status, 0) + 1
            evs = (b.get("events") or (b.get("error") or {}).get("events") or []) if isinstance(b, dict) else []
            STATS["auto_collections"] += sum(1 for e in evs if e.get("event") == "gc_start")
            err = (b.get("error") or {}) if isinstance(b, dict) else {}
            if status == 429 or (status == 422 and err.get("code") == "budget"):
                if status == 429 and err.get("limit") not in ("objects", "bytes", "batch"):
                    problems.append("step %d: 429 naming %r" % (si, err.get("limit")))
                # a batch's members before its index stay applied (API.md): compared only when none ran
                if before is not None and (path != "batch" or err.get("index") == 0):
                    after = reads.snapshot()
                    if after != before:
                        diff = [k or "summary" for k in before if before[k] != after.get(k)]
                        problems.append("step %d: a %d (%s) changed the heap: %s" % (
                            si, status, err.get("limit") or err.get("code"), ", ".join(diff)))
                if status == 429 and path != "batch" and path in FREEING and (path != "unlink" or "attr" in body or (
                        isinstance(body.get("index"), int) and -5 <= body["index"] <= 256)):
                    problems.append("step %d: %s refused for %r (it makes nothing: README, quotas)" % (
                        si, path, err.get("limit")))
            elif status not in (200, 400, 404, 422):
                problems.append("step %d: HTTP %d %s" % (si, status, json.dumps(b)[:200]))
            if before is not None and status != 429:
                # within the quotas after every statement (README: a finalizer that a freeing
                # statement runs may still take it a few bytes past --max-bytes)
                st2, summ = reads.get("")
                if st2 == 200 and summ.get("objects", 0) > limits.get("--max-objects", 1 << 62):
                    problems.append("step %d: %d live objects past --max-objects %d" % (
                        si, summ["objects"], limits["--max-objects"]))
                if st2 == 200 and summ.get("bytes", 0) > limits.get("--max-bytes", 1 << 62) + BYTES_SLACK:
                    problems.append("step %d: %d bytes past --max-bytes %d" % (si, summ["bytes"], limits["--max-bytes"]))
            if problems:
                break
        if not problems:
            fin = reads.final()
            problems += ["final: %s" % p for p in fin.get("problems") or []]
    finally:
        if server.alive():
            server.request("DELETE", "/v1/sessions/" + sid)
    return problems


def scriptfuzz_generate(seed, version):
    global _SCRIPTFUZZ
    if _SCRIPTFUZZ is None:
        import importlib.util
        spec = importlib.util.spec_from_file_location(
            "scriptfuzz_engine", os.path.join(os.path.dirname(HERE), "scriptfuzz", "engine.py"))
        _SCRIPTFUZZ = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_SCRIPTFUZZ)
    return _SCRIPTFUZZ.generate(seed, version)["steps"]


_SCRIPTFUZZ = None


def record(out, version, args, steps, why, log_tail=None):
    os.makedirs(out, exist_ok=True)
    blob = json.dumps({"args": args, "ops": steps}, sort_keys=True)
    name = "stress-%s-%s.json" % (version, hashlib.sha1(blob.encode()).hexdigest()[:10])
    with open(os.path.join(out, name), "w") as f:
        f.write(jtext({"version": version, "versions": [version], "args": args, "problems": why,
                   "log": log_tail, "ops": steps}, indent=1))
    return name


def campaign(a):
    totals = {}
    bad = 0
    for v in a.versions.split(","):
        t0 = time.time()
        rng = random.Random("%s-%s" % (a.seed, v))
        n = r = 0
        fails = 0
        while time.time() - t0 < a.seconds:
            args = round_args(rng)
            server = Server(args, asan=a.asan, binary=os.environ.get("HEAPD_BIN"),
                            name="stress-heapd-%d" % os.getpid())
            r += 1
            round_end = min(t0 + a.seconds, time.time() + a.round_seconds)
            try:
                while time.time() < round_end:
                    seed_i = "%s-%s-%d" % (a.seed, v, n)
                    n += 1
                    srng = random.Random(seed_i)
                    if srng.random() < a.exec_share:  # tests/scriptfuzz's mix: execfuzz sources among the operations
                        steps = transform(scriptfuzz_generate(srng.randrange(2 ** 48), v), srng)
                    else:
                        steps = transform(gen.generate(srng.randrange(2 ** 48), v), srng)
                    try:
                        problems = run(server, v, steps, check_429=srng.random() < a.check_429)
                    except E.HeapdCrash as e:
                        fails += 1
                        name = record(a.out, v, args, steps, [str(e)], server.log_tail())
                        print("CRASH %s %s: %s -> %s" % (v, seed_i, e, name), flush=True)
                        server.restart()
                        continue
                    if problems:
                        fails += 1
                        name = record(a.out, v, args, steps, problems)
                        print("PROBLEM %s %s (%s): %s -> %s" % (v, seed_i, " ".join(args), problems[0][:300], name),
                              flush=True)
            finally:
                tail = server.log_tail()
                server.stop()
                try:
                    os.unlink(server.binary)
                except OSError:
                    pass
            if any(s in tail for s in ("ERROR: AddressSanitizer", "runtime error:", "heap_check", "Assertion")):
                fails += 1
                print("LOG %s round %d (%s): %s" % (v, r, " ".join(args), tail[-1500:]), flush=True)
        totals[v] = {"sequences": n, "rounds": r, "failing": fails}
        bad += fails
        print("== %s: %d sequences in %d rounds, %d failing (%ds)" % (v, n, r, fails, time.time() - t0), flush=True)
    print(json.dumps({"seed": a.seed, "asan": a.asan, "seconds": a.seconds, "versions": totals, "answers": STATS}))
    return 1 if bad else 0


def replay(a):
    failed = 0
    for path in a.files:
        with open(path) as f:
            case = json.load(f)
        for v in case.get("versions") or [case["version"]]:
            server = Server(case.get("args") or [], asan=a.asan, binary=os.environ.get("HEAPD_BIN"),
                            name="stress-replay-%d" % os.getpid())
            try:
                problems = run(server, v, case["ops"])
            except E.HeapdCrash as e:
                problems = ["crash: %s" % e, server.log_tail(2000)]
            finally:
                tail = server.log_tail()
                server.stop()
            if any(s in tail for s in ("ERROR: AddressSanitizer", "runtime error:", "heap_check", "Assertion")):
                problems.append("log: " + tail[-1500:])
            print("%s %s [%s]" % ("FAIL" if problems else "PASS", os.path.basename(path), v))
            for p in problems:
                print("    " + p[:1500])
            failed += bool(problems)
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=300, help="per version")
    ap.add_argument("--round-seconds", type=float, default=60, help="one heapd (one set of limits) per round")
    ap.add_argument("--versions", default="3.10,3.11,3.12,3.13")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("--check-429", type=float, default=0.3,
                    help="share of sequences whose every operation is bracketed by full snapshots")
    ap.add_argument("--exec-share", type=float, default=0.3,
                    help="share of sequences with Python sources among the operations (tests/scriptfuzz's generator)")
    ap.add_argument("--out", default=os.path.join(HERE, "found"))
    ap.add_argument("--replay", dest="files", nargs="*")
    a = ap.parse_args()
    E.REQUEST_LIMIT = float(os.environ.get("DIFFFUZZ_REQUEST_LIMIT", "20" if a.asan else "2"))
    return replay(a) if a.files else campaign(a)


if __name__ == "__main__":
    sys.exit(main())
