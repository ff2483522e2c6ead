# Sourced by the end-to-end tests that run Distillations on a throwaway local cluster: the images
# built, `e2e/cluster up` on the caller's DISTILLERY_CLUSTER_DIR and ports, the operator installed
# from manifests/ and run by the node agent from its image, and the waits and reads every such test
# needs. The caller sets `say` and `fail` and E2E_WORK (a scratch folder), sources binaries.sh.

kubeconfig="$DISTILLERY_CLUSTER_DIR/kubeconfig"
minio_endpoint="http://127.0.0.1:$((DISTILLERY_ETCD_PORT + 2))"
agent_logs="$DISTILLERY_CLUSTER_DIR/node-agent/logs"
kubectl() { "$K8S_BIN_DIR/kubectl" --kubeconfig "$kubeconfig" "$@"; }

# Builds (or finds cached) the images and starts the cluster.
cluster_with_images() {
  local root started=$SECONDS
  root="$(cd "$E2E_DIR/.." && pwd)"
  "$root/images/build" all >/dev/null
  say "images built or cached ($((SECONDS - started))s)"
  "$E2E_DIR/cluster" up >"$E2E_WORK/up.out" 2>"$E2E_WORK/up.err" ||
    fail "cluster up failed: $(tail -n 5 "$E2E_WORK/up.err")"
  [[ "$(tail -n 1 "$E2E_WORK/up.out")" == "$kubeconfig" ]] || fail "cluster up did not print $kubeconfig"
}

# install_operator [NAME=VALUE...]: kubectl apply -k manifests/, one replica, the given operator
# environment variables set, and waits until it runs. Pods share the host's network on the node
# agent, so the operator's health and metrics port moves off 8080 to this cluster's own (etcd
# port + 4): two test clusters' operators would otherwise collide.
install_operator() {
  local root
  root="$(cd "$E2E_DIR/.." && pwd)"
  kubectl apply -k "$root/manifests" >/dev/null
  kubectl -n distillery-system set env deployment/distillery-operator \
    "DISTILLERY_HTTP_PORT=$((DISTILLERY_ETCD_PORT + 4))" "$@" >/dev/null
  kubectl -n distillery-system scale deployment distillery-operator --replicas=1 >/dev/null
  kubectl -n distillery-system rollout status deployment distillery-operator --timeout=180s >/dev/null ||
    fail "the operator did not become available"
  # The node agent runs no probes, so "available" only means started: wait for the leader's Lease.
  # The pods of the first ReplicaSet (two replicas, no test settings) go first: one of them may
  # hold the Lease until it is gone.
  local started=$SECONDS pod
  until (($(operator_pods) == 1)); do
    ((SECONDS - started < 120)) || fail "the operator's old pods are still there after 120s"
    sleep 2
  done
  pod="$(operator_pod)"
  until [[ "$(kubectl -n distillery-system get lease distillery-operator -o jsonpath='{.spec.holderIdentity}' 2>/dev/null)" == "$pod" ]]; do
    ((SECONDS - started < 180)) || fail "the operator pod $pod holds no Lease after 180s"
    sleep 2
  done
  say "operator running from its image on $(kubectl -n distillery-system get pods -o jsonpath='{.items[0].spec.nodeName}')"
}

# The operator's pod: the newest one not being deleted. Creation times have one-second
# resolution, so right after a rollout the old ReplicaSet's terminating pod can tie with the new
# one; sorting alone once picked the old pod, which never held the Lease.
operator_pod() {
  kubectl -n distillery-system get pods -l app.kubernetes.io/name=distillery-operator -o \
    go-template='{{range .items}}{{if not .metadata.deletionTimestamp}}{{.metadata.creationTimestamp}} {{.metadata.name}}{{"\n"}}{{end}}{{end}}' |
    sort | tail -n 1 | cut -d' ' -f2
}

# The number of operator pods, terminating ones included.
operator_pods() {
  kubectl -n distillery-system get pods -l app.kubernetes.io/name=distillery-operator --no-headers 2>/dev/null | wc -l
}

