#!/usr/bin/env python3
"""Times a full-screen terminal program from the outside, on a real pty.

Standard library only. Used by scripts/bench.sh; usable alone:

  ptybench.py tui --marker "Press Enter to start" --quit 03 \\
      --keys 09 1b5b5a -- PROGRAM ARGS...
  ptybench.py run --runs 20 -- PROGRAM ARGS...

`tui` prints one JSON object with, for the program:

  launch_us      time from just before exec to the end of the first frame,
                 one figure per run. The first frame has ended when the
                 output (escape sequences and blanks removed) contains the
                 marker and then nothing more arrives for --quiet-ms; the
                 time taken is that of the last byte, so the quiet wait is
                 not counted. The start is taken in the forked child right
                 before execve (CLOCK_MONOTONIC, shared by all processes),
                 so Python's fork is not counted either.
  ready_us       time from just before exec until the first key has been
                 handled and its effect drawn: the --ready-key is written
                 as soon as the marker shows (no quiet wait), so a program
                 that draws before it reads keys pays for whatever it does
                 in between; the time is that of the last byte of the
                 output that follows (quiet for --key-quiet-ms), which
                 must not be empty. One figure per run (--runs).
  key_us         in one session after the first frame: a key is written to
                 the pty (the --keys in turn) and the time until the last
                 byte of the redraw that follows (quiet for --key-quiet-ms).
  idle           in one session, --idle seconds after the first frame has
                 settled: CPU ticks (utime + stime of /proc/PID/stat),
                 wake-ups (voluntary + involuntary context switches summed
                 over /proc/PID/task/*/status) and bytes written to the
                 terminal.
  maxrss_kib     `/usr/bin/time -v` "Maximum resident set size" of runs
                 that reach the first frame, play the --prelude (if any) and
                 then quit (--quit keys).

Every run gets a fresh, empty HOME and XDG_CONFIG_HOME / XDG_DATA_HOME /
XDG_STATE_HOME (so no configuration and no draft is found, unless
--home-template gives a folder to copy into it), TERM, LANG
and a window of --cols x --rows, and a controlling terminal of its own.

`run` times a command with no terminal (output to /dev/null): wall time
from before posix_spawn to its exit, one figure per run, with the exit
status.

Both report others_cpu_percent: the share of all CPUs that other
processes used (/proc/stat less this process and its children) in the
second before and, when it lasted long enough to tell, meanwhile (the
larger); with --quiet-wait S (or $QUIET_WAIT) they first wait up to S
seconds for the other processes to go below 10% (and `tui` waits again,
over 0.3 s, before each launch, memory run and the key session).
"""

import argparse
import fcntl
import json
import os
import re
import select
import shutil
import struct
import sys
import tempfile
import termios
import time

ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=!]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78cDEHMNOZ])")
BLANKS = re.compile(rb"[\s\x00-\x1f\x7f]+")


def visible(raw):
    """The printable text of terminal output, without escapes or blanks."""
    return BLANKS.sub(b"", ESCAPES.sub(b"", raw))


def now():
    return time.monotonic_ns()


