# shellcheck shell=bash
# Sourced by tests that run Kueue beside the local control plane (e2e/cluster): the real Kueue
# controller manager (e2e/install-binaries builds it from its Go module) as a local process, with
# its CRDs, its own Job and Kueue-API webhooks served over TLS and registered with the API server,
# and the quota of e2e/kueue/queues.yaml. The caller sets `say` and `fail`, sources binaries.sh,
# defines `kubectl` for the cluster and sets KUBECONFIG.
#
# Kueue's manager reads its metrics certificate from the fixed path /etc/kueue/metrics/certs when
# it does not manage certificates itself (its in-cluster certificates name a Service, which a
# local process cannot serve); it runs in a private mount namespace where an overlay of /etc adds
# that folder, so the host's /etc is untouched. Needs root, like the node agent.

kueue_pid=""

# kueue_up STATE_DIR PORT: starts Kueue with its health probe on PORT and its webhooks on PORT+1,
# only the batch/job integration, no leader election and no visibility server; waits until it is
# ready, then registers its webhooks and applies the quota. Logs to STATE_DIR/kueue.log.
kueue_up() {
  local state="$1" port="$2" webhook_port=$(($2 + 1)) started=$SECONDS
  [[ -x "$KUEUE_BIN" ]] || fail "no Kueue at $KUEUE_BIN: run e2e/install-binaries"
  mkdir -p "$state/certs" "$state/etc/kueue/metrics/certs" "$state/etc-work"
  # A CA for the API server to trust, and a serving certificate for 127.0.0.1 (webhooks, metrics).
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=kueue-e2e-ca \
    -keyout "$state/ca.key" -out "$state/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
    -keyout "$state/certs/tls.key" -out "$state/tls.csr" 2>/dev/null
  openssl x509 -req -days 2 -in "$state/tls.csr" -CA "$state/ca.crt" -CAkey "$state/ca.key" \
    -CAcreateserial -extfile <(echo subjectAltName=IP:127.0.0.1) -out "$state/certs/tls.crt" 2>/dev/null
  cp "$state"/certs/tls.{crt,key} "$state/etc/kueue/metrics/certs/"

  kubectl apply --server-side -f "$KUEUE_DIR/crds/" >/dev/null
  kubectl wait --for condition=Established --timeout 60s -f "$KUEUE_DIR/crds/" >/dev/null
  kubectl create namespace kueue-system >/dev/null
  cat >"$state/config.yaml" <<EOF
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
namespace: kueue-system
health:
  healthProbeBindAddress: 127.0.0.1:$port
metrics:
  bindAddress: "0"
webhook:
  host: 127.0.0.1
  port: $webhook_port
  certDir: $state/certs
leaderElection:
  leaderElect: false
internalCertManagement:
  enable: false
integrations:
  frameworks:
  - batch/job
EOF
  unshare --mount --propagation private bash -c '
    mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1/etc,workdir=$1/etc-work" /etc &&
      exec "$2" --config "$1/config.yaml" --feature-gates VisibilityOnDemand=false --kubeconfig "$3"' \
    kueue "$state" "$KUEUE_BIN" "$KUBECONFIG" >"$state/kueue.log" 2>&1 &
  kueue_pid=$!
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do
    kill -0 "$kueue_pid" 2>/dev/null || fail "Kueue exited: $(tail -n 3 "$state/kueue.log")"
    ((SECONDS - started < 120)) || fail "Kueue not ready after 120s: $(tail -n 3 "$state/kueue.log")"
    sleep 1
  done
  kubectl create --dry-run=client -o json -f "$KUEUE_DIR/webhooks.yaml" |
    python3 "$E2E_DIR/kueue/webhooks.py" --port "$webhook_port" --ca "$state/ca.crt" |
    kubectl apply -f - >/dev/null
  # The webhooks answer once the API server reaches them: the quota goes through them.
  until kubectl apply -f "$E2E_DIR/kueue/queues.yaml" >/dev/null 2>"$state/queues.err"; do
    ((SECONDS - started < 120)) || fail "Kueue's webhooks refused the quota: $(cat "$state/queues.err")"
    sleep 1
  done
  say "Kueue ${KUEUE_VERSION} running (pid $kueue_pid) with its webhooks, ready in $((SECONDS - started))s"
}

# kueue_down: stops Kueue, if it was started.
kueue_down() {
  [[ -n "$kueue_pid" ]] || return 0
  kill "$kueue_pid" 2>/dev/null || true
  wait "$kueue_pid" 2>/dev/null || true
}
