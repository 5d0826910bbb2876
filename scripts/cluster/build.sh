#!/usr/bin/env bash
# Builds the pinned binaries of the local test cluster from the Go module proxy.
#
#   scripts/cluster/build.sh            build whatever is missing
#   scripts/cluster/build.sh --check    exit 0 if everything is present, 1 otherwise
#   scripts/cluster/build.sh --print    print the binary paths (KEY=PATH lines)
#   add --core (the groups below: what `up` needs) or --extras (the components' own builds, EXTRA_BUILDS) to
#   build or check only that part: scripts/run-tests.mjs starts the cluster tests once --core is built and
#   builds --extras while they run (a component's test waits for its binary through the build's lock).
#
# Binaries are cached OUTSIDE the repository, keyed by component and version:
#   ${KSD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-scaling-doctor}/bin/<component>-<version>/
# with Go's build and module caches beside them (go-env.sh). Only the first run on a machine pays the build.
#
# Binaries are built in GROUPS: each group is a scratch module scripts/cluster/go/<group> (one module graph)
# compiled by ONE `go build`, so the packages its binaries share compile once. Everything Kubernetes-related
# (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, etcd, kwok, kwokctl) is the group k8s;
# metrics-server v0.7.2 pins older Kubernetes libraries (v0.29), so it is a group of its own. To add a
# component: if its dependencies agree with a group's go.mod, add its main package to that group's tools.go
# and go.mod and a TARGETS row; otherwise give it its own group (scratch module + GROUP_LDFLAGS + TARGETS rows).
# All groups share one GOCACHE, so a package at the same version still compiles once across groups.
# Components with a build of their own (CoreDNS, for test/cluster/coredns.test.mjs; the custom-metrics adapter,
# Karpenter's KWOK provider and KEDA, which share one module graph, KEDA's: go-env.sh build_in_keda_graph; the VPA
# recommender) are EXTRA_BUILDS, built last, in the order their tests come in the cluster shards.
#
# Progress: before compiling, `go list -deps` counts the packages of every group to build (the known total; it also
# downloads the modules). While `go build -v` runs, $CACHE_DIR/build/progress.json says how far it is (rewritten every
# 2 s: {"phase":"listing|compiling|done|failed","group","done","total","compileSeconds","listSeconds","log"}; `done`
# counts the packages compiled so far, over all groups), and a heartbeat line every 30 s gives the percentage. A
# finished build records its time in $CACHE_DIR/build/timings.json ({"packages","compileSeconds","listSeconds"}):
# the estimate of the next one. scripts/cluster/lib/progress.mjs reads both (npm start's progress).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
# shellcheck source=go-env.sh
source "$HERE/go-env.sh"

BIN_DIR="$CACHE_DIR/bin"
K8S_DIR="$BIN_DIR/kubernetes-$KUBE_VERSION"
ETCD_DIR="$BIN_DIR/etcd-$ETCD_VERSION"
KWOK_DIR="$BIN_DIR/kwok-$KWOK_VERSION"
MS_DIR="$BIN_DIR/metrics-server-$METRICS_SERVER_VERSION"

# binary  group  main package (in the group's module)  output dir
TARGETS=(
  "kube-apiserver          k8s            k8s.io/kubernetes/cmd/kube-apiserver            $K8S_DIR"
  "kube-controller-manager k8s            k8s.io/kubernetes/cmd/kube-controller-manager   $K8S_DIR"
  "kube-scheduler          k8s            k8s.io/kubernetes/cmd/kube-scheduler            $K8S_DIR"
  "kubectl                 k8s            k8s.io/kubernetes/cmd/kubectl                   $K8S_DIR"
  "etcd                    k8s            ./etcd                                          $ETCD_DIR"
  "kwok                    k8s            sigs.k8s.io/kwok/cmd/kwok                       $KWOK_DIR"
  "kwokctl                 k8s            sigs.k8s.io/kwok/cmd/kwokctl                    $KWOK_DIR"
  "metrics-server          metrics-server sigs.k8s.io/metrics-server/cmd/metrics-server  $MS_DIR"
)
GROUPS_IN_ORDER=(k8s metrics-server)
# Each takes --check and --print, builds what is missing with no argument, and waits on its own lock.
# In the order the shards reach their tests (by name: coredns, custom-metrics, karpenter, keda, vpa). The adapter
# compiles most of what Karpenter and KEDA share with it; each later build in KEDA's graph adds only its own packages.
EXTRA_BUILDS=("$HERE/../coredns/build.sh" "$HERE/../custom-metrics/build.sh" "$HERE/karpenter-build.sh" "$HERE/../keda/build.sh" "$HERE/../vpa/build.sh")