class Child:
    """A program on a new pty, started with a fresh home."""

    def __init__(self, argv, cols, rows, term, env_extra=(), template=None):
        self.home = tempfile.mkdtemp(prefix="ptybench-")
        if template:
            # Copied with its modes, so a private drafts folder stays private.
            shutil.copytree(template, self.home, dirs_exist_ok=True)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, "config"),
            "XDG_DATA_HOME": os.path.join(self.home, "data"),
            "XDG_STATE_HOME": os.path.join(self.home, "state"),
            "TERM": term,
            "LANG": "C.UTF-8",
        }
        env.update(env_extra)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        start_r, start_w = os.pipe()  # close-on-exec: EOF once exec succeeded
        pid = os.fork()
        if pid == 0:
            try:
                os.close(master)
                os.close(start_r)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if slave > 2:
                    os.close(slave)
                os.chdir(self.home)
                os.write(start_w, struct.pack("q", now()))
                os.execvpe(argv[0], argv, env)
            except BaseException as e:  # noqa: BLE001 - report and leave
                os.write(2, f"ptybench: cannot start {argv[0]}: {e}\n".encode())
            os._exit(127)
        os.close(slave)
        os.close(start_w)
        self.pid = pid
        self.fd = master
        self.status = None
        self.rusage = None
        stamp = b""
        while len(stamp) < 8:
            chunk = os.read(start_r, 8 - len(stamp))
            if not chunk:
                break
            stamp += chunk
        os.close(start_r)
        if len(stamp) != 8:
            raise RuntimeError(f"{argv[0]} did not start")
        self.started = struct.unpack("q", stamp)[0]
        self.output = bytearray()

    def read_until_quiet(self, quiet_ms, deadline_s, marker=None):
        """Reads until `marker` has been seen (if given) and then nothing
        arrives for `quiet_ms`. Returns the time of the last byte read, or
        None if nothing arrived."""
        quiet_ns = quiet_ms * 1_000_000
        deadline = now() + int(deadline_s * 1e9)
        last = None
        seen = marker is None
        start = len(self.output)
        while True:
            t = now()
            if t > deadline:
                tail = visible(bytes(self.output[-4000:]))[-400:]
                raise TimeoutError(f"no complete frame: marker {marker!r} not seen; tail of output: {tail!r}")
            if seen and last is not None:
                wait = (last + quiet_ns - t) / 1e9
                if wait <= 0:
                    return last
            else:
                wait = min(0.5, (deadline - t) / 1e9)
            ready, _, _ = select.select([self.fd], [], [], max(wait, 0))
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:  # EIO: the other side has gone
                chunk = b""
            if not chunk:
                if seen and last is not None:
                    return last
                raise EOFError(f"the program ended before its first frame: {visible(bytes(self.output))[-400:]!r}")
            last = now()
            self.output += chunk
            if not seen and marker in visible(bytes(self.output[start:])):
                seen = True

    def read_until_marker(self, marker, deadline_s):
        """Reads until the output shows `marker`, and no further."""
        deadline = now() + int(deadline_s * 1e9)
        while marker not in visible(bytes(self.output)):
            wait = (deadline - now()) / 1e9
            if wait <= 0:
                raise TimeoutError(f"marker {marker!r} not seen")
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                raise EOFError("the program ended before its first frame")
            self.output += chunk

    def drain(self, seconds):
        """Reads for `seconds`, returning the number of bytes read."""
        end = now() + int(seconds * 1e9)
        total = 0
        while True:
            left = (end - now()) / 1e9
            if left <= 0:
                return total
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:
                    chunk = b""
                if not chunk:
                    return total
                total += len(chunk)

    def send(self, data):
        try:
            os.write(self.fd, data)
        except OSError:  # the program has already gone
            pass

    def finish(self, quit_keys, timeout_s=10):
        """Sends the quit keys, reads until the program exits, reaps it."""
        if quit_keys:
            for key in quit_keys:
                self.send(key)
                time.sleep(0.05)
        deadline = time.monotonic() + timeout_s
        while self.status is None:
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self.status, self.rusage = status, rusage
                break
            if time.monotonic() > deadline:
                os.kill(self.pid, 9)
                os.wait4(self.pid, 0)
                raise TimeoutError("the program did not quit")
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    os.read(self.fd, 1 << 16)
                except OSError:
                    pass
        os.close(self.fd)
        shutil.rmtree(self.home, ignore_errors=True)
        return os.waitstatus_to_exitcode(self.status)


def proc_cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return int(fields[11]) + int(fields[12])


def proc_switches(pid):
    total = 0
    threads = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        total += int(line.split()[1])
            threads += 1
        except FileNotFoundError:
            pass
    return total, threads


