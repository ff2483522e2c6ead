"""Tests of throughput_table.py's training and soft-label tables on fabricated runs (no benchmark runs here)."""

import unittest

import throughput_table

MACHINE = {
    "nproc": 2, "cpu": "test", "memoryGiB": 1.0, "kernel": "k", "java": "j", "python": "p",
    "date": "d", "loadAtStart": 0.5, "command": "c", "steps": "abc1234", "batchSize": 128,
    "threads": 2, "limit": 1000, "reps": 2,
}


def run(side, rep, speeds, **extra):
    return {"side": side, "model": "cnn:1", "rep": rep, "load": 1.0, "parameters": 10,
            "samples": 1000, "history": [{"samplesPerSecond": v} for v in speeds], **extra}


def rows(epochs, warmup=None, jit=True):
    machine = dict(MACHINE, epochs=epochs)
    if warmup is not None:
        machine["warmupEpochs"] = warmup
    djl_extra = {"compilerCpuSeconds": [0.8, 0.3, 0.1, 0.0][:epochs]} if jit else {}
    return [
        {"machine": machine},
        run("djl", 1, [100, 200, 300, 400][:epochs], **djl_extra),
        run("pytorch", 1, [400, 400, 400, 400][:epochs]),
        run("djl", 2, [100, 200, 500, 500][:epochs], **djl_extra),
        run("pytorch", 2, [400, 400, 500, 500][:epochs]),
        {"loadAtEnd": 1.0},
    ]


def summary_cells(lines):
    row = next(line for line in lines if line.startswith("| `cnn:1` | 10 / 10"))
    return [cell.strip() for cell in row.strip("|").split("|")]


class TrainTableTest(unittest.TestCase):
    def test_counts_only_the_epochs_after_the_warm_up(self):
        lines = throughput_table.train_table(rows(4, warmup=2))
        cells = summary_cells(lines)
        # DJL's steady epochs: 300, 400, 500, 500 (median 450); PyTorch's: 400, 400, 500, 500.
        self.assertEqual(cells[2], "450 (300–500)")
        self.assertEqual(cells[3], "450 (400–500)")
        self.assertIn("of which the first 2 are warm-up", "\n".join(lines))

    def test_an_older_run_without_a_warm_up_setting_drops_one_epoch(self):
        lines = throughput_table.train_table(rows(2))
        cells = summary_cells(lines)
        self.assertEqual(cells[2], "200 (200–200)")
        self.assertIn("of which the first is warm-up", "\n".join(lines))

    def test_the_whole_run_is_the_harmonic_mean_of_equal_epochs(self):
        self.assertAlmostEqual(
            throughput_table.whole_run([{"samplesPerSecond": 100}, {"samplesPerSecond": 300}]), 150.0)

    def test_the_per_epoch_table_has_every_epoch_the_ratio_and_the_jit(self):
        lines = throughput_table.train_table(rows(4, warmup=2))
        djl = next(line for line in lines if line.startswith("| `cnn:1` | DJL |"))
        ratio = next(line for line in lines if line.startswith("| `cnn:1` | DJL / PyTorch |"))
        jit = next(line for line in lines if line.startswith("| `cnn:1` | DJL's JIT compiler"))
        self.assertEqual(djl.split("|")[3:7], [" 100 ", " 200 ", " 400 ", " 450 "])
        self.assertEqual(ratio.split("|")[3].strip(), "0.25")
        self.assertEqual(jit.split("|")[3:8], [" 0.80 ", " 0.30 ", " 0.10 ", " 0.00 ", " 1.20 "])

    def test_no_jit_row_for_runs_that_did_not_record_it(self):
        lines = throughput_table.train_table(rows(4, warmup=1, jit=False))
        self.assertFalse(any("JIT compiler, CPU s" in line for line in lines))

    def test_the_setup_names_each_sides_malloc_settings(self):
        tuned = rows(4, warmup=1)
        tuned[0]["machine"].update(djlGlibcTunables="glibc.malloc.top_pad=1",
                                   pytorchGlibcTunables="glibc.malloc.top_pad=1")
        self.assertIn("malloc: DJL steps `glibc.malloc.top_pad=1` (the launcher's),"
                      " PyTorch `glibc.malloc.top_pad=1`", "\n".join(throughput_table.train_table(tuned)))
        as_installed = rows(4, warmup=1)
        as_installed[0]["machine"].update(djlGlibcTunables="glibc.malloc.top_pad=1",
                                          pytorchGlibcTunables="")
        self.assertIn("PyTorch `glibc's defaults`", "\n".join(throughput_table.train_table(as_installed)))


class SoftLabelTableTest(unittest.TestCase):
    def test_the_setup_names_each_sides_malloc_settings(self):
        machine = dict(MACHINE, teacher="cnn:1", samples=1000, batchSize=512,
                       djlGlibcTunables="glibc.malloc.top_pad=1", pytorchGlibcTunables="")
        labelled = {"precision": "fp32", "rep": 1, "load": 1.0, "samples": 1000,
                    "samplesPerSecond": 500.0, "bytesPerSample": 40.0, "artifactBytes": 40000,
                    "stepSeconds": 4.0}
        lines = throughput_table.soft_label_table(
            [{"machine": machine}, labelled, {"side": "pytorch-inference", "samplesPerSecond": 900.0},
             {"loadAtEnd": 1.0}])
        self.assertIn("malloc: DJL steps `glibc.malloc.top_pad=1` (the launcher's),"
                      " PyTorch `glibc's defaults`", "\n".join(lines))


if __name__ == "__main__":
    unittest.main()
