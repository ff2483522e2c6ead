#!/usr/bin/env python3
"""Writes a copy of a Distillation spec whose artifacts go to a given store, unless the spec names
its own storage: the quality benchmark runs every spec against one store so that the ablations
reuse the teacher and every step they do not change. Usage: shared_store.py SPEC OUT URI"""
import sys

import spec_file


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    source, out, uri = sys.argv[1:]
    spec = spec_file.read(source, "shared_store.py")
    storage = spec["spec"].setdefault("storage", {})
    storage.setdefault("uri", uri)
    spec_file.write(spec, out, f"{source} with its artifacts in {storage['uri']}"
                               " (bench/quality/shared_store.py)")


if __name__ == "__main__":
    main()
