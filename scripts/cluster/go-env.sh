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
