#!/usr/bin/env python3
"""Writes the objects of bench/scheduling/run as YAML on stdout: the fake GPU nodes kwok manages,
or the Distillations, each step pod carrying its simulated run time (KWOK_RUN_FOR to
KWOK_RUN_UP_TO, read by e2e/kwok/pod-complete.yaml).

Usage: cluster.py nodes --nodes N --gpus G
       cluster.py distillations --count N --students S --parallelism P
                  --teacher 60s-90s --soft-labels 20s-30s --student 120s-300s [--priority CLASS]"""
import argparse
import json

GPU = "nvidia.com/gpu"
STUDENT_MODELS = ["mlp:16", "mlp:32", "mlp:64", "mlp:128", "cnn:4,8", "cnn:8,16"]


def nodes(count, gpus):
    for i in range(count):
        yield {
            "apiVersion": "v1", "kind": "Node",
            "metadata": {
                "name": f"sim-gpu-{i:03d}",
                "annotations": {"kwok.x-k8s.io/node": "fake"},
                "labels": {"type": "kwok", "distillery.dev/bench": "scheduling",
                           "kubernetes.io/hostname": f"sim-gpu-{i:03d}",
                           "nvidia.com/gpu.present": "true"},
            },
            "spec": {"taints": [{"key": GPU, "value": "present", "effect": "NoSchedule"}]},
            "status": {
                "capacity": {"cpu": "256", "memory": "2Ti", "pods": "250", GPU: str(gpus)},
                "allocatable": {"cpu": "256", "memory": "2Ti", "pods": "250", GPU: str(gpus)},
            },
        }


def run_time(text):
    """'60s-90s' -> the env of a step pod that kwok runs for 60 to 90 seconds."""
    low, _, high = text.partition("-")
    env = [{"name": "KWOK_RUN_FOR", "value": low}]
    if high:
        env.append({"name": "KWOK_RUN_UP_TO", "value": high})
    return env


def distillations(count, students, parallelism, teacher, soft_labels, student, priority=None):
    """With priority, the teacher's and the soft labels' pods (the steps every student waits for)
    carry that PriorityClass, so the scheduler places them before queued training steps."""
    def stage(name, run_for):
        pod = {"env": run_time(run_for)}
        if priority and name in ("teacher", "softLabels"):
            pod["priorityClassName"] = priority
        return {"name": name, "pod": pod}

    for i in range(count):
        yield {
            "apiVersion": "distillery.dev/v1alpha1", "kind": "Distillation",
            "metadata": {"name": f"sim-{i:04d}", "namespace": "sim"},
            "spec": {
                "dataset": {"name": "fashion-mnist"},
                "storage": {"uri": "s3://artifacts/sim"},
                # Its own teacher seed: no two Distillations share a step's artifact.
                "teacher": {"model": "cnn:8,16", "training": {"seed": i + 1}},
                "students": [
                    {"name": f"s{j}", "model": STUDENT_MODELS[j % len(STUDENT_MODELS)],
                     "training": {"seed": j + 1}}
                    for j in range(students)],
                "baseline": True,
                "parallelism": parallelism,
                "pod": {"tolerations": [{"key": GPU, "operator": "Exists", "effect": "NoSchedule"}]},
                "resources": {"teacher": {"gpu": 1}, "softLabels": {"gpu": 1},
                              "students": {"gpu": 1}},
                "stages": [
                    stage("teacher", teacher),
                    stage("softLabels", soft_labels),
                    stage("students", student),
                    stage("report", "2s"),
                ],
            },
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    n = sub.add_parser("nodes")
    n.add_argument("--nodes", type=int, required=True)
    n.add_argument("--gpus", type=int, required=True)
    d = sub.add_parser("distillations")
    for flag in ("--count", "--students", "--parallelism"):
        d.add_argument(flag, type=int, required=True)
    for flag in ("--teacher", "--soft-labels", "--student"):
        d.add_argument(flag, required=True)
    d.add_argument("--priority", help="PriorityClass of the teacher and soft-label pods")
    args = parser.parse_args()
    objects = (nodes(args.nodes, args.gpus) if args.what == "nodes" else
               distillations(args.count, args.students, args.parallelism, args.teacher,
                             args.soft_labels, args.student, args.priority))
    # JSON is YAML: one document per object.
    print("\n---\n".join(json.dumps(o) for o in objects))


if __name__ == "__main__":
    main()
