"""Runs one Python source in a real CPython the way POST .../exec runs it,
and prints one JSON object of everything observed.  Started as a fresh
`PYTHONHASHSEED=0 python3 runner.py` per source; reads
{"source", "mode", "preamble"} on stdin.

- mode "module": the whole (instrumented) source is ONE code object, run
  with exec() in the real __main__ namespace (as `python file.py` runs it:
  constants shared and held until the unit ends); mode "statements": each
  top-level statement compiled and run alone (as the JSON operations).
- Instrumentation (AST level, unparsed back to source so that no AST holds
  the source's constants): an expression statement `e` becomes
  `_hrec(e)`; after a statement binding names (all targets names, a class,
  a def) `_hbound(i)` describes the first name's object; `__del__` methods
  start with `_hfin(self)` and top-level `def f(wr)` callbacks with
  `_hcbk(wr)`; `gc.callbacks` records collections.  Every harness name
  starts with `_h` and the harness imports nothing under the names the
  source may import (gc, sys, weakref): a module used before its import
  is CPython's NameError.
- The descriptor helpers are tests/difffuzz/script.py's preamble (`_qdesc`:
  refcount, size, tracked, weakrefs, shared, generation, repr), run in a
  private namespace: it disables the collector, imports collections (the
  ABC caches heapd models) and settles generation 0.
- Events, in order, each with the index of the statement running:
  ["print", text] (the text written to stdout, consecutive writes merged),
  ["finalized", type], ["weakref_callback", type of the weakref],
  ["gc_start", generation], ["gc_stop", generation, collected,
  uncollectable], ["unraisable", type, message] (an exception a __del__
  or callback raised: CPython ignores it, printing to stderr)."""
import gc
gc.disable()  # first: the harness's own imports must not collect
import ast as _hast  # noqa: E402
import json as _hjson  # noqa: E402
import sys as _hsys  # noqa: E402

_hsys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__file__), "..", "lib"))
exec(__import__("fresh_import").HOOK)  # noqa: S102  (_hfresh_install: a fresh `import weakref`)
_hsys.path.pop(0)

del gc  # the source imports what it uses
_hREQ = _hjson.load(_hsys.stdin)
_hQ = {"__name__": "_hq"}
exec(_hREQ["preamble"], _hQ)  # noqa: S102  (tests/difffuzz/script.py PREAMBLE: helpers, gc disabled)
_hdesc = _hQ["_qdesc"]
_hshared = _hQ["_qshared"]
_hgc = _hQ["gc"]
_hgc.collect()

_hOUT = []      # per statement: {"value": ...}
_hEV = []       # events: [statement index, kind, ...]
_hEXTRA = [0, 0]
_hNAMES = {}    # statement index -> the name whose object its result describes
_hRUNNING = [False]


def _hev(kind, *args):
    if not _hRUNNING[0]:
        return
    i = len(_hOUT) - 1
    if kind == "print" and _hEV and _hEV[-1][1] == "print" and _hEV[-1][0] == i:
        _hEV[-1][2] += args[0]
    else:
        _hEV.append([i, kind] + list(args))


class _HStdout:
    def write(self, s):
        _hev("print", s)
        return len(s)

    def flush(self):
        pass


def _hfin(o):
    _hev("finalized", type(o).__name__)


def _hcbk(w):
    _hev("weakref_callback", type(w).__name__)


def _hgccb(phase, info):
    if phase == "start":
        _hev("gc_start", info["generation"])
    else:
        _hev("gc_stop", info["generation"], info["collected"], info["uncollectable"])


def _hunraisable(u):
    _hev("unraisable", type(u.exc_value).__name__, str(u.exc_value))


def _hrec(v):
    """plain for None, bool, int (a copy: the record must not hold the program's int), else a descriptor"""
    _hOUT[-1]["value"] = _hjson.loads(_hjson.dumps(v)) if v is None or type(v) in (bool, int) \
        else list(_hdesc(v, _hEXTRA[0]))


def _hbound(i):
    _hOUT[-1]["value"] = list(_hdesc(globals()[_hNAMES[i]], _hEXTRA[1]))


def _hrct(v):
    """sys.getrefcount(x)'s argument: its type and whether the interpreter shares it"""
    _hOUT[-1]["rc_type"] = [type(v).__name__, bool(_hshared(v))]


def _hnext():
    _hOUT.append({"value": None})


def _hbinds(st):
    if isinstance(st, (_hast.ClassDef, _hast.FunctionDef)):
        return st.name
    if isinstance(st, _hast.Assign) and all(isinstance(t, _hast.Name) for t in st.targets):
        return st.targets[0].id
    return None


def _hcall(fn, args):
    return _hast.Expr(_hast.Call(func=_hast.Name(fn, _hast.Load()), args=args, keywords=[]))


def _hprepend(fdef, fn):
    """fn(<first parameter>) as the body's first statement (after a docstring)"""
    a = fdef.args
    params = a.posonlyargs + a.args
    if not params:
        return
    call = _hcall(fn, [_hast.Name(params[0].arg, _hast.Load())])
    body = fdef.body
    k = 1 if body and isinstance(body[0], _hast.Expr) and isinstance(body[0].value, _hast.Constant) \
        and isinstance(body[0].value.value, str) else 0
    fdef.body = body[:k] + [call] + body[k:]


