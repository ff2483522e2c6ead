"""PyTorch eager side of bench/djl's TrainingStepProfile: the same training batch of
train_throughput.py, timed phase by phase (batch, forward, loss, backward, readback, optimizer),
steady-state epochs only. Prints one JSON line with, for each phase, the mean milliseconds per batch
and the fastest full batch.
"""

import argparse
import json
import time

import numpy as np
import torch
from torch import nn

from train_throughput import build, find, read_idx


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--limit", type=int, required=True)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.threads)
    torch.manual_seed(42)
    images = read_idx(find(args.data, "train-images-idx3-ubyte"))[: args.limit]
    labels = read_idx(find(args.data, "train-labels-idx1-ubyte"))[: args.limit]
    scaled = images.astype(np.float64) / 255.0
    x = torch.from_numpy(((scaled - scaled.mean()) / scaled.std()).astype(np.float32))
    x = x.reshape(-1, 1, 28, 28)
    y = torch.from_numpy(labels.astype(np.int64))
    model = build(args.model, 10)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    phases = ["batch", "forward", "loss", "backward", "readback", "optimizer"]
    totals = dict.fromkeys(phases, 0.0)
    fastest = dict.fromkeys(phases, float("inf"))
    rates, batches, n = [], 0, x.shape[0]
    for epoch in range(1, args.epochs + 1):
        order = torch.randperm(n)
        spent = dict.fromkeys(phases, 0.0)
        started = time.perf_counter()
        for start in range(0, n, 128):
            t0 = time.perf_counter()
            index = order[start : start + 128]
            inputs, targets = x[index], y[index]
            t1 = time.perf_counter()
            optimizer.zero_grad(set_to_none=True)
            logits = model(inputs)
            t2 = time.perf_counter()
            loss = loss_fn(logits, targets)
            t3 = time.perf_counter()
            loss.backward()
            t4 = time.perf_counter()
            loss.item()
            int((logits.argmax(1) == targets).sum().item())
            t5 = time.perf_counter()
            optimizer.step()
            t6 = time.perf_counter()
            for name, dt in zip(phases, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)):
                spent[name] += dt
                if epoch > 1 and len(index) == 128:
                    fastest[name] = min(fastest[name], dt)
        if epoch > 1:
            rates.append(n / (time.perf_counter() - started))
            batches += (n + 127) // 128
            for name in phases:
                totals[name] += spent[name]
    print(
        json.dumps(
            {
                "side": "pytorch",
                "model": args.model,
                "samplesPerSecond": rates,
                "msPerBatch": {k: round(v * 1000 / batches, 3) for k, v in totals.items()},
                "fastestMsPerBatch": {k: round(v * 1000, 3) for k, v in fastest.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
