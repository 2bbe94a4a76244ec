#!/usr/bin/env python3
"""Writes a library of N generated stretches into DIR, in FILES files (default 10), in the
shape of the built-in ones; the same text as `generated_library` in benches/supple.rs. A file
holds at most 1,000 (a YAML file may hold at most 1 MB), so FILES defaults to N / 1,000.

    scripts/make-library.py 10000 /tmp/lib10k
    target/release/supple --library /tmp/lib10k list
"""
import os
import sys


def stretch(i: int) -> str:
    if i % 2 == 0:
        dose = "  hold: 30s\n  sets: 2\n"
    else:
        dose = '  reps: 10\n  breath: {in: 3s, out: 3s, in_cue: "Open up", out_cue: "Fold in"}\n'
    return (
        f"- id: stretch-{i}\n  name: Stretch {i}\n  summary: A generated stretch for measuring.\n"
        "  areas: [hips, glutes, lower-back]\n  position: floor\n  equipment: []\n"
        "  level: gentle\n  loads: [knees]\n  sides: each\n"
        f"{dose}"
        "  setup:\n    - Lie on your back.\n    - Bend both knees.\n"
        "  cues:\n    - Breathe slowly.\n    - Let the hip sink.\n"
        "  cautions:\n    - Stop if it pinches.\n"
    )


def main() -> None:
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: make-library.py N DIR [FILES]")
    n, out = int(sys.argv[1]), sys.argv[2]
    files = int(sys.argv[3]) if len(sys.argv) == 4 else max(1, -(-n // 1000))
    os.makedirs(out, exist_ok=True)
    per_file = -(-n // files)
    for f in range(files):
        lo, hi = f * per_file, min(n, (f + 1) * per_file)
        if lo >= hi:
            break
        with open(os.path.join(out, f"generated-{f}.yaml"), "w") as fh:
            fh.write("".join(stretch(i) for i in range(lo, hi)))


if __name__ == "__main__":
    main()
