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
          "ms / image, batch 1 (median) | ms / image, batch 256 | Load |")
    print("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows[1:]:
        agreement = "" if r["agreement"] is None else f"{100 * r['agreement']:.2f} %"
        accuracy = f"{100 * r['accuracy']:.2f} %"
        if r["variant"] == "float32":
            accuracy += f" (DJL {100 * r['djlTestAccuracy']:.2f} %)"
        runtime = r.get("runtime", "ONNX Runtime")
        kind = "dynamic" if runtime == "libtorch" else "static QDQ"
        variant = f"int8, {kind}" if r["variant"] == "int8" else r["variant"]
        single = f"{r['latencyMillisMedian']:.3f}"
        print(f"| `{r['model']}` | {r['parameters']:,} | {runtime} | {variant} | {accuracy} | {agreement} | "
              f"{r['bytes']:,} | {single} | {r['batch256MillisPerImage']:.4f} | {r['load']} |")
    r = next(r for r in rows[1:] if r.get("runtime", "ONNX Runtime") == "ONNX Runtime")
    print(f"\nONNX Runtime {r['onnxruntime']} on the CPU, {r['threads']} intra-op thread(s); int8 "
          f"calibrated on {r['calibrationImages']} training images; {r['testImages']:,} test images. "
          f"libtorch: the report step's TorchScript exports in DJL's PyTorch engine, {r['threads']} "
          f"thread(s), the forward pass on a prepared input from Java (median of 200 single images "
          f"and of 10 batches of 256).")


if __name__ == "__main__":
    main(sys.argv[1])
