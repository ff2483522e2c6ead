"""Prints the Markdown table of a bench/int8/run results file (JSON lines)."""
import json
import sys


def main(path):
    rows = [json.loads(line) for line in open(path)]
    machine = rows[0]["machine"]
    print(f"{machine['date']}, {machine['cpu']} ({machine['nproc']} cores visible), "
          f"steps at {machine['steps']}, load {machine['load']} at the start; "
          f"`{machine['command']}`\n")
    print("| Student | Parameters | Runtime | Variant | Test accuracy | Agrees with float | Bytes | "
          "ms / image, batch 1 | ms / image, batch 256 | Load |")
    print("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows[1:]:
        agreement = "" if r["agreement"] is None else f"{100 * r['agreement']:.2f} %"
        accuracy = f"{100 * r['accuracy']:.2f} %"
        if r["variant"] == "float32":
            accuracy += f" (DJL {100 * r['djlTestAccuracy']:.2f} %)"
        runtime = r.get("runtime", "ONNX Runtime")
        if runtime == "libtorch":
            variant = "int8, dynamic" if r["variant"] == "int8" else r["variant"]
            single = f"{r['latencyMillisMean']:.3f} (mean)"
        else:
            variant = "int8, static QDQ" if r["variant"] == "int8" else r["variant"]
            single = f"{r['latencyMillisMedian']:.3f} (median)"
        print(f"| `{r['model']}` | {r['parameters']:,} | {runtime} | {variant} | {accuracy} | {agreement} | "
              f"{r['bytes']:,} | {single} | {r['batch256MillisPerImage']:.4f} | {r['load']} |")
    r = next(r for r in rows[1:] if r.get("runtime", "ONNX Runtime") == "ONNX Runtime")
    print(f"\nONNX Runtime {r['onnxruntime']} on the CPU, {r['threads']} intra-op thread(s); int8 "
          f"calibrated on {r['calibrationImages']} training images; {r['testImages']:,} test images. "
          f"libtorch: the report step's TorchScript exports (DJL's PyTorch engine, {r['threads']} "
          f"thread(s)); batch 1 is the mean of 100 single images after 5 warm-up images, through the "
          f"step's Java input path.")


if __name__ == "__main__":
    main(sys.argv[1])
