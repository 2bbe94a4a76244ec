#!/usr/bin/env bash
# Measure `supple run` in a real pseudo-terminal beside a bare-ratatui floor drawing the same
# hold (scripts/floor.rs), termdown (`pip install termdown`) and timr-tui (`cargo install
# timr-tui`) when they are installed: time to first frame, CPU % of one core (whole run and
# steady window, in nanoseconds from schedstat), bytes written per second, peak RSS, drift
# at the end, the ratios of supple's figures to each, and supple's bytes against the cheapest
# encoding of the same screen changes (scripts/cheapest_bytes.py, with pyte).
#
#   scripts/measure-run.sh                 a 60 s hold with the breathing pacer (the default)
#   scripts/measure-run.sh --hold 600      a ten-minute hold
#   scripts/measure-run.sh ROUTINE         any routine or routine file (steady window 5-25 s)
#   SIZE=100x30 scripts/measure-run.sh     terminal size (default 100x30)
#   BEFORE=old/supple scripts/measure-run.sh   also another build of supple, in the same run
set -euo pipefail
cd "$(dirname "$0")/.."
size="${SIZE:-100x30}"
hold=60
routine=""
if [ "${1:-}" = "--hold" ]; then hold="$2"; shift 2; fi
if [ -n "${1:-}" ]; then routine="$1"; fi

cargo build --release --quiet
cargo build --release --quiet --example floor
bin="$PWD/target/release/supple"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"
# The first-run safety screen was seen: the run starts at once.
mkdir -p "$work/state/supple"
sed -n 's/^pub const VERSION: u32 = \([0-9]*\);/\1/p' src/safety.rs > "$work/state/supple/safety-seen"

floor_hold=""
if [ -z "$routine" ]; then
  floor_hold=1
  routine="$work/hold.yaml"
  cat > "$routine" <<YAML
name: hold-$hold
prepare: 2s
steps:
  - stretch: childs-pose
    hold: ${hold}s
YAML
fi
planned=$("$bin" plan "$routine" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_seconds"])')
steady_from=5
steady_to=$(( planned - 5 ))
echo "machine: $(nproc) cores, $(uname -sr); terminal ${size}; planned ${planned} s; steady window ${steady_from}-${steady_to} s"
results="$work/results.jsonl"
measure() { python3 scripts/measure_run.py --size "$size" --planned "$planned" \
  --steady "$steady_from:$steady_to" --timeout $(( planned + 60 )) --json-out "$results" "$@"; }

measure --done-marker "of stretching" --leave-key q --label "supple run" --record "$work/supple.rec" \
  "$bin" run "$routine"
if [ -n "${BEFORE:-}" ]; then
  measure --done-marker "of stretching" --leave-key q --label "supple before" "$BEFORE" run "$routine"
fi
# The floor: bare ratatui drawing the same hold (only for a hold; a routine has no floor).
if [ -n "$floor_hold" ]; then
  measure --done-marker "of stretching" --label "bare ratatui floor" target/release/examples/floor "$planned" 4 6
fi
if command -v termdown >/dev/null 2>&1; then
  measure --label "termdown ${planned}" termdown "$planned"
else
  echo "termdown is not installed (pip install termdown): no side-by-side figure"
fi
if command -v timr-tui >/dev/null 2>&1; then
  # timr-tui keeps its settings under the state folder, here a fresh one; `s` starts it.
  measure --start-key s --stop-after "$planned" --leave-key q --label "timr-tui -c ${planned}" \
    timr-tui -m countdown -c "$(( planned / 60 )):$(printf %02d $(( planned % 60 )))"
else
  echo "timr-tui is not installed (cargo install timr-tui): no side-by-side figure"
fi
if python3 -c 'import pyte' 2>/dev/null; then
  echo
  echo "supple's bytes against the cheapest encoding of the same changes (scripts/cheapest_bytes.py):"
  python3 scripts/cheapest_bytes.py --size "$size" --steady "$steady_from:$steady_to" "$work/supple.rec"
else
  echo "pyte is not installed (pip install pyte): no cheapest-encoding figure"
fi
python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
supple = rows[0]
print()
print("ratios (supple / other), steady window:")
for r in rows[1:]:
    def ratio(key):
        a, b = supple.get(key), r.get(key)
        return "-" if not a or not b else f"{a / b:.2f}x"
    print(f"  vs {r['label']:<26} CPU {ratio('cpu_steady_pct')}  bytes/s {ratio('bytes_per_s')}  peak RSS {ratio('peak_rss_mb')}")
PY
