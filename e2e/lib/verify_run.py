"""Checks a Distillation that ran on the local cluster against what its steps left behind.

    verify_run.py STATUS_JSON POD_LOGS_DIR PODS_JSON

STATUS_JSON is `kubectl get distillation NAME -o json`, PODS_JSON `kubectl get pods -o json` in its
namespace, POD_LOGS_DIR the node agent's log folder (one folder per pod, <namespace>_<pod>_<uid>,
with <container>/<restart>.log). The S3 endpoint and credentials come from AWS_ENDPOINT_URL,
AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.

Two checks, each printing one line per item and failing with a message naming the item:
1. every student variant and its scratch twin in status have the test accuracy that their steps
   printed (the Katib line `testAccuracy=...` on the step's stdout, in the log of the Job's last
   Succeeded pod), the step found by the artifact status names for each. A network trained in an
   online group has its artifact inside the group step's, and its line is
   `<network>.testAccuracy=...` (contract/GroupMetrics: `teacher`, `student-<name>`); there the
   teacher's accuracy is checked too;
2. every artifact under the Distillation's storage URI in MinIO (a prefix holding manifest.json) has
   every file its manifest lists, with that size and sha256, read through the MinIO client;
3. the report (status.report) scored what ships: for every student the sweep chose
   (status.selection), its shipped variant's TorchScript export in float32, with that variant's test
   accuracy as status has it (within 2e-4: libtorch against DJL), and in int8, smaller and agreeing
   with the float file on at least 90 % of the test images.
Exit 0 when all hold, 1 otherwise.
"""

import hashlib
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

from minio import Minio



def accuracy_line(network=None):
    """The Katib line of a step's test accuracy, or of one network's in a group step."""
    name = "testAccuracy" if network is None else f"{network}.testAccuracy"
    return re.compile(rf"^{re.escape(name)}=(\S+)$", re.MULTILINE)


