"""Quantizes an exported student's ONNX file to int8 with ONNX Runtime's own tooling and measures
both files on the Fashion-MNIST test split: accuracy, agreement with the float model, bytes, and
latency per image.

    quantize.py --export DIR --out DIR --data DIR [--calibration 512] [--threads 1] [--latency 1000]

DIR holds model.onnx and teacher.json (`distillery-step export --format onnx`). The int8 file is
onnxruntime.quantization.quantize_static after quant_pre_process: QDQ format, int8 weights per
channel, uint8 activations calibrated (MinMax) on the first --calibration training images. Prints
one JSON object per file.
"""
import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import onnxruntime as ort
from onnxruntime.quantization import (
    CalibrationDataReader,
    QuantFormat,
    QuantType,
    quantize_static,
)
from onnxruntime.quantization.shape_inference import quant_pre_process


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)
    return np.frombuffer(data, dtype=np.uint8, offset=8)


def normalized(images, contract):
    mean = np.array(contract["input"]["mean"], dtype=np.float64).reshape(1, -1, 1, 1)
    std = np.array(contract["input"]["std"], dtype=np.float64).reshape(1, -1, 1, 1)
    return ((images / 255.0 - mean) / std).astype(np.float32)


class Calibration(CalibrationDataReader):
    def __init__(self, inputs, batch=64):
        self.batches = iter([{"input": inputs[i : i + batch]} for i in range(0, len(inputs), batch)])

    def get_next(self):
        return next(self.batches, None)


def measure(path, test, labels, reference, threads, latency_images):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    logits = np.concatenate(
        [session.run(None, {"input": test[i : i + 256]})[0] for i in range(0, len(test), 256)]
    )
    predictions = logits.argmax(1)
    for i in range(50):  # warm-up
        session.run(None, {"input": test[i : i + 1]})
    times = []
    for i in range(latency_images):
        start = time.perf_counter()
        session.run(None, {"input": test[i : i + 1]})
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    for i in range(0, 2560, 256):
        session.run(None, {"input": test[i : i + 256]})
    batch_ms = (time.perf_counter() - start) * 1000 / 2560
    return logits, {
        "bytes": os.path.getsize(path),
        "accuracy": float((predictions == labels).mean()),
        "agreement": None if reference is None else float((predictions == reference).mean()),
        "latencyMillisMedian": float(np.median(times) * 1000),
        "latencyMillisMean": float(np.mean(times) * 1000),
        "batch256MillisPerImage": batch_ms,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--export", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--calibration", type=int, default=512)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--latency", type=int, default=1000)
    args = parser.parse_args()
    with open(os.path.join(args.export, "teacher.json")) as f:
        contract = json.load(f)
    float_path = os.path.join(args.export, contract["file"])
    os.makedirs(args.out, exist_ok=True)
    prepared = os.path.join(args.out, "model-prep.onnx")
    int8_path = os.path.join(args.out, "model-int8.onnx")
    train = normalized(read_idx(os.path.join(args.data, "train-images-idx3-ubyte.gz")), contract)
    quant_pre_process(float_path, prepared)
    quantize_static(
        prepared,
        int8_path,
        Calibration(train[: args.calibration]),
        quant_format=QuantFormat.QDQ,
        per_channel=True,
        weight_type=QuantType.QInt8,
        activation_type=QuantType.QUInt8,
    )
    test = normalized(read_idx(os.path.join(args.data, "t10k-images-idx3-ubyte.gz")), contract)
    labels = read_idx(os.path.join(args.data, "t10k-labels-idx1-ubyte.gz"))
    float_logits, float_result = measure(float_path, test, labels, None, args.threads, args.latency)
    _, int8_result = measure(
        int8_path, test, labels, float_logits.argmax(1), args.threads, args.latency
    )
    common = {"onnxruntime": ort.__version__, "threads": args.threads,
              "calibrationImages": args.calibration, "testImages": len(test)}
    print(json.dumps({"variant": "float32", **common, **float_result}))
    print(json.dumps({"variant": "int8", **common, **int8_result}))


if __name__ == "__main__":
    main()
