#!/usr/bin/env bash
# Builds the pinned binaries of the local test cluster from the Go module proxy.
#
#   scripts/cluster/build.sh            build whatever is missing
#   scripts/cluster/build.sh --check    exit 0 if everything is present, 1 otherwise
#   scripts/cluster/build.sh --print    print the binary paths (KEY=PATH lines)
#
# Binaries are cached OUTSIDE the repository, keyed by component and version:
#   ${KSD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-scaling-doctor}/bin/<component>-<version>/
# Only the first run on a machine pays the build. Everything Kubernetes-related (kube-apiserver,
# kube-controller-manager, kube-scheduler, kubectl, etcd, kwok, kwokctl) is compiled by ONE
# `go build` invocation of the scratch module scripts/cluster/go/k8s so that shared packages
# (client-go, apimachinery, apiserver, ...) are compiled once. metrics-server v0.7.2 pins older
# Kubernetes libraries (v0.29), so it gets its own scratch module scripts/cluster/go/metrics-server.
# CoreDNS (for test/cluster/coredns.test.mjs) is built last by scripts/coredns/build.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"

CACHE_DIR="${KSD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-scaling-doctor}"
BIN_DIR="$CACHE_DIR/bin"
K8S_DIR="$BIN_DIR/kubernetes-$KUBE_VERSION"
ETCD_DIR="$BIN_DIR/etcd-$ETCD_VERSION"
KWOK_DIR="$BIN_DIR/kwok-$KWOK_VERSION"
MS_DIR="$BIN_DIR/metrics-server-$METRICS_SERVER_VERSION"

declare -A TARGET_PKG=(
  [kube-apiserver]=k8s.io/kubernetes/cmd/kube-apiserver
  [kube-controller-manager]=k8s.io/kubernetes/cmd/kube-controller-manager
  [kube-scheduler]=k8s.io/kubernetes/cmd/kube-scheduler
  [kubectl]=k8s.io/kubernetes/cmd/kubectl
  [etcd]=./etcd
  [kwok]=sigs.k8s.io/kwok/cmd/kwok
  [kwokctl]=sigs.k8s.io/kwok/cmd/kwokctl
)
declare -A TARGET_DIR=(
  [kube-apiserver]=$K8S_DIR [kube-controller-manager]=$K8S_DIR [kube-scheduler]=$K8S_DIR
  [kubectl]=$K8S_DIR [etcd]=$ETCD_DIR [kwok]=$KWOK_DIR [kwokctl]=$KWOK_DIR
)
ORDER=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok kwokctl)

print_paths() {
  for t in "${ORDER[@]}"; do
    key="$(echo "$t" | tr 'a-z-' 'A-Z_')"
    echo "${key}=${TARGET_DIR[$t]}/$t"
  done
  echo "METRICS_SERVER=$MS_DIR/metrics-server"
  bash "$HERE/../coredns/build.sh" --print
}

missing=()
for t in "${ORDER[@]}"; do
  [[ -x "${TARGET_DIR[$t]}/$t" ]] || missing+=("$t")
done
ms_missing=0
[[ -x "$MS_DIR/metrics-server" ]] || ms_missing=1

