"""The protocol checks of protofuzz: an HTTP client that checks every answer
(CORS, error shape, status vocabulary, OpenAPI description, time), a small
JSON Schema validator for api/openapi.json, a Prometheus text-format
parser, and the full snapshot of a session's reads."""
import http.client
import json
import os
import re
import socket
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OPENAPI = json.load(open(os.path.join(ROOT, "api", "openapi.json")))

ERROR_CODES = {
    400: {"bad_request"},
    404: {"not_found"},
    405: {"method_not_allowed"},
    413: {"too_large"},
    414: {"too_large"},
    422: {"python_exception", "budget", "syntax_error", "unsupported"},
    429: {"limit"},
    503: {"overloaded"},
}
LIMITS = {"objects", "bytes", "batch", "sessions", "source"}
OPS = ["create", "class", "assign", "link", "unlink", "del", "collect", "sizeof", "getrefcount", "id", "is",
       "eq", "len", "contains", "intern", "weakref", "deref", "gc", "batch", "exec"]


class Failure(Exception):
    """A finding: what was sent, what came back, and which property broke."""

    def __init__(self, kind, msg, request=None, answer=None):
        super().__init__("%s: %s" % (kind, msg))
        self.kind = kind
        self.msg = msg
        self.request = request
        self.answer = answer


class Answer:
    def __init__(self, status, headers, raw, elapsed):
        self.status = status
        self.headers = headers
        self.raw = raw
        self.elapsed = elapsed
        self.json = None
        if headers.get("content-type", "").startswith("application/json") and raw:
            try:
                self.json = json.loads(raw)
            except ValueError:
                self.json = ValueError

    def error(self):
        return (self.json or {}).get("error", {}) if isinstance(self.json, dict) else {}

    def __repr__(self):
        return "<%d %s>" % (self.status, self.raw[:300])


# ---------------------------------------------------------------------------
# OpenAPI: which (template, method, status) the document describes, and a
# JSON Schema subset good enough for its schemas

TEMPLATES = [(re.compile("^" + re.sub(r"\\\{[a-z]+\\\}", "[^/]+", re.escape(p)) + "$"), p)
             for p in sorted(OPENAPI["paths"], key=lambda p: (p.count("{"), -len(p)))]


def template_of(path):
    for rx, tpl in TEMPLATES:
        if rx.match(path):
            return tpl
    return None


def resolve(schema):
    while isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        node = OPENAPI
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _type_ok(t, v):
    return {
        "object": isinstance(v, dict),
        "array": isinstance(v, list),
        "string": isinstance(v, str),
        "integer": isinstance(v, int) and not isinstance(v, bool),
        "number": isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": isinstance(v, bool),
        "null": v is None,
    }.get(t, True)


def validate(schema, v, where="$"):
    """Errors of v against schema (a list of strings; empty: valid)."""
    s = resolve(schema)
    if s is True or s is None or s == {}:
        return []
    if s is False:
        return ["%s: no value allowed" % where]
    errs = []
    t = s.get("type")
    if t is not None:
        ts = t if isinstance(t, list) else [t]
        if not any(_type_ok(x, v) for x in ts):
            return ["%s: %r is not of type %s" % (where, v if len(repr(v)) < 80 else repr(v)[:80], t)]
    if "const" in s and v != s["const"]:
        errs.append("%s: %r is not %r" % (where, v, s["const"]))
    if "enum" in s and v not in s["enum"]:
        errs.append("%s: %r not in %r" % (where, v, s["enum"]))
    if "minimum" in s and _type_ok("number", v) and v < s["minimum"]:
        errs.append("%s: %r < minimum %r" % (where, v, s["minimum"]))
    if "maximum" in s and _type_ok("number", v) and v > s["maximum"]:
        errs.append("%s: %r > maximum %r" % (where, v, s["maximum"]))
    for sub in s.get("allOf", []):
        errs += validate(sub, v, where)
    if "anyOf" in s and not any(not validate(sub, v, where) for sub in s["anyOf"]):
        errs.append("%s: matches none of anyOf" % where)
    if "oneOf" in s:
        n = sum(1 for sub in s["oneOf"] if not validate(sub, v, where))
        if n != 1:
            errs.append("%s: matches %d of oneOf" % (where, n))
    if isinstance(v, dict):
        props = s.get("properties", {})
        for k in s.get("required", []):
            if k not in v:
                errs.append("%s: missing required %r" % (where, k))
        extra = s.get("additionalProperties", True)
        for k, x in v.items():
            if k in props:
                errs += validate(props[k], x, "%s.%s" % (where, k))
            elif extra is False:
                errs.append("%s: undescribed field %r" % (where, k))
            elif isinstance(extra, dict):
                errs += validate(extra, x, "%s.%s" % (where, k))
    if isinstance(v, list):
        pre = s.get("prefixItems", [])
        for i, x in enumerate(v):
            if i < len(pre):
                errs += validate(pre[i], x, "%s[%d]" % (where, i))
            elif "items" in s and s["items"] is not False:
                errs += validate(s["items"], x, "%s[%d]" % (where, i))
        if "minItems" in s and len(v) < s["minItems"]:
            errs.append("%s: fewer than %d items" % (where, s["minItems"]))
        if "maxItems" in s and len(v) > s["maxItems"]:
            errs.append("%s: more than %d items" % (where, s["maxItems"]))
    return errs


