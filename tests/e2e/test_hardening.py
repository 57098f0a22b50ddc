#!/usr/bin/env python3
"""Hardening tests: no request can hurt the server. Each test starts its own
build/heapd (HEAPD_BIN overrides) on a free loopback port with the flags it
needs and stops it. Prints PASS/FAIL lines and 'N passed, N failed'.

Several tests connect from other loopback addresses (127.0.0.2, 127.0.1.x):
Linux routes all of 127/8 to lo, so these are distinct clients to the server.
"""
import json
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from heapd_proc import Heapd, ROOT, free_port  # noqa: E402

BINARY = os.environ.get("HEAPD_BIN") or os.path.join(ROOT, "build", "heapd")
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 4096 if hard == resource.RLIM_INFINITY else min(hard, 4096)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def connect(port, src="127.0.0.1", timeout=5):
    s = socket.socket()
    s.settimeout(timeout)
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    return s


def read_all(s):
    data = b""
    try:
        while True:
            c = s.recv(65536)
            if not c:
                break
            data += c
    except (socket.timeout, ConnectionResetError):
        pass
    return data


def ask(port, data, src="127.0.0.1", timeout=5):
    """Sends raw bytes, returns (status, headers dict, body bytes) of the answer, or None for none."""
    s = connect(port, src, timeout)
    try:
        s.sendall(data)
        answer = read_all(s)
    except OSError:
        answer = b""
    s.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})[^\r\n]*\r\n(.*?)\r\n\r\n(.*)", answer, re.S)
    if not m:
        return None
    headers = {}
    for line in m.group(2).split(b"\r\n"):
        k, _, v = line.partition(b":")
        headers[k.strip().decode().lower()] = v.strip().decode()
    return int(m.group(1)), headers, m.group(3)


