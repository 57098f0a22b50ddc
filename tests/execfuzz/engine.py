"""One Python source through heapd's POST .../exec and through a fresh real
CPython (runner.py), normalised and compared.  Shared by execfuzz.py and
replay.py.  The heapd client, CPython discovery, descriptor comparison and
the script preamble are tests/difffuzz's (engine.py, script.py)."""
import ast
import zlib
import glob
import importlib.util
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def _load(name, path):
    """tests/difffuzz's modules under their own names (this directory has an engine.py too)"""
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


_saved = list(sys.path)
_saved_script = sys.modules.get("script")
sys.path.insert(0, os.path.join(ROOT, "tests", "difffuzz"))  # difffuzz's engine imports its script
DS = _load("difffuzz_script", os.path.join(ROOT, "tests", "difffuzz", "script.py"))
sys.modules["script"] = DS
DE = _load("difffuzz_engine", os.path.join(ROOT, "tests", "difffuzz", "engine.py"))
sys.path[:] = _saved

SCRATCH = "/tmp/execfuzz-scratch"
DE.SCRATCH = SCRATCH
ADDR = re.compile(r"0x[0-9a-f]+")
HeapdCrash = DE.HeapdCrash
judge_env = DE.judge_env
EVENT_KINDS = ("print", "finalized", "weakref_callback", "gc_start", "gc_stop")


def find_python(version):
    """The interpreter of `ls $(pyenv root)/versions` (CPYTHON3xx overrides), else difffuzz's search."""
    env = os.environ.get("CPYTHON" + version.replace(".", ""))
    if env:
        return env
    try:
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
    except OSError:
        root = ""
    for r in [root, os.path.expanduser("~/.pyenv")]:
        for p in sorted(glob.glob(os.path.join(r, "versions", version + ".*", "bin", "python3"))) if r else []:
            return p
    return DE.find_python(version)


def server(asan=False, binary=None, name=None):
    """heapd (HEAPD_BIN runs another binary, as replay.py's)"""
    return DE.HeapdServer(asan=asan, binary=binary or os.environ.get("HEAPD_BIN"),
                          name=name or "execfuzz-heapd-%d" % os.getpid())


# ----------------------------------------------------------------------------
# the two sides

