# shellcheck shell=bash disable=SC2034  # the variables are read by the scripts that source this file
# Sourced by e2e/install-binaries and e2e/cluster: versions and cache paths of the
# control-plane binaries. Everything lives under DISTILLERY_CACHE (default
# ~/.cache/distillery) in the layout fabric8 kube-api-test expects, so that
# KUBE_API_TEST_DIR="$DISTILLERY_CACHE" makes it use these binaries without downloading.

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DISTILLERY_CACHE="${DISTILLERY_CACHE:-$HOME/.cache/distillery}"

# The Kubernetes release is the one e2e/k8s/go.mod requires (see e2e/k8s/generate-go-mod).
K8S_VERSION="$(awk '$1 == "require" && $2 == "k8s.io/kubernetes" { sub(/^v/, "", $3); print $3 }' "$E2E_DIR/k8s/go.mod")"
case "$(uname -m)" in
  x86_64) K8S_ARCH=amd64 ;;
  aarch64 | arm64) K8S_ARCH=arm64 ;;
  *) K8S_ARCH="$(uname -m)" ;;
esac
# <cache>/k8s/<X.Y.Z>-linux-<arch>/{etcd,kube-apiserver,kubectl,...}: kube-api-test's layout.
K8S_BIN_DIR="$DISTILLERY_CACHE/k8s/${K8S_VERSION}-linux-${K8S_ARCH}"
K8S_BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl)

# etcd: built from the wrapper module e2e/etcd (the version its go.mod requires), linked
# into K8S_BIN_DIR. Debian's etcd-server 3.4.23 starts with kube-apiserver 1.35 but lacks
# RequestWatchProgress, so clients that stream lists (client-go >= 0.36, e.g. kwok) fall back
# with errors and react seconds later; see docs/CLUSTER.md.
ETCD_VERSION="$(awk '$1 == "require" && $2 == "go.etcd.io/etcd/server/v3" { print $3 }' "$E2E_DIR/etcd/go.mod")"
ETCD_BIN_DIR="$DISTILLERY_CACHE/etcd/$ETCD_VERSION"

KWOK_VERSION="v0.8.0"
KWOK_BIN_DIR="$DISTILLERY_CACHE/kwok/$KWOK_VERSION"
KWOK_BIN="$KWOK_BIN_DIR/kwok"

# helm: `go install helm.sh/helm/v4/cmd/helm@<version>` (its go.mod has no replace directives),
# with the version stamped in by ldflags as helm's Makefile does, into the shared bin folder.
HELM_VERSION="v4.3.2"
HELM_BIN_DIR="$DISTILLERY_CACHE/bin"
HELM_BIN="$HELM_BIN_DIR/helm"

# The Prometheus Operator's CRDs (HelmChartIT dry-runs the chart's ServiceMonitor against the
# real one): `go mod download` of its module, checksum-verified like every other Go module, and
# the CRD copied out with the version beside it.
PROMETHEUS_OPERATOR_VERSION="v0.85.0"
CRDS_DIR="$DISTILLERY_CACHE/crds"
SERVICEMONITOR_CRD="$CRDS_DIR/monitoring.coreos.com_servicemonitors.yaml"

# Kueue: its controller manager, `go install sigs.k8s.io/kueue/cmd/kueue@<version>` (no replace
# directives in its go.mod), with its CRDs and webhook manifests copied from the same module, into
# <cache>/kueue/<version>/ (e2e/kueue-test runs it beside the local control plane).
KUEUE_VERSION="v0.17.0"
KUEUE_DIR="$DISTILLERY_CACHE/kueue/$KUEUE_VERSION"
KUEUE_BIN="$KUEUE_DIR/kueue"
