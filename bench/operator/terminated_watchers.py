#!/usr/bin/env python3
"""Which watches the API server ended as too slow during a benchmark, and whose they were.

kube-apiserver at -v=1 (bench/operator/run starts it so, DISTILLERY_APISERVER_VERBOSITY=1) logs
each watch whose buffer stayed full past its time budget, with the watch's key and selectors:

  Forcing jobs.batch watcher close due to unresponsiveness: key: "/jobs/bench-op-1000",
  labels: "", fields: "". len(c.input) = 10, len(c.result) = 10, graceful = false

A client whose watch ends is blind until it watches again (a fabric8 informer after its reconnect
interval, 1 s by default), so each such line is a second in which the watcher saw nothing new.
The benchmark's watchers select differently from the operator's so that each line names its
owner: the operator's Jobs and pods informers select its managed-by label, its Distillations
informer selects nothing; the benchmark's Distillations informer selects its namespace by field,
its Jobs informer (the player) nothing, and the second watch (job_watch.py) the Distillation label.

Prints a Markdown table: owner, resource, key, count, first and last time (the log's clock).

Usage: bench/operator/terminated_watchers.py APISERVER_LOG
"""
import re
import sys

FORCED = re.compile(
    r"^\w(\d{4} \d{2}:\d{2}:\d{2})\.\d+ .*Forcing (\S+) watcher close due to unresponsiveness"
    r"(?: \(reason = [^)]*\))?: key: \"([^\"]*)\", labels: \"([^\"]*)\", fields: \"([^\"]*)\"")

MANAGED = "app.kubernetes.io/managed-by=distillery-operator"
DISTILLATION_LABEL = "distillery.dev/distillation"


def owner(resource, labels, fields):
    """Whose watch a (resource, label selector, field selector) is, by the selectors above."""
    kind = resource.split(".")[0]
    if MANAGED in labels:
        return f"operator ({kind} informer)"
    if kind == "distillations":
        return "benchmark (Distillations informer)" if fields else "operator (Distillations informer)"
    if kind == "jobs" and labels == DISTILLATION_LABEL:
        return "second watch (kubectl)"
    if kind == "jobs" and not labels and not fields:
        return "benchmark (Jobs informer, the player)"
    return "other"


def terminated(lines):
    """(owner, resource, key) -> [times] of each watch the API server ended, in log order."""
    ended = {}
    for line in lines:
        match = FORCED.match(line)
        if not match:
            continue
        at, resource, key, labels, fields = match.groups()
        ended.setdefault((owner(resource, labels, fields), resource, key), []).append(at[5:])
    return ended


def table(ended):
    if not ended:
        return "None: the API server ended no watch as too slow.\n"
    rows = ["| watcher | resource | key | ended | first | last |",
            "| --- | --- | --- | ---: | --- | --- |"]
    for (who, resource, key), times in ended.items():
        rows.append(f"| {who} | {resource} | `{key}` | {len(times)} | {times[0]} | {times[-1]} |")
    return "\n".join(rows) + "\n"


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(argv[1], errors="replace") as log:
        sys.stdout.write(table(terminated(log)))


if __name__ == "__main__":
    main(sys.argv)
