// scripts/cluster/versions.env against the scratch modules scripts/cluster/go/*/go.mod that the local cluster's
// binaries are built in: versions.env names each binary's cache directory (bin/<component>-<version>/) and its
// -ldflags version, the go.mod decides what is compiled. Nothing else ties them: a version changed in one file only
// would build (or reuse) a binary under another version's name.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const CLUSTER = join(__dirname, '..', '..', 'scripts', 'cluster');
const VERSIONS_ENV = 'scripts/cluster/versions.env';

/** versions.env's NAME=value lines, read as scripts/cluster/lib/state.mjs reads them. */
const versions: Record<string, string> = Object.fromEntries(
  readFileSync(join(CLUSTER, 'versions.env'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.split('=')),
);

/** A go.mod's `go` version, its requirements (module → version, indirect ones too) and its replacements. */
function readGoMod(dir: string) {
  const text = readFileSync(join(CLUSTER, 'go', dir, 'go.mod'), 'utf8');
  const requires = new Map<string, string>();
  const replaces = new Map<string, string>();
  let block: string | undefined;
  let go: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*/, '').trim();
    if (!line) continue;
    const opened = /^(require|replace|exclude)\s*\($/.exec(line);
    if (opened) block = opened[1];
    else if (line === ')') block = undefined;
    else {
      const [directive, rest] = block ? [block, line] : [line.split(/\s+/)[0], line.replace(/^\S+\s*/, '')];
      if (directive === 'go') go = rest;
      const require = directive === 'require' && /^(\S+)\s+(\S+)$/.exec(rest);
      if (require) requires.set(require[1], require[2]);
      const replace = directive === 'replace' && /^(\S+)(?:\s+\S+)?\s+=>\s+\S+\s+(\S+)$/.exec(rest);
      if (replace) replaces.set(replace[1], replace[2]);
    }
  }
  return { path: `scripts/cluster/go/${dir}/go.mod`, go, requires, replaces };
}

const BUMP = 'change both together (go get MODULE@VERSION and go mod tidy in that scratch module, then versions.env)';

const PAIRS: { name: string; dir: string; module: string; change: string }[] = [
  { name: 'KUBE_VERSION', dir: 'k8s', module: 'k8s.io/kubernetes', change: BUMP },
  { name: 'ETCD_VERSION', dir: 'k8s', module: 'go.etcd.io/etcd/server/v3', change: BUMP },
  { name: 'KWOK_VERSION', dir: 'k8s', module: 'sigs.k8s.io/kwok', change: BUMP },
  { name: 'METRICS_SERVER_VERSION', dir: 'metrics-server', module: 'sigs.k8s.io/metrics-server', change: BUMP },
  { name: 'VPA_VERSION', dir: 'vpa', module: 'k8s.io/autoscaler/vertical-pod-autoscaler', change: BUMP },
  {
    name: 'KEDA_VERSION',
    dir: 'keda-graph',
    module: 'github.com/kedacore/keda/v2',
    change: "the scratch module is KEDA's own go.mod at KEDA_VERSION (its requirements, replace and exclude lines): copy it again from the release KEDA_VERSION names",
  },
  {
    name: 'KARPENTER_VERSION',
    dir: 'keda-graph',
    module: 'sigs.k8s.io/karpenter',
    change: "change both together (go get MODULE@VERSION in the scratch module, which must raise none of KEDA's versions)",
  },
  {
    name: 'CUSTOM_METRICS_APISERVER_VERSION',
    dir: 'keda-graph',
    module: 'sigs.k8s.io/custom-metrics-apiserver',
    change: "the adapter is built in KEDA's module graph, so the library's version is the one KEDA_VERSION's go.mod requires: set CUSTOM_METRICS_APISERVER_VERSION to it",
  },
];

for (const { name, dir, module, change } of PAIRS) {
  test(`${name} is the version of ${module} that go/${dir}/go.mod requires`, () => {
    const mod = readGoMod(dir);
    assert.ok(versions[name], `${VERSIONS_ENV} has no ${name}`);
    const required = mod.requires.get(module);
    assert.ok(required, `${mod.path} requires no ${module}: it builds ${name}'s binary, see ${VERSIONS_ENV}`);
    assert.equal(versions[name], required, `${VERSIONS_ENV} has ${name}=${versions[name]} but ${mod.path} requires ${module} ${required}: ${change}`);
  });
}

test("KUBE_MAJOR and KUBE_MINOR are KUBE_VERSION's, and go/k8s/go.mod replaces the staging modules with that release's v0 tags", () => {
  const [, major, minor, patch] = /^v(\d+)\.(\d+)\.(\d+)$/.exec(versions.KUBE_VERSION) ?? [];
  assert.ok(major, `${VERSIONS_ENV}: KUBE_VERSION=${versions.KUBE_VERSION} is not vMAJOR.MINOR.PATCH`);
  assert.deepEqual(
    { KUBE_MAJOR: versions.KUBE_MAJOR, KUBE_MINOR: versions.KUBE_MINOR },
    { KUBE_MAJOR: major, KUBE_MINOR: minor },
    `${VERSIONS_ENV}: KUBE_MAJOR and KUBE_MINOR (the binaries' -ldflags version) must be KUBE_VERSION=${versions.KUBE_VERSION}'s`,
  );
  const mod = readGoMod('k8s');
  const staging = `v0.${minor}.${patch}`;
  const stale = [...mod.replaces].filter(([from, to]) => from.startsWith('k8s.io/') && to !== staging);
  assert.ok(mod.replaces.size > 0, `${mod.path} has no replace lines`);
  assert.deepEqual(stale, [], `${mod.path}: k8s.io/kubernetes ${versions.KUBE_VERSION} is built with its staging modules at ${staging}: change these replace lines to ${staging}`);
});

test('the scratch modules built with NEW_GO_TOOLCHAIN ask for no newer Go than it', () => {
  const toolchain = /^go(\d+(?:\.\d+)*)$/.exec(versions.NEW_GO_TOOLCHAIN)?.[1];
  assert.ok(toolchain, `${VERSIONS_ENV}: NEW_GO_TOOLCHAIN=${versions.NEW_GO_TOOLCHAIN} is not goX.Y.Z`);
  const numbers = (v: string) => v.split('.').map(Number);
  const newer = (a: string, b: string) => {
    const [x, y] = [numbers(a), numbers(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
    return false;
  };
  // build_in_module (go-env.sh) builds both modules with GOTOOLCHAIN=$NEW_GO_TOOLCHAIN.
  for (const dir of ['keda-graph', 'vpa']) {
    const mod = readGoMod(dir);
    assert.ok(mod.go, `${mod.path} has no go line`);
    assert.ok(
      !newer(mod.go, toolchain),
      `${mod.path} needs go ${mod.go} but is built with NEW_GO_TOOLCHAIN=${versions.NEW_GO_TOOLCHAIN}: raise NEW_GO_TOOLCHAIN in ${VERSIONS_ENV} to go${mod.go} or newer`,
    );
  }
});
