import datetime
import unittest

import first_job_timeline as timeline


def ms(iso):
    return datetime.datetime.fromisoformat(iso).timestamp() * 1000


class OperatorLogTest(unittest.TestCase):

    LOG = [
        "2026-12-07T23:20:01.000Z DEBUG ReconcileQueue - event=DistillationAdded"
        " namespace=bench-op-1000 name=d-7\n",
        "2026-12-07T23:20:01.250Z DEBUG ReconcileQueue - event=NewGenerationTaken"
        " namespace=bench-op-1000 name=d-7 waitedMs=250\n",
        "2026-12-07T23:20:01.400Z INFO JobActions - event=JobCreated namespace=bench-op-1000"
        " job=d-7-teacher\n",
        # A later reconcile of the same Distillation, and one of a name applied after its line.
        "2026-12-07T23:20:03.000Z DEBUG ReconcileQueue - event=NewGenerationTaken"
        " namespace=bench-op-1000 name=d-7 waitedMs=1\n",
        "2026-12-07T23:20:01.100Z DEBUG ReconcileQueue - event=DistillationAdded"
        " namespace=bench-op-1000 name=d-8\n",
    ]

    def test_the_first_line_of_each_after_its_apply(self):
        applied = {"d-7": ms("2026-12-07T23:20:00.900+00:00"),
                   "d-8": ms("2026-12-07T23:20:02.000+00:00")}
        added, taken = timeline.operator_queue_times(self.LOG, applied)
        self.assertEqual({"d-7": ms("2026-12-07T23:20:01.000+00:00")}, added)
        self.assertEqual({"d-7": ms("2026-12-07T23:20:01.250+00:00")}, taken)
        self.assertEqual({"d-7": ms("2026-12-07T23:20:01.400+00:00")},
                         timeline.operator_job_times(self.LOG, applied))


if __name__ == "__main__":
    unittest.main()
