"""Turns a student exported as model.py + model.safetensors into TorchScript.

    python export_student.py FOLDER torchscript OUTPUT_FILE

Run by `distillery-step export --format torchscript` (ONNX is written in Java). It loads the
generated module, scripts it (torch.jit.script), then runs the saved file on a batch of 8 random
inputs and prints the largest difference from the module's own logits as `largest difference D`.
Exit 3: torch is missing.
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
    with torch.no_grad():
        expected = net(check)
    if fmt == "torchscript":
        scripted = torch.jit.script(net)
        scripted.save(output)
        with torch.no_grad():
            got = torch.jit.load(output)(check)
    else:
        raise SystemExit(f"unknown format {fmt}")
    print(f"torch {torch.__version__}")
    print(f"largest difference {(got - expected).abs().max().item():.3e}")


if __name__ == "__main__":
    main(*sys.argv[1:])
