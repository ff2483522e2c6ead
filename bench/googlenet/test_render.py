"""Tests of bench/googlenet/render.py on a fabricated teacher, run and evaluations (no benchmark
runs here)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render  # noqa: E402

TEACHER = {
    "model": "googlenet", "torch": "2.7.1", "torchvision": "0.22.1", "parameters": 5610154,
    "size": 32, "trainingImages": 27000, "validationImages": 3000, "threads": 2,
    "trainingSeconds": 1800, "chosenEpoch": 2, "testAccuracy": 0.91,
    "epochs": [{"epoch": 1, "valAccuracy": 0.88}, {"epoch": 2, "valAccuracy": 0.915},
               {"epoch": 3, "valAccuracy": 0.91}],
}


def evaluation(name, accuracy, parameters, size, latency):
    return {"name": name, "uri": f"file:///{name}", "accuracy": accuracy,
            "parameters": parameters, "bytesOnDisk": size, "latencyMillis": latency}


def run_and_evaluations():
    students, evaluations = [], [evaluation("teacher", 0.92, 5610154, 22_000_000, 10.0)]
    for seed, (distilled, scratch) in enumerate([(0.86, 0.84), (0.88, 0.85)], start=1):
        name = f"student-mlp-s{seed}"
        students.append({"name": name, "student": "mlp", "model": "mlp:128", "seed": seed,
                         "artifact": f"file:///{name}", "baselineArtifact": f"file:///b{seed}"})
        evaluations.append(evaluation(name, distilled, 100_000, 400_000, 0.1))
        evaluations.append(evaluation(f"{name}-scratch", scratch, 100_000, 400_000, 0.2))
    resource = {"spec": {"dataset": {"limit": 10000}}, "status": {"students": students}}
    return resource, evaluations


class RenderTest(unittest.TestCase):

    def test_the_teacher_is_reported_as_chosen_on_validation(self):
        resource, evaluations = run_and_evaluations()
        table = render.render(TEACHER, resource, evaluations)
        self.assertIn("epoch 2 chosen on 3,000 validation images (91.50 %)", table)
        self.assertIn("test accuracy in PyTorch 91.00 %", table)
        self.assertIn("| GoogLeNet teacher (TorchScript, imported) | 5,610,154 | 22,000,000 | 92.00 % |",
                      table)

    def test_students_give_mean_spread_gain_and_ratios_against_the_teacher(self):
        resource, evaluations = run_and_evaluations()
        lines = render.render(TEACHER, resource, evaluations).splitlines()
        scratch = next(line for line in lines if "scratch twin (2 seeds)" in line)
        distilled = next(line for line in lines if "distilled (2 seeds)" in line)
        self.assertIn("| 84.50 ± 0.71 % |  | 0.200 | 55x | 50x |", scratch)
        self.assertIn("| 87.00 ± 1.41 % | +2.50 | 0.100 | 55x | 100x |", distilled)
        self.assertLess(lines.index(scratch), lines.index(distilled))


if __name__ == "__main__":
    unittest.main()
