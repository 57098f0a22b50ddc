"""The round trip's recorder and comparison, shared by tests/exec/roundtrip.py
(fixed scenarios) and tests/scriptfuzz (random sequences).

The script of GET .../script runs in the real CPython (PYTHONHASHSEED=0)
with builtins.exec replaced by a recorder: each exec() call the script makes
is one statement heapd answered (a JSON operation, a statement of a
"statements"-mode source, or a whole "module"-mode source).  Per call it
records the source text, the value (None / bool / int, or a descriptor of
the value or of the name the statement binds, addresses masked) and the
exception (type and message).  It also records, on the call running when
they happen, the events the script shows: what it prints (finalizers of
exec sources print), each __del__ run (the script's
finalizers are `pass`: each __del__ is compiled with a first call of a
builtin _hfin(self)), each call of the script's weakref callback `_cb`,
and gc.callbacks' starts and stops of collections."""
import json
import re
import subprocess
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exectest import comparable  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from fresh_import import HOOK as FRESH_IMPORT_HOOK  # noqa: E402
from heapd_proc import judge_env  # noqa: E402

ADDR = re.compile(r"0x[0-9a-f]+")


class ScriptError(RuntimeError):
    """The script raised an exception it does not catch."""

    def __init__(self, error, records):
        RuntimeError.__init__(self, "the script raised %s: %s" % tuple(error))
        self.error = error
        self.records = records


