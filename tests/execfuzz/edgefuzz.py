#!/usr/bin/env python3
"""Crash and stall hunting on POST .../exec with programs at the edges
(edgegen.py), against heapd's ASan+UBSan build by default.

    python3 edgefuzz.py --seconds 600 [--seed N] [--versions 3.10,3.11,3.12,3.13] [--plain] [--judge 0.2]
    python3 edgefuzz.py --probe FILE --versions 3.12          one source (a file's bytes), every check

Each program goes to heapd in both modes (JSON body) and, when it is bytes
or now and then, as a text/x-python body. A finding is: heapd gone or a
connection it dropped, a 5xx, an answer not JSON or of a status outside
the contract, an answer slower than the budget allows (--limit seconds),
a sanitizer report in heapd's log, RSS past --max-rss MB, and a
disagreement with the session's CPython about whether the source compiles
(heapd's syntax_error against compile(src, "<exec>", "exec") in a
persistent interpreter of that version: type, message, lineno, offset,
end_lineno, end_offset). With --judge P a program heapd ran (200 or a
python_exception) is also run as a real script (rawfuzz.judge: stdout and
the final exception) with probability P. Findings are written to
tests/execfuzz/found/edge-*.json (not minimised: edgegen's programs are a
few statements; minimise by hand and keep as a case)."""
import argparse
import base64
import datetime
import hashlib
import http.client
import json
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import edgegen  # noqa: E402
import engine as E  # noqa: E402

FOUND = os.path.join(HERE, "found")
ALLOWED = {200, 400, 413, 422, 429}

COMPILER = r'''
import base64, json, sys, warnings
warnings.simplefilter("ignore")
for line in sys.stdin:
    item = json.loads(line)
    src = item["s"] if "s" in item else base64.b64decode(item["b"])
    try:
        compile(src, "<exec>", "exec")
        out = None
    except BaseException as e:
        msg = e.msg if isinstance(e, SyntaxError) else str(e)
        out = {"type": type(e).__name__, "message": msg, "lineno": getattr(e, "lineno", None),
               "offset": getattr(e, "offset", None), "end_lineno": getattr(e, "end_lineno", None),
               "end_offset": getattr(e, "end_offset", None)}
    sys.stdout.write(json.dumps({"r": out}) + "\n")
    sys.stdout.flush()
'''


