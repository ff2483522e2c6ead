"""Trains torchvision's GoogLeNet on Fashion-MNIST and exports it as a teacher for Distillery.

GoogLeNet (Szegedy et al. 2015, "Going deeper with convolutions"; torchvision's version with batch
norm) is the classic example of a model too large for a phone: 5.6 M parameters, 22 MB of float32.
Here it is trained from scratch (no pretrained weights, 10 classes) on Fashion-MNIST upscaled to
RGB (`--size` x `--size`, ImageNet normalization), the way a teacher trained elsewhere would be,
and handed to Distillery through a teacher.json input contract: examples/googlenet.yaml distills
it into 1x28x28 grey students small enough for a phone.

The training images are split once (seeded) into training and validation; the epoch with the best
validation accuracy is the one exported, and the test images are scored only once, at the end.
Augmentation: a random crop of the 28x28 image padded by 2, and a horizontal flip.

Writes into --out:
  torchscript/{model.pt, teacher.json}   traced in eval mode: one input, one logits output
  onnx/{model.onnx, teacher.json}        the same network for ONNX Runtime
  googlenet.json                         what was trained and measured (per-epoch validation
                                         accuracy, the chosen epoch, test accuracy, seconds)
  pytorch-logits.json                    PyTorch's logits for the first 100 test images

Run from the repository root (torch 2.7.1 and torchvision 0.22.1; .ci/torch-venv makes the venv):
  "$(.ci/torch-venv)" examples/teachers/train_googlenet.py [--epochs 8] [--size 32] [--out DIR]
bench/googlenet/run trains it and distills it, and reports both in docs/BENCHMARKS.md;
GoogLeNetTeacherIT trains it briefly and checks that DJL gives PyTorch's logits for both files.
"""

import argparse
import copy
import math
import time
from pathlib import Path

import torch
import torch.nn.functional as F
import torchvision

from fashion_mnist import (CLASSES, contract, read_idx, teacher_input, write_json,
                           write_pytorch_logits)


def augment(grey, generator):
    """A random crop of each 28x28 image padded by 2 (zeros), and a horizontal flip of half."""
    x = torch.from_numpy(grey.copy())
    n = x.shape[0]
    padded = F.pad(x, (2, 2, 2, 2))
    dy = torch.randint(0, 5, (n,), generator=generator)
    dx = torch.randint(0, 5, (n,), generator=generator)
    rows = (dy.view(n, 1) + torch.arange(28)).view(n, 28, 1).expand(n, 28, 28)
    cols = (dx.view(n, 1) + torch.arange(28)).view(n, 1, 28).expand(n, 28, 28)
    cropped = padded[torch.arange(n).view(n, 1, 1), rows, cols]
    flip = torch.rand(n, generator=generator) < 0.5
    cropped[flip] = cropped[flip].flip(-1)
    return cropped.numpy()