def described(method, path, status):
    """The response object OpenAPI gives for this answer, or None."""
    tpl = template_of(path)
    if tpl is None:
        return None
    op = OPENAPI["paths"][tpl].get(method.lower())
    if op is None:
        return None
    r = op.get("responses", {}).get(str(status))
    return resolve(r) if r is not None else None


# ---------------------------------------------------------------------------
# Prometheus text format (exposition format 0.0.4)

METRIC_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
SAMPLE = re.compile(r"^(%s)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\n]|\\.)*\"(?:,[a-zA-Z_][a-zA-Z0-9_]*="
                    r"\"(?:[^\"\\\n]|\\.)*\")*,?)?\})? ([^ ]+)( -?[0-9]+)?$" % METRIC_NAME)


def parse_prometheus(text):
    """{family: {"type": t, "samples": [(name, labels, value)]}}; raises ValueError."""
    fams = {}
    types = {}
    if text and not text.endswith("\n"):
        raise ValueError("the text does not end with a newline")
    for n, line in enumerate(text.split("\n")[:-1], 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            parts = line.split(None, 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                if not re.match("^%s$" % METRIC_NAME, parts[2]):
                    raise ValueError("line %d: bad metric name" % n)
                if parts[1] == "TYPE":
                    if len(parts) != 4 or parts[3] not in ("counter", "gauge", "histogram", "summary", "untyped"):
                        raise ValueError("line %d: bad TYPE" % n)
                    if parts[2] in types:
                        raise ValueError("line %d: TYPE given twice for %s" % (n, parts[2]))
                    if parts[2] in fams and fams[parts[2]]["samples"]:
                        raise ValueError("line %d: TYPE after samples of %s" % (n, parts[2]))
                    types[parts[2]] = parts[3]
                    fams.setdefault(parts[2], {"type": parts[3], "samples": []})["type"] = parts[3]
            continue
        m = SAMPLE.match(line)
        if not m:
            raise ValueError("line %d: not a sample: %r" % (n, line))
        name, labels, value = m.group(1), m.group(2) or "", m.group(3)
        try:
            v = float(value)
        except ValueError:
            raise ValueError("line %d: bad value %r" % (n, value))
        fam = name
        for suffix in ("_bucket", "_sum", "_count"):
            if name.endswith(suffix) and types.get(name[:-len(suffix)]) in ("histogram", "summary"):
                fam = name[:-len(suffix)]
        lab = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', labels))
        fams.setdefault(fam, {"type": types.get(fam, "untyped"), "samples": []})["samples"].append((name, lab, v))
    for fam, f in fams.items():
        if f["type"] == "histogram":
            buckets = [(s[1].get("le"), s[2]) for s in f["samples"] if s[0] == fam + "_bucket"]
            if not buckets or buckets[-1][0] != "+Inf":
                raise ValueError("%s: no +Inf bucket" % fam)
            vals = [b[1] for b in buckets]
            if vals != sorted(vals):
                raise ValueError("%s: buckets not cumulative" % fam)
            les = [float(b[0]) for b in buckets]
            if les != sorted(les):
                raise ValueError("%s: le not ascending" % fam)
            count = [s[2] for s in f["samples"] if s[0] == fam + "_count"]
            if count != [vals[-1]]:
                raise ValueError("%s: _count %r is not the +Inf bucket %r" % (fam, count, vals[-1]))
        if f["type"] == "counter" and any(s[2] < 0 for s in f["samples"]):
            raise ValueError("%s: a negative counter" % fam)
    return fams


# ---------------------------------------------------------------------------
# The client

class Client:
    """One request per connection (a 413 or a refusal may close it), every
    answer checked against the contract's envelope."""

    def __init__(self, port, origin="*", time_limit=2.0, seen=None):
        self.port = port
        self.origin = origin
        self.time_limit = time_limit
        self.requests = 0
        self.seen = seen if seen is not None else {}   # (template, method, status) -> count
        self.undescribed = {}  # (template, method, status, what) -> example: reported per round, not fatal

    def raw(self, method, path, body=None, headers=None, chunked=False):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=max(60, self.time_limit * 3))
        t0 = time.monotonic()
        hdrs = dict(headers or {})
        try:
            if chunked and body is not None:
                def gen(b=body):
                    for i in range(0, len(b), 997):
                        yield b[i:i + 997]
                conn.request(method, path, body=gen(), headers=hdrs, encode_chunked=True)
            else:
                conn.request(method, path, body=body, headers=hdrs)
            r = conn.getresponse()
            raw = r.read()
            headers = {k.lower(): v for k, v in r.getheaders()}
            status = r.status
        except (OSError, http.client.HTTPException) as e:
            raise Failure("connection", "%s %s: %r" % (method, path, e), (method, path, body))
        finally:
            conn.close()
        self.requests += 1
        return Answer(status, headers, raw.decode("utf-8", "replace"), time.monotonic() - t0)

    def call(self, method, path, body=None, headers=None, chunked=False, expect=None, json_body=True):
        data = body
        hdrs = dict(headers or {})
        if body is not None and not isinstance(body, (bytes, str)):
            data = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        if isinstance(data, str):
            data = data.encode()
        a = self.raw(method, path, data, hdrs, chunked)
        self.check(method, path, a, (method, path, data[:2000] if data else data))
        if expect is not None and a.status not in (expect if isinstance(expect, (set, tuple, list)) else {expect}):
            raise Failure("status", "%s %s: expected %s, got %d %s" % (method, path, expect, a.status, a.raw[:400]),
                          (method, path, data[:2000] if data else data), a.raw[:2000])
        return a

    def check(self, method, path, a, req):
        def fail(kind, msg):
            raise Failure(kind, "%s %s -> %d: %s" % (method, path.split("?")[0][:120], a.status, msg), req,
                          a.raw[:2000])
        if a.elapsed > self.time_limit:
            fail("slow", "answered in %.2f s" % a.elapsed)
        if a.status >= 500 and not (a.status == 503 and a.error().get("code") == "overloaded"):
            fail("5xx", a.raw[:300])
        # CORS on every answer, errors included
        if a.headers.get("access-control-allow-origin") != self.origin:
            fail("cors", "Access-Control-Allow-Origin is %r" % a.headers.get("access-control-allow-origin"))
        exposed = {h.strip().lower() for h in a.headers.get("access-control-expose-headers", "").split(",")}
        for h in ("allow", "retry-after"):
            if h in a.headers and h not in exposed:
                fail("cors", "%s is not in Access-Control-Expose-Headers" % h)
        if method == "OPTIONS":
            allow = a.headers.get("access-control-allow-methods", "")
            for m in ("GET", "POST", "DELETE"):
                if m not in allow:
                    fail("cors", "preflight allows %r" % allow)
            if "content-type" not in a.headers.get("access-control-allow-headers", "").lower():
                fail("cors", "preflight does not allow Content-Type")
        if a.json is ValueError:
            fail("json", "the body is not JSON: %r" % a.raw[:200])
        if a.status >= 400:
            err = a.error()
            if not isinstance(err.get("message"), str) or not err.get("message"):
                fail("error-shape", "no error message")
            if a.status in ERROR_CODES and err.get("code") not in ERROR_CODES[a.status]:
                fail("error-shape", "code %r for status %d" % (err.get("code"), a.status))
            if a.status == 405 and not a.headers.get("allow"):
                fail("error-shape", "405 without an Allow header")
            if a.status == 429 and err.get("limit") not in LIMITS:
                fail("error-shape", "429 without a limit name: %r" % err.get("limit"))
        if a.status == 204 and a.raw:
            fail("http", "a 204 with a body")
        # the OpenAPI document describes every answer the server gives
        p = path.split("?")[0]
        tpl = template_of(p)
        if tpl is not None:
            key = (tpl, method, a.status)
            self.seen[key] = self.seen.get(key, 0) + 1
            resp = described(method, p, a.status)
            def note(what, msg):
                self.undescribed.setdefault((tpl, method, a.status, what), (msg, req, a.raw[:1000]))
            if resp is None:
                note("status", "%s %s answers %d, which api/openapi.json does not describe" % (method, tpl, a.status))
                return
            content = resp.get("content", {})
            ctype = a.headers.get("content-type", "").split(";")[0].strip()
            if content and a.status != 204:
                if ctype not in content:
                    note("ctype", "%s %s %d: content type %r not described (%s)" % (method, tpl, a.status, ctype,
                                                                                  list(content)))
                    return
                schema = content[ctype].get("schema")
                if schema is not None and a.json is not None:
                    errs = validate(schema, a.json)
                    if errs:
                        note("schema:" + re.sub(r"\[\d+\]", "[]", errs[0])[:80],
                             "%s %s %d: the answer does not match its schema: %s" % (
                                 method, tpl, a.status, "; ".join(errs[:4])))

    def post(self, sid, op, body, **kw):
        return self.call("POST", "/v1/sessions/%s/%s" % (sid, op), body, **kw)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)


