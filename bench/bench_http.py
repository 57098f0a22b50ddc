"""The API layer's figures of issue 10, each next to its goal and to its
reference measured in the same run (CPython 3.11's own gc.collect(), the
bare libmicrohttpd+jansson server). Figures only: nothing is asserted.

    python3 bench/bench_http.py [heapd binary] [bare server binary]
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HEAPD = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "heapd")
BARE = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "build", "bare_server")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_up(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("server did not start")


class Server:
    def __init__(self, argv):
        self.port = free_port()
        self.proc = subprocess.Popen(argv(self.port), stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        wait_up(self.port)
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def post(self, path, body=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
        self.conn.request("POST", path, data, {"Content-Type": "application/json"})
        r = self.conn.getresponse()
        return r.status, r.read()

    def cpu_seconds(self):
        """The server's CPU time so far: the scheduler's nanoseconds summed over
        its threads (the server's threads live as long as it does), or user +
        system time in 10 ms ticks where schedstat is missing."""
        try:
            total = 0
            for t in os.listdir("/proc/%d/task" % self.proc.pid):
                with open("/proc/%d/task/%s/schedstat" % (self.proc.pid, t)) as f:
                    total += int(f.read().split()[0])
            return total / 1e9
        except (OSError, ValueError, IndexError):
            with open("/proc/%d/stat" % self.proc.pid) as f:
                v = f.read().rsplit(")", 1)[1].split()
            return (int(v[11]) + int(v[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)


def heapd(extra=()):
    return Server(lambda p: [HEAPD, "--port", str(p), "--max-batch", "1000000", "--max-body", str(64 << 20),
                             "--max-sessions", "100000", "--max-client-sessions", "100000",
                             "--max-work", str(10 ** 12)] + list(extra))


def session(srv):
    st, b = srv.post("/v1/sessions", {"python": "3.11"})
    return json.loads(b)["session"]


def nodes_batch(n):
    """L.append(Node()) n times: the create/link shape of the issue."""
    ops = [{"op": "class", "name": "Node"}, {"op": "gc", "enabled": False}, {"op": "create", "name": "L", "value": []}]
    for _ in range(n):
        ops.append({"op": "link", "from": "L", "append": True, "to": {"type": "Node"}})
    return ops


def batch_per_op():
    """Server-side cost of one operation in batches of 100, 10,000 and 100,000:
    the body is encoded before the clock starts; each size runs in fresh
    sessions until 200,000 operations (at least 3 batches) have gone through,
    and the figure is the server's CPU time per operation (wall time from the
    first byte sent to the last received in brackets)."""
    srv = heapd()
    try:
        out = []
        for n in (100, 10000, 100000):
            body = json.dumps({"ops": nodes_batch(n)}).encode()
            reps = max(3, 200000 // n)
            session(srv)  # warm the server's request path once
            cpu = wall = 0.0
            for _ in range(reps):
                sid = session(srv)
                c0, t0 = srv.cpu_seconds(), time.perf_counter()
                st, b = srv.post("/v1/sessions/%s/batch" % sid, body)
                wall += time.perf_counter() - t0
                cpu += srv.cpu_seconds() - c0
                assert st == 200, b[:200]
                delete(srv, sid)
            ops = reps * (n + 3)
            out.append("%d ops %.2f µs/op (wall %.2f)" % (n + 3, cpu / ops * 1e6, wall / ops * 1e6))
        print("batch of create/link, server CPU per op: %s   (goal <= 2 µs/op at 10,000, flat)" % ";  ".join(out))
    finally:
        srv.stop()


def delete(srv, sid):
    srv.conn.request("DELETE", "/v1/sessions/%s" % sid)
    srv.conn.getresponse().read()


def cpython_collect(n):
    py = os.environ.get("CPYTHON311") or next(
        (os.path.join(d, "bin", "python3") for d in sorted(
            os.path.join(subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip(), "versions", v)
            for v in os.listdir(os.path.join(subprocess.run(["pyenv", "root"], capture_output=True,
                                                                text=True).stdout.strip(), "versions"))
            if v.startswith("3.11"))), None)
    code = """
