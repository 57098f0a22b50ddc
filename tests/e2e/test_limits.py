#!/usr/bin/env python3
"""No request can hurt the server: each reproduction of issue 7 (and the
crash of issue 8) against the real binary. Prints PASS/FAIL lines and
'N passed, N failed'. Timings are not asserted, except /healthz answering
within a second while the server is attacked (the liveness the issue asks
for); under valgrind that bound is relaxed."""
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from heapd_proc import Heapd  # noqa: E402

TESTS = []
SLOW = os.environ.get("HEAPD_VALGRIND") or os.environ.get("HEAPD_SANITIZED")
HEALTHZ_BOUND = 5.0 if SLOW else 1.0


def test(fn):
    TESTS.append(fn)
    return fn


def post(srv, sid, op, body):
    return srv.request("POST", "/v1/sessions/%s/%s" % (sid, op), body)


def batch(srv, sid, ops, n=1000):
    for i in range(0, len(ops), n):
        st, _, b = srv.request("POST", "/v1/sessions/%s/batch" % sid, {"ops": ops[i:i + n]})
        assert st == 200, str(b)[:300]


def healthz_time(srv):
    t = time.time()
    st, _, _ = srv.request("GET", "/healthz")
    assert st == 200
    return time.time() - t


@test
def empty_slots_instances_get_their_own_ids(srv):
    sid = srv.session()
    post(srv, sid, "class", {"name": "S", "slots": []})
    st, _, e = post(srv, sid, "create", {"name": "e", "type": "S"})
    assert st == 200 and e["result"]["size"] == 32, e
    st, _, s = post(srv, sid, "create", {"name": "s", "value": {"type": "str", "value": "x" * 3000}})
    st, _, f = post(srv, sid, "create", {"name": "f", "value": 1.5})
    ids = {e["result"]["id"], s["result"]["id"], f["result"]["id"]}
    assert len(ids) == 3, ids
    assert post(srv, sid, "del", {"name": "s"})[0] == 200
    assert srv.request("DELETE", "/v1/sessions/" + sid)[0] == 204
    assert srv.request("GET", "/healthz")[0] == 200


@test
def weak_container_chain_goes_through_the_trashcan(srv):
    sid = srv.session()
    post(srv, sid, "create", {"name": "root", "type": "WeakValueDictionary"})
    post(srv, sid, "assign", {"name": "cur", "to": "root"})
    ops = []
    for _ in range(30000):
        ops.append({"op": "link", "from": "cur", "attr": "x", "to": {"type": "WeakValueDictionary"}})
        ops.append({"op": "assign", "name": "cur", "to": "cur.x"})
    batch(srv, sid, ops)
    st, _, b = post(srv, sid, "del", {"names": ["root", "cur"]})
    assert st == 200 and b.get("events_dropped", 0) > 0, (st, str(b)[:200])
    st, _, s = srv.request("GET", "/v1/sessions/" + sid)
    assert st == 200 and s["objects"] < 20, s["objects"]


@test
def weak_key_dictionary_teardown_does_not_call_back_into_itself(srv):
    sid = srv.session()
    for op in [{"op": "gc", "enabled": False}, {"op": "class", "name": "P"},
               {"op": "create", "name": "wk", "type": "WeakKeyDictionary"},
               {"op": "create", "name": "a", "type": "P"}, {"op": "create", "name": "b", "type": "P"},
               {"op": "link", "from": "wk", "key": {"ref": "a"}, "to": "b"},
               {"op": "link", "from": "wk", "key": {"ref": "b"}, "to": 1},
               {"op": "del", "names": ["b"]}, {"op": "del", "names": ["wk"]}]:
        st, _, b = post(srv, sid, op.pop("op"), op)
        assert st == 200, b


