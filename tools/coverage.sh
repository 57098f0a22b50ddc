#!/usr/bin/env bash
# make coverage: line and branch coverage of core/, api/ and server/ by the
# quick suites. Builds build-cov/ (-O0 --coverage: the server, the unit tests
# and the Python parser's corpus test), clears the counters, runs the unit
# tests, the parser's SyntaxError corpus, and the quick suites against
# build-cov/heapd (HEAPD_BIN; each heapd writes its counters when SIGTERM ends
# it), then writes with gcovr:
#   build-cov/coverage.txt           lines per file
#   build-cov/coverage-branches.txt  branches per file
#   build-cov/coverage.json          everything (gcovr --add-tracefile reads it)
#   build-cov/html/index.html        annotated sources (uncovered lines in red)
# A failing suite is reported and the report still written (coverage is what
# is measured here, not the verdicts: run the suites on build/ for those).
# COVERAGE_SUITES=a,b,... runs only those of the list below.
# COVERAGE_FUZZ=seconds (make fuzzcov) runs the random generators instead of
# the suites, each for that long a version (so many per fuzzer on all four
# versions): what no random program reaches, next to what the suites reach,
# is where the fuzzers are to grow (the reports are build-cov/fuzz-*).
set -u
cd "$(dirname "$0")/.."
OUT=build-cov
LOG=$OUT/logs
mkdir -p "$LOG"
find "$OUT" -name '*.gcda' -delete

export HEAPD_BIN=$OUT/heapd
FAILED=""
suite() {
    local name=$1; shift
    if [ -n "${COVERAGE_SUITES:-}" ] && [[ ",$COVERAGE_SUITES," != *",$name,"* ]]; then
        return
    fi
    local t0=$SECONDS
    "$@" >"$LOG/$name.log" 2>&1
    local rc=$?
    echo "== $name: rc $rc, $((SECONDS - t0)) s (log: $LOG/$name.log)"
    [ "$rc" -eq 0 ] || FAILED="$FAILED $name"
}

if [ -n "${COVERAGE_FUZZ:-}" ]; then
    T=$COVERAGE_FUZZ
    V=3.10,3.11,3.12,3.13
    F=$OUT/fuzz-found
    suite difffuzz python3 tests/difffuzz/difffuzz.py --seconds "$T" --versions $V --out $F/df --minimise none --record ""
    suite crossgen python3 tests/difffuzz/difffuzz.py --gen crossgen --seconds "$T" --versions $V --out $F/cg \
        --minimise none --record ""
    suite rawfuzz python3 tests/execfuzz/rawfuzz.py --seconds "$T" --versions $V --modes module,statements \
        --out $F/raw --no-min --no-record
    suite rawfuzz-ids python3 tests/execfuzz/rawfuzz.py --seconds "$T" --versions $V --modes module --ids \
        --out $F/rawids --no-min --no-record
    # edgefuzz: sources at the edges, most of them not Python (the parser's and the compiler's errors);
    # --plain: HEAPD_BIN (this build) rather than the ASan one; its --seconds is for all versions together
    suite edgefuzz python3 tests/execfuzz/edgefuzz.py --plain --seconds $((T * 4)) --versions $V --seed 1
    suite learnfuzz python3 tests/execfuzz/learnfuzz.py --seconds "$T" --versions $V --out $F/learn --no-min --no-record
    suite execfuzz python3 tests/execfuzz/execfuzz.py --seconds "$T" --versions $V --out $F/exec --no-record
    suite scriptfuzz python3 tests/scriptfuzz/scriptfuzz.py --seconds "$T" --versions $V --out $F/script
    suite stressfuzz python3 tests/difffuzz/stressfuzz.py --seconds "$T" --versions $V
    suite protofuzz python3 tests/protofuzz/protofuzz.py --seconds "$T" --no-record
    GCOVR="gcovr -r . --object-directory $OUT -f core/ -f api/ -f server/ -e core/preinterned_ --gcov-ignore-parse-errors"
    $GCOVR --json "$OUT/fuzz-coverage.json" "$OUT" >/dev/null
    gcovr -r . --add-tracefile "$OUT/fuzz-coverage.json" --txt "$OUT/fuzz-coverage.txt" >/dev/null
    python3 tools/coverage_summary.py "$OUT/fuzz-coverage.json"
    echo "what a fuzzer found: $F; a file's lines no random program ran:"
    echo "  python3 tools/coverage_summary.py $OUT/fuzz-coverage.json --uncovered core/x.c"
    [ -z "$FAILED" ] || echo "fuzzers that failed (a mismatch or a crash; their coverage is counted):$FAILED"
    exit 0
fi

suite unit-core $OUT/tests/test_core
suite unit-api $OUT/tests/test_api
suite pyparse-corpus sh -c "$OUT/pyparse/test_corpus tests/pyparse/corpus | tail -5"
suite pyparse-unit $OUT/pyparse/test_pyparse
for v in 3.10 3.11 3.12 3.13; do
    EXEC_PYTHON=$v suite exec-$v python3 tests/exec/exectest.py
done
suite difffuzz-regressions python3 tests/difffuzz/replay.py
suite execfuzz-regressions python3 tests/execfuzz/replay.py
suite diff python3 tests/diff/difftest.py
suite scriptfuzz-regressions python3 tests/scriptfuzz/replay.py
suite roundtrip python3 tests/exec/roundtrip.py
suite e2e python3 tests/e2e/test_e2e.py
suite limits python3 tests/e2e/test_limits.py
suite protofuzz-regressions python3 tests/protofuzz/regressions.py

# --gcov-ignore-parse-errors: a line whose count gcov prints negative (a
# counter of a build before -fprofile-update=atomic, or one that wrapped) is
# left out rather than failing the report
GCOVR="gcovr -r . --object-directory $OUT -f core/ -f api/ -f server/ -e core/preinterned_ --gcov-ignore-parse-errors"
$GCOVR --json "$OUT/coverage.json" "$OUT" >/dev/null
mkdir -p "$OUT/html"
gcovr -r . --add-tracefile "$OUT/coverage.json" --txt "$OUT/coverage.txt" >/dev/null
gcovr -r . --add-tracefile "$OUT/coverage.json" --html-details "$OUT/html/index.html" >/dev/null
gcovr -r . --add-tracefile "$OUT/coverage.json" --branches --txt "$OUT/coverage-branches.txt" >/dev/null
python3 tools/coverage_summary.py "$OUT/coverage.json"
[ -z "$FAILED" ] || echo "suites that failed (their coverage is counted):$FAILED"
