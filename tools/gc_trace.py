#!/usr/bin/env python3
"""Which GC objects a real CPython allocates and frees for some statements.

    python3 tools/gc_trace.py [--version 3.11] [--depth 5] script.py

Runs script.py under gdb with the interpreter's own symbols (pyenv's
builds have them) and prints, between the script's `id(1)` and `id(2)`
calls, one line per change of gc.get_count()[0]: `+` for an allocation
(_PyObject_GC_Link, with the first callers that are not the allocator
itself) and `-` for a free (PyObject_GC_Del, with the type's name).
Objects taken from or returned to a free list (tuples, lists, dicts) do
not change the count and are not listed. This is how the engine's
allocation order was checked against CPython's (core/weakcont.c): compare
with what heapd makes for the same statements.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

GDB = r"""set pagination off
set breakpoint pending on
set $on = 0
break builtin_id
commands
silent
set $on = !$on
printf "=== %d\n", $on
continue
end
break _PyObject_GC_Link if $on
commands
silent
printf "+++\n"
bt DEPTH
continue
end
break PyObject_GC_Del if $on
commands
silent
printf "--- %s\n", ((PyObject*)op)->ob_type->tp_name
continue
end
run
"""

SKIP = re.compile(r"_PyObject_GC_Link|gc_alloc|_PyObject_GC_New|_PyType_AllocNoTrack|PyType_GenericAlloc"
                  r"|tuple_alloc|_PyEval_EvalFrame$")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("script")
    ap.add_argument("--version", default="3.11")
    ap.add_argument("--depth", type=int, default=5, help="callers shown per allocation")
    a = ap.parse_args()
    root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip() or \
        os.path.expanduser("~/.pyenv")
    found = sorted(glob.glob(os.path.join(root, "versions", a.version + ".*", "bin", "python" + a.version)))
    if not found:
        sys.exit("no CPython %s under %s" % (a.version, root))
    with tempfile.NamedTemporaryFile("w", suffix=".gdb", delete=False) as f:
        f.write(GDB.replace("DEPTH", str(a.depth + 8)))
    try:
        out = subprocess.run(["gdb", "-batch", "-x", f.name, "--args", found[-1], a.script],
                             capture_output=True, text=True, timeout=600).stdout
    finally:
        os.unlink(f.name)
    frames = None  # the callers of the allocation being read, or None

    def flush():
        if frames is not None:
            print("+ " + " < ".join(frames[:a.depth]))
    for line in out.splitlines():
        if line.startswith("+++"):
            flush()
            frames = []
        elif line.startswith("#") and frames is not None:
            m = re.match(r"#\d+\s+(?:0x[0-9a-f]+ in )?(\S+) .* at (\S+)", line)
            if m and not SKIP.search(m.group(1)):
                frames.append("%s (%s)" % (m.group(1), m.group(2)))
        elif line.startswith("---"):
            flush()
            frames = None
            print("- " + line[4:])
    flush()

if __name__ == "__main__":
    main()
