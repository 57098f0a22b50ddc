"""Running a step sequence through heapd (HTTP) and through a real CPython
script, normalising both and comparing them.  Shared by difffuzz.py and
replay.py."""
import ast
import builtins
import glob
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
sys.path.insert(0, HERE)
from heapd_proc import Heapd, judge_env  # noqa: E402
import script as S  # noqa: E402

# values nest past CPython's 200 brackets (gen.py m_deep_values): the harness walks them recursively
sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))

SCRATCH = "/tmp/difffuzz"
ADDR = re.compile(r"0x[0-9a-f]+")
PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
OWN_SPELLING = re.compile(r"type\(([A-Za-z_][A-Za-z0-9_]*)\)\Z|([A-Za-z_][A-Za-z0-9_]*)\.__callback__\Z")
# gc.garbage[i] less the class machinery (script.py _qgarb): the i-th id of GET gc's garbage
GARBAGE = re.compile(r"_qgarb\((-?\d+)\)\Z")
SHARED_TYPES = {"NoneType", "bool", "ellipsis", "NotImplementedType"}
# seconds: a slower answer is a failure (a hang); DIFFFUZZ_REQUEST_LIMIT for a sanitized build on a loaded machine
REQUEST_LIMIT = float(os.environ.get("DIFFFUZZ_REQUEST_LIMIT", "2"))


def find_python(version):
    for p in sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/%s.*/bin/python3" % version))):
        return p
    for p in ("/usr/bin/python" + version, "/usr/local/bin/python" + version):
        if os.path.exists(p):
            return p
    return None


# ----------------------------------------------------------------------------
# CPython

