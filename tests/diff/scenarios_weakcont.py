"""Scenarios of the weak containers whose attributes were replaced or
deleted: each method of Lib/weakref.py and Lib/_weakrefset.py must run, or
fail, as the Python source does with whatever object is there. The
`found-*` ones are the differential fuzzer's minimised findings
(tests/difffuzz/found/), replayed on every version."""
from scenarios import T, create, rc, sizeof, COLLECT


def CLS(name, **kw):
    op = {"op": "class", "name": name}
    op.update(kw)
    return op


OFF = {"op": "gc", "enabled": False}


def eq(a, b):
    return {"op": "eq", "a": a, "b": b}


def ln(r):
    return {"op": "len", "ref": r}


def link(f, to, **kw):
    op = {"op": "link", "from": f, "to": to}
    op.update(kw)
    return op


def setattr_(f, attr, to):
    return {"op": "link", "from": f, "attr": attr, "to": to}


def delattr_(f, attr):
    return {"op": "unlink", "from": f, "attr": attr}


def contains(i, key):
    return {"op": "contains", "in": i, "key": key}


WV, WK, WS = "WeakValueDictionary", "WeakKeyDictionary", "WeakSet"

WEAKCONT = [
    ('weakcont/found-3.10-21ee9a405b', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'e', 'value': {'type': 'dict', 'value': {}}}, {'op': 'create', 'name': 'dd', 'type': 'WeakSet'}, {'op': 'link', 'from': 'dd', 'attr': 'data', 'to': 'e'}, {'op': 'unlink', 'from': 'dd', 'discard': {'type': 'int', 'value': '5'}}]),
    ('weakcont/found-3.10-4074647808', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'd', 'type': 'WeakValueDictionary'}, {'op': 'unlink', 'from': 'd', 'attr': '_iterating'}, {'op': 'eq', 'a': 'd', 'b': 'd'}]),
    ('weakcont/found-3.10-610f91f229', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'd', 'value': {'type': 'dict', 'value': {}}}, {'op': 'link', 'from': 'd', 'key': 'k', 'to': 'd'}, {'op': 'create', 'name': 'wv', 'type': 'WeakValueDictionary'}, {'op': 'link', 'from': 'wv', 'attr': '_pending_removals', 'to': 'd'}, {'op': 'unlink', 'from': 'wv', 'key': 't'}]),
    ('weakcont/found-3.10-856ce522f5', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 's', 'type': 'WeakSet'}, {'op': 'link', 'from': 's.data', 'key': {'type': 'int', 'value': '1000000000000000000000000000000000000000000000000000000000000'}, 'to': {'type': 'str', 'value': '__init__'}}]),
    ('weakcont/found-3.10-cfc6ce1b16', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'd', 'value': {'type': 'dict', 'value': {}}}, {'op': 'link', 'from': 'd', 'key': 'k', 'to': 'd'}, {'op': 'create', 'name': 'obj', 'type': 'WeakKeyDictionary'}, {'op': 'link', 'from': 'obj.data', 'key': {'type': 'int', 'value': '1237940039285380274899124224'}, 'to': "d['k']"}, {'op': 'eq', 'a': 'obj', 'b': "d['k']"}]),
    ('weakcont/found-3.10-d6cd4c407f', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'F', 'finalizer': 'resurrect'}, {'op': 'create', 'name': 't', 'type': 'WeakValueDictionary'}, {'op': 'link', 'from': 't', 'attr': '_pending_removals', 'to': {'type': 'dict', 'value': {'b': {'ref': 'F'}, 'hello world': {'type': 'WeakKeyDictionary'}, 'data': {'type': 'dict', 'items': [[{'type': 'bytes', 'value': 'hello world'}, 256]]}}}}, {'op': 'len', 'ref': 't'}]),
    ('weakcont/found-3.10-e78e616343', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'head', 'type': 'WeakValueDictionary'}, {'op': 'unlink', 'from': 'head', 'attr': '_iterating'}, {'op': 'eq', 'a': 'head', 'b': 'head'}]),
    ('weakcont/found-3.11-cd487b9752', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'Node', 'slots': ['__dict__', '__weakref__'], 'finalizer': 'resurrect'}, {'op': 'create', 'name': 'e', 'value': {'type': 'dict', 'value': {}}}, {'op': 'create', 'name': 'a', 'type': 'WeakValueDictionary'}, {'op': 'link', 'from': 'a', 'attr': '_iterating', 'to': {'ref': '_resurrected'}}, {'op': 'eq', 'a': 'a', 'b': 'e'}]),
    ('weakcont/found-3.11-fc7dac2e62', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'm', 'value': {'type': 'dict', 'items': [[1, 1], ['a', 2]]}}, {'op': 'create', 'name': 'x', 'type': 'WeakSet'}, {'op': 'link', 'from': 'x', 'attr': 'data', 'to': 'm'}, {'op': 'unlink', 'from': 'x', 'discard': {'type': 'int', 'value': '5'}}]),
    ('weakcont/found-3.12-309f621679', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'z', 'type': 'WeakSet'}, {'op': 'link', 'from': 'z', 'attr': 'data', 'to': -5}, {'op': 'eq', 'a': 'z', 'b': 'z'}]),
    ('weakcont/found-3.12-3334411616', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'ws', 'type': 'WeakValueDictionary'}, {'op': 'class', 'name': 'R', 'finalizer': 'log'}, {'op': 'link', 'from': 'ws.data', 'key': 'ÿ', 'to': 'R'}, {'op': 'eq', 'a': 'ws', 'b': 'ws'}]),
    ('weakcont/found-3.12-6397fabf2e', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'm', 'value': {'type': 'dict', 'value': {'a': 1, 'b': [2]}}}, {'op': 'create', 'name': 'wk', 'type': 'WeakValueDictionary'}, {'op': 'link', 'from': 'wk', 'attr': '_pending_removals', 'to': 'm'}, {'op': 'contains', 'in': 'wk', 'key': {'type': 'set', 'value': [1]}}]),
    ('weakcont/found-3.12-66802c284b', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'tmp', 'type': 'WeakSet'}, {'op': 'link', 'from': 'tmp', 'attr': 'data', 'to': 1}, {'op': 'unlink', 'from': 'tmp', 'discard': {'type': 'int', 'value': '5'}}]),
    ('weakcont/found-3.12-76de039eac', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'S', 'slots': ['__x']}, {'op': 'create', 'name': 'p', 'type': 'WeakKeyDictionary'}, {'op': 'link', 'from': 'p', 'attr': '_iterating', 'to': 'S'}, {'op': 'eq', 'a': 'p', 'b': 'p'}]),
    ('weakcont/found-3.12-774a62e432', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'N', 'finalizer': 'log'}, {'op': 'create', 'name': 'c', 'type': 'WeakValueDictionary'}, {'op': 'create', 'name': 's', 'type': 'N'}, {'op': 'link', 'from': 'c.data', 'key': 'a b', 'to': 's'}, {'op': 'eq', 'a': 'c', 'b': 'c'}]),
    ('weakcont/found-3.12-8e5b1e7e11', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'd', 'type': 'WeakValueDictionary'}, {'op': 'class', 'name': 'Leaf', 'finalizer': 'log'}, {'op': 'unlink', 'from': 'd', 'attr': 'data'}, {'op': 'link', 'from': 'd', 'attr': '_pending_removals', 'to': {'type': 'str', 'value': 'name'}}, {'op': 'create', 'name': 'y', 'type': 'Leaf'}, {'op': 'weakref', 'name': 'wa', 'target': 'y', 'callback': False}, {'op': 'link', 'from': 'd', 'key': {'type': 'bytes', 'value': 'a'}, 'to': {'ref': 'wa'}}]),
    ('weakcont/found-3.12-b296e80151', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'k1', 'value': {'type': 'set', 'value': [1.5, {'type': 'int', 'value': '1237940039285380274899124224'}, None, 'é', False]}}, {'op': 'create', 'name': 'item', 'type': 'WeakValueDictionary'}, {'op': 'link', 'from': 'item', 'attr': '_pending_removals', 'to': 'k1'}, {'op': 'unlink', 'from': 'item', 'key': False}]),
    ('weakcont/found-3.12-bda17ee2a6', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'b', 'type': 'WeakSet'}, {'op': 'class', 'name': 'Node', 'finalizer': 'log'}, {'op': 'link', 'from': 'b', 'attr': 'data', 'to': {'type': 'dict', 'value': {'é': {'type': 'Node'}, 'p': True, 'data': [3.0, {'type': 'int', 'value': '1237940039285380274899124224'}, 1e+16, {'type': 'int', 'value': '0'}, 1]}}}, {'op': 'link', 'from': 'b', 'add': True, 'to': -4611686018427387904}]),
    ('weakcont/found-3.12-dab1b31ca4', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'W'}, {'op': 'create', 'name': 'ws', 'type': 'WeakSet'}, {'op': 'create', 'name': 'obj', 'type': 'W'}, {'op': 'link', 'from': 'ws', 'attr': '_pending_removals', 'to': {'type': 'set', 'value': ['a b']}}, {'op': 'unlink', 'from': 'ws', 'discard': 'obj'}]),
    ('weakcont/found-3.12-f7bb5c4443', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'wk', 'type': 'WeakSet'}, {'op': 'class', 'name': 'W', 'slots': ['__dict__', '__weakref__'], 'finalizer': 'log'}, {'op': 'link', 'from': 'wk.data', 'key': {'type': 'int', 'value': '1000000000000000000000000000000000000000000000000000000000000'}, 'to': 'W'}]),
    ('weakcont/found-3.13-0306ad36fd', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'Node', 'finalizer': 'log'}, {'op': 'create', 'name': 'w', 'type': 'WeakKeyDictionary'}, {'op': 'create', 'name': 'c', 'type': 'Node'}, {'op': 'link', 'from': 'w.data', 'key': 't', 'to': {'ref': 'c'}}, {'op': 'create', 'name': 'e', 'type': 'WeakValueDictionary'}, {'op': 'eq', 'a': 'e', 'b': 'w'}]),
    ('weakcont/found-3.13-037c20a406', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'cache', 'type': 'WeakValueDictionary'}, {'op': 'link', 'from': 'cache', 'attr': '_pending_removals', 'to': 256}, {'op': 'unlink', 'from': 'cache', 'attr': 'data'}, {'op': 'unlink', 'from': 'cache', 'key': 'a b'}]),
    ('weakcont/found-3.13-175251ca9a', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'R', 'finalizer': 'resurrect'}, {'op': 'create', 'name': 'd', 'type': 'WeakValueDictionary'}, {'op': 'link', 'from': 'd.data', 'key': {'type': 'frozenset', 'value': [{'type': 'frozenset', 'value': [False, {'type': 'int', 'value': '123456789012345678901234567890'}, {'type': 'int', 'value': '123456789012345678901234567890'}, 2.5e+22]}, {'type': 'tuple', 'value': [False, {'type': 'bytes', 'value': '97'}]}, {'type': 'int', 'value': '-5'}]}, 'to': 'R'}, {'op': 'eq', 'a': 'd', 'b': 'd'}]),
    ('weakcont/found-3.13-275866fb8c', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'ws', 'type': 'WeakSet'}, {'op': 'class', 'name': 'S', 'slots': ['__dict__', '__weakref__'], 'finalizer': 'log'}, {'op': 'create', 'name': 'd', 'type': 'S'}, {'op': 'link', 'from': 'ws.data', 'key': {'type': 'int', 'value': '123456789012345678901234567890'}, 'to': 'd'}]),
    ('weakcont/found-3.13-6dfaeaf767', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'a', 'type': 'WeakValueDictionary'}, {'op': 'link', 'from': 'a', 'attr': '_pending_removals', 'to': {'type': 'set', 'value': [4611686018427387904, 4611686018427387904]}}, {'op': 'len', 'ref': 'a'}]),
    ('weakcont/found-3.13-7420799b3e', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'S'}, {'op': 'create', 'name': 'z', 'type': 'WeakSet'}, {'op': 'create', 'name': 'node', 'type': 'S'}, {'op': 'create', 'name': 'a', 'type': 'S'}, {'op': 'link', 'from': 'z', 'add': True, 'to': 'node'}, {'op': 'assign', 'name': 'tmp', 'to': 'z.data'}, {'op': 'link', 'from': 'z', 'attr': '_pending_removals', 'to': 'tmp'}, {'op': 'unlink', 'from': 'z', 'discard': 'a'}]),
    ('weakcont/found-3.13-971da92049', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'R', 'finalizer': 'log'}, {'op': 'create', 'name': 'obj', 'type': 'WeakValueDictionary'}, {'op': 'create', 'name': 'm', 'type': 'R'}, {'op': 'link', 'from': 'obj', 'attr': '_pending_removals', 'to': 'm'}, {'op': 'eq', 'a': 'obj', 'b': 'obj'}]),
    ('weakcont/found-3.13-9abe01a5d2', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'F', 'finalizer': 'log'}, {'op': 'create', 'name': 'n', 'type': 'WeakKeyDictionary'}, {'op': 'create', 'name': 'head', 'type': 'F'}, {'op': 'link', 'from': 'n', 'key': {'ref': 'head'}, 'to': [255, {'type': 'set', 'value': [1.5]}, {'type': 'dict', 'value': {}}]}, {'op': 'create', 'name': 'wv', 'type': 'WeakValueDictionary'}, {'op': 'link', 'from': 'wv', 'attr': '_pending_removals', 'to': 'n.data'}, {'op': 'contains', 'in': 'wv', 'key': {'type': 'tuple', 'value': [1, [2]]}}]),
    ('weakcont/found-3.13-ad20977cad', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'Node'}, {'op': 'create', 'name': 'w', 'type': 'WeakSet'}, {'op': 'link', 'from': 'w', 'attr': '_pending_removals', 'to': 'Node'}, {'op': 'eq', 'a': 'w', 'b': 'w'}]),
    ('weakcont/found-3.13-b89eb43b8f', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'o', 'type': 'object', 'attrs': {'x': 1}}, {'op': 'create', 'name': 'head', 'type': 'WeakValueDictionary'}, {'op': 'unlink', 'from': 'head', 'attr': 'data'}, {'op': 'link', 'from': 'head', 'attr': '_pending_removals', 'to': 'o'}, {'op': 'contains', 'in': 'head', 'key': {'ref': 'head'}}]),
    ('weakcont/found-3.12-79e2b08932', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'N', 'finalizer': 'resurrect'}, {'op': 'create', 'name': 'lst', 'value': []}, {'op': 'create', 'name': 'tmp', 'type': 'N', 'attrs': {'next': {'ref': 'lst'}}}, {'op': 'assign', 'name': 'lst', 'to': 'tmp'}, {'op': 'create', 'name': 'tmp', 'type': 'N', 'attrs': {'next': {'ref': 'lst'}}}, {'op': 'assign', 'name': 'lst', 'to': 'tmp'}, {'op': 'create', 'name': 'tmp', 'type': 'N', 'attrs': {'next': {'ref': 'lst'}}}, {'op': 'del', 'name': 'tmp'}, {'op': 'create', 'name': 'y', 'type': 'WeakValueDictionary'}, {'op': 'create', 'name': 'lst', 'type': 'N'}, {'op': 'link', 'from': 'y', 'attr': '_pending_removals', 'to': '_resurrected'}, {'op': 'contains', 'in': 'y', 'key': 'k'}]),
    ('weakcont/found-3.13-faf8fdb64a', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'd', 'type': 'WeakValueDictionary'}, {'op': 'link', 'from': 'd', 'attr': 'data', 'to': 'd'}, {'op': 'eq', 'a': 'd', 'b': 'd.data'}]),
    ('weakcont/found-3.10-6451d6b4cf', [{'op': 'gc', 'enabled': False}, {'op': 'create', 'name': 'n', 'type': 'WeakSet'}, {'op': 'link', 'from': 'n', 'attr': '_pending_removals', 'to': {'type': 'frozenset', 'value': [{'type': 'frozenset', 'value': [{'type': 'frozenset', 'value': [True]}, 2, False, 'k']}, 0, {'type': 'frozenset', 'value': [{'type': 'tuple', 'value': [False, 'q']}, {'type': 'tuple', 'value': [{'type': 'bytes', 'value': '\'"'}]}, 1073741824]}, 's']}}, {'op': 'len', 'ref': 'n'}]),
    ('weakcont/found-3.13-5c36a68a24', [{'op': 'gc', 'enabled': False}, {'op': 'class', 'name': 'R', 'finalizer': 'resurrect'}, {'op': 'create', 'name': 'lst', 'type': 'WeakSet'}, {'op': 'link', 'from': 'lst', 'attr': '_pending_removals', 'to': {'type': 'tuple', 'value': [{'type': 'tuple', 'value': [-257]}, {'ref': 'R'}]}}, {'op': 'len', 'ref': 'lst'}]),
    ("weakcont/item-store-index-bounds", [
        OFF, create("p", None, type=WS), link("p.data", "p", key=T("int", str(-2 ** 63))),
        link("p.data", "p", key=T("int", str(2 ** 63))), {"op": "unlink", "from": "p.data", "key": T("int", str(-2 ** 63 - 1))},
        create("wv", None, type=WV), setattr_("wv", "data", []), link("wv.data", 1, key=T("int", str(-2 ** 63))),
        link("wv", 1, key=T("int", str(-2 ** 63))), link("p", 1, key=T("int", str(2 ** 70)))]),
    # the pending removals, committed through whatever `_pending_removals.pop` is
    ("weakcont/commit-not-a-weakref", [
        OFF, create("wv", None, type=WV), link("wv.data", 5, key="k"), setattr_("wv", "_pending_removals", ["k", "x"]),
        ln("wv"), {"op": "assign", "name": "p", "to": "wv._pending_removals"}, ln("p")]),
    ("weakcont/commit-unhashable-key", [
        OFF, create("wv", None, type=WV), setattr_("wv", "_pending_removals", [[1]]), contains("wv", 1), ln("wv._pending_removals")]),
    ("weakcont/commit-data-not-a-dict", [
        OFF, create("wv", None, type=WV), setattr_("wv", "data", []), setattr_("wv", "_pending_removals", [1]), ln("wv")]),
    ("weakcont/commit-through-a-weakset-pop", [
        OFF, CLS("K"), create("k", None, type="K"), create("ws", None, type=WS), create("ws2", None, type=WS),
        link("ws2", "k", add=True), setattr_("ws", "_pending_removals", "ws2"), {"op": "unlink", "from": "ws", "discard": "k"},
        ln("ws2"), ln("ws")]),
    ("weakcont/commit-through-a-mapping-pop", [
        OFF, create("ws", None, type=WS), create("wv", None, type=WV), setattr_("ws", "_pending_removals", "wv"),
        {"op": "unlink", "from": "ws", "discard": T("int", "5")}]),
    ("weakcont/commit-through-a-list-of-items", [
        OFF, CLS("K"), create("k", None, type="K"), create("ws", None, type=WS), link("ws", "k", add=True),
        setattr_("ws", "_pending_removals", [1, "a", None]), link("ws", "k", add=True), ln("ws"), ln("ws._pending_removals")]),
    ("weakcont/wkd-commit-in-len-after-del", [
        OFF, CLS("K"), create("k", None, type="K"), create("j", None, type="K"), create("wk", None, type=WK),
        link("wk", 1, key={"ref": "k"}), link("wk", 2, key={"ref": "j"}), {"op": "unlink", "from": "wk", "key": {"ref": "j"}},
        setattr_("wk", "_pending_removals", T("tuple", [1, "k"])), ln("wk"), ln("wk._pending_removals"),
        setattr_("wk", "_pending_removals", 5), setattr_("wk", "_dirty_len", True), ln("wk")]),
    # the guard of items() / __iter__ in whatever `_iterating` is
    ("weakcont/iterating-is-a-weakset", [
        OFF, CLS("K"), create("k", None, type="K"), create("ws", None, type=WS), create("g", None, type=WS),
        link("ws", "k", add=True), setattr_("ws", "_iterating", "g"), eq("ws", "ws"), ln("g"),
        create("wv", None, type=WV), setattr_("wv", "_iterating", "g"), link("wv", "k", key="a"), eq("wv", "wv"), ln("g")]),
    ("weakcont/iterating-is-a-dict", [
        OFF, create("wv", None, type=WV), setattr_("wv", "_iterating", T("dict", {})), eq("wv", "wv"),
        create("wk", None, type=WK), setattr_("wk", "_iterating", [1]), eq("wk", "wk")]),
    ("weakcont/iterating-nonempty-defers-removal", [
        OFF, CLS("K", finalizer="log"), create("k", None, type="K"), create("wv", None, type=WV), link("wv", "k", key="a"),
        setattr_("wv", "_iterating", T("set", [1])), {"op": "del", "name": "k"}, ln("wv._pending_removals"),
        ln("wv.data"), contains("wv", "a"), setattr_("wv", "_iterating", T("set", [])), ln("wv"), ln("wv.data")]),
    # calling what data holds
    ("weakcont/values-called", [
        OFF, CLS("R", finalizer="log"), create("wv", None, type=WV), link("wv.data", "R", key="r"),
        contains("wv", "r"), {"op": "assign", "name": "x", "to": "wv['r']"}, eq("wv", "wv"),
        link("wv.data", "wv._remove", key="f"), eq("wv", "wv")]),
    ("weakcont/weakset-data-called", [
        OFF, CLS("R", finalizer="log"), create("ws", None, type=WS), create("w2", None, type=WS),
        setattr_("ws", "data", T("set", [{"ref": "R"}])), eq("ws", "w2"), eq("w2", "ws"), eq("ws", "ws"),
        setattr_("ws", "data", T("set", [1])), eq("w2", "ws"), setattr_("ws", "data", "abc"), eq("w2", "ws")]),
    ("weakcont/mapping-eq-dict-both-ways", [
        OFF, CLS("K"), create("k", None, type="K"), create("wv", None, type=WV), link("wv", "k", key="a"),
        create("d", T("dict", {"a": {"ref": "k"}})), eq("wv", "d"), eq("d", "wv"), create("wk", None, type=WK),
        link("wk", "v", key={"ref": "k"}), eq("wk", "wv"), eq("wv", "wk"), setattr_("wk", "data", T("dict", {"a": {"ref": "K"}})),
        eq("wk", "wv"), setattr_("wv", "data", [1]), eq("wv", "d"), setattr_("wv", "data", T("dict", {"a": [1]})), eq("d", "wv")]),
    ("weakcont/items-replaced-on-the-instance", [
        OFF, create("wv", None, type=WV), setattr_("wv", "items", 5), create("d", T("dict", {})), eq("wv", "d"),
        create("wk", None, type=WK), setattr_("wk", "items", "wv"), eq("d", "wk")]),
    # methods replaced on the instance
    ("weakcont/add-replaced-on-the-instance", [
        OFF, create("l", []), create("ws", None, type=WS), setattr_("ws", "add", "l.append"),
        link("ws", T("int", "7"), add=True), ln("l"), setattr_("ws", "discard", 3),
        {"op": "unlink", "from": "ws", "discard": 1}, create("wv", None, type=WV), link("wv", 1, add=True)]),
    ("weakcont/commit-removals-replaced", [
        OFF, create("wv", None, type=WV), setattr_("wv", "_pending_removals", [1]), setattr_("wv", "_commit_removals", None),
        ln("wv"), create("ws", None, type=WS), setattr_("ws", "_commit_removals", 1), eq("ws", "ws")]),
    # _remove replaced
    ("weakcont/remove-none-or-foreign", [
        OFF, CLS("K", finalizer="log"), create("k", None, type="K"), create("j", None, type="K"), create("wv", None, type=WV),
        setattr_("wv", "_remove", None), link("wv", "k", key="a"), {"op": "del", "name": "k"}, ln("wv"), contains("wv", "a"),
        create("ws", None, type=WS), setattr_("wv", "_remove", "ws._remove"), link("wv", "j", key="b"),
        {"op": "del", "name": "j"}, ln("ws.data"), ln("wv")]),
    ("weakcont/wkd-remove-replaced", [
        OFF, CLS("K", finalizer="log"), create("k", None, type="K"), create("wk", None, type=WK), create("wv", None, type=WV),
        setattr_("wk", "_remove", "wv._remove"), link("wk", 1, key={"ref": "k"}), {"op": "del", "name": "k"}, ln("wk")]),
    # recursion through a container made to reach itself
    ("weakcont/self-reference-recursion", [
        OFF, create("wk", None, type=WK), setattr_("wk", "data", "wk"), eq("wk", "wk"), ln("wk._iterating"),
        contains("wk", 1), create("w2", None, type=WS), setattr_("w2", "data", "w2"), eq("w2", "w2"), ln("w2._iterating")]),
    ("weakcont/weakset-pop-empties-data-list", [
        OFF, CLS("K"), create("k", None, type="K"), create("ws", None, type=WS), create("w2", None, type=WS),
        setattr_("w2", "data", []), setattr_("ws", "_pending_removals", "w2"), link("ws", "k", add=True), ln("ws")]),
    # `wr in self.data` on a str: PyUnicode_Contains names the weakref's tp_name (fuzzer 3.12-f7a7fb0b0b, 3.13-892e3df7e1)
    ("weakcont/contains-data-a-str", [
        OFF, create("wk", None, type=WK), setattr_("wk", "data", T("str", "abc_def")), contains("wk", {"ref": "wk"}),
        create("ws", None, type=WS), setattr_("ws", "data", T("str", "head")), contains("ws", {"ref": "ws"})]),
    # _remove is a function: its attributes live in its __dict__ (fuzzer 3.10-36fcb94319, 3.11-54906787a6,
    # 3.13-0c47a56687)
    ("weakcont/remove-function-attributes", [
        OFF, CLS("S", slots=["x", "y"], finalizer="log"), create("wk", None, type=WK),
        {"op": "assign", "name": "f", "to": "wk._remove"}, setattr_("f", "loop", "f"), setattr_("f", "partner", T("S")),
        {"op": "assign", "name": "p", "to": "f.partner"}, rc("f"), rc("p"), sizeof("f"),
        {"op": "sizeof", "ref": "f", "deep": True}, {"op": "sizeof", "ref": "wk", "deep": True}, delattr_("f", "partner"),
        rc("p"), delattr_("f", "partner"), delattr_("f", "nope"), {"op": "del", "names": ["p", "f"]},
        {"op": "del", "name": "wk"}, COLLECT]),
    # `self.data[key]` on a class: 3.10's PyObject_GetItem says "'type' object is not subscriptable"
    # (fuzzer 3.10-f2dba7a8f7)
    ("weakcont/data-a-class-subscripted", [
        OFF, CLS("Node", slots=["x"]), create("a", None, type=WV), setattr_("a", "data", "Node"), contains("a", 1),
        {"op": "assign", "name": "x", "to": "a[1]"}, {"op": "assign", "name": "y", "to": "Node[0]"}]),
]