class Compiler:
    """compile() in a persistent interpreter of one version (restarted when it dies or stalls)."""

    def __init__(self, python):
        self.python = python
        self.p = None

    def start(self):
        env = E.judge_env()
        self.p = subprocess.Popen([self.python, "-c", COMPILER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, env=env)

    def compile(self, src, timeout=30):
        """-> ("ok", None | error dict) or ("died", None)"""
        if self.p is None or self.p.poll() is not None:
            self.start()
        item = {"s": src} if isinstance(src, str) else {"b": base64.b64encode(src).decode()}
        try:
            self.p.stdin.write((json.dumps(item) + "\n").encode())
            self.p.stdin.flush()
        except (BrokenPipeError, ValueError):
            self.close()
            return "died", None
        import select
        r, _, _ = select.select([self.p.stdout], [], [], timeout)
        if not r:
            self.close()
            return "died", None
        line = self.p.stdout.readline()
        if not line:
            self.close()
            return "died", None
        return "ok", json.loads(line)["r"]

    def close(self):
        if self.p is not None:
            try:
                self.p.kill()
                self.p.wait()
            except OSError:
                pass
            self.p = None


def rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for ln in f:
                if ln.startswith("VmRSS:"):
                    return int(ln.split()[1]) / 1024
    except OSError:
        pass
    return 0


def sanitizer_report(srv):
    t = srv.log_tail(200000)
    for mark in ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer", "heap_check", "panic"):
        i = t.find(mark)
        if i >= 0:
            return t[max(0, i - 200):i + 3000]
    return None


def exec_request(srv, sid, source, mode, raw, limit):
    """-> (status, body, seconds); raises E.DE.HeapdCrash"""
    path = "/v1/sessions/%s/exec" % sid
    if not raw:
        t0 = time.time()
        status, b = srv.request("POST", path, {"source": source, "mode": mode})
        return status, b, time.time() - t0
    data = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
    t0 = time.time()
    try:
        c = http.client.HTTPConnection("127.0.0.1", srv.proc.port, timeout=limit + 5)
        c.request("POST", path, body=data, headers={"Content-Type": "text/x-python"})
        resp = c.getresponse()
        text = resp.read().decode("utf-8", "replace")
        status = resp.status
        c.close()
    except (OSError, http.client.HTTPException) as e:
        raise E.DE.HeapdCrash("raw exec: %s: %s (process %s)" % (type(e).__name__, e, srv.proc.proc.poll()))
    dt = time.time() - t0
    if status >= 500:
        raise E.DE.HeapdCrash("HTTP %d: %s" % (status, text[:500]))
    try:
        b = json.loads(text)
    except ValueError:
        raise E.DE.HeapdCrash("answer not JSON: %r" % text[:300])
    return status, b, dt


def check_one(srv, comp, version, source, mode, raw, limit, judge_p, rng, python):
    """-> list of problems (strings) for one request"""
    problems = []
    status, b = srv.request("POST", "/v1/sessions", {"python": version})
    if status != 201:
        return ["session: %s %s" % (status, b)]
    sid = b["session"]
    try:
        status, b, dt = exec_request(srv, sid, source, mode, raw, limit)
        if dt > limit:
            problems.append("slow: %.2fs" % dt)
        if status not in ALLOWED:
            problems.append("status %d" % status)
        if not isinstance(b, dict):
            problems.append("answer not JSON: %r" % (b,))
            return problems
        # every read of the session must still answer
        for rd in ("", "/gc", "/objects", "/graph", "/events?after=0", "/script"):
            t0 = time.time()
            st, _ = srv.request("GET", "/v1/sessions/%s%s" % (sid, rd))
            if st != 200:
                problems.append("GET %s: %d" % (rd, st))
            if time.time() - t0 > limit:
                problems.append("GET %s slow" % rd)
    finally:
        if srv.proc and srv.proc.proc.poll() is None:
            try:
                srv.request("DELETE", "/v1/sessions/" + sid)
            except E.DE.HeapdCrash:
                raise
    code = b.get("error", {}).get("code") if status != 200 else "ok"
    if code in ("budget", "limit") or status in (413, 400):
        return problems
    construct = str(b.get("error", {}).get("construct")) if code == "unsupported" else ""
    if "NFKC" in construct or "\\N{" in construct or "coding" in construct:
        return problems  # README: found by the tokenizer, before any later SyntaxError
    if mode == "statements" and not raw:
        compiled = None  # statements mode parses the whole source first too: compared in module mode
    else:
        compiled = comp.compile(source.encode("utf-8", "surrogatepass") if raw and isinstance(source, str)
                                else source)
    if compiled and compiled[0] == "ok":
        cerr = compiled[1]
        if code == "syntax_error":
            e = b["error"]
            got = {k: e.get(k) for k in ("type", "message", "lineno", "offset", "end_lineno", "end_offset")}
            if cerr is None:
                problems.append("syntax_error where CPython compiles: %r" % got)
            elif got != cerr:
                problems.append("syntax_error differs: cpython %r heapd %r" % (cerr, got))
        elif cerr is not None and cerr["type"] != "RecursionError":
            problems.append("heapd answered %s where CPython raises %r" % (code, cerr))
    if code in ("ok", "python_exception") and judge_p and rng.random() < judge_p and isinstance(source, str) \
            and not raw:
        import rawfuzz
        try:
            v, d = rawfuzz.judge(srv, python, version, source, mode)
        except (RuntimeError, SyntaxError, ValueError, RecursionError, MemoryError):
            v, d = "skip", None
        if v == "mismatch":
            problems.append("rawfuzz mismatch: %s" % rawfuzz.describe(d))
    return problems


def run_ops(srv, version, seed, limit, foreign, sent):
    """one edgeops sequence in a fresh session -> problems; sent gets each request as it goes"""
    import edgeops
    g = edgeops.OpsGen(seed)
    g.foreign = foreign
    problems = []
    status, b = srv.request("POST", "/v1/sessions", {"python": version, "seed": seed % 7})
    if status != 201:
        return ["session: %s %s" % (status, b)]
    sid = b["session"]
    try:
        for method, suffix, body in g.requests():
            try:
                data = edgeops.encode(body) if body is not None else None
            except (RecursionError, ValueError):
                continue
            if data and len(data) > (1 << 20):
                continue  # past --max-body: 413, the protocol suites' ground
            sent.append([method, suffix, data])
            path = "/v1/sessions/%s%s" % (sid, "/" + suffix if suffix else "")
            t0 = time.time()
            st, ans = srv.request_raw(method, path, data.encode() if data else None)
            dt = time.time() - t0
            if dt > limit:
                problems.append("slow: %.2fs %s %s" % (dt, method, suffix))
            if st not in ALLOWED | {201, 204, 404, 405}:
                problems.append("status %d %s %s: %s" % (st, method, suffix, str(ans)[:300]))
            if isinstance(ans, dict):
                g.learn(ans)
            if problems:
                break
    finally:
        if srv.proc and srv.proc.proc.poll() is None:
            srv.request("DELETE", "/v1/sessions/" + sid)
    return problems


def save(source, version, mode, raw, what, seed):
    os.makedirs(FOUND, exist_ok=True)
    data = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
    h = hashlib.sha1(data + mode.encode()).hexdigest()[:10]
    rec = {"what": what, "version": version, "mode": mode, "raw": raw, "seed": seed,
           "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S"),
           "source_b64": base64.b64encode(data).decode()}
    if len(data) < 4000:
        rec["source"] = data.decode("utf-8", "backslashreplace")
    path = os.path.join(FOUND, "edge-%s.json" % h)
    with open(path, "w") as f:
        json.dump(rec, f, indent=1)
    return path


