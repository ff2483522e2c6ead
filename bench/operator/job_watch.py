#!/usr/bin/env python3
"""A second, minimal watch of a namespace's Jobs, in its own process, for bench/operator/run.

The benchmark's own watch runs in the JVM that also plays the Job controller and kubelet for every
Job, so the time it takes to see a Job mixes the API server's fan-out with that JVM's lag. This
watch does nothing else: `kubectl get jobs --watch` (a Go client, its own process) prints the
Distillation label of every Job it is told about, and each Distillation's first sighting is written
with the wall-clock time it arrived, as "distillation,seen_ms" lines, flushed as they come. When
the API server ends the watch, it is started again (the Jobs created in between are not counted).

Usage: bench/operator/job_watch.py KUBECTL NAMESPACE OUT_CSV   (runs until killed)
"""
import signal
import subprocess
import sys
import time

LABEL = r"{.metadata.labels.distillery\.dev/distillation}"


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    kubectl, namespace, out = argv[1:]
    watch = None

    def stop(*_):
        if watch is not None:
            watch.terminate()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    seen = set()
    with open(out, "w", buffering=1) as csv:
        csv.write("distillation,seen_ms\n")
        while True:
            # --watch-only: the namespace is empty when the first watch starts, and a watch started
            # again must not count the Jobs it lists as just seen (those of the gap are missed).
            watch = subprocess.Popen(
                # The label selector matches every step Job and names this watch in the API
                # server's log (terminated_watchers.py).
                [kubectl, "get", "jobs", "--namespace", namespace, "--watch-only",
                 "--selector", "distillery.dev/distillation",
                 "--output", "jsonpath=" + LABEL + r"{'\n'}"],
                stdout=subprocess.PIPE, bufsize=0)
            for line in iter(watch.stdout.readline, b""):
                at = time.time() * 1000
                distillation = line.decode().strip()
                if distillation and distillation not in seen:
                    seen.add(distillation)
                    csv.write(f"{distillation},{at:.0f}\n")
            # The API server ends a watch it finds too slow to keep up (its
            # apiserver_terminated_watchers_total); kubectl then exits.
            print(f"job_watch: the watch of {namespace} ended (kubectl exit {watch.wait()});"
                  " watching again", file=sys.stderr, flush=True)
            time.sleep(0.1)


if __name__ == "__main__":
    main(sys.argv)
