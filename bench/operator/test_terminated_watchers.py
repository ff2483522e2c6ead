import unittest

import terminated_watchers as tw

LINE = ('I1207 20:52:13.402117   41187 cache_watcher.go:203] Forcing {resource} watcher close due to'
        ' unresponsiveness: key: "{key}", labels: "{labels}", fields: "{fields}". len(c.input) = 10,'
        ' len(c.result) = 10, graceful = false\n')


def line(resource, key, labels="", fields="", at="20:52:13"):
    return LINE.format(resource=resource, key=key, labels=labels, fields=fields).replace(
        "20:52:13", at)


class OwnerTest(unittest.TestCase):

    def test_each_watcher_of_the_benchmark_is_told_apart(self):
        self.assertEqual("operator (jobs informer)",
                         tw.owner("jobs.batch", tw.MANAGED, ""))
        self.assertEqual("operator (pods informer)", tw.owner("pods", tw.MANAGED, ""))
        self.assertEqual("operator (Distillations informer)",
                         tw.owner("distillations.distillery.dev", "", ""))
        self.assertEqual("benchmark (Distillations informer)",
                         tw.owner("distillations.distillery.dev", "",
                                  "metadata.namespace=bench-op-1000"))
        self.assertEqual("benchmark (Jobs informer, the player)", tw.owner("jobs.batch", "", ""))
        self.assertEqual("second watch (kubectl)",
                         tw.owner("jobs.batch", tw.DISTILLATION_LABEL, ""))
        self.assertEqual("other", tw.owner("leases.coordination.k8s.io", "", ""))


class TerminatedTest(unittest.TestCase):

    def test_counts_each_watch_with_its_first_and_last_time(self):
        log = [
            "I1207 20:52:10.000001   41187 cacher.go:855] cacher (jobs.batch): 100 objects queued\n",
            line("jobs.batch", "/jobs/bench-op-1000", at="20:52:13"),
            line("jobs.batch", "/jobs/bench-op-1000", labels=tw.MANAGED, at="20:52:14"),
            line("jobs.batch", "/jobs/bench-op-1000", at="20:52:19"),
        ]
        ended = tw.terminated(log)
        self.assertEqual(
            {("benchmark (Jobs informer, the player)", "jobs.batch", "/jobs/bench-op-1000"):
                 ["20:52:13", "20:52:19"],
             ("operator (jobs informer)", "jobs.batch", "/jobs/bench-op-1000"): ["20:52:14"]},
            dict(ended))
        self.assertIn("| benchmark (Jobs informer, the player) | jobs.batch | `/jobs/bench-op-1000`"
                      " | 2 | 20:52:13 | 20:52:19 |", tw.table(ended))

    def test_reads_the_line_that_names_a_reason(self):
        reasoned = line("jobs.batch", "/jobs/ns").replace(
            "unresponsiveness:", "unresponsiveness (reason = unresponsive):")
        self.assertEqual(1, len(tw.terminated([reasoned])))

    def test_says_so_when_no_watch_ended(self):
        self.assertEqual("None: the API server ended no watch as too slow.\n",
                         tw.table(tw.terminated(["I1207 20:52:10.000001 1 x.go:1] nothing\n"])))


if __name__ == "__main__":
    unittest.main()
