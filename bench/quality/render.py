#!/usr/bin/env python3
"""Renders the quality benchmark's Markdown from one or more finished `distillery run`s: for each
run the teacher, each student's chosen setting (on the validation split) with its distilled and
scratch test accuracy (mean and spread over seeds), gain, parameter ratio and gap closure, the
whole temperature x alpha grid of validation accuracy, the issues' goals, and, with several runs,
an ablation table against the first. Reads each run folder's distillation.yaml (its status) and
the step metrics (metrics.json) of the artifacts it names; bench/quality/run writes run.json with
the command, its exit code, time and load beside each folder.

Usage: render.py [--machine machine.json] RUN_DIR[=LABEL] ..."""
import argparse
import json
import math
import os
import statistics
import sys
from urllib.parse import unquote, urlparse

# Published reference points (accuracies in %, errors out of 10,000 MNIST test images).
REFERENCES = [
    ("Hinton, Vinyals and Dean 2015 (MNIST, 784-1200-1200 teacher, 784-800-800 student, T=20)",
     100 - 0.67, 100 - 1.46, 100 - 0.74, "67 errors (99.33 %)", "146 errors (98.54 %)",
     "74 errors (99.26 %)"),
    ("Public Fashion-MNIST KD run (ResNet18 teacher, 3-layer CNN student, T=4, alpha=0.95)",
     94.66, 92.43, 92.97, "94.66 %", "92.43 %", "92.97 %"),
]


def load_status(folder):
    """The resource a run wrote: distillation.yaml, or the `-o json` copy bench/quality/run keeps."""
    candidates = ((os.path.join(folder, "distillation.yaml"), _yaml),
                  (os.path.normpath(folder) + ".json", _json))
    for path, reader in candidates:
        if os.path.isfile(path) and os.path.getsize(path) > 0:
            resource = reader(path)
            if not isinstance(resource, dict) or "status" not in resource:
                sys.exit(f"render.py: {path} has no status: did the run start?")
            return resource
    sys.exit(f"render.py: {folder} has no distillation.yaml: not a distillery run folder")


def _yaml(path):
    try:
        import yaml
    except ImportError:
        sys.exit("render.py: reading distillation.yaml needs PyYAML (apt-get install python3-yaml)")
    with open(path) as f:
        return yaml.safe_load(f)


def _json(path):
    with open(path) as f:
        return json.load(f)


def step_metrics(uri):
    """The metrics.json of a file:// artifact, or {} when it cannot be read here."""
    if not uri or not uri.startswith("file:"):
        return {}
    path = os.path.join(unquote(urlparse(uri).path), "metrics.json")
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def soft_label_metrics(uri):
    """The metrics.json of the soft labels' first shard (the one that scores the ensemble)."""
    if not uri or not uri.startswith("file:"):
        return {}
    root = unquote(urlparse(uri).path)
    if os.path.isdir(root):
        for name in sorted(os.listdir(root)):
            if name.startswith("shard-00000-"):
                return step_metrics("file://" + os.path.join(root, name))
    return step_metrics(uri)


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return None, None, 0
    return statistics.mean(values), (statistics.stdev(values) if len(values) > 1 else None), len(values)


def pct(mean, std=None):
    if mean is None:
        return "n/a"
    return f"{mean * 100:.2f} ± {std * 100:.2f} %" if std is not None else f"{mean * 100:.2f} %"


def points(gain):
    return f"{gain * 100:+.2f} pts" if gain is not None else "n/a"


def share(fraction):
    return f"{fraction * 100:.0f} %" if fraction is not None else "n/a"


def num(value):
    return f"{value:g}" if value is not None else "n/a"


class Run:
    """One finished run: its resource, the harness's record of it, and derived figures."""

    def __init__(self, folder, label):
        self.folder = folder
        self.resource = load_status(folder)
        self.status = self.resource["status"]
        self.label = label or self.resource["metadata"]["name"]
        meta = os.path.normpath(folder) + ".run.json"
        self.meta = _json(meta) if os.path.isfile(meta) else {}
        teacher = self.status.get("teacher") or {}
        self.members = teacher.get("members") or []
        self.teacher_mean, self.teacher_std, _ = spread([m.get("accuracy") for m in self.members])
        # After soft labels, the status's teacher accuracy is the combined teachers' own (the
        # soft-labels step scores the ensemble on the test split); before, the members' mean.
        self.teacher_accuracy = teacher.get("accuracy")
        self.soft_labels = soft_label_metrics((self.status.get("softLabels") or {}).get("artifact"))
        self.teacher_parameters = teacher.get("parameters")
        self.students = self.status.get("students") or []
        self.selection = self.status.get("selection") or []

    def step_seconds(self):
        seconds = 0.0
        uris = [m.get("artifact") for m in self.members]
        uris += [s.get("artifact") for s in self.students]
        uris += list({s.get("baselineArtifact") for s in self.students})
        for uri in uris:
            seconds += step_metrics(uri).get("seconds") or 0.0
        return seconds

    def grid(self, student):
        cells = {}
        for s in self.students:
            if s.get("student") == student:
                cells.setdefault((s.get("temperature"), s.get("alpha")), []).append(s)
        return cells


