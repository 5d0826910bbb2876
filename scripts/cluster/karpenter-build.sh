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
# with the Go caches every local-cluster build shares (go-env.sh). The scratch module go/karpenter pins
# KARPENTER_VERSION (Karpenter's go.mod has no replace directives, so its graph is the release's). Karpenter needs
# Go >= 1.26.9: built with NEW_GO_TOOLCHAIN, which the go command fetches from the module proxy once.
# Cheap on purpose: no cgo, -trimpath, -ldflags "-s -w" (no symbol table, no DWARF: less to link). -X operator.Version:
# the version Karpenter logs at start and reports in its karpenter_build_info metric (unset, it says "unspecified").
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

wait_for_extras_build
[[ -x "$BIN" ]] && { echo "[build] karpenter $KARPENTER_VERSION present: $BIN"; exit 0; }
mkdir -p "$CACHE_DIR/logs" "$CACHE_DIR/build" "$OUT_DIR"
exec 9>"$CACHE_DIR/build/.lock-karpenter"
if ! flock -n 9; then
  echo "[build] another karpenter build is running; waiting for it..."
  flock 9
  [[ -x "$BIN" ]] && { echo "[build] karpenter $KARPENTER_VERSION present: $BIN"; exit 0; }
fi
LOG="$CACHE_DIR/logs/build-karpenter.log"
WORK="$CACHE_DIR/build/karpenter"
rm -rf "$WORK"; mkdir -p "$WORK"
cp -r "$HERE/go/karpenter/." "$WORK/"
start=$SECONDS
echo "[build] karpenter: go build sigs.k8s.io/karpenter/kwok@$KARPENTER_VERSION with $NEW_GO_TOOLCHAIN (log: $LOG; about 5 CPU-min cold; 15 min wall on a loaded 2-core machine)"
if ! (cd "$WORK" && CGO_ENABLED=0 GOTOOLCHAIN="$NEW_GO_TOOLCHAIN" GOFLAGS="$GO_BUILD_FLAGS" \
    nice -n 10 go build -p "$PARALLEL" -ldflags "-s -w -X sigs.k8s.io/karpenter/pkg/operator.Version=$KARPENTER_VERSION" -o "$WORK/karpenter" sigs.k8s.io/karpenter/kwok >"$LOG" 2>&1); then
  echo "[build] karpenter FAILED after $(( SECONDS - start ))s; last lines of $LOG:" >&2
  tail -30 "$LOG" >&2
  exit 1
fi
mv -f "$WORK/karpenter" "$BIN.tmp"
mv -f "$BIN.tmp" "$BIN"
rm -rf "$WORK"
echo "[build] karpenter: done in $(( SECONDS - start ))s: $BIN"
