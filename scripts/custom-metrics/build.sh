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
# with the Go caches every local-cluster build shares (scripts/cluster/go-env.sh). The scratch module
# scripts/cluster/go/custom-metrics pins the library; its main is test-adapter's (see its header for the two changes).
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

wait_for_extras_build
[[ -f "$BIN" && -x "$BIN" ]] && { echo "[build] test-adapter $CUSTOM_METRICS_APISERVER_VERSION present: $BIN"; exit 0; }
mkdir -p "$CACHE_DIR/logs" "$CACHE_DIR/build" "$OUT_DIR"
exec 9>"$CACHE_DIR/build/.lock-custom-metrics"
if ! flock -n 9; then
  echo "[build] another test-adapter build is running; waiting for it..."
  flock 9
  [[ -f "$BIN" && -x "$BIN" ]] && { echo "[build] test-adapter $CUSTOM_METRICS_APISERVER_VERSION present: $BIN"; exit 0; }
fi
LOG="$CACHE_DIR/logs/build-custom-metrics.log"
start=$SECONDS
# A copy of the scratch module: the build writes nothing into the repository.
work="$(mktemp -d "$CACHE_DIR/build/custom-metrics.XXXXXX")"
cp -r "$HERE/../cluster/go/custom-metrics/." "$work/"
echo "[build] test-adapter: go build sigs.k8s.io/custom-metrics-apiserver@$CUSTOM_METRICS_APISERVER_VERSION (log: $LOG)"
if ! (cd "$work" && GOFLAGS="$GO_BUILD_FLAGS -mod=mod" nice -n 5 go build -p "$PARALLEL" -ldflags "-s -w" -o "$work/out/test-adapter" ./test-adapter >"$LOG" 2>&1); then
  echo "[build] test-adapter FAILED after $(( SECONDS - start ))s; last lines of $LOG:" >&2
  tail -30 "$LOG" >&2
  rm -rf "$work"
  exit 1
fi
mv -f "$work/out/test-adapter" "$BIN"
rm -rf "$work"
echo "[build] test-adapter: done in $(( SECONDS - start ))s: $BIN"
