#!/usr/bin/env python3
"""Differential fuzzing campaign: random structure-aware sequences (gen.py)
run through heapd (one HTTP request per operation, a batch per chain
segment) and through a real CPython script (script.py); every mismatch is
checked for CPython self-consistency, minimised by delta debugging and
written to tests/difffuzz/found/<version>-<hash>.json.

    python3 tests/difffuzz/difffuzz.py --seconds 1800 --versions 3.10,3.11,3.12,3.13 --seed 1 [--asan]

--seconds is per version; versions run one after the other (one CPython
and one heapd at a time)."""
import argparse
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import engine as E  # noqa: E402
import gen  # noqa: E402
import script as S  # noqa: E402


def jtext(x, **kw):
    """json.dumps(ensure_ascii=False), a lone surrogate (gen.py's STRS) written as its JSON escape"""
    return json.dumps(x, ensure_ascii=False, **kw).encode("utf-8", "backslashreplace").decode("utf-8")


FOUND = os.path.join(HERE, "found")
STOP = []  # set by SIGTERM/SIGINT: the campaign ends after the sequence at hand, figures recorded


def stop(signum, frame):
    STOP.append(signum)
CAMPAIGNS = os.path.join(HERE, "campaigns.jsonl")


def harness_commit():
    try:
        c = subprocess.run(["git", "log", "-1", "--format=%h", "--", "."], cwd=HERE, capture_output=True,
                           text=True).stdout.strip()
        d = subprocess.run(["git", "status", "--porcelain", "--", "engine.py", "script.py", "gen.py", "crossgen.py", "difffuzz.py"],
                           cwd=HERE, capture_output=True, text=True).stdout.strip()
        return (c or "?") + ("+dirty" if d else "")
    except OSError:
        return "?"


HARNESS = harness_commit()
CATEGORIES = ("other", "weak-internals")


def build_commit():
    """The commit the heapd binary was built from, "+dirty" when the engine's
    sources differ from it (HEAPD_COMMIT says it for a binary given as HEAPD_BIN)."""
    if os.environ.get("HEAPD_COMMIT"):
        return os.environ["HEAPD_COMMIT"]
    root = os.path.dirname(os.path.dirname(HERE))
    try:
        c = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
        d = subprocess.run(["git", "status", "--porcelain", "--", "core", "api", "server", "Makefile"], cwd=root,
                           capture_output=True, text=True).stdout.strip()
        return c + ("+dirty" if d else "")
    except OSError:
        return "?"


def log(*a):
    print(*a, flush=True)


