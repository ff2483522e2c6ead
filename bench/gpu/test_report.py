"""Tests of the GPU check's renderer on a fabricated run (no GPU needed)."""

import json
import os
import tempfile
import unittest

import report


def epochs(*speeds):
    return [{"epoch": i + 1, "samplesPerSecond": s} for i, s in enumerate(speeds)]


class RenderTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        rows = [
            {"machine": {"gpu": "NVIDIA H200, 580.1, 143771 MiB", "nproc": 16, "torch": "2.11.0"}},
            {"jni": "built-here"},
            {"check": "engine", "rc": 0, "lines": {"gpus": "1", "devices": "gpu(0)"}},
            {
                "check": "evaluate",
                "model": "teacher",
                "device": "gpu",
                "summary": {"accuracy": 0.9012, "metrics": {"loss": 0.30001}},
            },
            {
                "check": "evaluate",
                "model": "teacher",
                "device": "cpu",
                "summary": {"accuracy": 0.9010, "metrics": {"loss": 0.30000}},
            },
            # DJL: steady epochs 900 and 1,100 (median 1,000); the first epoch (warm-up) is slow.
            {
                "side": "djl",
                "model": "cnn:32,64",
                "batchSize": 128,
                "samples": 60000,
                "history": epochs(10, 900, 1100),
                "epochEnds": [100.0, 101.0, 102.0],
            },
            {
                "side": "pytorch",
                "model": "cnn:32,64",
                "batchSize": 128,
                "samples": 60000,
                "history": epochs(10, 2000, 2000),
                "epochEnds": [200.0, 201.0, 202.0],
            },
        ]
        with open(os.path.join(self.folder, "results.jsonl"), "w") as f:
            f.write("\n".join(json.dumps(r) for r in rows) + "\n")
        with open(os.path.join(self.folder, "gpu-util.csv"), "w") as f:
            f.write("time,gpu_util,memory_used_mib\n")
            # 0 % before DJL's steady window, 40 % and 60 % inside it, 90 % for PyTorch's.
            for t, u in ((99.0, 0), (100.5, 40), (101.5, 60), (150.0, 0), (201.0, 90)):
                f.write(f"{t},{u},1000\n")

    def test_throughput_is_the_median_of_the_steady_epochs_beside_the_peer(self):
        text = report.render(self.folder)
        self.assertIn("| `cnn:32,64` | 128 | 1,000 | 2,000 | 0.50 | – | 50 % / 90 % / – |", text)

    def test_gpu_and_cpu_evaluations_are_compared(self):
        text = report.render(self.folder)
        self.assertIn("| evaluate teacher: gpu − cpu | accuracy +0.02 pts, loss +1.00e-05 |", text)

    def test_machine_and_jni_are_named(self):
        text = report.render(self.folder)
        self.assertIn("NVIDIA H200", text)
        self.assertIn("DJL's JNI: built-here", text)


if __name__ == "__main__":
    unittest.main()