def shared_dag(srv, sid, depth):
    ops = [{"op": "create", "name": "x", "value": [1]}, {"op": "create", "name": "y", "value": [1]}]
    for _ in range(depth):
        ops.append({"op": "create", "name": "x", "value": [{"ref": "x"}, {"ref": "x"}]})
        ops.append({"op": "create", "name": "y", "value": [{"ref": "y"}, {"ref": "y"}]})
    batch(srv, sid, ops)


@test
def exponential_equality_spends_its_budget(srv):
    sid = srv.session()
    shared_dag(srv, sid, 60)
    st, _, b = post(srv, sid, "eq", {"a": "x", "b": "y"})
    assert st == 422 and b["error"]["code"] == "budget", b
    st, _, b = post(srv, sid, "assign", {"name": "z", "to": "x"})  # the descriptor's repr is cut
    assert st == 200 and b["result"].get("repr_truncated") and len(b["result"]["repr"]) <= 1004, b
    st, _, b = srv.request("GET", "/v1/sessions/%s/objects/%d?repr=full" % (sid, b["result"]["id"]))
    assert st == 200 and b.get("repr_truncated"), str(b)[:100]


@test
def healthz_answers_while_every_worker_is_busy(srv):
    sids = [srv.session() for _ in range(6)]
    for sid in sids:
        shared_dag(srv, sid, 40)
    stop = []

    def attack(sid):  # each request waits for its answer, however slow (ASan on a loaded machine): the
        # join below then leaves no request queued behind the workers for the next test
        body = json.dumps({"a": "x", "b": "y"}).encode()
        while not stop:
            req = urllib.request.Request(srv.base + "/v1/sessions/%s/eq" % sid, data=body, method="POST")
            try:
                urllib.request.urlopen(req, timeout=3600).read()
            except urllib.error.HTTPError as e:
                e.read()

    threads = [threading.Thread(target=attack, args=(sid,)) for sid in sids + sids[:2]]  # two share a session
    for t in threads:
        t.start()
    try:
        time.sleep(1)
        worst = max(healthz_time(srv) for _ in range(10))
    finally:
        stop.append(1)
        for t in threads:
            t.join()
    assert worst < HEALTHZ_BOUND, worst


@test
def a_thousand_collections_stop_at_the_budget(srv):
    sid = srv.session()
    ops = [{"op": "create", "name": "L", "value": []}]
    for _ in range(100):
        ops.append({"op": "link", "from": "L", "append": True, "to": [[0]] * 499})
    batch(srv, sid, ops, 25)
    st, _, b = srv.request("POST", "/v1/sessions/%s/batch" % sid, {"ops": [{"op": "collect"}] * 1000})
    assert st == 422 and b["error"]["code"] == "budget" and 0 < b["error"]["index"] < 1000, str(b)[:200]


@test
def a_create_whose_attributes_spend_the_budget_binds_nothing():
    """`a = N(); a.x = [N(), ...]` past --max-work: 422 budget must leave the old `a` alive and
    bound (it was rebound and finalized, the script left without the binding)."""
    srv = Heapd("--max-work", "1000")
    try:
        sid = srv.session()
        post(srv, sid, "gc", {"enabled": False})
        post(srv, sid, "class", {"name": "N", "finalizer": "log"})
        st, _, b = post(srv, sid, "create", {"name": "a", "type": "N"})
        old = b["result"]["id"]
        st, _, b = post(srv, sid, "create", {"name": "a", "type": "N", "attrs": {"x": [{"type": "N"}] * 60}})
        assert st == 422 and b["error"]["code"] == "budget" and not b["error"].get("events"), b
        _, _, summary = srv.request("GET", "/v1/sessions/" + sid)
        assert summary["names"]["a"] == old and summary["objects"] == 3, summary
        _, _, script = srv.request("GET", "/v1/sessions/%s/script" % sid)
        assert script.count("a = N()") == 1, script
    finally:
        srv.stop()


