"""What a fresh interpreter's first `import weakref` leaves, for the harnesses
that run a program inside their own process (tests/exec/runner.py,
tests/execfuzz/runner.py, tests/exec/recorder.py, tests/difffuzz/script.py).

On 3.10, 3.12 and 3.13 `import weakref` imports `types` (_weakrefset.py:
`from types import GenericAlias`; 3.11 has it loaded at start-up), whose body
leaves `class _C: def _m(self): pass` ... `del _C` as cyclic garbage: 7
objects the next collection counts.  A harness has imported `types` itself
(`re`, `json` import it) and collected that garbage before the program runs,
so the program's own first `import weakref` would leave nothing.  HOOK
(source, run in the harness's namespace) wraps builtins.__import__ so that
it makes that garbage again, by the rule heapd follows (core/exec.c,
op_import_weakref()): on 3.13 always; on 3.10 and 3.12 only with the
collector off (threshold 0 counts as off), since there the rest of the
import allocates past the first threshold and collects it (README: the
interpreter's own collections are not modelled).  `_hfresh_weakref()` makes
it directly (a harness whose script imports weakref in its preamble)."""

HOOK = r'''
_hfresh_real_exec = exec


def _hfresh_weakref(_hfd=[False]):
    import gc as _hfg, sys as _hfs
    if _hfd[0]:
        return
    _hfd[0] = True
    _hfv = _hfs.version_info[:2]
    if _hfv == (3, 11) or (_hfv != (3, 13) and _hfg.isenabled() and _hfg.get_threshold()[0] > 0):
        return
    _hfresh_real_exec("class _C:\n    def _m(self): pass\ndel _C\n", _hfs.modules["types"].__dict__)


def _hfresh_install():
    import builtins as _hfb, types as _hft  # noqa: F401
    _hfreal = _hfb.__import__

    def _hfresh_import(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "weakref" and level == 0:
            _hfresh_weakref()
        return _hfreal(name, globals, locals, fromlist, level)
    _hfb.__import__ = _hfresh_import
'''
