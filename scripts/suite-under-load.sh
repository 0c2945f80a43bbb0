#!/usr/bin/env bash
# Runs a test suite several times in a row while another process keeps one core busy, and writes one line per run
# (result, seconds, load average, test counts) to a summary file. Used to check that no test depends on timing.
#
#   scripts/suite-under-load.sh test 10       # npm test, ten runs
#   scripts/suite-under-load.sh test:slow 10  # npm run test:slow
#   scripts/suite-under-load.sh full 10       # npm test, then npm run test:slow, in each run
#   (logs and summary under ${OUT:-/tmp/suite-under-load})
set -uo pipefail
cd "$(dirname "$0")/.."
suite=${1:?suite: test, test:slow or full}
runs=${2:-10}
out=${OUT:-/tmp/suite-under-load}
mkdir -p "$out"
sh -c 'while :; do :; done' &
busy=$!
trap 'kill $busy' EXIT
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  if [ "$suite" = full ]; then
    command=(sh -c 'npm test && npm run test:slow')
  else
    command=(npm run "$suite")
  fi
  if "${command[@]}" >"$out/$suite-$i.log" 2>&1; then result=pass; else result=FAIL; fi
  # One summary line per suite run (the plain reporter's "tests: N passed, ..." line).
  counts=$(grep -a "^tests:" "$out/$suite-$i.log" | tr '\n' ' ')
  echo "$suite run $i: $result in $(($(date +%s) - start)) s; load $(cut -d' ' -f1 /proc/loadavg); $counts" | tee -a "$out/summary.txt"
done
