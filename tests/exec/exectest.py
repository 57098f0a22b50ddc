#!/usr/bin/env python3
"""Differential suite of POST .../exec: every source of cases.py runs
through heapd (modes "module" and "statements") and through the real CPython
3.10-3.13 (runner.py compiles it the same way), with PYTHONHASHSEED=0 and gc
disabled first; per statement the result (values, descriptors with
addresses masked), the exception that stopped the run, and the text the run
printed (finalizers and callbacks print, so their order is compared) must
match. Then: valid Python outside the subset answers 422 unsupported, and
invalid Python CPython's exact SyntaxError. EXEC_PYTHON=3.12 runs one version.
Ends with "N passed, N failed"."""
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from heapd_proc import Heapd, judge_env  # noqa: E402
from tally import Tally  # noqa: E402
from cases import CASES, JUDGED, SCRIPTS, STDOUT, SYNTAX, SYNTAX_BYTES, UNSUPPORTED  # noqa: E402

ADDR = re.compile(r"0x[0-9a-f]+")
VERSIONS = [os.environ["EXEC_PYTHON"]] if os.environ.get("EXEC_PYTHON") else ["3.10", "3.11", "3.12", "3.13"]


def find_python(version):
    env = os.environ.get("CPYTHON" + version.replace(".", ""))
    if env:
        return env
    roots = []
    try:
        roots.append(subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip())
    except OSError:
        pass
    roots.append(os.path.expanduser("~/.pyenv"))
    for root in roots:
        for p in sorted(glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python3"))):
            return p
    return None


def run_cpython(python, source, mode):
    p = subprocess.run([python, os.path.join(HERE, "runner.py")], input=json.dumps({"source": source, "mode": mode}),
                       capture_output=True, text=True, env=judge_env(), timeout=120)
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-2000:])
    out = json.loads(p.stdout)
    stmts = out["statements"]
    n_ok = len(stmts) - (1 if out["error"] else 0)
    return {"values": [s["value"] for s in stmts[:n_ok]], "error": out["error"], "failed_at": n_ok if out["error"] else None,
            "printed": "".join(s.get("printed", "") for s in stmts)}


def run_script(python, source, stdout="unbuffered"):
    """What `python3 file.py` prints and the exception it ends with: printed, [type, message], line;
    stdout "pipe": run without PYTHONUNBUFFERED, as a session whose stdout is "pipe" simulates"""
    path = os.path.join(HERE, "..", "..", "build", "exec-script-%d.py" % os.getpid())
    with open(path, "w") as f:
        f.write(source)
    env = judge_env(PYTHONUNBUFFERED=None) if stdout == "pipe" else judge_env()
    p = subprocess.run([python, path], capture_output=True, text=True, env=env,
                       timeout=120)
    os.unlink(path)
    if p.returncode == 0:
        return ADDR.sub("0x?", p.stdout), None, None
    last = p.stderr.rstrip("\n").split("\n")[-1]
    lines = re.findall(r'File "%s", line (\d+)' % re.escape(path), p.stderr)
    kind, _, message = last.partition(": ")
    return ADDR.sub("0x?", p.stdout), [kind, message], int(lines[-1]) if lines else None


def mask(d):
    if not isinstance(d, dict):
        return d
    out = {k: d[k] for k in ("type", "size", "refcount", "tracked") if k in d}
    out["repr"] = ADDR.sub("0x?", d.get("repr", ""))
    if d.get("shared"):
        out["shared"] = True
    return out


def run_heapd(server, version, source, mode, disable_gc):
    sid = server.session(python=version)
    if disable_gc:  # a JSON operation: it imports gc for the session (the runner disabled it unseen)
        server.request("POST", "/v1/sessions/%s/gc" % sid, {"enabled": False})
    status, _, b = server.request("POST", "/v1/sessions/%s/exec" % sid, {"source": source, "mode": mode})
    server.request("DELETE", "/v1/sessions/" + sid)
    if status == 200:
        results, error, events = b["results"], None, b["events"]
    elif status == 422 and b["error"]["code"] == "python_exception":
        results, events = b["error"]["results"], b["error"]["events"]
        error = [b["error"]["type"], ADDR.sub("0x?", b["error"]["message"])]
    else:
        raise RuntimeError("HTTP %d %s" % (status, json.dumps(b)[:400]))
    printed = "".join(e["text"] for e in events if e["event"] == "print")
    return {"values": [r["result"] for r in results], "sources": [r["source"] for r in results], "error": error,
            "failed_at": len(results) if error else None, "printed": printed}


