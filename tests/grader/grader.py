#!/usr/bin/env python3
"""An independent grader's differential test of heapd's JSON operations.

Sequences from gen.py (random, and the chapter's exercises) run through a
heapd (one HTTP request per step) and, translated by translate.py, through a
fresh `PYTHONHASHSEED=0 python3` of each version; every answer is compared.

  grader.py --seconds 300 --versions 3.10,3.11,3.12,3.13 --seed 1 [--asan]
  grader.py --replay [FILES]      # tests/grader/cases/*.json (make test)
  grader.py --show FILE           # a case's heapd and CPython answers side by side
"""
import argparse
import glob
import hashlib
import http.client
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
import gen  # noqa: E402
import translate as tr  # noqa: E402
from heapd_proc import judge_env  # noqa: E402


def jtext(x, **kw):
    """json.dumps(ensure_ascii=False), a lone surrogate (gen.py's STRS) written as its JSON escape"""
    return json.dumps(x, ensure_ascii=False, **kw).encode("utf-8", "backslashreplace").decode("utf-8")


VERSIONS = ["3.10", "3.11", "3.12", "3.13"]
EVENTS = ("finalized", "weakref_callback", "resurrected", "gc_start", "gc_stop")
SETUP = [{"op": "gc", "enabled": False}, {"op": "create", "name": "_qw0", "type": "WeakSet"},
         {"op": "del", "name": "_qw0"}, {"op": "collect"}]
IMMORTAL = 2 ** 32 - 1


class Crash(Exception):
    pass


def find_python(v):
    root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip() or \
        os.path.expanduser("~/.pyenv")
    c = sorted(glob.glob(os.path.join(root, "versions", v + ".*", "bin", "python3")))
    if not c:
        raise SystemExit("no CPython %s under %s" % (v, root))
    return c[-1]


# ---- heapd -------------------------------------------------------------------
class Server:
    def __init__(self, binary, port):
        self.binary, self.port = binary, port
        self.log = "/tmp/grader-heapd-%d.log" % port
        self.proc = None
        self.conn = None

    def start(self):
        self.logf = open(self.log, "w")
        env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0:abort_on_error=0",
                   UBSAN_OPTIONS="print_stacktrace=1")
        self.proc = subprocess.Popen([self.binary, "--port", str(self.port), "--max-client-sessions", "0"],
                                     stdout=self.logf, stderr=subprocess.STDOUT, env=env)
        for _ in range(200):
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                c.request("GET", "/healthz")
                c.getresponse().read()
                self.conn = c
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("heapd did not start on port %d" % self.port)

    def stop(self):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def sanitizer_report(self):
        with open(self.log, errors="replace") as f:
            t = f.read()
        m = re.search(r"(ERROR: AddressSanitizer.*|runtime error:.*|ERROR: LeakSanitizer.*)", t)
        return m.group(0) if m else None

    def req(self, method, path, body=None, limit=2.0):
        t0 = time.monotonic()
        try:
            self.conn.request(method, path, body=None if body is None else json.dumps(body),
                              headers={"Content-Type": "application/json"})
            r = self.conn.getresponse()
            data = r.read()
        except (OSError, http.client.HTTPException) as e:
            raise Crash("%s %s: connection: %s (alive: %s)" % (method, path, e, self.proc.poll() is None))
        dt = time.monotonic() - t0
        if r.status >= 500:
            raise Crash("%s %s: %d %s" % (method, path, r.status, data[:300]))
        if dt > limit:
            raise Crash("%s %s: answered in %.2f s" % (method, path, dt))
        rep = self.sanitizer_report()
        if rep:
            raise Crash("sanitizer: " + rep)
        return r.status, (json.loads(data) if data else None)


def resolve(x, names):
    """Replaces symbolic ids {"$id": n} by heapd's id of n (or 1, an id no object has)."""
    if isinstance(x, dict):
        if "$id" in x and len(x) == 1:
            return names.get(x["$id"], 1)
        return {k: resolve(v, names) for k, v in x.items()}
    if isinstance(x, list):
        return [resolve(v, names) for v in x]
    return x


