"""Prints the Markdown table of a bench/int8/run results file (JSON lines)."""
import json
import sys


def main(path):
    rows = [json.loads(line) for line in open(path)]
    machine = rows[0]["machine"]
    print(f"{machine['date']}, {machine['cpu']} ({machine['nproc']} cores visible), "
          f"steps at {machine['steps']}, load {machine['load']} at the start; "
          f"`{machine['command']}`\n")
    print("| Student | Parameters | Variant | Test accuracy | Agrees with float | Bytes | "
          "ms / image, batch 1 (median) | ms / image, batch 256 | Load |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows[1:]:
        agreement = "" if r["agreement"] is None else f"{100 * r['agreement']:.2f} %"
        accuracy = f"{100 * r['accuracy']:.2f} %"
        if r["variant"] == "float32":
            accuracy += f" (DJL {100 * r['djlTestAccuracy']:.2f} %)"
        print(f"| `{r['model']}` | {r['parameters']:,} | {r['variant']} | {accuracy} | {agreement} | "
              f"{r['bytes']:,} | {r['latencyMillisMedian']:.3f} | {r['batch256MillisPerImage']:.4f} | "
              f"{r['load']} |")
    r = rows[1]
    print(f"\nONNX Runtime {r['onnxruntime']} on the CPU, {r['threads']} intra-op thread(s); int8 "
          f"calibrated on {r['calibrationImages']} training images; {r['testImages']:,} test images.")


if __name__ == "__main__":
    main(sys.argv[1])
