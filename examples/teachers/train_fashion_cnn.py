"""Trains a small CNN teacher on Fashion-MNIST with PyTorch and exports it the two ways Distillery
imports a teacher: TorchScript (run by DJL's PyTorch engine) and ONNX (run by ONNX Runtime).

The teacher is an "RGB teacher" on purpose: it takes 3x32x32 images normalized with ImageNet's
per-channel mean and std, as most teachers trained elsewhere do, so that it can only teach
Distillery's 1x28x28 grey students through the input contract that teacher.json declares
(grey repeated into RGB, bilinear resize, per-channel normalization). The ONNX export also takes
its input channels last (NHWC) and gives its logits in alphabetical class order, so the contract's
layout and class order are exercised too.

Writes, next to this file:
  fashion-cnn-torchscript/{model.pt, teacher.json}
  fashion-cnn-onnx/{model.onnx, teacher.json}
  pytorch-logits.json   PyTorch's logits for the first 100 test images, in the data's class order

Run from the repository root (torch 2.7.1, the libtorch DJL 0.36.0 loads; .ci/torch-venv makes
the venv):  "$(.ci/torch-venv)" examples/teachers/train_fashion_cnn.py [--epochs 1] [--data DIR]
ImportedTeacherIT checks DJL's logits for both files against pytorch-logits.json within 1e-4.
"""

import argparse
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from fashion_mnist import (CLASSES, contract, read_idx, teacher_input, write_json,
                           write_pytorch_logits)

HERE = Path(__file__).resolve().parent
SIZE = 32


class FashionCnn(nn.Module):
    """Two conv blocks with batch norm, dropout, one hidden layer: about 0.1 M parameters."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.head = nn.Sequential(
            nn.Flatten(), nn.Linear(32 * 4 * 4, 128), nn.ReLU(), nn.Dropout(0.3),
            nn.Linear(128, len(CLASSES)))

    def forward(self, x):
        return self.head(self.features(x))


class ChannelsLastAlphabetical(nn.Module):
    """The ONNX export's face: NHWC input, logits in alphabetical class order."""

    def __init__(self, net, order):
        super().__init__()
        self.net = net
        self.register_buffer("order", torch.tensor(order, dtype=torch.long))

    def forward(self, x):
        return self.net(x.permute(0, 3, 1, 2)).index_select(1, self.order)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    data = Path(args.data)
    train_x = read_idx(data / "train-images-idx3-ubyte.gz")
    train_y = torch.from_numpy(read_idx(data / "train-labels-idx1-ubyte.gz"))
    test_x = read_idx(data / "t10k-images-idx3-ubyte.gz")
    test_y = torch.from_numpy(read_idx(data / "t10k-labels-idx1-ubyte.gz"))
    test_input = teacher_input(test_x, SIZE)

    net = FashionCnn()
    optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
    for epoch in range(args.epochs):
        started = time.time()
        net.train()
        order = torch.randperm(len(train_y))
        for i in range(0, len(order), 128):
            batch = order[i:i + 128]
            loss = F.cross_entropy(net(teacher_input(train_x[batch.numpy()], SIZE)), train_y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        net.eval()
        with torch.no_grad():
            accuracy = (net(test_input).argmax(1) == test_y).float().mean().item()
        print(f"epoch {epoch + 1}: test accuracy {accuracy:.4f} ({time.time() - started:.0f} s)")

    net.eval()
    parameters = sum(p.numel() for p in net.parameters())
    scripted_dir = HERE / "fashion-cnn-torchscript"
    onnx_dir = HERE / "fashion-cnn-onnx"
    scripted_dir.mkdir(exist_ok=True)
    onnx_dir.mkdir(exist_ok=True)
    torch.jit.script(net).save(str(scripted_dir / "model.pt"))
    write_json(scripted_dir / "teacher.json",
               contract("torchscript", "model.pt", SIZE, "NCHW", CLASSES, parameters))

    alphabetical = sorted(range(len(CLASSES)), key=lambda c: CLASSES[c])
    wrapped = ChannelsLastAlphabetical(net, alphabetical).eval()
    torch.onnx.export(
        wrapped, (test_input[:2].permute(0, 2, 3, 1).contiguous(),), str(onnx_dir / "model.onnx"),
        input_names=["image"], output_names=["logits"], opset_version=17,
        dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}}, dynamo=False)
    write_json(onnx_dir / "teacher.json",
               contract("onnx", "model.onnx", SIZE, "NHWC",
                        [CLASSES[c] for c in alphabetical], parameters))

    with torch.no_grad():
        logits = net(test_input[:100])
    write_pytorch_logits(HERE / "pytorch-logits.json", "train_fashion_cnn.py", logits, test_y,
                         round(accuracy, 4))
    print(f"wrote {scripted_dir}, {onnx_dir} and pytorch-logits.json ({parameters} parameters)")


if __name__ == "__main__":
    main()
