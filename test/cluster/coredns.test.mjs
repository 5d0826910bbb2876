// A real CoreDNS loads the Corefile that the coredns-node-hosts repair writes, and answers from it:
// node names resolve to their InternalIP from the hosts block, and other names fall through to the
// kubernetes plugin (kubernetes.default.svc.cluster.local, read from the local cluster's API server).
// The Corefile is put into kube-system/coredns of the local cluster and repaired as `doctor --fix` does
// (planRepair → dryRun → applyPlan); CoreDNS then loads what the ConfigMap holds.
// CoreDNS is the version kubeadm of the cluster's Kubernetes installs (scripts/cluster/versions.env),
// built from the Go module proxy by scripts/coredns/build.sh. The tests never skip for a missing binary: before
// them the coredns component builds it, or waits for the build scripts/run-tests.mjs runs in the background (the
// build's lock), so this file runs last in its shard. KSD_SKIP_CLUSTER_TESTS=1 skips them (./skip.mjs).
import { after, before, test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resolver } from 'node:dns/promises';
import { up, apis, CACHE_DIR, VERSIONS } from '../../scripts/cluster/lib.mjs';
import { componentContext } from '../../scripts/cluster/components/index.mjs';
import coredns from '../../scripts/cluster/components/coredns.mjs';
// The files themselves, not index.ts: Node's ESM loader does not see through index.ts's `export *` (tsx compiles it to CommonJS).
import { parseCorefile, isRootServerBlock } from '../../src/core/k8s/corefile/parse.ts';
import { hostsDirective, hasFallthrough } from '../../src/core/k8s/corefile/hosts.ts';
import { planRepair } from '../../src/core/doctor/repairs/index.ts';
import { applyPlan, dryRun } from '../../src/core/doctor/apply.ts';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const COREDNS = join(CACHE_DIR, 'bin', `coredns-${VERSIONS.COREDNS_VERSION}`, 'coredns');

// The Corefile kubeadm writes into kube-system/coredns (cmd/kubeadm/app/phases/addons/dns/manifests.go, v1.33).
const KUBEADM_COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

// The same with a hosts block someone added by hand, without fallthrough: CoreDNS's hosts plugin answers
// SERVFAIL for every name it does not list, Service names included (plugin/hosts/hosts.go: "We want to
// send an NXDOMAIN, but … we make it SERVFAIL") — the failure the coredns-hosts-fallthrough rule warns about.
const WITH_HOSTS_NO_FALLTHROUGH = KUBEADM_COREFILE.replace('    kubernetes cluster.local', '    hosts {\n       10.20.30.40 registry.corp.internal\n    }\n    kubernetes cluster.local');

let kubeconfig;
let nodeEntries;
let work;
let api;