# wait_phase NAME PHASE TIMEOUT: waits for status.phase; a different terminal phase fails at once.
wait_phase() {
  local name="$1" want="$2" timeout="$3" started=$SECONDS phase
  while :; do
    phase="$(kubectl get distillation "$name" -o jsonpath='{.status.phase}')"
    [[ "$phase" == "$want" ]] && return 0
    [[ "$phase" == Succeeded || "$phase" == Failed ]] &&
      fail "$name ended $phase, not $want: $(kubectl get distillation "$name" -o jsonpath='{.status.conditions[?(@.type=="Failed")].message}')"
    ((SECONDS - started < timeout)) || fail "$name not $want after ${timeout}s (phase '$phase')"
    sleep 5
  done
}

# The pods of a Job, oldest first, as "name uid phase exitCode" lines.
job_pods() {
  kubectl get pods -l "job-name=$1" --sort-by=.metadata.creationTimestamp -o \
    jsonpath='{range .items[*]}{.metadata.name} {.metadata.uid} {.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}{"\n"}{end}'
}

# pod_log POD UID: the newest log of the pod's step container, kept by the node agent.
pod_log() {
  ls -1v "$agent_logs/default_$1_$2/step/"*.log 2>/dev/null | tail -n 1
}

# The host PID of the process a pod's container runs (its environment names the pod as HOSTNAME).
container_pid() {
  local pod="$1" environ
  for environ in /proc/[0-9]*/environ; do
    if tr '\0' '\n' <"$environ" 2>/dev/null | grep -qx "HOSTNAME=$pod" &&
      [[ "$(cat "${environ%/environ}/comm" 2>/dev/null)" == java ]]; then
      basename "${environ%/environ}"
      return 0
    fi
  done
  return 1
}

# wait_log_line POD UID REGEX TIMEOUT: waits until the pod's log has a line matching REGEX.
wait_log_line() {
  local pod="$1" uid="$2" regex="$3" timeout="$4" started=$SECONDS log
  while :; do
    log="$(pod_log "$pod" "$uid")"
    [[ -n "$log" ]] && grep -Eq "$regex" "$log" && return 0
    ((SECONDS - started < timeout)) || fail "pod $pod printed no line like '$regex' in ${timeout}s"
    sleep 1
  done
}

# wait_running_pod JOB TIMEOUT: prints "name uid" of the Job's Running pod once there is one.
wait_running_pod() {
  local job="$1" timeout="$2" started=$SECONDS line
  while :; do
    line="$(job_pods "$job" | awk '$3 == "Running" { print $1, $2 }' | tail -n 1)"
    [[ -n "$line" ]] && echo "$line" && return 0
    ((SECONDS - started < timeout)) || fail "Job $job has no Running pod after ${timeout}s"
    sleep 1
  done
}

# What a failed test leaves for a person to read: the Distillations, pods, events, operator log.
diagnose() {
  say "--- Distillations"
  kubectl get distillations -o yaml 2>&1 | grep -A12 -E '^    (conditions|phase):' >&2 || true
  say "--- pods"
  kubectl get pods -A -o wide >&2 2>&1 || true
  # Why a pod did not run (the node agent's admission says what it counted: OutOfcpu's message
  # names the CPU requested, used and the node's capacity).
  kubectl get pods -A -o jsonpath='{range .items[?(@.status.reason)]}{.metadata.name}: {.status.reason}: {.status.message}{"\n"}{end}' >&2 2>&1 || true
  say "--- events"
  kubectl get events -A --sort-by=.lastTimestamp 2>&1 | tail -n 40 >&2 || true
  local log
  for log in "$agent_logs"/distillery-system_*/*/*.log; do
    [[ -f "$log" ]] || continue
    say "--- operator log $log (last 40 lines)"
    tail -n 40 "$log" >&2
  done
  say "--- node agent log (last 40 lines)"
  tail -n 40 "$DISTILLERY_CLUSTER_DIR/logs/node-agent.log" >&2 2>/dev/null || true
}
