#!/usr/bin/env bash
# Builds the custom-metrics test adapter (sigs.k8s.io/custom-metrics-apiserver's test-adapter, a real aggregated
# API server for custom.metrics.k8s.io and external.metrics.k8s.io) from the Go module proxy, for the local cluster's
# `--with custom-metrics` component (scripts/cluster/components/custom-metrics.mjs). Called by scripts/cluster/build.sh
# (EXTRA_BUILDS); also runnable alone.
#
#   scripts/custom-metrics/build.sh           build if missing
#   scripts/custom-metrics/build.sh --check   exit 0 if present, 1 otherwise
#   scripts/custom-metrics/build.sh --print   print TEST_ADAPTER=<path>
#
# Cached outside the repository: ${KSD_CACHE_DIR:-~/.cache/kube-scaling-doctor}/bin/custom-metrics-<version>/test-adapter,
# with the Go caches every local-cluster build shares (scripts/cluster/go-env.sh). Built in KEDA's module graph
# (scripts/cluster/go/keda-graph, build_in_keda_graph in go-env.sh): KEDA serves its external metrics with this same
# library, so the version is KEDA's (CUSTOM_METRICS_APISERVER_VERSION must match go/keda-graph/go.mod) and nearly all
# of the adapter's packages are compiled once for both. Its main is test-adapter's (see its header for the two changes).
# Cold: see docs/benchmarks.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../cluster/versions.env
source "$HERE/../cluster/versions.env"
# shellcheck source=../cluster/go-env.sh
source "$HERE/../cluster/go-env.sh"

OUT_DIR="$CACHE_DIR/bin/custom-metrics-$CUSTOM_METRICS_APISERVER_VERSION"
BIN="$OUT_DIR/test-adapter"

case "${1:-}" in
  --print) echo "TEST_ADAPTER=$BIN"; exit 0 ;;
  --check) [[ -f "$BIN" && -x "$BIN" ]] && exit 0 || { echo "missing: test-adapter"; exit 1; } ;;
  "") ;;
  *) echo "usage: $0 [--check|--print]" >&2; exit 2 ;;
esac

if [[ -f "$BIN" && -x "$BIN" ]]; then
  echo "[build] test-adapter $CUSTOM_METRICS_APISERVER_VERSION present: $BIN"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "[build] ERROR: Go is not installed; test-adapter $CUSTOM_METRICS_APISERVER_VERSION is missing. Install Go >= 1.26 and re-run." >&2
  exit 1
fi

wait_for_extras_build "$BIN"
[[ -f "$BIN" && -x "$BIN" ]] && { echo "[build] test-adapter $CUSTOM_METRICS_APISERVER_VERSION present: $BIN"; exit 0; }
mkdir -p "$CACHE_DIR/logs" "$CACHE_DIR/build" "$OUT_DIR"
exec 9>"$CACHE_DIR/build/.lock-custom-metrics"
if ! flock -n 9; then
  echo "[build] another test-adapter build is running; waiting for it..."
  flock 9
  [[ -f "$BIN" && -x "$BIN" ]] && { echo "[build] test-adapter $CUSTOM_METRICS_APISERVER_VERSION present: $BIN"; exit 0; }
fi
build_in_keda_graph test-adapter "$CACHE_DIR/logs/build-custom-metrics.log" "$OUT_DIR" "-s -w" ./test-adapter
