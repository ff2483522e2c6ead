"""What a running training process spends in each of its epochs, read from /proc.

Usage: epoch_accounting.py PID STDERR_FILE

PID is the training process or a shell above it (the first descendant named `java` or `python...`
is watched). The process prints "epoch N: ..." to STDERR_FILE at the end of every epoch (the steps
and bench/pytorch/train_throughput.py both do); at each such line this reads, from /proc, the
process's user and system CPU time (all its threads), its minor page faults (pages the kernel had
to map, and zero, at first touch) and, for a JVM, the CPU time of its JIT compiler threads (names
starting "C1 CompilerThre" or "C2 CompilerThre"). When the process ends it prints one JSON object
of per-epoch lists (epoch 1 includes the process's start-up):
{"userCpuSeconds": [...], "systemCpuSeconds": [...], "minorFaults": [...],
 "compilerCpuSeconds": [...]}  (the last for a JVM only)

It polls /proc and the file every 50 ms in this one process (no child processes), so the process
it watches loses next to nothing to it.
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


def is_trainer(name):
    return name is not None and (name == "java" or name.startswith("python"))


def find_trainer(root, deadline):
    """The first descendant of `root` (itself included) that trains, and its name; None if none."""
    while time.monotonic() < deadline:
        todo = [root]
        while todo:
            pid = todo.pop()
            name = comm(pid)
            if is_trainer(name):
                return pid, name
            todo.extend(children(pid))
        time.sleep(0.05)
    return None


def stat_fields(text):
    """The fields of a /proc stat line after the command name: field 3 of stat(5) is index 0."""
    return text[text.rindex(")") + 2 :].split()


def compiler_seconds(pid):
    """CPU seconds of a JVM's JIT compiler threads; None once the process is gone."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    ticks = 0
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        if "CompilerThre" in stat[stat.index("(") + 1 : stat.rindex(")")]:
            task = stat_fields(stat)
            ticks += int(task[11]) + int(task[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / CLOCK_TICKS


def reading(pid, java):
    """User and system CPU seconds and minor faults, and for a JVM its compiler threads' CPU
    seconds; None once the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = stat_fields(f.read())
    except OSError:
        return None
    # minflt, utime, stime: fields 10, 14 and 15 of stat(5)
    out = {
        "minorFaults": int(fields[7]),
        "userCpuSeconds": int(fields[11]) / CLOCK_TICKS,
        "systemCpuSeconds": int(fields[12]) / CLOCK_TICKS,
    }
    if java:
        compiler = compiler_seconds(pid)
        if compiler is None:
            return None
        out["compilerCpuSeconds"] = compiler
    return out


def epochs_logged(log):
    try:
        with open(log, errors="replace") as f:
            return len(EPOCH_LINE.findall(f.read()))
    except OSError:
        return 0


def per_epoch(readings):
    """Differences between consecutive readings (the first against zero), per quantity."""
    out = {}
    for key in readings[0] if readings else []:
        values = [r[key] for r in readings]
        out[key] = [round(b - a, 3) for a, b in zip([0] + values, values)]
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    root, log = int(sys.argv[1]), sys.argv[2]
    trainer = find_trainer(root, time.monotonic() + 60)
    at_epoch_ends = []
    if trainer is not None:
        pid, name = trainer
        last = None
        while True:
            now = reading(pid, java=name == "java")
            last = last if now is None else now
            for _ in range(epochs_logged(log) - len(at_epoch_ends)):
                at_epoch_ends.append(last)
            if now is None:  # ended: the last epoch's line came with the last reading above
                break
            time.sleep(0.05)
    print(json.dumps(per_epoch(at_epoch_ends)))


if __name__ == "__main__":
    main()
