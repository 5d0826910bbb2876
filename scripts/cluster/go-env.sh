# Go environment of every local-cluster build (sourced by scripts/cluster/build.sh and scripts/coredns/build.sh).
#
# The caches live in the KSD cache dir next to the binaries, so "empty ~/.cache/kube-scaling-doctor" means a
# truly cold build (what CI on a fresh machine pays), one directory holds everything the builds cost on disk,
# and every component shares ONE build cache and ONE module cache: a package at the same version compiles
# once, whichever component needs it. A GOCACHE or GOMODCACHE set in the environment is used instead.
# -modcacherw keeps the module cache writable, so `rm -rf` of the cache dir works (Go writes it read-only).
# shellcheck shell=bash
CACHE_DIR="${KSD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-scaling-doctor}"
export GOCACHE="${GOCACHE:-$CACHE_DIR/go/build-cache}"
export GOMODCACHE="${GOMODCACHE:-$CACHE_DIR/go/mod}"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
GO_BUILD_FLAGS="-trimpath -buildvcs=false -modcacherw"
PARALLEL="${KSD_BUILD_PARALLEL:-2}"

# `build.sh --extras` builds every component binary one after the other and holds this lock while it does. A component
# that needs its binary (a test's `before`, `up --with`) waits for that build instead of starting its own beside it:
# two Go builds at once on two cores only slow each other, and the extras build reaches this binary anyway.
# Only in build mode, never within the extras build itself (KSD_EXTRAS_BUILD).
wait_for_extras_build() {
  [[ -n "${KSD_EXTRAS_BUILD:-}" ]] && return 0
  mkdir -p "$CACHE_DIR/build"
  exec 8>"$CACHE_DIR/build/.lock-extras"
  if ! flock -n 8; then
    echo "[build] build.sh --extras is running (it builds this binary too); waiting for it..."
    flock 8
  fi
  exec 8>&-
}
