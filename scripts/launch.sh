# Shared by ./distillery and ./distillery-step: build a module of this checkout when any source it
# depends on is newer than its jar, then run its main class from a snapshot of Distillery's jars.
#
# The snapshot (~/.cache/distillery/launch/<hash>) means a rebuild (this launcher's or a
# developer's `mvn install`) never swaps classes under a step that is still running. Maven runs
# offline first and goes online only if that fails, so a fresh machine works and a warm one never
# waits on the network. DISTILLERY_JAVA_OPTS replaces the default JVM options.
#
# GLIBC_TUNABLES (unless already set; the step image sets the same in steps/Dockerfile, and
# AllocatorTuningTest keeps the two equal): glibc's malloc keeps freed memory instead of handing it
# back to the kernel after every batch. By default libtorch's activations (megabytes each) are
# mmap'ed and unmapped, or trimmed from the JVM threads' arenas, once per batch, and every page is
# faulted in and zeroed again: about 2 million page faults (4 s of kernel time) in 100 batches of
# cnn:32,64 against 0.2-0.3 million with these settings, at the same peak RSS (docs/BENCHMARKS.md).
DISTILLERY_GLIBC_TUNABLES="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824:glibc.malloc.top_pad=268435456"

# launch MODULE MAIN_CLASS DEFAULT_JAVA_OPTS UPSTREAM_MODULES -- ARGS...
launch() {
  local module=$1 main_class=$2 default_java_opts=$3 upstream=$4
  shift 5
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local jar="$root/$module/target/distillery-$module-0.1.0-SNAPSHOT.jar"
  local classpath_file="$root/$module/target/classpath.txt"

  if launch_stale "$root" "$jar" "$classpath_file" "$upstream"; then
    launch_build "$root" "$module" "$jar"
  fi

  export GLIBC_TUNABLES="${GLIBC_TUNABLES:-$DISTILLERY_GLIBC_TUNABLES}"
  local java_opts
  read -r -a java_opts <<<"${DISTILLERY_JAVA_OPTS:-$default_java_opts}"
  exec java "${java_opts[@]}" -Dai.djl.offline=true -Djava.awt.headless=true \
    -cp "$(launch_snapshot "$root" "$jar" "$classpath_file")" "$main_class" "$@"
}

launch_stale() {
  local root=$1 jar=$2 classpath_file=$3 upstream=$4 m paths=("$root/pom.xml")
  [[ -f "$jar" && -f "$classpath_file" ]] || return 0
  for m in $upstream; do paths+=("$root/$m/pom.xml" "$root/$m/src/main"); done
  [[ -n "$(find "${paths[@]}" -newer "$jar" -print -quit 2>/dev/null)" ]]
}

launch_build() {
  local root=$1 module=$2 jar=$3
  local name; name="$(basename "$0")"
  local log="$root/$module/target/launcher-build.log"
  mkdir -p "$root/$module/target"
  echo "$name: building the $module module (first use or sources changed)..." >&2
  # The release archive (cli/target/distillery-VERSION.tar.gz) is for people without a checkout.
  local build=(mvn -q -B -pl "$module" -am install -DskipTests -Dspotless.apply.skip=true
    -Dassembly.skipAssembly=true)
  if ! (cd "$root" && "${build[@]}" -o) >"$log" 2>&1; then
    echo "$name: offline build failed; downloading what is missing..." >&2
    if ! (cd "$root" && "${build[@]}") >"$log" 2>&1; then
      cat "$log" >&2
      echo "$name: the build failed (log: $log)" >&2
      exit 1
    fi
  fi
  touch "$jar"
}

# Prints a classpath whose Distillery jars are copies in a folder named after their content.
launch_snapshot() {
  local root=$1 jar=$2 classpath_file=$3
  local snapshots="${DISTILLERY_CACHE:-$HOME/.cache/distillery}/launch"
  local entries entry ours=() others=()
  IFS=: read -r -a entries <<<"$jar:$(cat "$classpath_file")"
  for entry in "${entries[@]}"; do
    [[ -z "$entry" ]] && continue
    if [[ "$(basename "$entry")" == distillery-*.jar ]]; then ours+=("$entry"); else others+=("$entry"); fi
  done
  local hash; hash="$(cat "${ours[@]}" | sha1sum | cut -c1-16)"
  local snapshot="$snapshots/$hash"
  if [[ ! -d "$snapshot" ]]; then
    mkdir -p "$snapshots"
    local staging; staging="$(mktemp -d "$snapshots/.tmp.XXXXXX")"
    cp "${ours[@]}" "$staging/"
    mv -T "$staging" "$snapshot" 2>/dev/null || rm -rf "$staging" # another launcher won the race
  fi
  local classpath=()
  for entry in "${ours[@]}"; do classpath+=("$snapshot/$(basename "$entry")"); done
  classpath+=("${others[@]}")
  (IFS=:; echo "${classpath[*]}")
}
