#!/usr/bin/env bash
# make bench: prints the figures; asserts nothing.
#  (a) HTTP: requests/s and p50/p99 latency of a small operation (POST .../len)
#      under wrk on loopback, heapd next to a bare libmicrohttpd+jansson server;
#  (b) the engine: ns per create/link/del and per object of collect() for N in
#      2-cycles, next to CPython 3.11 running the same workload in one process;
#  (c) real memory (RSS) per simulated object.
set -u
cd "$(dirname "$0")/.."
B=build
PY=${CPYTHON311:-$(ls -d "$(pyenv root 2>/dev/null || echo ~/.pyenv)"/versions/3.11.*/bin/python3 2>/dev/null | head -1)}
DUR=${BENCH_SECONDS:-5}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -r)"
echo
echo "== (b, c) engine: N objects in 2-cycles (ns per operation; RSS per object)"
for n in 100000 1000000; do
    $B/bench_core $n
    if [ -n "$PY" ] && [ -x "$PY" ]; then "$PY" bench/bench_cpython.py $n; else echo "python: CPython 3.11 not found"; fi
done
echo
echo "== (a) HTTP: POST /v1/sessions/{sid}/len, wrk -t2 -c32 -d${DUR}s, 4 server threads"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
if ! command -v wrk >/dev/null; then echo "wrk is not installed (apt-get install wrk)"; exit 0; fi
P1=$(port); $B/heapd --port "$P1" --threads 4 2>/dev/null & H=$!
P2=$(port); $B/bare_server "$P2" 4 & R=$!
sleep 0.5
SID=$(curl -s -X POST "http://127.0.0.1:$P1/v1/sessions" | sed -E 's/.*"session":"([^"]+)".*/\1/')
curl -s -X POST "http://127.0.0.1:$P1/v1/sessions/$SID/create" -d '{"name": "x", "value": [1, 2, 3]}' >/dev/null
run() { wrk -t2 -c32 -d"${DUR}s" --latency -s bench/post.lua "$1" 2>&1; }
summ() { awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {printf "%s req/s  p50 %s  p99 %s\n", r, p50, p99}'; }
# alternating rounds, so that a change in the machine's load hits both alike;
# the figure is the median round's ratio
RATIOS=""
for round in 1 2 3; do
    A=$(run "http://127.0.0.1:$P1/v1/sessions/$SID/len")
    Bw=$(run "http://127.0.0.1:$P2/len")
    echo "round $round: heapd       $(echo "$A" | summ)"
    echo "round $round: bare server $(echo "$Bw" | summ)"
    ra=$(echo "$A" | awk '/Requests\/sec/ {print $2}'); rb=$(echo "$Bw" | awk '/Requests\/sec/ {print $2}')
    RATIOS="$RATIOS $(python3 -c "print('%.3f' % ($ra / $rb))")"
done
python3 -c "import sys; r = sorted(map(float, sys.argv[1:])); print('ratio heapd/bare: median %.0f%% (rounds %s)   (goal >= 90%%)' % (100 * r[len(r) // 2], ', '.join('%.0f%%' % (100 * x) for x in map(float, sys.argv[1:]))))" $RATIOS
kill $H $R; wait 2>/dev/null
echo
echo "== (d) the API layer (issue 10): each figure next to its goal and its reference from this run"
python3 bench/bench_http.py "$B/heapd" "$B/bare_server"
