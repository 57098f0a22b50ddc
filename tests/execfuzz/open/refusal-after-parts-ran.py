# A and B FIXED (lead, 2026-12-04 night: heap_stmt_t.unit_one; core/exec.c heap_source_refused()); C open.
# NEW (helper-65, 2026-12-04; tests/stress/budgetcheck.py on a96c378, seeds 4-10, ASan). Not CPython-judged:
# heapd's own refusals (429 limit, 422 unsupported) answered AFTER part of the request ran, where API.md
# and the refusal rule (tests/stress/refusalcheck.py) say a refused statement changes nothing, and
# "valid Python outside the supported subset is 422 ... nothing runs". Not fixed: both fixes belong in
# core/exec.c (check_quotas(), stmt_refused()) or next to api/api.c source_shadowed(), which another
# engineer is changing.
#
# A. 429 after a statement's first part ran (all versions; statements and module mode).
#    heapd --max-objects 4, a 3.13 session, mode "statements", one request each:
#        import gc | a = 1000 | b = 1001 | print(gc.get_count())
#    The last answers 429 limit "objects" ("holds 3 live objects; its limit is 4, and this statement
#    could make up to 2 more") with events [created tuple, destroyed tuple], and GET .../gc's count is
#    [1, 0, 0] where it was [0, 0, 0]; GET .../script leaves the statement out, so the script no
#    longer reproduces the session (3.13's young count decides when collections run).
#    Mechanism: print(gc.get_count()) is two heap statements (api/pyexec.c: the get_count part keeps
#    its tuple, heap_stmt_t.keep; the print part reads it). api/api.c run_exec() runs them as one unit
#    (one_unit: OP_UNIT_BEGIN over the parts), whose quota check (core/exec.c check_quotas() ->
#    stmt_cost() of OP_UNIT_BEGIN) charges only the parts' constants (constants_cost()) and the
#    generic 2 objects; each part is then checked alone in exec_guarded(), so the kept tuple is made
#    before the print part's own check refuses it. Same in module mode for a one-statement source whose
#    unit constants are made (`a.extend(b'xy')` near the bytes quota: events created/destroyed bytes),
#    `c2 = gc.get_count()`, `k14 = id(x)`, f-strings with several computed fields.
#    Fix direction: check_quotas() of a unit that is ONE statement's parts (run_exec()'s one_unit; the
#    module unit of a one-statement source) should charge every part's stmt_cost(), so the statement is
#    refused before its first part runs; a multi-statement module unit keeps "what ran before stays".
#
# B. 422 unsupported after earlier statements ran (all versions, both modes):
#        a = [1]
#        print(a)
#        y = max()
#    answers 422 unsupported "the call max()" at line 3, with results for lines 1-2: `a` is bound, the
#    print event happened and the script holds both. API.md (Python source): "valid Python outside the
#    supported subset is 422 with code unsupported naming the construct and its line; in both cases
#    nothing runs". Mechanism: core/exec.c stmt_refused() decides at run time whether a called builtin
#    name is the builtin (refused) or what the session binds (a call of that object), since an earlier
#    statement of the same source may bind it. Fix direction: before anything runs, a name no statement
#    before it binds (targets, del, class, def, import, for) and the session does not bind is the builtin:
#    refuse the whole source then; only a name an earlier statement may bind needs the run-time check.
#
# C. (minor) 422 budget inside a statement (s = f'{x:>100000}' with --max-work 130000): the events log
#    gains the temporaries made and freed before the budget stopped it; the heap is otherwise as before.
a = [1]
print(a)
y = max()
