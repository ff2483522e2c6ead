# Sourced by the bench scripts: the PyTorch venv, waiting for a quiet machine, and a description of
# the machine for the results. Not meant to be run on its own.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_cache="${DISTILLERY_CACHE:-$HOME/.cache/distillery}"
bench_venv="$bench_cache/bench-venv"
bench_work="${DISTILLERY_BENCH_WORK:-$bench_cache/bench-work}"

# Creates the venv of bench/requirements.txt in $bench_venv unless it already has those versions
# (.ci/torch-venv, shared with examples/teachers/ and the tests that need real PyTorch).
bench_ensure_venv() {
  DISTILLERY_CACHE="$bench_cache" "$bench_root/.ci/torch-venv" >/dev/null
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

# Exports commit $1 (default HEAD) of this repository into the bench's work folder and builds the
# steps and bench/djl there (once per commit), so that the bench measures committed code and neither
# a teammate's half-edited working tree nor a rebuild during the bench can change what runs; nothing
# is installed into ~/.m2. Sets bench_commit, bench_steps_classpath and bench_profile_classpath.
bench_build_commit() {
  bench_commit="$(git -C "$bench_root" rev-parse --short "${1:-HEAD}")"
  local src="$bench_work/src/$bench_commit"
  if [[ ! -f "$src/.built" ]]; then
    echo "bench: building the steps at commit $bench_commit in $src" >&2
    rm -rf "$src"
    mkdir -p "$src"
    git -C "$bench_root" archive "$bench_commit" | tar -x -C "$src"
    (cd "$src" && mvn -B -q -o -Pbench -pl steps,bench/djl -am package -DskipTests \
      -Dspotless.apply.skip=true) >&2
    touch "$src/.built"
  fi
  bench_steps_classpath="$(ls "$src"/steps/target/distillery-steps-*.jar):$(cat "$src/steps/target/classpath.txt")"
  # The malloc settings the commit's launcher gives every step (none before they existed), unless
  # the caller exported GLIBC_TUNABLES itself (then both sides of a comparison run with it).
  bench_glibc_tunables="${GLIBC_TUNABLES:-$(sed -n 's/^DISTILLERY_GLIBC_TUNABLES="\(.*\)"$/\1/p' \
    "$src/scripts/launch.sh")}"
  bench_profile_classpath="$(ls "$src"/bench/djl/target/distillery-bench-*.jar):$(cat "$src/bench/djl/target/classpath.txt")"
}

# Runs one step of the built commit: bench_step train --model ... (as ./distillery-step train ...).
bench_step() {
  # shellcheck disable=SC2086 # DISTILLERY_JAVA_OPTS holds several options, as in the launcher
  bench_java ${DISTILLERY_JAVA_OPTS:--Xmx4g} -Dai.djl.offline=true -cp "$bench_steps_classpath" \
    dev.distillery.steps.cli.DistilleryStep "$@"
}

# How the PyTorch peer's malloc is set up: "tuned" (the default) gives it the same GLIBC_TUNABLES
# as the built commit's steps, so a comparison is like for like; "as-installed" runs it with
# glibc's defaults, as `pip install torch` does. Scripts set it from --peer-malloc.
bench_peer_malloc=tuned

# Checks a --peer-malloc value ($1) for the script named $2.
bench_set_peer_malloc() {
  case "$1" in
    tuned|as-installed) bench_peer_malloc="$1" ;;
    *) echo "$2: --peer-malloc must be tuned or as-installed (got '$1')" >&2; exit 2 ;;
  esac
}

# The GLIBC_TUNABLES the peer runs with (empty: glibc's defaults); after bench_build_commit.
bench_peer_glibc_tunables() {
  if [[ "$bench_peer_malloc" == tuned ]]; then
    echo "$bench_glibc_tunables"
  fi
}

# Runs the peer, "$@", with bench_peer_glibc_tunables and nothing else of the caller's.
bench_peer() {
  local tunables
  tunables="$(bench_peer_glibc_tunables)"
  if [[ -n "$tunables" ]]; then
    GLIBC_TUNABLES="$tunables" "$@"
  else
    env -u GLIBC_TUNABLES "$@"
  fi
}

# java "$@" in the environment the built commit's launcher gives a step (its GLIBC_TUNABLES).
bench_java() {
  if [[ -n "$bench_glibc_tunables" ]]; then
    GLIBC_TUNABLES="$bench_glibc_tunables" java "$@"
  else
    java "$@"
  fi
}

# The JAVA_TOOL_OPTIONS that the operator's Deployment in the source tree $1 sets (one home: the
# manifest), for the benchmarks that run the operator as a plain JVM; fails when there is none.
bench_operator_java_options() {
  local options
  options="$(sed -n '/name: JAVA_TOOL_OPTIONS/{n;s/^ *value: "\(.*\)"$/\1/p}' \
    "$1/manifests/050-Deployment-distillery-operator.yaml")"
  if [[ -z "$options" ]]; then
    echo "bench: no JAVA_TOOL_OPTIONS in $1/manifests/050-Deployment-distillery-operator.yaml" >&2
    return 1
  fi
  echo "$options"
}
