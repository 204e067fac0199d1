#!/usr/bin/env bash
# Two-process ZeroMQ PUSH -> PULL throughput over loopback, complex64 with
# tags: flowrun to flowrun, and GNU Radio to GNU Radio (if installed), in
# turns, ROUNDS times each. Prints MB/s of items (8 bytes each) per run:
# the receiver's wall time from its start, both processes started together
# (flowrun's sender ends after the items with the end-of-stream mark;
# GNU Radio's runs until the receiver has its items, see gr_zmq.py).
#
#   bash blocks/testdata/zmqbench/run.sh [ITEMS [ROUNDS]]
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-200e6}
rounds=${2:-5}
bin=$(mktemp -d)/flowrun
trap 'rm -rf "$(dirname "$bin")"' EXIT
(cd ../../.. && go build -o "$bin" ./cmd/flowrun)
items=$(python3 -c "print(int(float('$n')))")
mbs() { python3 -c "print(f'{$items*8/1e6/$1:.0f}')"; }
run_flowrun() {
  local t0 t1
  "$bin" run push.yaml --set n="$n" --stats none --progress off >/dev/null 2>&1 &
  t0=$(date +%s.%N)
  "$bin" run pull.yaml --set n="$n" --stats none --progress off >/dev/null 2>&1
  t1=$(date +%s.%N)
  wait
  mbs "$(python3 -c "print($t1-$t0)")"
}
run_gnuradio() {
  local t0 t1 pid
  /usr/bin/python3 gr_zmq.py push tcp://127.0.0.1:5556 &
  pid=$!
  t0=$(date +%s.%N)
  /usr/bin/python3 gr_zmq.py pull "$n" tcp://127.0.0.1:5556
  t1=$(date +%s.%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  mbs "$(python3 -c "print($t1-$t0)")"
}
have_gr=false
/usr/bin/python3 -c 'import gnuradio.zeromq' 2>/dev/null && have_gr=true
for r in $(seq "$rounds"); do
  printf 'round %s: flowrun %s MB/s' "$r" "$(run_flowrun)"
  if $have_gr; then printf ', GNU Radio %s MB/s' "$(run_gnuradio)"; fi
  echo
done
