"""Writes the streaming benchmark's image folder: Fashion-MNIST upscaled to 3 x SIZE x SIZE.

Image i is training image i mod 60,000, resized bilinearly (torch), tinted with a colour drawn from
a generator seeded with --seed and i (so the three channels differ), mirrored left to right from
the second pass over Fashion-MNIST on, and written as an 8-bit RGB PNG to
OUT/train/<class>/<i>.png. The same arguments give the same bytes. Prints the raw pixel bytes.
"""
import argparse
import gzip
import os
import struct
import sys
import zlib

import numpy as np
import torch
import torch.nn.functional as F

CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat",
           "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(count, rows, cols)
    return np.frombuffer(data, np.uint8, offset=8)


def png(path, rgb):
    height, width, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(height))

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n"
                + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--out", required=True)
    parser.add_argument("--images", type=int, default=120_000)
    parser.add_argument("--size", type=int, default=96)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    images = idx(os.path.join(args.source, "train-images-idx3-ubyte.gz"))
    labels = idx(os.path.join(args.source, "train-labels-idx1-ubyte.gz"))
    for name in CLASSES:
        os.makedirs(os.path.join(args.out, "train", name), exist_ok=True)
    torch.set_num_threads(1)
    chunk_size = 1000
    for first in range(0, args.images, chunk_size):
        ids = np.arange(first, min(args.images, first + chunk_size))
        source = torch.from_numpy(images[ids % len(images)].astype(np.float32)).unsqueeze(1)
        big = F.interpolate(source, size=(args.size, args.size), mode="bilinear",
                            align_corners=False).squeeze(1).numpy()
        for k, i in enumerate(ids):
            tint = np.random.default_rng([args.seed, int(i)]).uniform(0.35, 1.0, size=3)
            gray = big[k][:, ::-1] if i >= len(images) else big[k]
            rgb = np.clip(gray[:, :, None] * tint[None, None, :], 0, 255).round().astype(np.uint8)
            png(os.path.join(args.out, "train", CLASSES[labels[i % len(labels)]], f"{i:07d}.png"),
                np.ascontiguousarray(rgb))
        print(f"generate: {ids[-1] + 1} of {args.images}", file=sys.stderr, flush=True)
    print(args.images * 3 * args.size * args.size)


if __name__ == "__main__":
    main()