import gc, time
class Node: pass
gc.disable(); gc.collect()
L = []
for _ in range(%d): L.append(Node())
for i in range(len(L)): L[i].p = L[i ^ 1]
t = time.perf_counter(); gc.collect(); live = time.perf_counter() - t
del L
t = time.perf_counter(); gc.collect(); dead = time.perf_counter() - t
print(live, dead)
""" % n
    live, dead = subprocess.run([py, "-c", code], capture_output=True, text=True).stdout.split()
    return float(live), float(dead)


def collect_over_http(n=200000):
    srv = heapd()
    try:
        sid = session(srv)
        ops = nodes_batch(n)
        st, b = srv.post("/v1/sessions/%s/batch" % sid, {"ops": ops})
        assert st == 200, b[:200]
        link = [{"op": "link", "from": "L[%d]" % i, "attr": "p", "to": "L[%d]" % (i ^ 1)} for i in range(n)]
        st, b = srv.post("/v1/sessions/%s/batch" % sid, {"ops": link})
        assert st == 200, b[:200]
        t = time.perf_counter()
        st, b = srv.post("/v1/sessions/%s/collect" % sid, {})
        live = time.perf_counter() - t
        srv.post("/v1/sessions/%s/del" % sid, {"name": "L"})
        t = time.perf_counter()
        st, b = srv.post("/v1/sessions/%s/collect" % sid, {})
        dead = time.perf_counter() - t
        assert st == 200 and json.loads(b)["result"] == n, b[:200]
        cl, cd = cpython_collect(n)
        print("gc.collect() of %d objects over HTTP, events included: live %.0f ns/object (CPython %.0f, %.2fx), "
              "garbage %.0f ns/object (CPython %.0f, %.2fx)   (goal <= 1.0x)"
              % (n, live / n * 1e9, cl / n * 1e9, live / cl, dead / n * 1e9, cd / n * 1e9, dead / cd))
    finally:
        srv.stop()


def session_memory(k=2000):
    srv = heapd()
    try:
        session(srv)
        base = srv.rss_kb()
        sids = [session(srv) for _ in range(k)]
        empty = (srv.rss_kb() - base) * 1024 / k
        base = srv.rss_kb()
        for sid in sids:
            srv.post("/v1/sessions/%s/batch" % sid, {"ops": [{"op": "create", "name": "v%d" % i, "value": [i]}
                                                             for i in range(10)]})
        ten = empty + (srv.rss_kb() - base) * 1024 / k
        print("RSS per session: empty %.0f B, with 10 objects %.0f B   (goal <= 2,048 B and <= 4,096 B)" % (empty, ten))
    finally:
        srv.stop()


def rss_per_object(n=1000000):
    srv = heapd()
    try:
        sid = session(srv)
        before = srv.rss_kb()
        for i in range(0, n, 100000):
            st, b = srv.post("/v1/sessions/%s/batch" % sid, {"ops": nodes_batch(100000)[2 if i else 0:]})
            assert st == 200, b[:200]
        grown = (srv.rss_kb() - before) * 1024 / n
        print("server RSS growth per Node arriving over HTTP in 100,000-op batches: %.0f B   (goal <= 100 B; "
              "CPython's own: 137 B)" % grown)
    finally:
        srv.stop()


def creation_rate(seconds=3.0):
    """Sessions created per second over one keep-alive connection, next to
    the bare server answering the same POST."""
    def rate(srv, path, body):
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            srv.post(path, body)
            n += 1
        return n / (time.perf_counter() - t0)
    srv = heapd()
    try:
        h = rate(srv, "/v1/sessions", {"python": "3.11"})
    finally:
        srv.stop()
    bare = Server(lambda p: [BARE, str(p), "4"])
    try:
        b = rate(bare, "/len", {"ref": "x"})
    finally:
        bare.stop()
    print("session creation: %.0f/s, bare server %.0f/s: %.2f   (goal >= 0.6)" % (h, b, h / b))


def exec_workloads(n=1000):
    """(name, Python source of n statements, the same statements as JSON operations)"""
    nodes_src = "class Node:\n    pass\nimport gc\ngc.disable()\nL = []\n" + "L.append(Node())\n" * (n - 4)
    nodes_ops = nodes_batch(n - 3)
    mixed_src, mixed_ops = ["import sys"], []
    for i in range((n - 1) // 4):
        mixed_src += ["a%d = [%d, 'x', None]" % (i, i), "a%d.append(a%d)" % (i, i // 2),
                      "sys.getrefcount(a%d)" % i, "a%d[0] is a%d[1]" % (i, i // 2)]
        mixed_ops += [{"op": "create", "name": "a%d" % i, "value": [i, "x", None]},
                      {"op": "link", "from": "a%d" % i, "append": True, "to": "a%d" % (i // 2)},
                      {"op": "getrefcount", "ref": "a%d" % i}, {"op": "is", "a": "a%d[0]" % i, "b": "a%d[1]" % (i // 2)}]
    return [("L.append(Node())", nodes_src, nodes_ops), ("mixed", "\n".join(mixed_src) + "\n", mixed_ops)]


def exec_per_statement(rounds=5, reps=120):
    """POST .../exec of a 1,000-statement source (module and statements
    mode) next to the same statements as one JSON batch: the server's CPU
    per statement, parsing and translation included, bodies encoded
    beforehand, each request in a fresh session made beforehand. The three
    alternate in `rounds` rounds of `reps` requests each (the machine is
    shared: a figure is the best round, the median in brackets)."""
    srv = heapd()
    try:
        for name, src, ops in exec_workloads():
            bodies = [("batch", "batch", json.dumps({"ops": ops}).encode()),
                      ("exec module", "exec", json.dumps({"source": src}).encode()),
                      ("exec statements", "exec", json.dumps({"source": src, "mode": "statements"}).encode())]
            samples = {label: [] for label, _, _ in bodies}
            session(srv)
            for _ in range(rounds):
                for label, path, body in bodies:
                    sids = [session(srv) for _ in range(reps)]
                    c0 = srv.cpu_seconds()
                    for sid in sids:
                        st, b = srv.post("/v1/sessions/%s/%s" % (sid, path), body)
                        assert st == 200, b[:300]
                    samples[label].append((srv.cpu_seconds() - c0) / (reps * 1000) * 1e6)
                    for sid in sids:
                        delete(srv, sid)
            best = {k: min(v) for k, v in samples.items()}
            med = {k: sorted(v)[len(v) // 2] for k, v in samples.items()}
            print("1,000 statements (%s), server CPU per statement: %s   (goal: exec <= batch)" % (name, ";  ".join(
                "%s %.2f µs (median %.2f%s)" % (k, best[k], med[k], "" if k == "batch" else
                                                ", %.2fx batch" % (best[k] / best["batch"])) for k in samples)))
    finally:
        srv.stop()


def bounded_costs():
    """Server CPU of work that once grew with the heap instead of with the
    request (issue of 2026-12-01, heapd's unbounded requests): a batch of
    1,000 descriptors of an object 100,000 weakrefs refer to, next to the
    same batch of one without (the list was walked: 40 times as costly),
    and 40 one-object pages of GET graph over 300,000 objects (each sorted
    every id: 1.33 s, then 0.22 s)."""
    srv = heapd()
    try:
        sid = session(srv)
        ops = [{"op": "class", "name": "N"}, {"op": "create", "name": "x", "type": "N"},
               {"op": "create", "name": "z", "type": "N"}, {"op": "create", "name": "L", "value": []}]
        for _ in range(100000):
            ops += [{"op": "weakref", "name": "w", "target": "x", "callback": True},
                    {"op": "link", "from": "L", "append": True, "to": "w"}]
        srv.post("/v1/sessions/%s/batch" % sid, {"ops": ops})

        def cpu_of(name):
            before = srv.cpu_seconds()
            for _ in range(5):
                srv.post("/v1/sessions/%s/batch" % sid, {"ops": [{"op": "assign", "name": "y", "to": name}] * 1000})
            return srv.cpu_seconds() - before
        plain, walked = cpu_of("z"), cpu_of("x")
        print("descriptors of an object with 100,000 weakrefs: %.3f s for 5,000, without weakrefs %.3f s: %.1fx"
              "   (goal <= 3x; 40x when the list was walked)" % (walked, plain, walked / max(plain, 1e-9)))
        delete(srv, sid)
        sid = session(srv)
        srv.post("/v1/sessions/%s/batch" % sid, {"ops": [{"op": "create", "name": "x%d" % i, "value": [[]] * 1000}
                                                         for i in range(300)]})
        before = srv.cpu_seconds()
        for _ in range(40):
            srv.conn.request("GET", "/v1/sessions/%s/graph?limit=1" % sid)
            srv.conn.getresponse().read()
        print("40 one-object pages of GET graph over 300,300 objects: %.2f s of server CPU   (1.33 s when each "
              "page sorted every id)" % (srv.cpu_seconds() - before))
    finally:
        srv.stop()


# bench/bench_http.py HEAPD BARE [figure...]: those figures alone (all, in this order, by default)
FIGURES = {"exec": exec_per_statement, "batch": batch_per_op, "collect": collect_over_http,
           "sessions": session_memory, "rss": rss_per_object, "creation": creation_rate, "bounded": bounded_costs}

if __name__ == "__main__":
    unknown = [a for a in sys.argv[3:] if a not in FIGURES]
    if unknown:
        sys.exit("unknown figure %s (one of: %s)" % (", ".join(unknown), ", ".join(FIGURES)))
    for name in sys.argv[3:] or FIGURES:
        FIGURES[name]()
