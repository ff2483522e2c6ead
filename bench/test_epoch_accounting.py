"""Tests of epoch_accounting.py's reading of /proc (on fabricated lines and this very process)."""

import os
import unittest

import epoch_accounting


class EpochAccountingTest(unittest.TestCase):
    def test_fields_are_read_after_a_command_name_with_spaces_and_parentheses(self):
        line = "42 (C2 CompilerThre) S 1 2 3 4 5 6 7 8 9 10 11 12\n"
        # Index 0 is stat(5)'s field 3 (state); minflt is field 10, utime 14, stime 15.
        fields = epoch_accounting.stat_fields(line)
        self.assertEqual(fields[0], "S")
        self.assertEqual((fields[7], fields[11], fields[12]), ("7", "11", "12"))
        odd = epoch_accounting.stat_fields("7 (a) b) (c) R 1")
        self.assertEqual(odd, ["R", "1"])

    def test_per_epoch_takes_the_differences_of_the_readings_at_each_epochs_end(self):
        readings = [
            {"userCpuSeconds": 5.0, "minorFaults": 1000},
            {"userCpuSeconds": 9.5, "minorFaults": 1200},
            {"userCpuSeconds": 13.0, "minorFaults": 1200},
        ]
        self.assertEqual(
            epoch_accounting.per_epoch(readings),
            {"userCpuSeconds": [5.0, 4.5, 3.5], "minorFaults": [1000, 200, 0]},
        )
        self.assertEqual(epoch_accounting.per_epoch([]), {})

    def test_the_trainer_is_a_jvm_or_a_python(self):
        self.assertTrue(epoch_accounting.is_trainer("java"))
        self.assertTrue(epoch_accounting.is_trainer("python3.11"))
        self.assertFalse(epoch_accounting.is_trainer("bash"))
        self.assertFalse(epoch_accounting.is_trainer(None))

    def test_reads_this_process(self):
        now = epoch_accounting.reading(os.getpid(), java=False)
        self.assertGreater(now["userCpuSeconds"] + now["systemCpuSeconds"], 0)
        self.assertGreater(now["minorFaults"], 0)
        self.assertNotIn("compilerCpuSeconds", now)
        # Read as a JVM: it has no compiler threads.
        self.assertEqual(epoch_accounting.reading(os.getpid(), java=True)["compilerCpuSeconds"], 0)
        self.assertIsNone(epoch_accounting.reading(2**22 + 12345, java=True))


if __name__ == "__main__":
    unittest.main()