def accuracy(net, images, labels, size, batch=500):
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(labels), batch):
            logits = net(teacher_input(images[i:i + batch], size))
            correct += (logits.argmax(1) == labels[i:i + batch]).sum().item()
    return correct / len(labels)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--out", default="/tmp/distillery/googlenet",
                        help="where the exports go (default: the folder examples/googlenet.yaml reads)")
    parser.add_argument("--size", type=int, default=32, help="input height and width (224 in the paper)")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--limit", type=int, default=60000, help="training images to use (first N)")
    parser.add_argument("--val-fraction", type=float, default=0.1)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--weight-decay", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(args.seed)
    data = Path(args.data)
    images = read_idx(data / "train-images-idx3-ubyte.gz")[:args.limit]
    labels = torch.from_numpy(read_idx(data / "train-labels-idx1-ubyte.gz"))[:args.limit]
    order = torch.randperm(len(labels), generator=generator)
    held_out = int(round(len(labels) * args.val_fraction))
    val_index, train_index = order[:held_out].numpy(), order[held_out:]
    val_x, val_y = images[val_index], labels[val_index]

    net = torchvision.models.googlenet(
        weights=None, num_classes=len(CLASSES), aux_logits=False, init_weights=True)
    parameters = sum(p.numel() for p in net.parameters())
    optimizer = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    steps_per_epoch = math.ceil(len(train_index) / args.batch_size)
    total_steps = steps_per_epoch * args.epochs
    warmup = min(steps_per_epoch, total_steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: (
        (s + 1) / warmup if s < warmup
        else 0.5 * (1 + math.cos(math.pi * (s - warmup) / max(1, total_steps - warmup)))))
    print(f"GoogLeNet: {parameters:,} parameters, {args.size}x{args.size} RGB input, "
          f"{len(train_index)} training and {held_out} validation images, {args.epochs} epochs",
          flush=True)

    epochs, best, best_state, started = [], -1.0, None, time.time()
    for epoch in range(1, args.epochs + 1):
        epoch_started = time.time()
        net.train()
        shuffled = train_index[torch.randperm(len(train_index), generator=generator)].numpy()
        seen, loss_sum = 0, 0.0
        for i in range(0, len(shuffled), args.batch_size):
            batch = shuffled[i:i + args.batch_size]
            x = teacher_input(augment(images[batch], generator), args.size)
            loss = F.cross_entropy(net(x), labels[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            seen += len(batch)
            loss_sum += loss.item() * len(batch)
            if (i // args.batch_size) % 50 == 0:
                rate = seen / (time.time() - epoch_started)
                print(f"  epoch {epoch}: {seen}/{len(shuffled)} images, loss {loss_sum / seen:.4f}, "
                      f"{rate:.0f} images/s", flush=True)
        val_accuracy = accuracy(net, val_x, val_y, args.size)
        seconds = time.time() - epoch_started
        epochs.append({"epoch": epoch, "trainLoss": loss_sum / seen,
                       "valAccuracy": val_accuracy, "seconds": round(seconds, 1)})
        print(f"epoch {epoch}: loss {loss_sum / seen:.4f}, validation accuracy {val_accuracy:.4f} "
              f"({seconds:.0f} s)", flush=True)
        if val_accuracy > best:
            best, best_state = val_accuracy, copy.deepcopy(net.state_dict())

    net.load_state_dict(best_state)
    net.eval()
    chosen = max(epochs, key=lambda e: e["valAccuracy"])["epoch"]
    test_x = read_idx(data / "t10k-images-idx3-ubyte.gz")
    test_y = torch.from_numpy(read_idx(data / "t10k-labels-idx1-ubyte.gz"))
    test_accuracy = accuracy(net, test_x, test_y, args.size)
    print(f"chosen epoch {chosen} (validation {best:.4f}): test accuracy {test_accuracy:.4f}")

    out = Path(args.out)
    scripted_dir, onnx_dir = out / "torchscript", out / "onnx"
    scripted_dir.mkdir(parents=True, exist_ok=True)
    onnx_dir.mkdir(parents=True, exist_ok=True)
    example = teacher_input(test_x[:2], args.size)
    with torch.no_grad():
        torch.jit.trace(net, example).save(str(scripted_dir / "model.pt"))
    write_json(scripted_dir / "teacher.json",
               contract("torchscript", "model.pt", args.size, "NCHW", CLASSES, parameters))
    torch.onnx.export(
        net, (example,), str(onnx_dir / "model.onnx"), input_names=["image"],
        output_names=["logits"], opset_version=17,
        dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}}, dynamo=False)
    write_json(onnx_dir / "teacher.json",
               contract("onnx", "model.onnx", args.size, "NCHW", CLASSES, parameters))
    write_json(out / "googlenet.json", {
        "model": "torchvision.models.googlenet(weights=None, num_classes=10, aux_logits=False)",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "parameters": parameters,
        "size": args.size,
        "trainingImages": len(train_index),
        "validationImages": held_out,
        "batchSize": args.batch_size,
        "learningRate": args.lr,
        "weightDecay": args.weight_decay,
        "seed": args.seed,
        "threads": args.threads,
        "epochs": epochs,
        "chosenEpoch": chosen,
        "valAccuracy": best,
        "testAccuracy": test_accuracy,
        "trainingSeconds": round(time.time() - started, 1),
    })
    with torch.no_grad():
        logits = net(teacher_input(test_x[:100], args.size))
    write_pytorch_logits(out / "pytorch-logits.json", "train_googlenet.py", logits, test_y,
                         test_accuracy)
    print(f"wrote {scripted_dir}, {onnx_dir}, googlenet.json and pytorch-logits.json in {out}")


if __name__ == "__main__":
    main()
