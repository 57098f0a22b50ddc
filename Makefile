# heapd — a simulated CPython heap over HTTP. See README.md.
CC ?= cc
CFLAGS ?= -O2 -g
WARN = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter
BUILD ?= build
DEBIAN_PKGS = build-essential libmicrohttpd-dev libjansson-dev libcmocka-dev curl pkg-config clang libclang-rt-14-dev valgrind clang-format cppcheck

CORE_SRC = $(wildcard core/*.c)
API_SRC = $(wildcard api/*.c)
SERVER_SRC = $(wildcard server/*.c)

CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o)
API_OBJ = $(API_SRC:%.c=$(BUILD)/%.o)
SERVER_OBJ = $(SERVER_SRC:%.c=$(BUILD)/%.o)

LIBS = -ljansson -lmicrohttpd -lm -lpthread

.PHONY: all deps run test check unit asan tsan stress refusalcheck e2e diff difffuzz execfuzz learnfuzz edgefuzz rawfuzz scriptfuzz protofuzz matrix grader bench fuzz seqfuzz lint coverage fuzzcov clean

all: $(BUILD)/heapd

# Installs the Debian packages the build and the tests need, when missing.
deps:
	@missing=""; for p in $(DEBIAN_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -Icore -Iapi -MMD -MP -c $< -o $@

-include $(wildcard $(BUILD)/*/*.d)

$(BUILD)/libheapcore.a: $(CORE_OBJ)
	ar rcs $@ $^