def run_cpython(python, source, mode, timeout=60):
    """-> {"values", "rc_types", "error", "failed_at", "line", "events", "auto_gc"} or raises RuntimeError"""
    env = DE.judge_env(PYTHONIOENCODING="utf-8")
    req = json.dumps({"source": source, "mode": mode, "preamble": DS.PREAMBLE})
    try:
        p = subprocess.run([python, os.path.join(HERE, "runner.py")], input=req, capture_output=True, text=True,
                           env=env, timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        raise RuntimeError("CPython timed out")
    if p.returncode != 0 or not p.stdout.strip():
        raise RuntimeError("CPython runner rc %s: %s" % (p.returncode, p.stderr[-1500:]))
    out = json.loads(p.stdout)
    if "harness_skip" in out:
        return {"harness_skip": out["harness_skip"]}
    stmts = out["statements"]
    n_ok = len(stmts) - (1 if out["error"] else 0)
    collects = collect_statements(source)
    auto = any(e[1] == "gc_start" and e[0] not in collects for e in out["events"])
    return {"values": [s["value"] for s in stmts[:n_ok]], "rc_types": [s.get("rc_type") for s in stmts[:n_ok]],
            "error": [out["error"][0], ADDR.sub("0x?", out["error"][1])] if out["error"] else None,
            "failed_at": n_ok if out["error"] else None,
            "line": out["lines"][n_ok] if out["error"] and n_ok < len(out["lines"]) else None,
            "events": normal_events([e[1:] for e in out["events"]]), "auto_gc": auto}


def collect_statements(source):
    """indexes of the top-level statements that call gc.collect() (any other collection is automatic)"""
    out = set()
    for i, st in enumerate(ast.parse(source).body):
        for n in ast.walk(st):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "collect":
                out.add(i)
    return out


def normal_events(evs):
    """events as [kind, ...]: consecutive print texts merged, addresses in them masked;
    created/destroyed/resurrected left out (CPython shows no such event), and CPython's
    "unraisable" (heapd reports none: its effect, no resurrection, shows in what follows)"""
    out = []
    for e in evs:
        if e[0] == "unraisable":
            continue  # an exception a __del__ or callback raised, which CPython ignores (on stderr)
        if e[0] == "print" and out and out[-1][0] == "print":
            out[-1] = ["print", out[-1][1] + e[1]]
        else:
            out.append(list(e))
    for e in out:
        if e[0] == "print":
            e[1] = ADDR.sub("0x?", e[1])  # reprs printed: addresses are the two sides' own
    return out


def heapd_events(events):
    evs = []
    for e in events or []:
        k = e.get("event")
        if k == "print":
            evs.append(["print", e.get("text", "")])
        elif k in ("finalized", "weakref_callback"):
            evs.append([k, e.get("type")])
        elif k == "gc_start":
            evs.append([k, e.get("generation")])
        elif k == "gc_stop":
            evs.append([k, e.get("generation"), e.get("collected"), e.get("uncollectable")])
    return normal_events(evs)


def run_heapd(srv, version, source, mode):
    """-> {"status", "values", "error", "failed_at", "line", "events", "sources", "raw"}; raises HeapdCrash.
    status "ok" (200 or python_exception) or the code of another answer (unsupported, syntax_error ...)"""
    opts = {"python": version}
    seed = session_seed(source)
    if seed is not None:
        opts["seed"] = seed  # API.md: the simulated addresses' seed; nothing CPython shows may depend on it
    status, b = srv.request("POST", "/v1/sessions", opts)
    if status != 201:
        raise RuntimeError("session: %s %s" % (status, b))
    sid = b["session"]
    read_problems = []
    try:
        status, b = srv.request("POST", "/v1/sessions/%s/exec" % sid, {"source": source, "mode": mode})
        names = None
        if status != 200 and not (status == 422 and b["error"]["code"] == "python_exception"):
            _, summary = srv.request("GET", "/v1/sessions/" + sid)
            names = summary.get("names") if isinstance(summary, dict) else None
        else:
            # the reads after the program (tests/difffuzz's end-of-sequence checks): summary
            # objects/bytes against GET objects, gc, graph roots/nodes/edges, objects/{id},
            # events?after= and dropped against what the answer reported
            reads = DE.Reads(srv, "/v1/sessions/%s/" % sid)
            reads.note(b)
            read_problems = (reads.final() or {}).get("problems") or []
    finally:
        if srv.alive():
            srv.request("DELETE", "/v1/sessions/" + sid)
    if status == 200:
        res, err, events = b["results"], None, b["events"]
    elif status == 422 and b["error"]["code"] == "python_exception":
        e = b["error"]
        res, events = e["results"], e["events"]
        err = [e["type"], ADDR.sub("0x?", e["message"])]
    else:
        code = b["error"]["code"] if isinstance(b, dict) and "error" in b else "?"
        return {"status": code, "http": status, "raw": b, "names": names}
    return {"status": "ok", "values": [r["result"] for r in res], "sources": [r["source"] for r in res],
            "error": err, "failed_at": len(res) if err else None,
            "line": b["error"].get("line") if err else None, "events": heapd_events(events), "raw": b,
            "read_problems": read_problems}


def session_seed(source):
    """A session seed for 3 programs in 10 (deterministic per source, so replays agree), else the default."""
    c = zlib.crc32(source.encode("utf-8", "surrogatepass"))
    return None if c % 10 >= 3 else [1, 7, 4093, c, 2 ** 63 - 1][c % 5]


# ----------------------------------------------------------------------------
# comparison

def cached_names(source):
    """identifiers CPython's own caches may hold a reference to (class names, attribute and slot
    names: a class keeps __name__/__qualname__, the type attribute cache the names last looked up)"""
    out = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return out
    for n in ast.walk(tree):
        if isinstance(n, ast.ClassDef):
            out.add(n.name)
        elif isinstance(n, ast.Attribute):
            out.add(n.attr)
        elif isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.isidentifier():
            out.add(n.value)
    return out


def compare(version, source, py, hd):
    """-> list of (where, cpython, heapd)"""
    out = []
    if (py["error"], py["failed_at"]) != (hd["error"], hd["failed_at"]):
        out.append(("error", [py["error"], py["failed_at"]], [hd["error"], hd["failed_at"]]))
    elif py["error"] and py["line"] != hd["line"]:
        out.append(("error.line", py["line"], hd["line"]))
    names = cached_names(source)
    stmts = ast.parse(source).body
    for i, (a, b) in enumerate(zip(py["values"], hd["values"])):
        src = ast.unparse(stmts[i]) if i < len(stmts) else "?"
        if re.search(r"\bid\(|get_count", src):
            continue  # addresses and the interpreter's own allocations: documented
        where = "statement %d `%s`" % (i, src[:100])
        if isinstance(a, list):
            a = DS.desc(a)
        if isinstance(b, dict) and "repr" in b:
            b = DE.heapd_desc(b)
        if isinstance(b, list) and isinstance(a, dict):  # a tuple heapd answers as a JSON array
            b, a = repr(tuple(b)), a.get("repr")
        if isinstance(b, dict) and not isinstance(a, dict):
            b, a = b.get("repr"), repr(a)
        rct = py["rc_types"][i]
        if rct and isinstance(a, dict) and isinstance(b, dict) and a.get("type") == b.get("type") == "int":
            # `n = sys.getrefcount(x)`: the int bound, compared as the expression statement's value
            a, b = int(a.get("repr")), int(b.get("repr"))
        if isinstance(a, dict) and isinstance(b, dict):
            if DE.cache_held(a, b, names, DE.str_value(a)):
                a, b = dict(a, refcount=None), dict(b, refcount=None)
            diffs = []
            DE.compare_desc(version, where, a, b, diffs)
            out.extend(d for d in diffs if not none_order(version, d[0], d[1], d[2]))
            continue
        if rct and isinstance(a, int) and isinstance(b, int):
            if rct[1] or rct[0] in DE.SHARED_TYPES or not DE.comparable_int(version, a, b):
                continue
            if rct[0] == "str" and a > b:
                continue  # a str the interpreter's caches may hold (see cached_names): documented
        if a != b or type(a) is not type(b):
            out.append((where, a, b))
    for prob in hd.get("read_problems") or []:
        out.append(("reads", None, prob))
    if not same_events(py["events"], hd["events"], version):
        out.append(("events", py["events"], hd["events"]))
    return out


def none_order(version, where, a, b):
    """3.10/3.11: hash(None) is None's address (README's documented deviation): a repr or a printed
    text whose only difference is the order of a set (or frozenset) holding None"""
    return version in ("3.10", "3.11") and isinstance(a, str) and isinstance(b, str) and \
        (where.endswith(".repr") or where == "print") and sorted(a) == sorted(b) and "None" in a


def same_events(a, b, version=None):
    """equal, or printed texts that differ only in the order of address-hashed elements (a set of
    instances or weakrefs: README, the addresses are heapd's own), as compare_desc for reprs"""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x == y:
            continue
        if x[0] == y[0] == "print" and sorted(x[1]) == sorted(y[1]) and ("<class '" in x[1] or " at 0x?" in x[1]):
            continue
        if x[0] == y[0] == "print" and none_order(version, "print", x[1], y[1]):
            continue
        return False
    return True


def same_cpython(a, b):
    """two CPython runs agree, ids left out"""
    def strip(r):
        return (r["error"], r["failed_at"], r["events"], r["auto_gc"], r["rc_types"],
                [[x if k != 7 else ADDR.sub("0x?", x or "") for k, x in enumerate(v[1:])]
                 if isinstance(v, list) else v for v in r["values"]])
    return strip(a) == strip(b)


def cpython_syntax_error(python, source):
    """[type, msg, lineno, offset] of compile(source) in CPython, or None (as tests/exec/exectest.py)"""
    code = ("import json, sys\nsrc = sys.stdin.read()\ntry:\n    compile(src, '<exec>', 'exec')\n    print('null')\n"
            "except SyntaxError as e:\n    print(json.dumps([type(e).__name__, e.msg, e.lineno, e.offset]))\n")
    p = subprocess.run([python, "-c", code], input=source, capture_output=True, text=True, timeout=60)
    return json.loads(p.stdout)


def judge(srv, python, version, source, mode):
    """-> (verdict, detail): "pass", "mismatch" [(where, cpython, heapd)], "unsupported", "skip" (why),
    "refused" (heapd answered something other than a run: detail the answer); raises HeapdCrash"""
    hd = run_heapd(srv, version, source, mode)
    if hd["status"] == "unsupported":
        return "unsupported", hd
    if hd["status"] == "syntax_error":  # the generator made invalid Python: CPython must say the same
        e = hd["raw"]["error"]
        want = cpython_syntax_error(python, source)
        got = [e.get("type"), e.get("message"), e.get("lineno"), e.get("offset")]
        return ("invalid", hd) if want == got else ("mismatch", [("syntax_error", want, got)])
    if hd["status"] != "ok":
        return "refused", hd
    py = run_cpython(python, source, mode)
    if "harness_skip" in py:
        return "skip", py["harness_skip"]
    if py["auto_gc"]:
        return "skip", "an automatic collection in CPython (the interpreter's own allocations)"
    mm = compare(version, source, py, hd)
    if not mm:
        return "pass", None
    py2 = run_cpython(python, source, mode)
    py3 = run_cpython(python, source, mode)  # address-dependent output may agree twice by chance
    if not same_cpython(py, py2) or not same_cpython(py, py3):
        return "skip", "CPython's output differs between two runs"
    return "mismatch", mm
