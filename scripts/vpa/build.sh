#!/usr/bin/env bash
# Builds the Vertical Pod Autoscaler recommender (k8s.io/autoscaler/vertical-pod-autoscaler, cmd pkg/recommender) from
# the Go module proxy, for the local cluster's `--with vpa` component (scripts/cluster/components/vpa.mjs). Called by
# scripts/cluster/build.sh (EXTRA_BUILDS); also runnable alone.
#
#   scripts/vpa/build.sh           build if missing
#   scripts/vpa/build.sh --check   exit 0 if present, 1 otherwise
#   scripts/vpa/build.sh --print   print VPA_RECOMMENDER=<path>
#
# Cached outside the repository: ${KSD_CACHE_DIR:-~/.cache/kube-scaling-doctor}/bin/vpa-<version>/recommender, with the
# Go caches every local-cluster build shares (scripts/cluster/go-env.sh); the scratch module scripts/cluster/go/vpa pins
# VPA v1.8.1's own dependency versions. The log lists the packages compiled (go build -v). Cold: see docs/benchmarks.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../cluster/versions.env
source "$HERE/../cluster/versions.env"
# shellcheck source=../cluster/go-env.sh
source "$HERE/../cluster/go-env.sh"

OUT_DIR="$CACHE_DIR/bin/vpa-$VPA_VERSION"
BIN="$OUT_DIR/recommender"
PKG=k8s.io/autoscaler/vertical-pod-autoscaler/pkg/recommender

case "${1:-}" in
  --print) echo "VPA_RECOMMENDER=$BIN"; exit 0 ;;
  --check) [[ -x "$BIN" ]] && exit 0 || { echo "missing: vpa recommender"; exit 1; } ;;
  "") ;;
  *) echo "usage: $0 [--check|--print]" >&2; exit 2 ;;
esac

present() { echo "[build] vpa recommender $VPA_VERSION present: $BIN"; }
[[ -x "$BIN" ]] && { present; exit 0; }
if ! command -v go >/dev/null 2>&1; then
  echo "[build] ERROR: Go is not installed; the vpa recommender $VPA_VERSION is missing. Install Go >= 1.26 and re-run." >&2
  exit 1
fi

wait_for_extras_build "$BIN"
[[ -x "$BIN" ]] && { present; exit 0; }
mkdir -p "$CACHE_DIR/logs" "$CACHE_DIR/build" "$OUT_DIR"
exec 9>"$CACHE_DIR/build/.lock-vpa"
if ! flock -n 9; then
  echo "[build] another vpa recommender build is running; waiting for it..."
  flock 9
  [[ -x "$BIN" ]] && { present; exit 0; }
fi
# The toolchain and cgo setting of the KEDA graph's builds (build_in_module, go-env.sh): the standard library compiles
# once for all four.
build_in_module vpa vpa-recommender "$CACHE_DIR/logs/build-vpa.log" "$OUT_DIR" "-s -w" "recommender=$PKG"
