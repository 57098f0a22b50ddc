"""Runs a Python source in a real CPython the way POST .../exec says it
runs: mode "module" compiles the whole source as one code object (as
`python file.py` does), mode "statements" compiles each top-level
statement alone. Prints one JSON object: per statement its result, the
text it printed, and the exception that stopped the run.

Reads {"source": ..., "mode": ...} on stdin. The source is instrumented at
the AST level: an expression statement `e` becomes `_hrec(e)`, and after a
statement that binds one name, `_hbound('name')` describes what it bound.
Every name of the harness starts with `_h`."""
import gc
gc.disable()  # first, as tests/diff/pyrunner.py: the harness's imports must not collect
import ast as _hast  # noqa: E402
import io as _hio  # noqa: E402
import json as _hjson  # noqa: E402
import re as _hre  # noqa: E402
import sys as _hsys  # noqa: E402

_hsys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__file__), "..", "lib"))
exec(__import__("fresh_import").HOOK)  # noqa: S102  (_hfresh_install: a fresh `import weakref`)
_hsys.path.pop(0)

gc.collect(0)
del gc  # the source imports what it uses

_hADDR = _hre.compile(r"0x[0-9a-f]+")
_hOUT = []      # per statement: {"result": ..., "printed": "..."}
_hSTDOUT = _hio.StringIO()


_hEXTRA = {"rec": 0, "bound": 0}  # references the harness's own calls add (calibrated)


def _hdesc(o, extra):
    try:
        r = repr(o)
    except RecursionError:
        r = "<RecursionError>"
    return {"type": type(o).__name__, "size": _hsys.getsizeof(o),
            "refcount": _hsys.getrefcount(o) - extra, "tracked": __import__("gc").is_tracked(o),
            "repr": _hADDR.sub("0x?", r)}


def _hrec(v):
    """An expression statement's value: plain for bool/int/None results of
    the subset's calls (len, id, sys.*, gc.collect, is, ==, in), else a descriptor."""
    _hOUT[-1]["value"] = v if v is None or type(v) in (bool, int) else _hdesc(v, _hEXTRA["rec"])


def _hbound(name):
    g = globals()
    _hOUT[-1]["value"] = _hdesc(g[name], _hEXTRA["bound"])


def _hbinds(st):
    """The name a statement binds (its result describes it): class, def, or
    an assignment whose targets are all names (the first one)."""
    if isinstance(st, (_hast.ClassDef, _hast.FunctionDef)):
        return st.name
    if isinstance(st, _hast.Assign) and all(isinstance(t, _hast.Name) for t in st.targets):
        return st.targets[0].id
    return None


def _hcall(fn, args):
    return _hast.Expr(_hast.Call(func=_hast.Name(fn, _hast.Load()), args=args, keywords=[]))


def _hdoc(st):
    """a str statement: the docstring of the unit it starts (compiler_body() stores it as __doc__)"""
    return isinstance(st, _hast.Expr) and isinstance(st.value, _hast.Constant) and isinstance(st.value.value, str)


def _hinstrument(st, docstring=False):
    """(the statement as source, what describes it after its code ended as source)"""
    if docstring:
        return _hast.get_source_segment(_hSRC[0], st), "_hbound('__doc__')"
    if isinstance(st, _hast.Expr):
        return _hast.unparse(_hcall("_hrec", [st.value])), None
    name = _hbinds(st)
    return _hast.unparse(st), ("_hbound(%r)" % name if name else None)


def _hnext():
    """Between statements: what the previous one printed, and a new record."""
    if _hOUT:
        _hOUT[-1]["printed"] = _hSTDOUT.getvalue()
    _hSTDOUT.seek(0)
    _hSTDOUT.truncate()
    _hOUT.append({"value": None})


def _hcalibrate():
    """A temporary object shows refcount 0, an object bound to one name 1."""
    _hOUT.append({})
    _hrec(object())
    _hEXTRA["rec"] = _hOUT[-1]["value"]["refcount"]
    globals()["_hcal"] = object()
    _hbound("_hcal")
    _hEXTRA["bound"] = _hOUT[-1]["value"]["refcount"] - 1
    del globals()["_hcal"]
    _hOUT.clear()


_hSRC = []


def _hmain():
    _hcalibrate()
    req = _hjson.load(_hsys.stdin)
    # the instrumented statements as source: a Python-level AST would hold the constants
    _hSRC.append(req["source"])
    body = _hast.parse(req["source"]).body
    # a docstring stays as written: the module's first statement, or (each compiled alone) any str statement
    parts = [_hinstrument(st, _hdoc(st) and (i == 0 or req["mode"] != "module")) for i, st in enumerate(body)]
    g = globals()
    real = _hsys.stdout
    error = None
    module = "\n".join("_hnext()\n%s%s" % (a, "\n" + b if b else "") for a, b in parts)
    if body and _hdoc(body[0]):  # before anything else of the unit, as its docstring
        module = parts[0][0] + "\n" + module.replace(parts[0][0] + "\n", "", 1)
    gc = __import__("gc")
    gc.collect()  # the harness's own garbage goes before the source runs
    _hfresh_install()
    _hsys.stdout = _hSTDOUT
    try:
        if req["mode"] == "module":
            exec(module, g)  # a string: its AST lives while it runs, as a file's (run_mod)
        else:  # each statement compiled alone; its result described once its code is gone
            for a, b in parts:
                _hnext()
                exec(a, g)
                if b:
                    exec(b, g)
    except Exception as e:  # the statement raised: CPython's exception
        error = [type(e).__name__, str(e) if not isinstance(e, KeyError) else repr(e.args[0])]
    finally:
        _hsys.stdout = real
    if _hOUT:
        _hOUT[-1]["printed"] = _hSTDOUT.getvalue()
    _hjson.dump({"statements": _hOUT, "error": error}, _hsys.stdout)
    _hsys.stdout.flush()
    __import__("os")._exit(0)  # what the source left alive is not finalized into the answer


_hmain()