def mark_dead(x, names):
    """The same step with ids of names no longer bound written {"$dead": n}."""
    if isinstance(x, dict):
        if "$id" in x and len(x) == 1 and x["$id"] not in names:
            return {"$dead": x["$id"]}
        return {k: mark_dead(v, names) for k, v in x.items()}
    if isinstance(x, list):
        return [mark_dead(v, names) for v in x]
    return x


def has_dead(x):
    return "$dead" in json.dumps(x)


def norm_events(evs):
    out = []
    for e in evs:
        if e["event"] in ("finalized", "weakref_callback", "resurrected"):
            out.append([e["event"], e["type"]])
        elif e["event"] == "gc_start":
            out.append(["gc_start", e["generation"]])
        elif e["event"] == "gc_stop":
            out.append(["gc_stop", e["generation"], e["collected"], e["uncollectable"]])
    return out


def referents(srv, base, ids, lim):
    out = []
    for x in ids:
        st, dx = srv.req("GET", base + "/objects/%d" % x, None, lim)
        out.append([dx["type"], dx["repr"]] if st == 200 else ["?", st])
    return out


def run_heapd(srv, version, steps, asan=False):
    """Runs the steps; returns (per-step heapd records, the python steps), or raises Crash."""
    lim = 20.0 if asan else 2.0
    st, j = srv.req("POST", "/v1/sessions", {"python": version}, lim)
    if st != 201:
        raise Crash("POST /v1/sessions: %d %s" % (st, j))
    base = "/v1/sessions/" + j["session"]
    recs, pysteps, allev = [], [], []
    for o in SETUP:
        k, src, extra = tr.translate(o)
        st, j = srv.req("POST", base + "/" + o["op"], {k: v for k, v in o.items() if k != "op"}, lim)
        allev += j.get("events", [])
        pysteps.append(["op", k, src, extra])
    pysteps.append(["base"])
    st, base_gc = srv.req("GET", base + "/gc", None, lim)
    recs += [None] * len(SETUP) + [base_gc["stats"]]
    for s in steps:
        st, summ = srv.req("GET", base, None, lim)
        names = summ["names"]
        if "contract" in s:
            m, path, body, want, code = gen.CONTRACT[s["contract"]]
            st, j = srv.req(m, base + path, body, lim)
            err = (j or {}).get("error", {}) if isinstance(j, dict) else {}
            got = err.get("type") if want == 422 and code != "unsupported" else err.get("code")
            r = {"contract": [m, path, body]}
            if st != want or got != code:
                r["contract_mismatch"] = [st, err, want, code]
            elif "index" in err and err["index"] != 1:
                r["contract_mismatch"] = ["index", err]
            recs.append(r)
            pysteps.append(["none"])
            continue
        if s.get("read") == "path":
            # an object reached by a path: its id (POST id), then GET objects/{id}
            ref = mark_dead(s["ref"], names)
            st, j = srv.req("POST", base + "/id", {"ref": resolve(s["ref"], names)}, lim)
            r = {"read": "path", "status": st}
            if st == 200:
                allev += j.get("events", [])
                st, d = srv.req("GET", base + "/objects/%d" % j["result"], None, lim)
                if st == 200:
                    d["referents"] = referents(srv, base, d.pop("referents"), lim)
                    d.pop("referrers", None)
                r["result"] = d if st == 200 else {"status": st, "body": d}
            else:
                err = j.get("error", {}) if isinstance(j, dict) else {}
                r["error"] = {"code": err.get("code"), "type": err.get("type"), "message": err.get("message")}
                r["events"] = norm_events(err.get("events", []))
                allev += err.get("events", [])
            recs.append(r)
            pysteps.append(["path", tr.pyref(ref)])
            continue
        if "read" in s:
            r = {"read": s["read"]}
            if s["read"] in ("probe", "gc"):
                r["gc"] = summ["gc"]
            if s["read"] == "probe":
                st, objs = srv.req("GET", base + "/objects", None, lim)
                byid = {d["id"]: d for d in objs["objects"]}
                probe = {}
                for n, i in names.items():
                    if n.startswith("_"):
                        continue
                    st, d = srv.req("GET", base + "/objects/%d" % i, None, lim)
                    if st != 200:
                        d = {"status": st, "body": d}
                    else:
                        refs = []
                        for x in d.pop("referents"):
                            if x in byid:
                                refs.append([byid[x]["type"], byid[x]["repr"]])
                            else:  # a shared object: described by its own read
                                st2, dx = srv.req("GET", base + "/objects/%d" % x, None, lim)
                                refs.append([dx["type"], dx["repr"]] if st2 == 200 else ["?", st2])
                        d["referents"] = refs
                        d["names"] = sorted(m for m, k in names.items() if k == i and not m.startswith("_"))
                        d.pop("referrers", None)
                    probe[n] = d
                r["probe"] = probe
                # the summary's count and bytes are those of GET objects
                if summ["objects"] != len(objs["objects"]) or summ["bytes"] != sum(d["size"] for d in objs["objects"]):
                    r["summary_mismatch"] = [summ["objects"], len(objs["objects"]), summ["bytes"],
                                             sum(d["size"] for d in objs["objects"])]
                pysteps.append(["probe"])
            elif s["read"] == "gc":
                pysteps.append(["gcread"])
            else:
                pysteps.append(["none"])
                if s["read"] == "deep":
                    pysteps[-1] = ["deep"]
                    r["deep"] = {}
                    for n in names:
                        if not n.startswith("_"):
                            st, j = srv.req("POST", base + "/sizeof", {"ref": n, "deep": True}, lim)
                            r["deep"][n] = [j["result"]["size"], j["result"]["deep"]] if st == 200 else [st, j]
                            # sys.getsizeof() runs: on every version its argument tuple
                            # (METH_VARARGS) is made and dropped, two events of the log
                            allev += (j if st == 200 else j.get("error", {})).get("events", [])
                elif s["read"] == "graph":
                    st, g = srv.req("GET", base + "/graph", None, lim)
                    ids = {d["id"] for d in g["nodes"]}
                    bad = [e for e in g["edges"] if e["from"] not in ids]
                    roots = {k: v for k, v in g["roots"].items() if not k.startswith("_")}
                    want = {k: v for k, v in names.items() if not k.startswith("_")}
                    if bad or roots != want:
                        r["graph_mismatch"] = {"bad_edges": bad[:5], "roots": roots, "names": want}
                elif s["read"] == "events":
                    n = max(0, len(allev) - 3)
                    after = allev[n - 1]["seq"] if n else 0
                    st, ev = srv.req("GET", base + "/events?after=%d" % after, None, lim)
                    if ev["events"] != allev[n:]:
                        r["events_mismatch"] = {"after": after, "got": ev["events"][:6], "want": allev[n:][:6]}
            recs.append(r)
            continue
        body = resolve({k: v for k, v in s.items() if k != "op"}, names)
        st, j = srv.req("POST", base + "/" + s["op"], body, lim)
        r = {"status": st}
        s = mark_dead(s, names)  # the contract: 404 not_found at that op
        if st == 200:
            r["result" if s["op"] != "batch" else "results"] = j.get("result", j.get("results"))
            r["events"] = norm_events(j.get("events", []))
            allev += j.get("events", [])
        else:
            err = j.get("error", {}) if isinstance(j, dict) else {}
            r["error"] = {"code": err.get("code"), "type": err.get("type"), "message": err.get("message")}
            if "index" in err:
                r["index"] = err["index"]
                r["results"] = err.get("results")
            r["events"] = norm_events(err.get("events", []))
            allev += err.get("events", [])
        if s["op"] == "batch":
            pysteps.append(["batch", [list(tr.translate(o)) if not has_dead(o) else ["expr", "_qdead()", None]
                                      for o in s["ops"]]])
        else:
            pysteps.append(["op"] + (list(tr.translate(s)) if not has_dead(s) else ["expr", "_qdead()", None]))
        recs.append(r)
    st, ev = srv.req("GET", base + "/events?after=0", None, lim)
    got = [e["seq"] for e in ev["events"]]
    want = [e["seq"] for e in allev]
    if ev["events"] != [e for e in allev if e["seq"] in set(got)] or want[len(want) - len(got):] != got:
        recs.append({"final_events_mismatch": {"log": got[-8:], "answers": want[-8:]}})
    srv.req("DELETE", base, None, lim)
    st, _ = srv.req("GET", base, None, lim)
    if st != 404:
        recs.append({"deleted_session_answers": st})
    return recs, pysteps


