#!/usr/bin/env bash
# Runs a test suite several times in a row while another process keeps one core busy, and writes one line per run
# (result, seconds, load average, test counts) to a summary file. Used to check that no test depends on timing.
#
#   scripts/suite-under-load.sh test 10       # npm test, ten runs
#   scripts/suite-under-load.sh test:slow 10  # npm run test:slow
#   (logs and summary under ${OUT:-/tmp/suite-under-load})
set -uo pipefail
cd "$(dirname "$0")/.."
suite=${1:?suite: test or test:slow}
runs=${2:-10}
out=${OUT:-/tmp/suite-under-load}
mkdir -p "$out"
sh -c 'while :; do :; done' &
busy=$!
trap 'kill $busy' EXIT
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  if npm run "$suite" >"$out/$suite-$i.log" 2>&1; then result=pass; else result=FAIL; fi
  counts=$(grep -a "tests:" "$out/$suite-$i.log" | tail -1)
  echo "$suite run $i: $result in $(($(date +%s) - start)) s; load $(cut -d' ' -f1 /proc/loadavg); $counts" | tee -a "$out/summary.txt"
done
