"""Reading and writing Distillation specs for the quality harness's spec rewriters
(quick_spec.py, shared_store.py): one PyYAML check, one Distillation check, one header line."""
import sys

try:
    import yaml
except ImportError:
    yaml = None


def read(path, tool):
    """The Distillation in `path`, or exit naming `tool` and the problem."""
    if yaml is None:
        sys.exit(f"{tool}: needs PyYAML (Debian: apt-get install python3-yaml)")
    with open(path) as f:
        spec = yaml.safe_load(f)
    if not isinstance(spec, dict) or not isinstance(spec.get("spec"), dict) or "metadata" not in spec:
        sys.exit(f"{tool}: {path} is not a Distillation (no metadata or spec)")
    return spec


def write(spec, path, header):
    """Writes `spec` to `path` under the one-line comment `header`."""
    with open(path, "w") as f:
        f.write(f"# {header}\n")
        yaml.safe_dump(spec, f, sort_keys=False)
