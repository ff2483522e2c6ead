"""Logits of exported Distillery students for the first N test images, computed by real PyTorch (and
the onnx package's reference runtime for ONNX), as a user would load each format.

    python exported_logits.py IMAGES_IDX_GZ N OUTPUT_JSON EXPORT_FOLDER...

pytorch: `import model; model.load()` on model.preprocess(images). torchscript: torch.jit.load of
model.pt; onnx: onnx.reference.ReferenceEvaluator of model.onnx; both on images normalized as their
teacher.json declares. `quantize_dynamic:FOLDER`: the pytorch export in FOLDER made int8 by PyTorch
itself, torch.ao.quantization.quantize_dynamic(module, {nn.Linear}, dtype=torch.qint8), the
reference for `export --quantize int8`. Writes {argument: [[logit, ...], ...]}.
"""
import gzip
import importlib.util
import json
import struct
import sys

import numpy as np
import onnx
import onnx.checker
import onnx.reference
import torch


def read_images(path, n):
    with gzip.open(path, "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        assert magic == 2051, f"{path}: magic {magic}"
        pixels = np.frombuffer(f.read(n * rows * cols), dtype=np.uint8)
    return pixels.reshape(n, 1, rows, cols)


def normalized(images, contract):
    x = torch.from_numpy(images.astype(np.float64)) / 255
    mean = torch.tensor(contract["input"]["mean"], dtype=torch.float64).view(1, -1, 1, 1)
    std = torch.tensor(contract["input"]["std"], dtype=torch.float64).view(1, -1, 1, 1)
    return ((x - mean) / std).to(torch.float32)


def logits(folder, images):
    quantized = folder.startswith("quantize_dynamic:")
    folder = folder.removeprefix("quantize_dynamic:")
    try:
        with open(f"{folder}/teacher.json") as f:
            contract = json.load(f)
    except FileNotFoundError:
        spec = importlib.util.spec_from_file_location(f"student_{abs(hash(folder))}", f"{folder}/model.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        network = module.load()
        if quantized:
            network = torch.ao.quantization.quantize_dynamic(network, {torch.nn.Linear}, dtype=torch.qint8)
        with torch.no_grad():
            return network(module.preprocess(images))
    x = normalized(images, contract)
    if contract["format"] == "torchscript":
        with torch.no_grad():
            return torch.jit.load(f"{folder}/{contract['file']}")(x)
    # The file Distillery writes in Java must pass the onnx package's own full check first.
    onnx.checker.check_model(onnx.load(f"{folder}/{contract['file']}"), full_check=True)
    (out,) = onnx.reference.ReferenceEvaluator(f"{folder}/{contract['file']}").run(None, {"input": x.numpy()})
    return torch.from_numpy(out)


def main(images_path, n, output, *folders):
    images = read_images(images_path, int(n))
    result = {folder: logits(folder, images).tolist() for folder in folders}
    with open(output, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(*sys.argv[1:])
