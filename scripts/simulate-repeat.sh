#!/usr/bin/env bash
# Runs the seed campaign's simulation with --out N times in a row (default 20), printing each run's
# time, and stops at the first run that fails or stalls (issue 17: "Twenty consecutive runs of that
# `simulate … --out` finish"). A stall fails inside `simulate` (no progress for --stall-timeout,
# default 120 s, docs/cli.md); a run that still outlives RECTIFY_REPEAT_RUN_SECONDS (default 1800)
# is killed and counted as a stall. Build first (npm run build).
#
# Usage: bash scripts/simulate-repeat.sh [N]      exit 0 when all N runs finished
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-20}"
case "$n" in ''|*[!0-9]*|0) echo "usage: $0 [N]   (N: how many runs, a whole number > 0; default 20)" >&2; exit 2 ;; esac
cap="${RECTIFY_REPEAT_RUN_SECONDS:-1800}"
work="$(mktemp -d "${TMPDIR:-/tmp}/rectify-simulate-repeat.XXXXXX")"
echo "simulate-repeat: $n runs of: rectify simulate examples/seed-campaign.yaml --until 2023-09-09 --reports examples/seed-reports.yaml --out DIR"
echo "simulate-repeat: output under $work"
times=()
for i in $(seq 1 "$n"); do
  run="$work/run-$i"
  mkdir -p "$run"
  t0=$(date +%s.%N)
  timeout --signal=KILL "$cap" node "$root/bin/rectify.js" simulate "$root/examples/seed-campaign.yaml" --until 2023-09-09 \
    --reports "$root/examples/seed-reports.yaml" --out "$run/out" > "$run/events.txt" 2> "$run/stderr.txt"
  rc=$?
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  files=$(find "$run/out" -maxdepth 1 -type f 2>/dev/null | wc -l)
  load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
  if [ "$rc" -ne 0 ]; then
    [ "$rc" -eq 137 ] && echo "run $i/$n: killed after ${cap} s (stalled past simulate's own bound)"
    echo "run $i/$n: FAILED (exit $rc) after ${secs} s, ${files} files, load ${load}; its stderr ($run/stderr.txt) ends with:"
    tail -n 15 "$run/stderr.txt" | sed 's/^/  /'
    exit 1
  fi
  times+=("$secs")
  echo "run $i/$n: ok in ${secs} s, ${files} files, $(wc -l < "$run/events.txt") events, load ${load}"
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$n" '
  { t[NR] = $1; sum += $1 }
  END { printf "simulate-repeat: all %d runs finished; min %.1f s, median %.1f s, max %.1f s, total %.1f s\n", n, t[1], t[int((NR + 1) / 2)], t[NR], sum }'
