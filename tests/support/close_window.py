"""Runs a program in a new pseudo-terminal of 80x24, reads what it writes for a while, then
closes the terminal's master side, as closing a terminal window does, and prints how the
program ended: its exit code, or "signal N", or "hung" when it does not end within 10 s.

    python3 close_window.py [--after TEXT] SECONDS PROGRAM [ARG ...]

With --after, the SECONDS count from the moment the program has written TEXT (30 s at most),
not from its start, which a loaded machine can delay.
"""

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

args = sys.argv[1:]
after = None
if args[0] == "--after":
    after = args[1].encode()
    args = args[2:]
seconds = float(args[0])
argv = args[1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
os.kill(pid, signal.SIGWINCH)
seen = b""
end = time.monotonic() + (30 if after else seconds)
while time.monotonic() < end:
    ready, _, _ = select.select([fd], [], [], 0.05)
    if ready:
        try:
            got = os.read(fd, 65536)
        except OSError:
            break
        if after and after in seen + got:
            after = None
            end = time.monotonic() + seconds
        elif after:
            seen = (seen + got)[-len(after):]
os.close(fd)
deadline = time.monotonic() + 10
while True:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    if time.monotonic() > deadline:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        print("hung")
        sys.exit(0)
    time.sleep(0.02)
if os.WIFEXITED(status):
    print(os.WEXITSTATUS(status))
else:
    print(f"signal {os.WTERMSIG(status)}")
