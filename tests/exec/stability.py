#!/usr/bin/env python3
"""Which exectest SCRIPTS cases CPython itself answers differently from one
run to another: each runs as a real script under three paths of different
lengths and four environments (the judge's, a minimal one, one without
even PATH, one with 30 more variables), in both stdout modes. Which pool block is free when a case
compares ids can move with the size of the path and of os.environ; such a
case is no test of heapd, and is left out of cases.py.

  stability.py [NAME-SUBSTRING ...]       # prints UNSTABLE lines, then "N unstable"
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from cases import SCRIPTS, STDOUT  # noqa: E402
from exectest import ADDR, find_python  # noqa: E402
from heapd_proc import judge_env  # noqa: E402


def environments(stdout):
    unset = {"PYTHONUNBUFFERED": None} if stdout == "pipe" else {}
    minimal = {k: v for k, v in judge_env(**unset).items() if k.startswith("PYTHON") or k in ("PATH", "HOME")}
    bare = {k: v for k, v in minimal.items() if k != "PATH"}
    padded = dict(minimal, **{"HEAPD_PAD%d" % i: "x" * (7 * i) for i in range(30)})
    return [judge_env(**unset), minimal, bare, padded]


def main():
    only = sys.argv[1:]
    unstable = 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = [os.path.join(tmp, "a.py"), os.path.join(tmp, "exec-script-123456789.py"),
                 os.path.join(tmp, "d" * 40, "s.py")]
        os.makedirs(os.path.dirname(paths[2]))
        cases = [(name, src, "unbuffered") for name, src, *_ in SCRIPTS]
        cases += [(name, src, "pipe") for name, src, *_ in STDOUT]
        for name, source, stdout in cases:
            if only and not any(o in name for o in only):
                continue
            for version in ("3.10", "3.11", "3.12", "3.13"):
                python = find_python(version)
                seen = set()
                for path in paths:
                    with open(path, "w") as f:
                        f.write(source)
                    for env in environments(stdout):
                        p = subprocess.run([python, path], capture_output=True, text=True, env=env, timeout=120)
                        seen.add(ADDR.sub("0x?", p.stdout))
                if len(seen) > 1:
                    unstable += 1
                    print("UNSTABLE %s %s (%s): %s" % (name, version, stdout,
                                                       " | ".join(repr(s[-60:]) for s in sorted(seen))))
    print("%d unstable" % unstable)
    return 1 if unstable else 0


if __name__ == "__main__":
    sys.exit(main())