def header(run, machine):
    meta = run.meta
    lines = [f"### {run.label}", ""]
    if machine:
        lines.append(f"- Machine: {machine['nproc']} CPUs ({machine['cpu']}), "
                     f"{machine['memoryGiB']} GiB memory, {machine.get('java', '')}")
    if meta:
        lines.append(f"- Date: {meta.get('started', '?')}; wall time {meta.get('seconds', 0) / 60:.1f} min;"
                     f" load average {meta.get('loadBefore', '?')} before, {meta.get('loadAfter', '?')} after;"
                     f" commit {meta.get('commit', '?')}")
        lines.append(f"- Command: `{meta.get('command', '?')}` (exit code {meta.get('exitCode', '?')})")
        if meta.get("quick"):
            lines.append("- **--quick**: a subset and 1-2 epochs to smoke-test the harness; "
                         "these numbers say nothing about distillation quality.")
    lines.append(f"- Phase {run.status.get('phase')}, {run.status.get('progress', '?')} student variants;"
                 f" sum of step times {run.step_seconds() / 60:.1f} min")
    return lines + [""]


def teacher_table(run):
    lines = ["| teacher | model | parameters | test accuracy |", "|---|---|---:|---:|"]
    for i, m in enumerate(run.members):
        lines.append(f"| member {i} (seed {m.get('seed')}) | `{m.get('model')}` | "
                     f"{m.get('parameters') or 0:,} | {pct(m.get('accuracy'))} |")
    if len(run.members) > 1:
        lines.append(f"| mean of {len(run.members)} members | | | {pct(run.teacher_mean, run.teacher_std)} |")
    labels = run.soft_labels
    if labels:
        rule = labels.get("ensemble", "?")
        lines.append(f"| **the teacher the students learn from** ({len(run.members)} member(s), {rule}) | | | "
                     f"**{pct(run.teacher_accuracy)}** |")
        lines.append("")
        metrics = (labels.get("summary") or {}).get("metrics") or {}
        calibration = labels.get("calibration") or {}
        facts = [f"{labels.get('views', 1)} view(s) per image", f"{labels.get('precision', '?')}"]
        if metrics.get("validationAccuracy") is not None:
            facts.append(f"ensemble validation accuracy {pct(metrics['validationAccuracy'])}")
        if calibration:
            facts.append(f"calibrated temperature {calibration.get('temperature', 0):.2f} on the validation "
                         f"split (NLL {calibration.get('nllBefore', 0):.4f} -> {calibration.get('nllAfter', 0):.4f}, "
                         f"ECE {calibration.get('eceBefore', 0):.4f} -> {calibration.get('eceAfter', 0):.4f}; "
                         f"{'applied' if labels.get('calibrationApplied') else 'measured, not applied'})")
        lines.append("Soft labels: " + ", ".join(facts) + ".")
    return lines + [""]


def student_table(run):
    lines = ["| student | model | parameters | teacher member / student | chosen T, alpha (validation) "
             "| seeds | scratch test | distilled test | gain | gain > spreads | gap closure |",
             "|---|---|---:|---:|---|---:|---:|---:|---:|---|---:|"]
    for sel in run.selection:
        gain = sel.get("gain")
        spreads = (sel.get("accuracyStd") or 0) + (sel.get("scratchAccuracyStd") or 0)
        clear = "n/a" if gain is None or sel.get("seeds", 1) < 2 else ("yes" if gain > spreads else "no")
        lines.append(
            f"| {sel['student']} | `{sel.get('model')}` | {sel.get('parameters') or 0:,} | "
            f"{num(sel.get('compression'))}x | T={num(sel.get('temperature'))}, alpha={num(sel.get('alpha'))} "
            f"({pct(sel.get('validationAccuracy'))}) | {sel.get('seeds')} | "
            f"{pct(sel.get('scratchAccuracyMean'), sel.get('scratchAccuracyStd'))} | "
            f"{pct(sel.get('accuracyMean'), sel.get('accuracyStd'))} | {points(gain)} | {clear} | "
            f"{share(sel.get('gapClosure'))} |")
    if not run.selection:
        lines.append("| (no student has a chosen setting: the run did not finish) |||||||||||")
    lines.append("")
    lines.append("Chosen per student on validation accuracy (a split of the training data) averaged over "
                 "seeds; test accuracy is reported only for the chosen setting and its scratch twins "
                 "(alpha 0, same architecture, budget and seeds), mean ± sample std over seeds. "
                 "Gap closure = (distilled - scratch) / (teacher - scratch), teacher = the test accuracy "
                 "of the teacher the students learn from (the combined ensemble). "
                 "\"gain > spreads\": the gain exceeds the sum of the two standard deviations.")
    return lines + [""]