version_ldflags() { # gitVersion major minor: the -X flags that make a binary report its real version
  local v="$1" major="$2" minor="$3" ld="" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=$v -X $p.gitMajor=$major -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  echo "$ld"
}
declare -A GROUP_LDFLAGS=(
  # kwokctl reads the binaries' versions; kwok's own consts say which Kubernetes it was built with.
  [k8s]="-s -w $(version_ldflags "$KUBE_VERSION" "$KUBE_MAJOR" "$KUBE_MINOR") -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${KUBE_VERSION#v}"
  [metrics-server]="-s -w -X k8s.io/client-go/pkg/version.gitVersion=$METRICS_SERVER_VERSION -X k8s.io/client-go/pkg/version.gitTreeState=clean -X k8s.io/client-go/pkg/version.buildDate=1970-01-01T00:00:00Z"
)
declare -A GROUP_SUMMARY=(
  [k8s]="Kubernetes $KUBE_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION; the first build on a machine takes 10-20 minutes on 2 cores"
  [metrics-server]="metrics-server $METRICS_SERVER_VERSION"
)

missing=()
declare -A GROUP_MISSING=()
for row in "${TARGETS[@]}"; do
  read -r t group pkg dir <<<"$row"
  if [[ ! -x "$dir/$t" ]]; then
    missing+=("$t")
    GROUP_MISSING[$group]="${GROUP_MISSING[$group]:-} $t"
  fi
done

mode=build part=all
for arg in "$@"; do
  case "$arg" in
    --check) mode=check ;;
    --print) mode=print ;;
    --core) part=core ;;
    --extras) part=extras ;;
    *) echo "usage: $0 [--check|--print] [--core|--extras]" >&2; exit 2 ;;
  esac
