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


def accounting(epochs, user, faults, jit=None):
    """epoch_accounting.py's readings: `user` CPU s and `faults` page faults in every epoch."""
    out = {"userCpuSeconds": [user] * epochs, "systemCpuSeconds": [0.25] * epochs,
           "minorFaults": [faults] * epochs}
    if jit is not None:
        out["compilerCpuSeconds"] = jit[:epochs]
    return out


def rows(epochs, warmup=None, jit=True, accounted=True):
    machine = dict(MACHINE, epochs=epochs)
    if warmup is not None:
        machine["warmupEpochs"] = warmup
    djl_jit = [0.8, 0.3, 0.1, 0.0] if jit else None
    djl = [accounting(epochs, 10.0, 20000, djl_jit), accounting(epochs, 12.0, 30000, djl_jit)]
    pytorch = [accounting(epochs, 9.0, 0), accounting(epochs, 9.5, 1000)]
    if not accounted:
        djl = [{"compilerCpuSeconds": djl_jit[:epochs]} if jit else {}] * 2
        pytorch = [{}, {}]
    return [
        {"machine": machine},
        run("djl", 1, [100, 200, 300, 400][:epochs], **djl[0]),
        run("pytorch", 1, [400, 400, 400, 400][:epochs], **pytorch[0]),
        run("djl", 2, [100, 200, 500, 500][:epochs], **djl[1]),
        run("pytorch", 2, [400, 400, 500, 500][:epochs], **pytorch[1]),
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
        jit = next(line for line in lines if line.startswith("| `cnn:1` | DJL, JIT compiler CPU s"))
        self.assertEqual(djl.split("|")[3:7], [" 100 ", " 200 ", " 400 ", " 450 "])
        self.assertEqual(ratio.split("|")[3].strip(), "0.25")
        self.assertEqual(jit.split("|")[3:8], [" 0.80 ", " 0.30 ", " 0.10 ", " 0.00 ", " 1.20 "])

    def test_each_sides_cpu_and_page_faults_per_epoch_are_medians_over_its_runs(self):
        lines = throughput_table.train_table(rows(3, warmup=1))

        def cells(prefix):
            row = next(line for line in lines if line.startswith(prefix))
            return [cell.strip() for cell in row.strip("|").split("|")][2:]

        # CPU: user + system; DJL's runs 10.25 and 12.25 a epoch (median 11.25), PyTorch's 9.25, 9.75.
        self.assertEqual(cells("| `cnn:1` | DJL, CPU s |"), ["11.25", "11.25", "11.25", "33.75"])
        self.assertEqual(cells("| `cnn:1` | PyTorch, CPU s |"), ["9.50", "9.50", "9.50", "28.50"])
        self.assertEqual(cells("| `cnn:1` | PyTorch, system CPU s |"), ["0.25", "0.25", "0.25", "0.75"])
        self.assertEqual(
            cells("| `cnn:1` | DJL, page faults (thousands) |"), ["25.0", "25.0", "25.0", "75.0"])
        self.assertFalse(any(line.startswith("| `cnn:1` | PyTorch, JIT") for line in lines))

    def test_no_accounting_rows_for_runs_that_did_not_record_them(self):
        lines = throughput_table.train_table(rows(4, warmup=1, jit=False, accounted=False))
        self.assertFalse(any(line.startswith("| `cnn:1` | DJL, ") for line in lines))
        older = throughput_table.train_table(rows(4, warmup=1, accounted=False))
        self.assertTrue(any(line.startswith("| `cnn:1` | DJL, JIT compiler CPU s") for line in older))
        self.assertFalse(any(line.startswith("| `cnn:1` | DJL, page faults") for line in older))

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
