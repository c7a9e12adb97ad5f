#!/usr/bin/env python3
"""live-probe.py - drives a filter on a live stream, for tests/live.bats.

    live-probe.py [options] EVENTS -- CMD [ARG...]

The lines of EVENTS are written to CMD one at a time, GAP seconds apart,
through a FIFO (given to CMD as its last operand; --stdin: through a pipe
on its standard input) that stays open between them.  After each line
the probe waits for CMD's next output line and prints how long it took
("line N: MS ms"); a line that takes more than --bound-ms, or does not
come at all within --give-up seconds, fails the probe (exit 1).  Each
wait starts when the write returns, and only the wait is timed: the
probe's own start-up and writes are not.

--signal NAME sends SIGTERM or SIGINT after the lines (and after
--partial TEXT, half an event written without its newline), then reads
the output to its end and prints "status N" (CMD's exit status, 128+N
for a signal that killed it).  --no-wait: the lines are only written
(the output goes elsewhere: -o FILE).  --expect-exit: the input stays
open and CMD is expected to exit by itself within the bound after the
last line, which gives no output (phi-classify --fail-fast).  --out FILE keeps all of CMD's output.
"""
import argparse
import os
import select
import signal
import subprocess
import sys
import tempfile
import time


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("events")
    p.add_argument("--gap", type=float, default=0.3)
    p.add_argument("--bound-ms", type=float, default=200.0)
    p.add_argument("--give-up", type=float, default=3.0)
    p.add_argument("--stdin", action="store_true")
    p.add_argument("--no-wait", action="store_true")
    p.add_argument("--signal", choices=["TERM", "INT"])
    p.add_argument("--partial")
    p.add_argument("--expect-exit", action="store_true")
    p.add_argument("--out")
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        p.error("no command (give it after --)")
    cut = argv.index("--")
    a = p.parse_args(argv[:cut])
    a.cmd = argv[cut + 1:]
    return a


class Reader:
    """CMD's standard output, read without blocking, split in lines."""

    def __init__(self, fd):
        self.fd, self.buf, self.all, self.eof = fd, b"", b"", False

    def line(self, deadline):
        """The next whole line, or None at the deadline or end of file."""
        while b"\n" not in self.buf and not self.eof:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                self.more()
        if b"\n" not in self.buf:
            return None
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def more(self):
        chunk = os.read(self.fd, 65536)
        self.eof = chunk == b""
        self.buf += chunk
        self.all += chunk

    def drain(self, deadline):
        while not self.eof and time.monotonic() < deadline:
            r, _, _ = select.select([self.fd], [], [], 0.1)
            if r:
                self.more()


def start(a, tmp):
    """CMD, and the descriptor its input is written to."""
    if a.stdin:
        r, w = os.pipe()
        proc = subprocess.Popen(a.cmd, stdin=r, stdout=subprocess.PIPE)
        os.close(r)
        return proc, w
    fifo = os.path.join(tmp, "in.fifo")
    os.mkfifo(fifo, 0o600)
    proc = subprocess.Popen(a.cmd + [fifo], stdout=subprocess.PIPE)
    return proc, os.open(fifo, os.O_WRONLY)


def feed(a, proc, wfd, out):
    """Writes each event and times its output line; 0 ok, 1 failed."""
    with open(a.events, "rb") as f:
        events = [l for l in f.read().split(b"\n") if l]
    failed = 0
    for i, ev in enumerate(events, 1):
        os.write(wfd, ev + b"\n")
        t0 = time.monotonic()
        if a.expect_exit and i == len(events):
            break  # the offending line: CMD exits instead
        if a.no_wait:
            time.sleep(a.gap)
            continue
        line = out.line(t0 + a.give_up)
        ms = (time.monotonic() - t0) * 1000
        if line is None:
            print("line %d: no output within %.1f s" % (i, a.give_up))
            return 1
        print("line %d: %.1f ms" % (i, ms))
        if ms > a.bound_ms:
            print("line %d: over the bound of %.0f ms" % (i, a.bound_ms))
            failed = 1
        if i < len(events):
            time.sleep(max(0.0, a.gap - (time.monotonic() - t0)))
    return failed


def wait_exit(a, proc):
    """--expect-exit: CMD ends by itself, input still open; 0 or 1."""
    t0 = time.monotonic()
    try:
        proc.wait(timeout=a.give_up)
    except subprocess.TimeoutExpired:
        print("still running after %.1f s" % a.give_up)
        return 1
    ms = (time.monotonic() - t0) * 1000
    print("exited after %.1f ms" % ms)
    return 1 if ms > a.bound_ms else 0


def stop(a, proc, wfd, out):
    """Ends the run (signal, own exit or end of input); 0 or 1."""
    failed = 0
    if a.partial is not None:
        os.write(wfd, a.partial.encode())
        time.sleep(0.1)
    if a.expect_exit:
        failed = wait_exit(a, proc)
    elif a.signal:
        proc.send_signal(getattr(signal, "SIG" + a.signal))
    else:
        os.close(wfd)
        wfd = -1
    try:
        rc = proc.wait(timeout=a.give_up)
    except subprocess.TimeoutExpired:
        print("still running after %.1f s: killed" % a.give_up)
        proc.kill()
        rc = proc.wait()
    if wfd >= 0:
        os.close(wfd)
    out.drain(time.monotonic() + a.give_up)
    print("status %d" % (128 - rc if rc < 0 else rc))
    return failed


def main():
    a = parse()
    with tempfile.TemporaryDirectory() as tmp:
        proc, wfd = start(a, tmp)
        out = Reader(proc.stdout.fileno())
        failed = feed(a, proc, wfd, out)
        failed |= stop(a, proc, wfd, out)
        if a.out:
            with open(a.out, "wb") as f:
                f.write(out.all)
    return failed


if __name__ == "__main__":
    sys.exit(main())
