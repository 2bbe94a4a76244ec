#!/usr/bin/env python3
"""Time supple's whole commands, for one build or several side by side.

For each binary: the start-up of `list --json` and `plan morning --json` (the built-in
library loaded and checked), and `list` and `check` of generated libraries of 1,000, 10,000
and 100,000 stretches (scripts/make-library.py). Each figure is the median wall time of
several runs and the largest peak RSS among them; the ratio check/list is of the medians.

    python3 scripts/measure_commands.py target/release/supple
    python3 scripts/measure_commands.py OLD/supple target/release/supple   # before, after

Libraries are made once under --libs (default /tmp/supple-libs). Peak RSS needs GNU time
(/usr/bin/time, Debian's package `time`).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, env):
    """Wall seconds and peak RSS (KB) of one run, output thrown away."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        start = time.perf_counter()
        pid = os.posix_spawn(cmd[0], cmd, env, file_actions=[
            (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.close(devnull)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed ({os.waitstatus_to_exitcode(status)})")
    return wall, usage


def peak_rss(cmd, env):
    """Peak RSS (KB) of one run, under GNU time: a child of this Python process would carry
    the interpreter's own RSS over its exec into the figure."""
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name, *cmd], env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(out.read().split()[-1])


def measure(cmd, env, times):
    walls = [run(cmd, env)[0] for _ in range(times)]
    return statistics.median(walls), peak_rss(cmd, env)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--libs", default="/tmp/supple-libs")
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("bins", nargs="+")
    a = p.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    for n in sizes:
        d = os.path.join(a.libs, str(n))
        if not os.path.isdir(d):
            subprocess.run([sys.executable, os.path.join(HERE, "make-library.py"), str(n), d],
                           check=True, stdout=subprocess.DEVNULL)
    home = tempfile.mkdtemp()
    env = {"HOME": home, "PATH": os.environ.get("PATH", ""),
           "XDG_CONFIG_HOME": f"{home}/config", "XDG_DATA_HOME": f"{home}/data",
           "XDG_STATE_HOME": f"{home}/state"}
    rows = [("`list --json`", []), ("`plan morning --json`", [])]
    for n in sizes:
        rows += [(f"`list`, {n:,}", []), (f"`check`, {n:,}", []), (f"check / list, {n:,}", [])]
    for b in a.bins:
        b = os.path.abspath(b)
        col = iter(r[1] for r in rows)
        for cmd in ([b, "list", "--json"], [b, "plan", "morning", "--json"]):
            measure(cmd, env, 3)  # warm the page cache
            w, _ = measure(cmd, env, 21)
            next(col).append(f"{w * 1000:.1f} ms")
        for n in sizes:
            d = os.path.join(a.libs, str(n))
            times = 11 if n <= 10000 else 3
            lw, lr = measure([b, "--library", d, "list"], env, times)
            cw, cr = measure([b, "check", d], env, times)
            next(col).append(f"{fmt(lw)}, {lr / 1024:.1f} MB")
            next(col).append(f"{fmt(cw)}, {cr / 1024:.1f} MB")
            next(col).append(f"{cw / lw:.2f}x")
    print("| command | " + " | ".join(a.bins) + " |")
    print("|---" * (len(a.bins) + 1) + "|")
    for name, cells in rows:
        print(f"| {name} | " + " | ".join(cells) + " |")


def fmt(w):
    return f"{w * 1000:.0f} ms" if w < 1.0 else f"{w:.2f} s"


if __name__ == "__main__":
    sys.exit(main())
