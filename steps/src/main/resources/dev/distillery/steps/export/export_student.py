"""Turns a student exported as model.py + model.safetensors into ONNX or TorchScript.

    python export_student.py FOLDER onnx|torchscript OUTPUT_FILE

Run by `distillery-step export`. It loads the generated module, exports it (ONNX: the TorchScript-based
torch.onnx.export, opset 17, batch axis dynamic; TorchScript: torch.jit.script), then runs the
exported file on a batch of 8 random inputs and prints the largest difference from the module's own
logits as `largest difference D`. Exit 3: a package it needs is missing.
"""
import importlib.util
import sys

try:
    import torch
except ImportError as e:
    print(f"needs PyTorch: {e}", file=sys.stderr)
    sys.exit(3)


def load_module(folder):
    spec = importlib.util.spec_from_file_location("student_model", f"{folder}/model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(folder, fmt, output):
    module = load_module(folder)
    net = module.load(f"{folder}/model.safetensors")
    torch.manual_seed(0)
    check = torch.randn(8, *module.INPUT_SHAPE)
    example = check[:2]
    with torch.no_grad():
        expected = net(check)
    if fmt == "torchscript":
        scripted = torch.jit.script(net)
        scripted.save(output)
        with torch.no_grad():
            got = torch.jit.load(output)(check)
    elif fmt == "onnx":
        try:
            import onnx
            from onnx.reference import ReferenceEvaluator
        except ImportError as e:
            print(f"needs the onnx package: {e}", file=sys.stderr)
            sys.exit(3)
        torch.onnx.export(
            net,
            (example,),
            output,
            input_names=["input"],
            output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
        onnx.checker.check_model(onnx.load(output), full_check=True)
        (got,) = ReferenceEvaluator(output).run(None, {"input": check.numpy()})
        got = torch.from_numpy(got)
    else:
        raise SystemExit(f"unknown format {fmt}")
    print(f"torch {torch.__version__}")
    print(f"largest difference {(got - expected).abs().max().item():.3e}")


if __name__ == "__main__":
    main(*sys.argv[1:])