def comparable(py, sb):
    """Refcounts of interpreter-shared objects are documented to differ."""
    if isinstance(py, dict) and isinstance(sb, dict):
        cut = sb.get("repr_truncated")
        py, sb = mask(py), mask(sb)
        if cut:  # heapd cut its repr (ending with U+2026): compare the prefix
            sb["repr"] = sb["repr"].rstrip("\u2026")[:-20]
            py["repr"] = py["repr"][:len(sb["repr"])]
        if py.get("type") in ("NoneType", "bool") or py.get("refcount", 0) > 100000 or sb.get("refcount", 0) > 100000 \
                or sb.pop("shared", False):
            py.pop("refcount", None)
            sb.pop("refcount", None)
        sb.pop("shared", None)
    return py, sb


def compare(py, sb):
    problems = []
    if py["error"]:
        py["error"][1] = ADDR.sub("0x?", py["error"][1])
    if (py["error"], py["failed_at"]) != (sb["error"], sb["failed_at"]):
        problems.append("error: cpython %s at statement %s, heapd %s at %s" % (py["error"], py["failed_at"], sb["error"],
                                                                               sb["failed_at"]))
    for i, (a, b) in enumerate(zip(py["values"], sb["values"])):
        src = sb["sources"][i]
        if "id(" in src or "get_count" in src:
            continue  # addresses and the interpreter's own allocations: documented
        if isinstance(b, dict) and not isinstance(a, dict) and "repr" in b:
            b = b["repr"]  # a plain value the runner gives as such (42, True, None)
            a = repr(a)
        a, b = comparable(a, b)
        if a != b:
            problems.append("statement %d `%s`:\n      cpython: %s\n      heapd:   %s" % (
                i, src[:80], json.dumps(a)[:300], json.dumps(b)[:300]))
    if py["printed"] != sb["printed"]:
        problems.append("printed:\n      cpython: %r\n      heapd:   %r" % (py["printed"][:300], sb["printed"][:300]))
    return problems


def syntax_error(python, source):
    """[type, msg, lineno, offset, end_lineno, end_offset] of compile(source) (str, or bytes), or None"""
    read = "sys.stdin.buffer.read()" if isinstance(source, bytes) else "sys.stdin.read()"
    code = ("import json, sys\nsrc = " + read + "\ntry:\n    compile(src, '<exec>', 'exec')\n    print('null')\n"
            "except SyntaxError as e:\n    print(json.dumps([type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno,"
            " e.end_offset]))\n"
            "except ValueError as e:\n    print(json.dumps([type(e).__name__, str(e), None, None, None, None]))\n")
    p = subprocess.run([python, "-c", code], input=source if isinstance(source, bytes) else source.encode(),
                       capture_output=True, timeout=60)
    return json.loads(p.stdout)


