#!/usr/bin/env python3
"""Reads what bench/scheduling/run left (the pods, Jobs and Distillations as `kubectl get -o json`
wrote them, and the operator's heap samples) and prints the Markdown report: whether every
Distillation Succeeded, whether any node ran more GPU pods than it has GPUs at any moment, whether
any Distillation ran more student and baseline steps at once than its parallelism, the makespan
against the ideal (GPU-seconds of work / GPUs), how quickly the operator created a step's Job
once its inputs were done, and the operator's CPU seconds and peak heap. The ideal is no bound
when one Distillation's own chain of steps is longer: the report also gives makespan against the
larger of the two.

A pod holds its GPUs from status.startTime (kwok starts it as soon as it is bound) to its step
container's finishedAt; times have second resolution, so at one instant ends count before starts.

Usage: analyze.py --pods P --jobs J --distillations D --nodes N --gpus G --parallelism P
                  [--operator-cpu-seconds S] [--heap-samples FILE] [--xmx X] [--commit C]
                  [--command TEXT]"""
import argparse
import json
from collections import defaultdict
from datetime import datetime

GPU = "nvidia.com/gpu"
TRAINING = {"student", "baseline"}


def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() if text else None


def gpus_of(pod):
    total = 0
    for c in pod["spec"].get("containers", []):
        resources = c.get("resources") or {}
        value = (resources.get("limits") or {}).get(GPU) or (resources.get("requests") or {}).get(GPU)
        total += int(value or 0)
    return total


def finished_at(pod):
    for status in pod.get("status", {}).get("containerStatuses") or []:
        terminated = (status.get("state") or {}).get("terminated")
        if terminated:
            return when(terminated.get("finishedAt"))
    return None


def runs(pods):
    """One record per pod that ran: its Distillation, stage, node, GPUs, start and end."""
    out = []
    for pod in pods["items"]:
        labels = pod["metadata"].get("labels") or {}
        start = when(pod.get("status", {}).get("startTime"))
        end = finished_at(pod)
        if start is None or end is None:
            continue
        out.append({
            "distillation": labels.get("distillery.dev/distillation"),
            "stage": labels.get("distillery.dev/stage"),
            "node": pod["spec"].get("nodeName"),
            "gpus": gpus_of(pod),
            "created": when(pod["metadata"]["creationTimestamp"]),
            "start": start,
            "end": end,
        })
    return out


def peak(intervals):
    """The most weight held at once, given (start, end, weight); ends before starts at one instant."""
    events = []
    for start, end, weight in intervals:
        events.append((start, 1, weight))
        events.append((end, 0, -weight))
    held = best = 0
    for _, _, delta in sorted(events):
        held += delta
        best = max(best, held)
    return best


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def by_key(records, key):
    """The records grouped by their value of {key}."""
    groups = defaultdict(list)
    for r in records:
        groups[r[key]].append(r)
    return groups


def reactions(per_distillation, jobs):
    """Seconds from a step's inputs being done to its Job's creation, for soft labels (after the
    teacher), the first student (after the soft labels) and the report (after every training
    step), given each Distillation's records."""
    created = defaultdict(lambda: defaultdict(list))
    for job in jobs["items"]:
        labels = job["metadata"].get("labels") or {}
        created[labels.get("distillery.dev/distillation")][labels.get("distillery.dev/stage")].append(
            when(job["metadata"]["creationTimestamp"]))
    out = defaultdict(list)
    for name, records in per_distillation.items():
        stages = defaultdict(list, by_key(records, "stage"))
        jobs_of = created[name]
        if stages["teacher"] and jobs_of["soft-labels"]:
            out["soft labels after the teacher"].append(
                min(jobs_of["soft-labels"]) - max(r["end"] for r in stages["teacher"]))
        if stages["soft-labels"] and jobs_of["student"]:
            out["first student after the soft labels"].append(
                min(jobs_of["student"]) - max(r["end"] for r in stages["soft-labels"]))
        training = stages["student"] + stages["baseline"]
        if training and jobs_of["report"]:
            out["report after the last training step"].append(
                min(jobs_of["report"]) - max(r["end"] for r in training))
    return out


def critical_path(records):
    """The longest chain of one Distillation's own step run times (teacher, soft labels, a student,
    the report; a baseline beside the first three): no scheduler finishes it sooner."""
    longest = defaultdict(float)
    for r in records:
        longest[r["stage"]] = max(longest[r["stage"]], r["end"] - r["start"])
    chain = longest["teacher"] + longest["soft-labels"] + longest["student"]
    return max(chain, longest["baseline"]) + longest["report"]


