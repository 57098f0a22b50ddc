"""One random sequence through heapd, then its GET .../script through the real
CPython with tests/exec/recorder.py's recorder; every answer compared.
Shared by scriptfuzz.py and replay.py.

A case is {"version", "steps"}; a step is a JSON operation or a batch of
tests/difffuzz/gen.py (refusals `$bad`, reads `$inspect`, ids `{"$id": n}`
included), or {"exec": source, "mode": "module" | "statements"} with a
source of tests/execfuzz/gen.py (some outside the subset: 422 unsupported,
some not Python: 422 SyntaxError)."""
import ast
import importlib.util
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


# tests/execfuzz/engine.py loads tests/difffuzz's engine and script under their own names
XE = _load("execfuzz_engine", os.path.join(ROOT, "tests", "execfuzz", "engine.py"))
DE = XE.DE
DS = XE.DS
_saved = sys.modules.get("engine"), sys.modules.get("gen")
sys.modules["engine"] = XE
XG = _load("execfuzz_gen", os.path.join(ROOT, "tests", "execfuzz", "gen.py"))
XF = _load("execfuzz_main", os.path.join(ROOT, "tests", "execfuzz", "execfuzz.py"))
DG = _load("difffuzz_gen", os.path.join(ROOT, "tests", "difffuzz", "gen.py"))
for _k, _m in zip(("engine", "gen"), _saved):
    if _m is None:
        sys.modules.pop(_k, None)
    else:
        sys.modules[_k] = _m
sys.path.insert(0, os.path.join(ROOT, "tests", "exec"))
import recorder as R  # noqa: E402

ddmin = XF.ddmin
find_python = XE.find_python
HeapdCrash = DE.HeapdCrash
ADDR = re.compile(r"0x[0-9a-f]+")
SCRATCH = "/tmp/scriptfuzz"
BROKEN = ["x = (\n", "def f(:\n    pass\n", "a = 1\n  b = 2\n", "class :\n", "del 1\n", "x = 'abc\n"]


# ----------------------------------------------------------------------------
# generation

def generate(seed, version):
    rng = random.Random(seed)
    steps = DG.generate(rng.randrange(1 << 30), version, target_ops=rng.randint(8, 60))
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        r = rng.random()
        if r < 0.06:
            src = rng.choice(BROKEN)
        else:
            g = XG.Gen(rng.randrange(1 << 30), 0.08)
            src = "\n".join(g.program()) + "\n"
        steps.insert(rng.randint(1, len(steps)), {"exec": src, "mode": rng.choice(["module", "statements"])})
    if rng.random() < 0.3:  # the session names what the script's statements call (helper-61)
        for _ in range(rng.randint(1, 5)):
            n = rng.choice(OWN_NAMES)
            st = rng.choice([{"op": "create", "name": n, "value": rng.choice([[1, 2], 5, "s", {"type": "object"}])},
                             {"op": "del", "name": n}, {"op": "len", "ref": n}, {"op": "sizeof", "ref": n},
                             {"op": "getrefcount", "ref": n}, {"op": "id", "ref": n},
                             {"op": "assign", "name": "q_" + n, "to": n}])
            steps.insert(rng.randint(1, len(steps)), st)
    return {"version": version, "steps": steps}


# the names the JSON operations' statements call (api/pyrender.c own_names)
OWN_NAMES = ["gc", "sys", "weakref", "_cb", "id", "len", "object", "set", "frozenset", "float"]


# ----------------------------------------------------------------------------
# heapd

def heapd_events(evs):
    out = []
    for e in evs or []:
        k = e.get("event")
        if k == "print":
            x = ["print", ADDR.sub("0x?", e.get("text", ""))]
            if out and out[-1][0] == "print":
                out[-1] = ["print", out[-1][1] + x[1]]
                continue
            out.append(x)
        elif k in ("finalized", "weakref_callback"):
            out.append([k, e.get("type")])
        elif k == "gc_start":
            out.append([k, e.get("generation")])
        elif k == "gc_stop":
            out.append([k, e.get("generation"), e.get("collected"), e.get("uncollectable")])
    return out