def fail(message):
    print(f"verify: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def last_log(logs_dir, pod):
    """The newest container log of a pod, as the node agent keeps it."""
    meta = pod["metadata"]
    folder = Path(logs_dir) / f"{meta['namespace']}_{meta['name']}_{meta['uid']}"
    logs = sorted(folder.glob("*/*.log"), key=lambda p: (p.parent.name, int(p.stem)))
    if not logs:
        fail(f"no log of pod {meta['name']} under {folder}")
    return logs[-1]


def printed_accuracy(job, pods, logs_dir, network=None):
    """The test accuracy the Job's last successful pod printed (of one network of a group)."""
    mine = [
        p
        for p in pods
        if p["metadata"].get("labels", {}).get("job-name") == job
        and p.get("status", {}).get("phase") == "Succeeded"
    ]
    if not mine:
        fail(f"Job {job} has no Succeeded pod left to read its log from")
    mine.sort(key=lambda p: p["metadata"]["creationTimestamp"])
    log = last_log(logs_dir, mine[-1])
    found = accuracy_line(network).findall(log.read_text(errors="replace"))
    if not found:
        fail(f"{log} has no {accuracy_line(network).pattern} line")
    return float(found[-1]), log


def step_of(steps, artifact):
    """The step whose artifact this is, and the network's name when it is one of a group's."""
    if artifact in steps:
        return steps[artifact], None
    group, _, network = artifact.rpartition("/")
    if group in steps:
        return steps[group], network
    return None, None


def check_accuracy(what, shown, step, network, pods, logs_dir):
    if shown is None:
        fail(f"status {what} is empty")
    printed, log = printed_accuracy(step["jobName"], pods, logs_dir, network)
    if abs(shown - printed) > 1e-9:
        fail(f"{what}: status says {shown}, the step printed {printed} ({log})")
    print(f"verify: {step['name']}{'/' + network if network else ''}: {what} {shown:.4f} = its step log")


def check_accuracies(status, pods, logs_dir):
    """Each student variant's accuracy, and its scratch twin's, against the log of the step whose
    artifact status names for it (one scratch twin may serve several variants); in an online group
    also the teacher's."""
    steps = {s["artifact"]: s for s in status.get("steps", []) if s.get("artifact")}
    students = status.get("students") or []
    if not students:
        fail("status lists no students")
    checked = 0
    for student in students:
        for artifact_field, field in (("artifact", "accuracy"), ("baselineArtifact", "scratchAccuracy")):
            artifact = student.get(artifact_field)
            if artifact is None and artifact_field == "baselineArtifact":
                continue
            step, network = step_of(steps, artifact)
            if step is None:
                fail(f"status has no step for {student['name']}'s {artifact_field} {artifact}")
            what = f"students[{student['name']}].{field}"
            check_accuracy(what, student.get(field), step, network, pods, logs_dir)
            checked += 1
    teacher = status.get("teacher") or {}
    step, network = step_of(steps, teacher.get("artifact") or "")
    if network is not None:
        check_accuracy("teacher.accuracy", teacher.get("accuracy"), step, network, pods, logs_dir)
        checked += 1
    return checked


def minio_client():
    endpoint = urlparse(os.environ["AWS_ENDPOINT_URL"])
    return Minio(
        endpoint.netloc,
        access_key=os.environ["AWS_ACCESS_KEY_ID"],
        secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        secure=endpoint.scheme == "https",
    )


def read_object(client, bucket, key):
    response = client.get_object(bucket, key)
    try:
        return response.read()
    finally:
        response.close()
        response.release_conn()


def check_artifacts(client, storage_uri):
    location = urlparse(storage_uri)
    bucket, prefix = location.netloc, location.path.strip("/") + "/"
    keys = [o.object_name for o in client.list_objects(bucket, prefix=prefix, recursive=True)]
    manifests = [k for k in keys if k.endswith("/manifest.json")]
    if not manifests:
        fail(f"no artifact (manifest.json) under {storage_uri}")
    files = 0
    for manifest_key in manifests:
        root = manifest_key[: -len("manifest.json")]
        manifest = json.loads(read_object(client, bucket, manifest_key))
        for entry in manifest["files"]:
            key = root + entry["path"]
            data = read_object(client, bucket, key)
            if len(data) != entry["size"]:
                fail(f"s3://{bucket}/{key}: {len(data)} bytes, its manifest says {entry['size']}")
            digest = hashlib.sha256(data).hexdigest()
            if digest != entry["sha256"]:
                fail(f"s3://{bucket}/{key}: sha256 {digest}, its manifest says {entry['sha256']}")
            files += 1
        print(f"verify: s3://{bucket}/{root}: {len(manifest['files'])} files match manifest.json")
    return len(manifests), files


def check_deployment(client, status):
    """The report's float32 and int8 rows of every chosen student; returns how many rows."""
    report = urlparse(status.get("report") or fail("status names no report"))
    metrics = json.loads(read_object(client, report.netloc, report.path.strip("/") + "/metrics.json"))
    rows = metrics.get("deployment") or fail(f"the report {status['report']} scored no deployment")
    accuracy = {s["name"]: s.get("accuracy") for s in status.get("students") or []}
    chosen = {c["student"] for c in status.get("selection") or []}
    by_student = {}
    for row in rows:
        by_student.setdefault(row["student"], {})[row["precision"]] = row
    if chosen and set(by_student) != chosen:
        fail(f"the report's deployment covers {sorted(by_student)}, the sweep chose {sorted(chosen)}")
    for student, variants in by_student.items():
        if set(variants) != {"float32", "int8"}:
            fail(f"the report's deployment of {student} has {sorted(variants)}, not float32 and int8")
        float32, int8 = variants["float32"], variants["int8"]
        shown = accuracy.get(float32["variant"])
        if shown is None or abs(float32["accuracy"] - shown) > 2e-4:
            fail(f"{student}: the float32 export of {float32['variant']} scored {float32['accuracy']},"
                 f" status shows {shown}")
        if not int8["bytes"] < float32["bytes"] or int8["agreement"] < 0.9:
            fail(f"{student}: int8 {int8['bytes']} bytes, agreement {int8['agreement']}; "
                 f"float32 {float32['bytes']} bytes")
        print(f"verify: {student} ships as {float32['variant']}: float32 {float32['accuracy']:.4f} "
              f"({float32['bytes']} bytes), int8 {int8['accuracy']:.4f} ({int8['bytes']} bytes, "
              f"agrees on {100 * int8['agreement']:.2f} %)")
    return len(rows)


def main(argv):
    if len(argv) != 4:
        fail(__doc__.strip().splitlines()[2].strip())
    distillation = json.loads(Path(argv[1]).read_text())
    pods = json.loads(Path(argv[3]).read_text())["items"]
    status = distillation.get("status") or {}
    checked = check_accuracies(status, pods, argv[2])
    storage = distillation["spec"]["storage"]["uri"]
    client = minio_client()
    artifacts, files = check_artifacts(client, storage)
    deployed = check_deployment(client, status)
    print(
        f"verify: OK: {checked} accuracies equal their step logs; "
        f"{artifacts} artifacts, {files} files in MinIO match their manifests; "
        f"{deployed} deployment rows in the report"
    )


if __name__ == "__main__":
    main(sys.argv)
