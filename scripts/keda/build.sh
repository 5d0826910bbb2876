#!/usr/bin/env bash
# Builds KEDA (github.com/kedacore/keda/v2) from the Go module proxy for the local cluster's `--with keda` component
# (scripts/cluster/components/keda.mjs): the operator (cmd/operator), the metrics API server (cmd/adapter) and the
# admission webhooks (cmd/webhooks). One of build.sh's EXTRA_BUILDS, after the custom-metrics adapter and Karpenter
# (≈ 640 CPU-s cold alone, about half of it after those two: docs/benchmarks.md); `up --with keda` and the tests that
# need it build it on first use too.
#
#   scripts/keda/build.sh           build if missing
#   scripts/keda/build.sh --check   exit 0 if present, 1 otherwise
#   scripts/keda/build.sh --print   print KEDA_DIR=<dir holding operator, adapter, webhooks>
#
# Cached outside the repository: ${KSD_CACHE_DIR:-~/.cache/kube-scaling-doctor}/bin/keda-<version>/, with the Go caches
# every local-cluster build shares (scripts/cluster/go-env.sh). Built in the scratch module scripts/cluster/go/keda-graph,
# whose go.mod is KEDA's own at KEDA_VERSION (its requirements, and the replace and exclude lines cmd/go honours only in
# the main module) plus Karpenter: the versions selected for KEDA's packages are the release's, and Karpenter's KWOK
# provider and the custom-metrics adapter build in the same graph and share its compiled packages (build_in_keda_graph).
# KEDA needs Go >= 1.27.4: built with NEW_GO_TOOLCHAIN, which the go command fetches from the module proxy once.
# No cgo (KEDA's Makefile: CGO ?= 0), -trimpath, -ldflags "-s -w".
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../cluster/versions.env
source "$HERE/../cluster/versions.env"
# shellcheck source=../cluster/go-env.sh
source "$HERE/../cluster/go-env.sh"

OUT_DIR="$CACHE_DIR/bin/keda-$KEDA_VERSION"
BINS=(operator adapter webhooks)

present_all() { local b; for b in "${BINS[@]}"; do [[ -x "$OUT_DIR/$b" ]] || return 1; done; }

case "${1:-}" in
  --print) echo "KEDA_DIR=$OUT_DIR"; exit 0 ;;
  --check) present_all && exit 0 || { echo "missing: keda"; exit 1; } ;;
  "") ;;
  *) echo "usage: $0 [--check|--print]" >&2; exit 2 ;;
esac

present() { echo "[build] keda $KEDA_VERSION present: $OUT_DIR"; }
present_all && { present; exit 0; }
if ! command -v go >/dev/null 2>&1; then
  echo "[build] ERROR: Go is not installed; keda $KEDA_VERSION is missing. Install Go >= 1.26 and re-run." >&2
  exit 1
fi

wait_for_extras_build "${BINS[@]/#/$OUT_DIR/}"
present_all && { present; exit 0; }
mkdir -p "$CACHE_DIR/logs" "$CACHE_DIR/build" "$OUT_DIR"
exec 9>"$CACHE_DIR/build/.lock-keda"
if ! flock -n 9; then
  echo "[build] another keda build is running; waiting for it..."
  flock 9
  present_all && { present; exit 0; }
fi
# -X version.Version: what the operator logs and puts in the keda.sh/version label it expects on its objects.
build_in_keda_graph keda "$CACHE_DIR/logs/build-keda.log" "$OUT_DIR" "-s -w -X github.com/kedacore/keda/v2/version.Version=${KEDA_VERSION#v}" \
  github.com/kedacore/keda/v2/cmd/operator github.com/kedacore/keda/v2/cmd/adapter github.com/kedacore/keda/v2/cmd/webhooks
