#!/usr/bin/env bash
# Checks that a change of the code changes nothing a user sees: simulates the seed campaign with the
# working tree and with a git ref (default: main), then compares the events (--json), every document
# and file written with --out, and the mails' events. A redesign should print "no differences".
#
# Usage: bash scripts/compare-simulation.sh [REF] [UNTIL]     (REF: main; UNTIL: 2023-09-09)
# Exit: 0 no differences, 1 differences (the first lines printed, all in OUT/diff.txt), 2 a run failed.
#
# What it ignores, because it differs between two runs of the same code: the creation timestamps
# inside .docx/.xlsx (docProps/core.xml) and the zip entries' times. Both trees need `npm ci` done
# once (node_modules is shared); each is built here.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REF=${1:-main}
UNTIL=${2:-2023-09-09}
CAMPAIGN=examples/seed-campaign.yaml
REPORTS=examples/seed-reports.yaml
OUT=$(mktemp -d "${TMPDIR:-/tmp}/rectify-compare.XXXX")
BASE="$OUT/base-tree"

git worktree add --quiet --detach "$BASE" "$REF"
trap 'git worktree remove --force "$BASE" >/dev/null 2>&1 || true' EXIT
ln -s "$ROOT/node_modules" "$BASE/node_modules"
[ -e "$ROOT/.tools" ] && ln -s "$ROOT/.tools" "$BASE/.tools"

simulate() { # tree name
  local tree=$1 name=$2 dir="$OUT/$2"
  mkdir -p "$dir/data"
  (cd "$tree" && npm run -s build >"$dir/build.log" 2>&1) || { echo "build failed in $tree (see $dir/build.log)"; exit 2; }
  # The campaign and reports files are the working tree's, so both runs simulate the same input.
  (cd "$tree" && RECTIFY_DATA="$dir/data" node dist/client/cli.js simulate "$ROOT/$CAMPAIGN" --until "$UNTIL" --json >"$dir/sim.json" 2>"$dir/sim.err") \
    || { echo "$name: simulate failed (see $dir/sim.err)"; exit 2; }
  (cd "$tree" && RECTIFY_DATA="$dir/data" node dist/client/cli.js simulate "$ROOT/$CAMPAIGN" --until "$UNTIL" --reports "$ROOT/$REPORTS" --json --out "$dir/out" >"$dir/sim-reports.json" 2>"$dir/sim-reports.err") \
    || { echo "$name: simulate --reports --out failed (see $dir/sim-reports.err)"; exit 2; }
  normalise "$dir"
}

normalise() { # dir: makes dir/norm, comparable across runs
  local dir=$1
  rm -rf "$dir/norm"; mkdir -p "$dir/norm/out"
  for f in sim.json sim-reports.json; do python3 -m json.tool --sort-keys "$dir/$f" >"$dir/norm/$f"; done
  (cd "$dir/out" && find . -type f | sort) | while read -r f; do
    local src="$dir/out/$f" dst="$dir/norm/out/$f"
    mkdir -p "$(dirname "$dst")"
    case "$f" in
      *.docx|*.xlsx)
        mkdir -p "$dst.d"
        (cd "$dst.d" && unzip -qo "$src" && rm -f docProps/core.xml \
          && find . -type f \( -name '*.xml' -o -name '*.rels' \) -exec python3 -c 'import sys, xml.dom.minidom as m
for x in sys.argv[1:]:
    t = m.parse(x).toprettyxml()
    open(x, "w").write(t)' {} +) ;;
      *.json) python3 -m json.tool --sort-keys "$src" >"$dst" ;;
      *) cp "$src" "$dst" ;;
    esac
  done
}

echo "compare: $REF against the working tree, seed campaign until $UNTIL ($OUT)"
simulate "$BASE" base
simulate "$ROOT" work
if diff -r "$OUT/base/norm" "$OUT/work/norm" >"$OUT/diff.txt"; then
  echo "compare: no differences ($(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$OUT/work/sim.json") events, $(find "$OUT/work/out" -type f | wc -l) files)"
else
  echo "compare: DIFFERENCES (first 60 lines; all in $OUT/diff.txt)"
  head -60 "$OUT/diff.txt"
  exit 1
fi