def run_heapd(srv, case):
    """-> (answers, groups, script, problems): answers one per exec() the script
    must make ({"value"} / {"error"} / {"module"}, with "python"), groups
    (first answer, end, heapd's events) per request, the script text, and
    what went wrong on heapd's side alone (a refusal that changed the heap)."""
    version = case["version"]
    opts = {"python": version}
    if case["steps"] and isinstance(case["steps"][0].get("$seed"), int):
        opts["seed"] = case["steps"][0]["$seed"]  # the generator's session seed (addresses only)
    status, b = srv.request("POST", "/v1/sessions", opts)
    if status != 201:
        raise RuntimeError("session: %s %s" % (status, b))
    sid = b["session"]
    base = "/v1/sessions/%s/" % sid
    reads = DE.Reads(srv, base)
    answers, groups, problems = [], [], []

    def id_statements(si, start):
        """`{"$id": "a.x"}`: the driver asked heapd `id(a.x)` first (engine.Reads.path_id),
        a statement of the script too: one answer and one group each. -> the next group's start"""
        for ist, ib in reads.id_answers:
            if ist == 200:
                add({"op": "id"}, 200, ib, ib["result"])
            elif ist == 422 and ib.get("error", {}).get("code") == "python_exception":
                add({"op": "id"}, 422, ib["error"])
            groups.append((start, len(answers), heapd_events(ib.get("events") or ib.get("error", {}).get("events")), si, False))
            start = len(answers)
        del reads.id_answers[:]
        return start

    def add(op, status, body, result=None):
        """one JSON operation's answer (single or in a batch)"""
        kind = op["op"]
        if status == 200:
            answers.append({"value": None if kind == "gc" else result, "python": body.get("python")})
        else:
            answers.append({"error": [body["type"], body["message"]], "python": body.get("python")})

    for si, st in enumerate(case["steps"]):
        start = len(answers)
        evs = []
        b = None
        if "exec" in st:
            status, b = srv.request("POST", base + "exec", {"source": st["exec"], "mode": st["mode"]})
            err = b.get("error", {}) if isinstance(b, dict) else {}
            raised = status == 422 and err.get("code") == "python_exception"
            # README: a method or builtin heapd does not run is found when its statement is
            # about to run; what ran before it stays done (and is in the script)
            partial = status == 422 and err.get("code") == "unsupported" and bool(err.get("results"))
            if status == 200 or raised or partial:
                results = b["results"] if status == 200 else err.get("results", [])
                if st["mode"] == "module":
                    answers.append({"module": True, "python": st["exec"] if not partial else
                                    "".join(st["exec"].splitlines(True)[:err["line"] - 1])})
                    if raised:
                        answers[-1]["error"] = [err["type"], err["message"]]
                else:
                    answers.extend({"value": r["result"], "python": r["source"]} for r in results)
                    if raised:
                        answers.append({"error": [err["type"], err["message"]], "python": err.get("source")})
                evs = b.get("events") if status == 200 else err.get("events")
        elif "batch" in st:
            ops = reads.resolve(st["batch"], batch=True)
            start = id_statements(si, start)
            status, b = srv.request("POST", base + "batch", {"ops": [
                {k: v for k, v in op.items() if k != "$expect"} for op in ops]})
            reads.note(b)
            if status == 200:
                py = b.get("python") or []
                for k, op in enumerate(st["batch"]):
                    add(op, 200, {"python": py[k] if k < len(py) else "<no python>"}, b["results"][k])
                evs = b.get("events")
            elif isinstance(b, dict) and isinstance(b.get("error"), dict) and "index" in b["error"] \
                    or isinstance(b, dict) and "index" in b:
                e = b["error"]
                fail = b.get("index", e.get("index"))
                results = b.get("results", e.get("results")) or []
                py = e.get("python") or []
                for k in range(min(fail, len(results))):
                    add(st["batch"][k], 200, {"python": py[k] if k < len(py) else "<no python>"}, results[k])
                if status == 422 and e.get("code") == "python_exception":
                    add(st["batch"][fail], 422, dict(e, python=py[fail] if fail < len(py) else "<no python>"))
                evs = e.get("events") or b.get("events")
        elif st["op"] == "$bad":
            p = reads.bad(st)
            if p:
                problems.append("refusal %s: %s" % (json.dumps(st)[:200], p))
        elif st["op"] == "$inspect":
            continue
        else:
            sent = reads.resolve([st])[0]
            start = id_statements(si, start)
            status, b = srv.request("POST", base + st["op"], {k: v for k, v in sent.items() if k != "op" and not k.startswith("$")})
            reads.note(b)
            if status == 200:
                add(st, 200, b, b["result"])
                evs = b.get("events")
            elif status == 422 and isinstance(b, dict) and b.get("error", {}).get("code") == "python_exception":
                add(st, 422, b["error"])
                evs = b["error"].get("events")
        dropped = isinstance(b, dict) and bool(b.get("events_dropped") or (b.get("error") or {}).get("events_dropped")) \
            if isinstance(b, dict) and isinstance(b.get("error", {}), dict) else False
        groups.append((start, len(answers), heapd_events(evs), si, dropped))
    status, script = srv.request("GET", base + "script")
    if status != 200 or not isinstance(script, str):
        problems.append("GET script: %s %s" % (status, str(script)[:200]))
        script = ""
    srv.request("DELETE", "/v1/sessions/" + sid)
    return answers, groups, script, problems


# ----------------------------------------------------------------------------
# comparison

