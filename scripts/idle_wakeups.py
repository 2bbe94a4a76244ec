#!/usr/bin/env python3
"""Counts how often supple wakes while nothing on its screen changes: on the home screen,
and in a countdown paused with space. Runs it in a pseudo-terminal, waits for it to settle,
then counts the context switches of all its threads (voluntary and not) and the bytes it
writes over a quiet window.

    python3 scripts/idle_wakeups.py [SECONDS]      (default 10)

Needs a release build (`cargo build --release`). Uses a fresh HOME, so no history, and the
safety guidance marked seen.
"""
import os
import pty
import select
import signal
import struct
import sys
import tempfile
import termios
import fcntl
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "supple")


def switches(pid):
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/status") as f:
            for line in f:
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split()[1])
    return total


def drain(fd, seconds):
    """Reads what the program writes for `seconds`; returns the byte count."""
    end = time.monotonic() + seconds
    n = 0
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return n
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                n += len(os.read(fd, 65536))
            except OSError:
                return n


def measure(args, keys, window):
    home = tempfile.mkdtemp()
    state = os.path.join(home, "state", "supple")
    os.makedirs(state)
    with open(os.path.join(ROOT, "src", "safety.rs")) as f:
        version = next(l.split("=")[1].strip(" ;\n") for l in f if l.startswith("pub const VERSION"))
    with open(os.path.join(state, "safety-seen"), "w") as f:
        f.write(version)
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(HOME=home, XDG_STATE_HOME=os.path.join(home, "state"), TERM="xterm-256color")
        os.execv(BIN, [BIN, *args])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    drain(fd, 1.5)
    for k in keys:
        os.write(fd, k.encode())
        drain(fd, 0.5)
    drain(fd, 1.0)
    before = switches(pid)
    written = drain(fd, window)
    after = switches(pid)
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    return after - before, written


def main():
    window = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    for label, args, keys in [
        ("home screen, idle", [], []),
        ("countdown, paused", ["run", "morning"], [" "]),
        # For comparison: the same countdown running wakes once a second and more.
        ("countdown, running", ["run", "morning"], []),
    ]:
        n, b = measure(args, keys, window)
        print(f"{label:<20} {n} wake-ups and {b} bytes written in {window:.0f} s")


if __name__ == "__main__":
    main()
