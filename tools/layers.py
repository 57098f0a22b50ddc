#!/usr/bin/env python3
"""The layers of core/, checked on the call graph read off the object files
(nm): which file calls which function of which other file.

  runtime      object, alloc, gc, pycall, compare, repr, mem, panic, event,
               exc, formatter, ... : reference counting, the collector, calls,
               all through the slot table, the format-spec mini-language on
               plain text; it names no type
  types        one file per type (list.c ends with list_type): they call
               the runtime and each other
  interpreter  exec, value, pyops, refpath, heap, check, code, format, textio: statements, the
               code objects of functions from source, the compiler's
               constants, which make objects of given types (as ceval.c
               calls PyList_New), and an f-string's fields (FORMAT_VALUE,
               PyObject_Format: the types' __format__ slots)
  registry     types.c: the table of the type tables (data only)

A file may call its own layer and those below it. Prints every call that
goes up and every cycle through a type file; exit 1 when there is one.

    python3 tools/layers.py build/core
"""
import collections, os, subprocess, sys

TYPES = {"baseobj", "class", "descr", "dict", "func", "instance", "list", "method", "num", "set", "str", "tuple",
         "weakcont", "weakref"}
INTERPRETER = {"exec", "value", "pyops", "refpath", "heap", "check", "code", "format", "textio"}
REGISTRY = {"types"}


def layer(unit):
    return 3 if unit in REGISTRY else 2 if unit in INTERPRETER else 1 if unit in TYPES else 0


def graph(objdir):
    defined, used = {}, collections.defaultdict(set)
    for f in sorted(os.listdir(objdir)):
        if not f.endswith(".o"):
            continue
        unit = f[:-2]
        out = subprocess.run(["nm", os.path.join(objdir, f)], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "TDRB":
                defined[parts[2]] = unit
            elif len(parts) == 2 and parts[0] == "U":
                used[unit].add(parts[1])
    edges = collections.defaultdict(set)
    for unit, syms in used.items():
        for s in syms:
            if s in defined and defined[s] != unit:
                edges[unit].add((defined[s], s))
    return edges


def main():
    objdir = sys.argv[1] if len(sys.argv) > 1 else "build/core"
    edges = graph(objdir)
    bad = 0
    for u in sorted(edges):
        for t, s in sorted(edges[u]):
            # the registry is data: a type table or the table of them is read, not called
            if t in REGISTRY or (s.endswith("_type") and t in TYPES):
                continue
            if layer(t) > layer(u):
                print("%s (layer %d) calls up into %s: %s" % (u, layer(u), t, s))
                bad += 1
    calls = {u: {t for t, s in es if t not in REGISTRY} for u, es in edges.items()}
    for start in sorted(TYPES):  # a type file that reaches itself through another layer
        seen, stack = set(), [(start, [start])]
        while stack:
            u, path = stack.pop()
            for t in calls.get(u, ()):
                if t == start and any(p not in TYPES for p in path[1:]):
                    print("cycle: " + " -> ".join(path + [t]))
                    bad += 1
                elif t not in seen and t != start:
                    seen.add(t)
                    stack.append((t, path + [t]))
    print("%d layering problems" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
