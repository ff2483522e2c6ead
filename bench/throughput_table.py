"""Turns the raw results of bench/train-throughput or bench/soft-label-throughput into Markdown.

Usage: throughput_table.py train|soft-labels|profile RESULTS.jsonl
"""

import json
import statistics
import sys


def malloc_setup(machine):
    """The glibc malloc settings of each side, as the run recorded them (older runs did not)."""
    if "djlGlibcTunables" not in machine:
        return ""
    djl = machine["djlGlibcTunables"] or "glibc's defaults"
    pytorch = machine.get("pytorchGlibcTunables") or "glibc's defaults"
    return f"; malloc: DJL steps `{djl}` (the launcher's), PyTorch `{pytorch}`"


def records(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def spread(values, digits=0):
    fmt = f"{{:,.{digits}f}}"
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def machine_lines(rows):
    machine = next(r["machine"] for r in rows if "machine" in r)
    end = next((r["loadAtEnd"] for r in rows if "loadAtEnd" in r), None)
    loads = [r["load"] for r in rows if "load" in r]
    return [
        f"- Machine: {machine['nproc']} cores ({machine['cpu']}), {machine['memoryGiB']} GiB,"
        f" Linux {machine['kernel']}, {machine['java']}, Python {machine['python']}",
        f"- Date: {machine['date']}",
        f"- Load average (1 min): {machine['loadAtStart']} at start, {end} at end,"
        f" {min(loads)}–{max(loads)} before the individual runs",
        f"- Command: `{machine['command']}` (commit {machine.get('steps', '?')})",
    ]


def whole_run(history):
    """Samples/s over every epoch of a run, warm-up included (equal epochs: the harmonic mean)."""
    return len(history) / sum(1 / e["samplesPerSecond"] for e in history)


def warmup_words(warmup):
    return "the first is warm-up" if warmup == 1 else f"the first {warmup} are warm-up"


def train_table(rows):
    runs = [r for r in rows if "side" in r]
    machine = next(r["machine"] for r in rows if "machine" in r)
    warmup = machine.get("warmupEpochs", 1)
    models = list(dict.fromkeys(r["model"] for r in runs))
    out = machine_lines(rows)
    out.append(
        f"- Setup: batch {machine['batchSize']}, Adam (lr 0.001), {machine['threads']} intra-op and"
        f" inter-op threads, first {machine['limit']:,} Fashion-MNIST training images in memory,"
        f" {machine['epochs']} epochs per run of which {warmup_words(warmup)} and not counted,"
        f" {machine['reps']} runs per side interleaved DJL, PyTorch, DJL, PyTorch"
        + malloc_setup(machine)
    )
    out.append("")
    out.append(
        "| Model | Parameters (DJL / PyTorch) | DJL samples/s | PyTorch eager samples/s"
        " | DJL / PyTorch (medians) | Paired ratio per rep | Best epoch DJL / PyTorch |"
    )
    out.append("| --- | --- | --- | --- | --- | --- | --- |")
    for model in models:
        side = {}
        params = {}
        per_rep = {}
        for name in ("djl", "pytorch"):
            mine = [r for r in runs if r["model"] == model and r["side"] == name]
            side[name] = [e["samplesPerSecond"] for r in mine for e in r["history"][warmup:]]
            params[name] = {r["parameters"] for r in mine}
            per_rep[name] = {
                r["rep"]: statistics.median(e["samplesPerSecond"] for e in r["history"][warmup:])
                for r in mine
            }
        same = "equal" if params["djl"] == params["pytorch"] and len(params["djl"]) == 1 else "DIFFER"
        paired = [per_rep["djl"][k] / per_rep["pytorch"][k] for k in per_rep["djl"] if k in per_rep["pytorch"]]
        ratio = statistics.median(side["djl"]) / statistics.median(side["pytorch"])
        out.append(
            f"| `{model}` | {'/'.join(f'{p:,}' for p in sorted(params['djl']))} /"
            f" {'/'.join(f'{p:,}' for p in sorted(params['pytorch']))} ({same})"
            f" | {spread(side['djl'])} | {spread(side['pytorch'])} | {ratio:.2f}"
            f" | {spread(paired, 2)} | {max(side['djl']):,.0f} / {max(side['pytorch']):,.0f}"
            f" = {max(side['djl']) / max(side['pytorch']):.2f} |"
        )
    out.append("")
    out.append(
        "Cells: median of the steady-state epochs (min–max) over all runs; the paired ratio divides"
        " each DJL run's median epoch by the PyTorch run right after it; the best epoch of each side"
        " is the one least disturbed by other load on the machine."
    )
    if machine["epochs"] > 2:
        out.extend(per_epoch_table(runs, models))
    return out


def per_epoch_table(runs, models):
    """Each epoch's median over the runs, with the whole run (warm-up included) beside it."""
    epochs = min(len(r["history"]) for r in runs)
    out = [
        "",
        "| Model | Side | " + " | ".join(f"Epoch {i}" for i in range(1, epochs + 1)) + " | Whole run |",
        "| --- | --- |" + " --- |" * (epochs + 1),
    ]
    for model in models:
        ratios = []
        medians = {}
        for name, label in (("djl", "DJL"), ("pytorch", "PyTorch eager")):
            mine = [r for r in runs if r["model"] == model and r["side"] == name]
            medians[name] = [
                statistics.median(r["history"][i]["samplesPerSecond"] for r in mine) for i in range(epochs)
            ] + [statistics.median(whole_run(r["history"][:epochs]) for r in mine)]
            out.append(f"| `{model}` | {label} | " + " | ".join(f"{v:,.0f}" for v in medians[name]) + " |")
        ratios = [d / p for d, p in zip(medians["djl"], medians["pytorch"])]
        out.append(f"| `{model}` | DJL / PyTorch | " + " | ".join(f"{v:.2f}" for v in ratios) + " |")
        for name, label in (("djl", "DJL"), ("pytorch", "PyTorch")):
            mine = [r for r in runs if r["model"] == model and r["side"] == name]
            for row in ACCOUNTING_ROWS:
                line = accounting_row(mine, epochs, *row)
                if line:
                    out.append(f"| `{model}` | {label}, {line} |")
    out.append("")
    out.append(
        "Per epoch: samples/s, median over the runs (epochs are timed around their batches only, so"
        " neither side's start-up is in epoch 1); whole run: every epoch's batches"
        " together, warm-up included, median over the runs. Where the run read them"
        " (bench/epoch_accounting.py, from /proc at the end of each epoch; epoch 1 includes the"
        " process's start-up), each side's CPU seconds (all its threads, user and system), the"
        " part in the kernel, the page faults (pages mapped and zeroed at first touch) and the"
        " CPU seconds of the JVM's C1 and C2 compiler threads, each the median over the runs; the"
        " last cell sums the epochs."
    )
    return out


# What the per-epoch table shows of bench/epoch_accounting.py's readings: the row's label, how to
# read one epoch of one run, and the cell's format.
ACCOUNTING_ROWS = (
    ("CPU s", lambda r, i: r["userCpuSeconds"][i] + r["systemCpuSeconds"][i], "{:.2f}"),
    ("system CPU s", lambda r, i: r["systemCpuSeconds"][i], "{:.2f}"),
    ("page faults (thousands)", lambda r, i: r["minorFaults"][i] / 1000, "{:.1f}"),
    ("JIT compiler CPU s", lambda r, i: r["compilerCpuSeconds"][i], "{:.2f}"),
)


def accounting_row(runs, epochs, label, value, fmt):
    """One side's cells of an accounting row, or None where a run lacks the reading."""
    try:
        cells = [statistics.median(value(r, i) for r in runs) for i in range(epochs)]
        total = statistics.median(sum(value(r, i) for i in range(epochs)) for r in runs)
    except (KeyError, IndexError, statistics.StatisticsError):
        return None
    return f"{label} | " + " | ".join(fmt.format(v) for v in cells) + " | " + fmt.format(total)


def soft_label_table(rows):
    runs = [r for r in rows if "precision" in r]
    machine = next(r["machine"] for r in rows if "machine" in r)
    out = machine_lines(rows)
    out.append(
        f"- Setup: teacher `{machine['teacher']}` trained once by the bench, labelling all"
        f" {machine['samples']:,} Fashion-MNIST training images, batch {machine['batchSize']},"
        f" {machine['threads']} threads, {machine['reps']} runs per precision interleaved"
        + malloc_setup(machine)
    )
    out.append("")
    out.append(
        "| Precision | Labelling samples/s (step metric) | Whole step samples/s"
        " | Logit bytes / sample | Artifact bytes / sample |"
    )
    out.append("| --- | --- | --- | --- | --- |")
    for precision in list(dict.fromkeys(r["precision"] for r in runs)):
        mine = [r for r in runs if r["precision"] == precision]
        out.append(
            f"| {precision} | {spread([r['samplesPerSecond'] for r in mine])}"
            f" | {spread([r['samples'] / r['stepSeconds'] for r in mine])}"
            f" | {spread([r['bytesPerSample'] for r in mine], 1)}"
            f" | {spread([r['artifactBytes'] / r['samples'] for r in mine], 2)} |"
        )
    reference = [r for r in rows if r.get("side") == "pytorch-inference"]
    if reference:
        out.append(
            f"| PyTorch eager inference, same network (reference) |"
            f" {spread([r['samplesPerSecond'] for r in reference])} | – | – | – |"
        )
    out.append("")
    out.append(
        "Labelling samples/s is the step's own `samplesPerSecond` (teacher load and forward passes);"
        " whole step divides the samples by the step's process wall time (JVM start, data, labelling,"
        " writing, publishing). Artifact bytes count every file the step published. The PyTorch"
        " reference times only the forward passes over the same images in memory, same batch."
    )
    return out


def profile_table(rows):
    runs = [r for r in rows if "side" in r]
    phases = list(next(r["msPerBatch"] for r in runs))
    out = machine_lines(rows)
    out.append("")
    out.append("| Loop | samples/s | " + " | ".join(f"{p} ms" for p in phases) + " | total ms |")
    out.append("| --- | --- | " + " | ".join("---" for _ in phases) + " | --- |")
    for side, variant in dict.fromkeys((r["side"], r["variant"]) for r in runs):
        mine = [r for r in runs if r["side"] == side and r["variant"] == variant]
        cells = [spread([e for r in mine for e in r["samplesPerSecond"]])]
        cells += [f"{statistics.median(r['msPerBatch'][p] for r in mine):.2f}" for p in phases]
        cells.append(f"{statistics.median(sum(r['msPerBatch'].values()) for r in mine):.1f}")
        name = "PyTorch eager" if side == "pytorch" else f"DJL, {variant}"
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out.append("")
    out.append("Fastest batch of 128 per phase (ms), the least disturbed by other load; minimum over runs:")
    out.append("")
    out.append("| Loop | " + " | ".join(f"{p} ms" for p in phases) + " | sum ms | samples/s at that pace |")
    out.append("| --- | " + " | ".join("---" for _ in phases) + " | --- | --- |")
    for side, variant in dict.fromkeys((r["side"], r["variant"]) for r in runs):
        mine = [r for r in runs if r["side"] == side and r["variant"] == variant]
        best = {p: min(r["fastestMsPerBatch"][p] for r in mine) for p in phases}
        total = sum(best.values())
        name = "PyTorch eager" if side == "pytorch" else f"DJL, {variant}"
        out.append(
            f"| {name} | " + " | ".join(f"{best[p]:.2f}" for p in phases)
            + f" | {total:.1f} | {128 / total * 1000:,.0f} |"
        )
    out.append("")
    out.append(
        "First table: mean milliseconds per batch of 128 in each phase (steady-state epochs), median"
        " over runs; samples/s: median (min–max) of the steady-state epochs."
    )
    return out


def main():
    tables = {"train": train_table, "soft-labels": soft_label_table, "profile": profile_table}
    if len(sys.argv) != 3 or sys.argv[1] not in tables:
        sys.exit(__doc__.strip())
    rows = records(sys.argv[2])
    lines = tables[sys.argv[1]](rows)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
