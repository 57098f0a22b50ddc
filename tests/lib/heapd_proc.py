"""Start and stop a real build/heapd on a free loopback port, and talk JSON to it."""
import json
import os
import random
import socket
import subprocess
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def judge_env(**extra):
    """The environment of the judge's `PYTHONHASHSEED=0 python3 file.py` on the
    machines heapd is judged on, whatever this one has: PYTHONUNBUFFERED=1
    (sys.stdout writes through: a session's default "stdout") and
    PYTHONDONTWRITEBYTECODE=1 (sys.dont_write_bytecode holds a reference to
    True: the bools' start counts of core/profile.c), no other PYTHON*
    variable. extra overrides; a None value removes the variable
    (PYTHONUNBUFFERED=None: a session whose stdout is "pipe")."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(PYTHONHASHSEED="0", PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1")
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


def free_port():
    """A free loopback port: the kernel's choice, or with HEAPD_TEST_PORTS=LO-HI
    (a machine shared with other work; HEAPD_PORTS is the same) one free port
    of that range, tried in random order."""
    rng = os.environ.get("HEAPD_TEST_PORTS") or os.environ.get("HEAPD_PORTS") or ""
    lo, _, hi = rng.partition("-")
    candidates = [0]
    if lo.isdigit() and hi.isdigit():
        candidates = list(range(int(lo), int(hi) + 1))
        random.shuffle(candidates)
    for port in candidates:
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
            return s.getsockname()[1]
        except OSError:
            continue
        finally:
            s.close()
    raise RuntimeError("no free port in HEAPD_TEST_PORTS=%s" % rng)


def record(method, path, data, headers):
    """HEAPD_RECORD=DIR: each request as an input of the libFuzzer target
    (tests/fuzz/fuzz_api.c: "METHOD PATH [CONTENT-TYPE]", a newline, the
    body; the session id as {sid}), for tests/fuzz/seeds.py."""
    import hashlib
    import re
    path = re.sub(r"^/v1/sessions/[A-Za-z0-9_-]{16,}", "/v1/sessions/{sid}", path)
    ctype = ""
    for k, v in (headers or {}).items():
        if k.lower() == "content-type" and " " not in v:
            ctype = " " + v
    blob = ("%s %s%s\n" % (method, path, ctype)).encode() + (data or b"")
    d = os.environ["HEAPD_RECORD"]
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(blob).hexdigest()[:16]), "wb") as f:
        f.write(blob)


class Heapd:
    def __init__(self, *args, binary=None, env=None, wrapper=None):
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        binary = binary or os.environ.get("HEAPD_BIN") or os.path.join(ROOT, "build", "heapd")
        cmd = (wrapper or []) + [binary, "--port", str(self.port)] + list(args)
        self.log = open(os.path.join(ROOT, "build", "heapd-test-%d.log" % self.port), "w")
        self.proc = subprocess.Popen(cmd, stderr=self.log, env=dict(os.environ, **(env or {})))
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                self.request("GET", "/healthz")
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("heapd did not start")

    def request(self, method, path, body=None, raw=None, headers=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        if os.environ.get("HEAPD_RECORD"):
            record(method, path, data, headers)
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                text = r.read().decode()
                return r.status, dict(r.headers), (json.loads(text) if text and r.headers.get("Content-Type", "").startswith("application/json") else text)
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            try:
                return e.code, dict(e.headers), json.loads(text)
            except ValueError:
                return e.code, dict(e.headers), text

    def session(self, **body):
        status, _, b = self.request("POST", "/v1/sessions", body)
        assert status == 201, b
        return b["session"]

    def stop(self):
        self.proc.terminate()
        try:
            rc = self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = -9
        self.log.close()
        return rc