def report(pods, jobs, distillations, nodes, gpus, parallelism, cpu_seconds=None,
           heap_samples=(), xmx=None, commit=None, command=None):
    records = runs(pods)
    items = distillations["items"]
    phases = defaultdict(int)
    for d in items:
        phases[(d.get("status") or {}).get("phase") or "none"] += 1
    gpu_records = [r for r in records if r["gpus"]]
    node_peaks = {
        node: peak([(r["start"], r["end"], r["gpus"]) for r in rs])
        for node, rs in by_key(gpu_records, "node").items()}
    oversubscribed = {n: p for n, p in node_peaks.items() if p > gpus}
    per_distillation = by_key(records, "distillation")
    training_peaks = {
        d: peak([(r["start"], r["end"], 1) for r in rs if r["stage"] in TRAINING])
        for d, rs in per_distillation.items()}
    over_parallel = {d: p for d, p in training_peaks.items() if p > parallelism}
    gpu_seconds = sum((r["end"] - r["start"]) * r["gpus"] for r in records)
    total_gpus = nodes * gpus
    ideal = gpu_seconds / total_gpus
    first = min(when(d["metadata"]["creationTimestamp"]) for d in items)
    done = [when((d.get("status") or {}).get("completionTime")) for d in items]
    makespan = (max(done) - first) if done and all(done) else None
    longest_path = max((critical_path(rs) for rs in per_distillation.values()), default=0)
    bound = max(ideal, longest_path)
    cluster_peak = peak([(r["start"], r["end"], r["gpus"]) for r in gpu_records])
    waits = [r["start"] - r["created"] for r in gpu_records]

    lines = []
    if commit or command:
        lines += [f"Operator built from commit {commit}; command: `{command}`.", ""]
    lines += [
        f"{len(items)} Distillations, {len(records)} step pods on {nodes} nodes of {gpus} GPUs "
        f"({total_gpus} GPUs), parallelism {parallelism}.",
        "",
        "| check | result |",
        "| --- | --- |",
        f"| every Distillation Succeeded | {'yes' if phases == {'Succeeded': len(items)} else 'no: ' + ', '.join(f'{k} {v}' for k, v in sorted(phases.items()))} |",
        f"| no node's GPUs oversubscribed | {'yes' if not oversubscribed else 'no: ' + ', '.join(f'{n} {p}' for n, p in sorted(oversubscribed.items())[:5])} (busiest node {max(node_peaks.values(), default=0)} of {gpus}; cluster peak {cluster_peak} of {total_gpus}) |",
        f"| parallelism respected | {'yes' if not over_parallel else 'no: ' + ', '.join(f'{d} {p}' for d, p in sorted(over_parallel.items())[:5])} (most training steps at once in one Distillation: {max(training_peaks.values(), default=0)}) |",
    ]
    if makespan is not None:
        lines.append(
            f"| makespan / ideal | {makespan:.0f} s / {ideal:.0f} s = {makespan / ideal:.2f}x "
            f"(ideal: {gpu_seconds:,.0f} GPU-seconds of work / {total_gpus} GPUs; GPU utilization "
            f"{ideal / makespan:.0%}) |")
        lines.append(
            f"| makespan / lower bound | {makespan:.0f} s / {bound:.0f} s = {makespan / bound:.2f}x "
            f"(the larger of the ideal and the longest Distillation's critical path, "
            f"{longest_path:.0f} s: its teacher, soft labels, slowest student and report) |")
    else:
        lines.append(f"| makespan / ideal | not every Distillation finished (ideal {ideal:.0f} s) |")
    lines.append(
        f"| a GPU pod's wait from creation to start, p50 / p99 / max | "
        f"{percentile(waits, 50):.0f} / {percentile(waits, 99):.0f} / {max(waits):.0f} s |")
    for what, values in reactions(per_distillation, jobs).items():
        lines.append(
            f"| operator: {what}, p50 / p99 / max | {percentile(values, 50):.0f} / "
            f"{percentile(values, 99):.0f} / {max(values):.0f} s |")
    if cpu_seconds is not None:
        lines.append(f"| operator CPU | {cpu_seconds:.1f} s |")
    if heap_samples:
        lines.append(
            f"| operator heap, peak of 5 s samples | {max(heap_samples) / 2**20:.0f} MiB "
            f"(-Xmx{xmx or '?'}) |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", required=True)
    parser.add_argument("--jobs", required=True)
    parser.add_argument("--distillations", required=True)
    parser.add_argument("--nodes", type=int, required=True)
    parser.add_argument("--gpus", type=int, required=True)
    parser.add_argument("--parallelism", type=int, required=True)
    parser.add_argument("--operator-cpu-seconds", type=float)
    parser.add_argument("--heap-samples")
    parser.add_argument("--xmx")
    parser.add_argument("--commit")
    parser.add_argument("--command")
    args = parser.parse_args()
    load = lambda path: json.load(open(path))  # noqa: E731
    samples = []
    if args.heap_samples:
        samples = [float(line) for line in open(args.heap_samples) if line.strip()]
    print(report(load(args.pods), load(args.jobs), load(args.distillations), args.nodes,
                 args.gpus, args.parallelism, args.operator_cpu_seconds, samples, args.xmx,
                 args.commit, args.command), end="")


if __name__ == "__main__":
    main()
