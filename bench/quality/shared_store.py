#!/usr/bin/env python3
"""Writes a copy of a Distillation spec whose artifacts go to a given store, unless the spec names
its own storage: the quality benchmark runs every spec against one store so that the ablations
reuse the teacher and every step they do not change. Usage: shared_store.py SPEC OUT URI"""
import sys

try:
    import yaml
except ImportError:
    sys.exit("shared_store.py: needs PyYAML (Debian: apt-get install python3-yaml)")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    source, out, uri = sys.argv[1:]
    with open(source) as f:
        spec = yaml.safe_load(f)
    if not isinstance(spec, dict) or not isinstance(spec.get("spec"), dict):
        sys.exit(f"shared_store.py: {source} is not a Distillation (no spec)")
    storage = spec["spec"].setdefault("storage", {})
    storage.setdefault("uri", uri)
    with open(out, "w") as f:
        f.write(f"# {source} with its artifacts in {storage['uri']} (bench/quality/shared_store.py)\n")
        yaml.safe_dump(spec, f, sort_keys=False)


if __name__ == "__main__":
    main()
