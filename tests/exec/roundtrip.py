#!/usr/bin/env python3
"""Round trip: JSON operations (the seed chapter's and the facts' scenarios
of tests/diff/scenarios.py) and exec sources run in heapd; GET .../script;
the script runs in the real CPython (PYTHONHASHSEED=0) with `exec` replaced
by a recorder; every answer heapd gave (values, descriptors with addresses
masked, exceptions) must come out of the script again. Ends with
"N passed, N failed"."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "diff"))
sys.path.insert(0, HERE)
from heapd_proc import Heapd  # noqa: E402
from scenarios import SCENARIOS  # noqa: E402
from exectest import VERSIONS, find_python  # noqa: E402
from recorder import compare, cpython_run  # noqa: E402

SOURCES = [
    ("statements", "class Src:\n    pass\nq = Src()\nq.items = [1, 'two']\nlen(q.items)\nq.items is q.items\n"),
    ("module", "s3 = 'hello world'\ns4 = 'hello world'\ns3 is s4\nimport sys\nsys.getsizeof(s3)\n"),
    ("statements", "s3 = 'hello world'\ns4 = 'hello world'\ns3 is s4\nnope\n"),
    ("statements", "é = [1]\ny = é\nclass Ś:\n    __slots__ = ('ł', 'ž')\nś = Ś()\nś.ł = é\nś.ł is y\n"),
    ("statements", "import sys\nq = [1]\nprint(q, sys.getrefcount(q), len(q), q is q, sep='|')\n"),
    ("module", "import sys\nclass P:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = 'a b c'\n"
               "p = P([1], 2)\nsys.getrefcount(p.y)\nsys.getsizeof(p)\nP(1)\n"),
    ("statements", "import sys\nclass P:\n    def __init__(self, x): self.x = x; self.t = (1.5, 'q r')\n"
                   "p = P([1])\nsys.getrefcount(p.t)\nq = P(p)\nq.x is p\n"),
    ("statements", "import sys\nx = 1000\nx += 1\nl = [1]\nm = l\nl += (2,)\nl is m\nt = (1,)\nt += (2,)\n"
                   "d = {'k': 1}\nd['k'] -= 5\nd\nsys.getrefcount(x)\nx += 'a'\n"),
]



def heapd_run(server, version, ops):
    """The session's answers in script order: one per exec() the script makes."""
    sid = server.session(python=version)
    answers = []
    for op in [{"op": "gc", "enabled": False}] + ops:
        body = {k: v for k, v in op.items() if k != "op"}
        status, _, b = server.request("POST", "/v1/sessions/%s/%s" % (sid, op["op"]), body)
        if status == 200:
            answers.append({"value": b["result"] if op["op"] != "gc" else None})
        elif status == 422:
            answers.append({"error": [b["error"]["type"], b["error"]["message"]]})
    for mode, src in SOURCES:
        status, _, b = server.request("POST", "/v1/sessions/%s/exec" % sid, {"source": src, "mode": mode})
        results = b["results"] if status == 200 else b["error"]["results"]
        if mode == "module":
            answers.append({"module": True})
        else:
            answers += [{"value": r["result"]} for r in results]
            if status != 200:
                answers.append({"error": [b["error"]["type"], b["error"]["message"]]})
    _, _, script = server.request("GET", "/v1/sessions/%s/script" % sid)
    server.request("DELETE", "/v1/sessions/" + sid)
    return answers, script


def main():
    server = Heapd()
    passed = failed = 0
    chosen = [(n, ops) for n, ops in SCENARIOS if n.startswith(tuple(os.environ.get("ROUNDTRIP_PREFIX", "").split(",")))]
    try:
        for version in VERSIONS:
            python = find_python(version)
            if not python:  # a missing interpreter fails the suite
                failed += 1
                print("FAIL roundtrip/%s/interpreter: no CPython %s found" % (version, version))
                continue
            for name, ops in chosen:
                try:
                    answers, script = heapd_run(server, version, ops)
                    problems = compare(answers, cpython_run(python, script), version)
                except Exception as e:
                    problems = ["harness: %r" % e]
                if problems:
                    failed += 1
                    print("FAIL roundtrip/%s/%s" % (version, name))
                    for p in problems[:5]:
                        print("    " + p)
                else:
                    passed += 1
    finally:
        rc = server.stop()
    if rc != 0:  # a sanitizer's report at exit, a crash
        failed += 1
        print("FAIL exec/server_exit_code: %d (see build/heapd-test-%d.log)" % (rc, server.port))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
