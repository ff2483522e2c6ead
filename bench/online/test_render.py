"""Tests of bench/online/render.py on fabricated run statuses (no benchmark runs here)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render  # noqa: E402


def student(name, seed, accuracy, scratch, validation=None, alpha=None, parameters=1000):
    return {"name": f"{name}-s{seed}", "student": name, "seed": seed, "temperature": 2.0 if alpha else 1.0,
            "alpha": alpha or 0.5, "accuracy": accuracy, "scratchAccuracy": scratch,
            "validationAccuracy": validation, "parameters": parameters}


def offline():
    """One offline run per seed, its teacher trained alone from that seed."""
    runs = []
    for seed, (a5, a9) in enumerate([(0.80, 0.90), (0.82, 0.88), (0.81, 0.89)], start=1):
        # alpha 0.5 validates better, alpha 0.9 tests better: the choice must follow validation.
        students = [student("mlp", seed, a5, 0.79, validation=0.85, alpha=0.5),
                    student("mlp", seed, a9, 0.79, validation=0.84, alpha=0.9)]
        runs.append({"spec": {"teacher": {"training": {"seed": seed}}},
                     "status": {"teacher": {"accuracy": 0.90 + seed / 100}, "students": students}})
    return runs


def online(seed, accuracy, scratch, teacher):
    return {"spec": {"mode": "online", "teacher": {"training": {"seed": seed}}},
            "status": {"teacher": {"accuracy": teacher},
                       "students": [student("mlp", seed, accuracy, scratch, validation=accuracy)]}}


class RenderTest(unittest.TestCase):

    def test_offline_alpha_is_chosen_on_validation_and_reported_on_test(self):
        table = render.render(offline())
        self.assertIn("81.00 ± 1.00 (T=2, alpha=0.5)", table)
        self.assertIn("| +2.00 |", table)

    def test_online_seeds_give_mean_and_spread_beside_their_scratch_twins(self):
        runs = [*offline(), online(2, 0.84, 0.78, 0.92), online(1, 0.82, 0.80, 0.90)]
        table = render.render(runs)
        row = next(line for line in table.splitlines() if line.startswith("| mlp |"))
        self.assertIn("83.00 ± 1.41", row)
        self.assertTrue(row.rstrip().endswith("| +4.00 |"), row)
        self.assertIn("trained with its students (online) 91.00 ± 1.41.", table)
        self.assertIn("trained alone 92.00 ± 1.00", table)
        self.assertIn("| 2 | 92.00 | 92.00 |", table)


if __name__ == "__main__":
    unittest.main()
