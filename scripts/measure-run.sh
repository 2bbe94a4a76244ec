#!/usr/bin/env bash
# Measure `supple run` in a real pseudo-terminal, and termdown beside it when installed
# (`pip install termdown`): time to first frame, CPU % of one core (whole run and steady
# window), bytes written per second, peak RSS, and drift at the end.
#
#   scripts/measure-run.sh                 a 60 s hold with the breathing pacer (the default)
#   scripts/measure-run.sh --hold 600      a ten-minute hold
#   scripts/measure-run.sh ROUTINE         any routine or routine file (steady window 5-25 s)
#   SIZE=100x30 scripts/measure-run.sh     terminal size (default 100x30)
set -euo pipefail
cd "$(dirname "$0")/.."
size="${SIZE:-100x30}"
hold=60
routine=""
if [ "${1:-}" = "--hold" ]; then hold="$2"; shift 2; fi
if [ -n "${1:-}" ]; then routine="$1"; fi

cargo build --release --quiet
bin="$PWD/target/release/supple"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"
# The first-run safety screen was seen: the run starts at once.
mkdir -p "$work/state/supple"
sed -n 's/^pub const VERSION: u32 = \([0-9]*\);/\1/p' src/safety.rs > "$work/state/supple/safety-seen"

if [ -z "$routine" ]; then
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
python3 scripts/measure_run.py --size "$size" --planned "$planned" --steady "$steady_from:$steady_to" \
  --done-marker "stretched" --leave-key q --timeout $(( planned + 60 )) --label "supple run" \
  "$bin" run "$routine"
if command -v termdown >/dev/null 2>&1; then
  python3 scripts/measure_run.py --size "$size" --planned "$planned" --steady "$steady_from:$steady_to" \
    --timeout $(( planned + 60 )) --label "termdown ${planned}" termdown "$planned"
else
  echo "termdown is not installed (pip install termdown): no side-by-side figure"
fi