def recorder_events(recs, a, b):
    out = []
    for r in recs[a:b]:
        for e in r.get("events", []):
            e = list(e)
            if e[0] == "print":
                e[1] = ADDR.sub("0x?", e[1])
                if out and out[-1][0] == "print":
                    out[-1] = ["print", out[-1][1] + e[1]]
                    continue
            out.append(e)
    return out


def automatic_gc(recs):
    """a collection in a statement that calls no collect(): CPython collecting on its own
    (heapd counts only the session's allocations: README's known deviation)"""
    return any(e[0] == "gc_start" for r in recs for e in r.get("events", [])
               if "collect" not in (r.get("src") or ""))


def cached_name(want, got):
    """README's known deviation: a str the sequence used as a class, slot or attribute
    name has more references in CPython (a class keeps its names, the type
    attribute cache the names last looked up)"""
    if not (isinstance(want, dict) and isinstance(got, dict) and want.get("type") == "str" == got.get("type")):
        return False
    try:
        text = ast.literal_eval(want.get("repr", ""))
    except (ValueError, SyntaxError):
        return False
    return isinstance(text, str) and text.isidentifier() and got.get("refcount", 0) > want.get("refcount", 0)


def compare(case, answers, groups, recs):
    version = case["version"]
    # README's known deviation: the order of a repr's elements hashed by address (classes, instances in a set;
    # None before 3.12)
    recs = [dict(r, value=dict(r["value"], repr=ADDR.sub("0x?", a["value"]["repr"])))
            if isinstance(a.get("value"), dict) and isinstance(r.get("value"), dict)
            and ("<" in (r["value"].get("repr") or "") or version in ("3.10", "3.11") and "None" in (r["value"].get("repr") or ""))
            and sorted(ADDR.sub("0x?", a["value"].get("repr") or "")) == sorted(r["value"].get("repr") or "")
            and not a["value"].get("repr_truncated") else r for a, r in zip(answers, recs)] + recs[len(answers):]
    recs = [dict(r, value=dict(r["value"], refcount=a["value"].get("refcount")))
            if "value" in a and cached_name(a["value"], r.get("value")) else r for a, r in zip(answers, recs)] \
        + recs[len(answers):]
    # gc.get_count() and id(): the interpreter's own allocations and addresses (documented, as tests/exec)
    recs = [dict(r, value=a.get("value")) if re.search(r"\b(get_count|id)\(", a.get("python") or "") else r
            for a, r in zip(answers, recs)] + recs[len(answers):]
    # sys.getrefcount() of an interpreter-shared object (None, bools, small ints, ...): its count
    # depends on all the interpreter holds (documented); on 3.10/3.11 those counts are in the hundreds
    recs = [dict(r, value=a["value"]) if (a.get("python") or "").startswith("sys.getrefcount(")
            and isinstance(a.get("value"), int) and isinstance(r.get("value"), int) and min(a["value"], r["value"]) >= 100
            else r for a, r in zip(answers, recs)] + recs[len(answers):]
    # a weak container's class: interpreter-shared in heapd (README's known deviations)
    recs = [dict(r, value=dict(r["value"], **{f: a["value"].get(f) for f in ("tracked", "generation", "weakrefs", "refcount")
                                             if f in a["value"]}))
            if isinstance(a.get("value"), dict) and isinstance(r.get("value"), dict) and a["value"].get("shared")
            and a["value"].get("type") in ("type", "ABCMeta", "function") else r for a, r in zip(answers, recs)] + recs[len(answers):]
    problems = R.compare(answers, recs, version)
    for i, (a, r) in enumerate(zip(answers, recs)):
        # the script spells a name the statements call (gc, sys, weakref, the callback _cb,
        # id, len, object, set, frozenset, float) as a dunder alias when the session names
        # it itself (api/pyrender.c pyscript_render()): the same statement
        src = re.sub(r"\b__heapd_(gc|sys|weakref|cb|id|len|object|set|frozenset|float)__\b",
                     lambda m: "_cb" if m.group(1) == "cb" else m.group(1), r.get("src") or "")
        if a.get("python") is not None and a["python"] != src:
            problems.append("statement %d: \"python\" %r, the script ran %r" % (i, a["python"][:200],
                                                                               (r.get("src") or "")[:200]))
        if a.get("module") and "error" in a:
            if R.mask_error(a["error"]) != R.mask_error(r.get("error")):
                problems.append("statement %d (module): heapd %s, script %s" % (i, a["error"], r.get("error")))
    if len(answers) == len(recs):
        for start, end, evs, si, dropped in groups:
            got = recorder_events(recs, start, end)
            if dropped and not evs:
                got = []  # heapd keeps a request's last 10,000 events: they must end the script's
            elif dropped and len(got) >= len(evs):
                k = len(evs) - 1
                if evs[0][0] == "print" and got[-len(evs)][0] == "print" and got[-len(evs)][1].endswith(evs[0][1]):
                    got = [evs[0]] + got[len(got) - k:]  # the first kept print may be a write's tail
                else:
                    got = got[len(got) - len(evs):]
            # README's known deviation, as for reprs above: a printed set's members hashed by address
            if len(got) == len(evs) and all(
                    g == e or g[0] == e[0] == "print" and "<" in e[1] and sorted(e[1]) == sorted(g[1])
                    for g, e in zip(got, evs)):
                got = evs
            if got != evs:
                problems.append("events of step %d (statements %d-%d):\n      heapd:  %s\n      script: %s" % (
                    si, start, end - 1, json.dumps(evs)[:400], json.dumps(got)[:400]))
    return problems


