#!/usr/bin/env python3
"""Connection-limit storms with stop signals: rounds of heapd (HEAPD_BIN or
--binary; the sanitized builds are build-asan/heapd and build-tsan/heapd)
with tiny connection caps (--max-connections down to --threads, a few per
client, second-long deadlines), stormed by threads that open and drop
connections at once, reset them (RST), trickle half a request, ask
/healthz, pipeline requests, and run statements long enough that their
connections sit suspended while a worker runs them, from several loopback
addresses; each round ends with a stop signal (TERM, INT or HUP, at a
random moment, the storm still going).

Failures: heapd not exiting 0 within --stop-timeout of the signal (an abort
such as a libmicrohttpd panic, a crash, a hang), a sanitizer report, an
assertion or a libmicrohttpd panic in its log, or no /healthz answered for
--stall seconds while the storm runs (the guard may close a /healthz
connection to make room, so one refused try is not a failure).

Prints one line per failure (FAIL ...) and 'N rounds, N failed'.
"""
import argparse
import json
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from heapd_proc import ROOT, free_port  # noqa: E402

REPORT_RE = re.compile(
    r"WARNING: ThreadSanitizer|ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|"
    r"SUMMARY: \w+Sanitizer|libmicrohttpd panic|Fatal error in GNU libmicrohttpd|heapd: (panic|internal)|"
    r"assertion failed|Assertion .* failed")

HEALTHZ = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
# a batch that keeps a worker busy for a while (its connection suspended meanwhile)
LONG_BATCH = json.dumps({"ops": [{"op": "create", "name": "n%d" % (i % 50), "value": [[i, [i]], {"k": [i]}]}
                                 for i in range(999)] + [{"op": "collect", "generation": 2}]}).encode()


def conn(port, src, timeout=3.0):
    s = socket.socket()
    s.settimeout(timeout)
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    return s


def post(path, body):
    return (b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
            % (path.encode(), len(body))) + body


def storm_once(rnd, port, sid):
    src = "127.0.0.%d" % rnd.randint(1, 4)
    kind = rnd.choice(["drop", "rst", "healthz", "trickle", "pipeline", "long", "long_rst"])
    s = conn(port, src)
    try:
        if kind == "drop":
            pass
        elif kind == "rst":
            s.sendall(HEALTHZ[:rnd.randint(0, len(HEALTHZ))])
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif kind == "healthz":
            s.sendall(HEALTHZ)
            s.recv(256)
        elif kind == "trickle":
            for b in HEALTHZ[:rnd.randint(1, 20)]:
                s.sendall(bytes([b]))
                time.sleep(rnd.uniform(0, 0.2))
        elif kind == "pipeline":
            s.sendall(HEALTHZ * rnd.randint(2, 5))
            s.recv(4096)
        elif sid:
            s.sendall(post("/v1/sessions/%s/batch" % sid, LONG_BATCH))
            if kind == "long_rst":  # gone while its statement runs
                time.sleep(rnd.uniform(0, 0.3))
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            else:
                s.recv(4096)
    finally:
        s.close()


def new_session(port):
    try:
        s = conn(port, "127.0.0.9", timeout=10)
        s.sendall(post("/v1/sessions", b"{}"))
        data = s.recv(4096)
        s.close()
        m = re.search(rb'"session":\s*"([^"]+)"', data)
        return m.group(1).decode() if m else None
    except OSError:
        return None


def one_round(args, rnd, n):
    threads = rnd.randint(1, 3)
    flags = ["--threads", str(threads), "--workers", str(rnd.randint(1, 2)),
             "--max-connections", str(rnd.randint(threads, 8)),
             "--max-conns-per-client", str(rnd.choice([0, 1, 2, 3])),
             "--conn-timeout", str(rnd.randint(1, 2)),
             "--header-timeout", str(rnd.choice([0.5, 1, 2])), "--body-timeout", str(rnd.choice([0.5, 1, 2])),
             "--max-work", str(rnd.choice([2000000, 20000000]))]
    port = free_port()
    log_path = os.path.join(ROOT, "build", "connstorm-%d.log" % port)
    log = open(log_path, "w")
    proc = subprocess.Popen([args.binary, "--port", str(port)] + flags, stderr=log, stdout=log)
    t0 = time.time()
    while time.time() - t0 < 60:
        try:
            s = conn(port, "127.0.0.1", 1)
            s.close()
            break
        except OSError:
            time.sleep(0.05)
    sid = new_session(port)
    stop = threading.Event()
    last_ok = [time.time()]
    worst_gap = [0.0]

    def storm(seed):
        r = random.Random(seed)
        while not stop.is_set():
            try:
                storm_once(r, port, sid)
            except OSError:
                time.sleep(0.01)

    def watch():
        while not stop.is_set():
            try:
                s = conn(port, "127.0.0.10", timeout=2)
                s.sendall(HEALTHZ)
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    last_ok[0] = time.time()
                s.close()
            except OSError:
                pass
            worst_gap[0] = max(worst_gap[0], time.time() - last_ok[0])
            time.sleep(0.2)

    workers = [threading.Thread(target=storm, args=(rnd.random(),), daemon=True) for _ in range(args.clients)]
    workers.append(threading.Thread(target=watch, daemon=True))
    for w in workers:
        w.start()
    time.sleep(rnd.uniform(0.5, args.round_seconds))
    sig = rnd.choice([signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
    proc.send_signal(sig)
    try:
        rc = proc.wait(timeout=args.stop_timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        rc = "hung"
    stop.set()
    for w in workers:
        w.join(timeout=10)
    log.close()
    text = open(log_path, errors="replace").read()
    problems = []
    if rc != 0:
        problems.append("exit %s on %s" % (rc, signal.Signals(sig).name))
    m = REPORT_RE.search(text)
    if m:
        problems.append(text[max(0, m.start() - 200):m.start() + 2000])
    if worst_gap[0] > args.stall:
        problems.append("no /healthz answered for %.1f s" % worst_gap[0])
    if problems:
        print("FAIL round %d (%s %s): %s\n  log: %s" % (n, " ".join(flags), signal.Signals(sig).name,
                                                        "\n  ".join(problems), log_path))
        sys.stdout.flush()
        return False
    os.unlink(log_path)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.environ.get("HEAPD_BIN") or os.path.join(ROOT, "build", "heapd"))
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--round-seconds", type=float, default=4)
    ap.add_argument("--clients", type=int, default=12)
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    ap.add_argument("--stall", type=float, default=30)
    ap.add_argument("--stop-timeout", type=float, default=60)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    print("connstorm: seed %d, %s" % (args.seed, args.binary))
    end = time.time() + args.seconds
    rounds = failed = 0
    while time.time() < end:
        rounds += 1
        failed += not one_round(args, rnd, rounds)
    print("%d rounds, %d failed" % (rounds, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
