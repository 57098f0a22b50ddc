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