# Replaces builtins.exec for the script: each call is one heapd statement
# (or one module-mode source); records its value or bound descriptor and
# its exception (re-raised: the script's try/except expects it).
RECORDER = r'''
import ast as _hast, builtins as _hb, json as _hjson, re as _hre, sys as _hsys
_hreal = _hb.exec
_hlen = len  # a statement may run with the builtin 'len' hidden (GET script: a path `len`'s NameError)
_hOUT = []
_hPENDING = []  # events before the first exec() of a statement (a rebinding in the script's own code)
_hON = [False]
def _hevent(*e):
    if not _hON[0]:
        return
    # a statement that raised: what its traceback held dies when the script's
    # `except` drops it, after exec() returned, before the next statement
    evs = _hOUT[-1].setdefault("events", []) if _hOUT and (not _hOUT[-1].get("done") or "error" in _hOUT[-1]) \
        else _hPENDING
    if e[0] == "print" and evs and evs[-1][0] == "print":
        evs[-1] = ["print", evs[-1][1] + e[1]]
    else:
        evs.append(list(e))
class _hStdout:
    def write(self, s):
        # a copy: the text printed is often the very str a name binds (print(v, end=''))
        _hevent("print", s.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass"))
        return len(s)
    def flush(self):
        pass
# a class's name as bytes: its __name__ is the very str a session may ask
# about (`sys.getrefcount('Node')`), so the records keep no reference to it
def _hfin(o):
    _hevent("finalized", type(o).__name__.encode())
def _hcb(wr):
    _hevent("weakref_callback", type(wr).__name__.encode())
_hb._hfin = _hfin  # builtins: the script's namespace holds nothing of the recorder's
_hb._hcb = _hcb
_hDEL = _hre.compile(r"(\n[ \t]+def __del__\((\w+)[^)]*\):[ \t]*\n([ \t]+))")
_hDEL1 = _hre.compile(r"(\n[ \t]+def __del__\((\w+)[^)]*\):[ \t]*)(?=[^\s#])")
_hDEF = _hre.compile(r"(^def \w+\((\w+)[^)]*\):[ \t]*\n([ \t]+))", _hre.M)
_hDEF1 = _hre.compile(r"(^def \w+\((\w+)[^)]*\):[ \t]*)(?=[^\s#])", _hre.M)
def _hinstrument(src):
    """every __del__ first calls _hfin(self) (a builtin): the finalized event;
    every top-level function of a source (its weakref callbacks) _hcb(first argument)"""
    if "def " not in src:
        return src
    src = _hDEF1.sub(lambda m: m.group(1) + "_hcb(%s); " % m.group(2),
                     _hDEF.sub(lambda m: m.group(1) + "_hcb(%s)\n%s" % (m.group(2), m.group(3)), src))
    if "__del__" not in src:
        return src
    return _hDEL1.sub(lambda m: m.group(1) + "_hfin(%s); " % m.group(2),
                      _hDEL.sub(lambda m: m.group(1) + "_hfin(%s)\n%s" % (m.group(2), m.group(3)), src))
def _hgccb(phase, info):
    if phase == "start":
        _hevent("gc_start", info["generation"])
    else:
        _hevent("gc_stop", info["generation"], info["collected"], info["uncollectable"])
_hADDR = _hre.compile(r"0x[0-9a-f]+")
def _hdesc(o, extra):
    try:
        r = repr(o)
    except RecursionError:
        r = "<RecursionError>"
    return {"type": type(o).__name__, "size": _hsys.getsizeof(o), "refcount": _hsys.getrefcount(o) - extra,
            "tracked": __import__("gc").is_tracked(o), "repr": _hADDR.sub("0x?", r)}
def _hexec(src, g=None, l=None):
    if not isinstance(src, str):  # not the script's: the import machinery's code objects
        return _hreal(src, g, l)
    g = _hsys._getframe(1).f_globals if g is None else g
    try:
        tree = _hast.parse(src)
    except SyntaxError as e:  # a statement that does not compile (`class = 1`): its answer is the error
        rec = {"value": None, "src": src, "error": [type(e).__name__, str(e.msg)], "done": True}
        if _hPENDING:
            rec["events"] = _hPENDING[:]
            del _hPENDING[:]
        _hOUT.append(rec)
        raise
    # the statement that answers: a create with attributes renders as
    # `name = ...` followed by `name.attr = ...`, answered by the name
    first = tree.body[0] if tree.body else None
    rec = {"value": None, "src": src}
    if _hPENDING:
        rec["events"] = _hPENDING[:]
        del _hPENDING[:]
    _hOUT.append(rec)
    # (a chained assignment binds a name only when all its targets are names: heapd's answer is null otherwise)
    name = first.targets[0].id if isinstance(first, _hast.Assign) and all(isinstance(t, _hast.Name) for t in first.targets) else \
        first.name if isinstance(first, (_hast.ClassDef, _hast.FunctionDef)) else None
    expr = _hlen(tree.body) == 1 and isinstance(first, _hast.Expr)
    del tree, first
    try:
        if name is None and expr:
            # the value is described in the statement, as it runs: its code
            # (a folded constant is also its co_consts') and its AST (exec() of
            # a string: the arena holds what the literals made) still live
            try:
                _hreal("_hrecv((\n%s\n))" % _hinstrument(src), g)
            except SyntaxError:  # two brackets more than the tokenizer's 200 (difffuzz's deepest value):
                # nothing ran (the source itself parsed above); described once eval() is done, its code
                # kept, not its AST
                co = compile(_hinstrument(src), "<op>", "eval")
                v = eval(co, g)
                rec["value"] = v if v is None or type(v) in (bool, int) else _hdesc(v, _hEXTRA[0])
                del v, co
        else:
            _hreal(_hinstrument(src), g)  # a string, as the script's exec(): its AST lives while it runs
            if name and name in g:  # a module-mode source may delete it again (`v = ()\ndel v`)
                rec["value"] = _hdesc(g[name], _hEXTRA[1])
    except Exception as e:
        rec["error"] = [type(e).__name__, str(e) if not isinstance(e, KeyError) else repr(e.args[0])]
        raise
    finally:
        rec["done"] = True
def _hrecv(v):
    _hOUT[-1]["value"] = v if v is None or type(v) in (bool, int) else _hdesc(v, _hEXTRA[0])
_hb._hrecv = _hrecv
_hEXTRA = [0, 0]
_hg = {"__name__": "__main__"}
_hexec("_hcal = object()", _hg)
_hEXTRA[1] = _hOUT[-1]["value"]["refcount"] - 1
_hexec("object()", _hg)
_hEXTRA[0] = _hOUT[-1]["value"]["refcount"]
_hOUT.clear()
_hb.exec = _hexec
_hscript = open(_hsys.argv[1]).read().replace("def _cb(wr):\n    pass\n", "def _cb(wr):\n    _hcb(wr)\n").replace(
    "def __heapd_cb__(wr):\n    pass\n", "def __heapd_cb__(wr):\n    _hcb(wr)\n")  # its alias (api/pyrender.c)
_hsys.argv = _hsys.argv[:1]
__import__("gc").collect()
if _hsys.version_info < (3, 12):  # the recorder runs the script from its own code, each statement through _hexec:
    # levels the script alone does not cost (measured: 3 on 3.10, 2 on 3.11)
    _hsys.setrecursionlimit(_hsys.getrecursionlimit() + (3 if _hsys.version_info < (3, 11) else 2))
_hreal_stdout = _hsys.stdout
__import__("gc").callbacks.append(_hgccb)
_hsys.stdout = _hStdout()
_hfresh_install()
_hON[0] = True
_herror = None
try:
    _hreal(compile(_hscript, "<script>", "exec"), {"__name__": "__main__", "__builtins__": _hb})
except BaseException as e:  # the script itself must run to its end
    _herror = [type(e).__name__, str(e)]
finally:
    _hON[0] = False
    _hsys.stdout = _hreal_stdout
    _hb.exec = _hreal
    for _hr in _hOUT:
        _hr.pop("done", None)
    if _hPENDING:
        _hOUT.append({"value": None, "src": None, "events": _hPENDING, "after": True})
    print(_hjson.dumps(_hOUT if _herror is None else {"records": _hOUT, "script_error": _herror},
                      default=lambda b: b.decode()))
    _hsys.stdout.flush()
    __import__("os")._exit(0)  # what the script left alive is not finalized into the records
'''
RECORDER = FRESH_IMPORT_HOOK + RECORDER  # a fresh interpreter's `import weakref` (tests/lib)