def signature(problems):
    """the kind of the first problem, for deduplication"""
    p = problems[0]
    p = re.sub(r"\d+", "N", p.split(":")[0] if not p.startswith("statement") else
               re.sub(r"statement \d+", "statement", p.split("\n")[0])[:60])
    return p


GARBAGE_INDEX = "an object named by its place in gc.garbage (README: a class's machinery is not listed)"


def garbage_index(src):
    """README's known deviation: heapd's gc.garbage lists no class machinery (the
    `types._C` an `import weakref` leaves included) and, before 3.11, no instance
    __dict__ it has not made; a statement naming an object by its place there
    (`gc.garbage[i]`, how the script names an object only it holds) may name
    another object in CPython's, and what a name bound to it does later differs
    too (judge(): any such statement up to the first difference). tests/difffuzz compares gc.garbage less the
    machinery instead (script.py _qgarb)."""
    return "garbage[" in (src or "")


def judge(srv, python, case, twice=True):
    """-> (verdict, problems): "pass", "mismatch", "script" (the script does not run),
    "skip" (CPython collected on its own, disagrees with itself, or the first
    difference is at a statement naming a gc.garbage place); raises HeapdCrash"""
    answers, groups, script, problems = run_heapd(srv, case)
    try:
        recs = R.cpython_run(python, script)
    except R.ScriptError as e:
        if automatic_gc(e.records):
            return "skip", ["automatic collection"]
        if any(garbage_index(r.get("src")) for r in e.records):
            return "skip", [GARBAGE_INDEX]
        return "script", problems + ["the script raised %s: %s" % tuple(e.error),
                                     "last statement: %r" % ((e.records[-1].get("src") or "")[:300]
                                                            if e.records else None)]
    if automatic_gc(recs):
        return "skip", ["automatic collection"]
    problems = problems + compare(case, answers, groups, recs)
    first = re.match(r"(?:events of step \d+ \()?statements? (\d+)", problems[0]) if problems else None
    if first and any(garbage_index(a.get("python")) for a in answers[:int(first.group(1)) + 1]):
        return "skip", [GARBAGE_INDEX]
    if problems and twice:
        again = R.cpython_run(python, script)
        if json.dumps(again) != json.dumps(recs):
            mask = [dict(r, value=None) for r in again], [dict(r, value=None) for r in recs]
            if json.dumps(mask[0]) != json.dumps(mask[1]) or R.compare(
                    [{"value": r["value"]} for r in recs], again, case["version"]):
                return "skip", ["CPython disagrees with itself"]
    return ("mismatch" if problems else "pass"), problems


# ----------------------------------------------------------------------------
# minimisation

def statements_of(src):
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return None
    lines = src.splitlines(keepends=True)
    return ["".join(lines[st.lineno - 1:st.end_lineno]) for st in tree.body]


def minimise(case, holds, deadline, stopped=lambda: False):
    """ddmin over the steps (step 0, gc disabled, kept), then over each batch's
    members and each source's top-level statements."""
    steps = case["steps"]
    first, rest = steps[:1], steps[1:]

    def with_steps(s):
        return dict(case, steps=first + s)
    rest = ddmin(rest, lambda s: holds(with_steps(s)), deadline, stopped)
    for i in range(len(rest)):
        st = rest[i]
        if "batch" in st and len(st["batch"]) > 1:
            def h(members, i=i):
                return bool(members) and holds(with_steps(rest[:i] + [{"batch": members}] + rest[i + 1:]))
            rest[i] = {"batch": ddmin(st["batch"], h, deadline, stopped)}
        elif "exec" in st:
            parts = statements_of(st["exec"])
            if parts and len(parts) > 1:
                def h(ps, i=i, st=st):
                    return bool(ps) and holds(with_steps(rest[:i] + [dict(st, exec="".join(ps))] + rest[i + 1:]))
                rest[i] = dict(st, exec="".join(ddmin(parts, h, deadline, stopped)))
    return with_steps(rest)