class Campaign:
    def __init__(self, version, asan, seed, seconds, out, cap, min_seconds, verbose, plain=False,
                 worker=0, jobs=1, minimise=CATEGORIES):
        self.version = version
        self.worker = worker  # this process runs sequences worker+1, worker+1+jobs, ... of the campaign
        self.jobs = jobs
        self.minimise_categories = minimise
        self.asan = asan
        self.seed = seed
        self.seconds = seconds
        self.out = out
        self.cap = cap
        self.min_seconds = min_seconds
        self.verbose = verbose
        self.cp = E.CPython(version, tag="fz%d" % worker, plain=plain)
        if self.cp.ns_generation != [{"3.11": 2}.get(version, 1)]:
            log("  WARNING: __main__.__dict__ is in generation %s before the first statement" % self.cp.ns_generation)
        self.server = E.HeapdServer(asan=asan, binary=os.environ.get("HEAPD_BIN"),
                                    name=None if jobs == 1 else "heapd%s-%d-%d" % ("-asan" if asan else "", os.getpid(), worker))
        self.stats = dict(sequences=0, steps=0, matching=0, skipped=0, mismatching_sequences=0, duplicates=0,
                          found=0, crashes=0, http_stops=0, cpython_failures=0,
                          categories={c: 0 for c in CATEGORIES})
        self.commit = build_commit()
        self.sig_count = {}
        self.fine_count = {}
        self.class_count = {}
        self.crash_keys = {}
        self.found_files = []
        self.http_stops = {}
        self.load_existing()

    def load_existing(self):
        """Signatures already minimised (earlier campaigns) count toward the caps."""
        if not os.path.isdir(self.out):
            return
        for f in os.listdir(self.out):
            if not f.startswith(self.version + "-") or not f.endswith(".json"):
                continue
            try:
                with open(os.path.join(self.out, f)) as fh:
                    d = json.load(fh)
            except (OSError, ValueError):
                continue
            sig = tuple(d.get("signature") or ())
            fine = tuple(d.get("fine_signature") or ())
            ck = tuple(d.get("class_key") or ())
            self.sig_count[sig] = self.sig_count.get(sig, 0) + 1
            self.fine_count[fine] = self.fine_count.get(fine, 0) + 1
            self.class_count[ck] = self.class_count.get(ck, 0) + 1

    # ------------------------------------------------------------------ one run
    def run_both(self, steps):
        """-> (py, hd, mismatches) or raises HeapdCrash."""
        py = self.cp.run(steps)
        if not self.server.alive():
            self.server.restart()
        hd = E.run_heapd(self.server, self.version, steps)
        return py, hd, E.compare_run(self.cp, self.version, steps, py, hd)

    def fine_signature(self, m, steps):
        """A finer key than the minimisation signature, used to skip mismatches
        already minimised: op kind and field plus the shape of the difference
        (integer delta, canonical exception messages, event counts, the type
        involved)."""
        sig = list(E.signature(m))
        sig.append(self.detail(m, steps))
        return tuple(sig)

    @staticmethod
    def canon(msg):
        return re.sub(r"'[^']*'", "'_'", str(msg))[:60]

    def detail(self, m, steps):
        a, b = m["cpython"], m["heapd"]
        if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool):
            d = "delta=%d" % (a - b)
        elif m["field"] == "events":
            d = "events %s/%s" % ([e[0][0] for e in a or []], [e[0][0] for e in b or []])
        elif m["field"] == "error":
            d = "%s | %s" % (self.canon((a or [None, ""])[1]) if a else "-", self.canon((b or [None, ""])[1]) if b else "-")
        elif isinstance(a, dict) or isinstance(b, dict):
            d = "desc"
        else:
            d = "%r/%r" % (a, b) if len(repr(a)) + len(repr(b)) < 60 else "value"
        flat = S.flatten(steps)
        op = flat[m["flat"]][2]
        if m["field"].startswith("bound") or m["field"].startswith("result."):
            v = op.get("value")
            d += " " + str(op.get("type") or (v.get("type") if isinstance(v, dict) else type(v).__name__))
        return d

    def class_key(self, m, steps):
        """Across op kinds: the field family and the detail."""
        return (m["field"].split(".")[0] if m["field"] != "error" else "error", self.detail(m, steps))

    def pick(self, mm, steps):
        """The first mismatch (within the first three mismatching steps) whose
        signature, fine signature and class are not yet capped."""
        seen_steps = []
        diverged = None
        for m in mm:
            if m["step"] not in seen_steps:
                seen_steps.append(m["step"])
            if len(seen_steps) > 3 or (diverged is not None and m["step"] > diverged):
                break
            if m["field"] == "ran" or (m["field"] == "error" and (m["cpython"] is None) != (m["heapd"] is None)):
                diverged = m["step"]  # the heaps differ from here on: later mismatches may be consequences
            sig, fine, ck = E.signature(m), self.fine_signature(m, steps), self.class_key(m, steps)
            if self.sig_count.get(sig, 0) < self.cap and self.fine_count.get(fine, 0) < 1 \
                    and self.class_count.get(ck, 0) < 2:
                return m, sig, fine, ck
        return None

    # ------------------------------------------------------------------ minimisation
    def reproduces(self, steps, sig, deadline):
        if time.time() > deadline or STOP:
            return False
        try:
            py, hd, mm = self.run_both(steps)
        except E.HeapdCrash:
            self.server.restart()
            return False
        if not py["ended"] and py["rc"] != 0:
            return False
        return any(E.signature(m) == sig for m in mm)

    def minimise(self, steps, sig):
        deadline = time.time() + self.min_seconds
        # units: (step index, op index or None); unit 0 (gc disable) is always kept
        units = []
        for si, st in enumerate(steps):
            if "batch" in st:
                units.extend((si, oi) for oi in range(len(st["batch"])))
            else:
                units.append((si, None))

        def build(us):
            out = []
            cur = None
            for si, oi in us:
                if oi is None:
                    out.append(steps[si])
                    cur = None
                else:
                    if cur is None or cur[0] != si:
                        cur = (si, {"batch": []})
                        out.append(cur[1])
                    cur[1]["batch"].append(steps[si]["batch"][oi])
            return out

        def consistent(cand):
            a = self.cp.run(cand)
            b = self.cp.run(cand)
            return E.self_consistent(a, b, cand)

        tests = [0]

        def test(us):
            tests[0] += 1
            cand = build([units[0]] + us)
            return self.reproduces(cand, sig, deadline)

        # pass 1: whole steps; pass 2: units (batch members)
        for level in ("steps", "units"):
            rest = units[1:]
            if level == "steps":
                groups = []
                for u in rest:
                    if groups and groups[-1][-1][0] == u[0]:
                        groups[-1].append(u)
                    else:
                        groups.append([u])
                items = groups
            else:
                items = [[u] for u in rest]
            n = 2
            while len(items) >= 2 and time.time() < deadline and not STOP:
                chunk = max(1, len(items) // n)
                reduced = False
                for i in range(0, len(items), chunk):
                    comp = items[:i] + items[i + chunk:]
                    if test([u for g in comp for u in g]):
                        cand = build([units[0]] + [u for g in comp for u in g])
                        if consistent(cand):
                            items = comp
                            n = max(n - 1, 2)
                            reduced = True
                            break
                if not reduced:
                    if n >= len(items):
                        break
                    n = min(len(items), n * 2)
            units = [units[0]] + [u for g in items for u in g]
        final = build(units)
        return final, tests[0], time.time() > deadline

    # ------------------------------------------------------------------ recording
    def record(self, steps, sig, fine, ck, original_len, seed_i, timed_out, ntests):
        py, hd, mm = self.run_both(steps)
        consistent = all(E.self_consistent(py, self.cp.run(steps), steps) for _ in range(2))
        ms = [m for m in mm if E.signature(m) == sig]
        m = ms[0] if ms else (mm[0] if mm else None)
        flat = S.flatten(steps)
        pyev = E.label_events(steps, py["recs"], True)
        hdev = E.label_events(steps, hd["recs"], False)

        def clean(recs, evs):
            out = []
            for r, ev in zip(recs, evs):
                x = {k: v for k, v in r.items() if k not in ("raw_events",)}
                x["events"] = ev
                out.append(x)
            return out

        body = jtext(steps, sort_keys=True)
        h = hashlib.sha1(body.encode()).hexdigest()[:10]
        doc = {
            "version": self.version,
            "signature": list(sig),
            "fine_signature": list(fine),
            "class_key": list(ck),
            "mismatch": m,
            "mismatches": mm[:20],
            "self_consistent": consistent,
            "category": E.categorise(steps, m),
            "ops": steps,
            "cpython": clean(py["recs"], pyev),
            "heapd": clean(hd["recs"], hdev),
            "statements": [S.statement(op)[0] for _, _, op in flat],
            "found": {"seed": seed_i, "original_ops": original_len, "minimised_ops": len(flat), "tests": ntests,
                      "minimisation_timed_out": timed_out, "asan": self.asan,
                      "date": time.strftime("%Y-%m-%d %H:%M:%S")},
        }
        if not consistent:
            return None, False, m
        os.makedirs(self.out, exist_ok=True)
        path = os.path.join(self.out, "%s-%s.json" % (self.version, h))
        existed = os.path.exists(path)
        with open(path, "w") as f:
            f.write(jtext(doc, indent=1))
        return path, existed, m

    def record_crash(self, steps, reason, seed_i):
        """A crash: minimise (whole steps) while heapd still crashes; a crash
        with the same sanitizer summary (or, without one, the same reason and
        operation) already minimised twice is only counted."""
        log("  CRASH %s: %s" % (self.version, reason))
        full = self.server.log_tail(400000)
        tail = full[-6000:]
        i = full.find("ERROR: AddressSanitizer")
        if i >= 0:
            tail = full[i:i + 6000]
        summary = re.search(r"SUMMARY: \w+Sanitizer: .*", full)
        key = summary.group(0) if summary else re.sub(r"[0-9.]+", "N", reason)
        self.server.restart()
        self.crash_keys[key] = self.crash_keys.get(key, 0) + 1
        if self.crash_keys[key] > 2:
            log("  (same crash as before: %s)" % key)
            return
        deadline = time.time() + self.min_seconds

        def crashes(cand):
            if time.time() > deadline or STOP:
                return False
            try:
                E.run_heapd(self.server, self.version, cand)
                return False
            except E.HeapdCrash:
                self.server.restart()
                return True
        items = list(range(1, len(steps)))
        n = 2
        while len(items) >= 2 and time.time() < deadline and not STOP:
            chunk = max(1, len(items) // n)
            reduced = False
            for i in range(0, len(items), chunk):
                comp = items[:i] + items[i + chunk:]
                if crashes([steps[0]] + [steps[j] for j in comp]):
                    items, n, reduced = comp, max(n - 1, 2), True
                    break
            if not reduced:
                if n >= len(items):
                    break
                n = min(len(items), n * 2)
        final = [steps[0]] + [steps[j] for j in items]
        body = json.dumps(final, sort_keys=True)
        h = hashlib.sha1(body.encode()).hexdigest()[:10]
        os.makedirs(self.out, exist_ok=True)
        path = os.path.join(self.out, "crash-%s-%s.json" % (self.version, h))
        with open(path, "w") as f:
            f.write(jtext({"version": self.version, "crash": reason, "crash_key": key, "asan": self.asan, "ops": final, "log_tail": tail,
                       "found": {"seed": seed_i, "original_steps": len(steps)}}, indent=1))
        log("  -> %s" % path)
        self.found_files.append(path)

    # ------------------------------------------------------------------ main loop
    def run(self):
        t0 = time.time()
        end = t0 + self.seconds
        i = self.worker + 1 - self.jobs
        next_report = t0 + 300
        while time.time() < end and not STOP:
            i += self.jobs
            if time.time() >= next_report:
                next_report += 300
                log("  [%s w%d] %ds: %d sequences, %d mismatching, %d crashes" % (
                    self.version, self.worker, time.time() - t0, self.stats["sequences"],
                    self.stats["mismatching_sequences"], self.stats["crashes"]))
            seed_i = "%s-%s-%d" % (self.seed, self.version, i)
            rng_seed = int(hashlib.sha1(seed_i.encode()).hexdigest()[:12], 16)
            steps = gen.generate(rng_seed, self.version)
            try:
                py, hd, mm = self.run_both(steps)
            except E.HeapdCrash as e:
                self.stats["crashes"] += 1
                self.record_crash(steps, str(e), seed_i)
                continue
            self.stats["sequences"] += 1
            if not py["ended"]:
                self.stats["cpython_failures"] += 1
                if self.verbose:
                    log("  cpython did not finish (%s): %s" % (py["rc"], py["stderr"][-300:]))
                continue
            nsteps = len(steps)
            if hd["stop"]:
                self.stats["http_stops"] += 1
                fi = hd["stop"][0]
                op = S.flatten(steps)[fi][2]
                key = "%s: %s" % (E.op_kind(op), hd["stop"][1][:160])
                if key not in self.http_stops:
                    self.http_stops[key] = op
                    if self.verbose:
                        log("  heapd stopped: %s  op=%s" % (key, jtext(op)[:200]))
                nsteps = S.flatten(steps)[fi][0]
            bad_steps = {m["step"] for m in mm}
            if mm:
                py2 = self.cp.run(steps)
                if not E.self_consistent(py, py2, steps):
                    self.stats["skipped"] += 1
                    continue
            self.stats["steps"] += nsteps
            self.stats["matching"] += nsteps - len(bad_steps)
            if not mm:
                continue
            self.stats["mismatching_sequences"] += 1
            cat = E.categorise(steps, mm[0])
            self.stats["categories"][cat] = self.stats["categories"].get(cat, 0) + 1
            picked = self.pick(mm, steps) if cat in self.minimise_categories else None
            if not picked:
                self.stats["duplicates"] += 1
                continue
            m, sig, fine, ck = picked
            self.sig_count[sig] = self.sig_count.get(sig, 0) + 1
            self.fine_count[fine] = self.fine_count.get(fine, 0) + 1
            self.class_count[ck] = self.class_count.get(ck, 0) + 1
            orig = len(S.flatten(steps))
            log("  [%s] mismatch %s (%d ops) - minimising" % (self.version, "/".join(map(str, fine)), orig))
            try:
                small, ntests, timed_out = self.minimise(steps, sig)
                path, existed, mres = self.record(small, sig, fine, ck, orig, seed_i, timed_out, ntests)
            except E.HeapdCrash as e:
                self.stats["crashes"] += 1
                self.record_crash(steps, str(e), seed_i)
                continue
            if path is None:
                self.stats["skipped_after_minimising"] = self.stats.get("skipped_after_minimising", 0) + 1
                log("  -> dropped: the minimised case is not self-consistent in CPython")
                continue
            if existed:
                self.stats["duplicates"] += 1
                log("  -> already known: %s" % path)
                continue
            self.stats["found"] += 1
            self.found_files.append(path)
            log("  -> %s (%d ops, %d tests%s)\n     %s\n     cpython: %s\n     heapd:   %s" % (
                os.path.basename(path), len(S.flatten(small)), ntests, ", timed out" if timed_out else "",
                " | ".join(S.statement(op)[0].replace("\n", "; ") for _, _, op in S.flatten(small))[:600],
                jtext(mres and mres["cpython"])[:300],
                jtext(mres and mres["heapd"])[:300]))
        self.server.stop()
        self.stats["elapsed"] = round(time.time() - t0)
        return self.stats


class Merged:
    """What main() reads of a campaign run by several worker processes."""

    def __init__(self, commit):
        self.commit = commit
        self.found_files = []
        self.http_stops = {}
        self.cpython_runs = 0


def merge_stats(total, s):
    for k, x in s.items():
        if k == "categories":
            for c, n in x.items():
                total["categories"][c] = total["categories"].get(c, 0) + n
        elif k == "elapsed":
            total[k] = max(total.get(k, 0), x)
        elif isinstance(x, int):
            total[k] = total.get(k, 0) + x


def campaign_of(v, a, worker=0):
    return Campaign(v, a.asan, a.seed, a.seconds, a.out, a.cap, a.min_seconds, a.verbose, a.plain,
                    worker=worker, jobs=a.jobs, minimise=tuple(a.minimise.split(",")))


def run_version(v, a):
    """One version's campaign: in this process (--jobs 1), or in a.jobs
    worker processes, worker w running sequences w+1, w+1+jobs, ... (the
    sequences one process would run, in another order), each with its own
    heapd and its own fresh CPython per sequence; their figures are summed
    into one record.  -> (campaign or Merged, stats)"""
    if a.jobs == 1:
        c = campaign_of(v, a)
        c.cpython_runs = 0
        try:
            s = c.run()
        finally:
            c.server.stop()
        c.cpython_runs = c.cp.runs
        return c, s
    import multiprocessing
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()

    def work(w):
        try:
            c = campaign_of(v, a, w)
            try:
                s = c.run()
            finally:
                c.server.stop()
                try:
                    os.unlink(c.server.binary)
                except OSError:
                    pass
            q.put((w, c.commit, s, c.found_files, {k: op for k, op in c.http_stops.items()}, c.cp.runs, None))
        except BaseException as e:  # reported, the campaign fails
            q.put((w, None, None, [], {}, 0, "%s: %s" % (type(e).__name__, e)))

    procs = [ctx.Process(target=work, args=(w,)) for w in range(a.jobs)]
    for p in procs:
        p.start()
    total = {"categories": {c: 0 for c in CATEGORIES}}
    m = Merged(build_commit())
    errors = []
    got = 0
    while got < len(procs):
        try:
            w, commit, s, found, stops, runs, err = q.get(timeout=5)
        except Exception:  # queue.Empty: pass a stop on to the workers
            if STOP:
                for p in procs:
                    if p.is_alive():
                        os.kill(p.pid, signal.SIGTERM)
            if not any(p.is_alive() for p in procs) and q.empty():
                break
            continue
        got += 1
        if err:
            errors.append("worker %d: %s" % (w, err))
            continue
        merge_stats(total, s)
        m.found_files.extend(found)
        for k, op in stops.items():
            m.http_stops.setdefault(k, op)
        m.cpython_runs += runs
    for p in procs:
        p.join()
    if errors or got < len(procs):
        raise RuntimeError("campaign workers failed: %s" % ("; ".join(errors) or "a worker died"))
    for k in ("sequences", "steps", "matching", "skipped", "mismatching_sequences", "duplicates", "found", "crashes",
              "http_stops", "cpython_failures"):
        total.setdefault(k, 0)
    return m, total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60, help="campaign length per version")
    ap.add_argument("--versions", default="3.11")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--asan", action="store_true", help="run build-asan/heapd")
    ap.add_argument("--out", default=FOUND)
    ap.add_argument("--cap", type=int, default=4, help="minimised cases per (op kind, field) signature")
    ap.add_argument("--min-seconds", type=float, default=150, help="time budget of one minimisation")
    ap.add_argument("--plain", action="store_true",
                    help="CPython script of plain statements (one compiled unit: constants shared across statements)")
    ap.add_argument("--record", default=CAMPAIGNS,
                    help="file the figures of each version's campaign are appended to (JSON lines; '' for none)")
    ap.add_argument("--jobs", type=int, default=1,
                    help="worker processes per version: sequences in flight at once (each still a fresh CPython)")
    ap.add_argument("--minimise", default=",".join(CATEGORIES),
                    help="categories whose new mismatches are minimised into found/ (comma-separated; all counted)")
    ap.add_argument("--gen", default="gen",
                    help="generator module of this directory: gen (default) or crossgen (every operation form on "
                         "every kind of object)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    global gen
    if a.gen != "gen":
        import importlib
        gen = importlib.import_module(a.gen)  # the campaign's workers are forked: they see it too
        if a.record == CAMPAIGNS:
            a.record = ""  # campaigns.jsonl and FIGURES.md are gen.py's figures
    if a.asan and "DIFFFUZZ_REQUEST_LIMIT" not in os.environ:
        E.REQUEST_LIMIT = 20.0  # the sanitizers' cost: a hang, not a slow answer, is the crash sought
    results = {}
    unexplained = crashes = 0
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for v in a.versions.split(","):
        if STOP:
            break
        v = v.strip()
        log("== %s: %ss, seed %s%s" % (v, a.seconds, a.seed, ", ASan" if a.asan else ""))
        c, s = run_version(v, a)
        results[v] = s
        rec = {"date": time.strftime("%Y-%m-%d %H:%M:%S"), "version": v, "seed": a.seed, "seconds": s.get("elapsed", a.seconds),
               "asan": a.asan, "heapd": c.commit, "harness": HARNESS, "sequences": s["sequences"], "steps": s["steps"],
               "matching": s["matching"], "skipped": s["skipped"], "mismatching_sequences": s["mismatching_sequences"],
               "categories": s["categories"], "crashes": s["crashes"], "cpython_failures": s["cpython_failures"],
               "http_stops": s["http_stops"], "found": [os.path.basename(f) for f in c.found_files]}
        if a.jobs > 1:
            rec["jobs"] = a.jobs
        if a.record:
            with open(a.record, "a") as f:
                f.write(json.dumps(rec, sort_keys=True) + "\n")
        unexplained += s["categories"].get("other", 0)
        crashes += s["crashes"]
        log("== %s done: %d sequences, %d steps compared, %d matching, %d skipped (self-inconsistent), "
            "%d mismatching sequences, %d new distinct mismatches, %d duplicates, %d crashes, %d CPython runs" % (
                v, s["sequences"], s["steps"], s["matching"], s["skipped"], s["mismatching_sequences"], s["found"],
                s["duplicates"], s["crashes"], c.cpython_runs))
        results[v]["http_stop_kinds"] = len(c.http_stops)
        if c.http_stops:
            log("  operations heapd refused (status other than 200/422), first of each kind:")
            for k, op in sorted(c.http_stops.items()):
                log("    %s\n      %s" % (k, jtext(op)[:200]))
    log("")
    log("%-6s %9s %9s %9s %8s %9s %6s %6s %7s" % ("python", "sequences", "steps", "matching", "skipped", "mismatch", "found",
                                                  "dups", "crashes"))
    for v, s in results.items():
        log("%-6s %9d %9d %9d %8d %9d %6d %6d %7d" % (v, s["sequences"], s["steps"], s["matching"], s["skipped"],
                                                     s["mismatching_sequences"], s["found"], s["duplicates"], s["crashes"]))
    log("mismatching sequences by category: " + ", ".join(
        "%s %s" % (v, json.dumps(s["categories"], sort_keys=True)) for v, s in results.items()))
    if crashes or unexplained:
        log("FAILED: %d crashes, %d mismatching sequences in no known category" % (crashes, unexplained))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