done
extras() { # --check|--print|(nothing): run every extra build with it; fails if one fails
  local b ok=1
  if [[ $# -eq 0 ]]; then
    # Held while the builds run: a component needing one of these binaries waits here (go-env.sh wait_for_extras_build).
    mkdir -p "$CACHE_DIR/build"
    exec 8>"$CACHE_DIR/build/.lock-extras"
    flock 8
  fi
  for b in "${EXTRA_BUILDS[@]}"; do KSD_EXTRAS_BUILD=1 bash "$b" "$@" || ok=0; done
  [[ $# -eq 0 ]] && exec 8>&-
  [[ $ok == 1 ]]
}

case "$mode" in
  print)
    if [[ $part != extras ]]; then
      for row in "${TARGETS[@]}"; do
        read -r t group pkg dir <<<"$row"
        echo "$(echo "$t" | tr 'a-z-' 'A-Z_')=$dir/$t"
      done
    fi
    [[ $part == core ]] || extras --print
    exit 0 ;;
  check)
    ok=1
    if [[ $part != extras && ${#missing[@]} -gt 0 ]]; then echo "missing: ${missing[*]}"; ok=0; fi
    if [[ $part != core ]]; then extras --check || ok=0; fi
    [[ $ok == 1 ]] && exit 0 || exit 1 ;;
esac

# Started by scripts/run-tests.mjs in a process group of its own: stop the whole group (go build, the CoreDNS build)
# when the runner is gone, even killed by SIGKILL, so no orphan build holds the lock below. The watcher is in the
# group too, so its id cannot be reused while it polls; it ends with the group. It holds no pipe of the runner's and
# not the lock (fd 9, open here after a re-exec below).
if [[ -n "${KSD_BUILD_PARENT_PID:-}" && "$(ps -o pgid= $$ | tr -d ' ')" == "$$" ]]; then
  (
    while kill -0 "$KSD_BUILD_PARENT_PID" 2>/dev/null; do sleep 1; done
    kill -TERM -- "-$$" 2>/dev/null
  ) </dev/null >/dev/null 2>&1 9>&- &
fi

if [[ $part == extras || ${#missing[@]} -eq 0 ]]; then
  [[ $part == extras ]] || echo "[build] all binaries present in $BIN_DIR"
  [[ $part == core ]] && exit 0
  extras
  exit
fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
[build] ERROR: Go is not installed, and these binaries are missing: ${missing[*]}
[build] Install Go >= 1.24 (Debian: apt-get install golang-go, or the go.dev tarball), then re-run.
[build] Kubernetes' own release binaries are not downloadable on the project's machines, so the
[build] Go module proxy build is the only supported path.
MSG
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

export GOFLAGS="$GO_BUILD_FLAGS -mod=mod"
echo "[build] Go caches: GOCACHE=$GOCACHE GOMODCACHE=$GOMODCACHE"

PROGRESS="$CACHE_DIR/build/progress.json"
TIMINGS="$CACHE_DIR/build/timings.json"
declare -A GROUP_TOTAL=()
packages_before=0 total_packages=0 compile_seconds=0 list_seconds=0
write_progress() { # phase group done log: progress.json, replaced atomically (a reader never sees half a file)
  printf '{"phase":"%s","group":"%s","done":%d,"total":%d,"compileSeconds":%d,"listSeconds":%d,"log":"%s"}\n' \
    "$1" "$2" "$3" "$total_packages" "$compile_seconds" "$list_seconds" "$4" >"$PROGRESS.tmp"
  mv -f "$PROGRESS.tmp" "$PROGRESS"
}
compiled_in() { # log: packages `go build -v` has printed (one import path a line; not its "go: ..." or error lines)
  local n
  n=$(grep -cvE '^(go: |#|\s|$)' "$1" 2>/dev/null) || true
  echo "${n:-0}"
}

# go build -v prints one line per compiled package: progress.json follows it every 2 s, and a heartbeat line every
# 30 s gives the share of the known total, so a long cold build shows progress without flooding the terminal.
run_go_build() { # name logfile args...
  local name="$1" log="$2"; shift 2
  local start=$SECONDS base=$compile_seconds
  echo "[build] $name: go build $* (log: $log)"
  ( nice -n 5 go build -v -p "$PARALLEL" "$@" >"$log" 2>&1 ) &
  local pid=$! ticks=0 done_now
  # Polled every second, so the build's end is seen at once (a `sleep 30` added up to 30 s to each group).
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    (( ++ticks % 2 == 0 )) || continue
    kill -0 "$pid" 2>/dev/null || break
    compile_seconds=$(( base + SECONDS - start ))
    done_now=$(( packages_before + $(compiled_in "$log") ))
    (( done_now <= total_packages )) || done_now=$total_packages
    write_progress compiling "$name" "$done_now" "$log"
    (( ticks % 30 == 0 )) || continue
    echo "[build] $name: $(( SECONDS - start ))s elapsed, $(( total_packages ? done_now * 100 / total_packages : 0 ))% ($done_now of $total_packages packages)"
  done
  compile_seconds=$(( base + SECONDS - start ))
  if wait "$pid"; then
    write_progress compiling "$name" "$(( packages_before + ${GROUP_TOTAL[$name]} ))" "$log"
  else
    write_progress failed "$name" "$packages_before" "$log"
    echo "[build] $name FAILED after $(( SECONDS - start ))s; last lines of $log:" >&2
    tail -30 "$log" >&2
    return 1
  fi
  echo "[build] $name: done in $(( SECONDS - start ))s"
}

group_packages() { # group: the main packages of its missing binaries
  local group="$1" t g pkg dir row
  local -a want
  read -r -a want <<<"${GROUP_MISSING[$group]}"
  for row in "${TARGETS[@]}"; do
    read -r t g pkg dir <<<"$row"
    [[ $g == "$group" && " ${want[*]} " == *" $t "* ]] && echo "$pkg"
  done
}

prepare_group() { # group: a copy of its scratch module, and the number of packages its build compiles (go list -deps)
  local group="$1" work="$CACHE_DIR/build/$1" n
  local -a pkgs
  mapfile -t pkgs < <(group_packages "$group")
  rm -rf "$work"; mkdir -p "$work"
  cp -r "$HERE/go/$group/." "$work/"
  echo "[build] $group: downloading its modules and counting its packages (go list -deps)"
  n=$(cd "$work" && go list -deps "${pkgs[@]}" 2>"$CACHE_DIR/logs/list-$group.log" | grep -cv '^unsafe$') || {
    echo "[build] $group: go list failed; last lines of $CACHE_DIR/logs/list-$group.log:" >&2
    tail -30 "$CACHE_DIR/logs/list-$group.log" >&2
    write_progress failed "$group" 0 "$CACHE_DIR/logs/list-$group.log"
    return 1
  }
  GROUP_TOTAL[$group]=$n
  total_packages=$(( total_packages + n ))
}

build_group() { # group: one `go build` of the group's missing binaries in its prepared copy of the scratch module
  local group="$1" work="$CACHE_DIR/build/$1" t g pkg dir row
  local -a want pkgs
  read -r -a want <<<"${GROUP_MISSING[$group]}"
  mapfile -t pkgs < <(group_packages "$group")
  echo "[build] building ${want[*]} (${GROUP_SUMMARY[$group]}): ${GROUP_TOTAL[$group]} packages"
  ( cd "$work" && run_go_build "$group" "$CACHE_DIR/logs/build-$group.log" -ldflags "${GROUP_LDFLAGS[$group]}" -o "$work/out/" "${pkgs[@]}" )
  for row in "${TARGETS[@]}"; do
    read -r t g pkg dir <<<"$row"
    [[ $g == "$group" && " ${want[*]} " == *" $t "* ]] || continue
    mkdir -p "$dir"
    mv -f "$work/out/$t" "$dir/$t.tmp"
    mv -f "$dir/$t.tmp" "$dir/$t"
  done
  rm -rf "$work"
  # Packages a group shares with an earlier one compile once (one GOCACHE): its whole count is done now.
  packages_before=$(( packages_before + ${GROUP_TOTAL[$group]} ))
}

total_start=$SECONDS
write_progress listing "" 0 "$CACHE_DIR/logs"
for group in "${GROUPS_IN_ORDER[@]}"; do
  if [[ -n "${GROUP_MISSING[$group]:-}" ]]; then prepare_group "$group"; fi
done
list_seconds=$(( SECONDS - total_start ))
echo "[build] $total_packages packages to compile"
for group in "${GROUPS_IN_ORDER[@]}"; do
  if [[ -n "${GROUP_MISSING[$group]:-}" ]]; then
    group_start=$SECONDS
    build_group "$group"
    compile_seconds=$(( compile_seconds + SECONDS - group_start ))
  fi
done
write_progress done "" "$total_packages" "$CACHE_DIR/logs"
printf '{"packages":%d,"compileSeconds":%d,"listSeconds":%d}\n' "$total_packages" "$compile_seconds" "$list_seconds" >"$TIMINGS"

echo "[build] finished in $(( SECONDS - total_start ))s; binaries in $BIN_DIR"
[[ $part == core ]] || extras