def grid_tables(run):
    lines = []
    for sel_student in dict.fromkeys(s.get("student") for s in run.students):
        cells = run.grid(sel_student)
        temps = sorted({t for t, _ in cells})
        alphas = sorted({a for _, a in cells})
        chosen = next((s for s in run.selection if s["student"] == sel_student), None)
        lines.append(f"Validation accuracy of `{sel_student}` over the sweep (mean ± std over seeds"
                     f"{'; **bold** = chosen' if chosen else ''}):")
        lines.append("")
        lines.append("| T \\ alpha | " + " | ".join(num(a) for a in alphas) + " |")
        lines.append("|---|" + "---:|" * len(alphas))
        for t in temps:
            row = []
            for a in alphas:
                variants = cells.get((t, a), [])
                mean, std, n = spread([v.get("validationAccuracy") for v in variants])
                text = pct(mean, std) if n else "n/a"
                if chosen and chosen.get("temperature") == t and chosen.get("alpha") == a:
                    text = f"**{text}**"
                row.append(text)
            lines.append(f"| {num(t)} | " + " | ".join(row) + " |")
        lines.append("")
    return lines


def goals(run):
    sel = run.selection
    lines = ["Goals (issues 3 and 5):", ""]
    mean = run.teacher_accuracy
    lines.append(f"- Teacher (ensemble) >= 93 %: {pct(mean)} -> "
                 f"{'met' if mean is not None and mean >= 0.93 else 'not met'}"
                 f" (members' mean {pct(run.teacher_mean)})")
    above = [s for s in sel if s.get("gain") is not None]
    lines.append(f"- Every distilled student above its scratch twin on average: "
                 f"{sum(1 for s in above if s['gain'] > 0)} of {len(above)}")
    small = [s for s in sel if (s.get("compression") or 0) >= 10]
    smallest = min(sel, key=lambda s: s.get("parameters") or math.inf) if sel else None
    lines.append(f"- Smallest student >= 10x fewer parameters than one member: "
                 f"{num(smallest.get('compression')) + 'x' if smallest else 'n/a'}")
    for s in small:
        within = mean is not None and s.get("accuracyMean") is not None and mean - s["accuracyMean"] <= 0.015
        lines.append(f"- `{s['student']}` ({num(s.get('compression'))}x): within 1.5 points of the teacher: "
                     f"{'yes' if within else 'no'}; gap closure {share(s.get('gapClosure'))} (aim >= 40 %)")
    return lines + [""]


def references():
    lines = ["Published reference points:", "",
             "| source | teacher | student scratch | student distilled | gap closure |",
             "|---|---:|---:|---:|---:|"]
    for name, teacher, scratch, distilled, t, s, d in REFERENCES:
        lines.append(f"| {name} | {t} | {s} | {d} | {(distilled - scratch) / (teacher - scratch) * 100:.0f} % |")
    return lines + [""]


def ablation(runs):
    base = runs[0]
    lines = [f"Ablation against `{base.label}` (each run switches one ingredient off; chosen setting "
             "per run on validation accuracy):", "",
             "| run | teacher test | student | chosen T, alpha | distilled test | scratch test | gain | gain vs first run | gap closure |",
             "|---|---:|---|---|---:|---:|---:|---:|---:|"]
    first = {s["student"]: s for s in base.selection}
    for run in runs:
        for s in run.selection:
            gain = s.get("gain")
            ref = first.get(s["student"], {}).get("gain")
            delta = f"{(gain - ref) * 100:+.2f} pts" if gain is not None and ref is not None else "n/a"
            lines.append(f"| {run.label} | {pct(run.teacher_accuracy)} | {s['student']} | T={num(s.get('temperature'))}, alpha={num(s.get('alpha'))} | "
                         f"{pct(s.get('accuracyMean'), s.get('accuracyStd'))} | "
                         f"{pct(s.get('scratchAccuracyMean'), s.get('scratchAccuracyStd'))} | "
                         f"{points(gain)} | {delta} | {share(s.get('gapClosure'))} |")
    return lines + [""]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--machine", help="machine.json written by bench/quality/run")
    parser.add_argument("runs", nargs="+", metavar="RUN_DIR[=LABEL]")
    args = parser.parse_args()
    machine = _json(args.machine) if args.machine else None
    runs = []
    for entry in args.runs:
        folder, _, label = entry.partition("=")
        runs.append(Run(folder, label))
    out = []
    for run in runs:
        out += header(run, machine) + teacher_table(run) + student_table(run) + grid_tables(run) + goals(run)
    out += references()
    if len(runs) > 1:
        out += ablation(runs)
    print("\n".join(out))


if __name__ == "__main__":
    main()