def run_python(version, pysteps):
    src = tr.script(pysteps)
    env = judge_env()
    env.pop("PYTHONPATH", None)
    p = subprocess.run([find_python(version), "-c", src], capture_output=True, text=True, env=env, timeout=120)
    out = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    if p.returncode != 0:
        out.append({"script_failed": p.stderr[-2000:]})
    return out


# ---- comparison -------------------------------------------------------------------
ADDR = re.compile(r"0x[0-9a-f]+")
NESTED_NONE = re.compile(r"\{.*frozenset\(\{[^{}]*\bNone\b")


def same_repr(a, b):
    b = b.replace("_qcb", "_cb")  # the script's recording callback
    if a == b:
        return True
    if b == "<repr raised RecursionError>" and a.endswith("\u2026"):
        return True  # a descriptor's repr past the recursion limit is cut (repr_truncated): README
    a, b = ADDR.sub("0x?", a), ADDR.sub("0x?", b)
    if a == b:
        return True
    # an address-ordered set, or a dict keyed by address-hashed objects (an
    # instance, a class, a slot's member descriptor: README, the sandbox
    # decides addresses); a frozenset holding None as a member of another
    # (3.10/3.11 hash None by its address, whose high bits ASLR moves from run
    # to run in CPython, and a frozenset's hash mixes them into the low ones)
    hashed_by_address = "0x?" in a or "<class '" in a or "<member '" in a or NESTED_NONE.search(a)
    return bool(hashed_by_address) and sorted(a) == sorted(b)


