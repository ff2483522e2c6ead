"""Kueue's own webhook configurations (config/components/webhook/manifests.yaml of its module,
converted to JSON by `kubectl create --dry-run=client -o json`) made to call a Kueue that runs as a
local process: each webhook of the integrations e2e/kueue-test enables (batch/v1 Jobs) and of
Kueue's own API keeps its rules and policies, and calls https://127.0.0.1:PORT/<its path> with the
test's CA, instead of the in-cluster Service. The webhooks of other integrations (pods, JobSets,
Ray, ...) are left out: that Kueue serves no handler for them, and their failurePolicy would refuse
every pod. Prints one JSON List on stdout.

Usage: webhooks.py --port PORT --ca CA.crt < manifests.json"""
import argparse
import base64
import json
import re
import sys

KEPT = re.compile(r"-(batch-v1-job|kueue-x-k8s-io-v1beta2-[a-z]+)$")


def documents(text):
    """The JSON documents of a stream that holds several, one after another."""
    decoder, at = json.JSONDecoder(), 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            return
        document, at = decoder.raw_decode(text, at)
        yield document


def local(configuration, port, ca_bundle):
    webhooks = []
    for webhook in configuration["webhooks"]:
        path = webhook["clientConfig"]["service"]["path"]
        if KEPT.search(path):
            webhook["clientConfig"] = {"url": f"https://127.0.0.1:{port}{path}", "caBundle": ca_bundle}
            webhooks.append(webhook)
    return {
        "apiVersion": configuration["apiVersion"],
        "kind": configuration["kind"],
        # The names Kueue's kustomization gives them (namePrefix kueue-).
        "metadata": {"name": "kueue-" + configuration["metadata"]["name"]},
        "webhooks": webhooks,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ca", required=True)
    args = parser.parse_args()
    with open(args.ca, "rb") as f:
        ca_bundle = base64.b64encode(f.read()).decode()
    items = [local(c, args.port, ca_bundle) for c in documents(sys.stdin.read())]
    if not any(item["webhooks"] for item in items):
        sys.exit("webhooks.py: no Job or Kueue webhook in the input")
    json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout)


if __name__ == "__main__":
    main()
