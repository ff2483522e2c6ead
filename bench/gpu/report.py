"""Turns what bench/gpu/check wrote (results.jsonl, gpu-util.csv) into Markdown for docs.

Usage: python3 bench/gpu/report.py OUT
"""

import csv
import json
import os
import statistics
import sys


def read_results(folder):
    with open(os.path.join(folder, "results.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def read_utilization(folder):
    """(time, GPU utilization %) samples; none where the run had no GPU to sample."""
    path = os.path.join(folder, "gpu-util.csv")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [(float(r["time"]), float(r["gpu_util"])) for r in csv.DictReader(f)]


def steady(run):
    """Samples/s of every epoch after the first (the warm-up)."""
    return [e["samplesPerSecond"] for e in run["history"][1:]]


def utilization(run, samples):
    """Mean GPU utilization between the end of the first epoch and the end of the last."""
    ends = run.get("epochEnds") or []
    if len(ends) < 2:
        return None
    window = [u for t, u in samples if ends[0] <= t <= ends[-1]]
    return statistics.mean(window) if window else None


def percent(value):
    return "–" if value is None else f"{value:.0f} %"


def check_lines(rows):
    checks = [r for r in rows if "check" in r]
    out = ["| Check | Result |", "| --- | --- |"]
    for r in checks:
        name = r["check"]
        summary = r.get("summary") or {}
        if name == "engine":
            lines = r.get("lines", {})
            text = f"rc {r['rc']}: " + ", ".join(f"`{k}={v}`" for k, v in lines.items())
        elif name == "teacher-kill-resume":
            text = (
                f"killed after {r['epochsBeforeKill']} epoch(s) (rc {r['firstRc']});"
                f" rerun rc {r['rc']}: `{r['resumeLine']}`, `{r['adamLine']}`,"
                f" epochs {', '.join(r['epochsAfterResume'])} trained after the resume;"
                f" `{r['deviceLine']}`; {trained(summary)}"
            )
        elif name == "soft-labels":
            metrics = summary.get("metrics") or {}
            text = (
                f"rc {r['rc']}: `{(r.get('line') or '').strip()}`;"
                f" {metrics.get('samplesPerSecond', 0):,.0f} samples/s,"
                f" teacher test accuracy {fraction(metrics.get('testAccuracy'))}"
            )
        elif name == "evaluate":
            text = (
                f"{r['model']} on {r['device']}: accuracy {accuracy(summary)},"
                f" loss {(summary.get('metrics') or {}).get('loss', float('nan')):.6f}"
            )
        else:
            text = f"rc {r['rc']}: {trained(summary)}"
        where = f" --device {r['device']}" if "device" in r and name != "evaluate" else ""
        out.append(f"| {name}{where} | {text} |")
    out.extend(agreement(checks))
    return out


def agreement(checks):
    """One line per model: how far the GPU's evaluation is from the CPU's."""
    out = []
    evaluated = {}
    for r in checks:
        if r["check"] == "evaluate" and r.get("summary"):
            evaluated.setdefault(r["model"], {})[r["device"]] = r["summary"]
    for model, by_device in evaluated.items():
        others = [d for d in by_device if d != "cpu"]
        if "cpu" not in by_device or not others:
            continue
        a, b = by_device[others[0]], by_device["cpu"]
        out.append(
            f"| evaluate {model}: {others[0]} − cpu | accuracy"
            f" {100 * (a['accuracy'] - b['accuracy']):+.2f} pts, loss"
            f" {a['metrics']['loss'] - b['metrics']['loss']:+.2e} |"
        )
    return out


def trained(summary):
    """A training step's accuracies: on its validation split and, after training, on the test split."""
    if not summary:
        return "no summary"
    test = (summary.get("metrics") or {}).get("testAccuracy")
    return f"validation accuracy {accuracy(summary)}, test accuracy {fraction(test)}"


def accuracy(summary):
    return fraction(summary.get("accuracy")) if summary else "–"


def fraction(value):
    return "–" if value is None else f"{100 * value:.2f} %"


def throughput_lines(rows, samples):
    runs = [r for r in rows if "side" in r]
    out = [
        "| Network | Batch | DJL samples/s | PyTorch eager, host batches | DJL / PyTorch"
        " | PyTorch eager, data on the GPU | GPU busy: DJL / PyTorch / resident |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    keys = list(dict.fromkeys((r["model"], r["batchSize"]) for r in runs))
    for model, batch in keys:
        side = {
            r["side"]: r for r in runs if r["model"] == model and r["batchSize"] == batch
        }
        djl, torch, resident = (side.get(n) for n in ("djl", "pytorch", "pytorch-resident"))
        speed = {n: statistics.median(steady(r)) for n, r in side.items() if len(r["history"]) > 1}
        ratio = (
            f"{speed['djl'] / speed['pytorch']:.2f}"
            if "djl" in speed and "pytorch" in speed
            else "–"
        )
        busy = " / ".join(
            percent(utilization(r, samples)) if r else "–" for r in (djl, torch, resident)
        )
        out.append(
            f"| `{model}` | {batch} | {cell(speed, 'djl')} | {cell(speed, 'pytorch')} | {ratio}"
            f" | {cell(speed, 'pytorch-resident')} | {busy} |"
        )
    return out


def cell(speed, name):
    return f"{speed[name]:,.0f}" if name in speed else "–"


def render(folder):
    rows = read_results(folder)
    machine = next((r["machine"] for r in rows if "machine" in r), {})
    jni = next((r["jni"] for r in rows if "jni" in r), "?")
    runs = [r for r in rows if "side" in r]
    lines = [
        f"- Machine: {machine.get('gpu', '?')}; {machine.get('nproc', '?')} cores"
        f" ({machine.get('cpu', '?')}); Linux {machine.get('kernel', '?')}",
        f"- Date: {machine.get('date', '?')}",
        f"- PyTorch {machine.get('torch', '?')} (CUDA {machine.get('cuda', '?')}, cuDNN"
        f" {machine.get('cudnn', '?')}); DJL's JNI: {jni}",
        "- Command: `bench/gpu/check .gpu-kit $OUT`, then `python3 bench/gpu/report.py $OUT`",
        "",
    ]
    lines += check_lines(rows)
    if runs:
        epochs = len(runs[0]["history"])
        lines += [
            "",
            f"Training throughput: {runs[0]['samples']:,} samples per epoch, {epochs} epochs per"
            " run of which the first is warm-up; medians of the other epochs. Adam (lr 0.001),"
            " the same network layer for layer on both sides, runs interleaved DJL, PyTorch,"
            " PyTorch with resident data. GPU busy: the mean of NVML's utilization samples (every"
            " 100 ms) from the end of the first epoch to the end of the last.",
            "",
        ]
        lines += throughput_lines(rows, read_utilization(folder))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.stdout.write(render(sys.argv[1]))
