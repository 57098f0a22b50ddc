# NEW (helper-67, 2026-12-04; all versions): for tests/difffuzz/gen.py, which helper-67 was not to edit.
# API.md's create takes "type"? and "value"? (both optional) and writes {"type": "ClassName"} as
# ClassName(): a JSON value naming a builtin type heapd simulates with no "value" is now that type
# called with no argument, as POST .../exec's `list()` is (api/request.c typed_spec(); 400 before:
# "a list's 'value' must be an array"). gen.py's BAD_VALUES still lists {"type": "str"} and
# {"type": "list"} as values every request refuses with 400 ("$bad" steps): they now answer 200, so
# those two entries should move out of BAD_VALUES (into the value specs generated, if wanted).
# The JSON operations and what CPython answers (tests/contract value-specs checks them):
#   {"op": "create", "name": "a", "type": "list"}      a = list()      -> [] (not from the free list)
#   {"op": "create", "name": "s", "type": "str"}       s = str()       -> '' (the shared empty str)
#   {"op": "create", "name": "d", "value": [{"type": "dict"}, {"type": "set"}]}   d = [dict(), set()]
a = list()
s = str()
d = [dict(), set()]
print(a, repr(s), d)
print('@@END')
