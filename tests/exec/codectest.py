#!/usr/bin/env python3
"""Coding cookies against the codec registry: every name the interpreter's
codecs.lookup() knows (encodings.aliases keys and values, the encodings
modules) and some spellings of them (capitals, '-' for '_', '.' for '_',
unknown names) heads a bytes source POSTed to .../exec (text/x-python),
under each of three bodies (ASCII, a latin-1 byte, a UTF-8 pair) that end
in a syntax error, so the decoded text shows in the error's offsets. Each
CPython 3.10-3.13 compile()s the same bytes in one process. heapd must give
CPython's exact SyntaxError, or 422 `unsupported` where CPython's registry
has a text codec heapd does not decode with (never for utf-8, latin-1 or
ascii, never where CPython says "unknown encoding", never for a codec that is
not a text encoding: rot13, base64, zlib... raise CPython's "'X' is not a
text encoding" SyntaxError), naming the cookie's line (1) and the codec. EXEC_PYTHON=3.12
runs one version. Ends with "N passed, N failed"."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from heapd_proc import Heapd, judge_env  # noqa: E402
from tally import Tally  # noqa: E402
from exectest import VERSIONS, find_python  # noqa: E402

BODIES = [b"y = \n", b"x = '\xe9'\ny = \n", b"x = '\xc3\xa9'\ny = \n"]

JUDGE = r'''
import codecs, encodings, encodings.aliases, json, pkgutil, sys
bodies = json.loads(sys.argv[1])
names = set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values())
names |= {m.name for m in pkgutil.iter_modules(encodings.__path__)}
more = set()
for n in names:
    more |= {n.upper(), n.replace("_", "-"), n.replace("_", "."), "-" + n + "-", n + "x", n.title()}
names |= more | {"nosuchcodec", "utf-8-sig", "UTF-8", "utf-8-foo", "latin-1-bar", "iso-latin-1", "windows-31j"}
names = {n for n in names if n and all(c.isalnum() or c in "-_." for c in n)}
out = []
for n in sorted(names):
    try:
        info = codecs.lookup(n)
        codec, text = info.name, info._is_text_encoding
    except LookupError:
        codec, text = None, None
    for b in bodies:
        src = b"# -*- coding: " + n.encode() + b" -*-\n" + b.encode("latin-1")
        try:
            compile(src, "<exec>", "exec")
            want = None
        except SyntaxError as e:
            want = [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset]
        except Exception as e:
            want = [type(e).__name__, str(e)]
        out.append([src.decode("latin-1"), codec, text, want])
print(json.dumps(out))
'''


def main():
    server = Heapd()
    tally = Tally("codec/")
    try:
        for version in VERSIONS:
            python = find_python(version)
            if not python:
                tally.report("%s/interpreter" % version, ["no CPython %s found" % version])
                continue
            table = json.loads(subprocess.run([python, "-c", JUDGE, json.dumps([b.decode("latin-1") for b in BODIES])],
                                              capture_output=True, check=True, env=judge_env()).stdout)
            sid = None
            for src, codec, text, want in table:
                raw = src.encode("latin-1")
                if sid is None:
                    sid = server.session(python=version)
                status, _, b = server.request("POST", "/v1/sessions/%s/exec" % sid, raw=raw,
                                              headers={"Content-Type": "text/x-python"})
                if status == 200:  # it ran: a fresh session for the next source
                    server.request("DELETE", "/v1/sessions/" + sid)
                    sid = None
                e = b.get("error", {}) if status != 200 else {}
                got = None
                if status == 422 and e.get("code") == "syntax_error":
                    got = [e["type"], e["message"], e["lineno"], e["offset"], e["end_lineno"], e["end_offset"]]
                ok = got == want
                if status == 422 and e.get("code") == "unsupported":
                    ok = (codec is not None and text and codec not in ("utf-8", "iso8859-1", "ascii")
                          and e.get("line") == 1 and e.get("message", "").startswith("line 1: ")
                          and "(codec " in e.get("message", ""))
                tally.report("%s: %r (codec %s)" % (version, raw, codec),
                             [] if ok else ["cpython %s, heapd %d %s" % (want, status, json.dumps(b)[:300])])
            if sid:
                server.request("DELETE", "/v1/sessions/" + sid)
    finally:
        rc = server.stop()
    if rc != 0:
        tally.report("server_exit_code", ["%d" % rc])
    return 0 if tally.summary() else 1


if __name__ == "__main__":
    sys.exit(main())
