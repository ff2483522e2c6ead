"""Fashion-MNIST as an RGB teacher trained elsewhere sees it, shared by the teacher scripts here.

The teacher side of a teacher.json input contract, in PyTorch: Distillery applies the same
contract per sample (grey repeated into RGB, bilinear resize with half-pixel centres and no
antialiasing, per-channel normalization), so a teacher trained on `teacher_input` sees in
Distillery exactly what it saw in training.
"""

import gzip
import json
import struct

import numpy as np
import torch
import torch.nn.functional as F

CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def read_idx(path):
    """An IDX file of images (N x rows x cols uint8) or labels (N int64)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(count, rows, cols)
    if magic == 2049:
        return np.frombuffer(data, np.uint8, offset=8).astype(np.int64)
    raise ValueError(f"{path}: not an IDX image or label file (magic {magic})")


def teacher_input(grey, size):
    """The contract in PyTorch: pixels to 0..1, grey to RGB, bilinear resize to size x size
    (half-pixel centres, no antialiasing), ImageNet normalization. N x 28 x 28 uint8 in,
    N x 3 x size x size float out."""
    x = torch.from_numpy(np.array(grey)).float().div(255).unsqueeze(1)
    x = x.expand(-1, 3, -1, -1)
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False, antialias=False)
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    return (x - mean) / std


def contract(fmt, file, size, layout, class_names, parameters):
    """The teacher.json of a 3 x size x size teacher normalized as `teacher_input` does."""
    return {
        "format": fmt,
        "file": file,
        "input": {"channels": 3, "height": size, "width": size, "layout": layout,
                  "mean": MEAN, "std": STD},
        "classNames": class_names,
        "parameters": parameters,
    }


def write_json(path, value):
    path.write_text(json.dumps(value, indent=2) + "\n")


def write_pytorch_logits(path, script, logits, labels, test_accuracy):
    """pytorch-logits.json: PyTorch's logits of the first 100 test images (in the data's class
    order), which the tests compare DJL's logits of the exported teacher with."""
    write_json(path, {
        "description": "PyTorch's logits of the first 100 Fashion-MNIST test images, in the"
                       f" data's class order, from examples/teachers/{script}",
        "torch": torch.__version__,
        "testAccuracy": test_accuracy,
        "classNames": CLASSES,
        "labels": labels[:100].tolist(),
        "logits": [[float(v) for v in row] for row in logits],
    })