def _hdoc(st):
    """a str statement: the docstring of the unit it starts (compiler_body() stores it as __doc__)"""
    return isinstance(st, _hast.Expr) and isinstance(st.value, _hast.Constant) and isinstance(st.value.value, str)


def _hinstrument(i, st, docstring=False):
    """(the statement as source, what runs after it as source or None)"""
    if docstring:
        _hNAMES[i] = "__doc__"
        return _hast.get_source_segment(_hREQ["source"], st), "_hbound(%d)" % i
    after = []
    if isinstance(st, _hast.ClassDef):
        for b in st.body:
            if isinstance(b, _hast.FunctionDef) and b.name == "__del__":
                _hprepend(b, "_hfin")
    elif isinstance(st, _hast.FunctionDef):
        _hprepend(st, "_hcbk")
    if isinstance(st, (_hast.Expr, _hast.Assign)):  # `sys.getrefcount(x)`, `n = sys.getrefcount(x)`
        v = st.value
        if isinstance(v, _hast.Call) and isinstance(v.func, _hast.Attribute) and v.func.attr == "getrefcount" \
                and len(v.args) == 1:
            after.append("try:\n    _hrct(%s)\nexcept Exception:\n    pass" % _hast.unparse(v.args[0]))
    if isinstance(st, _hast.Expr):
        src = _hast.unparse(_hcall("_hrec", [st.value]))
    else:
        src = _hast.unparse(st)
    name = _hbinds(st)
    if name:
        _hNAMES[i] = name
        after.insert(0, "_hbound(%d)" % i)
    return src, "\n".join(after) or None


def _hcalibrate():
    """A temporary object shows refcount 0, an object bound to one name 1."""
    _hnext()
    _hrec(object())
    _hEXTRA[0] = _hOUT[-1]["value"][2]
    globals()["_hcal"] = object()
    _hNAMES[-1] = "_hcal"
    _hbound(-1)
    _hEXTRA[1] = _hOUT[-1]["value"][2] - 1
    del globals()["_hcal"], _hNAMES[-1]
    _hOUT.clear()


def _hmain():
    _hcalibrate()
    tree = _hast.parse(_hREQ["source"])
    lines = [st.lineno for st in tree.body]
    # a docstring stays as written: the module's first statement, or (each compiled alone) any str statement
    try:
        parts = [_hinstrument(i, st, _hdoc(st) and (i == 0 or _hREQ["mode"] != "module"))
                 for i, st in enumerate(tree.body)]
    except ValueError as e:  # 3.10's ast.unparse(): "Unable to avoid backslash in f-string expression part"
        _hsys.stdout.write(_hjson.dumps({"harness_skip": "instrumented statement does not unparse: %s" % e}))
        _hsys.stdout.flush()
        __import__("os")._exit(0)
    doc = bool(tree.body) and _hdoc(tree.body[0])
    del tree
    g = globals()
    real = _hsys.stdout
    error = None
    module = "\n".join("_hnext()\n%s%s" % (a, "\n" + b if b else "") for a, b in parts)
    if doc:  # before anything else of the unit, as its docstring
        module = parts[0][0] + "\n" + module.replace(parts[0][0] + "\n", "", 1)
    _hgc.collect()  # the harness's own garbage goes before the source runs
    _hgc.enable()  # as a fresh interpreter (the preamble disabled it); CPython collecting on its own is
    # told apart by the driver (a collection in a statement that calls no gc.collect())
    _hfresh_install()
    _hgc.callbacks.append(_hgccb)
    _hsys.unraisablehook = _hunraisable
    _hsys.stdout = _HStdout()
    _hRUNNING[0] = True
    try:
        if _hREQ["mode"] == "module":
            exec(module, g)  # a string: its AST lives while it runs, as a file's (run_mod)
        else:  # each statement compiled alone; its result described once its code is gone
            for a, b in parts:
                _hnext()
                exec(a, g)
                if b:
                    exec(b, g)
    except SyntaxError as e:  # the source compiles (heapd ran it): its instrumented form did not
        # (`_hrec(...)` and unparse's parentheses nest one more bracket past the tokenizer's 200);
        # compiling anything first would change CPython's answers (a second compile of a set display
        # can order its frozenset constant differently), so this is only found out here
        _hsys.stdout = real
        _hsys.stdout.write(_hjson.dumps({"harness_skip": "instrumented statement does not compile: %s" % e.msg}))
        _hsys.stdout.flush()
        __import__("os")._exit(0)
    except Exception as e:  # the statement raised: CPython's exception
        error = [type(e).__name__, str(e) if not isinstance(e, KeyError) else repr(e.args[0])]
        if isinstance(e, RecursionError):
            error.append("recursion")
    _hRUNNING[0] = False
    _hsys.stdout = real
    _hgc.callbacks.remove(_hgccb)
    out = {"statements": _hOUT, "lines": lines, "error": error, "events": _hEV}
    _hsys.stdout.write(_hjson.dumps(out))
    _hsys.stdout.flush()
    __import__("os")._exit(0)  # what the source left alive is not finalized into the answer


_hmain()
