#!/usr/bin/env python3
"""Writes the --quick variant of a Distillation spec: the same teacher, students, sweep axes and
baselines on a few thousand samples and 1-2 epochs, to smoke-test the quality harness (never a
result). Usage: quick_spec.py SPEC OUT [--limit N] [--epochs N]"""
import argparse

import spec_file


def quick(spec, limit, epochs):
    spec["metadata"]["name"] = spec["metadata"]["name"] + "-quick"
    body = spec["spec"]
    body.setdefault("dataset", {})["limit"] = limit
    trainings = [body.get("teacher", {})] + body.get("students", [])
    for owner in trainings:
        training = owner.setdefault("training", {})
        training["epochs"] = min(epochs, training.get("epochs", epochs))
        if training.get("warmupEpochs", 0) >= training["epochs"]:
            training.pop("warmupEpochs")  # a warm-up must be shorter than the training
    sweep = body.get("sweep") or {}
    for axis in ("temperature", "alpha", "seed"):
        if isinstance(sweep.get(axis), list):
            sweep[axis] = sweep[axis][:2]  # two values per axis: enough to show mean, std, grid
    body["parallelism"] = min(2, body.get("parallelism", 2))
    return spec


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("spec")
    parser.add_argument("out")
    parser.add_argument("--limit", type=int, default=3000)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    spec = spec_file.read(args.spec, "quick_spec.py")
    spec_file.write(quick(spec, args.limit, args.epochs), args.out,
                    f"--quick variant of {args.spec}, written by bench/quality/quick_spec.py:"
                    f" a smoke test of the harness, not a result.")


if __name__ == "__main__":
    main()