describe('a real CoreDNS loads the repaired Corefile of the local cluster', { skip }, () => {
  before(async () => {
    const log = (m) => process.stderr.write(`# [coredns] ${m}\n`);
    // Builds CoreDNS, or waits for the build in progress; a failed build fails every test of this file.
    await coredns.build(componentContext({ name: NAME, log }));
    assert.ok(existsSync(COREDNS), COREDNS);
    work = mkdtempSync(join(tmpdir(), 'ksd-coredns-'));
    ({ kubeconfig } = await up({ scenario: 'healthy', name: NAME, profile: 'test' }));
    api = apis({ name: NAME });
    const nodes = (await api.core.listNode()).items;
    nodeEntries = nodes.map((n) => ({ ip: n.status.addresses.find((a) => a.type === 'InternalIP').address, names: [n.metadata.name] }));
    assert.ok(nodeEntries.length > 0, 'the cluster has nodes');
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const CM = { name: 'coredns', namespace: 'kube-system' };
  const finding = { id: 'metrics-server-node-dns', severity: 'error', message: '', evidence: [], explanation: '', docs: '', repairs: [] };
  const repaired = new Map();

  /** `corefile` in kube-system/coredns, repaired through the product's code path; the ConfigMap's Corefile afterwards. */
  async function patch(corefile) {
    if (repaired.has(corefile)) return repaired.get(corefile);
    await api.core.deleteNamespacedConfigMap(CM).catch(() => undefined);
    await api.core.createNamespacedConfigMap({ namespace: CM.namespace, body: { metadata: CM, data: { Corefile: corefile } } });
    try {
      const plan = await planRepair(api.kc, finding, 'coredns-node-hosts');
      assert.equal(plan.changes.length, 1, JSON.stringify(plan.warnings));
      await dryRun(api.kc, plan);
      await applyPlan(api.kc, plan);
      const text = (await api.core.readNamespacedConfigMap(CM)).data.Corefile;
      assert.notEqual(text, corefile);
      repaired.set(corefile, text);
      return text;
    } finally {
      await api.core.deleteNamespacedConfigMap(CM).catch(() => undefined);
    }
  }

  function freePort() {
    return new Promise((resolve, reject) => {
      const s = createServer()
        .once('error', reject)
        .listen(0, '127.0.0.1', () => {
          const { port } = s.address();
          s.close(() => resolve(port));
        });
    });
  }

  /**
   * Test harness only, not part of the repair: the in-cluster listen addresses (:53, health :8080, ready
   * :8181, prometheus :9153) become free loopback ports, and the kubernetes plugin gets the local
   * cluster's kubeconfig instead of the in-cluster service account. Every rewrite must apply exactly once.
   */
  function forLocalRun(corefile, ports) {
    const rewrites = [
      [/^\.:53 \{\n/m, `.:${ports.dns} {\n    bind 127.0.0.1\n`],
      [/^( *)health \{/m, `$1health 127.0.0.1:${ports.health} {`],
      [/^( *)ready$/m, `$1ready 127.0.0.1:${ports.ready}`],
      [/^( *)prometheus :9153$/m, `$1prometheus 127.0.0.1:${ports.metrics}`],
      [/^( *)(kubernetes cluster\.local .*\{\n)/m, `$1$2$1   kubeconfig ${kubeconfig}\n`],
    ];
    let out = corefile;
    for (const [re, to] of rewrites) {
      assert.ok(re.test(out), `harness rewrite ${re} found nothing in:\n${out}`);
      out = out.replace(re, to);
    }
    return out;
  }

  /** Runs CoreDNS on the Corefile until `fn` is done; resolves once its ready endpoint answers 200. */
  async function withCoreDNS(corefile, fn) {
    const ports = { dns: await freePort(), health: await freePort(), ready: await freePort(), metrics: await freePort() };
    const file = join(work, `Corefile-${ports.dns}`);
    writeFileSync(file, forLocalRun(corefile, ports));
    const child = spawn(COREDNS, ['-conf', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let exitCode;
    child.on('exit', (code, signal) => (exitCode = code ?? signal));
    const resolver = new Resolver({ timeout: 3000, tries: 2 });
    resolver.setServers([`127.0.0.1:${ports.dns}`]);
    try {
      // Ready: the ready plugin answers 200 (the kubernetes plugin has synced) and the DNS port answers
      // (a name in cluster.local gets its answer from hosts or kubernetes, never from the unreachable upstream).
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (exitCode !== undefined) assert.fail(`coredns exited (${exitCode}) while loading the Corefile:\n${output}`);
        let ready = false;
        try {
          ready = (await fetch(`http://127.0.0.1:${ports.ready}/ready`)).status === 200;
        } catch {
          /* not listening yet */
        }
        if (ready && !['ECONNREFUSED', 'ETIMEOUT'].includes(await lookup(resolver, 'readiness-probe.cluster.local'))) break;
        if (Date.now() > deadline) assert.fail(`coredns did not become ready within 60 s:\n${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      await fn(resolver, () => output);
    } finally {
      child.kill('SIGKILL');
      if (exitCode === undefined) await new Promise((r) => child.once('exit', r));
    }
  }

  /** A → addresses, or the DNS error code (ENOTFOUND is NXDOMAIN, ESERVFAIL is SERVFAIL). */
  async function lookup(resolver, name) {
    try {
      return (await resolver.resolve4(name)).sort();
    } catch (err) {
      return err.code;
    }
  }

  test('the repaired kubeadm Corefile parses and its hosts block keeps fallthrough (product parser)', async () => {
    for (const original of [KUBEADM_COREFILE, WITH_HOSTS_NO_FALLTHROUGH]) {
      const parsed = parseCorefile(await patch(original));
      assert.ok(parsed.ok);
      const root = parsed.value.serverBlocks.find(isRootServerBlock);
      const hosts = hostsDirective(root);
      assert.ok(hosts && hasFallthrough(hosts), 'hosts block with fallthrough');
      const lines = hosts.block.directives.filter((d) => d.name.text !== 'fallthrough');
      for (const e of nodeEntries) {
        assert.ok(
          lines.some((d) => d.name.text === e.ip && d.args.some((a) => a.text === e.names[0])),
          `hosts line "${e.ip} … ${e.names[0]}"`,
        );
      }
    }
  });

  test('CoreDNS serves the repaired kubeadm Corefile: node names from hosts, Service names fall through', async () => {
    const patched = await patch(KUBEADM_COREFILE);
    await withCoreDNS(patched, async (resolver, log) => {
      for (const e of nodeEntries) assert.deepEqual(await lookup(resolver, e.names[0]), [e.ip], `${e.names[0]}\n${log()}`);
      assert.deepEqual(await lookup(resolver, 'kubernetes.default.svc.cluster.local'), await serviceIp(), log());
    });
  });

  test('CoreDNS serves a repaired Corefile whose hosts block lacked fallthrough: old entry kept, fallthrough restored', async () => {
    // Before the repair: the hosts block swallows every name it does not list.
    await withCoreDNS(WITH_HOSTS_NO_FALLTHROUGH, async (resolver, log) => {
      assert.deepEqual(await lookup(resolver, 'registry.corp.internal'), ['10.20.30.40'], log());
      assert.equal(await lookup(resolver, 'kubernetes.default.svc.cluster.local'), 'ESERVFAIL', log());
      assert.equal(await lookup(resolver, nodeEntries[0].names[0]), 'ESERVFAIL', log());
    });
    // After: node names resolve, the hand-written entry stays, Service names reach the kubernetes plugin.
    await withCoreDNS(await patch(WITH_HOSTS_NO_FALLTHROUGH), async (resolver, log) => {
      assert.deepEqual(await lookup(resolver, 'registry.corp.internal'), ['10.20.30.40'], log());
      for (const e of nodeEntries) assert.deepEqual(await lookup(resolver, e.names[0]), [e.ip], log());
      assert.deepEqual(await lookup(resolver, 'kubernetes.default.svc.cluster.local'), await serviceIp(), log());
    });
  });

  /** The ClusterIP of default/kubernetes as the API server reports it. */
  async function serviceIp() {
    const svc = await api.core.readNamespacedService({ name: 'kubernetes', namespace: 'default' });
    return [svc.spec.clusterIP];
  }
});