def cpython_run(python, script):
    path = "/tmp/heapd-roundtrip-%d.py" % os.getpid()
    with open(path, "w") as f:
        f.write(script)
    p = subprocess.run([python, "-c", RECORDER, path], capture_output=True, text=True,
                       env=judge_env(), timeout=120)
    os.unlink(path)
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-1500:])
    out = json.loads(p.stdout.strip().splitlines()[-1])
    if isinstance(out, dict):  # the script raised where it expected nothing
        raise ScriptError(out["script_error"], out["records"])
    return [r for r in out if not r.get("after")]


def mask_error(e):
    return [e[0], ADDR.sub("0x?", e[1])] if e else e


def compare(answers, recs, version):
    problems = []
    if len(answers) != len(recs):
        problems.append("%d answers, the script made %d statements" % (len(answers), len(recs)))
    for i, (a, r) in enumerate(zip(answers, recs)):
        if a.get("module"):
            continue
        if "error" in a or "error" in r:
            if mask_error(a.get("error")) != mask_error(r.get("error")):
                problems.append("statement %d: heapd %s, script %s" % (i, a.get("error"), r.get("error")))
            continue
        want, got = a["value"], r["value"]
        nest = len(want.get("repr", "")) - len(want.get("repr", "").lstrip("[(")) if isinstance(want, dict) else 0
        if isinstance(got, dict) and isinstance(want, dict) and got.get("repr") == "<RecursionError>" \
                and (want.get("repr_truncated") or nest >= 900):
            got, want = dict(got), dict(want)  # the recorder's repr() runs frames deeper than the script's
            del got["repr"], want["repr"]
            want.pop("repr_truncated", None)
        if isinstance(want, dict) and "size" in want and "deep" in want:
            continue  # a deep size has no one-statement spelling
        if isinstance(want, dict) and not isinstance(got, dict) and "repr" in want:
            want, got = want["repr"], repr(got)
        if isinstance(want, int) and not isinstance(want, bool) and isinstance(got, int) and (
                want > 100000 or got > 100000 or (version == "3.10" and want >= 1000)):
            continue  # id() and shared objects' counts (as tests/diff/difftest.py): documented
        got, want = comparable(got, want)
        if got != want:
            problems.append("statement %d:\n      heapd:  %s\n      script: %s" % (i, json.dumps(want)[:300],
                                                                                   json.dumps(got)[:300]))
    return problems