$(BUILD)/heapd: $(CORE_OBJ) $(API_OBJ) $(SERVER_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/api/openapi.o: api/openapi.json

# Unit tests (cmocka) link the engine and the api layer directly.
$(BUILD)/tests/test_core: tests/unit/test_core.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -Icore -Iapi $^ -lcmocka -lm -o $@

$(BUILD)/tests/test_api: tests/unit/test_api.c $(CORE_OBJ) $(API_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -Icore -Iapi $^ -lcmocka $(LIBS) -o $@

unit: $(BUILD)/tests/test_core $(BUILD)/tests/test_api

# The same build with AddressSanitizer and UndefinedBehaviorSanitizer.
SAN = -DHEAPD_CHECKED -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
asan:
	$(MAKE) BUILD=build-asan CFLAGS="$(SAN)" build-asan/heapd build-asan/tests/test_core build-asan/tests/test_api build-asan/fuzz_replay build-asan/seqfuzz

# The server with ThreadSanitizer (clang's runtime, from libclang-rt-14-dev):
# the build the concurrency stress (tests/stress) is meant for.
TSAN = -DHEAPD_CHECKED -O1 -g -fsanitize=thread -fno-omit-frame-pointer
tsan:
	$(MAKE) BUILD=build-tsan CC=clang CFLAGS="$(TSAN)" build-tsan/heapd

# make check: unit and end-to-end suites under the sanitizers.
check: deps asan
	build-asan/tests/test_core && build-asan/tests/test_api
	HEAPD_BIN=build-asan/heapd HEAPD_SANITIZED=1 python3 tests/e2e/test_e2e.py

# make test: every suite; the last line is "N passed, N failed".
# make lint: the C sources as .clang-format lays them out, and cppcheck's
# warnings (both fail the target; `clang-format -i` fixes the first).
LINT_SRC = $(filter-out core/preinterned_%,$(wildcard core/*.[ch] api/*.[ch] server/*.[ch] tests/unit/*.c tests/fuzz/*.c bench/*.c))
lint: deps
	clang-format --dry-run --Werror $(LINT_SRC)
	cppcheck --enable=warning,performance,portability --error-exitcode=1 --inline-suppr -q \
	  -D_GNU_SOURCE --std=c11 -Icore -Iapi core api server

test: deps
	$(MAKE) lint
	$(MAKE) all unit
	python3 tools/layers.py $(BUILD)/core
	$(MAKE) asan
	$(MAKE) tsan
	$(MAKE) -C tests/pyparse OUT=$(CURDIR)/build/pyparse $(CURDIR)/build/pyparse/test_corpus \
	  $(CURDIR)/build/pyparse/test_pyparse $(CURDIR)/build/pyparse/asan/test_corpus \
	  $(CURDIR)/build/pyparse/test_fast $(CURDIR)/build/pyparse/fast-cases
	tests/run_tests.sh

$(BUILD)/bench_core: bench/bench_core.c $(CORE_OBJ)
	$(CC) $(WARN) $(CFLAGS) -Icore $^ -lm -o $@

$(BUILD)/bare_server: bench/bare_server.c
	$(CC) $(WARN) $(CFLAGS) $< -ljansson -lmicrohttpd -o $@

# make bench: figures only (bench/run_bench.sh); wrk comes from Debian.
bench: deps
	@command -v wrk >/dev/null || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; $$SUDO apt-get install -y -qq wrk; }
	$(MAKE) all $(BUILD)/bench_core $(BUILD)/bare_server
	bench/run_bench.sh

# make fuzz: libFuzzer (clang, ASan+UBSan, UBSan fatal) on api_handle() for
# FUZZ_SECONDS, with tests/fuzz/api.dict (every op, field, value-spec type,
# reference-path piece and the /exec subset's words; tests/fuzz/seeds.py
# --dict rewrites it) and seeded from every request the suites send
# (tests/fuzz/seeds.py --out build/fuzz-seeds); crashers land in
# build/fuzz-artifacts — keep each as tests/fuzz/regressions/<name>.
FUZZ_SECONDS ?= 60
FUZZ_SRC = tests/fuzz/fuzz_api.c $(CORE_SRC) $(API_SRC)
FUZZ_SAN = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
build/fuzz_api: $(FUZZ_SRC) $(wildcard core/*.h api/*.h) api/openapi.json
	@mkdir -p build/fuzz-artifacts build/fuzz-corpus
	clang -std=c11 -D_GNU_SOURCE -DHEAPD_CHECKED -g -O1 $(FUZZ_SAN) -Icore -Iapi $(FUZZ_SRC) -ljansson -lm -lpthread -o $@

fuzz: deps build/fuzz_api
	python3 tests/fuzz/seeds.py --out build/fuzz-seeds
	nice -n 10 build/fuzz_api -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -timeout=30 -rss_limit_mb=2048 \
	  -dict=tests/fuzz/api.dict -artifact_prefix=build/fuzz-artifacts/ \
	  build/fuzz-corpus tests/fuzz/corpus tests/fuzz/regressions build/fuzz-seeds

build-asan/fuzz_replay: tests/fuzz/replay.c tests/fuzz/fuzz_api.c $(CORE_SRC) $(API_SRC) $(wildcard core/*.h api/*.h) api/openapi.json
	@mkdir -p build-asan
	$(CC) $(WARN) $(SAN) -Icore -Iapi tests/fuzz/replay.c tests/fuzz/fuzz_api.c $(CORE_SRC) $(API_SRC) -ljansson -lm -lpthread -o $@

# make seqfuzz: the sequence fuzzer (tests/fuzz/seqfuzz.c) under ASan+UBSan and
# heap_check() for SEQFUZZ_SECONDS; findings land in build/seqfuzz-findings —
# keep each as tests/fuzz/seq-regressions/<name>.txt (replayed by make test).
SEQFUZZ_SECONDS ?= 600
build-asan/seqfuzz: tests/fuzz/seqfuzz.c $(CORE_SRC) $(API_SRC) $(wildcard core/*.h api/*.h) api/openapi.json
	@mkdir -p build-asan build/seqfuzz-findings
	$(CC) $(WARN) $(SAN) -Icore -Iapi tests/fuzz/seqfuzz.c $(CORE_SRC) $(API_SRC) -ljansson -lm -lpthread -o $@

seqfuzz: deps
	$(MAKE) build-asan/seqfuzz
	build-asan/seqfuzz --seconds $(SEQFUZZ_SECONDS)

# make difffuzz: the differential fuzzer (tests/difffuzz) against the installed
# CPythons for SECONDS per version (niced); minimised mismatches land in
# tests/difffuzz/found/, the figures in tests/difffuzz/campaigns.jsonl and
# FIGURES.md. Fails on a crash or a mismatch in no known category. Not part of
# make test, which replays tests/difffuzz/regressions/.
SECONDS ?= 600
VERSIONS ?= 3.10,3.11,3.12,3.13
SEED ?= $(shell date +%s)
difffuzz: all
	nice python3 tests/difffuzz/difffuzz.py --seconds $(SECONDS) --versions $(VERSIONS) --seed $(SEED) \
	  $(if $(ASAN),--asan,); rc=$$?; python3 tests/difffuzz/figures.py; exit $$rc

# make execfuzz: random Python programs through POST .../exec (both modes) and the
# real CPythons, for SECONDS per version of VERSIONS (niced); ASAN=1 runs
# build-asan/heapd. Minimised findings land in tests/execfuzz/found/, the
# figures in tests/execfuzz/campaigns.jsonl. Not part of make test, which
# replays tests/execfuzz/regressions/.
execfuzz: all
	$(if $(ASAN),$(MAKE) asan,)
	nice python3 tests/execfuzz/execfuzz.py --seconds $(SECONDS) --versions $(VERSIONS) --seed $(SEED) \
	  $(if $(ASAN),--asan,)

# make learnfuzz: exercise-shaped programs (tests/execfuzz/learnfuzz.py: the
# seed chapter's cells and what graders ask around them, some written as
# learners do, outside the subset) through POST .../exec (both modes) and the
# real CPythons (runner.py and a real script), for SECONDS per version of
# VERSIONS (niced); ASAN=1 runs build-asan/heapd. Minimised findings land in
# tests/execfuzz/found/learn-*, the figures (and the unsupported constructs
# met) in tests/execfuzz/learncampaigns.jsonl. Not part of make test, which
# replays tests/execfuzz/regressions/.
learnfuzz: all
	$(if $(ASAN),$(MAKE) asan,)
	nice -n 10 python3 tests/execfuzz/learnfuzz.py --seconds $(SECONDS) --versions $(VERSIONS) --seed $(SEED) \
	  $(if $(ASAN),--asan,)

# make edgefuzz: crash and stall hunting with Python sources at the edges
# (tests/execfuzz/edgegen.py: deep nesting of every construct, long lines and
# literals, unicode, numeric and string literal edges, line structure, folding
# limits, loops and recursion, finalizers) in both modes, and with OPS=1 JSON
# operations at the edges (edgeops.py), against build-asan/heapd (PLAIN=1:
# build/heapd) for SECONDS, niced; syntax errors are checked against compile()
# of each version of VERSIONS. Findings land in tests/execfuzz/found/edge-*;
# kept ones become exec cases or execfuzz regressions, which make test replays.
edgefuzz: all asan
	nice -n 10 python3 tests/execfuzz/edgefuzz.py --seconds $(SECONDS) --versions $(VERSIONS) --seed $(SEED) \
	  $(if $(PLAIN),--plain,) $(if $(OPS),--ops,) --judge $(or $(JUDGE),0.1)

# make matrix: every operation x receiver kind x argument kind (tests/matrix)
# through heapd (JSON operations, and POST .../exec in both modes for every
# EXEC_EVERY-th cell) against each CPython of VERSIONS (niced); ASAN=1 runs
# build-asan/heapd. Fails on a mismatching cell. Not part of make test (it
# takes minutes per version); its findings are kept in
# tests/difffuzz/regressions/ and tests/execfuzz/regressions/, which it replays.
EXEC_EVERY ?= 7
matrix: all
	$(if $(ASAN),$(MAKE) asan,)
	nice python3 tests/matrix/matrix.py --versions $(VERSIONS) --exec-every $(EXEC_EVERY) \
	  $(if $(ASAN),--asan,)

# make grader: an independent grader's differential test of the JSON operations
# (tests/grader: its own generator and Python translation, written from API.md
# and the teaching material), for SECONDS per version of VERSIONS (niced); SEED
# fixes the sequences; ASAN=1 runs build-asan/heapd. Minimised findings land
# in tests/grader/found/. make test replays tests/grader/cases/.
grader: all
	$(if $(ASAN),$(MAKE) asan,)
	nice -n 10 python3 tests/grader/grader.py --seconds $(SECONDS) --versions $(VERSIONS) --seed $(SEED) \
	  $(if $(ASAN),--asan,)

# make rawfuzz: random programs through POST .../exec (both modes) and as plain
# scripts the real CPythons run (tests/execfuzz/rawfuzz.py), SECONDS per version
# of VERSIONS (niced); IDS=1 prints id() and gc.get_count() too (the pattern of
# addresses compared; module mode: README's statements-mode deviation); ASAN=1
# runs build-asan/heapd. Findings land in
# tests/execfuzz/found/raw*; kept ones become exec cases or execfuzz regressions.
rawfuzz: all
	$(if $(ASAN),$(MAKE) asan,)
	nice python3 tests/execfuzz/rawfuzz.py --seconds $(SECONDS) --versions $(VERSIONS) --seed $(SEED) \
	  $(if $(IDS),--ids --modes module,) $(if $(ASAN),--asan,)

# make scriptfuzz: the round trip of GET .../script over random sequences
# (difffuzz operations with execfuzz sources): heapd's answers, then the
# session's script in the real CPython with a recorder, every answer
# compared; SECONDS per version of VERSIONS (niced); ASAN=1 runs
# build-asan/heapd. Minimised findings land in tests/scriptfuzz/found/. Not
# part of make test, which replays tests/scriptfuzz/regressions/.
scriptfuzz: all
	$(if $(ASAN),$(MAKE) asan,)
	nice python3 tests/scriptfuzz/scriptfuzz.py --seconds $(SECONDS) --versions $(VERSIONS) --seed $(SEED) \
	  $(if $(ASAN),--asan,)

# make protofuzz: the protocol-surface fuzzer (tests/protofuzz): heapd with small random
# limits per round, random motifs over sessions' options, DELETE, 413/429, CORS,
# /healthz, /metrics, /v1/openapi.json, query options and ids in batches, every
# answer checked against api/openapi.json, reprs against CPython; for SECONDS,
# niced; ASAN=1 runs build-asan/heapd. Findings land in tests/protofuzz/found/,
# the figures in tests/protofuzz/campaigns.jsonl. Not part of make test, which
# runs tests/protofuzz/regressions.py and a 30-second round.
protofuzz: all
	$(if $(ASAN),$(MAKE) asan,)
	nice python3 tests/protofuzz/protofuzz.py --seconds $(SECONDS) --seed $(SEED) $(if $(ASAN),--asan,)

# make stress: the concurrency stress (tests/stress/stress.py, niced) for SECONDS
# against each of build-tsan/heapd and build-asan/heapd (any sanitizer report,
# crash, stall or wrong answer fails), then build/heapd for SECONDS with the RSS
# plateau check, then SIGTERM, SIGINT and SIGHUP each under 20 s of load on the
# TSan build. SEED=n repeats a mix. make test runs a short version.
stress: deps
	$(MAKE) all tsan asan
	nice python3 tests/stress/stress.py --binary build-tsan/heapd --seconds $(SECONDS) --seed $(SEED)
	nice python3 tests/stress/stress.py --binary build-asan/heapd --seconds $(SECONDS) --seed $(SEED)
	nice python3 tests/stress/stress.py --binary $(BUILD)/heapd --seconds $(SECONDS) --seed $(SEED) --rss-check
	for s in TERM INT HUP; do \
	  nice python3 tests/stress/stress.py --binary build-tsan/heapd --seconds 20 --seed $(SEED) --signal $$s || exit 1; \
	done

# make refusalcheck: tests/stress/refusalcheck.py against build-asan/heapd for
# REQUESTS random requests from SEED: every request refused whole must leave
# the session reading the same (summary, objects, gc, script, events). Not
# part of make test.
REQUESTS ?= 500
refusalcheck: deps asan
	python3 tests/stress/refusalcheck.py $(SEED) $(REQUESTS)

# make coverage: line and branch coverage of core/, api/ and server/ by the
# quick suites (tools/coverage.sh): build-cov/ is the server, the unit tests
# and the parser's corpus test at -O0 --coverage; the suites run against
# build-cov/heapd; gcovr (Debian's, installed when missing) writes
# build-cov/coverage.txt, coverage-branches.txt, coverage.json and html/.
# COVERAGE_SUITES=exec-3.11,e2e,... runs only those. Not part of make test.
COV = -O0 -g --coverage -fprofile-update=atomic
coverage: deps
	@command -v gcovr >/dev/null || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; $$SUDO apt-get install -y -qq gcovr; }
	$(MAKE) all
	@mkdir -p build-cov; [ "$$(cat build-cov/.cflags 2>/dev/null)" = "$(COV)" ] || { rm -rf build-cov; mkdir -p build-cov; echo "$(COV)" >build-cov/.cflags; }
	$(MAKE) BUILD=build-cov CFLAGS="$(COV)" build-cov/heapd build-cov/tests/test_core build-cov/tests/test_api
	$(MAKE) -C tests/pyparse OUT=$(CURDIR)/build-cov/pyparse CFLAGS="$(COV)" $(CURDIR)/build-cov/pyparse/test_corpus \
	  $(CURDIR)/build-cov/pyparse/test_pyparse
	tools/coverage.sh

# make fuzzcov: the same build, run by the random generators instead of the
# suites (FUZZ_SECONDS a version each, 60): build-cov/fuzz-coverage.*
fuzzcov: deps
	@command -v gcovr >/dev/null || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; $$SUDO apt-get install -y -qq gcovr; }
	$(MAKE) all
	@mkdir -p build-cov; [ "$$(cat build-cov/.cflags 2>/dev/null)" = "$(COV)" ] || { rm -rf build-cov; mkdir -p build-cov; echo "$(COV)" >build-cov/.cflags; }
	$(MAKE) BUILD=build-cov CFLAGS="$(COV)" build-cov/heapd
	COVERAGE_FUZZ=$(FUZZ_SECONDS) tools/coverage.sh

e2e: all
	python3 tests/e2e/test_e2e.py

diff: all
	python3 tests/diff/difftest.py

run: deps
	$(MAKE) all
	$(BUILD)/heapd

clean:
	rm -rf build build-asan build-tsan build-cov