def checked(srv, run):
    """run()'s problems, plus a crash (the server restarted) or a sanitizer's report"""
    try:
        problems = run()
    except E.DE.HeapdCrash as e:
        problems = ["crash: %s" % e, srv.log_tail(3000)]
        srv.restart()
    rep = sanitizer_report(srv)
    if rep:
        problems.append("sanitizer: " + rep)
        srv.restart()
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    ap.add_argument("--versions", default="3.10,3.11,3.12,3.13")
    ap.add_argument("--plain", action="store_true", help="build/heapd instead of build-asan/heapd")
    ap.add_argument("--limit", type=float, default=None, help="seconds an answer may take")
    ap.add_argument("--max-rss", type=float, default=3000, help="MB of heapd's RSS")
    ap.add_argument("--judge", type=float, default=0.0)
    ap.add_argument("--probe")
    ap.add_argument("--ops", action="store_true", help="JSON operations at the edges (edgeops.py)")
    a = ap.parse_args()
    asan = not a.plain
    limit = a.limit or (30.0 if asan else 5.0)
    E.DE.REQUEST_LIMIT = max(getattr(E.DE, "REQUEST_LIMIT", 2), limit + 30)
    versions = a.versions.split(",")
    pythons = {v: E.find_python(v) for v in versions}
    comps = {v: Compiler(pythons[v]) for v in versions}
    srv = E.server(asan=asan, name="edgefuzz-heapd-%d" % os.getpid())

    def request_raw(method, path, data):
        """the JSON client with a body already encoded"""
        real = json.dumps
        try:
            json.dumps = lambda body: body.decode()
            return srv.request(method, path, data)
        finally:
            json.dumps = real
    srv.request_raw = request_raw
    foreign = []
    if a.ops:
        st, b = srv.request("POST", "/v1/sessions", {})
        fsid = b["session"]
        st, b = srv.request("POST", "/v1/sessions/%s/batch" % fsid, {"ops": [
            {"op": "create", "name": "a", "value": [1, [2]]}, {"op": "create", "name": "o", "type": "object"}]})
        foreign = [r["id"] for r in b["results"]]
    rng = random.Random(a.seed)
    n = findings = 0
    t_end = time.time() + a.seconds
    seq = 0
    try:
        while time.time() < t_end or a.probe:
            seq += 1
            seed = a.seed * 1000003 + seq
            if a.probe:
                source = open(a.probe, "rb").read()
                try:
                    source = source.decode("utf-8")
                except UnicodeDecodeError:
                    pass
            else:
                source = edgegen.generate(seed)
            version = versions[seq % len(versions)]
            if a.ops:
                n += 1
                sent = []
                problems = checked(srv, lambda: run_ops(srv, version, seed, limit, foreign, sent))
                if problems:
                    findings += 1
                    path = save(json.dumps(sent), version, "ops", False, problems, seed)
                    print("FINDING %s %s ops: %s" % (path, version, problems[0][:400]), flush=True)
                if seq % 50 == 0:
                    print("%d sequences, %d findings" % (seq, findings), flush=True)
                continue
            runs = [("module", False), ("statements", False)]
            if isinstance(source, bytes) or rng.random() < 0.15:
                runs = [("module", True)] + ([] if isinstance(source, bytes) else runs)
            for mode, raw in runs:
                if isinstance(source, bytes) and not raw:
                    continue
                n += 1
                problems = checked(srv, lambda: check_one(srv, comps[version], version, source, mode, raw, limit,
                                                          a.judge, rng, pythons[version]))
                rss = rss_mb(srv.proc.proc.pid) if srv.proc else 0
                if rss > a.max_rss:
                    problems.append("rss %.0f MB" % rss)
                    srv.restart()
                if problems:
                    findings += 1
                    path = save(source, version, mode, raw, problems, seed)
                    print("FINDING %s %s %s raw=%s: %s" % (path, version, mode, raw, problems[0][:400]),
                          flush=True)
            if a.probe:
                break
            if seq % 50 == 0:
                print("%d programs, %d requests, %d findings" % (seq, n, findings), flush=True)
    finally:
        srv.stop()
        for c in comps.values():
            c.close()
    print("edgefuzz: %d programs, %d requests, %d findings (seed %d)" % (seq, n, findings, a.seed))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
