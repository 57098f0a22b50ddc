# NEW (rawfuzz --ids seed 9101, 2026-12-04: rawids-3.12-module-9101035541; all versions).
# `(1000, 2000) + (3000,)` and `(7000,) * 2`: ast_opt.c folds bottom-up, so fold_tuple() first makes
# the operand tuples (1000, 2000) and (3000,) (make_const(): objects the AST's arena alone holds,
# freed with it after the code ran), then the fold of the operation makes the result from their
# items. The operand tuples hold references to the items until then: CPython's
# sys.getrefcount(1000) is 5 (the literal's arena reference, the operand tuple, the folded result
# in co_consts, co_consts' own 1000 merged with it, the argument); heapd's is 4 (api/pyexec.c
# fold_seq() keeps only the result's spec; compile_const() never makes the operands).
# Observed (module mode, all of 3.10-3.13):  CPython 5 / 5 / 6   heapd 4 / 4 / 5
# Fix sketch: a folded tuple spec keeps its operand specs (spec_t has no room without growing
# past 128 bytes: the batch's RSS per op), compile_const() makes them first (their items
# deduplicated as the result's, the tuples themselves arena-held, not merged), the result's
# items then not arena-held twice. str/bytes operands are unreachable (only their blocks).
import gc, sys, weakref
gc.collect()
v1 = (1000, 2000) + (3000,)
print(sys.getrefcount(1000))
print(sys.getrefcount(3000))
v2 = (7000,) * 2
print(sys.getrefcount(7000))
print('@@END')