case "${1:-}" in
  --print) print_paths; exit 0 ;;
  --check)
    ok=1
    [[ ${#missing[@]} -eq 0 && $ms_missing -eq 0 ]] || { echo "missing: ${missing[*]} $([[ $ms_missing == 1 ]] && echo metrics-server)"; ok=0; }
    bash "$HERE/../coredns/build.sh" --check || ok=0
    [[ $ok == 1 ]] && exit 0 || exit 1 ;;
  "") ;;
  *) echo "usage: $0 [--check|--print]" >&2; exit 2 ;;
esac

if [[ ${#missing[@]} -eq 0 && $ms_missing -eq 0 ]]; then
  echo "[build] all binaries present in $BIN_DIR"
  exec bash "$HERE/../coredns/build.sh"
fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<EOF
[build] ERROR: Go is not installed, and these binaries are missing: ${missing[*]} $([[ $ms_missing == 1 ]] && echo metrics-server)
[build] Install Go >= 1.24 (Debian: apt-get install golang-go, or the go.dev tarball), then re-run.
[build] Kubernetes' own release binaries are not downloadable on the project's machines, so the
[build] Go module proxy build is the only supported path.
EOF
  exit 1
fi

mkdir -p "$CACHE_DIR/build" "$CACHE_DIR/logs" "$BIN_DIR"
LOCK="$CACHE_DIR/build/.lock"
exec 9>"$LOCK"
if ! flock -n 9; then
  echo "[build] another build is running (lock $LOCK); waiting for it..."
  flock 9
  exec "$0" "$@"
fi

export GOFLAGS="-trimpath -buildvcs=false -mod=mod"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
PARALLEL="${KSD_BUILD_PARALLEL:-2}"

# go build -v prints one line per compiled package; print a heartbeat so that a long cold build
# shows progress without flooding the terminal.
run_go_build() { # name logfile args...
  local name="$1" log="$2"; shift 2
  local start=$SECONDS
  echo "[build] $name: go build $* (log: $log)"
  ( nice -n 5 go build -v -p "$PARALLEL" "$@" >"$log" 2>&1 ) &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 30
    kill -0 "$pid" 2>/dev/null || break
    echo "[build] $name: $(( SECONDS - start ))s elapsed, $(grep -c . "$log" 2>/dev/null || echo 0) packages so far"
  done
  if ! wait "$pid"; then
    echo "[build] $name FAILED after $(( SECONDS - start ))s; last lines of $log:" >&2
    tail -30 "$log" >&2
    return 1
  fi
  echo "[build] $name: done in $(( SECONDS - start ))s"
}

copy_module() { # src dst
  rm -rf "$2"; mkdir -p "$2"
  cp -r "$1/." "$2/"
}

total_start=$SECONDS

if [[ ${#missing[@]} -gt 0 ]]; then
  work="$CACHE_DIR/build/k8s-$KUBE_VERSION"
  copy_module "$HERE/go/k8s" "$work"
  out="$work/out"; mkdir -p "$out"
  LD="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    LD="$LD -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=$KUBE_MAJOR -X $p.gitMinor=$KUBE_MINOR"
    LD="$LD -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  LD="$LD -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${KUBE_VERSION#v}"
  pkgs=()
  for t in "${missing[@]}"; do pkgs+=("${TARGET_PKG[$t]}"); done
  echo "[build] building ${missing[*]} (Kubernetes $KUBE_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION); the first build on a machine takes 15-30 minutes on 2 cores"
  ( cd "$work" && run_go_build kubernetes+etcd+kwok "$CACHE_DIR/logs/build-k8s.log" -ldflags "$LD" -o "$out/" "${pkgs[@]}" )
  for t in "${missing[@]}"; do
    mkdir -p "${TARGET_DIR[$t]}"
    mv -f "$out/$t" "${TARGET_DIR[$t]}/$t.tmp"
    mv -f "${TARGET_DIR[$t]}/$t.tmp" "${TARGET_DIR[$t]}/$t"
  done
  rm -rf "$work"
fi

if [[ $ms_missing -eq 1 ]]; then
  work="$CACHE_DIR/build/metrics-server-$METRICS_SERVER_VERSION"
  copy_module "$HERE/go/metrics-server" "$work"
  LD="-s -w -X k8s.io/client-go/pkg/version.gitVersion=$METRICS_SERVER_VERSION -X k8s.io/client-go/pkg/version.gitTreeState=clean -X k8s.io/client-go/pkg/version.buildDate=1970-01-01T00:00:00Z"
  ( cd "$work" && run_go_build metrics-server "$CACHE_DIR/logs/build-metrics-server.log" -ldflags "$LD" -o "$work/metrics-server" sigs.k8s.io/metrics-server/cmd/metrics-server )
  mkdir -p "$MS_DIR"
  mv -f "$work/metrics-server" "$MS_DIR/metrics-server"
  rm -rf "$work"
fi

echo "[build] finished in $(( SECONDS - total_start ))s; binaries in $BIN_DIR"
bash "$HERE/../coredns/build.sh"
