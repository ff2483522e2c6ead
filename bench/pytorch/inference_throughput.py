"""PyTorch eager reference for the soft-label benchmark: the teacher's network (same layers as the
steps' model zoo, see train_throughput.py) in eval mode under torch.inference_mode over every
Fashion-MNIST training image held in memory, in batches, logits copied out to one float32 array as
the soft-labels step does. Weights are freshly initialized: speed does not depend on their values.
Prints one JSON line with samples/s.
"""

import argparse
import json
import time

import numpy as np
import torch

from train_throughput import build, find, read_idx


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--batch-size", type=int, default=512)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.threads)
    images = read_idx(find(args.data, "train-images-idx3-ubyte"))
    scaled = images.astype(np.float64) / 255.0
    x = torch.from_numpy(((scaled - scaled.mean()) / scaled.std()).astype(np.float32))
    x = x.reshape(-1, 1, 28, 28)
    model = build(args.model, 10).eval()
    n = x.shape[0]
    logits = np.empty((n, 10), dtype=np.float32)
    started = time.perf_counter()
    with torch.inference_mode():
        for start in range(0, n, args.batch_size):
            logits[start : start + args.batch_size] = model(x[start : start + args.batch_size]).numpy()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {"side": "pytorch-inference", "model": args.model, "samples": n,
             "samplesPerSecond": n / seconds, "seconds": seconds}
        )
    )


if __name__ == "__main__":
    main()
