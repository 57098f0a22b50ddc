"""gdb script: what pymalloc's usedpools and the float free list hold when a script's
first statement runs (core/profile.c startup_pools, startup_floats, startup_float_pools).

    echo 'chr(1)' > /tmp/one.py
    printf 'set breakpoint pending on\nsource tools/gdb_usedpools.py\nbreak builtin_chr\ncommands\nsilent\nusedpools\ncontinue\nend\nrun\n' > /tmp/up.gdb
    PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 gdb -q -batch -x /tmp/up.gdb --args ~/.pyenv/versions/3.13.0/bin/python3 /tmp/one.py

(3.11 calls chr() during start-up too: take the last report.) For each size class, each pool
of usedpools[class], the head first: its address, ref.count, the blocks on its free list and
those never handed out; `avail` = (16384 - 48) / size - count is the figure profile.c keeps.
Then the float free list's entries, the top first, by pool (an address not among usedpools
is a full pool's: 'F').

The tuple, list and dict free lists' start-up entries (core/profile.c startup_tuple_pools,
startup_list_pools, startup_dict_pools) are measured in two runs: `saveranks FILE` at
`chr(1)` (the point of startup_pools), then `freelists FILE` at the first gc_collect_impl of
`import gc, sys; gc.collect()` (the point of startup_tuples/lists/dicts), which prints each
free list's entries, bottom first, as the rank of their pool in the saved usedpools, or a
letter naming a pool not among them (full), the same letter for one pool within a class.
(3.10: tuple free_list[n] holds n-tuples; 3.11+: free_list[n] holds (n + 1)-tuples.)
"""
import gdb

POOL_SIZE, POOL_OVERHEAD = 16384, 48


def used_array():
    for expr in ("usedpools", "_PyRuntime.obmalloc.pools.used",
                 "_PyRuntime.interpreters.main->obmalloc.pools.used"):
        try:
            v = gdb.parse_and_eval(expr)
            v[0]
            return v
        except gdb.error:
            pass
    raise gdb.GdbError("no usedpools")


def float_list():
    for expr in ("_PyRuntime.interpreters.main->float_state.free_list",
                 "_PyRuntime.interpreters.main->object_state.freelists.floats.items"):
        try:
            return gdb.parse_and_eval(expr)
        except gdb.error:
            pass
    return None


class UsedPools(gdb.Command):
    def __init__(self):
        super().__init__("usedpools", gdb.COMMAND_USER)

    def invoke(self, arg, tty):
        u = used_array()
        ulong_p = gdb.lookup_type("unsigned long").pointer()
        ranks = {}
        for i in range(32):
            size = (i + 1) * 16
            cap = (POOL_SIZE - POOL_OVERHEAD) // size
            head = int(u[2 * i].address) - 16  # the list's fake header
            p, rows = u[2 * i], []
            while int(p) != head and len(rows) < 64:
                count = int(p["ref"]["count"])
                nfree, fb = 0, p["freeblock"]
                while int(fb) and nfree < 5000:
                    nfree += 1
                    fb = gdb.Value(int(fb.cast(ulong_p).dereference())).cast(ulong_p)
                ranks[int(p)] = (i, len(rows))
                rows.append("%#x count %d avail %d (free %d)" % (int(p), count, cap - count, nfree))
                p = p["nextpool"]
            if rows:
                print("class %d (%d bytes): %s" % (i, size, "; ".join(rows)))
        f, out = float_list(), []
        while f is not None and int(f):
            pool = int(f) & ~(POOL_SIZE - 1)
            out.append(str(ranks[pool][1]) if pool in ranks else "F")
            f = f.cast(gdb.lookup_type("PyObject").pointer())["ob_type"]
        print("float free list, top first:", " ".join(out))


UsedPools()



def first_value(exprs):
    for expr in exprs:
        try:
            return gdb.parse_and_eval(expr)
        except gdb.error:
            pass
    return None


MAIN = "_PyRuntime.interpreters.main->"


def used_ranks():
    """{pool address: (class, rank in usedpools[class])}"""
    u, ranks = used_array(), {}
    for i in range(32):
        head = int(u[2 * i].address) - 16
        p, r = u[2 * i], 0
        while int(p) != head and r < 64:
            ranks[int(p)] = (i, r)
            r += 1
            p = p["nextpool"]
    return ranks


class SaveRanks(gdb.Command):
    """saveranks FILE: usedpools' pools as {address: [class, rank]} (JSON), for freelists"""

    def __init__(self):
        super().__init__("saveranks", gdb.COMMAND_USER)

    def invoke(self, arg, tty):
        import json
        with open(arg.strip(), "w") as f:
            json.dump({str(k): v for k, v in used_ranks().items()}, f)


class FreeLists(gdb.Command):
    """freelists [FILE]: each tuple (by length), list and dict free-list entry,
    the bottom one first, as core/profile.c's startup_*_pools strings: the
    rank of its pool in usedpools[class] (the head 0; with FILE, the ranks
    saveranks wrote at another point, chr(1) of a one-line file as
    startup_pools was measured), or a letter naming a pool not among them
    (full there), the same letter for entries of one pool, by class"""

    def __init__(self):
        super().__init__("freelists", gdb.COMMAND_USER)

    def invoke(self, arg, tty):
        import json
        if arg.strip():
            with open(arg.strip()) as f:
                ranks = {int(k): tuple(v) for k, v in json.load(f).items()}
        else:
            ranks = used_ranks()
        szidx = {}
        letters = {}
        tup_p = gdb.lookup_type("PyTupleObject").pointer()
        pool_p = gdb.lookup_type("struct pool_header").pointer()

        def where(addr):
            pool = addr & ~(POOL_SIZE - 1)
            cls = int(gdb.Value(pool).cast(pool_p)["szidx"])
            if pool in ranks and ranks[pool][0] == cls:
                return str(ranks[pool][1])
            names = letters.setdefault(cls, {})
            names.setdefault(pool, "abcdefghijklmnopqrstuvwxyz"[len(names)])
            return names[pool]

        tl = first_value([MAIN + "object_state.freelists.tuples.items", MAIN + "tuple.free_list"])
        # 3.10: free_list[len]; 3.11+: free_list[len - 1]
        for k in range(tl.type.range()[1] + 1):
            e, entries = tl[k], []
            while int(e):
                entries.append(int(e))
                e = e.cast(tup_p)["ob_item"][0].cast(tup_p)
            if entries:
                print("tuple free_list[%d] (%d): \"%s\"" % (k, len(entries), "".join(where(a) for a in reversed(entries))))
        for name, exprs in (("list", [MAIN + "object_state.freelists.lists", MAIN + "list"]),
                            ("dict", [MAIN + "object_state.freelists.dicts", MAIN + "dict_state"])):
            st = first_value(exprs)
            try:
                arr, n = st["items"], int(st["numfree"])
            except gdb.error:
                arr, n = st["free_list"], int(st["numfree"])
            print("%s free list (%d): \"%s\"" % (name, n, "".join(where(int(arr[j])) for j in range(n))))


SaveRanks()
FreeLists()
