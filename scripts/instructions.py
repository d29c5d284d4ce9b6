#!/usr/bin/env python3
"""Counts the instructions a program executes (valgrind's callgrind), so
that start-up and scoring can be compared on a machine too busy for wall
clocks to mean much. Standard library and valgrind only.

  instructions.py [--tui MARKER --key HEX --quit HEX...] [--home-template DIR] -- PROGRAM ARGS...

Without --tui, the program runs with no terminal (output to /dev/null).
With --tui it runs on a pty of 80x24 with a fresh home (as
scripts/ptybench.py starts it): once MARKER shows, --key is sent and, once
its effect is drawn, the --quit keys. The count is then what it takes to
start, draw the first frame, handle one key and quit. Prints one JSON
object: the command and the instructions (callgrind's Ir, all threads).
With --keep, the callgrind output is kept (its path is printed too) for
callgrind_annotate.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptybench  # noqa: E402


def total_ir(out_file):
    with open(out_file) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError(f"no total in {out_file}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tui", metavar="MARKER")
    parser.add_argument("--key", default="09")
    parser.add_argument("--quit", nargs="*", default=["03"])
    parser.add_argument("--home-template")
    parser.add_argument("--keep", action="store_true", help="keep the callgrind output")
    parser.add_argument("command", nargs="+")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="instructions-")
    out_file = os.path.join(work, "callgrind.out")
    valgrind = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={out_file}",
        f"--log-file={os.path.join(work, 'log')}",
        *args.command,
    ]
    if args.tui:
        child = ptybench.Child(valgrind, 80, 24, "xterm-256color", template=args.home_template)
        child.read_until_marker(ptybench.visible(args.tui.encode()), 60)
        before = len(child.output)
        child.send(bytes.fromhex(args.key))
        child.read_until_quiet(500, 60)
        if len(child.output) == before:
            raise RuntimeError("the key drew nothing")
        status = child.finish(ptybench.hexkeys(args.quit), timeout_s=60)
    else:
        with open(os.devnull, "wb") as devnull:
            status = subprocess.run(valgrind, stdout=devnull, stderr=devnull, check=False).returncode
    result = {"command": args.command, "exit_status": status, "instructions": total_ir(out_file)}
    if args.keep:
        result["callgrind_out"] = out_file
    else:
        shutil.rmtree(work, ignore_errors=True)
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
