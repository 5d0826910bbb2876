#!/usr/bin/env bash
# Builds Karpenter's KWOK cloud provider (sigs.k8s.io/karpenter/kwok, the real Karpenter controllers with a cloud
# provider that launches kwok nodes) from the Go module proxy, for `up --with karpenter`
# (scripts/cluster/components/karpenter.mjs). One of build.sh's EXTRA_BUILDS; also runnable alone.
#
#   scripts/cluster/karpenter-build.sh           build if missing
#   scripts/cluster/karpenter-build.sh --check   exit 0 if present, 1 otherwise
#   scripts/cluster/karpenter-build.sh --print   print KARPENTER=<path>
#
# Cached outside the repository: ${KSD_CACHE_DIR:-~/.cache/kube-scaling-doctor}/bin/karpenter-<version>/karpenter,
# with the Go caches every local-cluster build shares (go-env.sh). Built in KEDA's module graph (go/keda-graph, which
# requires KARPENTER_VERSION; build_in_keda_graph in go-env.sh): Karpenter's own requirements are all at or below
# KEDA's, so it gets KEDA's patch versions of the Kubernetes libraries (k8s.io v0.36.6 for its v0.36.1) and shares
# their compiled packages with KEDA and the custom-metrics adapter. Karpenter needs Go >= 1.26.9: built with
# NEW_GO_TOOLCHAIN, which the go command fetches from the module proxy once. Cheap on purpose: no cgo, -trimpath,
# -ldflags "-s -w" (no symbol table, no DWARF: less to link).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
# shellcheck source=go-env.sh
source "$HERE/go-env.sh"

OUT_DIR="$CACHE_DIR/bin/karpenter-$KARPENTER_VERSION"
BIN="$OUT_DIR/karpenter"

case "${1:-}" in
  --print) echo "KARPENTER=$BIN"; exit 0 ;;
  --check) [[ -x "$BIN" ]] && exit 0 || { echo "missing: karpenter"; exit 1; } ;;
  "") ;;
  *) echo "usage: $0 [--check|--print]" >&2; exit 2 ;;
esac

if [[ -x "$BIN" ]]; then
  echo "[build] karpenter $KARPENTER_VERSION present: $BIN"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "[build] ERROR: Go is not installed; karpenter $KARPENTER_VERSION is missing. Install Go >= 1.24 and re-run." >&2
  exit 1
fi

wait_for_extras_build "$BIN"
[[ -x "$BIN" ]] && { echo "[build] karpenter $KARPENTER_VERSION present: $BIN"; exit 0; }
mkdir -p "$CACHE_DIR/logs" "$CACHE_DIR/build" "$OUT_DIR"
exec 9>"$CACHE_DIR/build/.lock-karpenter"
if ! flock -n 9; then
  echo "[build] another karpenter build is running; waiting for it..."
  flock 9
  [[ -x "$BIN" ]] && { echo "[build] karpenter $KARPENTER_VERSION present: $BIN"; exit 0; }
fi
# -X operator.Version: the version Karpenter logs at start and reports in its karpenter_build_info metric.
build_in_keda_graph karpenter "$CACHE_DIR/logs/build-karpenter.log" "$OUT_DIR" \
  "-s -w -X sigs.k8s.io/karpenter/pkg/operator.Version=$KARPENTER_VERSION" karpenter=sigs.k8s.io/karpenter/kwok
