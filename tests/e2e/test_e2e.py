#!/usr/bin/env python3
"""End-to-end tests: start the real build/heapd on a free loopback port and
talk HTTP to it. Prints PASS/FAIL lines and 'N passed, N failed'."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from heapd_proc import Heapd, ROOT, judge_env  # noqa: E402

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def raw_http(port, data, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(data)
    chunks = []
    try:
        while True:
            c = s.recv(65536)
            if not c:
                break
            chunks.append(c)
    except socket.timeout:
        pass
    s.close()
    return b"".join(chunks)


@test
def healthz_and_metrics(srv):
    st, _, b = srv.request("GET", "/healthz")
    assert st == 200 and b == {"status": "ok"}, b
    st, h, text = srv.request("GET", "/metrics")
    assert st == 200 and "heapd_requests_total" in text and "heapd_request_seconds_bucket" in text, text
    assert "heapd_sessions" in text and "heapd_live_objects" in text


@test
def openapi_document(srv):
    st, _, doc = srv.request("GET", "/v1/openapi.json")
    assert st == 200 and doc["openapi"].startswith("3.1"), doc.get("openapi")
    for p in ("/v1/sessions", "/v1/sessions/{sid}", "/v1/sessions/{sid}/batch", "/v1/sessions/{sid}/gc",
              "/v1/sessions/{sid}/events", "/healthz", "/metrics"):
        assert p in doc["paths"], p


def conforms(doc, schema, value, where="$"):
    """The problems of value against a schema of api/openapi.json (the
    keywords the document uses: $ref, type, enum, properties, required,
    additionalProperties, items)."""
    if "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    types = schema.get("type")
    if types is not None:
        types = types if isinstance(types, list) else [types]
        ok = any((isinstance(value, int) and not isinstance(value, bool)) if t == "integer" else
                 isinstance(value, kinds[t]) for t in types)
        if not ok:
            return ["%s: %r is not %s" % (where, value, types)]
    if "enum" in schema and value not in schema["enum"]:
        return ["%s: %r not in %s" % (where, value, schema["enum"])]
    problems = []
    if isinstance(value, dict):
        props = schema.get("properties", {})
        problems += ["%s: %s missing" % (where, k) for k in schema.get("required", []) if k not in value]
        for k, v in value.items():
            if k in props:
                problems += conforms(doc, props[k], v, where + "." + k)
            elif schema.get("additionalProperties") is False:
                problems.append("%s: %s is not in the schema" % (where, k))
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            problems += conforms(doc, schema["items"], v, "%s[%d]" % (where, i))
    return problems


@test
def answers_match_the_openapi_document(srv):
    doc = json.load(open(os.path.join(ROOT, "api", "openapi.json")))
    sid = srv.session()
    base = "/v1/sessions/%s/" % sid
    exec_sources = [
        {"source": "import gc, weakref\nclass A:\n    def __del__(self):\n        print('gone')\n"
                   "a = A()\nw = weakref.ref(a)\nprint(a is a, [1, 'x'])\ndel a\nw()\ngc.collect()\n"},
        {"source": "s3 = 'hello world'\ns4 = 'hello world'\ns3 is s4\n", "mode": "statements"},
        {"source": "x = [1]\nx.append(x)\nnope\n"},
        {"source": "x = [1, 2 3]\n"},
        {"source": "for i in x:\n    pass\n"},
        {"source": "x = 1", "mode": "repl"},
    ]
    requests = [("POST", "exec", body) for body in exec_sources] + [
        ("POST", "create", {"name": "n", "value": [1, 2]}), ("POST", "len", {"ref": "nope"}),
        ("POST", "batch", {"ops": [{"op": "create", "name": "m", "value": 1}, {"op": "len", "ref": "n"}]}),
        ("POST", "batch", {"ops": [{"op": "len", "ref": "m"}]}), ("GET", "script", None), ("GET", "exec", None)]
    for method, what, body in requests:
        st, headers, answer = srv.request(method, base + what, body)
        responses = doc["paths"]["/v1/sessions/{sid}/" + what][method.lower() if what != "exec" or method == "POST"
                                                                  else "post"]["responses"]
        assert str(st) in responses, (what, st, answer)
        content = responses[str(st)]["content"]
        ctype = headers.get("Content-Type", "").split(";")[0]
        assert ctype in content, (what, st, ctype)
        problems = conforms(doc, content[ctype]["schema"], answer)
        assert not problems, (what, body, st, problems)


@test
def batch_with_an_unknown_field_names_that_field(srv):
    """A batch body with an unknown field beside a well-formed 'ops' names the unknown
    field; it was told 'ops' must be an array (jansson had set ops before its strict check)."""
    sid = srv.session()
    for body, want in (({"ops": [{"op": "create", "name": "q", "value": 1}], "x": 1}, "unknown field 'x'"),
                       ({"x": 1, "ops": []}, "unknown field 'x'"),
                       ({"x": 1, "ops": [], "y": 2}, "unknown fields 'x', 'y'"),
                       ({"ops": {}}, "field 'ops' must be an array of operations"),
                       ({}, "missing field 'ops'")):
        st, _, answer = srv.request("POST", "/v1/sessions/%s/batch" % sid, body)
        assert st == 400 and answer["error"]["message"] == want, (body, st, answer)
    st, _, answer = srv.request("GET", "/v1/sessions/%s" % sid)
    assert answer["names"] == {}, answer


@test
def batch_stops_at_a_malformed_op_and_keeps_the_ops_before_it(srv):
    """API.md: a batch stops at its first failing op with that op's status and body,
    its "index", and the "results" of the ops before it, which stay applied. A malformed
    op fails so (400); until 2026-12-03 it answered index i with nothing run. A body that
    is no batch at all (not JSON, 'ops' no array, too many ops) still runs nothing."""
    sid = srv.session()
    base = "/v1/sessions/%s/" % sid
    st, _, a = srv.request("POST", base + "batch", {"ops": [
        {"op": "create", "name": "a", "value": [1, 2]}, {"op": "create", "name": "b", "value": 1},
        {"op": "frob"}, {"op": "create", "name": "c", "value": 1}]})
    e = a["error"]
    assert st == 400 and e["code"] == "bad_request" and e["index"] == 2, (st, a)
    assert e["message"] == "ops[2]: unknown operation 'frob'", a
    assert [r["repr"] for r in e["results"]] == ["[1, 2]", "1"] and e["python"] == ["a = [1, 2]", "b = 1"], a
    assert [ev["event"] for ev in e["events"]] == ["created"], a
    _, _, summary = srv.request("GET", base[:-1])
    assert sorted(summary["names"]) == ["a", "b"], summary
    for bad, msg in (({"op": "create", "name": "d", "value": 1, "zz": 1}, "ops[0]: unknown field 'zz'"),
                     (7, "ops[0]: each operation must be a JSON object"),
                     ({"name": "d"}, "ops[0]: missing field 'op'")):
        st, _, a = srv.request("POST", base + "batch", {"ops": [bad, {"op": "create", "name": "e", "value": 1}]})
        assert st == 400 and a["error"]["message"] == msg and a["error"]["index"] == 0, (bad, st, a)
        assert a["error"]["results"] == [] and a["error"]["python"] == [], a
    # an earlier op that raises wins over a later malformed one
    st, _, a = srv.request("POST", base + "batch", {"ops": [
        {"op": "create", "name": "f", "value": 1}, {"op": "len", "ref": "b"}, {"op": "frob"}]})
    assert st == 422 and a["error"]["type"] == "TypeError" and a["error"]["index"] == 1, (st, a)
    _, _, script = srv.request("GET", base + "script")
    assert "exec('f = 1')" in script and "'d'" not in script and "'e'" not in script, script
    _, _, summary = srv.request("GET", base[:-1])
    assert sorted(summary["names"]) == ["a", "b", "f"], summary


@test
def a_source_calling_a_name_the_session_bound_is_refused(srv):
    """A source that calls a builtin's or module's name the session bound (`len(x)`,
    `gc.collect()`, `import sys` over a bound sys) is 422 unsupported, nothing run: CPython
    would call the session's object. The same names in strings, comments and an f-string's
    literal text are no calls (exec case bound-builtin-names-in-strings-and-comments)."""
    sid = srv.session(python="3.11")
    base = "/v1/sessions/%s/" % sid
    for name, value in (("len", 0), ("gc", [1]), ("sys", None)):
        st, _, a = srv.request("POST", base + "create", {"name": name, "value": value})
        assert st == 200, a
    for src, name in (("x = [1]\nprint(len(x))\n", "len"), ("y = 2\ngc.collect()\n", "gc"),
                      ("z = 3\nimport sys\n", "sys"), ("x = [1]\nprint(f'{len(x)}')\n", "len"),
                      ("x = [1]\nprint(len (x)) # len\n", "len")):
        st, _, a = srv.request("POST", base + "exec", {"source": src})
        assert st == 422 and a["error"]["code"] == "unsupported" and "'%s'" % name in a["error"]["message"], (src, a)
    _, _, summary = srv.request("GET", base[:-1])
    assert sorted(summary["names"]) == ["gc", "len", "sys"], summary


@test
def a_reference_path_does_not_see_the_builtins(srv):
    """API.md: the namespace a reference path reads holds only what the session bound, so
    "len" raises NameError (until 2026-12-03: 422 unsupported), after what the statement
    evaluated before it; a bound name is the session's. The session's script hides the
    builtin from such a statement, so that CPython raises there too."""
    sid = srv.session()
    base = "/v1/sessions/%s/" % sid
    srv.request("POST", base + "class", {"name": "Node", "finalizer": "log"})
    for op, body, name in (("len", {"ref": "len"}, "len"), ("id", {"ref": "print.x"}, "print"),
                           ("is", {"a": "object", "b": "len"}, "object"),
                           ("create", {"name": "a", "value": [{"type": "Node"}, {"ref": "len"}]}, "len")):
        st, _, a = srv.request("POST", base + op, body)
        e = a["error"]
        assert st == 422 and e["type"] == "NameError" and e["message"] == "name '%s' is not defined" % name, (body, a)
    assert [ev["event"] for ev in e["events"]] == ["created", "finalized", "destroyed"], e
    st, _, a = srv.request("POST", base + "create", {"name": "len", "value": [7]})
    st, _, a = srv.request("POST", base + "id", {"ref": "len"})
    assert st == 200 and isinstance(a["result"], int), a
    st, _, a = srv.request("POST", base + "del", {"name": "len"})
    st, _, a = srv.request("POST", base + "id", {"ref": "len"})
    assert st == 422 and a["error"]["type"] == "NameError", a
    # a source's name falls back to the builtins: one heapd does not simulate is unsupported
    st, _, a = srv.request("POST", base + "exec", {"source": "x = len\n"})
    assert st == 422 and a["error"]["code"] == "unsupported", a
    _, _, script = srv.request("GET", base + "script")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=judge_env(), timeout=60)
    assert run.returncode == 0, (run.stderr, script)


@test
def print_of_a_lone_surrogate_raises_as_stdout_does(srv):
    """sys.stdout (C.UTF-8: errors "surrogateescape") cannot encode U+D800..U+DC7F
    nor U+DD00..U+DFFF: print raises UnicodeEncodeError naming the run's code points,
    what it wrote before that still printed; U+DC80..U+DCFF go out as one byte
    (one U+FFFD in the event's text). CPython 3.10-3.13 all answer so."""
    cases = [
        ('print("\\ud800")\n', None, ["'utf-8' codec can't encode character '\\ud800' in position 0: surrogates not allowed", 1]),
        ('x = 1\nprint("x", "a\\ud800\\udfffb", 1)\nprint("no")\n', "x ",
         ["'utf-8' codec can't encode characters in position 1-2: surrogates not allowed", 2]),
        ('print("ok", "\\udcff\\ud800", sep="\\udc80")\n', "ok\ufffd",
         ["'utf-8' codec can't encode character '\\ud800' in position 1: surrogates not allowed", 1]),
        ('print("a", "b", sep="\\ud834")\n', "a",
         ["'utf-8' codec can't encode character '\\ud834' in position 0: surrogates not allowed", 1]),
        ('print(["\\ud800"], "\\udc80", end="\\udcff")\n', "['\\ud800'] \ufffd\ufffd", None),
    ]
    for source, printed, error in cases:
        sid = srv.session()
        st, _, answer = srv.request("POST", "/v1/sessions/%s/exec" % sid, {"source": source})
        if error is None:
            assert st == 200, (source, st, answer)
            events = answer["events"]
        else:
            assert st == 422, (source, st, answer)
            e = answer["error"]
            assert [e["type"], e["message"], e["line"]] == ["UnicodeEncodeError"] + error, (source, e)
            events = e["events"]
        text = "".join(ev["text"] for ev in events if ev["event"] == "print")
        assert text == (printed or ""), (source, text)


@test
def print_in_a_finalizer_that_stdout_cannot_encode_is_unraisable(srv):
    """A __del__ or weakref callback whose print() hits a lone surrogate stdout cannot encode
    raises there, unraisably: what it wrote before stays printed, nothing after it runs
    (no _resurrected.append), the statement goes on. U+DC80..U+DCFF print as one byte
    (one U+FFFD). CPython 3.10-3.13 all answer so."""
    cases = [
        ('class N:\n    def __del__(self):\n        print("a", "\\ud800")\nn = N()\ndel n\nprint("end")\n', "a end\n"),
        ('import weakref\nclass N:\n    pass\ndef cb(w):\n    print("\\udfff")\nn = N()\nw = weakref.ref(n, cb)\n'
         'del n\nprint("end")\n', "end\n"),
        ('_resurrected = []\nclass R:\n    def __del__(self):\n        print("x\\udc80y", "\\ud801z", sep="-")\n'
         '        _resurrected.append(self)\nr = R()\ndel r\nprint(len(_resurrected))\n', "x\ufffdy-0\n"),
        ('_resurrected = []\nclass R:\n    def __del__(self):\n        print("ok\\udcff")\n'
         '        _resurrected.append(self)\nr = R()\ndel r\nprint(len(_resurrected))\n', "ok\ufffd\n1\n"),
    ]
    for source, printed in cases:
        sid = srv.session()
        st, _, answer = srv.request("POST", "/v1/sessions/%s/exec" % sid, {"source": source})
        assert st == 200, (source, st, answer)
        text = "".join(ev["text"] for ev in answer["events"] if ev["event"] == "print")
        assert text == printed, (source, text)


@test
def print_of_a_repr_nested_past_the_recursion_limit_raises(srv):
    """print(1, x) of lists nested d deep: PyObject_Repr() raises RecursionError ('while
    getting the repr of an object') past the limit, after '1 ' was written; heapd printed a
    cut repr. The deepest d that prints, measured as plain module code (3.10/3.11 also as
    the script's exec(), whose recursion limit it raises by 2)."""
    for version, deepest in (("3.10", 997), ("3.11", 997), ("3.12", 1496), ("3.13", 9997)):
        for d in (deepest, deepest + 1):
            sid = srv.session(python=version)
            srv.request("POST", "/v1/sessions/%s/create" % sid, {"name": "x", "value": []})
            for k in range(0, d, 1000):
                ops = [{"op": "create", "name": "x", "value": [{"ref": "x"}]}] * min(1000, d - k)
                st, _, answer = srv.request("POST", "/v1/sessions/%s/batch" % sid, {"ops": ops})
                assert st == 200, (version, d, st, answer)
            st, _, answer = srv.request("POST", "/v1/sessions/%s/exec" % sid, {"source": "print(1, x)\n"})
            if d == deepest:
                assert st == 200, (version, d, st, answer)
                text = "".join(e["text"] for e in answer["events"] if e["event"] == "print")
                assert text == "1 " + "[" * (d + 1) + "]" * (d + 1) + "\n", (version, d, text[:80])
            else:
                assert st == 422, (version, d, st, answer)
                e = answer["error"]
                assert (e["type"], e["message"]) == (
                    "RecursionError", "maximum recursion depth exceeded while getting the repr of an object"), e
                assert [ev["text"] for ev in e["events"] if ev["event"] == "print"] == ["1 "], e["events"]
            srv.request("DELETE", "/v1/sessions/%s" % sid)


@test
def cors_on_answers_and_preflight(srv):
    st, h, _ = srv.request("OPTIONS", "/v1/sessions", headers={"Origin": "http://x.test",
                                                                "Access-Control-Request-Method": "POST"})
    assert st == 204 and h.get("Access-Control-Allow-Origin") == "*", h
    assert "POST" in h.get("Access-Control-Allow-Methods", "") and "HEAD" in h["Access-Control-Allow-Methods"], h
    assert h.get("Access-Control-Allow-Headers") == "Content-Type" and h.get("Access-Control-Max-Age") == "600", h
    st, h, _ = srv.request("GET", "/v1/sessions/nope")
    assert st == 404 and h.get("Access-Control-Allow-Origin") == "*"
    # the preflight's own three are read from preflights only (Fetch): other answers do without
    sid = srv.session()
    st, h, _ = srv.request("POST", "/v1/sessions/%s/collect" % sid, {})
    assert st == 200 and h.get("Access-Control-Allow-Origin") == "*", h
    assert not {k for k in h if k.lower().startswith("access-control-") and k != "Access-Control-Allow-Origin"}, h
    # a header a page must read is exposed to it
    st, h, _ = srv.request("PUT", "/v1/sessions/" + sid)
    assert st == 405 and h.get("Access-Control-Expose-Headers") == "Allow", h
    srv.request("DELETE", "/v1/sessions/" + sid)


@test
def head_is_get_without_the_body(srv):
    """HEAD answers every GET endpoint with GET's status and headers (Content-Length included)
    and no body; it is listed in Allow and in the CORS methods."""
    sid = srv.session()
    srv.request("POST", "/v1/sessions/%s/create" % sid, {"name": "a", "value": [1, 2]})
    for path in ("/healthz", "/metrics", "/v1/openapi.json", "/v1/sessions/" + sid,
                 "/v1/sessions/%s/objects" % sid, "/v1/sessions/%s/script" % sid, "/v1/sessions/nope"):
        gst, gh, _ = srv.request("GET", path)
        hst, hh, hbody = srv.request("HEAD", path)
        assert hst == gst and hbody in ("", b"", None), (path, hst, gst, hbody)
        assert hh.get("Content-Type") == gh.get("Content-Type"), (path, hh, gh)
        if path != "/metrics":  # the metrics count the GET just made
            assert hh.get("Content-Length") == gh.get("Content-Length"), (path, hh, gh)
        assert hh.get("Access-Control-Allow-Origin") == "*", hh
    st, h, _ = srv.request("HEAD", "/v1/sessions/%s/len" % sid)
    assert st == 405 and h.get("Allow") == "POST", (st, h)
    st, h, _ = srv.request("PUT", "/v1/sessions/" + sid)
    assert st == 405 and h.get("Allow") == "GET, HEAD, DELETE", (st, h)


@test
def session_lifecycle(srv):
    st, _, b = srv.request("POST", "/v1/sessions", {"python": "3.11", "seed": 7})
    assert st == 201 and b["python"] == "3.11" and re.fullmatch(r"[A-Za-z0-9_-]{22,}", b["session"]), b
    sid = b["session"]
    st, _, s = srv.request("GET", "/v1/sessions/" + sid)
    assert st == 200 and s["objects"] == 0 and s["names"] == {} and "gc" in s, s
    st, _, _ = srv.request("DELETE", "/v1/sessions/" + sid)
    assert st == 204
    st, _, _ = srv.request("GET", "/v1/sessions/" + sid)
    assert st == 404


@test
def stdout_mode_is_a_session_option(srv):
    """"unbuffered" (PYTHONUNBUFFERED=1, the default) or "pipe": a printed str
    stays referenced by sys.stdout's pending text only when piped"""
    refcounts = {}
    for mode in (None, "unbuffered", "pipe"):
        st, _, b = srv.request("POST", "/v1/sessions", dict({"python": "3.12"}, **({"stdout": mode} if mode else {})))
        assert st == 201 and b["stdout"] == (mode or "unbuffered"), b
        sid = b["session"]
        st, _, s = srv.request("GET", "/v1/sessions/" + sid)
        assert s["stdout"] == b["stdout"], s
        st, _, x = srv.request("POST", "/v1/sessions/%s/exec" % sid,
                               {"source": "import sys\ny = 'ab'\ns = f'{y}{y}'\nprint(s)\nprint(sys.getrefcount(s))\n"})
        assert st == 200, x
        refcounts[mode] = [e["text"] for e in x["events"] if e["event"] == "print"][-1]
        st, _, script = srv.request("GET", "/v1/sessions/%s/script" % sid)
        assert ("PYTHONUNBUFFERED=1" in script) == (mode != "pipe"), script
    assert refcounts == {None: "2\n", "unbuffered": "2\n", "pipe": "3\n"}, refcounts
    for bad in ("line", "", 1, None):
        st, _, b = srv.request("POST", "/v1/sessions", {"stdout": bad})
        assert st == 400 and "'stdout'" in b["error"]["message"], (bad, b)


@test
def versions_are_profiles(srv):
    for version, threshold, none_rc, str_size in (("3.10", 700, None, 54), ("3.11", 700, None, 54),
                                                  ("3.12", 700, 4294967295, 46),
                                                  ("3.13", 2000, 4294967295, 46)):
        sid = srv.session(python=version)
        base = "/v1/sessions/%s/" % sid
        st, _, gc = srv.request("GET", base + "gc")
        assert gc["threshold"][0] == threshold, (version, gc)
        srv.request("POST", base + "create", {"name": "n", "value": None})
        st, _, b = srv.request("POST", base + "getrefcount", {"ref": "n"})
        assert none_rc is None or b["result"] == none_rc, (version, b)
        st, _, b = srv.request("POST", base + "create", {"name": "s", "value": "hello"})
        assert b["result"]["size"] == str_size, (version, b)
    sid = srv.session(python="3.10")  # 3.10: an instance with an attribute owns a real dict
    base = "/v1/sessions/%s/" % sid
    for op in ({"op": "class", "name": "Node"}, {"op": "create", "name": "a", "type": "Node"},
               {"op": "create", "name": "b", "type": "Node"}, {"op": "link", "from": "a", "attr": "p", "to": "b"},
               {"op": "link", "from": "b", "attr": "p", "to": "a"}, {"op": "gc", "enabled": False},
               {"op": "del", "names": ["a", "b"]}):
        srv.request("POST", base + op.pop("op"), op)
    st, _, b = srv.request("POST", base + "collect", {})
    assert b["result"] == 4, b
    st, _, b = srv.request("POST", "/v1/sessions", {"python": "3.9"})
    assert st == 400 and "3.13" in b["error"]["message"], b


@test
def seed_fixes_ids(srv):
    ids = []
    for _ in range(2):
        sid = srv.session(seed=7)
        st, _, b = srv.request("POST", "/v1/sessions/%s/create" % sid, {"name": "a", "value": [1, 2]})
        ids.append(b["result"]["id"])
    assert ids[0] == ids[1] and ids[0] % 16 == 0, ids


@test
def errors_have_contract_shape(srv):
    sid = srv.session()
    st, h, b = srv.request("PUT", "/v1/sessions/" + sid)
    assert st == 405 and "GET" in h.get("Allow", ""), (st, h)
    st, _, b = srv.request("POST", "/v1/sessions/%s/create" % sid, raw=b'{"name": "a",')
    assert st == 400 and b["error"]["code"] == "bad_request" and "line" in b["error"]["message"], b
    st, _, b = srv.request("POST", "/v1/sessions/%s/len" % sid, {"ref": "nope"})
    assert st == 422 and b["error"]["type"] == "NameError", b
    assert b["error"]["message"] == "name 'nope' is not defined"
    st, _, b = srv.request("POST", "/v1/sessions/%s/len" % sid, {"ref": 16})
    assert st == 404 and b["error"]["code"] == "not_found", b
    st, _, b = srv.request("POST", "/v1/sessions/%s/collect" % sid, {"generation": 3})
    assert st == 422 and b["error"]["message"] == "invalid generation", b


@test
def gc_int_arguments_past_int64_are_overflow_errors(srv):
    """gc.collect(2**64) and gc.set_threshold(2**64): CPython's OverflowError
    (its int to C int / C long conversion), not a 400 for the typed big int
    an integer past int64 becomes; set_threshold stores the arguments before
    the failing one (3.10-3.12) or none (3.13)."""
    for version, kept in (("3.10", 5), ("3.11", 5), ("3.12", 5), ("3.13", 2000)):
        sid = srv.session(python=version)
        for raw, python in ((b'{"generation": 18446744073709551616}', "gc.collect(18446744073709551616)"),
                            (b'{"generation": -18446744073709551616}', "gc.collect(-18446744073709551616)"),
                            (b'{"generation": {"type": "int", "value": "0099999999999999999999"}}',
                             "gc.collect(99999999999999999999)")):
            st, _, b = srv.request("POST", "/v1/sessions/%s/collect" % sid, raw=raw)
            assert st == 422 and b["error"]["type"] == "OverflowError", (version, b)
            assert b["error"]["message"] == "Python int too large to convert to C int", b
            assert b["error"]["python"] == python, b
        st, _, b = srv.request("POST", "/v1/sessions/%s/gc" % sid, raw=b'{"threshold": [5, -18446744073709551616]}')
        assert st == 422 and b["error"]["type"] == "OverflowError", (version, b)
        assert b["error"]["message"] == "Python int too large to convert to C long", b
        assert b["error"]["python"] == "gc.set_threshold(5, -18446744073709551616)", b
        st, _, gc = srv.request("GET", "/v1/sessions/%s/gc" % sid)
        assert gc["threshold"][0] == kept and gc["stats"][2]["collections"] == 0, (version, gc)
        st, _, b = srv.request("POST", "/v1/sessions/%s/gc" % sid, raw=b'{"threshold": [{"type": "int", "value": "x"}]}')
        assert st == 400 and "threshold" in b["error"]["message"], b


@test
def class_slots_are_checked_as_cpython_checks_them(srv):
    """The class operation's slots: CPython's TypeError (per version) for a
    non-identifier or a second __dict__/__weakref__, a repeated name accepted
    (one member descriptor, a slot each), a dunder slot 422 unsupported."""
    weak2 = {"3.10": "__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0",
             "3.11": "__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0",
             "3.12": "__weakref__ slot disallowed: we already got one",
             "3.13": "__weakref__ slot disallowed: we already got one"}
    for version in ("3.10", "3.11", "3.12", "3.13"):
        sid = srv.session(python=version)
        for slots, message in ((["x", "1x"], "__slots__ must be identifiers"), ([""], "__slots__ must be identifiers"),
                               (["a b", "__dict__", "__dict__"], "__slots__ must be identifiers"),
                               (["__dict__", "x", "__dict__"], "__dict__ slot disallowed: we already got one"),
                               (["__weakref__", "__weakref__"], weak2[version])):
            st, _, b = srv.request("POST", "/v1/sessions/%s/class" % sid, {"name": "N", "slots": slots})
            assert st == 422 and b["error"]["type"] == "TypeError", (version, slots, b)
            assert b["error"]["message"] == message, (version, slots, b)
        st, _, summary = srv.request("GET", "/v1/sessions/" + sid)
        assert summary["names"] == {}, summary
        st, _, b = srv.request("POST", "/v1/sessions/%s/class" % sid, {"name": "N", "slots": ["x", "__x__"]})
        assert st == 422 and b["error"]["code"] == "unsupported", b
        st, _, b = srv.request("POST", "/v1/sessions/%s/class" % sid, {"name": "N", "slots": ["x", "\u00e9", "x"]})
        assert st == 200 and b["result"]["refcount"] == 4, b  # the name, __mro__, a member descriptor for x and é
        assert b["python"] == "class N:\n    __slots__ = ('x', '\u00e9', 'x')", b
        st, _, one = srv.request("POST", "/v1/sessions/%s/class" % sid, {"name": "O", "slots": ["x", "\u00e9"]})
        st, _, n = srv.request("POST", "/v1/sessions/%s/create" % sid, {"name": "n", "type": "N"})
        st, _, o = srv.request("POST", "/v1/sessions/%s/create" % sid, {"name": "o", "type": "O"})
        assert n["result"]["size"] == o["result"]["size"] + 8, (n, o)  # 3 slots, 2 names


@test
def a_big_integer_before_a_lone_surrogate_is_read_as_python_json_reads_it(srv):
    """An integer past int64 and a lone surrogate escape in one body: either
    order is Python's json (found by tests/grader: with the integer first, the
    integer's typed retry met the surrogate and the body answered 400
    "too big integer")."""
    sid = srv.session(python="3.12")
    for raw, want in ((b'{"name": "b", "value": [9223372036854775808, "\\ud800"]}', "[9223372036854775808, '\\ud800']"),
                      (b'{"name": "b", "value": ["\\ud800", 9223372036854775808]}', "['\\ud800', 9223372036854775808]"),
                      (b'{"name": "b", "value": [-18446744073709551617, "x\\udfff", 18446744073709551616]}',
                       "[-18446744073709551617, 'x\\udfff', 18446744073709551616]")):
        st, _, b = srv.request("POST", "/v1/sessions/%s/create" % sid, raw=raw)
        assert st == 200 and b["result"]["repr"] == want, (raw, st, b)


@test
def lone_surrogates_in_json_strings_are_strs(srv):
    """Python's json reads "\\ud800" as the str '\\ud800' (jansson refuses it:
    400 before): a value, a dict key, a set member, a contains key, an intern
    value hold one, with CPython's repr, size and hash (set order: measured
    with PYTHONHASHSEED=0); a name or attribute holding one is still 400."""
    vals = ["\ud800", "x\udfffy", "\udbff\udbff", "\u00e9\udc80", "\U00010000\ud800", "\uffff\ud800"]
    sizes = {"3.10": [76, 80, 78, 78, 84, 78], "3.12": [60, 64, 62, 62, 68, 62]}
    sets = {"3.10": "{'\xe9\\udc80', '\U00010000\\ud800', '\\uffff\\ud800', '\\udbff\\udbff', 'x\\udfffy', '\\ud800'}",
            "3.12": "{'x\\udfffy', '\\udbff\\udbff', '\U00010000\\ud800', '\\uffff\\ud800', '\\ud800', '\xe9\\udc80'}"}
    for version in ("3.10", "3.12"):
        sid = srv.session(python=version)
        base = "/v1/sessions/%s/" % sid
        for i, v in enumerate(vals):
            st, _, b = srv.request("POST", base + "create", {"name": "s%d" % i, "value": v})
            assert st == 200 and b["result"]["repr"] == repr(v), (version, v, b)
            assert b["result"]["size"] == sizes[version][i], (version, v, b)
        st, _, b = srv.request("POST", base + "create", {"name": "st", "type": "set", "value": vals})
        assert st == 200 and b["result"]["repr"] == sets[version], (version, b)
        st, _, b = srv.request("POST", base + "create", {"name": "d", "type": "dict", "value": {"\ud800": [1]}})
        assert st == 200 and b["result"]["repr"] == "{'\\ud800': [1]}", b
        st, _, b = srv.request("POST", base + "contains", {"in": "d", "key": "\ud800"})
        assert st == 200 and b["result"] is True and b["python"] == "'\\ud800' in d", b
        st, _, b = srv.request("POST", base + "len", {"ref": "d['\\ud800']"})
        assert st == 200 and b["result"] == 1, b
        st, _, b = srv.request("POST", base + "intern", {"name": "i", "value": "\udc00"})
        assert st == 200 and b["python"] == "i = sys.intern('\\udc00')", b
        for body in ({"name": "\ud800", "value": 1}, {"name": "a", "value": 1, "attrs": {"\ud800": 1}}):
            st, _, b = srv.request("POST", base + "create", body)
            assert st == 400, b
        st, _, b = srv.request("POST", base + "len", {"ref": "d['\ud800']"})
        assert st == 400 and "lone surrogate" in b["error"]["message"], b
        st, _, script = srv.request("GET", base + "script")
        assert "\ud800" not in script, script  # the escapes, which CPython reads back
        compile(script, "<script>", "exec")


@test
def exec_json_body_without_a_content_type_is_read_as_json(srv):
    """POST .../exec with no Content-Type (or curl -d's form type) looks at the
    body: a JSON object with "source" is the JSON form. The look used a
    stricter reader than the JSON form's own (found by make coverage): a
    source holding "\\u0000" or a lone surrogate, or a field with an int past
    int64, made the JSON text itself run as Python (a dict display, 200)."""
    for version, null_type in (("3.10", "ValueError"), ("3.12", "SyntaxError")):
        sid = srv.session(python=version)
        # urllib gives a body without a type the form type, as curl -d does
        for headers in ({}, {"Content-Type": "application/x-www-form-urlencoded"}, {"Content-Type": "application/json"}):
            url = "/v1/sessions/%s/exec" % sid
            st, _, b = srv.request("POST", url, raw=b'{"source": "x = 1\\u0000"}', headers=headers)
            assert st == 422 and b["error"]["type"] == null_type, (headers, b)
            assert "null bytes" in b["error"]["message"], b
            st, _, b = srv.request("POST", url, raw=b'{"source": "x = \'\\ud800\'"}', headers=headers)
            assert st == 400 and "lone surrogate" in b["error"]["message"], (headers, b)
            st, _, b = srv.request("POST", url, raw=b'{"source": "x = 1", "mode": 99999999999999999999}', headers=headers)
            assert st == 400 and "mode" in b["error"]["message"], (headers, b)
            st, _, b = srv.request("GET", "/v1/sessions/%s" % sid)
            assert st == 200 and b["names"] == {}, b  # nothing ran


@test
def int_folds_past_128_bits_say_so(srv):
    """An int constant fold CPython's AST optimizer makes but heapd cannot
    (a value or operand of 2**128 or more; README, deviations) answers
    unsupported naming that, not 'CPython does not fold it', which stays for
    what CPython leaves to run time (2 ** 100: safe_power()'s 128 bits)."""
    sid = srv.session()
    url = "/v1/sessions/%s/exec" % sid
    for src in ("a = 340282366920938463463374607431768211455 + 1\n", "a = 10 ** 20 / 7\n",
                "a = ~340282366920938463463374607431768211455\n", "a = 1000000000000000000000000000000000000000 // 3\n"):
        st, _, b = srv.request("POST", url, {"source": src})
        assert st == 422 and "past 128 bits (CPython folds it" in b["error"].get("construct", ""), (src, b)
    for src in ("a = 2 ** 100\n", "a = (1 << 64) * (1 << 64)\n", "a = 1 // 0\n"):
        st, _, b = srv.request("POST", url, {"source": src})
        assert st == 422 and "CPython does not fold it" in b["error"].get("construct", ""), (src, b)
    st, _, b = srv.request("POST", url, {"source": "a = 2 ** 64 // 3 + (1 << 127) % 10 ** 20\nb = 2 ** 64 / 2\n"})
    assert st == 200 and b["results"][0]["result"]["repr"] == repr(2 ** 64 // 3 + (1 << 127) % 10 ** 20), b
    assert b["results"][1]["result"]["repr"] == repr(2 ** 64 / 2), b


@test
def module_attributes_outside_the_subset_are_named(srv):
    """`gc.garbage` or `sys.maxsize` read as a value is unsupported, and the
    answer names that attribute (it said "the module 'gc' as a value")."""
    sid = srv.session()
    for src, what in (("import gc\nprint(len(gc.garbage))\n", "gc.garbage"),
                      ("import sys\nx = sys.maxsize\n", "sys.maxsize"),
                      ("import gc\nx = gc\n", "the module 'gc'")):
        st, _, b = srv.request("POST", "/v1/sessions/%s/exec" % sid, {"source": src})
        assert st == 422 and b["error"]["code"] == "unsupported" and \
            b["error"]["construct"] == what + " as a value", (src, b)


@test
def json_reals_past_the_double_range_are_infinities(srv):
    """`1e400` is CPython's float literal of an infinity (jansson cannot hold it: 400 before)."""
    sid = srv.session()
    st, _, b = srv.request("POST", "/v1/sessions/%s/create" % sid,
                           raw=b'{"name": "a", "value": [1e400, -1E+400, 1.0e999999, 1' + b"0" * 400 + b'.0, 1e400]}')
    assert st == 200 and b["result"]["repr"] == "[inf, -inf, inf, inf, inf]", b
    assert b["python"] == "a = [1e400, -1e400, 1e400, 1e400, 1e400]", b
    st, _, b = srv.request("POST", "/v1/sessions/%s/is" % sid, {"a": "a[0]", "b": "a[4]"})
    assert st == 200 and b["result"] is True, b  # equal constants of one statement are one object
    # the typed form too (it was 400: the typed float's value came back as the rewritten spec)
    st, _, b = srv.request("POST", "/v1/sessions/%s/create" % sid,
                           raw=b'{"name": "f", "value": {"type": "float", "value": -1e400}}')
    assert st == 200 and b["result"]["repr"] == "-inf" and b["python"] == "f = -1e400", b
    st, _, b = srv.request("POST", "/v1/sessions/%s/collect" % sid, raw=b'{"generation": 1e400}')
    assert st == 400 and "generation" in b["error"]["message"], b


@test
def body_too_large(srv):
    st, _, b = srv.request("POST", "/v1/sessions", raw=b" " * (2 << 20))
    assert st == 413 and b["error"]["code"] == "too_large", (st, b)


@test
def hostile_inputs_never_5xx(srv):
    sid = srv.session()
    bodies = [b"[" * 100000, b"{" * 100000, b'{"name":"a","value":"\xff\xfe"}', b'{"name":"\\ud800","value":"\\ud800"}',
              b'{"name":"a","index":1e999999}', b'{"name":"a","index":123456789012345678901234567890}',
              b'{"name":"a","name":"b","value":1}', b'{"name":"a","value":' + b"[" * 201 + b"]" * 201 + b"}",
              b"\x00\x01", b"", b"null", b'{"name":"__class__","value":1}', b'{"name":"a","type":"Nope!"}',
              b'{"name":"a","value":{"type":"int","value":"' + b"9" * 5000 + b'"}}']
    for op in ("create", "link", "batch", "nope"):
        for body in bodies:
            st, _, b = srv.request("POST", "/v1/sessions/%s/%s" % (sid, op), raw=body)
            assert 400 <= st < 500, (op, body[:40], st, b)
    for path in ("/v1/sessions/../../etc/passwd", "/v1/sessions/%00", "/v1/" + "x" * 5000, "//", "/v1/sessions/" + sid + "/objects/abc"):
        st, _, b = srv.request("GET", path)
        assert 400 <= st < 500, (path, st)
    st, _, _ = srv.request("GET", "/healthz")
    assert st == 200


def exec_hostile_sources():
    """(name, body bytes, what heapd must answer): deep nesting, long chains,
    huge literals, 1 MB sources (64 KB under valgrind), NULs, bad encodings.
    Each answer is a 4xx that changes nothing, or runs what CPython runs."""
    big = not os.environ.get("HEAPD_VALGRIND")
    m = (1 << 20) - 64 if big else 64 << 10
    return [
        ("brackets-10000", b"[" * 10000 + b"]" * 10000, "syntax_error"),
        ("parens-10000", b"x = " + b"(" * 10000 + b"1" + b")" * 10000, "syntax_error"),
        ("plus-1MB", b"x = " + b"+".join([b"1"] * (m // 2 - 4)), ("budget", "syntax_error")),
        ("not-not", b"x = " + b"not " * (m // 4 - 2) + b"a", "syntax_error"),
        ("minus", b"x = " + b"-" * (m - 8) + b"1", "syntax_error"),
        ("lambdas", b"x = " + b"lambda: " * (m // 8 - 1) + b"1", "syntax_error"),
        ("conditionals", b"x = " + b"1 if 1 else " * (m // 12 - 1) + b"1", "syntax_error"),
        ("attribute-chain", b"x = a" + b".b" * (m // 2 - 4), ("budget", "syntax_error")),
        ("call-chain", b"x = a" + b"()" * (m // 2 - 4), ("budget", "syntax_error")),
        ("subscript-chain", b"x = a" + b"[0]" * (m // 3 - 2), ("budget", "syntax_error")),
        ("indentation", b"".join(b" " * i + b"if x:\n" for i in range(120)) + b" " * 120 + b"pass\n", "syntax_error"),
        # at 64 KB these are within every bound: they run (or raise) as in CPython
        ("list-1MB", b"x = [" + b"1," * (m // 2 - 4) + b"]", ("budget", "limit") if big else 200),
        ("statements-1MB", b"x = 1\n" * (m // 6), ("budget", "limit")),
        ("del-names-1MB", b"del " + b", ".join([b"a"] * (m // 3 - 2)), ("budget", "limit") if big else
         "python_exception"),
        ("chained-targets-1MB", b"a = " * (m // 4 - 1) + b"1", ("budget", "limit") if big else 200),
        ("int-literal-1MB", b"x = " + b"9" * (m - 8), "syntax_error"),
        ("hex-literal-1MB", b"x = 0x" + b"f" * (m - 8), "unsupported"),
        ("folded-copies", b'x = ("a" * 4096,) * 256\n' * 1000, "limit"),
        ("nul", b"x = 1\x00\n", "syntax_error"),
        ("invalid-utf8", b"x = '\xff'\n", "syntax_error"),
        ("lone-surrogate-utf8", b"x = '\xed\xa0\x80'\n", "syntax_error"),
        ("unknown-coding", b"# coding: nope\nx = 1\n", "syntax_error"),
        ("bom-and-latin1", b"\xef\xbb\xbf# coding: latin-1\nx = 1\n", "syntax_error"),
        ("tabs", b"class A:\n\tpass\n        pass\n", "syntax_error"),
        ("string-1MB", b'x = "' + b"a" * (m - 8) + b'"', 200),
    ]


@test
def exec_hostile_sources_answer_4xx_and_change_nothing(srv):
    sid = srv.session()
    base = "/v1/sessions/%s/" % sid
    for name, body, want in exec_hostile_sources():
        want = want if isinstance(want, tuple) else (want,)
        st, _, b = srv.request("POST", base + "exec", raw=body, headers={"Content-Type": "text/x-python"})
        code = b["error"]["code"] if st != 200 else 200
        assert code in want and st in (200, 422, 429), (name, st, str(b)[:300])
        if code == "syntax_error":  # this runner is a CPython 3.11, as the session: the same error
            try:
                compile(body, "<exec>", "exec")
                raise AssertionError((name, "CPython compiles it", b))
            except (SyntaxError, ValueError, MemoryError, RecursionError) as e:
                e_msg = getattr(e, "msg", None) or (str(e) if not isinstance(e, MemoryError) else "")
                assert (b["error"]["type"], b["error"]["message"]) == (type(e).__name__, e_msg), (name, b, e)
        st, _, summary = srv.request("GET", "/v1/sessions/" + sid)
        if code == 200:
            assert summary["names"], (name, summary)
            srv.request("POST", base + "del", {"names": list(summary["names"])})
        else:
            assert summary["names"] == {} and summary["objects"] == 0, (name, summary)
    # a NUL in the source is compile()'s own error (as for a text/x-python body): nothing runs
    st, _, b = srv.request("POST", base + "exec", raw=b'{"source": "x = 1\\u0000"}',
                           headers={"Content-Type": "application/json"})
    assert st == 422 and b["error"]["message"] == "source code string cannot contain null bytes", (st, b)
    for body in (b'{"source": "x = \'\\ud800\'"}', b'{"source": 5}',
                 b'{"source": "x = 1", "mode": "repl"}', b'{"source": "x = 1", "extra": 1}',
                 b'{"source": ' + b"[" * 100000 + b"]" * 100000 + b"}", b'{"source": "x = \'\xff\'"}'):
        st, _, b = srv.request("POST", base + "exec", raw=body, headers={"Content-Type": "application/json"})
        assert st == 400 and b["error"]["code"] == "bad_request", (body[:40], st, b)
    st, _, summary = srv.request("GET", "/v1/sessions/" + sid)
    assert summary["names"] == {} and summary["objects"] == 0, summary
    st, _, _ = srv.request("GET", "/healthz")
    assert st == 200


@test
def creating_after_freeing_many_objects(srv):
    """core/addrmap.c: ids past the table's size once wrapped onto one probe run
    that every insertion walked (24,000 dict items after 66,000 frees: 10 s).
    The run's length is bounded in tests/unit/test_core.c
    (test_id_index_runs_stay_short_after_frees); here the same creations over
    HTTP (this asserted each under 5 s: a timed assertion, which a loaded
    machine under valgrind failed at 7.3 s)."""
    sid = srv.session()
    base = "/v1/sessions/%s/" % sid
    for value in (list(range(99990)), [[i, "s"] for i in range(33000)],
                  {"type": "dict", "items": [[i, [i]] for i in range(24000)]}):
        st, _, b = srv.request("POST", base + "create", {"name": "a", "value": value})
        assert st == 200, b
        assert b["result"]["size"] > 0 and b["result"]["refcount"] == 1, b["result"]


@test
def deep_structures_do_not_crash(srv):
    sid = srv.session()
    base = "/v1/sessions/%s/" % sid
    for name in ("x", "y", "t"):
        srv.request("POST", base + "create", {"name": name, "value": [] if name != "t" else {"type": "tuple", "value": []}})
    for _ in range(3):  # x = [x], y = [y], t = (t,) three thousand times over
        ops = []
        for _ in range(1000):
            ops.append({"op": "create", "name": "x", "value": [{"ref": "x"}]})
            ops.append({"op": "create", "name": "y", "value": [{"ref": "y"}]})
            ops.append({"op": "create", "name": "t", "value": {"type": "tuple", "value": [{"ref": "t"}]}})
        for i in range(0, len(ops), 1000):
            st, _, b = srv.request("POST", base + "batch", {"ops": ops[i:i + 1000]})
            assert st == 200, b
    st, _, b = srv.request("POST", base + "eq", {"a": "x", "b": "y"})
    assert st == 422 and b["error"]["type"] == "RecursionError", b
    st, _, b = srv.request("POST", base + "contains", {"in": "x", "key": {"ref": "t"}})
    assert st in (200, 422), b
    # tuplehash() checks no recursion depth: CPython hashes a 3000-deep tuple
    st, _, b = srv.request("POST", base + "create", {"name": "s", "value": {"type": "set", "value": [{"ref": "t"}]}})
    assert st == 200, b
    st, _, b = srv.request("GET", base + "objects")
    assert st == 200
    st, _, b = srv.request("POST", base + "del", {"names": ["x", "y", "t", "s"]})
    assert st == 200 and len(b["events"]) >= 9000, len(b.get("events", []))
    st, _, s = srv.request("GET", "/v1/sessions/" + sid)
    assert s["objects"] == 0, s["objects"]


@test
def slow_client_does_not_starve_others(srv):
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    # a starved request gets no answer: each has 10 s (the socket's timeout), not a bound on their sum
    for _ in range(20):
        answer = raw_http(srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 200"), answer[:80]
    s.close()


@test
def concurrent_clients_keep_refcounts_exact(srv):
    sid = srv.session()
    srv.request("POST", "/v1/sessions/%s/create" % sid, {"name": "x", "value": []})
    srv.request("POST", "/v1/sessions/%s/create" % sid, {"name": "L", "value": []})
    errors = []

    def worker():
        for _ in range(25):
            st, _, b = srv.request("POST", "/v1/sessions/%s/link" % sid, {"from": "L", "append": True, "to": "x"})
            if st != 200:
                errors.append(b)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:2]
    st, _, b = srv.request("POST", "/v1/sessions/%s/getrefcount" % sid, {"ref": "x"})
    assert b["result"] == 2 + 200, b
    st, _, b = srv.request("POST", "/v1/sessions/%s/len" % sid, {"ref": "L"})
    assert b["result"] == 200, b


@test
def many_sessions_in_parallel(srv):
    errors = []

    def worker(n):
        sid = srv.session()
        for i in range(10):
            st, _, b = srv.request("POST", "/v1/sessions/%s/create" % sid, {"name": "v%d" % i, "value": [n, i]})
            if st != 200:
                errors.append(b)
        st, _, s = srv.request("GET", "/v1/sessions/" + sid)
        if s["objects"] != 20:  # ten lists, and the ten names: interned strs 'v0'...'v9'
            errors.append(s)
        srv.request("DELETE", "/v1/sessions/" + sid)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:2]


@test
def reads_objects_graph_gc(srv):
    sid = srv.session()
    base = "/v1/sessions/" + sid
    srv.request("POST", base + "/class", {"name": "Node"})
    srv.request("POST", base + "/create", {"name": "a", "type": "Node"})
    srv.request("POST", base + "/create", {"name": "b", "type": "Node"})
    srv.request("POST", base + "/link", {"from": "a", "attr": "partner", "to": "b"})
    st, _, g = srv.request("GET", base + "/graph")
    assert st == 200 and set(g["roots"]) == {"Node", "a", "b"}, g["roots"]
    labels = {(e["from"], e["label"]) for e in g["edges"]}
    assert (g["roots"]["a"], ".partner") in labels and (g["roots"]["a"], "class") in labels, labels
    st, _, o = srv.request("GET", base + "/objects/%d" % g["roots"]["b"])
    assert st == 200 and g["roots"]["a"] in o["referrers"] and "name:b" in o["referrers"], o
    st, _, objs = srv.request("GET", base + "/objects")
    assert [x["id"] for x in objs["objects"]] == sorted(x["id"] for x in objs["objects"])
    st, _, gc = srv.request("GET", base + "/gc")
    assert gc["threshold"] == [700, 10, 10] and len(gc["stats"]) == 3, gc
    st, _, gc2 = srv.request("POST", base + "/gc", {"threshold": [500, 5, 5], "enabled": False})
    assert gc2["result"]["threshold"] == [500, 5, 5] and gc2["result"]["enabled"] is False, gc2
    st, _, ev = srv.request("GET", base + "/events?after=0")
    assert st == 200 and ev["dropped"] == 0 and ev["events"][0]["seq"] == 1, ev


@test
def ids_of_library_classes_and_keyedrefs(srv):
    """Objects no path reaches, named by id: the class of a WeakValueDictionary
    (an abc.ABCMeta, a heap type: PyObject_DelItem() goes on to
    PySequence_DelItem()) and a KeyedRef (a heap type too); CPython 3.10-3.13:
    `del weakref.WeakValueDictionary[0]` and `del wvd.data['k'][0]` raise
    "doesn't support item deletion", `del weakref.WeakSet[0]` "does not"."""
    for v in ("3.10", "3.11", "3.12", "3.13"):
        base = "/v1/sessions/" + srv.session(python=v)
        for body in ({"name": "d", "type": "WeakValueDictionary"}, {"name": "s", "type": "WeakSet"}):
            srv.request("POST", base + "/create", body)
        srv.request("POST", base + "/class", {"name": "W"})
        srv.request("POST", base + "/create", {"name": "w", "type": "W"})
        srv.request("POST", base + "/link", {"from": "d", "key": "k", "to": "w"})
        st, _, names = srv.request("GET", base)
        classes = {}
        for n in ("d", "s"):
            st, _, o = srv.request("GET", base + "/objects/%d" % names["names"][n])
            for r in o["referents"]:
                st, _, x = srv.request("GET", base + "/objects/%d" % r)
                if x["type"] in ("ABCMeta", "type"):
                    classes[n] = x
        assert classes["d"]["type"] == "ABCMeta" and classes["s"]["type"] == "type", classes
        for n, word in (("d", "doesn't"), ("s", "does not")):
            cid = classes[n]["id"]
            st, _, b = srv.request("POST", base + "/unlink", {"from": cid, "index": 0})
            assert st == 422 and b["error"]["message"] == "'%s' object %s support item deletion" % (
                classes[n]["type"], word), (v, b)
        st, _, b = srv.request("POST", base + "/unlink", {"from": "d.data['k']", "index": 0})
        assert st == 422 and b["error"]["message"] == "'KeyedRef' object doesn't support item deletion", (v, b)
        st, _, b = srv.request("POST", base + "/unlink", {"from": "d.data['k']", "key": "x"})
        assert st == 422 and b["error"]["message"] == "'KeyedRef' object does not support item deletion", (v, b)
        # calling a library class (`deref` of it by id is `cls()`, as `create`'s `{"type": K}` of a name
        # bound to it): a new empty container, as CPython's WeakValueDictionary() / WeakSet()
        for n, kind in (("d", "WeakValueDictionary"), ("s", "WeakSet")):
            st, _, b = srv.request("POST", base + "/deref", {"ref": classes[n]["id"]})
            assert st == 200 and b["result"]["type"] == kind, (v, b)
            srv.request("POST", base + "/assign", {"name": "K", "to": {"ref": classes[n]["id"]}})
            st, _, b = srv.request("POST", base + "/create", {"name": "y", "type": "K"})
            assert st == 200 and b["result"]["type"] == kind and b["result"]["refcount"] == 1, (v, b)
            st, _, b = srv.request("POST", base + "/len", {"ref": "y"})
            assert st == 200 and b["result"] == 0, (v, b)


@test
def readme_example_runs(srv):
    text = open(os.path.join(ROOT, "README.md")).read()
    m = re.search(r"<!-- example:cycle -->\s*```sh\n(.*?)```", text, re.S)
    assert m, "README has no example:cycle block"
    script = m.group(1).replace("127.0.0.1:8080", "127.0.0.1:%d" % srv.port)
    out = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert '"result":2' in out.stdout.replace(" ", ""), out.stdout


@test
def readme_exec_example_runs(srv):
    text = open(os.path.join(ROOT, "README.md")).read()
    m = re.search(r"<!-- example:exec -->\s*```sh\n(.*?)```", text, re.S)
    assert m, "README has no example:exec block"
    script = m.group(1).replace("127.0.0.1:8080", "127.0.0.1:%d" % srv.port)
    out = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    answers = json.JSONDecoder().raw_decode(out.stdout)
    module = answers[0]
    statements, end = json.JSONDecoder().raw_decode(out.stdout[answers[1]:])
    python_script = out.stdout[answers[1] + end:]
    assert module["results"][2] == {"line": 3, "source": "s3 is s4", "result": True}, module
    assert statements["results"][2] == {"line": 3, "source": "s3 is s4", "result": False}, statements
    assert python_script.lstrip().startswith("# A heapd session as a script"), python_script[:200]
    # the script runs in CPython (this runner is a 3.11, as the session)
    run = subprocess.run([sys.executable, "-c", python_script], capture_output=True, text=True, timeout=60,
                         env=judge_env())
    assert run.returncode == 0, run.stderr


@test
def memory_flat_across_session_churn(srv):
    def rss():
        with open("/proc/%d/status" % srv.proc.pid) as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))

    def churn(n):
        for _ in range(n):
            sid = srv.session()
            srv.request("POST", "/v1/sessions/%s/create" % sid, {"name": "x", "value": list(range(50))})
            srv.request("DELETE", "/v1/sessions/" + sid)

    if os.environ.get("HEAPD_SANITIZED") or os.environ.get("HEAPD_VALGRIND"):
        return  # ASan's quarantine / valgrind's allocator: RSS says nothing there
    churn(300)
    before = rss()
    churn(2000)
    after = rss()
    assert after - before < 4096, (before, after)  # KiB


def idle_sessions_are_evicted():
    srv = Heapd("--session-ttl", "1", wrapper=valgrind_wrapper())
    try:
        sid = srv.session()
        st, _, _ = srv.request("GET", "/v1/sessions/" + sid)
        assert st == 200
        time.sleep(2.5)
        st, _, _ = srv.request("GET", "/v1/sessions/" + sid)
        assert st == 404, st
    finally:
        assert srv.stop() == 0


def help_and_bad_flags():
    binary = os.environ.get("HEAPD_BIN") or os.path.join(ROOT, "build", "heapd")
    out = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=10)
    assert out.returncode == 0 and "--max-objects" in out.stdout and "HEAPD_PORT" in out.stdout, out
    out = subprocess.run([binary, "--port", "notaport"], capture_output=True, text=True, timeout=10)
    assert out.returncode != 0 and "--port" in out.stderr, out
    out = subprocess.run([binary, "--frobnicate"], capture_output=True, text=True, timeout=10)
    assert out.returncode != 0, out


def session_cap_from_environment():
    srv = Heapd(env={"HEAPD_MAX_SESSIONS": "2"}, wrapper=valgrind_wrapper())
    try:
        srv.session()
        srv.session()
        st, _, b = srv.request("POST", "/v1/sessions", {})
        assert st == 429 and b["error"]["limit"] == "sessions", b
    finally:
        assert srv.stop() == 0


def sigterm_exits_zero():
    srv = Heapd("--conn-timeout", "5", wrapper=valgrind_wrapper())
    srv.session()
    # a request in flight when SIGTERM arrives still gets its answer
    body = b'{"python": "3.11"}'
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body)
              + body[:5])
    time.sleep(0.3)
    srv.proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    s.sendall(body[5:])
    answer = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        answer += chunk
    s.close()
    rc = srv.proc.wait(timeout=30)
    srv.log.close()
    assert answer.startswith(b"HTTP/1.1 201"), answer[:80]
    assert rc == 0, rc


def valgrind_wrapper():
    """HEAPD_VALGRIND=1: run the server under valgrind; any error or definite leak fails it."""
    if not os.environ.get("HEAPD_VALGRIND"):
        return None
    return ["valgrind", "--quiet", "--error-exitcode=9", "--leak-check=full", "--errors-for-leak-kinds=definite",
            "--show-leak-kinds=definite"]


def main():
    passed = failed = 0
    srv = Heapd("--threads", "4", "--conn-timeout", "3", wrapper=valgrind_wrapper())
    try:
        for fn in TESTS:
            try:
                fn(srv)
                passed += 1
                print("PASS e2e/" + fn.__name__)
            except Exception as e:  # report and go on
                failed += 1
                print("FAIL e2e/%s: %r" % (fn.__name__, e))
    finally:
        rc = srv.stop()
    for fn in (sigterm_exits_zero, idle_sessions_are_evicted, help_and_bad_flags, session_cap_from_environment):
        try:
            fn()
            passed += 1
            print("PASS e2e/" + fn.__name__)
        except Exception as e:
            failed += 1
            print("FAIL e2e/%s: %r" % (fn.__name__, e))
    if rc != 0:
        failed += 1
        print("FAIL e2e/server_exit_code: %d" % rc)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
