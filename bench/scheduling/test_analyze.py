"""Tests of bench/scheduling/analyze.py on fabricated pods (no cluster here)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analyze  # noqa: E402


def pod(distillation, stage, node, start, end, gpus=1):
    return {
        "metadata": {"labels": {"distillery.dev/distillation": distillation,
                                "distillery.dev/stage": stage},
                     "creationTimestamp": f"2026-01-01T00:00:{start:02d}Z"},
        "spec": {"nodeName": node,
                 "containers": [{"resources": {"limits": {"nvidia.com/gpu": str(gpus)}} if gpus else {}}]},
        "status": {"startTime": f"2026-01-01T00:00:{start:02d}Z",
                   "containerStatuses": [{"state": {"terminated": {
                       "finishedAt": f"2026-01-01T00:00:{end:02d}Z"}}}]},
    }


def distillation(name, done):
    return {"metadata": {"name": name, "creationTimestamp": "2026-01-01T00:00:00Z"},
            "status": {"phase": "Succeeded", "completionTime": f"2026-01-01T00:00:{done:02d}Z"}}


def job(distillation_name, stage, created):
    return {"metadata": {"labels": {"distillery.dev/distillation": distillation_name,
                                    "distillery.dev/stage": stage},
                         "creationTimestamp": f"2026-01-01T00:00:{created:02d}Z"}}


class AnalyzeTest(unittest.TestCase):

    def test_a_gpu_freed_and_taken_in_the_same_second_is_not_oversubscribed(self):
        self.assertEqual(analyze.peak([(0, 10, 1), (10, 20, 1)]), 1)
        self.assertEqual(analyze.peak([(0, 10, 1), (9, 20, 1)]), 2)

    def test_report_flags_an_oversubscribed_node_and_an_exceeded_parallelism(self):
        pods = {"items": [pod("a", "teacher", "n0", 0, 10), pod("a", "student", "n0", 5, 20),
                          pod("a", "baseline", "n1", 5, 20), pod("a", "report", "n1", 20, 21, 0)]}
        text = analyze.report(pods, {"items": [job("a", "report", 21)]},
                              {"items": [distillation("a", 21)]}, nodes=2, gpus=1, parallelism=1)
        self.assertIn("| no node's GPUs oversubscribed | no: n0 2", text)
        self.assertIn("| parallelism respected | no: a 2", text)
        # 40 GPU-seconds on 2 GPUs: 20 s ideal against a 21 s makespan.
        self.assertIn("21 s / 20 s = 1.05x", text)
        # Teacher 10 s, student 15 s, report 1 s: the chain (26 s) is the bound, not the 20 s ideal
        # (these fabricated steps overlap their teacher, so the makespan comes in under it).
        self.assertIn("| makespan / lower bound | 21 s / 26 s = 0.81x", text)
        self.assertIn("report after the last training step, p50 / p99 / max | 1 / 1 / 1 s", text)

    def test_report_passes_a_run_within_its_limits(self):
        pods = {"items": [pod("a", "teacher", "n0", 0, 10), pod("a", "student", "n0", 10, 20)]}
        text = analyze.report(pods, {"items": []}, {"items": [distillation("a", 20)]},
                              nodes=1, gpus=1, parallelism=1)
        self.assertIn("| every Distillation Succeeded | yes |", text)
        self.assertIn("| no node's GPUs oversubscribed | yes", text)
        self.assertIn("| parallelism respected | yes", text)


if __name__ == "__main__":
    unittest.main()
