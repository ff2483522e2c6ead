#!/usr/bin/env python3
"""Checks render.py on fabricated run folders: python3 -m unittest bench/quality/test_render.py"""
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render  # noqa: E402


def student(name, t, a, seed, validation, test, scratch, selected):
    return {"name": f"{name}-t{t}-s{seed}", "student": name, "model": "mlp:16", "temperature": t,
            "alpha": a, "seed": seed, "phase": "Succeeded", "accuracy": test,
            "validationAccuracy": validation, "scratchAccuracy": scratch, "parameters": 10000,
            "compression": 40.0, "selected": selected}


def resource(gain):
    students = []
    for seed, scratch in ((1, 0.80), (2, 0.82)):
        students.append(student("mlp", 2, 0.5, seed, 0.84, 0.95, scratch, False))
        students.append(student("mlp", 4, 0.5, seed, 0.86, 0.81 + gain, scratch, True))
    selection = [{"student": "mlp", "name": "mlp-t4", "model": "mlp:16", "temperature": 4,
                  "alpha": 0.5, "seeds": 2, "validationAccuracy": 0.86,
                  "accuracyMean": 0.81 + gain, "accuracyStd": 0.001, "scratchAccuracyMean": 0.81,
                  "scratchAccuracyStd": 0.014, "gain": gain, "gapClosure": gain / 0.09,
                  "parameters": 10000, "compression": 40.0}]
    return {"metadata": {"name": "demo"},
            "status": {"phase": "Succeeded", "progress": "4/4",
                       "teacher": {"accuracy": 0.90, "parameters": 400000,
                                   "members": [{"model": "cnn:32,64", "seed": 1, "accuracy": 0.90,
                                                "parameters": 400000}]},
                       "students": students, "selection": selection}}


class RenderTest(unittest.TestCase):

    def folder(self, root, name, gain):
        path = os.path.join(root, name)
        os.makedirs(path)
        with open(path + ".json", "w") as f:  # the -o json copy bench/quality/run keeps
            json.dump(resource(gain), f)
        return path

    def render(self, *folders):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            sys.argv = ["render.py", *folders]
            render.main()
        return out.getvalue()

    def test_tables_show_the_chosen_setting_its_spread_and_the_grid(self):
        with tempfile.TemporaryDirectory() as root:
            text = self.render(self.folder(root, "full", 0.03) + "=full")
        self.assertIn("| mlp | `mlp:16` | 10,000 | 40x | T=4, alpha=0.5 (86.00 %) | 2 | "
                      "81.00 ± 1.40 % | 84.00 ± 0.10 % | +3.00 pts | yes | 33 % |", text)
        self.assertIn("| 4 | **86.00 ± 0.00 %** |", text)
        self.assertIn("| 2 | 84.00 ± 0.00 % |", text)
        self.assertNotIn("95.00", text)  # the unchosen cell's test accuracy is never shown
        self.assertIn("| 67 errors (99.33 %) | 146 errors (98.54 %) | 74 errors (99.26 %) | 91 % |", text)
        self.assertIn("| 94.66 % | 92.43 % | 92.97 % | 24 % |", text)
        self.assertNotIn("Ablation", text)

    def test_several_runs_add_an_ablation_table_against_the_first(self):
        with tempfile.TemporaryDirectory() as root:
            text = self.render(self.folder(root, "full", 0.03) + "=full",
                               self.folder(root, "no-ensemble", 0.01) + "=no ensemble")
        self.assertIn("| no ensemble | 90.00 % | mlp | T=4, alpha=0.5 | 82.00 ± 0.10 % | 81.00 ± 1.40 % | "
                      "+1.00 pts | -2.00 pts | 11 % |", text)

    def test_a_folder_that_is_no_run_is_named(self):
        with tempfile.TemporaryDirectory() as root:
            with self.assertRaises(SystemExit) as exit:
                self.render(os.path.join(root, "nothing"))
        self.assertIn("nothing has no distillation.yaml", str(exit.exception))


if __name__ == "__main__":
    unittest.main()
