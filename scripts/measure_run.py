#!/usr/bin/env python3
"""Run a timer in a real pseudo-terminal and measure what it costs.

Prints, for each command: time to first frame, CPU % of one core over the whole run and
over a steady window, bytes written per second in that window, peak RSS, and how late the
countdown finished against its planned length (drift). Used by measure-run.sh.
"""
import argparse
import json
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """CPU time of every thread of the process, in nanosecond resolution where the kernel
    keeps schedstat (clock ticks of 10 ms otherwise)."""
    try:
        total = 0
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        return total / 1e9
    except (OSError, ValueError, IndexError):
        pass
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15; after the ")" they are at 11 and 12.
    return (int(fields[11]) + int(fields[12])) / TICK


def peak_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def measure(cmd, cols, rows, planned, steady, done_marker, leave_key, timeout,
            start_key=None, stop_after=None, record=None):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.environ.pop("NO_COLOR", None)
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    t0 = time.monotonic()
    first = None
    total_bytes = 0
    window_bytes = 0
    cpu_at = {}
    rss = None
    done_at = None
    tail = b""
    exited_at = None
    started = start_key is None
    stopped = stop_after is None
    rec = open(record, "wb") if record else None
    while True:
        now = time.monotonic() - t0
        if now > timeout:
            os.kill(pid, signal.SIGTERM)
        if not started and first is not None and now >= first + 0.5:
            # A timer that waits for a key to start (timr-tui's `s`).
            os.write(fd, start_key.encode())
            started = True
        if not stopped and now >= stop_after:
            # A timer that does not end on its own: its length is up.
            done_at = now
            os.write(fd, (leave_key or "q").encode())
            stopped = True
        for mark in ("start", "end"):
            edge = steady[0] if mark == "start" else steady[1]
            if mark not in cpu_at and now >= edge:
                try:
                    cpu_at[mark] = (now, cpu_seconds(pid))
                except OSError:
                    pass
        r = peak_rss_kb(pid)
        if r:
            rss = r
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                exited_at = time.monotonic() - t0
                break
            now = time.monotonic() - t0
            if first is None:
                first = now
            total_bytes += len(chunk)
            if rec:
                # For cheapest_bytes.py: when each chunk came, its length, the chunk.
                rec.write(struct.pack("<dI", now, len(chunk)) + chunk)
            if steady[0] <= now < steady[1]:
                window_bytes += len(chunk)
            tail = (tail + chunk)[-4096:]
            if done_marker and done_at is None and done_marker.encode() in tail:
                done_at = now
                if leave_key:
                    time.sleep(0.2)
                    os.write(fd, leave_key.encode())
    if rec:
        rec.close()
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 0
    end = done_at if done_at is not None else exited_at
    whole_cpu = None
    try:
        # The child is reaped: its CPU shows up in our children's times.
        t = os.times()
        whole_cpu = t.children_user + t.children_system
    except OSError:
        pass
    steady_cpu = None
    if "start" in cpu_at and "end" in cpu_at:
        (a, ca), (b, cb) = cpu_at["start"], cpu_at["end"]
        steady_cpu = 100 * (cb - ca) / (b - a)
    return {
        "first_frame_ms": None if first is None else first * 1000,
        "cpu_whole_pct": None if whole_cpu is None or not exited_at else 100 * whole_cpu / exited_at,
        "cpu_steady_pct": steady_cpu,
        "bytes_per_s": window_bytes / (steady[1] - steady[0]),
        "bytes_total": total_bytes,
        "peak_rss_mb": None if rss is None else rss / 1024,
        "drift_ms": None if end is None or planned is None else (end - planned) * 1000,
        "exit": os.waitstatus_to_exitcode(status) if status else 0,
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", default="100x30")
    p.add_argument("--planned", type=float, help="planned length in seconds")
    p.add_argument("--steady", default="5:25", help="steady window, seconds from start")
    p.add_argument("--done-marker", default=None, help="text that shows the end was reached")
    p.add_argument("--leave-key", default=None, help="key to send after the marker")
    p.add_argument("--timeout", type=float, default=900)
    p.add_argument("--label", default=None)
    p.add_argument("--start-key", default=None, help="key to send once the first frame is up")
    p.add_argument("--stop-after", type=float, default=None, help="send the leave key at this second")
    p.add_argument("--json-out", default=None, help="append the figures as one JSON line")
    p.add_argument("--record", default=None, help="write what the program wrote, with times")
    p.add_argument("cmd", nargs=argparse.REMAINDER)
    a = p.parse_args()
    cols, rows = (int(x) for x in a.size.split("x"))
    steady = tuple(float(x) for x in a.steady.split(":"))
    r = measure(a.cmd, cols, rows, a.planned, steady, a.done_marker, a.leave_key, a.timeout,
                a.start_key, a.stop_after, a.record)

    def f(v, fmt):
        return "-" if v is None else format(v, fmt)

    label = a.label or " ".join(a.cmd)
    if a.json_out:
        with open(a.json_out, "a") as out:
            out.write(json.dumps({"label": label, **r}) + "\n")
    print(
        f"{label:<28} first frame {f(r['first_frame_ms'], '.1f')} ms · "
        f"CPU {f(r['cpu_whole_pct'], '.3f')} % whole, {f(r['cpu_steady_pct'], '.3f')} % steady · "
        f"{f(r['bytes_per_s'], '.0f')} B/s steady ({r['bytes_total']} B in all) · "
        f"peak RSS {f(r['peak_rss_mb'], '.1f')} MB · drift {f(r['drift_ms'], '+.0f')} ms"
    )


if __name__ == "__main__":
    sys.exit(main())
