#!/usr/bin/env python3
"""Splits a round's apply -> first Job time at the operator's own Job create.

Joins a round's timeline (bench/operator/run writes first-jobs-N.csv to its work folder's
timelines/: wall-clock times of each Distillation's create request, its answer and its first Job
seen by the benchmark's watch) with the operator's log, whose `event=JobCreated` lines carry the
wall-clock time the operator's Job create was answered. Prints p50 / p99 / max, in ms, of:

  create call            apply -> the create request answered (the API server storing it)
  to the operator's Job  answer -> the operator's first Job create answered (the watch to the
                         operator, its queue, its reconcile, the Job create)
  watch back             that -> the benchmark's watch delivering the Job
  second watch           that -> the second watch (job_watch.py, its own process) seeing it,
                         with SECOND_WATCH_CSV

then the medians of the same parts for the Distillations applied in each 2 s of the burst.

Usage: bench/operator/first_job_timeline.py TIMELINE_CSV OPERATOR_LOG [SECOND_WATCH_CSV]
"""
import csv
import datetime
import re
import sys

JOB_CREATED = re.compile(r"^(\S+) .*event=JobCreated namespace=\S+ job=(\S+)")


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


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(argv[1], newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["applied_ms"] and r["answered_ms"] and r["first_job_ms"]]
    applied = {r["distillation"]: float(r["applied_ms"]) for r in rows}
    with open(argv[2], errors="replace") as log:
        operator = operator_job_times(log, applied)
    second = {}
    if len(argv) == 4:
        with open(argv[3], newline="") as f:
            second = second_watch_times(csv.DictReader(f))
    calls, to_operator, back, second_back = [], [], [], []
    start = min(applied.values(), default=0)
    windows = {}
    for r in rows:
        applied_at, answered, seen = (float(r[k]) for k in ("applied_ms", "answered_ms", "first_job_ms"))
        calls.append(answered - applied_at)
        if r["distillation"] in operator:
            created = operator[r["distillation"]]
            to_operator.append(created - answered)
            back.append(seen - created)
            parts = windows.setdefault(int((applied_at - start) // 2000), ([], [], [], [], []))
            values = [seen - applied_at, answered - applied_at, created - answered, seen - created]
            if r["distillation"] in second:
                second_back.append(second[r["distillation"]] - created)
                values.append(second_back[-1])
            for part, value in zip(parts, values):
                part.append(value)
    print(f"Distillations: {len(rows)} (the operator's log names the first Job of {len(to_operator)})")
    print("part | p50 / p99 / max (ms)")
    print(f"apply -> first Job seen | {summary([float(r['first_job_ms']) - float(r['applied_ms']) for r in rows])}")
    print(f"create call | {summary(calls)}")
    print(f"answer -> the operator's Job create answered | {summary(to_operator)}")
    print(f"that -> the benchmark's watch delivers it | {summary(back)}")
    if second:
        print(f"that -> the second watch sees it | {summary(second_back)}"
              f" (of {len(second_back)} Distillations it saw)")
    print()
    print("applied at (s) | Distillations | medians (ms): apply -> first Job | create call"
          " | -> operator's Job | watch back" + (" | second watch" if second else ""))
    for window, parts in sorted(windows.items()):
        shown = parts if second else parts[:4]
        medians = " | ".join(f"{percentile(v, 50):.0f}" if v else "-" for v in shown)
        print(f"{2 * window}-{2 * window + 2} | {len(parts[0])} | {medians}")


if __name__ == "__main__":
    main(sys.argv)
