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
# two Go builds at once on two cores only slow each other, and the extras build reaches this binary anyway. The wait
# ends when the given binaries are there (the extras build made them and went on to the next component) or when the
# extras build ended. Only in build mode, never within the extras build itself (KSD_EXTRAS_BUILD).
wait_for_extras_build() { # binary...: the files this component needs
  [[ -n "${KSD_EXTRAS_BUILD:-}" ]] && return 0
  local said="" f missing
  mkdir -p "$CACHE_DIR/build"
  exec 8>"$CACHE_DIR/build/.lock-extras"
  until flock -n 8; do
    missing=""
    for f in "$@"; do [[ -x "$f" ]] || missing=1; done
    [[ -z $missing && $# -gt 0 ]] && break
    [[ -n $said ]] || echo "[build] build.sh --extras is running (it builds this binary too); waiting for it..."
    said=1
    sleep 2
  done
  exec 8>&-
}

# KEDA, Karpenter's KWOK provider and the custom-metrics test adapter build in ONE module graph, KEDA's
# (scripts/cluster/go/keda-graph): their Kubernetes libraries agree there, so whichever builds first compiles the
# shared packages (client-go, controller-runtime, apiserver...) into the GOCACHE and the others reuse them (cold:
# Karpenter and the adapter cost 38 CPU-s after KEDA instead of ≈ 290 and ≈ 300 alone, docs/benchmarks.md). Same
# toolchain, no cgo and the same flags for all three: any difference would give the shared packages other cache keys.
# VPA's recommender pins newer libraries (v0.37) and builds in its own graph, with the same toolchain and no cgo so
# that at least the standard library is shared.
build_in_keda_graph() { # name log out_dir ldflags [binary=]package...
  build_in_module keda-graph "$@"
}

# Builds main packages in a copy of the scratch module scripts/cluster/go/<module> with $NEW_GO_TOOLCHAIN, no cgo and
# the shared flags, and moves each binary into out_dir atomically (a build that fails leaves nothing half-written).
build_in_module() { # module name log out_dir ldflags [binary=]package...: each main package into out_dir/binary
  local module="$1" name="$2" log="$3" out_dir="$4" ldflags="$5" start=$SECONDS work arg
  local -a pkgs=() bins=()
  shift 5
  for arg in "$@"; do # binary name: the one given, or the package's last path element (as go build -o dir/ names it)
    pkgs+=("${arg#*=}")
    if [[ $arg == *=* ]]; then bins+=("${arg%%=*}"); else bins+=("${arg##*/}"); fi
  done
  # A copy of the scratch module: the build writes nothing into the repository.
  work="$(mktemp -d "$CACHE_DIR/build/$name.XXXXXX")"
  cp -r "$(dirname "${BASH_SOURCE[0]}")/go/$module/." "$work/"
  echo "[build] $name: go build ${pkgs[*]} in scripts/cluster/go/$module with $NEW_GO_TOOLCHAIN (log: $log)"
  if ! (cd "$work" && CGO_ENABLED=0 GOTOOLCHAIN="$NEW_GO_TOOLCHAIN" GOFLAGS="$GO_BUILD_FLAGS" \
      nice -n 10 go build -v -p "$PARALLEL" -ldflags "$ldflags" -o "$work/out/" "${pkgs[@]}" >"$log" 2>&1); then
    echo "[build] $name FAILED after $(( SECONDS - start ))s; last lines of $log:" >&2
    tail -30 "$log" >&2
    rm -rf "$work"
    return 1
  fi
  mkdir -p "$out_dir"
  for arg in "${!pkgs[@]}"; do
    mv -f "$work/out/${pkgs[$arg]##*/}" "$out_dir/${bins[$arg]}.tmp" && mv -f "$out_dir/${bins[$arg]}.tmp" "$out_dir/${bins[$arg]}"
  done
  rm -rf "$work"
  echo "[build] $name: done in $(( SECONDS - start ))s: $out_dir"
}
