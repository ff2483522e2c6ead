#!/usr/bin/env python3
"""Renders the GoogLeNet benchmark's Markdown (bench/googlenet/run): the teacher as trained in
PyTorch, then one row per model as `distillery-step evaluate` scored it (the teacher, and per
student its scratch twins and its distilled variants, mean +- standard deviation over seeds), with
the distilled students' gain over their twins, and the size and latency against the teacher's.

Usage: render.py --teacher googlenet.json --run run.json --evaluations evaluations.jsonl
                 [--machine JSON] [--commit REV] [--command TEXT]"""
import argparse
import json
import statistics


def mean_sd(values, scale=100, digits=2):
    mean = scale * statistics.fmean(values)
    if len(values) < 2:
        return f"{mean:.{digits}f}"
    return f"{mean:.{digits}f} ± {scale * statistics.stdev(values):.{digits}f}"


def groups(resource, evaluations):
    """Per student of the spec, in its order: {'model': spec, 'scratch': [evaluation, ...],
    'distilled': [evaluation, ...]}, one evaluation per seed."""
    by_name = {e["name"]: e for e in evaluations}
    result = {}
    for s in resource["status"]["students"]:
        group = result.setdefault(s["student"], {
            "model": s["model"], "scratch": [], "distilled": []})
        group["distilled"].append(by_name[s["name"]])
        if s.get("baselineArtifact"):
            group["scratch"].append(by_name[s["name"] + "-scratch"])
    return result


def render(trained, resource, evaluations, machine=None, commit=None, command=None):
    """trained: train_googlenet.py's googlenet.json; resource: the run's `-o json`; evaluations:
    one per model, named as run writes models.tsv."""
    lines = []
    scored = next(e for e in evaluations if e["name"] == "teacher")
    if machine:
        lines.append(f"{machine['date']}, {machine['cpu']} ({machine['nproc']} cores visible), "
                     f"Distillery at {commit}; `{command}`")
        lines.append("")
    chosen = next(e for e in trained["epochs"] if e["epoch"] == trained["chosenEpoch"])
    lines.append(
        f"Teacher: {trained['model']} (torch {trained['torch']}, torchvision "
        f"{trained['torchvision']}), {trained['parameters']:,} parameters, "
        f"{trained['size']}x{trained['size']} RGB input; {trained['trainingImages']:,} training "
        f"images, {len(trained['epochs'])} epochs in {trained['trainingSeconds'] / 60:.0f} min on "
        f"{trained['threads']} threads; epoch {trained['chosenEpoch']} chosen on "
        f"{trained['validationImages']:,} validation images ({100 * chosen['valAccuracy']:.2f} %); "
        f"test accuracy in PyTorch {100 * trained['testAccuracy']:.2f} %.")
    lines.append("")
    lines.append("| Model | Parameters | Bytes on disk | Test accuracy | Gain over scratch "
                 "| ms / image, batch 1 | Smaller than the teacher | Faster than the teacher |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    lines.append(
        f"| GoogLeNet teacher (TorchScript, imported) | {int(scored['parameters']):,} | "
        f"{int(scored['bytesOnDisk']):,} | {100 * scored['accuracy']:.2f} % |  | "
        f"{scored['latencyMillis']:.3f} | 1x | 1x |")
    for student, group in groups(resource, evaluations).items():
        scratch, distilled = group["scratch"], group["distilled"]
        for label, rows in (("scratch twin", scratch), ("distilled", distilled)):
            if not rows:
                continue
            accuracy = mean_sd([r["accuracy"] for r in rows])
            latency = statistics.fmean(r["latencyMillis"] for r in rows)
            parameters = int(rows[0]["parameters"])
            size = int(statistics.fmean(r["bytesOnDisk"] for r in rows))
            gain = ""
            if label == "distilled" and scratch:
                difference = (statistics.fmean(r["accuracy"] for r in distilled)
                              - statistics.fmean(r["accuracy"] for r in scratch))
                gain = f"{100 * difference:+.2f}"
            lines.append(
                f"| {student} `{group['model']}`, {label} ({len(rows)} seeds) | {parameters:,} | "
                f"{size:,} | {accuracy} % | {gain} | {latency:.3f} | "
                f"{scored['bytesOnDisk'] / size:.0f}x | {scored['latencyMillis'] / latency:.0f}x |")
    lines.append("")
    spec = resource["spec"]
    limit = spec["dataset"].get("limit")
    lines.append(
        "Students: the first "
        + (f"{limit:,}" if limit else "all")
        + " training images (10 % held out for validation), 10,000 test images; test accuracy "
        "and latency as `distillery-step evaluate` measures them (latency: the mean of 100 "
        "single-image runs after 5 warm-up runs, the teacher's including its input contract's "
        "resize and normalization), mean ± standard deviation over the seeds.")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teacher", required=True)
    parser.add_argument("--run", required=True)
    parser.add_argument("--evaluations", required=True)
    parser.add_argument("--machine")
    parser.add_argument("--commit")
    parser.add_argument("--command")
    args = parser.parse_args()
    with open(args.teacher) as f:
        teacher = json.load(f)
    with open(args.run) as f:
        resource = json.load(f)
    with open(args.evaluations) as f:
        evaluations = [json.loads(line) for line in f if line.strip()]
    machine = json.loads(args.machine) if args.machine else None
    print(render(teacher, resource, evaluations, machine, args.commit, args.command), end="")


if __name__ == "__main__":
    main()
