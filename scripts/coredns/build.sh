#!/usr/bin/env bash
# Builds CoreDNS (the version kubeadm of the local cluster's Kubernetes installs) from the Go module
# proxy, for the real check of the Corefile the coredns-node-hosts repair writes
# (test/cluster/coredns.test.mjs). Called by scripts/cluster/build.sh; also runnable alone.
#
#   scripts/coredns/build.sh           build if missing
#   scripts/coredns/build.sh --check   exit 0 if present, 1 otherwise
#   scripts/coredns/build.sh --print   print COREDNS=<path>
#
# Cached outside the repository: ${KSD_CACHE_DIR:-~/.cache/kube-scaling-doctor}/bin/coredns-<version>/coredns,
# with the Go caches every local-cluster build shares (scripts/cluster/go-env.sh).
# CoreDNS's go.mod has no replace directives, so `go install module@version` builds it exactly as
# its release pins it. About 5 minutes cold on 2 cores.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../cluster/versions.env
source "$HERE/../cluster/versions.env"
# shellcheck source=../cluster/go-env.sh
source "$HERE/../cluster/go-env.sh"

OUT_DIR="$CACHE_DIR/bin/coredns-$COREDNS_VERSION"
BIN="$OUT_DIR/coredns"

case "${1:-}" in
  --print) echo "COREDNS=$BIN"; exit 0 ;;
  --check) [[ -x "$BIN" ]] && exit 0 || { echo "missing: coredns"; exit 1; } ;;
  "") ;;
  *) echo "usage: $0 [--check|--print]" >&2; exit 2 ;;
esac

if [[ -x "$BIN" ]]; then
  echo "[build] coredns $COREDNS_VERSION present: $BIN"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "[build] ERROR: Go is not installed; coredns $COREDNS_VERSION is missing. Install Go >= 1.24 and re-run." >&2
  exit 1
fi

wait_for_extras_build "$BIN"
[[ -x "$BIN" ]] && { echo "[build] coredns $COREDNS_VERSION present: $BIN"; exit 0; }
mkdir -p "$CACHE_DIR/logs" "$CACHE_DIR/build" "$OUT_DIR"
exec 9>"$CACHE_DIR/build/.lock-coredns"
if ! flock -n 9; then
  echo "[build] another coredns build is running; waiting for it..."
  flock 9
  [[ -x "$BIN" ]] && { echo "[build] coredns $COREDNS_VERSION present: $BIN"; exit 0; }
fi
LOG="$CACHE_DIR/logs/build-coredns.log"
start=$SECONDS
echo "[build] coredns: go install github.com/coredns/coredns@$COREDNS_VERSION (log: $LOG)"
tmp="$(mktemp -d "$OUT_DIR/.gobin.XXXXXX")"
if ! GOFLAGS="$GO_BUILD_FLAGS" GOBIN="$tmp" \
    nice -n 5 go install -p "$PARALLEL" -ldflags "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION" >"$LOG" 2>&1; then
  echo "[build] coredns FAILED after $(( SECONDS - start ))s; last lines of $LOG:" >&2
  tail -30 "$LOG" >&2
  rm -rf "$tmp"
  exit 1
fi
mv -f "$tmp/coredns" "$BIN"
rm -rf "$tmp"
echo "[build] coredns: done in $(( SECONDS - start ))s: $BIN"