@test
def weak_container_pending_removals_commit_whole_or_not_at_all():
    """_commit_removals() pops and deletes on every turn: past --max-work half
    way it left `_pending_removals` half popped under a 422 that says nothing
    ran (500 -> 302). It now pays for its turns first: all or nothing."""
    srv = Heapd("--max-work", "2000")
    try:
        sid = srv.session()
        post(srv, sid, "create", {"name": "w", "type": "WeakValueDictionary"})
        for n, status, left in ((500, 422, 500), (30, 200, 0)):
            st, _, b = post(srv, sid, "create", {"name": "p", "value": [1] * n})
            assert st == 200, b
            st, _, b = post(srv, sid, "link", {"from": "w", "attr": "_pending_removals", "to": "p"})
            assert st == 200, b
            st, _, b = post(srv, sid, "len", {"ref": "w"})
            assert st == status and (st == 200 or b["error"]["code"] == "budget"), (n, b)
            st, _, b = post(srv, sid, "len", {"ref": "p"})
            assert st == 200 and b["result"] == left, (n, b)
    finally:
        srv.stop()


@test
def weak_container_iteration_stopped_by_the_budget_leaves_no_guard():
    """`w == v` of two WeakValueDictionarys iterates both (Mapping.__eq__):
    past --max-work inside v's `with _IterationGuard(v):` the guard stayed in
    v._iterating (the generator was dropped where it could not run __exit__),
    so v queued its removals from then on. Now it leaves as it came."""
    srv = Heapd("--max-work", "2000")
    try:
        sid = srv.session()
        post(srv, sid, "class", {"name": "N"})
        ops = [{"op": "create", "name": n, "type": "WeakValueDictionary"} for n in ("w", "v")]
        ops.append({"op": "create", "name": "n", "type": "N"})
        ops += [{"op": "link", "from": c, "key": i, "to": "n"} for i in range(60) for c in ("w", "v")]
        batch(srv, sid, ops, 20)
        st, _, b = post(srv, sid, "eq", {"a": "w", "b": "v"})
        assert st == 422 and b["error"]["code"] == "budget", b
        for c in ("w", "v"):
            st, _, b = post(srv, sid, "len", {"ref": c + "._iterating"})
            assert st == 200 and b["result"] == 0, (c, b)
        post(srv, sid, "del", {"name": "n"})  # the values die: removed at once, nothing queued
        st, _, b = post(srv, sid, "len", {"ref": "v._pending_removals"})
        assert st == 200 and b["result"] == 0, b
    finally:
        srv.stop()


@test
def answers_stay_small(srv):
    sid = srv.session()
    st, _, b = post(srv, sid, "create", {"name": "s", "value": {"type": "str", "value": "é" * 150000}})
    assert st == 200, str(b)[:300]
    st, _, b = srv.request("POST", "/v1/sessions/%s/batch" % sid, {"ops": [{"op": "assign", "name": "t", "to": "s"}] * 1000})
    assert st == 200 and len(json.dumps(b, ensure_ascii=False).encode()) < 3000000, (st, len(json.dumps(b, ensure_ascii=False).encode()))
    ops = [{"op": "create", "name": "L", "value": []}]
    for _ in range(30):
        ops.append({"op": "link", "from": "L", "append": True, "to": [[0]] * 999})
    batch(srv, sid, ops, 10)
    st, _, g = srv.request("GET", "/v1/sessions/%s/graph" % sid)
    assert st == 200 and len(g["nodes"]) == 10000 and "next" in g, (st, len(g.get("nodes", [])))
    st, _, g2 = srv.request("GET", "/v1/sessions/%s/graph?after=%d" % (sid, g["next"]))
    assert st == 200 and g2["nodes"][0]["id"] > g["next"]


@test
def quadratic_inputs_are_linear(srv):
    sid = srv.session()
    st, _, b = post(srv, sid, "create", {"name": "big", "value": list(range(99990))})
    assert st == 200, str(b)[:200]
    st, _, b = post(srv, sid, "create", {"name": "d", "value": {"type": "dict", "value": {"k%d" % i: i for i in range(60000)}}})
    assert st == 200, str(b)[:200]
    st, _, b = post(srv, sid, "contains", {"in": "d", "key": "k59999"})
    assert st == 200 and b["result"] is True


