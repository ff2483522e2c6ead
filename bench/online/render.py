#!/usr/bin/env python3
"""Renders the online benchmark's Markdown (bench/online/run) from its finished runs: for each
student size, test accuracy as mean +- standard deviation over seeds of its scratch twin, offline KD
(the alpha chosen on the validation split, mean over seeds) and online KD, with each arm's gain over
scratch; and the teacher, trained alone (offline) or with its students (online).

Every run of mode offline is one seed of the offline arm (its teacher trained alone from that
seed), every run of mode online one seed of the online arm.

Usage: render.py [--machine JSON] [--commit REV] [--command TEXT] RUN_DIR ..."""
import argparse
import importlib.util
import json
import os
import statistics
import sys
from collections import defaultdict



def _quality_render():
    """bench/quality/render.py, whose reader of a run folder this shares (same module name)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "quality", "render.py")
    spec = importlib.util.spec_from_file_location("quality_render", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


load_status = _quality_render().load_status


def mean_sd(values):
    """'mean +- sd' in percent (sd over seeds; '-' for one seed), or 'n/a'."""
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    mean = 100 * statistics.fmean(values)
    if len(values) < 2:
        return f"{mean:.2f}"
    return f"{mean:.2f} ± {100 * statistics.stdev(values):.2f}"


def gain(values, scratch):
    values = [v for v in values if v is not None]
    scratch = [v for v in scratch if v is not None]
    if not values or not scratch:
        return "n/a"
    return f"{100 * (statistics.fmean(values) - statistics.fmean(scratch)):+.2f}"


def seed(resource):
    return resource["spec"]["teacher"]["training"].get("seed", 0)


def arms(resources):
    """(offline, online): the runs of each mode, in teacher seed order."""
    offline = sorted((r for r in resources if r["spec"].get("mode", "offline") != "online"), key=seed)
    online = sorted((r for r in resources if r["spec"].get("mode") == "online"), key=seed)
    return offline, online


def offline_choice(resources):
    """Per student, over the offline runs: (chosen (T, alpha), its test accuracies by seed, scratch
    accuracies by seed, validation mean of every cell)."""
    cells = defaultdict(lambda: defaultdict(list))
    for resource in resources:
        for s in resource["status"].get("students", []):
            cells[s["student"]][(s.get("temperature"), s.get("alpha"))].append(s)
    chosen = {}
    for student, by_cell in cells.items():
        validation = {
            cell: statistics.fmean(v["validationAccuracy"] for v in variants)
            for cell, variants in by_cell.items()
            if all(v.get("validationAccuracy") is not None for v in variants)
        }
        if not validation:
            continue
        best = max(validation, key=validation.get)
        variants = sorted(by_cell[best], key=lambda v: v.get("seed") or 0)
        chosen[student] = (
            best,
            [v.get("accuracy") for v in variants],
            [v.get("scratchAccuracy") for v in variants],
            validation,
        )
    return chosen


def online_results(resources):
    """Per student: (test accuracies by seed, scratch accuracies by seed)."""
    students = defaultdict(lambda: ([], []))
    for r in resources:
        for s in r["status"].get("students", []):
            students[s["student"]][0].append(s.get("accuracy"))
            students[s["student"]][1].append(s.get("scratchAccuracy"))
    return students


def render(resources, machine=None, commit=None, command=None):
    offline, online = arms(resources)
    lines = []
    if machine:
        lines.append(
            f"Machine: {machine.get('nproc')} cores ({machine.get('cpu')}), "
            f"{machine.get('memoryGiB')} GiB; {machine.get('java')}; {machine.get('date')}.")
    if commit or command:
        lines.append(f"Commit: {commit or '?'}; command: `{command or '?'}`.")
    if lines:
        lines.append("")
    chosen = offline_choice(offline)
    online_students = online_results(online)
    names = list(dict.fromkeys([*chosen, *online_students]))
    lines += [
        "| student | parameters | scratch | offline KD (T, alpha chosen on validation) | gain |"
        " online KD | gain |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    parameters = {}
    for r in resources:
        for s in r["status"].get("students", []):
            parameters.setdefault(s["student"], s.get("parameters"))
    for name in names:
        cell, distilled, scratch, _ = chosen.get(name, (None, [], [], {}))
        online_acc, online_scratch = online_students.get(name, ([], []))
        scratch_all = scratch or online_scratch
        setting = f" (T={cell[0]:g}, alpha={cell[1]:g})" if cell else ""
        params = parameters.get(name)
        lines.append(
            f"| {name} | {f'{params:,}' if params is not None else 'n/a'} | "
            f"{mean_sd(scratch_all)} | {mean_sd(distilled)}{setting} | "
            f"{gain(distilled, scratch_all)} | {mean_sd(online_acc)} | "
            f"{gain(online_acc, online_scratch or scratch_all)} |")
    lines.append("")
    alone = {seed(r): (r["status"].get("teacher") or {}).get("accuracy") for r in offline}
    together = {seed(r): (r["status"].get("teacher") or {}).get("accuracy") for r in online}
    lines.append(
        f"Teacher (test accuracy): trained alone {mean_sd(list(alone.values()))}; trained with "
        f"its students (online) {mean_sd(list(together.values()))}.")
    lines.append("")
    lines.append("| seed | teacher alone | teacher online |")
    lines.append("| ---: | ---: | ---: |")
    for s in sorted(set(alone) | set(together)):
        lines.append(
            f"| {s} | {mean_sd([alone.get(s)])} | {mean_sd([together.get(s)])} |")
    lines.append("")
    seeds = len(online) or max((len(c[1]) for c in chosen.values()), default=0)
    lines.append(
        f"Accuracies in % on the 10,000 test images, mean ± standard deviation over {seeds} "
        "seeds; gains in points over the scratch twin of the same seeds.")
    if chosen:
        grid = "; ".join(
            f"{name}: " + ", ".join(
                f"alpha {c[1]:g} {100 * v:.2f}" for c, v in sorted(item[3].items()))
            for name, item in chosen.items())
        lines.append(f"Offline validation accuracy by alpha (mean over seeds): {grid}.")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--machine", help="JSON describing the machine (bench_machine_json)")
    parser.add_argument("--commit")
    parser.add_argument("--command")
    parser.add_argument("runs", nargs="+")
    args = parser.parse_args(argv)
    machine = json.loads(args.machine) if args.machine else None
    sys.stdout.write(
        render([load_status(f) for f in args.runs], machine, args.commit, args.command))


if __name__ == "__main__":
    main()
