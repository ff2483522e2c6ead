# Sourced by the bench scripts: the PyTorch venv, waiting for a quiet machine, and a description of
# the machine for the results. Not meant to be run on its own.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_cache="${DISTILLERY_CACHE:-$HOME/.cache/distillery}"
bench_venv="$bench_cache/bench-venv"
bench_work="${DISTILLERY_BENCH_WORK:-$bench_cache/bench-work}"

# Creates the venv of bench/requirements.txt in $bench_venv unless it already has those versions.
bench_ensure_venv() {
  local want_torch want_numpy
  want_torch="$(sed -n 's/^torch==//p' "$bench_root/bench/requirements.txt")"
  want_numpy="$(sed -n 's/^numpy==//p' "$bench_root/bench/requirements.txt")"
  if [[ -x "$bench_venv/bin/python" ]] && "$bench_venv/bin/python" - "$want_torch" "$want_numpy" \
      <<'PY' 2>/dev/null; then
import sys, numpy, torch
sys.exit(0 if torch.__version__.split("+")[0] == sys.argv[1] and numpy.__version__ == sys.argv[2] else 1)
PY
    return 0
  fi
  echo "bench: installing torch==$want_torch and numpy==$want_numpy into $bench_venv (once)..." >&2
  python3 -m venv "$bench_venv"
  "$bench_venv/bin/pip" install --quiet --disable-pip-version-check -r "$bench_root/bench/requirements.txt"
}

# The 1-minute load average.
bench_load() {
  cut -d' ' -f1 /proc/loadavg
}

# Waits until the 1-minute load average is at most $1, for at most $2 seconds; prints the load.
bench_wait_for_quiet() {
  local max_load="$1" max_wait="$2" waited=0
  while awk -v l="$(bench_load)" -v m="$max_load" 'BEGIN { exit !(l > m) }'; do
    if (( waited >= max_wait )); then
      echo "bench: load $(bench_load) still above $max_load after ${waited}s; measuring anyway" >&2
      break
    fi
    if (( waited == 0 )); then
      echo "bench: load $(bench_load) above $max_load; waiting up to ${max_wait}s for a quiet moment" >&2
    fi
    sleep 15
    waited=$((waited + 15))
  done
  bench_load
}

# One JSON object describing this machine and moment.
bench_machine_json() {
  "$bench_venv/bin/python" - <<'PY'
import json, os, platform, subprocess, datetime
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print(json.dumps({
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "nproc": len(os.sched_getaffinity(0)), "cpu": cpu, "memoryGiB": round(int(mem) / 1048576, 1),
    "kernel": platform.release(), "java": java, "python": platform.python_version(),
}))
PY
}

# Builds the steps if needed (through ./distillery-step) and copies the jar into $1, so that a
# teammate's rebuild during the bench cannot swap the code under a run; afterwards bench_step runs
# `distillery-step` from that copy with the launcher's own java command line.
bench_snapshot_steps() {
  local into="$1"
  "$bench_root/distillery-step" --help >/dev/null
  cp "$bench_root"/steps/target/distillery-steps-*.jar "$into/distillery-steps.jar"
  cp "$bench_root/steps/target/classpath.txt" "$into/classpath.txt"
  bench_steps_classpath="$into/distillery-steps.jar:$(cat "$into/classpath.txt")"
  bench_steps_commit="$(git -C "$bench_root" log -1 --format=%h -- steps)"
  if [[ -n "$(git -C "$bench_root" status --porcelain -- steps/src)" ]]; then
    bench_steps_commit="$bench_steps_commit+uncommitted"
  fi
}

# Runs one step of the snapshot: bench_step train --model ... (same as ./distillery-step train ...).
bench_step() {
  # shellcheck disable=SC2086 # DISTILLERY_JAVA_OPTS holds several options, as in the launcher
  java ${DISTILLERY_JAVA_OPTS:--Xmx4g} -Dai.djl.offline=true -cp "$bench_steps_classpath" \
    dev.distillery.steps.cli.DistilleryStep "$@"
}
