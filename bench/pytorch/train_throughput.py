"""PyTorch eager mirror of `distillery-step train` for the training-throughput benchmark.

Trains the same network as the steps' model zoo (mlp:1200,1200 or cnn:32,64), layer for layer,
with the same loop shape as the steps' EpochLoop: the first N Fashion-MNIST training images held
in memory as one normalized float32 tensor, a seeded shuffle per epoch, batches of 128, Adam
(lr 1e-3, betas 0.9/0.999, eps 1e-8), softmax cross-entropy, and per batch the loss and the count
of correct predictions read back to the host (as the steps do to stop on a NaN loss and report
train accuracy). Prints one JSON line: parameters and samples/s of every epoch.

With --device cuda the network and the optimizer live on the GPU and, like the steps, each batch
is gathered and normalized on the host and copied to the GPU (pageable memory, as DJL copies a
Java array); --resident keeps the whole training set on the GPU instead, the ceiling that shows
what host-side batch assembly costs.
"""

import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4 : 4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return path
    sys.exit(f"train_throughput.py: {folder} has no {stem}(.gz)")


def mlp(hidden, classes):
    layers = [nn.Flatten()]
    inputs = 28 * 28
    for units in hidden:
        layers += [nn.Linear(inputs, units), nn.ReLU()]
        inputs = units
    return nn.Sequential(*layers, nn.Linear(inputs, classes))


def cnn(channels, classes, head=128):
    # ModelZoo.cnn: per size a 3x3 conv (padding 1, stride 1, bias), batch norm, ReLU and a 2x2
    # max pool (stride 2) while the image is at least 2x2; then flatten, dense head, ReLU, logits.
    layers = []
    in_channels, size = 1, 28
    for out_channels in channels:
        layers += [
            nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1),
            nn.BatchNorm2d(out_channels, eps=1e-5, momentum=0.1),
            nn.ReLU(),
        ]
        if size >= 2:
            layers.append(nn.MaxPool2d(2, 2))
            size //= 2
        in_channels = out_channels
    return nn.Sequential(
        *layers,
        nn.Flatten(),
        nn.Linear(in_channels * size * size, head),
        nn.ReLU(),
        nn.Linear(head, classes),
    )


def build(spec, classes):
    family, sizes = spec.split(":", 1)
    sizes = [int(s) for s in sizes.split(",")]
    if family == "mlp":
        return mlp(sizes, classes)
    if family == "cnn":
        return cnn(sizes, classes)
    sys.exit(f"train_throughput.py: unsupported model {spec!r} (mlp:... or cnn:...)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--limit", type=int, required=True)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument("--resident", action="store_true", help="the data lives on the device")
    args = parser.parse_args()
    device = torch.device(args.device)

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.threads)
    torch.manual_seed(args.seed)

    images = read_idx(find(args.data, "train-images-idx3-ubyte"))[: args.limit]
    labels = read_idx(find(args.data, "train-labels-idx1-ubyte"))[: args.limit]
    scaled = images.astype(np.float64) / 255.0
    mean, std = scaled.mean(), scaled.std()
    x = torch.from_numpy(((scaled - mean) / std).astype(np.float32)).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(labels.astype(np.int64))
    classes = int(y.max()) + 1

    if args.resident:
        x, y = x.to(device), y.to(device)
    model = build(args.model, classes).to(device)
    parameters = sum(p.numel() for p in model.parameters() if p.requires_grad)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(args.seed)
    model.train()

    epochs = []
    n = x.shape[0]
    for epoch in range(1, args.epochs + 1):
        order = torch.randperm(n, generator=generator).to(x.device)
        loss_sum, correct = 0.0, 0
        started = time.perf_counter()
        for start in range(0, n, args.batch_size):
            index = order[start : start + args.batch_size]
            inputs, targets = x[index].to(device), y[index].to(device)
            optimizer.zero_grad(set_to_none=True)
            logits = model(inputs)
            loss = loss_fn(logits, targets)
            loss.backward()
            optimizer.step()
            value = loss.item()
            if not np.isfinite(value):
                sys.exit(f"loss became {value} at epoch {epoch}")
            loss_sum += value * len(index)
            correct += int((logits.argmax(1) == targets).sum().item())
        seconds = time.perf_counter() - started
        epochs.append(
            {
                "epoch": epoch,
                "samplesPerSecond": n / seconds,
                "seconds": seconds,
                "loss": loss_sum / n,
                "trainAccuracy": correct / n,
            }
        )
        print(f"epoch {epoch}: {n / seconds:.0f} samples/s", file=sys.stderr)

    print(
        json.dumps(
            {
                "side": "pytorch",
                "model": args.model,
                "device": str(device) + (" (resident data)" if args.resident else ""),
                "batchSize": args.batch_size,
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "interopThreads": torch.get_num_interop_threads(),
                "parameters": parameters,
                "samples": n,
                "history": epochs,
            }
        )
    )


if __name__ == "__main__":
    main()