class CPython:
    def __init__(self, version, tag="x", plain=False):
        self.version = version
        self.plain = plain
        self.python = find_python(version)
        if not self.python:
            raise RuntimeError("CPython %s is not installed" % version)
        os.makedirs(SCRATCH, exist_ok=True)
        self.path = os.path.join(SCRATCH, "%s-%s-%d.py" % (tag, version, os.getpid()))
        self.settle = True
        self.k = 0
        self.runs = 0
        self.k = self.calibrate()

    def _run(self, src, timeout=60):
        with open(self.path, "w") as f:
            f.write(src)
        env = judge_env(PYTHONIOENCODING="utf-8")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.runs += 1
        try:
            p = subprocess.run([self.python, self.path], capture_output=True, text=True, env=env, timeout=timeout,
                               errors="replace")
            return p.stdout, p.stderr, p.returncode
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode("utf-8", "replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            return out, "timeout", -999

    def calibrate(self):
        out, err, rc = self._run(S.preamble(0, True) + "_qo = object()\n_qobs('B', 0, ' _qo', 0)\n_qobs('B', 1, ' __builtins__', 0)\n"
                                 "_qd = sys.modules['__main__'].__dict__\n"
                                 "print(('W', [g for g in range(3) if any(o is _qd for o in gc.get_objects(g))]))\n_qZ()\n")
        for line in out.split("\n"):
            if line.startswith("('W'"):
                self.ns_generation = ast.literal_eval(line)[1]
        recs, ended = S.parse(out, 2)
        if not ended:
            raise RuntimeError("calibration failed: %s" % err)
        return recs[0]["bound"]["refcount"] - 1

    def script(self, steps, plain=False):
        return S.build(steps, self.k, settle=self.settle, plain=plain)

    def run(self, steps, plain=None):
        ops = S.flatten(steps)
        out, err, rc = self._run(self.script(steps, self.plain if plain is None else plain))
        extra = {}
        recs, ended = S.parse(out, len(ops), extra)
        return {"recs": recs, "ended": ended, "stdout": out, "stderr": err[-4000:], "rc": rc,
                "names": extra.get("names"), "edges": extra.get("edges"), "census": extra.get("census")}


# ----------------------------------------------------------------------------
# heapd

class HeapdCrash(Exception):
    pass


class HeapdServer:
    """A copy of the binary, started with tests/lib/heapd_proc.Heapd; one
    keep-alive connection; crash detection (process gone, connection refused,
    5xx, an answer slower than REQUEST_LIMIT)."""

    def __init__(self, asan=False, copy=True, binary=None, name=None):
        src = binary or os.path.join(ROOT, "build-asan" if asan else "build", "heapd")
        os.makedirs(SCRATCH, exist_ok=True)
        self.binary = os.path.join(SCRATCH, name or ("heapd-asan" if asan else "heapd"))
        if copy or not os.path.exists(self.binary):
            tmp = self.binary + ".new"
            shutil.copy2(src, tmp)
            os.replace(tmp, self.binary)
        self.asan = asan
        self.proc = None
        self.start()

    def start(self):
        env = {"ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0"} if self.asan else None
        self.proc = Heapd(binary=self.binary, env=env)
        self.conn = None
        self.restarts = getattr(self, "restarts", -1) + 1

    def log_tail(self, n=6000):
        try:
            self.proc.log.flush()
            with open(self.proc.log.name, errors="replace") as f:
                return f.read()[-n:]
        except OSError:
            return ""

    def stop(self):
        if self.proc is None:
            return None
        if self.conn:
            self.conn.close()
        name = self.proc.log.name
        try:
            rc = self.proc.stop()
        except Exception:
            rc = None
        try:  # keep the build directory clean: the log moves to the scratch dir
            shutil.move(name, os.path.join(SCRATCH, os.path.basename(name)))
        except OSError:
            pass
        self.proc = None
        return rc

    def restart(self):
        try:
            self.stop()
        except Exception:
            pass
        self.start()

    def _exchange(self, method, path, data):
        """One HTTP/1.1 request on the kept-alive socket -> (status, body text,
        whether the server closes the connection).  A plain socket client: the
        answers are heapd's (status line, headers, Content-Length body);
        http.client's parsing of every answer's headers cost more than heapd's
        work on it.  Raises what http.client would: ConnectionError for a
        connection the server closed before answering (retried once),
        http.client.HTTPException for a malformed answer, socket.timeout."""
        if self.conn is None:
            self.conn = socket.create_connection(("127.0.0.1", self.proc.port), timeout=REQUEST_LIMIT + 3)
            self.conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.rbuf = b""
        data = data or b""
        self.conn.sendall(("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           "Content-Length: %d\r\n\r\n" % (method, path, len(data))).encode() + data)
        buf = self.rbuf
        while True:
            end = buf.find(b"\r\n\r\n")
            if end >= 0:
                break
            chunk = self.conn.recv(65536)
            if not chunk:
                if buf:
                    raise http.client.IncompleteRead(buf)
                raise ConnectionResetError("the server closed the connection before answering")
            buf += chunk
        head = buf[:end].decode("latin-1").split("\r\n")
        parts = head[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
            raise http.client.BadStatusLine(head[0])
        status = int(parts[1])
        length = None
        close = parts[0] == "HTTP/1.0"
        for h in head[1:]:
            k, _, v = h.partition(":")
            k = k.strip().lower()
            if k == "content-length":
                length = int(v.strip())
            elif k == "connection":
                close = v.strip().lower() == "close"
            elif k == "transfer-encoding" and v.strip().lower() != "identity":
                raise http.client.HTTPException("unsupported transfer-encoding " + v.strip())
        if length is None:
            if not close:
                raise http.client.HTTPException("an answer without Content-Length on a kept-alive connection")
            body = buf[end + 4:]
            while True:
                chunk = self.conn.recv(65536)
                if not chunk:
                    break
                body += chunk
            self.rbuf = b""
        else:
            body = buf[end + 4:]
            while len(body) < length:
                chunk = self.conn.recv(max(65536, length - len(body)))
                if not chunk:
                    raise http.client.IncompleteRead(body, length - len(body))
                body += chunk
            self.rbuf = body[length:]
            body = body[:length]
        return status, body.decode("utf-8", "replace"), close

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        for attempt in (0, 1):
            t0 = time.time()
            try:
                status, text, close = self._exchange(method, path, data)
                if close:
                    self.conn.close()
                    self.conn = None
            except (ConnectionRefusedError, socket.timeout, TimeoutError) as e:
                self._drop()
                raise HeapdCrash("%s after %.2fs (process %s)" % (type(e).__name__, time.time() - t0,
                                                                  "alive" if self.proc.proc.poll() is None else
                                                                  "exited %s" % self.proc.proc.poll()))
            except (http.client.HTTPException, ConnectionError, OSError) as e:
                self._drop()
                if self.proc.proc.poll() is not None:
                    raise HeapdCrash("heapd exited with %s (%s)" % (self.proc.proc.poll(), type(e).__name__))
                if attempt == 0:  # a kept-alive connection the server closed: retry once
                    continue
                raise HeapdCrash("%s: %s" % (type(e).__name__, e))
            dt = time.time() - t0
            if status >= 500:
                raise HeapdCrash("HTTP %d: %s" % (status, text[:500]))
            if dt > REQUEST_LIMIT:
                raise HeapdCrash("request took %.2fs" % dt)
            try:
                b = json.loads(text) if text else None
            except ValueError:
                b = text
            return status, b
        raise HeapdCrash("unreachable")

    def _drop(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
        self.conn = None

    def alive(self):
        return self.proc is not None and self.proc.proc.poll() is None


def heapd_desc(d):
    out = {k: d.get(k) for k in ("id", "type", "refcount", "size", "tracked", "weakrefs", "generation", "repr")}
    out["shared"] = bool(d.get("shared"))
    if d.get("repr_truncated"):
        out["repr_truncated"] = True
    if out["repr"] is not None:
        out["repr"] = ADDR.sub("0x?", out["repr"])
    return out


def run_heapd(server, version, steps):
    """-> {"recs": per flattened op, "stop": None or (flat index, reason)};
    raises HeapdCrash."""
    opts = {"python": version}
    if steps and isinstance(steps[0].get("$seed"), int):
        opts["seed"] = steps[0]["$seed"]  # API.md: the simulated addresses' seed (gen.py picks one per sequence)
    status, b = server.request("POST", "/v1/sessions", opts)
    if status != 201:
        raise RuntimeError("session: %s %s" % (status, b))
    sid = b["session"]
    base = "/v1/sessions/%s/" % sid
    flat = S.flatten(steps)
    recs = [{"ran": False, "raw_events": []} for _ in flat]
    stop = None
    idx = 0
    reads = Reads(server, base)

    def fill(rec, op, status, res):
        rec["ran"] = True
        name = S.bound_name(op)
        _, rkind = S.statement(op)
        if isinstance(res, dict) and res.get("id") is not None:
            reads.seen.add(res["id"])
        if name:
            rec["bound"] = heapd_desc(res)
        elif rkind == "gc":
            g = dict(res)
            g["garbage"] = [garbage_type(server, base, i) for i in res.get("garbage", [])]  # in gc.garbage's order
            rec["result"] = {"enabled": g["enabled"], "threshold": g["threshold"], "debug": g.get("debug"),
                             "garbage": g["garbage"], "stats": g["stats"]}
        elif rkind in ("d", "v"):  # "v": a descriptor when the session's own callee returned an object
            rec["result"] = heapd_desc(res) if isinstance(res, dict) and "id" in res else res
        elif rkind == "i":
            rec["result"] = None
        elif rkind:
            rec["result"] = res

    def dropped(b):
        return b.get("events_dropped", 0) if isinstance(b, dict) else 0

    def events_of(b):
        out = []
        for e in (b or []):
            if e.get("event") in ("finalized", "weakref_callback", "resurrected"):
                out.append([e["event"], e.get("id"), e.get("type")])
                if e["event"] == "weakref_callback":
                    out[-1].append(e.get("target"))
        return out

    def census_of(rec, b):
        """created/destroyed events -> the net change of live objects by type (compared with
        CPython's census of its session-class instances and weak containers)"""
        cd = {}
        for e in (b or []):
            if e.get("event") in ("created", "destroyed"):
                t = e.get("type")
                cd[t] = cd.get(t, 0) + (1 if e["event"] == "created" else -1)
        rec["cd"] = cd

    try:
        for si, st in enumerate(steps):
            if "batch" in st:
                n = len(st["batch"])
                ops = reads.resolve(st["batch"], batch=True)
                status, b = server.request("POST", base + "batch", {"ops": [
                    {k: v for k, v in op.items() if k != "$expect"} for op in ops]})
                reads.note(b)
                if status == 200:
                    for k, op in enumerate(st["batch"]):
                        fill(recs[idx + k], op, status, b["results"][k])
                    recs[idx + n - 1]["raw_events"] = events_of(b.get("events"))
                    recs[idx + n - 1]["events_dropped"] = dropped(b)
                    census_of(recs[idx + n - 1], b.get("events"))
                elif status == 422 and isinstance(b, dict) and "error" in b:
                    e = b["error"]
                    fail = b.get("index", e.get("index"))
                    results = b.get("results", e.get("results")) or []
                    for k in range(fail):
                        fill(recs[idx + k], st["batch"][k], 200, results[k])
                    if e.get("code") != "python_exception":
                        # refused, not raised (unsupported, a limit): the member never ran and
                        # the batch stops there, as a single operation's refusal stops the
                        # sequence (until 2026-12-04 it was an exception typed None, compared
                        # with whatever CPython raised or did not)
                        stop = (idx + fail, "HTTP %d %s" % (status, json.dumps(b)[:300]))
                        break
                    recs[idx + fail]["ran"] = True
                    recs[idx + fail]["error"] = [e.get("type"), ADDR.sub("0x?", e.get("message", ""))]
                    recs[idx + n - 1]["raw_events"] = events_of(e.get("events") or b.get("events"))
                    recs[idx + n - 1]["events_dropped"] = dropped(e) or dropped(b)
                    census_of(recs[idx + n - 1], e.get("events") or b.get("events"))
                elif status == 404 and isinstance(b, dict) and isinstance(b.get("error", {}).get("index"), int):
                    # a member naming a dead id ($expect 404): the ops before it stay applied
                    e = b["error"]
                    fail = e["index"]
                    results = e.get("results") or []
                    for k in range(min(fail, len(results))):
                        fill(recs[idx + k], st["batch"][k], 200, results[k])
                    recs[idx + fail]["ran"] = True
                    recs[idx + fail]["error"] = ["404", ""]
                    recs[idx + n - 1]["raw_events"] = events_of(e.get("events"))
                    recs[idx + n - 1]["events_dropped"] = dropped(e)
                    census_of(recs[idx + n - 1], e.get("events"))
                else:
                    stop = (idx, "HTTP %d %s" % (status, json.dumps(b)[:300]))
                    break
                idx += n
                continue
            op = st
            rec = recs[idx]
            if op["op"] == "$bad":
                rec["ran"] = True
                rec["bad"] = reads.bad(op)
                idx += 1
                continue
            if op["op"] == "$inspect":
                rec["ran"] = True
                rec["result"] = reads.inspect(op["ref"])
                if rec["result"] is None and not PLAIN_NAME.match(op["ref"]):
                    rec["error"] = reads.path_error
                elif rec["result"] is None:
                    rec["error"] = ["NameError", "name '%s' is not defined" % op["ref"]]
                idx += 1
                continue
            sent = reads.resolve([op])[0]
            body = {k: v for k, v in sent.items() if k != "op" and not k.startswith("$")}
            status, b = server.request("POST", base + op["op"], body)
            reads.note(b)
            if status == 200:
                fill(rec, op, status, b["result"])
                rec["raw_events"] = events_of(b.get("events"))
                rec["events_dropped"] = dropped(b)
                census_of(rec, b.get("events"))
            elif status == 422 and isinstance(b, dict) and b.get("error", {}).get("code") == "python_exception":
                rec["ran"] = True
                rec["error"] = [b["error"]["type"], ADDR.sub("0x?", b["error"]["message"])]
                rec["raw_events"] = events_of(b["error"].get("events"))
                rec["events_dropped"] = dropped(b["error"]) or dropped(b)
                census_of(rec, b["error"].get("events"))
            else:
                stop = (idx, "HTTP %d %s" % (status, json.dumps(b)[:300]))
                break
            idx += 1
        final = reads.final() if stop is None else None
    finally:
        try:
            if server.alive():
                server.request("DELETE", "/v1/sessions/" + sid)
        except HeapdCrash:
            raise
    return {"recs": recs, "stop": stop, "final": final}


class Reads:
    """The read endpoints of a session (API.md "Reads"): reference markers
    resolved to object ids, the heap snapshot around a request that must
    change nothing ($bad steps), GET objects/{id} for $inspect, and the
    consistency of objects, graph, events and gc with the summary at the end
    of a sequence."""

    def __init__(self, server, base):
        self.server = server
        self.base = base
        self.seen = set()       # every id heapd has answered in a descriptor or event
        self.events = {}        # seq -> event, from every answer
        self.max_seq = 0
        self.path_error = None  # what evaluating the last path_id() raised
        self.id_answers = []    # every path_id() answer, for tests/scriptfuzz

    def get(self, what):
        return self.server.request("GET", self.base + what)

    def note(self, b):
        """Keeps an answer's events (op answers, error bodies, batch answers)."""
        if not isinstance(b, dict):
            return
        evs = b.get("events")
        if evs is None and isinstance(b.get("error"), dict):
            evs = b["error"].get("events")
        for e in evs or []:
            if isinstance(e, dict) and isinstance(e.get("seq"), int):
                self.events[e["seq"]] = e
                self.max_seq = max(self.max_seq, e["seq"])
                if isinstance(e.get("id"), int):
                    self.seen.add(e["id"])

    def names(self):
        status, b = self.get("")
        return b.get("names", {}) if status == 200 and isinstance(b, dict) else {}

    def own_id(self, name, what):
        """The id of what no reference path reaches but the script can spell: `type(name)`
        (the class of an instance or of a weak container, a library class for the latter) and
        `name.__callback__` (the recording callback of a weakref): found among the referents
        GET objects/{id} lists. None when name is unbound or holds no such thing (the
        generator asks for them only where they exist)."""
        oid = self.names().get(name)
        if oid is None:
            return None
        if what == "class":  # GET graph's `class` edge (an attribute may hold another class)
            after = None
            for page in range(4):
                st, g = self.get("graph" + ("?after=%d" % after if after else ""))
                if st != 200 or not isinstance(g, dict):
                    return None
                for e in g.get("edges", []):
                    if e.get("from") == oid and e.get("label") == "class":
                        return e.get("to")
                after = g.get("next")
                if not after:
                    return None
            return None
        status, d = self.get("objects/%d" % oid)
        for r in (d.get("referents") or []) if status == 200 else []:
            st, x = self.get("objects/%d" % r)
            if st == 200 and x.get("type") == "function":
                return r
        return None

    def path_id(self, path):
        """The id of what a reference path names now (POST id: `id(<path>)`,
        its events kept), or None when evaluating it raises (then the path
        itself goes in the request, and both sides raise the same way)."""
        status, b = self.server.request("POST", self.base + "id", {"ref": path})
        self.note(b)
        self.id_answers.append((status, b))  # a statement of the session (GET script has it)
        self.path_error = None
        if status == 200 and isinstance(b, dict) and isinstance(b.get("result"), int):
            if self.get("objects/%d" % b["result"])[0] == 200:
                return b["result"]
            return None  # made by evaluating the path (a bound method, `'日本'[0]`): gone again, no id to name
        e = b.get("error") if isinstance(b, dict) else None
        if status == 422 and isinstance(e, dict) and e.get("type"):
            self.path_error = [e["type"], ADDR.sub("0x?", e.get("message", ""))]
        else:
            self.path_error = ["HTTP %d" % status, json.dumps(b)[:200]]
        return None

    def garbage_id(self, i):
        """GET gc's garbage[i] (Python's indexing), None when there is no such entry."""
        status, g = self.get("gc")
        ids = g.get("garbage") if status == 200 and isinstance(g, dict) else None
        if not isinstance(ids, list) or not -len(ids) <= i < len(ids):
            return None
        return ids[i]

    def dead_id(self, k):
        """An id heapd used for an object that is dead now (404), else one it never used."""
        for oid in sorted(self.seen, reverse=bool(k % 2)):
            status, _ = self.get("objects/%d" % oid)
            if status == 404:
                return oid
        return 8 + 16 * (k + 1)

    def resolve(self, ops, batch=False):
        """{"$id": name} -> the id heapd's namespace binds to name now (the
        name itself when it is unbound, so that both sides raise NameError);
        {"$deadid": k} -> dead_id(k), or in a batch an id never used (an op
        before it in the batch may allocate at a dead object's address)."""
        if not any("$id" in json.dumps(op) or "$deadid" in json.dumps(op) for op in ops):
            return ops
        names = self.names()

        def sub(x):
            if isinstance(x, dict):
                if set(x) == {"$id"}:
                    g = GARBAGE.match(x["$id"])
                    if g:
                        oid = self.garbage_id(int(g.group(1)))
                        return x["$id"] if oid is None else oid
                    m = OWN_SPELLING.match(x["$id"])
                    if m:
                        oid = self.own_id(m.group(1) or m.group(2), "class" if m.group(1) else "callback")
                        return x["$id"] if oid is None else oid
                    if not PLAIN_NAME.match(x["$id"]):
                        oid = self.path_id(x["$id"])
                        return x["$id"] if oid is None else oid
                    return names.get(x["$id"], x["$id"])
                if set(x) == {"$deadid"}:
                    return 8 + 16 * (x["$deadid"] + 1) if batch else self.dead_id(x["$deadid"])
                return {k: sub(v) for k, v in x.items()}
            if isinstance(x, list):
                return [sub(v) for v in x]
            return x
        return [sub(op) for op in ops]

    def snapshot(self):
        out = {}
        for what in ("", "gc"):
            status, b = self.get(what)
            g = b.get("gc", b) if isinstance(b, dict) else {}
            if isinstance(g, dict) and "count" in g:
                g["count"] = None  # gc counts: a documented deviation (README), which a 404's statement moves
            out[what] = (status, b)
        out["events"] = self.get("events?after=%d" % self.max_seq)  # every event logged was in an answer
        objs = []
        after = None
        while True:
            status, b = self.get("objects" + ("?after=%d" % after if after else ""))
            if status != 200 or not isinstance(b, dict):
                objs.append((status, b))
                break
            objs.extend(b.get("objects", []))
            after = b.get("next")
            if not after:
                break
        out["objects"] = objs
        if len(objs) < 3000:
            out["graph"] = self.get("graph")
        return out

    def bad(self, op):
        """A request that must fail with one of op["expect"] and change nothing:
        None, or what went wrong."""
        before = self.snapshot()
        body = self.resolve([op.get("body")])[0] if "body" in op else None
        if before["events"] != (200, {"events": [], "dropped": 0}):
            self.note({"events": (before["events"][1] or {}).get("events")})
            before = self.snapshot()
        method = op.get("method", "POST")
        path = op["path"] if op["path"].startswith("/") else self.base + op["path"]
        if "raw" in op:
            status, b = self.raw(method, path, op["raw"].encode())
        else:
            status, b = self.server.request(method, path, body)
        self.note(b)
        problems = []
        if status not in op["expect"]:
            problems.append("status %d (expected %s): %s" % (status, op["expect"], json.dumps(b)[:200]))
        elif not (isinstance(b, dict) and isinstance(b.get("error"), dict) and b["error"].get("code")):
            problems.append("no error body: %s" % json.dumps(b)[:200])
        after = self.snapshot()
        if after != before:
            diff = [k for k in before if before[k] != after.get(k)]
            problems.append("heap changed: %s" % ", ".join(k or "summary" for k in diff))
        return problems or None

    def raw(self, method, path, data):
        """A request whose body is not JSON (malformed on purpose)."""
        for attempt in (0, 1):
            try:
                status, text, close = self.server._exchange(method, path, data)
                if close:
                    self.server._drop()
                break
            except (http.client.HTTPException, ConnectionError, OSError) as e:
                self.server._drop()
                if not self.server.alive():
                    raise HeapdCrash("heapd exited (%s)" % type(e).__name__)
                if attempt:
                    raise HeapdCrash("%s: %s" % (type(e).__name__, e))
        if status >= 500:
            raise HeapdCrash("HTTP %d: %s" % (status, text[:500]))
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def inspect(self, name):
        """GET objects/{id} of what name is bound to: the referents' types (in
        order), the namespace names bound to it, the types of its tracked
        referrers (sorted)."""
        m = OWN_SPELLING.match(name)
        g = GARBAGE.match(name)
        if g:
            oid = self.garbage_id(int(g.group(1)))
            if oid is None:
                self.path_error = ["IndexError", "list index out of range"]
                return None
        elif m:
            base = m.group(1) or m.group(2)
            if PLAIN_NAME.match(base) and base not in self.names():
                self.path_error = ["NameError", "name '%s' is not defined" % base]  # as type(x) raises
                return None
            oid = self.own_id(base, "class" if m.group(1) else "callback")
            if oid is None:
                return {"ephemeral": True}
        else:
            oid = self.names().get(name) if PLAIN_NAME.match(name) else self.path_id(name)
        if oid is None and not PLAIN_NAME.match(name) and self.path_error is None:
            return {"ephemeral": True}  # the path made a new object (a bound method) that died again
        if oid is None:
            return None
        status, d = self.get("objects/%d" % oid)
        if status != 200:
            return ["GET %d" % status]
        types = {}

        def info(i):
            if i not in types:
                st, x = self.get("objects/%d" % i)
                ok = st == 200 and isinstance(x, dict)
                # a library class: shared, its descriptor untracked (README), CPython tracks it
                libclass = ok and bool(x.get("shared")) and x.get("repr", "").startswith("<class ")
                types[i] = (x.get("type"), x.get("tracked") or libclass, libclass) if ok else ("?", None, False)
            return types[i]
        referents = [info(i)[0] for i in d.get("referents", [])[:40]]
        names = sorted(r[5:] for r in d.get("referrers", []) if isinstance(r, str) and r.startswith("name:"))
        # the script names a class's __dict__ "type" (_qclassdict), whatever the metaclass
        rr = sorted("type" if info(i)[2] else info(i)[0] for i in d.get("referrers", []) if isinstance(i, int) and info(i)[1])
        edges = []
        after = None
        for page in range(4):  # GET graph, every page (skipped on a heap of more than 40,000 objects)
            st, g = self.get("graph" + ("?after=%d" % after if after else ""))
            if st != 200 or not isinstance(g, dict):
                edges = ["GET graph %d" % st]
                break
            edges.extend([ADDR.sub("0x?", e["label"]), info(e["to"])[0]] for e in g.get("edges", []) if e.get("from") == oid)
            after = g.get("next")
            if not after:
                break
        else:
            edges = None
        return {"referents": referents, "names": names, "referrers": rr[:40], "edges": sorted(edges) if edges else edges}

    def final(self):
        """The reads of the heap at the end of a sequence: the namespace's
        names (compared with CPython's), and problems of consistency between
        the summary, objects, graph, object details, gc and events."""
        problems = []
        snap = self.snapshot()
        status, summ = snap[""]
        if status != 200:
            return {"names": None, "problems": ["summary %d" % status]}
        objs = snap["objects"]
        if objs and isinstance(objs[-1], tuple):
            problems.append("objects: %s" % (objs[-1],))
            objs = []
        ids = [o["id"] for o in objs]
        if len(objs) != summ.get("objects"):
            problems.append("objects: %d listed, summary says %s" % (len(objs), summ.get("objects")))
        if sum(o.get("size", 0) for o in objs) != summ.get("bytes"):
            problems.append("bytes: %d listed, summary says %s" % (sum(o.get("size", 0) for o in objs), summ.get("bytes")))
        if ids != sorted(ids) or len(set(ids)) != len(ids):
            problems.append("objects: not by id")
        gst, g = snap["gc"]
        if g != summ.get("gc"):
            problems.append("gc: GET gc differs from the summary's")
        if "graph" in snap:
            gs, gr = snap["graph"]
            if gs != 200:
                problems.append("graph %d" % gs)
            else:
                if gr.get("roots") != summ.get("names"):
                    problems.append("graph: roots differ from the summary's names")
                if gr.get("nodes") != objs:
                    problems.append("graph: nodes differ from objects")
                live = set(ids)
                for e in gr.get("edges", []):
                    if e.get("from") not in live:
                        problems.append("graph: edge from a node not listed: %s" % e)
                        break
        for o in objs[:: max(1, len(objs) // 8)][:10]:
            st, d = self.get("objects/%d" % o["id"])
            # (a small --max-page or --max-work cuts the lists: tests/difffuzz/stressfuzz.py)
            if st != 200 or {k: v for k, v in d.items() if k not in (
                    "referents", "referrers", "referents_truncated", "referrers_truncated")} != o:
                problems.append("objects/{id} differs from its listing (a %s)" % o.get("type"))
        est, ev = self.get("events?after=0")
        if est != 200:
            problems.append("events %d" % est)
        else:
            kept = ev.get("events", [])
            seqs = [e.get("seq") for e in kept]
            if seqs != sorted(seqs) or (kept and seqs[-1] != self.max_seq) or (not kept and self.max_seq):
                problems.append("events: seqs %s..%s, answers reached %d" % (seqs[:1], seqs[-1:], self.max_seq))
            if len(kept) + ev.get("dropped", 0) != self.max_seq:
                problems.append("events: %d kept + %s dropped != %d" % (len(kept), ev.get("dropped"), self.max_seq))
            for e in kept:
                a = self.events.get(e.get("seq"))
                if a is not None and a != e:
                    problems.append("events: an event differs from the answer's (%s)" % e.get("event"))
                    break
            first = seqs[0] if seqs else self.max_seq + 1
            kept_seqs = set(seqs)
            missing = [q for q in self.events if q >= first and q not in kept_seqs]
            if missing:
                problems.append("events: answered events not kept")
            st2, ev2 = self.get("events?after=%d" % max(0, self.max_seq - 3))
            if st2 != 200 or ev2.get("events") != [e for e in kept if e["seq"] > self.max_seq - 3]:
                problems.append("events?after=N: not the tail of after=0")
        edges = None
        if "graph" in snap and snap["graph"][0] == 200:
            # GET graph's edges of every object a name binds (label, target type), for CPython's
            gr = snap["graph"][1]
            types = {n["id"]: n.get("type") for n in gr.get("nodes", [])}
            named = set(summ.get("names", {}).values())

            def type_of(i):  # the shared objects (None, small ints, classes...) are not among the nodes
                if i not in types:
                    st, x = self.get("objects/%d" % i)
                    types[i] = x.get("type") if st == 200 and isinstance(x, dict) else "?"
                return types[i]
            byid = {}
            for e in gr.get("edges", []):
                if e.get("from") in named:
                    byid.setdefault(e.get("from"), []).append([ADDR.sub("0x?", e.get("label", "")), type_of(e.get("to"))])
            edges = {n: sorted(byid.get(i, [])) for n, i in summ.get("names", {}).items()}
        return {"names": sorted(summ.get("names", {})), "problems": problems, "edges": edges}


def garbage_type(server, base, oid):
    status, b = server.request("GET", base + "objects/%d" % oid)
    return b.get("type", "?") if status == 200 and isinstance(b, dict) else "?"


# ----------------------------------------------------------------------------
# normalisation and comparison

def label_events(steps, recs, cpython_side):
    """Events [kind, id, type] -> [kind, label, type]: the label is the name
    whose binding (a descriptor's id) is the most recent for that id, if of
    the same type and not already finalized; the same algorithm on both
    sides.  Resolved once per step, after the step's bindings."""
    flat = S.flatten(steps)
    names = {}
    wt = {}
    out = [[] for _ in flat]
    i = 0
    for si, st in enumerate(steps):
        n = len(st["batch"]) if "batch" in st else 1
        for k in range(i, i + n):
            b = recs[k].get("bound")
            if b and isinstance(b, dict) and b.get("id") is not None:
                names[b["id"]] = [S.bound_name(flat[k][2]), b.get("type"), False]
        evs = []
        for k in range(i, i + n):
            evs.extend(recs[k]["raw_events"])
        labelled = []
        dead = []
        bound_here = set()
        if n > 1:  # a batch: heapd reports its events together, so the order of bindings and deaths
            # inside it is unknown; an id bound in the batch is not marked dead by the batch's events
            bound_here = {recs[k]["bound"]["id"] for k in range(i, i + n)
                          if isinstance(recs[k].get("bound"), dict) and recs[k]["bound"].get("id") is not None}
        # a callback's target (API.md: the dead referent's id) by the name bound to it; unknown ("?")
        # in a step that makes a weakref with the recording callback (the script learns a weakref's
        # referent once that statement has ended: a new weakref's callback may find another's entry)
        wcb = any(flat[k][2].get("op") == "weakref" and flat[k][2].get("callback") for k in range(i, i + n))
        for ev in evs:
            kind, oid, typ = ev[:3]
            ent = names.get(oid)
            lab = ent[0] if ent and not ent[2] and ent[1] == typ else "?"
            labelled.append([kind, lab, typ])
            if kind == "weakref_callback":
                tgt = ev[3] if len(ev) > 3 else None
                made = wt.get(oid)
                labelled[-1].append(made[1] if made and not wcb and tgt is not None and made[0] == tgt else "?")
            if kind == "finalized" and oid not in bound_here:
                dead.append(oid)
        for oid in dead:
            if oid in names:
                names[oid][2] = True
        # the weakrefs this step made with the recording callback: their referent's id and the name
        # that held it (a single op naming its target by a plain name), for their callbacks' `target`
        for k in range(i, i + n):
            op = flat[k][2]
            b = recs[k].get("bound")
            if op.get("op") == "weakref" and isinstance(b, dict) and b.get("id") is not None:
                t = op.get("target")
                t = t.get("ref") if isinstance(t, dict) and set(t) == {"ref"} else t
                tid = None
                if n == 1 and op.get("callback") and isinstance(t, str) and PLAIN_NAME.match(t):
                    tid = next((x for x, ent in names.items() if ent[0] == t and not ent[2]), None)
                wt[b["id"]] = None if tid is None else (tid, t)
        # a name deleted or bound again labels nothing it held before: an object that later
        # takes that address (pymalloc's choice, which the two sides need not share) is "?"
        gone = {}
        for k in range(i, i + n):
            op = flat[k][2]
            if op["op"] == "del":
                for nm in op.get("names") or [op.get("name")]:
                    gone[nm] = None
            b = recs[k].get("bound")
            if b and isinstance(b, dict) and b.get("id") is not None:
                gone[S.bound_name(op)] = b["id"]
        if gone:
            for oid in [oid for oid, ent in names.items() if ent[0] in gone and gone[ent[0]] != oid]:
                del names[oid]
        if n > 1:
            # a batch: heapd reports its events together, so which binding an event's id
            # belonged to at that moment is unknown; the kinds and types are compared
            labelled = [[e[0], "*", e[2]] + ["*"] * (len(e) - 3) for e in labelled]
        out[i + n - 1] = labelled  # a step's events belong to its last op
        i += n
    return out


def comparable_int(version, py, sb, rc_type=None):
    if rc_type in SHARED_TYPES:
        return False
    if isinstance(py, int) and isinstance(sb, int) and not isinstance(py, bool):
        if py > 100000 or sb > 100000 or (version == "3.10" and sb >= 1000):
            return False
    return True


def compare_desc(version, prefix, p, s, out):
    if not isinstance(p, dict) or not isinstance(s, dict):
        if p != s:
            out.append((prefix, p, s))
        return
    for f in ("type", "size", "tracked", "weakrefs", "repr", "refcount", "generation"):
        a, b = p.get(f), s.get(f)
        if f == "repr" and (p.get("repr_error") or s.get("repr_truncated")):
            continue  # CPython's repr raised (or was not taken); heapd cut its repr at max_repr
        if f == "repr" and isinstance(a, str) and isinstance(b, str) and a != b and sorted(a) == sorted(b) \
                and ("<class '" in a or " at 0x?" in a):
            continue  # the same elements in another order, some hashed by address (classes, instances)
        if f == "refcount":
            if p.get("type") in SHARED_TYPES or (p.get("shared") and s.get("shared")) or not comparable_int(version, a, b):
                continue
            if version == "3.10" and s.get("shared"):
                continue
        if f in ("tracked", "generation", "weakrefs") and p.get("shared") and s.get("shared") \
                and p.get("type") in ("type", "ABCMeta", "function"):
            continue  # a weak container's class, the recording callback: interpreter-shared in heapd (README)
        if f == "generation" and a == -1:
            continue  # not observed (batch members: scanning gc.get_objects() per op would be quadratic)
        if f == "generation" and a == 3 and b is None:
            continue  # tracked but frozen (gc.freeze's permanent generation): heapd says null
        if a != b or type(a) is not type(b):
            out.append((prefix + "." + f, a, b))


def step_of(steps):
    """flat index -> (step index, op kind used in signatures)"""
    res = []
    for si, st in enumerate(steps):
        if "batch" in st:
            for op in st["batch"]:
                res.append((si, op["op"]))
        else:
            res.append((si, st["op"]))
    return res


def op_kind(op):
    k = op["op"]
    if k == "$bad":
        return "$bad." + op["path"].split("?")[0].rsplit("/", 1)[-1] + "." + (op.get("why") or "")
    if k in ("link", "unlink"):
        for sub in ("attr", "index", "key", "append", "add", "discard"):
            if sub in op:
                return k + "." + sub
    if k == "sizeof" and op.get("deep"):
        return "sizeof.deep"
    return k


IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")


def cached_names(flat):
    """Per flattened op: the identifiers the sequence has used so far as class
    names, slot names or attribute names (in any path, `attr` field or
    `attrs` key).  CPython's own caches hold references to such interned
    strs (a class keeps its __name__ and __qualname__; the type attribute
    cache keeps the names last looked up), which heapd does not count:
    README's known deviations."""
    out = []
    seen = set()

    def walk(x, key=None):
        if isinstance(x, dict):
            for k, v in x.items():
                if key == "attrs":
                    seen.add(k)
                walk(v, k)
        elif isinstance(x, list):
            for v in x:
                walk(v, key)
        elif isinstance(x, str):
            if key in ("attr", "slots"):
                seen.add(x)
            elif key in ("from", "to", "ref", "a", "b", "in", "target", "discard") and "." in x:
                for part in re.split(r"[.\[]", x)[1:]:
                    if IDENT.match(part):
                        seen.add(part)
    for _, _, op in flat:
        if op["op"] == "class":
            seen.add(op["name"])
        walk(op)
        out.append(frozenset(seen))
    return out


def cache_held(p, s, names, value):
    """A str refcount CPython's caches may raise (see cached_names)."""
    a, b = p.get("refcount"), s.get("refcount")
    return isinstance(value, str) and value in names and isinstance(a, int) and isinstance(b, int) and a > b


def str_value(desc):
    if not isinstance(desc, dict) or desc.get("type") != "str" or not isinstance(desc.get("repr"), str):
        return None
    try:
        return ast.literal_eval(desc["repr"])
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None


LABEL_MAX_REPR = 1000  # core/dict.c EDGE_LABEL_MAX_REPR: a key's repr in an edge label is cut there (README)


def cut_label(label):
    """`[<repr of a key>]` as GET graph writes it: a repr past LABEL_MAX_REPR bytes cut there (whole UTF-8
    sequences) and marked with U+2026 (helper-51: engine compared CPython's whole); a cut one is left as it is"""
    if not (label.startswith("[") and label.endswith("]")):
        return label
    inner = label[1:-1]
    raw = inner.encode("utf-8", "surrogatepass")
    if len(raw) <= LABEL_MAX_REPR or (inner.endswith("\u2026") and
                                      len(inner[:-1].encode("utf-8", "surrogatepass")) <= LABEL_MAX_REPR):
        return label
    return "[" + raw[:LABEL_MAX_REPR].decode("utf-8", "ignore") + "\u2026]"


def addr_labels(edges):
    """Edges [label, type] with a label holding an address-hashed repr (a dict key such as
    `(n, frozenset({n, 'x'}))`, or a class in a frozenset: its members' order follows addresses, README's documented
    deviation) compared by its characters, not their order; a long key's repr as GET graph cuts it."""
    out = []
    for e in edges:
        if isinstance(e, list) and e and isinstance(e[0], str):
            e = [cut_label(e[0])] + e[1:]
            if "at 0x?" in e[0] or "<class '" in e[0]:
                e = ["".join(sorted(e[0]))] + e[1:]
        out.append(e)
    return sorted(out, key=repr)


def compare(version, steps, py, hd):
    """-> list of mismatches {"flat": i, "step": si, "kind": op kind, "field": f, "cpython": a, "heapd": b}"""
    flat = S.flatten(steps)
    cached = cached_names(flat)
    pyev = label_events(steps, py["recs"], True)
    hdev = label_events(steps, hd["recs"], False)
    stop = hd["stop"][0] if hd.get("stop") else len(flat)
    out = []
    for i, (si, oi, op) in enumerate(flat):
        if i >= stop:
            break
        p, s = py["recs"][i], hd["recs"][i]
        diffs = []
        if not p["ran"] and not s["ran"]:
            continue
        if p["ran"] != s["ran"]:
            diffs.append(("ran", p["ran"], s["ran"]))
        pe, se = p.get("error"), s.get("error")
        if pe != se:
            diffs.append(("error", pe, se))
        elif not pe:
            if "bound" in p or "bound" in s:
                pb, sb = p.get("bound"), s.get("bound")
                if isinstance(pb, dict) and isinstance(sb, dict) and cache_held(pb, sb, cached[i], str_value(pb) or str_value(sb)):
                    pb = dict(pb, refcount=None)
                    sb = dict(sb, refcount=None)
                compare_desc(version, "bound", pb, sb, diffs)
            _, rkind = S.statement(op)
            if rkind == "r":
                a, b = p.get("result"), s.get("result")
                if p.get("rc_type") == "str" and cache_held({"refcount": a}, {"refcount": b}, cached[i], p.get("rc_str")):
                    pass
                elif comparable_int(version, a, b, p.get("rc_type")) and a != b:
                    diffs.append(("result", a, b))
            elif rkind == "d":
                a, b = p.get("result"), s.get("result")
                if isinstance(a, dict) or isinstance(b, dict):
                    compare_desc(version, "result", a, b, diffs)
                elif a != b:
                    diffs.append(("result", a, b))
            elif rkind == "gc":
                a, b = p.get("result") or {}, s.get("result") or {}
                if "type" in (a.get("garbage") or []) and isinstance(b.get("garbage"), list):
                    # a class in gc.garbage: what its __dict__ (no object in heapd) holds may take
                    # another place in the collector's lists (README's known deviations): as a multiset
                    a, b = dict(a, garbage=sorted(a["garbage"])), dict(b, garbage=sorted(b["garbage"]))
                for f in ("enabled", "threshold", "debug", "garbage", "stats"):
                    if a.get(f) != b.get(f):
                        diffs.append(("result." + f, a.get(f), b.get(f)))
            elif rkind in ("v", "p"):
                a, b = p.get("result"), s.get("result")
                if rkind == "v" and (isinstance(a, dict) and "id" in a or isinstance(b, dict) and "id" in b):
                    compare_desc(version, "result", a, b, diffs)
                elif a != b or type(a) is not type(b):
                    diffs.append(("result", a, b))
            elif rkind == "x":  # $inspect: GET objects/{id}'s referents and referrers against gc's
                a, b = p.get("result"), s.get("result")
                if a is not None and not (b or {}).get("ephemeral"):
                    if a.get("referents", [None])[:1] == ["(sorted)"]:  # the order follows addresses: compared sorted
                        a = dict(a, referents=a["referents"][1:])
                        if isinstance(b, dict) and isinstance(b.get("referents"), list):
                            b = dict(b, referents=sorted(b["referents"]))
                    if isinstance(a.get("edges"), list) and isinstance((b or {}).get("edges"), list):
                        a, b = dict(a, edges=addr_labels(a["edges"])), dict(b, edges=addr_labels(b["edges"]))
                    for f in ("referents", "names", "referrers", "edges"):
                        if a.get(f) is not None and a.get(f) != (b or {}).get(f):
                            diffs.append(("result." + f, a.get(f), (b or {}).get(f)))
            elif rkind == "n" and s.get("bad"):
                diffs.append(("refused", None, s["bad"]))
        if s.get("events_dropped"):
            # heapd keeps a step's last 10,000 events (API.md): what it kept must end CPython's
            if hdev[i] != pyev[i][len(pyev[i]) - len(hdev[i]):] or len(hdev[i]) > len(pyev[i]):
                diffs.append(("events", pyev[i], hdev[i]))
        elif pyev[i] != hdev[i]:
            diffs.append(("events", pyev[i], hdev[i]))
        for f, a, b in diffs:
            out.append({"flat": i, "step": si, "kind": (op_kind(op) if f != "events" or oi is None else "batch"),
                        "field": f, "cpython": a, "heapd": b})
    out.extend(compare_census(steps, flat, py, hd, stop))
    final = hd.get("final")
    if final and not hd.get("stop") and py.get("ended") and flat:
        si = flat[-1][0]
        if py.get("names") is not None and final.get("names") is not None and py["names"] != final["names"]:
            out.append({"flat": len(flat) - 1, "step": si, "kind": "reads", "field": "names",
                        "cpython": py["names"], "heapd": final["names"]})
        pe, he = py.get("edges"), final.get("edges")
        if isinstance(pe, dict) and isinstance(he, dict):
            for n in sorted(pe):
                if n in he and pe[n] is not None and addr_labels(pe[n]) != addr_labels(he[n] or []):
                    out.append({"flat": len(flat) - 1, "step": si, "kind": "reads", "field": "edges",
                                "cpython": [n, pe[n]], "heapd": [n, he[n]]})
                    break
        for prob in final.get("problems") or []:
            out.append({"flat": len(flat) - 1, "step": si, "kind": "reads", "field": "consistency",
                        "cpython": None, "heapd": prob})
    return out


WEAK_TYPES = ("WeakValueDictionary", "WeakKeyDictionary", "WeakSet")


# the names heapd's events give objects that are not instances of a session class
EVENT_TYPE_NAMES = {n for n, v in vars(builtins).items() if isinstance(v, type)} | {
    "NoneType", "ReferenceType", "KeyedRef", "function", "method", "builtin_function_or_method",
    "member_descriptor", "type", "ABCMeta"}


def compare_census(steps, flat, py, hd, stop):
    """created/destroyed events against CPython: for each step, the net change of the live
    instances of the sequence's classes and of the weak containers, by type (CPython: a
    census of gc.get_objects() at the start of every step; heapd: the step's created minus
    destroyed events of those types). Net counts do not depend on which address an object
    takes. Skipped while objects are frozen and where heapd dropped events."""
    census = py.get("census") or {}
    if not py.get("ended") or not census:
        return []
    types = set(WEAK_TYPES)
    for _, _, op in flat:
        # a session class named like a type heapd's events name (`list`, `object`) cannot be told
        # apart from that type's objects in them: it is left out (both sides)
        if op.get("op") == "class" and isinstance(op.get("name"), str) and op["name"] not in EVENT_TYPE_NAMES:
            types.add(op["name"])
    out = []
    i = 0
    for si, st in enumerate(steps):
        n = len(st["batch"]) if "batch" in st else 1
        last = i + n - 1
        if last >= stop:
            break
        a, b = census.get(i), census.get(i + n)
        s = hd["recs"][last]
        if isinstance(a, dict) and isinstance(b, dict) and "cd" in s and not s.get("events_dropped"):
            want = {t: b.get(t, 0) - a.get(t, 0) for t in set(a) | set(b)}
            want = {t: v for t, v in want.items() if v and t in types}
            got = {t: v for t, v in s["cd"].items() if v and t in types}
            if want != got:
                out.append({"flat": last, "step": si, "kind": op_kind(flat[last][2]) if n == 1 else "batch",
                            "field": "created-destroyed", "cpython": want, "heapd": got})
        i += n
    return out


def signature(m):
    """What "the same mismatch" means while minimising: op kind and field
    (and for errors, the two exception types)."""
    sig = [m["kind"], m["field"]]
    if m["field"] == "consistency":
        sig.append(re.sub(r"\d+", "N", str(m["heapd"]))[:30])
    if m["field"] == "refused":
        sig.append(re.sub(r"[\d:(].*", "", str((m["heapd"] or [""])[0])))
    if m["field"] == "error":
        sig.append(str((m["cpython"] or [None])[0]))
        sig.append(str((m["heapd"] or [None])[0]))
    return tuple(sig)


def self_consistent(py1, py2, steps):
    """Two CPython runs agree once ids are mapped to labels and addresses masked."""
    ev1 = label_events(steps, py1["recs"], True)
    ev2 = label_events(steps, py2["recs"], True)
    if ev1 != ev2 or py1["ended"] != py2["ended"]:
        return False
    for a, b in zip(py1["recs"], py2["recs"]):
        for f in ("ran", "error", "result", "bound", "rc_type"):
            x, y = a.get(f), b.get(f)
            if isinstance(x, dict) and isinstance(y, dict):
                x = {k: v for k, v in x.items() if k != "id"}
                y = {k: v for k, v in y.items() if k != "id"}
            if x != y:
                return False
    return True


# ----------------------------------------------------------------------------
# categories of a mismatch (for the figures and the triage; see README.md)

WEAK_TYPES = ("WeakValueDictionary", "WeakKeyDictionary", "WeakSet")
WEAK_INTERNALS = ("data", "_pending_removals", "_iterating", "_remove", "_dirty_len")
PATH_FIELDS = ("from", "to", "ref", "a", "b", "in", "target", "discard", "key")


def categorise(steps, m):
    """-> "weak-internals" (the sequence replaced, deleted or reached into a
    weak container's own attributes: Lib/weakref.py and Lib/_weakrefset.py
    code run on foreign data, which heapd's C mirror of those methods gets
    wrong; issue 8 item 9, another worker's rewrite), or "other"
    (unexplained)."""
    flat = S.flatten(steps)
    weak = set()
    end = m["flat"] if m else len(flat) - 1

    def touches(x):
        if isinstance(x, dict):
            return any(touches(v) for v in x.values())
        if isinstance(x, list):
            return any(touches(v) for v in x)
        if isinstance(x, str) and "." in x:
            parts = re.split(r"[.\[]", x)
            return parts[0] in weak and parts[1] in WEAK_INTERNALS
        return False

    for i, (_, _, op) in enumerate(flat[:end + 1]):
        k = op["op"]
        if k in ("link", "unlink") and isinstance(op.get("from"), str) and op["from"] in weak \
                and op.get("attr") in WEAK_INTERNALS:
            return "weak-internals"
        if any(touches(op.get(f)) for f in PATH_FIELDS):
            return "weak-internals"
        name = S.bound_name(op)
        if name:
            if (k == "create" and op.get("type") in WEAK_TYPES) or (k == "assign" and isinstance(op.get("to"), str) and op["to"] in weak):
                weak.add(name)
            else:
                weak.discard(name)
        if k == "del":
            for n in op.get("names") or [op.get("name")]:
                if isinstance(n, str):
                    weak.discard(n)
    return "other"


def compare_run(cp, version, steps, py, hd):
    """compare(), less the RecursionErrors only the harness's exec() causes:
    exec() costs a statement two levels of the C recursion limit on 3.12+
    (3.10/3.11: the script raises the recursion limit to match, see
    script.py), so a RecursionError CPython raises and heapd does not is
    checked again with the statements as plain module code."""
    mm = compare(version, steps, py, hd)
    if version in ("3.10", "3.11"):
        return mm
    sus = [m for m in mm if m["field"] == "error" and isinstance(m["cpython"], list)
           and m["cpython"][0] == "RecursionError" and m["heapd"] is None]
    if not sus:
        return mm
    plain = cp.run(steps, plain=True)
    drop = set()
    for m in sus:
        if (plain["recs"][m["flat"]].get("error") or [None])[0] != "RecursionError":
            drop.add(id(m))
    return [m for m in mm if id(m) not in drop]