def pages(client, sid, what, key, page=None):
    """Every page of GET objects / graph, concatenated; checks next/after."""
    out = {"roots": None, key: [], "edges": []}
    after = 0
    seen = 0
    while True:
        q = "?after=%d" % after if after else ""
        if page:
            q += ("&" if q else "?") + "limit=%d" % page
        a = client.get("/v1/sessions/%s/%s%s" % (sid, what, q), expect=200)
        j = a.json
        out[key] += j[key]
        out["edges"] += j.get("edges", [])
        if j.get("edges_truncated"):  # a page's edges stop at 10 a node of --max-page (README)
            out["edges_truncated"] = True
        if what == "graph":
            if out["roots"] is not None and out["roots"] != j["roots"]:
                raise Failure("paging", "graph roots differ between pages")
            out["roots"] = j["roots"]
        ids = [d["id"] for d in j[key]]
        if ids != sorted(ids) or (ids and ids[0] <= after):
            raise Failure("paging", "%s page after %d is not ascending past it: %s" % (what, after, ids[:5]))
        seen += 1
        if "next" not in j:
            break
        if not ids or j["next"] != ids[-1]:
            raise Failure("paging", "%s: next %r is not the page's last id" % (what, j.get("next")))
        after = j["next"]
        if seen > 10000:
            raise Failure("paging", "endless pages")
    return out


