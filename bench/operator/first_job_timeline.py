#!/usr/bin/env python3
"""Splits a round's apply -> first Job time at the operator's own Job create.

Joins a round's timeline (bench/operator/run writes first-jobs-N.csv to its work folder's
timelines/: wall-clock times of each Distillation's create request, its answer and its first Job
seen by the benchmark's watch) with the operator's log, whose `event=JobCreated` lines carry the
wall-clock time the operator's Job create was answered. Prints p50 / p99 / max, in ms, of:

  Job created            apply -> the operator's first Job create answered: the time until the
                         Job exists in the API server, whoever watches for it
  create call            apply -> the create request answered (the API server storing it)
  to the operator's Job  answer -> the operator's first Job create answered (the watch to the
                         operator, its queue, its reconcile, the Job create)
  watch back             that -> the benchmark's watch delivering the Job
  second watch           that -> the second watch (job_watch.py, its own process) seeing it,
                         with SECOND_WATCH_CSV

and, where the operator logged its queue at debug (bench/operator/run starts it so), the operator's
part split in three: the watch that brings the Distillation to the operator, the wait for a
reconcile thread, and the reconcile with its Job create;

then the medians of the same parts for the Distillations applied in each 2 s of the burst.

Usage: bench/operator/first_job_timeline.py TIMELINE_CSV OPERATOR_LOG [SECOND_WATCH_CSV]
"""
import csv
import datetime
import re
import sys

JOB_CREATED = re.compile(r"^(\S+) .*event=JobCreated namespace=\S+ job=(\S+)")
# The one part not broken down per 2 s of the burst (the window table keeps its columns).
CREATED = "apply -> Job created (the operator's create answered)"
QUEUE_EVENT = re.compile(
    r"^(\S+) .*event=(DistillationAdded|NewGenerationTaken) namespace=\S+ name=(\S+)")


def percentile(values, p):
    ordered = sorted(values)
    rank = max(1, -(-p * len(ordered) // 100))
    return ordered[int(rank) - 1]


def summary(values):
    if not values:
        return "n/a"
    return f"{percentile(values, 50):.0f} / {percentile(values, 99):.0f} / {max(values):.0f}"


def operator_job_times(log, applied):
    """The wall-clock ms of each Distillation's first JobCreated line after its apply (job names
    start with the Distillation's; an earlier round may have used the same name elsewhere)."""
    first = {}
    for line in log:
        match = JOB_CREATED.match(line)
        if not match:
            continue
        distillation = next((n for n in names_by_prefix(match.group(2), applied)), None)
        at = datetime.datetime.fromisoformat(match.group(1)).timestamp() * 1000
        if distillation is None or distillation in first or at < applied[distillation]:
            continue
        first[distillation] = at
    return first


def names_by_prefix(job, names):
    # A Job is named after its Distillation and step: the longest name that prefixes it.
    parts = job.split("-")
    for cut in range(len(parts) - 1, 0, -1):
        candidate = "-".join(parts[:cut])
        if candidate in names:
            yield candidate


def second_watch_times(rows):
    """Each Distillation's first Job as the second watch saw it, in wall-clock ms."""
    return {r["distillation"]: float(r["seen_ms"]) for r in rows}


def operator_queue_times(log, applied):
    """From the operator's debug lines (ReconcileQueue at debug, as bench/operator/run starts it):
    the wall-clock ms each Distillation reached the operator (DistillationAdded) and a reconcile
    thread took its first reconciliation (NewGenerationTaken), the first of each after its apply."""
    times = {"DistillationAdded": {}, "NewGenerationTaken": {}}
    for line in log:
        match = QUEUE_EVENT.match(line)
        if not match:
            continue
        at = datetime.datetime.fromisoformat(match.group(1)).timestamp() * 1000
        first = times[match.group(2)]
        name = match.group(3)
        if name in applied and name not in first and at >= applied[name]:
            first[name] = at
    return times["DistillationAdded"], times["NewGenerationTaken"]


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(argv[1], newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["applied_ms"] and r["answered_ms"] and r["first_job_ms"]]
    applied = {r["distillation"]: float(r["applied_ms"]) for r in rows}
    with open(argv[2], errors="replace") as log:
        lines = log.readlines()
    operator = operator_job_times(lines, applied)
    added, taken = operator_queue_times(lines, applied)
    second = {}
    if len(argv) == 4:
        with open(argv[3], newline="") as f:
            second = second_watch_times(csv.DictReader(f))
    # Each part: its label and the two times (end, start) it lies between; a part is left out for a
    # Distillation whose end or start this run's sources do not have.
    parts = {
        "apply -> first Job seen": ("seen", "applied"),
        CREATED: ("created", "applied"),
        "create call": ("answered", "applied"),
        "answer -> the operator's Job create answered": ("created", "answered"),
        "  of which: answer -> the operator's watch delivers it": ("added", "answered"),
        "  then -> a reconcile thread takes it": ("taken", "added"),
        "  then -> its Job create answered": ("created", "taken"),
        "that -> the benchmark's watch delivers it": ("seen", "created"),
        "that -> the second watch sees it": ("second", "created"),
    }
    values = {label: [] for label in parts}
    start = min(applied.values(), default=0)
    windows = {}
    for r in rows:
        name = r["distillation"]
        t = {"applied": float(r["applied_ms"]), "answered": float(r["answered_ms"]),
             "seen": float(r["first_job_ms"]), "created": operator.get(name),
             "added": added.get(name), "taken": taken.get(name), "second": second.get(name)}
        window = windows.setdefault(int((t["applied"] - start) // 2000), {label: [] for label in parts})
        for label, (end, begin) in parts.items():
            if t[end] is None or t[begin] is None:
                continue
            value = t[end] - t[begin]
            values[label].append(value)
            window[label].append(value)
    print(f"Distillations: {len(rows)} (the operator's log names the first Job of {len(operator)})")
    print("part | p50 / p99 / max (ms)")
    for label, part_values in values.items():
        if not part_values:
            continue
        note = ""
        if label.startswith("that -> the second"):
            note = f" (of {len(part_values)} Distillations it saw)"
        print(f"{label.strip()} | {summary(part_values)}{note}")
    print()
    columns = [label for label in parts if label != CREATED and values[label]]
    print("applied at (s) | Distillations | medians (ms): " + " | ".join(c.strip() for c in columns))
    for window, window_values in sorted(windows.items()):
        medians = " | ".join(f"{percentile(window_values[c], 50):.0f}" if window_values[c] else "-"
                             for c in columns)
        print(f"{2 * window}-{2 * window + 2} | {len(window_values['apply -> first Job seen'])} | {medians}")


if __name__ == "__main__":
    main(sys.argv)
