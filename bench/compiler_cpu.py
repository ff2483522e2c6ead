"""CPU seconds the JVM's JIT compiler threads spend in each epoch of a running step.

Usage: compiler_cpu.py PID STDERR_FILE

PID is the step's process or a shell above it (the first descendant named `java` is watched).
The step prints "epoch N: ..." to STDERR_FILE at the end of every epoch; at each such line this
reads the CPU time of the threads whose name starts with "C1 CompilerThre" or "C2 CompilerThre"
from /proc, and when the process ends prints one JSON object:
{"compilerCpuSeconds": [epoch 1, epoch 2, ...]} (epoch 1 includes the JVM's start-up).

It polls /proc and the file every 50 ms in this one process (no child processes), so the step it
watches loses next to nothing to it.
"""

import json
import os
import re
import sys
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
EPOCH_LINE = re.compile(r"^epoch (\d+):", re.MULTILINE)


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return None


def find_java(root, deadline):
    while time.monotonic() < deadline:
        todo = [root]
        while todo:
            pid = todo.pop()
            if comm(pid) == "java":
                return pid
            todo.extend(children(pid))
        time.sleep(0.05)
    return None


def compiler_ticks(pid):
    """utime + stime of the compiler threads, in clock ticks; None once the process is gone."""
    total = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        if "CompilerThre" in name:
            fields = stat[stat.rindex(")") + 2 :].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total


def epochs_logged(log):
    try:
        with open(log, errors="replace") as f:
            return len(EPOCH_LINE.findall(f.read()))
    except OSError:
        return 0


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    root, log = int(sys.argv[1]), sys.argv[2]
    java = find_java(root, time.monotonic() + 60)
    per_epoch = []
    if java is not None:
        last, ticks = 0, 0
        while True:
            now = compiler_ticks(java)
            ticks = ticks if now is None else now
            for _ in range(epochs_logged(log) - len(per_epoch)):
                per_epoch.append((ticks - last) / CLOCK_TICKS)
                last = ticks
            if now is None:  # ended: the last epoch's line came with the last reading above
                break
            time.sleep(0.05)
    print(json.dumps({"compilerCpuSeconds": per_epoch}))


if __name__ == "__main__":
    main()