def same_msg(a, b):
    """Exception messages, a repr's address in them normalised (a KeyError of a weakref)."""
    return a == b or (isinstance(a, str) and isinstance(b, str) and ADDR.sub("0x?", a) == ADDR.sub("0x?", b))


def cmp_desc(h, p, where, out):
    if h is None or p is None:
        if h is not p:
            out.append((where, h, p))
        return
    if not isinstance(h, dict) or "type" not in h:
        out.append((where, h, p))
        return
    for f in ("type", "size", "tracked", "generation", "weakrefs"):
        if h.get(f) != p.get(f):
            out.append((where + "." + f, h.get(f), p.get(f)))
    if not same_repr(h.get("repr", ""), p.get("repr", "")):
        out.append((where + ".repr", h.get("repr"), p.get("repr")))
    prc = p["refcount"]
    if prc >= IMMORTAL - 3:
        prc = IMMORTAL
    if not (h.get("shared") or p.get("shared")) and h.get("refcount") != prc:
        out.append((where + ".refcount", h.get("refcount"), prc))
    if "referents" in h and h.get("type") != "type":  # a class's machinery: README, deviations
        hr, pr = h["referents"], p["referents"]
        if h.get("type") in ("set", "frozenset"):
            # a set's members in address-hash order (the sandbox decides addresses)
            hr = sorted([x[0], ADDR.sub("0x?", str(x[1]))] for x in hr)
            pr = sorted([y[0], ADDR.sub("0x?", str(y[1]).replace("_qcb", "_cb"))] for y in pr)
        if len(hr) != len(pr) or any(x[0] != y[0] or not same_repr(str(x[1]), str(y[1])) for x, y in zip(hr, pr)):
            out.append((where + ".referents", hr, pr))
    if "names" in h and h["names"] != p["names"]:
        out.append((where + ".names", h["names"], p["names"]))