def snapshot(client, sid, page=None):
    """Everything a client can read of a session (summary, gc, every page of
    objects and graph, the events) — equal before and after a refused
    statement."""
    s = client.get("/v1/sessions/%s" % sid, expect=200).json
    g = client.get("/v1/sessions/%s/gc" % sid, expect=200).json
    objs = pages(client, sid, "objects", "objects", page)
    graph = pages(client, sid, "graph", "nodes", page)
    ev = client.get("/v1/sessions/%s/events?after=0" % sid, expect=200).json
    return {"summary": s, "gc": g, "objects": objs["objects"], "graph": graph, "events": ev}


def diff_snap(a, b):
    """A short description of where two snapshots differ ('' when equal)."""
    out = []
    for k in a:
        if a[k] != b[k]:
            if k == "objects":
                ia = {d["id"]: d for d in a[k]}
                ib = {d["id"]: d for d in b[k]}
                gone = sorted(set(ia) - set(ib))[:3]
                new = sorted(set(ib) - set(ia))[:3]
                changed = [i for i in ia if i in ib and ia[i] != ib[i]][:2]
                out.append("objects: gone %s, new %s, changed %s" % (
                    gone, [ib[i]["type"] for i in new], [(ia[i], ib[i]) for i in changed]))
            else:
                out.append("%s: %s -> %s" % (k, json.dumps(a[k])[:300], json.dumps(b[k])[:300]))
    return "; ".join(out)


def port_alive(port):
    s = socket.socket()
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()