def healthz(port, src="127.0.0.1", timeout=5):
    """One GET /healthz on a new connection from src: (ok, seconds)."""
    t0 = time.time()
    try:
        r = ask(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", src, timeout)
        ok = r is not None and r[0] == 200
    except OSError:
        ok = False
    return ok, time.time() - t0


def closed_by_peer(s, within):
    """Waits up to `within` seconds for the server to close s; returns the seconds it took, or None."""
    t0 = time.time()
    s.settimeout(0.1)
    while time.time() - t0 < within:
        try:
            if s.recv(4096) == b"":
                return time.time() - t0
        except socket.timeout:
            continue
        except OSError:
            return time.time() - t0
    return None


def log_text(srv):
    srv.log.flush()
    with open(srv.log.name, "rb") as f:
        return f.read()


class Slowloris:
    """n sockets, each sends a request line and then one header line every 4-9 s (never the blank line
    that ends the headers); a socket the server closed is reopened at its next turn."""

    def __init__(self, port, n, sources=("127.0.0.1",), gap=(4, 9), body=False):
        self.port, self.n, self.sources, self.gap, self.body = port, n, sources, gap, body
        self.rnd = random.Random(7)
        self.stop = threading.Event()
        self.reopened = 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def open(self, i):
        s = socket.socket()
        s.setblocking(False)
        try:
            s.bind((self.sources[i % len(self.sources)], 0))
            s.connect_ex(("127.0.0.1", self.port))
        except OSError:
            s.close()
            return None
        return s

    def first(self):
        if self.body:  # complete headers, then a body that never ends
            return b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{"
        return b"GET /healthz HTTP/1.1\r\nHost: x\r\n"

    def run(self):
        socks = [self.open(i) for i in range(self.n)]
        started = [False] * self.n
        due = [time.time() + 0.05] * self.n
        while not self.stop.is_set():
            now = time.time()
            for i in range(self.n):
                if due[i] > now:
                    continue
                s = socks[i]
                try:
                    if s is None:
                        raise OSError
                    s.send(b" " if self.body and started[i] else b"X-a: b\r\n" if started[i] else self.first())
                    started[i] = True
                    due[i] = now + self.rnd.uniform(*self.gap)
                except OSError:
                    if s is not None:
                        s.close()
                    socks[i] = self.open(i)
                    started[i] = False
                    self.reopened += 1
                    due[i] = now + 0.05
            self.stop.wait(0.05)
        for s in socks:
            if s is not None:
                s.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def probe_during(port, seconds, sources):
    """Asks /healthz from each source every 0.2 s for `seconds`; returns {source: [(ok, secs)]}."""
    results = {src: [] for src in sources}

    def loop(src):
        t_end = time.time() + seconds
        while time.time() < t_end:
            results[src].append(healthz(port, src, timeout=5))
            time.sleep(0.2)

    threads = [threading.Thread(target=loop, args=(src,)) for src in sources]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def assert_all_quick(results, limit=1.0, flooding=()):
    """Every probe answered within limit; from an address that is itself flooding the server, at least
    90% of them: new connections from one address displace each other at the per-client cap, and a
    probe the server has not read yet when 32 newer sockets from its address arrive is one of them
    (the guard ranks such fresh connections last, so this takes a flood faster than the server reads)."""
    for src, rs in results.items():
        bad = [(ok, round(secs, 3)) for ok, secs in rs if not ok or secs > limit]
        worst = max(secs for _, secs in rs)
        allowed = len(rs) // 10 if src in flooding else 0
        assert rs and len(bad) <= allowed, "from %s: %d of %d probes failed or took over %.1f s: %r (worst %.3f s)" % (
            src, len(bad), len(rs), limit, bad[:5], worst)


# ---------------------------------------------------------------- flags

@test
def numeric_flags_out_of_range_exit_2():
    cases = [(["--port", "74465"], "--port"), (["--port", "0"], "--port"), (["--port=-1"], "--port"),
             (["--port", " 80"], "--port"), (["--port", "80x"], "--port"), (["--threads", "0"], "--threads"),
             (["--threads", "257"], "--threads"), (["--header-timeout", "0"], "--header-timeout"),
             (["--header-timeout", "nan"], "--header-timeout"), (["--body-timeout", "-1"], "--body-timeout"),
             (["--conn-timeout", "0"], "--conn-timeout"), (["--max-connections", "0"], "--max-connections"),
             (["--max-body", "0"], "--max-body"), (["--max-batch", "0"], "--max-batch"),
             (["--max-uri", "10"], "--max-uri"), (["--session-ttl", "inf"], "--session-ttl"),
             (["--max-objects", "18446744073709551617"], "--max-objects"),
             (["--host", "1.2.3"], "--host"), (["--cors-origin", "a\r\nX-Evil: 1"], "--cors-origin")]
    for args, name in cases:
        out = subprocess.run([BINARY] + args, capture_output=True, text=True, timeout=10)
        assert out.returncode == 2, (args, out.returncode, out.stderr)
        assert name in out.stderr, (args, out.stderr)
    out = subprocess.run([BINARY, "--port", "74465"], capture_output=True, text=True, timeout=10)
    assert "1 to 65535" in out.stderr and "74465" in out.stderr, out.stderr
    out = subprocess.run([BINARY], capture_output=True, text=True, timeout=10, env=dict(os.environ, HEAPD_PORT="99999"))
    assert out.returncode == 2 and "HEAPD_PORT" in out.stderr, out


@test
def flags_take_only_the_documented_forms():
    """Counts are decimal digits, seconds decimal digits with an optional
    fraction (README, Configuration): every other form, from a flag or its
    variable, stops heapd (exit 2) naming it. strtod() used to take '0x10'
    (16 s), '1e3', ' 5', '+5' for every seconds flag. Each bad value comes
    before --help, which would otherwise end the run with 0."""
    seconds = ["--header-timeout", "--body-timeout", "--session-ttl"]
    counts = ["--port", "--max-body", "--max-memory", "--max-uri", "--conn-timeout"]
    bad_seconds = ["0x10", "0X1p3", "1e3", " 5", "5 ", "+5", "-0", "5s", "", ".5", "1.", "1..5", "1.5.2", "inf",
                   "nan", "1" * 400, "\u0665"]
    bad_counts = ["0x10", "1e3", " 80", "80 ", "+80", "-0", "", "8_0", "99999999999999999999999999", "1.0"]

    def run(flag, v, form):
        """heapd with flag=v as '--flag v', '--flag=v' or its variable (form 0, 1, 2), then --help."""
        var = "HEAPD_" + flag[2:].upper().replace("-", "_")
        args, env, name = [[flag, v], [flag + "=" + v], []][form], ({var: v} if form == 2 else {}), (
            var if form == 2 else flag)
        out = subprocess.run([BINARY] + args + ["--help"], capture_output=True, text=True, timeout=30,
                             env=dict(os.environ, **env))
        return out, name

    # every bad value once, the flags and the three forms in turn (each run is a process start: slow under ASan)
    for i, v in enumerate(bad_seconds):
        out, name = run(seconds[i % 3], v, i // 3 % 3)
        assert out.returncode == 2 and name in out.stderr, (name, v, out.returncode, out.stderr)
    for i, v in enumerate(bad_counts):
        out, name = run(counts[i % 5], v, i % 3)
        assert out.returncode == 2 and name in out.stderr, (name, v, out.returncode, out.stderr)
    for i, v in enumerate(("10", "1.5", "0.25", "007")):
        out, name = run(seconds[i % 3], v, i % 3)
        assert out.returncode == 0, (name, v, out.stderr)
    for flag, v in (("--cors-origin", ""), ("--host", ""), ("--host", "127.0.0.1 "), ("--host", "0x7f.0.0.1")):
        out = subprocess.run([BINARY, flag, v, "--help"], capture_output=True, text=True, timeout=30)
        assert out.returncode == 2 and flag in out.stderr, (flag, v, out.stderr)


@test
def help_lists_the_new_flags():
    out = subprocess.run([BINARY, "--help"], capture_output=True, text=True, timeout=10)
    assert out.returncode == 0, out
    for flag in ("--header-timeout", "--body-timeout", "--max-connections", "--max-conns-per-client", "--max-uri",
                 "HEAPD_HEADER_TIMEOUT", "HEAPD_MAX_CONNS_PER_CLIENT"):
        assert flag in out.stdout, flag


# ---------------------------------------------------------------- log

@test
def log_escapes_client_bytes():
    srv = Heapd()
    try:
        ask(srv.port, b"GET /v1/%0Ax\x1b[31mred\\x41\x7f\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        ask(srv.port, b"G\x1bT /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        st, _, _ = ask(srv.port, b"GET /healthz?q=%0A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert st == 200
        time.sleep(0.6)  # the log is flushed every 200 ms
        text = log_text(srv)
        for b in (b"\x1b", b"\x7f", b"\xff"):
            assert b not in text, (b, text[-600:])
        lines = text.decode("ascii").splitlines()
        assert "127.0.0.1 GET /v1/%0Ax\\x1b[31mred\\x5cx41\\x7f\\xff 404 " in text.decode(), lines[-4:]
        assert any(re.fullmatch(r"127\.0\.0\.1 G\\x1bT /healthz 405 [0-9.]+ms", ln) for ln in lines), lines[-4:]
        assert any(re.fullmatch(r"127\.0\.0\.1 GET /healthz 200 [0-9.]+ms", ln) for ln in lines), lines[-4:]
    finally:
        assert srv.stop() == 0


# ---------------------------------------------------------------- request size

@test
def long_request_target_gets_414_json():
    srv = Heapd()
    try:
        for target in (b"/healthz?x=" + b"a" * 9000,               # one long argument
                       b"/healthz?" + b"a&" * 8000,                 # many: 0.9.75 used to never answer
                       b"/v1/sessions/" + b"s" * 20000,             # a long path
                       b"/healthz?" + b"ab=c&" * 6000):             # 30 KB, still within libmicrohttpd's memory
            r = ask(srv.port, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=5)
            assert r is not None, ("no answer", len(target))
            st, h, body = r
            assert st == 414, (len(target), st, body[:200])
            assert h.get("content-type") == "application/json" and h.get("access-control-allow-origin") == "*", h
            assert re.fullmatch(rb'\{"error":\{"code":"too_large","message":"[^"]*8192 bytes"\}\}', body), body
        # over libmicrohttpd's per-connection memory (--max-uri + 24 KiB): its own 414, but an answer
        for n in (40000, 200000):
            r = ask(srv.port, b"GET /healthz?" + b"a" * n + b" HTTP/1.1\r\nHost: x\r\n\r\n", timeout=5)
            assert r is not None and r[0] == 414, r
        # headers over that memory: 431
        r = ask(srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"h%d: v\r\n" % i for i in range(3000))
                + b"\r\n", timeout=5)
        assert r is not None and r[0] == 431, r
        assert healthz(srv.port)[0]
    finally:
        assert srv.stop() == 0


@test
def cookie_jars_heapd_can_hold_get_its_cors_answer():
    """A browser sends its cookies for `localhost` to every port, and
    libmicrohttpd copies and splits the Cookie header in the connection's
    memory (--max-uri + 24 KiB) before heapd sees the request: past that its
    own 431 comes, with no CORS header (0.9.75 has no way to add one:
    README, Cross-origin). Within it heapd answers, with CORS; a bigger
    --max-uri makes room for bigger jars."""
    def jar(n):
        return b"Cookie: " + b"; ".join(b"c%d=%s" % (i, b"v" * 90) for i in range(n // 100)) + b"\r\n"
    for flags, fits, past in (((), 10000, 30000), (("--max-uri", "32768"), 20000, 40000)):
        srv = Heapd(*flags)
        try:
            base = b"GET /healthz HTTP/1.1\r\nHost: x\r\nOrigin: http://page.example\r\nConnection: close\r\n"
            r = ask(srv.port, base + jar(fits) + b"\r\n")
            assert r is not None and r[0] == 200 and r[1].get("access-control-allow-origin") == "*", (flags, r)
            r = ask(srv.port, base + jar(past) + b"\r\n")
            assert r is not None and r[0] == 431, (flags, r)  # libmicrohttpd's, without CORS
        finally:
            assert srv.stop() == 0


@test
def requests_filling_the_connection_memory_get_an_answer():
    """libmicrohttpd 0.9.75 builds an answer's headers in what a request left
    of the connection's memory (--max-uri + 24 KiB): a request line and
    headers within some 300 bytes of its end used to get no answer at all
    ("failed to create response header"), nor did a Cookie header it had no
    room left to split. Every one gets an answer now: heapd's JSON 431 (414
    for a long target) with CORS, or what the request asked for."""
    srv = Heapd()
    try:
        target = b"/healthz?" + b"a" * (8192 - 9)  # at --max-uri: the request reaches heapd
        cases = []
        for n in range(22400, 24500, 12):  # one header: past heapd's 431, through the memory's end
            cases.append(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-A: "
                         + b"v" * n + b"\r\n\r\n")
        for n in range(23900, 24500, 60):  # a body, and a pipelined second request
            cases.append(b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\nX-A: "
                         + b"v" * (n + 8190) + b"\r\n\r\n{}")
            cases.append(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nX-A: " + b"v" * n + b"\r\n\r\n"
                         + b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        for n in range(880, 940, 4):  # a Cookie header of n cookies after a long target, pipelined or not
            jar = b"Cookie: " + b"; ".join(b"c%d=%s" % (i, b"v" * 20) for i in range(n)) + b"\r\n"
            cases.append(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + jar + b"\r\n")
            cases.append(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n" + jar + b"\r\n"
                         + b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        seen = set()
        for req in cases:
            r = ask(srv.port, req)
            assert r is not None, ("no answer", len(req), req[:20])
            st, h, body = r
            assert st in (200, 201, 431), (len(req), st, body[:200])
            seen.add(st)
            if st == 431 and h.get("content-type") == "application/json":  # heapd's (libmicrohttpd's is HTML)
                assert h.get("access-control-allow-origin") == "*", h
                assert json.loads(body)["error"]["code"] == "too_large", body
        assert seen >= {200, 431}, seen
        assert healthz(srv.port)[0]
    finally:
        assert srv.stop() == 0


@test
def many_query_arguments_under_the_limit_get_an_answer():
    srv = Heapd("--max-uri", "65536")
    try:
        # no answer at all was the bug: the socket's timeout (5 s) is the bound
        r = ask(srv.port, b"GET /healthz?" + b"a&" * 30000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                timeout=5)
        assert r is not None and r[0] == 200, r
    finally:
        assert srv.stop() == 0


@test
def deep_chains_on_the_polling_threads():
    """Small batches of small heaps run on the polling threads (README,
    Limits): 1,000-deep chains of lists, dicts, tuples and instances with
    weakref callbacks, built and then freed there, with the process's stack
    limit at 64 KiB (the threads take their own 16 MiB)."""
    srv = Heapd(wrapper=["sh", "-c", 'ulimit -s 64 && exec "$0" "$@"'])
    try:
        for kind in ("list", "dict", "tuple", "weak"):
            sid = srv.session()
            st, _, b = srv.request("POST", "/v1/sessions/%s/class" % sid, {"name": "N", "finalizer": "log"})
            assert st == 200, b
            srv.request("POST", "/v1/sessions/%s/create" % sid, {"name": "x0", "type": "N"})
            for lo in range(1, 1000, 100):
                ops = []
                for i in range(lo, lo + 100):
                    prev = {"ref": "x%d" % (i - 1)}
                    value = {"list": [prev], "dict": {"type": "dict", "value": {"k": prev}},
                             "tuple": {"type": "tuple", "value": [prev]}}.get(kind)
                    ops.append({"op": "create", "name": "x%d" % i, "type": "N", "attrs": {"next": prev}}
                               if value is None else {"op": "create", "name": "x%d" % i, "value": value})
                    if kind == "weak":
                        ops.append({"op": "weakref", "name": "w%d" % i, "target": "x%d" % i, "callback": True})
                st, _, b = srv.request("POST", "/v1/sessions/%s/batch" % sid, {"ops": ops})
                assert st == 200, (kind, st, str(b)[:300])
            st, _, b = srv.request("POST", "/v1/sessions/%s/batch" % sid, {"ops": [
                {"op": "assign", "name": "top", "to": "x999"}, {"op": "del", "names": ["x%d" % i for i in range(1000)]},
                {"op": "del", "name": "top"}]})
            assert st == 200, (kind, st, str(b)[:300])
            assert sum(e["event"] == "destroyed" for e in b["events"]) >= 1000, kind
    finally:
        assert srv.stop() == 0


@test
def busy_session_wakes_its_waiting_requests():
    """One session hammered by small operations, which run on the polling
    threads, and by reads and exec, which the workers run: a request that
    finds the session busy waits aside until a request of that session ends,
    wherever that one ran (srv_pool_finished()). None waits for the workers'
    50 ms timer (heapd_wait_timeouts_total; before, those requests waited
    behind a polling thread's until the timer: p99 ~40 ms under wrk)."""
    import multiprocessing
    srv = Heapd("--threads", "4", "--workers", "2")
    try:
        sid = srv.session()
        st, _, b = srv.request("POST", "/v1/sessions/%s/create" % sid, {"name": "x", "value": [1, 2, 3]})
        assert st == 200, b
        # batches that hold the session a while on a polling thread, and
        # requests for the workers that then find it busy
        batch = json.dumps({"ops": [{"op": "len", "ref": "x"}] * 300}).encode()
        kinds = [("POST", "/v1/sessions/%s/batch" % sid, batch)] * 6 + [
            ("GET", "/v1/sessions/%s/gc" % sid, b""), ("GET", "/v1/sessions/%s" % sid, b""),
            ("POST", "/v1/sessions/%s/exec" % sid, b'{"source": "len(x)"}')] * 2
        with multiprocessing.Pool(len(kinds)) as pool:
            counts = pool.starmap(hammer, [(srv.port, m, p, body, 2.0) for m, p, body in kinds])
        assert all(counts), counts  # every answer was a 200 (hammer() stops at any other)
        st, _, text = srv.request("GET", "/metrics")
        m = re.search(r"^heapd_wait_timeouts_total (\d+)$", text, re.M)
        assert st == 200 and m, text[:500]
        assert int(m.group(1)) == 0, (m.group(0), sum(counts))
    finally:
        assert srv.stop() == 0


def hammer(port, method, path, body, seconds):
    """Requests on one keep-alive connection for `seconds`: how many were
    answered 200 (stops at another answer: 0)."""
    s = connect(port, timeout=30)
    head = ("%s %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
            % (method, path, len(body))).encode() + body
    n, buf, stop = 0, b"", time.time() + seconds
    while time.time() < stop:
        s.sendall(head)
        while b"\r\n\r\n" not in buf:
            buf += s.recv(65536)
        hdr, _, buf = buf.partition(b"\r\n\r\n")
        length = int(re.search(rb"Content-Length: (\d+)", hdr, re.I).group(1))
        while len(buf) < length:
            buf += s.recv(65536)
        buf = buf[length:]
        if not hdr.startswith(b"HTTP/1.1 200"):
            return 0
        n += 1
    s.close()
    return n


@test
def body_413_keeps_json_and_cors():
    srv = Heapd("--max-body", "1000")
    try:
        body = b"[" + b"1," * 5000 + b"1]"
        r = ask(srv.port, b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: %d\r\n\r\n"
                % len(body) + body)
        assert r is not None, "no answer"
        st, h, b = r
        assert st == 413 and h.get("content-type") == "application/json", (st, h)
        assert h.get("access-control-allow-origin") == "*", h
        assert b == b'{"error":{"code":"too_large","message":"the body is over 1000 bytes"}}', b
    finally:
        assert srv.stop() == 0


@test
def expect_continue_413_before_the_body():
    """A Content-Length over --max-body with `Expect: 100-continue` is refused at the headers
    (JSON, CORS): no 100 comes, no body is read. (Without it the body is read to its end first:
    body_413_keeps_json_and_cors.) A chunked body over the limit is counted as it comes."""
    srv = Heapd("--max-body", "1000")
    try:
        for extra in (b"Expect: 100-continue\r\n", b"expect: 100-Continue\r\n"):
            for length in (b"1001", b"1000000000000", b"99999999999999999999"):
                s = connect(srv.port)
                s.sendall(b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n"
                          + extra + b"\r\n")
                s.settimeout(3)
                data = b""
                while True:  # the server closes the connection after its answer
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                s.close()
                head, _, body = data.partition(b"\r\n\r\n")
                if length == b"99999999999999999999":  # over 64 bits: libmicrohttpd's own refusal
                    assert head.startswith(b"HTTP/1.1 413"), data[:100]
                    continue
                assert head.startswith(b"HTTP/1.1 413"), (length, extra, data[:100])
                assert b"Access-Control-Allow-Origin: *" in head, head
                assert body == b'{"error":{"code":"too_large","message":"the body is over 1000 bytes"}}', body
        chunks = b"".join(b"%x\r\n%s\r\n" % (300, b"x" * 300) for _ in range(5)) + b"0\r\n\r\n"
        r = ask(srv.port, b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n" + chunks)
        assert r is not None and r[0] == 413, r
        assert healthz(srv.port)[0]
    finally:
        assert srv.stop() == 0


@test
def unknown_transfer_coding_gets_400():
    """A Transfer-Encoding other than one `chunked` (gzip, identity, a list, a second header) is
    answered 400 JSON at the headers, nothing run. libmicrohttpd reads such a body until the client
    closes, so it used to get no answer at all: held to --body-timeout (30 s), then closed."""
    srv = Heapd()
    try:
        sid = srv.session()
        chunked = b"2\r\n{}\r\n0\r\n\r\n"
        create = b'{"name": "te", "value": 1}'
        for coding, body in ((b"gzip", create), (b"identity", create), (b"gzip, chunked", chunked),
                             (b"chunked, gzip", chunked), (b"chunked\r\nTransfer-Encoding: chunked", chunked)):
            r = ask(srv.port, b"POST /v1/sessions/%s/create HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    b"Transfer-Encoding: %s\r\n\r\n%s" % (sid.encode(), coding, body), timeout=20)
            assert r is not None, (coding, "no answer")
            st, h, b = r
            assert st == 400 and h.get("access-control-allow-origin") == "*", (coding, st, h)
            assert json.loads(b)["error"]["code"] == "bad_request", b
        st, _, b = srv.request("POST", "/v1/sessions/%s/len" % sid, {"ref": "te"})
        assert st == 422 and b["error"]["type"] == "NameError", (st, b)
        r = ask(srv.port, b"POST /v1/sessions/%s/create HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                b"Transfer-Encoding: Chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (sid.encode(), len(create), create))
        assert r is not None and r[0] == 200, r
    finally:
        assert srv.stop() == 0


@test
def content_length_2_64_minus_1_gets_413():
    """A Content-Length of 2^64 - 1 (libmicrohttpd's MHD_SIZE_UNKNOWN, which it takes for a body
    read until the client closes) is refused 413 JSON at the headers, Expect or not. It used to get
    no answer at all: held to --body-timeout (30 s), then closed. 2^64 is libmicrohttpd's own 413."""
    srv = Heapd()
    try:
        sid = srv.session()
        for length in (b"18446744073709551615", b"018446744073709551615"):
            r = ask(srv.port, b"POST /v1/sessions/%s/create HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    b"Content-Length: %s\r\n\r\n{\"name\": \"cl\", \"value\": 1}" % (sid.encode(), length), timeout=20)
            assert r is not None, (length, "no answer")
            st, h, b = r
            assert st == 413 and h.get("access-control-allow-origin") == "*", (length, st, h)
            assert json.loads(b)["error"]["code"] == "too_large", b
        st, _, b = srv.request("POST", "/v1/sessions/%s/len" % sid, {"ref": "cl"})
        assert st == 422 and b["error"]["type"] == "NameError", (st, b)
        assert healthz(srv.port)[0]
    finally:
        assert srv.stop() == 0


def big_repr_session(srv):
    """A session whose list L holds 1,000 references to a 4 KiB str: (its path, a raw GET of L's
    descriptor with its full repr, some 4 MB to answer)"""
    sid = srv.session()
    base = "/v1/sessions/%s" % sid
    st, _, b = srv.request("POST", base + "/exec", raw=b"s = '%s'\nL = []\n" % (b"x" * 4096),
                           headers={"Content-Type": "text/x-python"})
    assert st == 200, b
    st, _, b = srv.request("POST", base + "/batch",
                           {"ops": [{"op": "link", "from": "L", "append": True, "to": "s"}] * 1000})
    assert st == 200, b
    st, _, b = srv.request("POST", base + "/id", {"ref": "L"})
    return base, b"GET %s/objects/%d?repr=full HTTP/1.1\r\nHost: x\r\n\r\n" % (base.encode(), b["result"])


def reads_again_once_closed(srv, base, socks):
    """The clients holding unread answers go: within a minute a read of the session answers again
    (the closed sockets' answers are dropped at their next send)."""
    for s in socks:
        s.close()
    deadline = time.time() + 60
    while True:
        st, _, b = srv.request("GET", base)
        if st == 200 or time.time() > deadline:
            break
        time.sleep(0.2)
    assert st == 200, (st, b)


@test
def unread_answers_count_toward_the_memory_cap():
    """Answers queued for clients that do not read them count toward --max-memory: past it a read
    (and new work) answers 503 overloaded with Retry-After, and once those clients are gone the
    reads answer again. An answer is held whole until its last byte is sent, and a full repr is up
    to 16 MiB: 32 sockets asking for one each and reading nothing used to hold 525 MB, with no cap."""
    srv = Heapd("--max-memory", "8000000")
    socks = []
    try:
        base, get = big_repr_session(srv)
        refused = None
        for _ in range(20):  # each answer is some 4 MB: 2 of them pass the cap
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.connect(("127.0.0.1", srv.port))
            s.sendall(get)
            socks.append(s)
            st, h, b = srv.request("GET", base)
            if st == 503:
                refused = (h, b)
                break
            assert st == 200, (st, b)
            time.sleep(0.2)
        assert refused, "never refused with %d unread answers held" % len(socks)
        h, b = refused
        assert b["error"]["code"] == "overloaded" and b["error"]["limit"] == "memory", b
        assert h.get("Retry-After") and h.get("Access-Control-Allow-Origin") == "*", h
        st, _, b = srv.request("POST", base + "/create", {"name": "n", "value": 1})
        assert st == 503 and b["error"]["code"] == "overloaded", (st, b)
        reads_again_once_closed(srv, base, socks)
        socks = []
        assert healthz(srv.port)[0]
    finally:
        for s in socks:
            s.close()
        assert srv.stop() == 0


@test
def unread_answers_and_sessions_together_stay_near_the_memory_cap():
    """Reads keep an eighth of --max-memory for unread answers whatever the sessions hold, and no
    more once the sessions and the answers together pass the cap: reads were refused only when the
    answers alone passed it, so with sessions at the cap the process held the cap twice (454 MB of
    RSS under --max-memory 200000000: 201 MB billed, 201 MB of answers nobody read)."""
    srv = Heapd("--max-memory", "12000000")
    socks = []
    try:
        base, get = big_repr_session(srv)
        # the session then holds some 8.5 MB: one unread answer of 4 MB takes it past the cap
        st, _, b = srv.request("POST", base + "/exec", raw=b"b = 'y' * 4096\n" + b"b += b\n" * 11,
                               headers={"Content-Type": "text/x-python"})
        assert st == 200, b
        refused = None
        for _ in range(8):  # the answers alone pass the cap at the fourth
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.connect(("127.0.0.1", srv.port))
            s.sendall(get)
            socks.append(s)
            time.sleep(0.2)
            st, h, b = srv.request("GET", base)
            if st == 503:
                refused = len(socks)
                break
            assert st == 200, (st, b)
        assert refused and refused <= 2, "reads answered with %d unread answers of 4 MB held" % len(socks)
        assert b["error"]["code"] == "overloaded" and b["error"]["limit"] == "memory", b
        reads_again_once_closed(srv, base, socks)
        socks = []
    finally:
        for s in socks:
            s.close()
        assert srv.stop() == 0


def metric(port, name):
    """One value of GET /metrics."""
    r = ask(port, b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    m = r and re.search(r"^%s (\d+)$" % name, r[2].decode(), re.M)
    assert r and r[0] == 200 and m, (name, r and r[2][-800:])
    return int(m.group(1))


@test
def request_bodies_count_toward_the_memory_cap():
    """A body being received is buffered up to --max-body + 1 bytes (it
    doubled past it: 1 MiB for a 1,000,000-byte cap) and counts toward
    --max-memory (heapd_request_body_bytes): a body that would pass the cap
    is read to its end, dropped and answered 503 overloaded. Before, bodies
    were counted nowhere: --max-connections x 2 x --max-body."""
    srv = Heapd("--max-memory", "1500000", "--max-body", "1000000")
    a = None
    try:
        body = b'{"python": "3.11"}' + b" " * (1000000 - 18)
        head = b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body)
        a = connect(srv.port, timeout=60)
        a.sendall(head + body[:-1])  # all but its last byte: the server holds it
        deadline = time.time() + 60
        while metric(srv.port, "heapd_request_body_bytes") < 1000001 and time.time() < deadline:
            time.sleep(0.05)
        assert metric(srv.port, "heapd_request_body_bytes") == 1000001  # --max-body + 1, not 2^20
        r = ask(srv.port, head + body, timeout=60)  # a second whole one would pass the cap
        assert r is not None and r[0] == 503, r and r[:2]
        err = json.loads(r[2])["error"]
        assert err["code"] == "overloaded" and err["limit"] == "memory", err
        assert r[1].get("retry-after") and r[1].get("access-control-allow-origin") == "*", r[1]
        assert metric(srv.port, "heapd_request_body_bytes") == 1000001  # the refused one holds nothing
        a.sendall(body[-1:])
        answer = read_all(a)
        assert answer.startswith(b"HTTP/1.1 201"), answer[:200]
        deadline = time.time() + 60  # given back once its answer is sent
        while metric(srv.port, "heapd_request_body_bytes") and time.time() < deadline:
            time.sleep(0.05)
        assert metric(srv.port, "heapd_request_body_bytes") == 0
        assert ask(srv.port, head + body, timeout=60)[0] == 201  # room again
    finally:
        if a:
            a.close()
        assert srv.stop() == 0


# ---------------------------------------------------------------- deadlines

@test
def header_deadline_closes_a_trickler():
    # the idle timeout (15 s) alone never closes it: a header line every 0.2 s resets it
    srv = Heapd("--header-timeout", "1", "--conn-timeout", "15")
    try:
        s = connect(srv.port)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        t0 = time.time()
        closed = None
        while time.time() - t0 < 5 and closed is None:
            try:
                s.sendall(b"X-a: b\r\n")
            except OSError:
                closed = time.time() - t0
                break
            closed = closed_by_peer(s, 0.2) and time.time() - t0
        s.close()
        assert closed is not None and 0.8 < closed < 2.5, closed
        time.sleep(0.5)
        assert re.search(rb"127\.0\.0\.1 - /healthz 408 ", log_text(srv)), log_text(srv)[-400:]
    finally:
        assert srv.stop() == 0


@test
def body_deadline_closes_a_trickler():
    srv = Heapd("--header-timeout", "1", "--body-timeout", "1.5", "--conn-timeout", "15")
    try:
        s = connect(srv.port)
        s.sendall(b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
        t0 = time.time()
        closed = None
        while time.time() - t0 < 6 and closed is None:
            try:
                s.sendall(b" ")
            except OSError:
                closed = time.time() - t0
                break
            closed = closed_by_peer(s, 0.2) and time.time() - t0
        s.close()
        assert closed is not None and 1.2 < closed < 3, closed
        time.sleep(0.5)
        assert re.search(rb"127\.0\.0\.1 POST /v1/sessions 408 ", log_text(srv)), log_text(srv)[-400:]
        # a body that arrives in time is still served
        r = ask(srv.port, b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}")
        assert r and r[0] == 201, r
    finally:
        assert srv.stop() == 0


@test
def idle_keepalive_gets_the_header_deadline():
    srv = Heapd("--header-timeout", "1", "--conn-timeout", "15")
    try:
        s = connect(srv.port)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        data = b""
        while b'{"status":"ok"}' not in data:
            data += s.recv(4096)
        took = closed_by_peer(s, 4)
        s.close()
        assert took is not None and 0.7 < took < 2.5, took
    finally:
        assert srv.stop() == 0


# ---------------------------------------------------------------- connection caps

@test
def per_client_cap_makes_room_for_a_whole_request():
    srv = Heapd("--max-conns-per-client", "4", "--header-timeout", "30")
    try:
        idle = []
        for _ in range(10):  # only ever 4 of these stay open: each new one displaces the oldest
            s = connect(srv.port)
            s.sendall(b"GET /healthz HTTP/1.1\r\n")
            idle.append(s)
            time.sleep(0.05)
        time.sleep(0.3)
        open_ = [s for s in idle if closed_by_peer(s, 0.05) is None]
        assert len(open_) == 4 and open_ == idle[-4:], len(open_)
        ok, secs = healthz(srv.port)  # from the same address: displaces the oldest idle socket
        assert ok and secs < 1, (ok, secs)
        # the same with sockets stuck in their bodies
        stuck = []
        for _ in range(6):
            s = connect(srv.port)
            s.sendall(b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
            stuck.append(s)
            time.sleep(0.05)
        ok, secs = healthz(srv.port)
        assert ok and secs < 1, (ok, secs)
        # another address is not affected by this one's cap
        ok, secs = healthz(srv.port, "127.0.0.2")
        assert ok and secs < 1, (ok, secs)
        for s in idle + stuck:
            s.close()
        time.sleep(0.5)
        assert b"over a connection cap" in log_text(srv)
    finally:
        assert srv.stop() == 0


@test
def slowloris_1100_sockets_default_flags():
    """1,100 trickling sockets from 127.0.0.1 for 15 s (past one 10 s header deadline): /healthz from
    another address answers every time within 1 s, from the flooding address itself at least 9 times in 10."""
    srv = Heapd()
    try:
        with Slowloris(srv.port, 1100) as attack:
            time.sleep(1)
            results = probe_during(srv.port, 14, ("127.0.0.1", "127.0.0.2"))
        assert attack.reopened > 1000, attack.reopened  # the cap did close them
        assert_all_quick(results, 1.0, flooding=("127.0.0.1",))
        assert healthz(srv.port)[0]
    finally:
        assert srv.stop() == 0


@test
def slowloris_from_many_addresses_over_the_total():
    """600 trickling sockets from 30 addresses (20 each: under the per-client cap) against
    --max-connections 400: room is made, and the deadline ends them."""
    srv = Heapd("--max-connections", "400", "--header-timeout", "3")
    try:
        sources = ["127.0.1.%d" % i for i in range(1, 31)]
        with Slowloris(srv.port, 600, sources=sources, gap=(1, 2)):
            time.sleep(1)
            results = probe_during(srv.port, 8, ("127.0.0.1", "127.0.1.1"))
        assert_all_quick(results, 1.0)
        time.sleep(0.5)
        text = log_text(srv).decode()
        m = re.findall(r"closed (\d+) connections past a deadline and (\d+) over a connection cap", text)
        assert m and int(m[-1][1]) > 0, text[-300:]
    finally:
        assert srv.stop() == 0


@test
def slow_bodies_from_one_address():
    """1,100 sockets from 127.0.0.1 with complete headers and a body trickling forever: /healthz from
    another address answers every time within 1 s, from the flooding address at least 9 times in 10."""
    srv = Heapd()
    try:
        with Slowloris(srv.port, 1100, body=True, gap=(1, 2)):
            time.sleep(1)
            results = probe_during(srv.port, 5, ("127.0.0.1", "127.0.0.2"))
        assert_all_quick(results, 1.0, flooding=("127.0.0.1",))
    finally:
        assert srv.stop() == 0


@test
def stop_signal_on_any_thread_under_tsan():
    """SIGTERM, SIGINT or SIGHUP delivered to a thread other than the main one (the kernel picks any
    thread that does not block it: a worker, a polling thread) stops heapd cleanly, with no report
    from build-tsan/heapd. The handler wrote a volatile sig_atomic_t flag that the main thread reads,
    which is a data race between threads (TSan reported it, exit 66); the flag is atomic now. Runs
    only when the TSan build exists (make tsan)."""
    import ctypes
    tsan = os.path.join(ROOT, "build-tsan", "heapd")
    if not os.path.exists(tsan):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    SYS_tgkill = {"x86_64": 234, "aarch64": 131}.get(os.uname().machine)
    if SYS_tgkill is None:
        return
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        srv = Heapd("--workers", "2", "--threads", "2", binary=tsan)
        time.sleep(0.5)  # the main loop has read the flag a few times
        pid = srv.proc.pid
        tids = sorted(int(t) for t in os.listdir("/proc/%d/task" % pid) if int(t) != pid)
        assert tids, "no threads"
        assert libc.syscall(SYS_tgkill, pid, tids[-1], int(sig)) == 0, ctypes.get_errno()
        try:
            rc = srv.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            srv.proc.kill()
            rc = "hung"
        log = log_text(srv)
        srv.log.close()
        assert rc == 0 and b"ThreadSanitizer" not in log, (sig, rc, log[log.find(b"WARNING"):][:600])


def shim(name):
    """builds tests/e2e/shims/NAME.c into build/NAME.so (an LD_PRELOAD shim)"""
    src = os.path.join(HERE, "shims", name + ".c")
    out = os.path.join(ROOT, "build", name + ".so")
    if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(src):
        subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", out, src, "-ldl"], check=True)
    return out


def shim_env(name):
    """the environment that preloads shim NAME; a sanitized heapd's runtime is not then first in the list
    of libraries, which ASan refuses unless told it is fine"""
    asan = os.environ.get("ASAN_OPTIONS", "")
    return {"LD_PRELOAD": shim(name), "ASAN_OPTIONS": (asan + ":" if asan else "") + "verify_asan_link_order=0"}


@test
def stop_signal_while_clients_connect():
    """SIGTERM while clients keep opening connections, with the main thread's EPOLL_CTL_DEL slowed as a
    preempted thread's would be (tests/e2e/shims/slow_epoll_del.c): heapd exits 0, and a connection
    opened during the drain is closed unanswered. heapd stopped accepting with MHD_quiesce_daemon(),
    which on an epoll daemon races the polling threads' own removal of the listening socket from
    their epoll sets; libmicrohttpd 0.9.75 answers the loser's ENOENT with MHD_PANIC() (abort: one
    CI run of make test lost a SIGTERM to it, exit -6; with the shim, every stop). It closes what
    arrives from the signal on with its accept policy instead."""
    rnd = random.Random(11)
    for cycle in range(4):
        srv = Heapd("--conn-timeout", "1", "--workers", "2", "--threads", "2", env=shim_env("slow_epoll_del"))
        stop = threading.Event()

        def storm():
            while not stop.is_set():
                try:
                    s = connect(srv.port, timeout=2)
                    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                    s.recv(64)
                    s.close()
                except OSError:
                    time.sleep(0.005)
        threads = [threading.Thread(target=storm, daemon=True) for _ in range(4)]
        for t in threads:
            t.start()
        idle = connect(srv.port)  # an idle keep-alive connection: the drain lasts its timeout
        idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert idle.recv(64).startswith(b"HTTP/1.1 200")
        time.sleep(rnd.uniform(0.05, 0.4))
        srv.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)  # the main loop reads the flag every 200 ms
        stop.set()
        for t in threads:
            t.join()
        late = None
        if srv.proc.poll() is None:
            try:
                late = ask(srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", timeout=3)
            except OSError:
                pass  # refused: heapd is gone (its exit status says how)
        try:
            rc = srv.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            srv.proc.kill()
            rc = "hung"
        idle.close()
        log = log_text(srv)
        srv.log.close()
        assert rc == 0, (cycle, rc, log[-300:])
        assert not late, (cycle, "a connection opened during the drain was answered", late[:2])


@test
def stop_signal_during_startup():
    """A SIGTERM sent while heapd starts up, before it listens (tests/e2e/shims/stop_at_startup.c sends it from
    heapd's first look at its open-file limit): heapd carries the stop out once it listens and exits 0. It
    installed its handler only after that point, and the signal's default action ended it (-15)."""
    log_path = os.path.join(ROOT, "build", "heapd-startup-stop.log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([BINARY, "--port", str(free_port()), "--conn-timeout", "1"], stderr=log,
                                env=dict(os.environ, **shim_env("stop_at_startup")))
        try:
            rc = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = "hung"
    text = open(log_path, errors="replace").read()
    assert rc == 0 and "heapd: stopping" in text, (rc, text[-300:])


@test
def descriptors_below_what_max_connections_needs():
    """An open-file limit (hard: 200) below what --max-connections needs (1024, the default): heapd serves as many
    connections as fit and says so. 260 idle sockets, more than the limit, then /healthz: answered (the guard
    made room at the lowered cap), and libmicrohttpd never ran out of descriptors. heapd left the limit as
    it was, accept() failed with EMFILE, the polling threads with no connection busy-waited on it, and no
    client was answered until libmicrohttpd's idle timeout (--conn-timeout 60) ended the idle sockets."""
    srv = Heapd("--threads", "4", "--conn-timeout", "60", "--header-timeout", "60", "--max-conns-per-client", "0",
                wrapper=["prlimit", "--nofile=200:200", "--"])
    idle = []
    try:
        for _ in range(260):
            idle.append(connect(srv.port))
        answer = ask(srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=30)
        assert answer and answer[0] == 200, answer
    finally:
        for s in idle:
            s.close()
        rc = srv.stop()
    log = open(srv.log.name, errors="replace").read()
    assert "serving at most" in log, log[:400]
    assert "Too many open files" not in log and "resource limit" not in log, log[-600:]
    assert rc == 0, rc


@test
def a_stderr_nobody_reads_holds_up_nothing():
    """heapd's stderr a pipe nobody reads: 5,000 keep-alive requests with 500-byte targets (2.6 MB of
    log) are all answered; read at last, the log says how many lines it dropped; a stop signal ends
    heapd (exit 0).
    heapd wrote its log through a 64 KiB stdio buffer: once the pipe and the buffer were full, every
    thread that logged waited (the 1,874th request went unanswered, and the main loop's flush held up
    the deadlines and the stop)."""
    from heapd_proc import free_port
    port = free_port()
    r, w = os.pipe()
    proc = subprocess.Popen([BINARY, "--port", str(port)], stderr=w)
    os.close(w)
    try:
        for _ in range(600):
            try:
                connect(port, timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        s = connect(port, timeout=10)
        req = b"GET /" + b"x" * 500 + b" HTTP/1.1\r\nHost: x\r\n\r\n"  # a 404, logged in some 530 bytes
        for i in range(5000):
            s.sendall(req)
            got = b""
            while not (b"\r\n\r\n" in got and got.endswith(b"}")):
                chunk = s.recv(4096)  # a stalled heapd: socket.timeout after 10 s fails the test
                assert chunk, ("closed", i)
                got += chunk
            assert got.startswith(b"HTTP/1.1 404"), (i, got[:60])
        s.close()
        # read at last: the writer goes on, and says what it dropped meanwhile
        import select
        log, deadline = b"", time.time() + 60
        while b"log lines dropped" not in log and time.time() < deadline:
            if select.select([r], [], [], 1.0)[0]:
                log += os.read(r, 1 << 16)
        assert b"log lines dropped" in log, log[-300:]
        assert log.count(b" 404 ") + int(re.search(rb"heapd: (\d+) log lines dropped", log).group(1)) \
            <= 5000 + 10, "more lines than requests"
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=60)
        assert rc == 0, rc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(r)


@test
def stop_outlasting_the_drain():
    """SIGTERM while a request runs past the drain (--conn-timeout 1: 2 s by the clock): heapd waits for it,
    answers it, answers a body completed after the drain 503 (or has closed its connection),
    and exits 0. It used to stop libmicrohttpd with the worker's connection still suspended
    (abort) when the worker had not resumed it yet."""
    srv = Heapd("--conn-timeout", "1", "--workers", "1", "--max-work", "100000000000", "--max-batch", "100000",
                "--max-body", "10000000")
    sid = srv.session()
    ops = [{"op": "create", "name": "a%d" % i, "value": [[i]] * 3} for i in range(3000)]
    # about 6 s of CPU here (the drain ends 2 s in, the late body 4.8 s in): slower on a loaded machine, which only
    # makes it outlast the drain more surely
    body = json.dumps({"ops": ops + [{"op": "collect"}] * 10000}).encode()
    long = socket.create_connection(("127.0.0.1", srv.port), timeout=300)
    long.sendall(b"POST /v1/sessions/%s/batch HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n"
                 % (sid.encode(), len(body)) + body)
    late = socket.create_connection(("127.0.0.1", srv.port), timeout=300)
    late.sendall(b"POST /v1/sessions/%s/len HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n" % sid.encode())
    time.sleep(0.3)
    srv.proc.send_signal(signal.SIGTERM)
    try:
        # idle less than the conn timeout, complete 4.8 s in: well past the drain (2 s by the clock)
        for ch in b'{"ref": "x"}':
            time.sleep(0.4)
            late.sendall(bytes([ch]))
    except OSError:
        pass  # heapd already stopped: the batch was done before the drain ended
    late_answer = read_all(late)
    answer = read_all(long)
    try:
        rc = srv.proc.wait(timeout=300)
    except subprocess.TimeoutExpired:
        srv.proc.kill()
        raise
    srv.log.close()
    assert rc == 0, rc
    assert late_answer == b"" or late_answer.startswith(b"HTTP/1.1 503"), late_answer[:80]
    assert answer.startswith(b"HTTP/1.1 200"), answer[:80]


def main():
    raise_fd_limit()
    passed = failed = 0
    only = sys.argv[1:]
    for fn in TESTS:
        if only and fn.__name__ not in only:
            continue
        t0 = time.time()
        try:
            fn()
            passed += 1
            print("PASS hardening/%s (%.1f s)" % (fn.__name__, time.time() - t0))
        except Exception as e:  # report and go on
            failed += 1
            print("FAIL hardening/%s: %r" % (fn.__name__, e))
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