def main():
    server = Heapd()
    tally = Tally("exec/", show_passes=bool(os.environ.get("VERBOSE")))
    report = tally.report

    only = os.environ.get("EXEC_ONLY")
    try:
        for version in VERSIONS:
            python = find_python(version)
            if not python:
                report("%s/interpreter" % version, ["no CPython %s found (make test installs them)" % version])
                continue
            for name, source in CASES:
                if only and only not in name:
                    continue
                for mode in ("module", "statements"):
                    try:
                        problems = compare(run_cpython(python, source, mode), run_heapd(server, version, source, mode,
                                                                                     not name.startswith("errors/")))
                    except Exception as e:  # a harness failure is a failure too
                        problems = ["harness: %r" % e]
                    report("%s/%s/%s" % (version, name, mode), problems)
            for name, source, *modes in SCRIPTS + [("stdout-pipe/" + c[0],) + c[1:] for c in STDOUT]:
                if only and only not in name:
                    continue
                stdout = "pipe" if name.startswith("stdout-pipe/") else "unbuffered"
                want = run_script(python, source, stdout)
                for mode in modes[0] if modes else ("module", "statements"):
                    sid = server.session(python=version, stdout=stdout)
                    status, _, b = server.request("POST", "/v1/sessions/%s/exec" % sid, {"source": source, "mode": mode})
                    server.request("DELETE", "/v1/sessions/" + sid)
                    body = b.get("error", b) if isinstance(b, dict) else {}
                    printed = ADDR.sub("0x?", "".join(e["text"] for e in body.get("events", []) if e["event"] == "print"))
                    got = (printed, [body["type"], body["message"]] if status == 422 and "type" in body else None,
                           body.get("line") if status == 422 else None)
                    report("%s/script/%s/%s" % (version, name, mode), [] if got == want and status in (200, 422) else [
                        "cpython: %r\n      heapd %d: %r" % (tuple(x if not isinstance(x, str) else x[-200:] for x in want),
                                                          status, tuple(x if not isinstance(x, str) else x[-200:] for x in got))])
            for name, steps in JUDGED:
                if only and only not in name:
                    continue
                sid = server.session(python=version)
                printed = ""
                refused = []  # a step heapd refused is left out of the script too: the judge would not see it
                for step in steps:
                    if isinstance(step, str):
                        status, _, b = server.request("POST", "/v1/sessions/%s/exec" % sid, {"source": step})
                        if status != 200 and b.get("error", {}).get("code") != "python_exception":
                            refused.append("%r answered %d %s" % (step[:80], status, json.dumps(b)[:200]))
                        evs = (b.get("events") if status == 200 else b.get("error", {}).get("events")) or []
                        printed += "".join(e["text"] for e in evs if e["event"] == "print")
                    else:
                        server.request("POST", "/v1/sessions/%s/%s" % (sid, step["op"]),
                                       {k: v for k, v in step.items() if k != "op"})
                _, _, script = server.request("GET", "/v1/sessions/%s/script" % sid)
                server.request("DELETE", "/v1/sessions/" + sid)
                want = run_script(python, script)[0]
                report("%s/judged/%s" % (version, name), refused + ([] if ADDR.sub("0x?", printed) == want else [
                    "python3 script.py printed %r\n      heapd printed %r" % (want[-300:], printed[-300:])]))
            for i, source in enumerate(UNSUPPORTED):
                sid = server.session(python=version)
                status, _, b = server.request("POST", "/v1/sessions/%s/exec" % sid, {"source": source})
                _, _, summary = server.request("GET", "/v1/sessions/" + sid)
                server.request("DELETE", "/v1/sessions/" + sid)
                problems = []
                if status != 422 or b["error"]["code"] != "unsupported" or not b["error"].get("line"):
                    problems.append("%r answered %d %s" % (source, status, json.dumps(b)[:300]))
                if summary["names"]:
                    problems.append("%r changed the heap: %s" % (source, summary["names"]))
                report("%s/unsupported-%d" % (version, i), problems)
            for i, source in enumerate(SYNTAX + SYNTAX_BYTES):
                sid = server.session(python=version)
                if isinstance(source, bytes):
                    status, _, b = server.request("POST", "/v1/sessions/%s/exec" % sid, raw=source,
                                                  headers={"Content-Type": "text/x-python"})
                else:
                    status, _, b = server.request("POST", "/v1/sessions/%s/exec" % sid, {"source": source})
                server.request("DELETE", "/v1/sessions/" + sid)
                want = syntax_error(python, source)
                got = None
                if status == 422 and b["error"]["code"] == "syntax_error":
                    e = b["error"]
                    got = [e["type"], e["message"], e["lineno"], e["offset"], e["end_lineno"], e["end_offset"]]
                report("%s/syntax-%d" % (version, i),
                       [] if got == want else ["%r: cpython %s, heapd %d %s" % (source, want, status, json.dumps(b)[:300])])
    finally:
        rc = server.stop()
    if rc != 0:  # a sanitizer's report at exit, a crash
        report("server_exit_code", ["%d (see build/heapd-test-%d.log)" % (rc, server.port)])
    return 0 if tally.summary() else 1


if __name__ == "__main__":
    sys.exit(main())