def cmp_gc(h, p, where, out, base):
    if h["enabled"] != p["enabled"] or h["threshold"] != p["threshold"]:
        out.append((where + ".state", [h["enabled"], h["threshold"]], [p["enabled"], p["threshold"]]))
    hs = [[s["collections"] - b["collections"], s["collected"] - b["collected"], s["uncollectable"] - b["uncollectable"]]
          for s, b in zip(h["stats"], base)]
    if hs != p["stats"]:
        out.append((where + ".stats", hs, p["stats"]))
    if len(h["garbage"]) != len(p["garbage"]):
        out.append((where + ".garbage", h["garbage"], p["garbage"]))


def cmp_result(kind, h, p, where, out, base):
    if kind == "rc" and p == "shared":
        return
    if kind in ("bind", "deref"):
        cmp_desc(h, p, where, out)
    elif kind == "deep":
        if h != p:
            out.append((where, h, p))
    elif kind == "gc":
        cmp_gc(h, p, where, out, base)
    elif kind == "id":
        if not isinstance(h, int):
            out.append((where, h, "an int"))
    elif h != p or type(h) is not type(p):
        out.append((where, h, p))


def compare(steps, recs, pysteps, pyout):
    """A list of (where, heapd, cpython) differences."""
    out = []
    n0 = len(SETUP) + 1
    py = pyout[n0:]
    base_stats = recs[n0 - 1]
    for i, s in enumerate(steps):
        h = recs[n0 + i]
        if i >= len(py):
            out.append(("step %d" % i, "answered", pyout[-1] if pyout else "no output"))
            break
        p = py[i]
        w = "step %d %s" % (i, s.get("op") or s.get("read") or "contract")
        for k in ("summary_mismatch", "graph_mismatch", "events_mismatch", "contract_mismatch"):
            if k in h:
                out.append((w + "." + k, h[k], None))
        if "contract" in s:
            continue
        if s.get("read") == "path":
            r = p.get("result") or {}
            if p.get("ok") and r.get("refcount") == 0 and not r.get("shared"):
                # a temporary the path made (`w[0]` of a str past latin-1): dead once
                # POST /id has answered, so GET objects/{id} is 404 (API.md)
                got = (h.get("result") or {}).get("status") if h["status"] == 200 else h["status"]
                if got != 404:
                    out.append((w + ".status", got, 404))
            elif p.get("ok"):
                if h["status"] != 200:
                    out.append((w + ".status", [h["status"], h.get("error")], ["ok", p.get("result")]))
                else:
                    cmp_desc(h["result"], p["result"], w, out)
            elif p["type"] == "_qNotFound":
                if h["status"] != 404:
                    out.append((w + ".status", h["status"], 404))
            else:
                e = h.get("error") or {}
                if h["status"] != 422 or e.get("type") != p["type"] or not same_msg(e.get("message"), p["message"]):
                    out.append((w + ".error", [h["status"], e.get("type"), e.get("message")], [p["type"], p["message"]]))
            continue
        if "read" in s:
            if "deep" in h and h["deep"] != p.get("deep"):
                out.append((w + ".deep", h["deep"], p.get("deep")))
            if "probe" in h:
                if sorted(h["probe"]) != sorted(p["probe"]):
                    out.append((w + ".names", sorted(h["probe"]), sorted(p["probe"])))
                for n in h["probe"]:
                    if n in p["probe"]:
                        cmp_desc(h["probe"][n], p["probe"][n], w + "." + n, out)
            if "gc" in h:
                gh = dict(h["gc"])
                gh["garbage"] = gh.get("garbage", [])
                cmp_gc(gh, p["gc"], w + ".gc", out, base_stats)
            continue
        if h["events"] != p["events"]:
            out.append((w + ".events", h["events"], p["events"]))
        if s["op"] == "batch":
            kinds = [k[0] for k in pysteps[n0 + i][1]]
            if p.get("ok"):
                if h["status"] != 200:
                    out.append((w + ".status", [h["status"], h.get("error"), h.get("index")], "ok"))
                    continue
            else:
                e = h.get("error") or {}
                if p["type"] == "_qNotFound":
                    if h.get("index") != p["index"] or h["status"] != 404:
                        out.append((w + ".error", [h["status"], h.get("index"), e], [404, p["index"]]))
                        continue
                elif h.get("index") != p["index"] or e.get("type") != p["type"] or not same_msg(e.get("message"), p["message"]):
                    out.append((w + ".error", [h.get("index"), h.get("error")], [p["index"], p["type"], p["message"]]))
                    continue
            for j, (hr, pr) in enumerate(zip(h["results"] or [], p["results"])):
                cmp_result(kinds[j], hr, pr, "%s[%d]" % (w, j), out, base_stats)
            continue
        kind = pysteps[n0 + i][1]
        if p.get("ok"):
            if h["status"] != 200:
                out.append((w + ".status", [h["status"], h.get("error")], ["ok", p.get("result")]))
                continue
            if kind == "rc" and p.get("shared"):
                continue  # counts of interpreter-shared objects: API.md, the sandbox decides
            cmp_result(kind, h["result"], p["result"], w, out, base_stats)
        elif p["type"] == "_qNotFound":
            if h["status"] != 404:
                out.append((w + ".status", [h["status"], h.get("error")], 404))
        else:
            e = h.get("error") or {}
            if h["status"] != 422 or e.get("type") != p["type"] or not same_msg(e.get("message"), p["message"]):
                out.append((w + ".error", [h["status"], e.get("type"), e.get("message")], [p["type"], p["message"]]))
    for h in recs[n0 + len(steps):]:
        out.append(("end", h, None))
    if pyout and "script_failed" in pyout[-1]:
        out.append(("script", pyout[-1]["script_failed"], None))
    return out


