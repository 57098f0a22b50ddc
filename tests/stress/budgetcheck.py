#!/usr/bin/env python3
"""Budget and quota stops inside every mechanism the exec cases reach (helper-65, 2026-12-04).

The sources of tests/exec/cases.py and of the execfuzz/scriptfuzz regressions and open findings run
chunk by chunk (each top-level statement one POST .../exec, module or statements mode, a random
version) against one heapd (default build-asan/heapd: heap_check after every statement; HEAPD_BIN
overrides) started with a --max-work just above what parsing costs and small --max-objects /
--max-bytes, drawn from SEED, so that the budget and the quotas stop statements part-way.

Fails: a 5xx, an answer slower than 5 s, the server's death, a sanitizer report or heap_check abort in
its log; and (on 30% of the requests, read before and after) a one-line chunk refused with 429,
422 budget or 422 unsupported that changed the session's summary, objects, gc state, script (import
lines aside) or events (the budget's own: fixed 2026-12-05, core/exec.c heap_unlog_temporaries(); a statement
that ran a collection, a finalizer or a print before the budget stopped it keeps those events, as it should).

    python3 tests/stress/budgetcheck.py SEED SECONDS

Campaign 2026-12-04 on a96c378 (ASan, seeds 1-10, 60-120 s each, 20,000-55,000 requests a seed): no
crash, sanitizer report or 5xx; the refusals of the open finding above. Not part of make test."""
import json, os, random, sys, glob, time
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib")); sys.path.insert(0, os.path.join(ROOT, "tests", "exec"))
from heapd_proc import Heapd
import cases
seed = int(sys.argv[1]); secs = float(sys.argv[2])
R = random.Random(seed)
srcs = []
for k in dir(cases):
    v = getattr(cases, k)
    if isinstance(v, str) and "\n" in v: srcs.append(v)
    elif isinstance(v, (list, tuple)):
        for x in v:
            if isinstance(x, tuple) and len(x) >= 2 and isinstance(x[1], str): srcs.append(x[1])
            elif isinstance(x, str): srcs.append(x)
for f in sum((glob.glob(os.path.join(ROOT, "tests", d, "*.py")) for d in ("execfuzz/regressions", "scriptfuzz/regressions", "execfuzz/open")), []):
    srcs.append(open(f, encoding="utf-8", errors="replace").read())
srcs = [s for s in srcs if len(s) < 20000]
print("sources", len(srcs)); sys.stdout.flush()
def chunks(src):
    out = []
    for line in src.split("\n"):
        if not line.strip(): continue
        if out and (line[0] in " \t" or line.lstrip().startswith(("else", "elif", "except", "finally", ")", "]", "}"))):
            out[-1] += line + "\n"
        elif out and (out[-1].rstrip().endswith(("\\", ",", "(", "[", "{")) ):
            out[-1] += line + "\n"
        else:
            out.append(line + "\n")
    return out
def snap(h, sid):
    out = []
    for p in ("", "/objects", "/gc", "/script", "/events?after=0"):
        st, _, b = h.request("GET", "/v1/sessions/%s%s" % (sid, p))
        if p == "/script" and isinstance(b, str):
            b = "\n".join(l for l in b.split("\n") if not l.startswith("import "))
        out.append((p, st, b))
    return out
MW = R.choice([110000, 130000, 160000, 200000, 300000, 500000, 1000000])
MO = R.choice([30, 100, 300, 1000000])
MB = R.choice([2000, 8000, 30000, 268435456])
args = ["--max-work", str(MW), "--max-objects", str(MO), "--max-bytes", str(MB), "--max-repr", str(R.choice([16, 64, 1000]))]
print("args", args); sys.stdout.flush()
h = Heapd(*args, binary=os.environ.get("HEAPD_BIN", os.path.join(ROOT, "build-asan", "heapd")))
fails = 0; reqs = 0; stops = 0
t0 = time.time()
try:
    while time.time() - t0 < secs:
        src = R.choice(srcs)
        ver = R.choice(["3.10", "3.11", "3.12", "3.13"])
        sid = h.session(python=ver)
        mode = R.choice(["module", "statements"])
        for ch in chunks(src):
            check = R.random() < 0.3
            before = snap(h, sid) if check else None
            t = time.time()
            st, _, ans = h.request("POST", "/v1/sessions/%s/exec" % sid, {"source": ch, "mode": mode})
            dt = time.time() - t; reqs += 1
            code = ans.get("error", {}).get("code") if isinstance(ans, dict) else None
            if st >= 500 or dt > 5:
                print("FAIL", st, round(dt, 2), ver, mode, repr(ch), str(ans)[:300]); fails += 1
            if h.proc.poll() is not None:
                print("FAIL died", ver, mode, repr(ch)); fails += 1; raise SystemExit
            if (st == 429 or code == "budget"):
                stops += 1
            if check and (st == 429 or code in ("budget", "unsupported")) and ch.count("\n") == 1:
                after = snap(h, sid)
                for (p, s1, b1), (_, s2, b2) in zip(before, after):
                    if (s1, b1) != (s2, b2):
                        print("FAIL changed", p, st, code, ver, mode, repr(ch), "src#", srcs.index(src)); fails += 1
                        print("   before", json.dumps(b1)[:400]); print("   after ", json.dumps(b2)[:400])
                        break
            if st == 404: break
        h.request("DELETE", "/v1/sessions/%s" % sid)
        sys.stdout.flush()
finally:
    rc = h.stop()
    log = open(h.log.name).read()
    if "Sanitizer" in log or "runtime error" in log or "panic" in log or "heap_check" in log:
        print("FAIL sanitizer/log:\n", log[-4000:]); fails += 1
print("seed", seed, "args", args, "requests", reqs, "stops", stops, "fails", fails, "rc", rc)
sys.exit(1 if fails or rc else 0)