def cpu_jiffies():
    """(busy, total) jiffies of all CPUs, from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:9]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


class OthersMeter:
    """How much of the machine other processes used while measuring: all
    CPU time in /proc/stat less this process's and its children's."""

    def __init__(self):
        self.jiffies = cpu_jiffies()
        self.times = os.times()

    def percent(self, min_jiffies=None):
        busy0, total0 = self.jiffies
        busy1, total1 = cpu_jiffies()
        t0, t1 = self.times, os.times()
        own = sum(getattr(t1, k) - getattr(t0, k) for k in ("user", "system", "children_user", "children_system"))
        if total1 - total0 < (os.sysconf("SC_CLK_TCK") if min_jiffies is None else min_jiffies):
            return None  # under a second of CPU time: too coarse to tell
        others = (busy1 - busy0) - own * os.sysconf("SC_CLK_TCK")
        return round(max(0.0, 100 * others / (total1 - total0)), 1)


def wait_for_quiet(seconds, window=1.0):
    """Waits up to `seconds` until other processes use less than 10% of
    the CPUs over `window` seconds; returns their share in the last
    window."""
    deadline = time.monotonic() + seconds
    while True:
        meter = OthersMeter()
        time.sleep(window)
        used = meter.percent(min_jiffies=1) or 0.0
        if used < 10 or time.monotonic() > deadline:
            return used


def hexkeys(values):
    return [bytes.fromhex(v) for v in values]


def tui(args):
    others_before = wait_for_quiet(args.quiet_wait)
    meter = OthersMeter()
    argv = args.command
    quit_keys = hexkeys(args.quit)
    marker = visible(args.marker.encode())
    term = args.term
    result = {"command": argv, "marker": args.marker, "cols": args.cols, "rows": args.rows}

    def start(cmd=None):
        return Child(cmd or argv, args.cols, args.rows, term, template=args.home_template)

    # Launch to first frame.
    launches = []
    for _ in range(args.runs):
        if args.quiet_wait:
            wait_for_quiet(args.quiet_wait, window=0.3)
        child = start()
        end = child.read_until_quiet(args.quiet_ms, args.timeout, marker)
        launches.append((end - child.started) / 1000)
        result["first_frame_bytes"] = len(child.output)
        child.finish(quit_keys)
    result["launch_us"] = launches

    # Launch to the first key handled.
    if args.ready_key:
        ready_key = bytes.fromhex(args.ready_key)
        readies = []
        for _ in range(args.runs):
            if args.quiet_wait:
                wait_for_quiet(args.quiet_wait, window=0.3)
            child = start()
            child.read_until_marker(marker, args.timeout)
            before = len(child.output)
            child.send(ready_key)
            end = child.read_until_quiet(args.key_quiet_ms, args.timeout)
            if len(child.output) == before:
                raise RuntimeError("the ready key drew nothing")
            readies.append((end - child.started) / 1000)
            child.finish(quit_keys)
        result["ready_us"] = readies

    prelude = hexkeys(args.prelude)

    def play_prelude(child):
        start = len(child.output)
        for chunk in prelude:
            child.send(chunk)
            child.read_until_quiet(args.key_quiet_ms, args.timeout)
        if args.prelude_expect:
            shown = visible(bytes(child.output[start:]))
            if visible(args.prelude_expect.encode()) not in shown:
                raise RuntimeError(f"after the prelude the screen does not show {args.prelude_expect!r}")

    # Key press to redrawn frame, and the idle window, in one session
    # (skipped when there is nothing to time).
    keys = hexkeys(args.keys)
    if keys or args.idle > 0:
        if args.quiet_wait:
            wait_for_quiet(args.quiet_wait, window=0.3)
        child = start()
        child.read_until_quiet(args.quiet_ms, args.timeout, marker)
        play_prelude(child)
        key_us = []
        key_bytes = []
        for i in range(args.key_runs if keys else 0):
            before = len(child.output)
            sent = now()
            child.send(keys[i % len(keys)])
            end = child.read_until_quiet(args.key_quiet_ms, args.timeout)
            key_us.append((end - sent) / 1000)
            key_bytes.append(len(child.output) - before)
        result["key_us"] = key_us
        result["key_bytes"] = key_bytes
        if args.idle > 0:
            child.drain(args.settle)
            ticks0 = proc_cpu_ticks(child.pid)
            switches0, threads = proc_switches(child.pid)
            idle_bytes = child.drain(args.idle)
            ticks1 = proc_cpu_ticks(child.pid)
            switches1, _ = proc_switches(child.pid)
            result["idle"] = {
                "seconds": args.idle,
                "threads": threads,
                "cpu_ticks": ticks1 - ticks0,
                "clock_ticks_per_s": os.sysconf("SC_CLK_TCK"),
                "wakeups": switches1 - switches0,
                "bytes": idle_bytes,
            }
        result["exit_status"] = child.finish(quit_keys)

    # Peak memory with /usr/bin/time -v.
    rss = []
    if args.memory_runs and os.path.exists("/usr/bin/time"):
        for _ in range(args.memory_runs):
            if args.quiet_wait:
                wait_for_quiet(args.quiet_wait, window=0.3)
            fd, report = tempfile.mkstemp(prefix="ptybench-time-")
            os.close(fd)
            child = start(["/usr/bin/time", "-v", "-o", report, *argv])
            child.read_until_quiet(args.quiet_ms, args.timeout, marker)
            play_prelude(child)
            child.finish(quit_keys)
            with open(report) as f:
                text = f.read()
            os.unlink(report)
            found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
            if not found:
                raise RuntimeError(f"no maximum resident set size in: {text}")
            rss.append(int(found.group(1)))
    result["maxrss_kib"] = rss
    during = meter.percent()
    result["others_cpu_percent"] = others_before if during is None else max(others_before, during)
    json.dump(result, sys.stdout)
    print()


def run(args):
    others_before = wait_for_quiet(args.quiet_wait)
    meter = OthersMeter()
    times = []
    statuses = []
    devnull = os.open(os.devnull, os.O_RDWR)
    if args.cwd:
        os.chdir(args.cwd)
    for _ in range(args.warmup + args.runs):
        actions = [
            (os.POSIX_SPAWN_DUP2, devnull, 0),
            (os.POSIX_SPAWN_DUP2, devnull, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2),
        ]
        path = shutil.which(args.command[0]) or args.command[0]
        t0 = now()
        try:
            pid = os.posix_spawn(path, args.command, os.environ, file_actions=actions)
        except OSError as e:
            json.dump({"command": args.command[:3], "error": str(e)}, sys.stdout)
            print()
            return
        _, status = os.waitpid(pid, 0)
        t1 = now()
        times.append((t1 - t0) / 1000)
        statuses.append(os.waitstatus_to_exitcode(status))
    during = meter.percent()
    json.dump(
        {
            "command": args.command,
            "us": times[args.warmup :],
            "exit_status": statuses[-1],
            "others_cpu_percent": others_before if during is None else max(others_before, during),
        },
        sys.stdout,
    )
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    t = sub.add_parser("tui", help="launch, key press, idle and memory of a full-screen program")
    t.add_argument("--marker", required=True, help="text the first frame shows")
    t.add_argument("--quit", nargs="*", default=[], help="keys (hex bytes) that make it quit")
    t.add_argument("--keys", nargs="*", default=[], help="keys (hex bytes) to send in turn")
    t.add_argument(
        "--prelude",
        nargs="*",
        default=[],
        help="chunks of keys (hex bytes) sent after the first frame, each followed by a quiet wait, "
        "before the keys are timed and before a memory run quits",
    )
    t.add_argument("--prelude-expect", help="text the screen must show after the prelude")
    t.add_argument("--ready-key", help="key (hex bytes) sent as soon as the marker shows, to time ready-for-input")
    t.add_argument("--home-template", help="folder copied into each run's fresh home (a draft to offer)")
    t.add_argument("--runs", type=int, default=20)
    t.add_argument("--key-runs", type=int, default=100)
    t.add_argument("--memory-runs", type=int, default=5)
    t.add_argument("--idle", type=float, default=10.0, help="idle window in seconds (0: skip)")
    t.add_argument("--settle", type=float, default=1.0)
    t.add_argument("--quiet-ms", type=float, default=100.0)
    t.add_argument("--key-quiet-ms", type=float, default=30.0)
    t.add_argument("--timeout", type=float, default=10.0)
    t.add_argument("--cols", type=int, default=80)
    t.add_argument("--rows", type=int, default=24)
    t.add_argument("--term", default="xterm-256color")
    t.add_argument("command", nargs="+")
    t.set_defaults(func=tui)
    r = sub.add_parser("run", help="wall time of a command without a terminal")
    r.add_argument("--runs", type=int, default=20)
    r.add_argument("--warmup", type=int, default=2)
    r.add_argument("--cwd", help="directory to run it in")
    r.add_argument("command", nargs="+")
    r.set_defaults(func=run)
    for p in (t, r):
        p.add_argument(
            "--quiet-wait",
            type=float,
            default=float(os.environ.get("QUIET_WAIT", 0)),
            help="seconds to wait first for other processes to use < 10%% of the CPUs (default: $QUIET_WAIT or 0)",
        )
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
