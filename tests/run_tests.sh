#!/usr/bin/env bash
# Runs every suite and ends with one line "N passed, N failed".
# Suites: unit (core, api), the same under ASan+UBSan, the fuzz corpus and the
# kept sequences replayed under the sanitizers, a bounded sequence-fuzzing
# campaign, the Python parser's unit tests and SyntaxError corpus (plain and
# sanitized) and its fast path against its two-pass parse, end-to-end against the real binary (plain, sanitized, and under
# valgrind), the server's hardening, the concurrency stress under TSan, the differential suites against CPython
# 3.10-3.13 (scenarios, and the differential fuzzer's kept cases), the exec
# fuzzer's kept programs (plain and sanitized), POST .../exec
# against CPython 3.10-3.13 and its round trip through GET .../script (fixed
# scenarios, and the script fuzzer's kept cases, plain and sanitized), the
# independent grader's kept cases (tests/grader), API.md's clauses checked one by
# one (tests/contract), the OpenAPI validation, and
# the protocol fuzzer's regressions and a short round.
# The suites against CPython run in a second lane beside the others (lane_b).
set -u
cd "$(dirname "$0")/.."
PASS=0
FAIL=0
LOG=build/test-logs
mkdir -p "$LOG"

# Adds a suite's counts, read from its "N passed, N failed" line or cmocka's summary.
tally() {
    local name=$1 out=$2 rc=$3 p f
    p=$(grep -Eo '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1 | awk '{print $1}')
    f=$(grep -Eo '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1 | awk '{print $3}')
    if [ -z "$p" ]; then
        p=$(grep -Eo '\[  PASSED  \] [0-9]+' "$out" | awk '{s+=$NF} END {print s+0}')
        f=$(grep -Eo '\[  FAILED  \] [0-9]+ test' "$out" | awk '{s+=$3} END {print s+0}')
    fi
    if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then f=1; fi   # a crash is a failure
    PASS=$((PASS + ${p:-0}))
    FAIL=$((FAIL + ${f:-0}))
    local took=""
    [ -f "$out.secs" ] && took=" in $(cat "$out.secs") s"
    echo "== $name: ${p:-0} passed, ${f:-0} failed$took (log: $out)"
    grep -E '^(FAIL|SKIP)|\[  FAILED  \]|ERROR|runtime error|AddressSanitizer' "$out" | head -40
}

# A suite's wall time, next to its log (the tally line says it: what to
# trim when make test nears its 15 minutes)
timed() {
    local secs=$1 out=$2; shift 2
    local t0=$SECONDS rc
    "$@" >"$out" 2>&1
    rc=$?
    echo $((SECONDS - t0)) >"$secs"
    return $rc
}

run() {
    local name=$1; shift
    local out="$LOG/$name.log"
    timed "$out.secs" "$out" "$@"
    tally "$name" "$out" $?
}

# Lane B runs the suites against real CPython (each a long sequence of
# interpreter runs) beside lane A's, on two cores: the whole takes about the
# longer lane instead of their sum. Each lane has its own half of
# HEAPD_TEST_PORTS (or, without it, lane A the kernel's ephemeral ports and
# lane B 24000-24999, below them), so their servers never meet. bg records a
# suite's log and exit status; they are counted, in order, after lane A.
bg() {
    local name=$1; shift
    echo "$name" >>"$LOG/lane-b.list"
    timed "$LOG/$name.log.secs" "$LOG/$name.log" "$@"
    echo $? >"$LOG/$name.rc"
}
PORTS=${HEAPD_TEST_PORTS:-}
if [[ $PORTS =~ ^([0-9]+)-([0-9]+)$ ]] && [ $((BASH_REMATCH[2] - BASH_REMATCH[1])) -ge 20 ]; then
    MID=$(((BASH_REMATCH[1] + BASH_REMATCH[2]) / 2))
    PORTS_A="${BASH_REMATCH[1]}-$MID"
    PORTS_B="$((MID + 1))-${BASH_REMATCH[2]}"
else
    PORTS_A=""
    PORTS_B="24000-24999"
fi

lane_b() {
    bg diff python3 tests/diff/difftest.py
    bg difffuzz-regressions python3 tests/difffuzz/replay.py
    # the exec fuzzer's kept programs (POST .../exec against CPython 3.10-3.13), and again under the sanitizers
    bg execfuzz-regressions python3 tests/execfuzz/replay.py
    bg execfuzz-compile-errors python3 tests/execfuzz/replay_compile.py
    HEAPD_BIN=build-asan/heapd bg execfuzz-regressions-asan python3 tests/execfuzz/replay.py --asan
    HEAPD_BIN=build-asan/heapd bg difffuzz-crashes-asan python3 tests/difffuzz/replay.py --asan tests/difffuzz/regressions/crash-*.json
    HEAPD_BIN=build-asan/heapd DIFF_RANDOM=20 bg diff-asan python3 tests/diff/difftest.py
    DIFF_PYTHON=3.10 DIFF_RANDOM=30 bg diff-3.10 python3 tests/diff/difftest.py
    DIFF_PYTHON=3.12 DIFF_RANDOM=30 bg diff-3.12 python3 tests/diff/difftest.py
    DIFF_PYTHON=3.13 DIFF_RANDOM=30 bg diff-3.13 python3 tests/diff/difftest.py
    # POST .../exec against each CPython (a missing interpreter fails its section),
    # once more under the sanitizers, and the round trip ops -> GET .../script -> CPython
    for v in 3.10 3.11 3.12 3.13; do
        EXEC_PYTHON=$v bg exec-$v python3 tests/exec/exectest.py
    done
    HEAPD_BIN=build-asan/heapd EXEC_PYTHON=3.11 bg exec-asan python3 tests/exec/exectest.py
    # the 3.12+ parser's f-strings (a debug field in a format spec read freed memory, 2026-12-03)
    HEAPD_BIN=build-asan/heapd EXEC_PYTHON=3.13 EXEC_ONLY=fstring bg exec-asan-fstrings-3.13 python3 tests/exec/exectest.py
    # coding cookies: every name of each CPython's codec registry, against its compile()
    bg exec-codecs python3 tests/exec/codectest.py
    EXEC_PYTHON=3.11 bg roundtrip-3.11 python3 tests/exec/roundtrip.py
    for v in 3.10 3.12 3.13; do
        EXEC_PYTHON=$v ROUNDTRIP_PREFIX=seed/,facts/,issue8/ bg roundtrip-$v python3 tests/exec/roundtrip.py
    done
    # the script round trip's fuzzer's kept cases (tests/scriptfuzz/regressions/), and the small ones sanitized
    bg scriptfuzz-regressions python3 tests/scriptfuzz/replay.py
    HEAPD_BIN=build-asan/heapd bg scriptfuzz-regressions-asan python3 tests/scriptfuzz/replay.py --asan \
        tests/scriptfuzz/regressions/id*.json tests/scriptfuzz/regressions/traceback-held-finalizer.json
    # the independent grader's kept cases (tests/grader/cases/, each against its CPython versions)
    bg grader-cases python3 tests/grader/grader.py --replay
    # API.md clause by clause where the random suites do not reach (tests/contract: value
    # spec and operation tables against CPython 3.10-3.13, the event log's consistency, reads,
    # batch, events?after=, error shapes, CORS)
    bg contract python3 tests/contract/contract_test.py
    if command -v npm >/dev/null 2>&1; then
        if (cd tests/openapi && npm install --silent --no-audit --no-fund >/dev/null 2>&1); then
            bg openapi node tests/openapi/validate.js api/openapi.json
        else
            bg openapi sh -c 'echo "FAIL: npm install failed (is the npm registry reachable?)"; exit 1'
        fi
    else
        bg openapi sh -c 'echo "FAIL: npm is not installed (make test installs it)"; exit 1'
    fi
}
rm -f "$LOG"/*.rc "$LOG"/*.secs "$LOG/lane-b.list"
HEAPD_TEST_PORTS=$PORTS_B lane_b &
LANE_B=$!
export HEAPD_TEST_PORTS=$PORTS_A

run unit-core build/tests/test_core
run unit-api build/tests/test_api
run unit-core-asan build-asan/tests/test_core
run unit-api-asan build-asan/tests/test_api
run fuzz-replay-asan build-asan/fuzz_replay tests/fuzz/corpus/* tests/fuzz/regressions/*
run seqfuzz-replay-asan build-asan/seqfuzz --replay tests/fuzz/seq-regressions/*
run seqfuzz-asan build-asan/seqfuzz --seconds "${SEQFUZZ_TEST_SECONDS:-60}"
run pyparse-unit build/pyparse/test_pyparse
run pyparse-corpus sh -c 'build/pyparse/test_corpus tests/pyparse/corpus | awk "/passed, / {p += \$2; f += \$4} {print} END {print p \" passed, \" f \" failed\"; exit f > 0}"'
run pyparse-depth sh -c 'build/pyparse/test_corpus tests/pyparse/depth-corpus | awk "/passed, / {p += \$2; f += \$4} {print} END {print p \" passed, \" f \" failed\"; exit f > 0}"'
run pyparse-corpus-asan sh -c 'build/pyparse/asan/test_corpus tests/pyparse/corpus | awk "/passed, / {p += \$2; f += \$4} {print} END {print p \" passed, \" f \" failed\"; exit f > 0}"'
run pyparse-fast build/pyparse/test_fast tests/pyparse/corpus/3.10.json tests/pyparse/corpus/3.11.json \
    tests/pyparse/corpus/3.12.json tests/pyparse/corpus/3.13.json build/pyparse/fast-cases
run e2e python3 tests/e2e/test_e2e.py
run hardening python3 tests/e2e/test_hardening.py
run limits python3 tests/e2e/test_limits.py
HEAPD_BIN=build-asan/heapd HEAPD_SANITIZED=1 run limits-asan python3 tests/e2e/test_limits.py
HEAPD_BIN=build-asan/heapd HEAPD_SANITIZED=1 run e2e-asan python3 tests/e2e/test_e2e.py
if command -v valgrind >/dev/null 2>&1; then
    HEAPD_VALGRIND=1 run e2e-valgrind python3 tests/e2e/test_e2e.py
else
    echo "== e2e-valgrind: FAIL, valgrind is not installed (make test installs it)"; FAIL=$((FAIL + 1))
fi
# the protocol fuzzer's findings as fixed cases (plain and sanitized), and a 30-second seeded round
run protofuzz-regressions python3 tests/protofuzz/regressions.py
HEAPD_BIN=build-asan/heapd HEAPD_SANITIZED=1 run protofuzz-regressions-asan python3 tests/protofuzz/regressions.py
PROTOFUZZ_REQUEST_LIMIT=10 run protofuzz-round python3 tests/protofuzz/protofuzz.py --seconds 30 --round-seconds 15 \
    --seed 1 --no-record --found build/protofuzz-found
# the concurrency stress against the TSan build: 20 s of the mix, then each
# stopping signal under load (tests/stress/stress.py; make stress runs it longer)
run stress-tsan python3 tests/stress/stress.py --binary build-tsan/heapd --seconds 20
for s in TERM INT HUP; do
    run stress-tsan-sig$s python3 tests/stress/stress.py --binary build-tsan/heapd --seconds 5 --signal $s
done
wait "$LANE_B"
while read -r name; do
    tally "$name" "$LOG/$name.log" "$(cat "$LOG/$name.rc" 2>/dev/null || echo 1)"
done <"$LOG/lane-b.list"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
