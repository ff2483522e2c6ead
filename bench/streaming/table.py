"""Renders bench/streaming/run's results (JSON lines) as the Markdown of docs/BENCHMARKS.md."""
import json
import sys


def main(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    machine = next(r["machine"] for r in rows if "machine" in r)
    end = next((r["loadAtEnd"] for r in rows if "loadAtEnd" in r), None)
    runs = [r for r in rows if "kind" in r]
    print(f"- Machine: {machine['nproc']} cores ({machine['cpu']}), {machine['memoryGiB']} GiB, "
          f"Linux {machine['kernel']}, {machine['java']}")
    print(f"- Date: {machine['date']}; load average (1 min) {machine['load']} at start, {end} at end, "
          + ", ".join(f"{r['load']}" for r in runs) + " before the runs")
    print(f"- Command: `{machine['command']}` (commit {machine['steps']})")
    print(f"- Data: {machine['images']:,} PNG images of 3x{machine['size']}x{machine['size']}, "
          f"{machine['rawBytes'] / 2**30:.2f} GiB of raw pixels ({machine['diskBytes'] / 2**30:.2f} GiB "
          f"of files); model `{machine['model']}`, batch 128, Adam, {machine['threads']} engine "
          f"threads, heap -Xmx{machine['xmx']}; train: one epoch on 90 % of the images, validated "
          f"on the other 10 %; soft labels: every image, fp16")
    print()
    print("| Step | Workers | Samples/s | Training thread getting batches | Wall time | Peak RSS |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in runs:
        if r["kind"] == "train":
            epoch = r["history"][0]
            waited = f"{epoch.get('dataSeconds', 0):.0f} s of {epoch['seconds']:.0f} s"
            rate = epoch["samplesPerSecond"]
        else:
            waited = "–"
            rate = r["samplesPerSecond"]
        print(f"| {r['kind']} | {r['workers']} | {rate:,.0f} | {waited} | {r['wallSeconds']:.0f} s "
              f"| {r['peakRssKiB'] / 1024:,.0f} MiB |")
    print()
    print("Samples/s: train, the epoch's (steps' `EpochLoop`, batches only); soft-labels, the "
          "labelling pass. Wall time: the whole step (JVM start, listing and checking every image "
          "header, the normalization pass, the epoch, validation, writing). Peak RSS: "
          "`/usr/bin/time -f %M` (heap plus libtorch's native memory).")


if __name__ == "__main__":
    main(sys.argv[1])