@test
def malformed_inputs_are_refused(srv):
    sid = srv.session()
    st, _, b = srv.request("GET", "/v1/sessions/%s/events?after=18446744073709551615" % sid)
    assert st == 400, b
    st, _, b = srv.request("GET", "/v1/sessions/%s/events?x=2&after=1" % sid)
    assert st == 400, b
    st, _, b = srv.request("GET", "/v1/sessions/%s/events?after=1&x=2" % sid)
    assert st == 400, b
    for bad in ("\\x-1", "\\x 1", "ab\\x4"):
        st, _, b = post(srv, sid, "create", {"name": "b", "value": {"type": "bytes", "value": bad}})
        assert st == 400, (bad, b)
    st, _, g = srv.request("GET", "/v1/sessions/%s/gc" % sid)
    post(srv, sid, "gc", {"debug": ["saveall"]})
    st, _, summary = srv.request("GET", "/v1/sessions/" + sid)
    st, _, objs = srv.request("GET", "/v1/sessions/%s/objects" % sid)
    ids = {o["id"] for o in objs["objects"]}
    # the interpreter's own objects (gc.garbage, the namespace) are reachable by no id
    for probe in range(1, 5):
        assert post(srv, sid, "len", {"ref": probe})[0] == 404


@test
def one_client_cannot_take_every_session():
    srv = Heapd("--max-client-sessions", "5", "--max-sessions", "50")
    try:
        sids = [srv.session() for _ in range(5)]
        st, h, b = srv.request("POST", "/v1/sessions", {})
        assert st == 429 and b["error"]["limit"] == "sessions" and h.get("Retry-After"), (st, h, b)
        srv.request("DELETE", "/v1/sessions/" + sids[0])
        assert srv.request("POST", "/v1/sessions", {})[0] == 201
    finally:
        srv.stop()


@test
def the_memory_cap_refuses_new_work_and_keeps_what_is_held():
    srv = Heapd("--max-memory", "2500000")
    try:
        sid = srv.session()
        st, _, b = post(srv, sid, "create", {"name": "s", "value": {"type": "str", "value": "x" * 900000}})
        assert st == 200, b
        post(srv, sid, "create", {"name": "t", "value": {"type": "str", "value": "y" * 900000}})
        post(srv, sid, "create", {"name": "u", "value": {"type": "str", "value": "z" * 900000}})
        st, h, b = post(srv, sid, "create", {"name": "v", "value": 1})
        assert st == 503 and h.get("Retry-After") and b["error"]["limit"] == "memory", (st, b)
        st, _, b = srv.request("POST", "/v1/sessions", {})
        assert st == 503, b
        st, _, b = post(srv, sid, "len", {"ref": "s"})
        assert st == 503  # new work, even a read-only statement
        st, _, s = srv.request("GET", "/v1/sessions/" + sid)
        assert st == 200 and "s" in s["names"]  # reads still work, nothing lost
        assert srv.request("DELETE", "/v1/sessions/" + sid)[0] == 204
        assert srv.request("POST", "/v1/sessions", {})[0] == 201
    finally:
        srv.stop()


def main():
    srv = Heapd()
    passed = failed = 0
    try:
        for t in TESTS:
            try:
                if t.__code__.co_argcount:
                    t(srv)
                else:
                    t()
                passed += 1
                print("PASS limits/%s" % t.__name__)
            except Exception as e:  # noqa: BLE001 — every failure is reported
                failed += 1
                print("FAIL limits/%s: %r" % (t.__name__, e))
    finally:
        rc = srv.stop()
    if rc != 0:
        failed += 1
        print("FAIL limits/server-exit: %s" % rc)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
