#!/usr/bin/env bash
# Builds KEDA (github.com/kedacore/keda/v2) from the Go module proxy for the local cluster's `--with keda` component
# (scripts/cluster/components/keda.mjs): the operator (cmd/operator), the metrics API server (cmd/adapter) and the
# admission webhooks (cmd/webhooks). The last of build.sh's EXTRA_BUILDS (≈ 720 CPU-s cold, docs/benchmarks.md: CI's
# cold run stays under its limit); `up --with keda` and the tests that need it build it on first use too.
#
#   scripts/keda/build.sh           build if missing
#   scripts/keda/build.sh --check   exit 0 if present, 1 otherwise
#   scripts/keda/build.sh --print   print KEDA_DIR=<dir holding operator, adapter, webhooks>
#
# Cached outside the repository: ${KSD_CACHE_DIR:-~/.cache/kube-scaling-doctor}/bin/keda-<version>/, with the Go caches
# every local-cluster build shares (scripts/cluster/go-env.sh). Built inside a copy of KEDA's own module (not a scratch
# module requiring it): KEDA's go.mod has a replace and an exclude line, which cmd/go only honours in the main module.
# KEDA needs Go >= 1.27.4: built with NEW_GO_TOOLCHAIN, which the go command fetches from the module proxy once.
# No cgo (KEDA's Makefile: CGO ?= 0), -trimpath, -ldflags "-s -w"; -X version.Version: what the operator logs and puts
# in the keda.sh/version label it expects on its objects.
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

wait_for_extras_build
present_all && { present; exit 0; }
mkdir -p "$CACHE_DIR/logs" "$CACHE_DIR/build" "$OUT_DIR"
exec 9>"$CACHE_DIR/build/.lock-keda"
if ! flock -n 9; then
  echo "[build] another keda build is running; waiting for it..."
  flock 9
  present_all && { present; exit 0; }
fi
LOG="$CACHE_DIR/logs/build-keda.log"
start=$SECONDS
export GOTOOLCHAIN="$NEW_GO_TOOLCHAIN" CGO_ENABLED=0
src="$(go mod download -json "github.com/kedacore/keda/v2@$KEDA_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -f "$src/go.mod" ]] || { echo "[build] keda: could not download github.com/kedacore/keda/v2@$KEDA_VERSION" >&2; exit 1; }
# A writable copy of the module: the build writes nothing into the module cache or the repository.
work="$(mktemp -d "$CACHE_DIR/build/keda.XXXXXX")"
cp -r "$src/." "$work/"
chmod -R u+w "$work"
echo "[build] keda: go build ./cmd/{operator,adapter,webhooks} of github.com/kedacore/keda/v2@$KEDA_VERSION with $NEW_GO_TOOLCHAIN (log: $LOG; cold: docs/benchmarks.md)"
if ! (cd "$work" && GOFLAGS="$GO_BUILD_FLAGS" nice -n 10 go build -v -p "$PARALLEL" \
    -ldflags "-s -w -X github.com/kedacore/keda/v2/version.Version=${KEDA_VERSION#v}" \
    -o "$work/out/" ./cmd/operator ./cmd/adapter ./cmd/webhooks >"$LOG" 2>&1); then
  echo "[build] keda FAILED after $(( SECONDS - start ))s; last lines of $LOG:" >&2
  tail -30 "$LOG" >&2
  rm -rf "$work"
  exit 1
fi
for b in "${BINS[@]}"; do mv -f "$work/out/$b" "$OUT_DIR/$b.tmp" && mv -f "$OUT_DIR/$b.tmp" "$OUT_DIR/$b"; done
rm -rf "$work"
echo "[build] keda: done in $(( SECONDS - start ))s: $OUT_DIR"