def check(srv, version, steps, asan=False):
    """None when heapd and CPython agree; else the differences (or a Crash)."""
    recs, pysteps = run_heapd(srv, version, steps, asan)
    pyout = run_python(version, pysteps)
    return compare(steps, recs, pysteps, pyout)


def minimise(srv, version, steps, first, asan):
    """Delta debugging over steps (and batch members), keeping the first difference's kind."""
    key = re.sub(r"step \d+ ", "", first[0])

    def bad(ss):
        try:
            d = check(srv, version, ss, asan)
        except Crash:
            return key == "crash"
        return any(re.sub(r"step \d+ ", "", x[0]) == key for x in d)
    n = 2
    while len(steps) >= 2:
        chunk = max(1, len(steps) // n)
        for i in range(0, len(steps), chunk):
            cand = steps[:i] + steps[i + chunk:]
            if cand and bad(cand):
                steps, n = cand, max(n - 1, 2)
                break
        else:
            if chunk == 1:
                break
            n = min(len(steps), n * 2)
    for i, s in enumerate(steps):
        if s.get("op") == "batch":
            for j in range(len(s["ops"]) - 1, -1, -1):
                t = dict(s, ops=s["ops"][:j] + s["ops"][j + 1:])
                if t["ops"] and bad(steps[:i] + [t] + steps[i + 1:]):
                    steps = steps[:i] + [t] + steps[i + 1:]
                    s = t
    return steps


def save(dirname, version, steps, diffs):
    os.makedirs(dirname, exist_ok=True)
    h = hashlib.sha1(json.dumps([version, steps]).encode()).hexdigest()[:10]
    path = os.path.join(dirname, "%s-%s.json" % (version, h))
    with open(path, "w") as f:
        f.write(jtext({"versions": [version], "steps": steps, "diffs": [list(map(repr, d)) for d in diffs[:8]]}, indent=1))
    return path


def campaign(a):
    binary = os.environ.get("HEAPD_BIN") or os.path.join(ROOT, "build-asan" if a.asan else "build", "heapd")
    srv = Server(binary, a.port)
    srv.start()
    found = os.path.join(HERE, "found")
    totals = {}
    rc = 0
    try:
        ex = gen.exercises() + list(gen.facts().values())
        for v in a.versions.split(","):
            t_end = time.monotonic() + a.seconds
            n = mism = 0
            seq = 0
            while time.monotonic() < t_end:
                if seq < len(ex):
                    steps = ex[seq]
                else:
                    g = gen.Gen("%d-%s-%d" % (a.seed, v, seq))
                    steps = [g.step() for _ in range(g.r.randint(5, a.length))]
                seq += 1
                n += 1
                try:
                    d = check(srv, v, steps, a.asan)
                except tr.Untranslatable as e:  # the generator's mistake, not heapd's
                    print("UNTRANSLATABLE %s seq %d: %s" % (v, seq, e), flush=True)
                    continue
                except Crash as e:
                    print("CRASH %s seq %d: %s" % (v, seq, e), flush=True)
                    p = save(found, v, steps, [("crash", str(e), None)])
                    print("  kept " + p)
                    rc = 1
                    srv.stop()
                    srv.start()
                    continue
                if d:
                    mism += 1
                    print("MISMATCH %s seq %d: %s" % (v, seq, d[0]), flush=True)
                    if a.minimise:
                        small = minimise(srv, v, steps, d[0], a.asan)
                        d2 = check(srv, v, small, a.asan) or d
                        p = save(found, v, small, d2)
                        print("  minimised to %d steps: %s" % (len(small), p), flush=True)
                    rc = 1
            totals[v] = (n, mism)
            print("%s: %d sequences, %d mismatching" % (v, n, mism), flush=True)
    finally:
        srv.stop()
    print("grader: %s" % ", ".join("%s %d/%d" % (v, m, n) for v, (n, m) in totals.items()))
    return rc


def replay(a):
    files = a.files or sorted(glob.glob(os.path.join(HERE, "cases", "*.json")))
    srv = Server(os.environ.get("HEAPD_BIN") or os.path.join(ROOT, "build-asan" if a.asan else "build", "heapd"), a.port)
    srv.start()
    ok = bad = 0
    try:
        for f in files:
            case = json.load(open(f))
            for v in case["versions"]:
                try:
                    d = check(srv, v, case["steps"], True)
                except Crash as e:
                    d = [("crash", str(e), None)]
                    srv.stop()
                    srv.start()
                name = "%s [%s]" % (os.path.basename(f), v)
                if d:
                    bad += 1
                    print("FAIL " + name)
                    for x in d[:5]:
                        print("   ", x)
                else:
                    ok += 1
                    if a.verbose:
                        print("PASS " + name)
    finally:
        srv.stop()
    print("%d passed, %d failed" % (ok, bad))
    return 1 if bad else 0


def port_default():
    rng = os.environ.get("HEAPD_TEST_PORTS", "")
    lo, _, hi = rng.partition("-")
    import socket
    for p in (range(int(lo), int(hi) + 1) if lo.isdigit() and hi.isdigit() else [0]):
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", p))
            return s.getsockname()[1]
        except OSError:
            continue
        finally:
            s.close()
    raise SystemExit("no free port")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--versions", default=",".join(VERSIONS))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--length", type=int, default=40)
    ap.add_argument("--asan", action="store_true")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--no-minimise", dest="minimise", action="store_false")
    ap.add_argument("--replay", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    a.port = a.port or port_default()
    sys.exit(replay(a) if a.replay else campaign(a))


if __name__ == "__main__":
    main()
