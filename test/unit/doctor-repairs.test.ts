// Unit tests of the doctor's repair plans and of apply/undo against a small fake API server (edge
// cases the local cluster cannot show: Helm installs, k3s, AKS, GKE kube-dns, odd flag layouts).
// The real end-to-end path is test/cluster/doctor-repair.test.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { parse } from 'yaml';
import { applyTextEdits } from '../../src/core/text/edits';
import { metricsServerContainers, setFlagEdits } from '../../src/core/k8s/metricsServer';
import { parseFile } from '../../src/core/manifest/model';
import { hasFallthrough, hostsDirective, isRootServerBlock, parseCorefile, parseDirectiveList } from '../../src/core/k8s/corefile';
import { applyPlan, dryRun, undoRepair, unifiedDiff, verifyRepair } from '../../src/core/doctor/apply';
import { planRepair, REPAIR_OFFERS, RepairRefusedError } from '../../src/core/doctor/repairs/index';
import { bundledObjects, manifestFor, parseKubeVersion } from '../../src/core/doctor/repairs/install';
import { mergePatchOf, objectYaml } from '../../src/core/doctor/repairs/objects';
import { ConcurrentChangeError, type DoctorFinding } from '../../src/core/doctor/types';

// ---- a fake API server: objects by path, GET/PATCH (merge, resourceVersion precondition)/POST/DELETE ----

type Obj = Record<string, any>;
const objects = new Map<string, Obj>();
const requests: { method: string; path: string; query: string; body?: any }[] = [];
let version = { major: '1', minor: '33', gitVersion: 'v1.33.13' };
let rv = 100;

function applyMerge(target: any, patch: any): any {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMerge(out[k], v);
  }
  return out;
}

function send(res: http.ServerResponse, code: number, body: unknown) {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });

const server = http.createServer((req, res) => {
  let text = '';
  req.on('data', (c) => (text += c));
  req.on('end', () => {
    const url = new URL(req.url!, 'http://x');
    const body = text ? JSON.parse(text) : undefined;
    requests.push({ method: req.method!, path: url.pathname, query: url.search, body });
    const dry = url.searchParams.get('dryRun') === 'All';
    const path = decodeURIComponent(url.pathname);
    if (path === '/version') return send(res, 200, version);
    if (req.method === 'GET') {
      const obj = objects.get(path);
      if (obj) return send(res, 200, obj);
      const prefix = path + '/';
      const items = [...objects].filter(([p]) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map(([, o]) => o);
      if (path === '/api/v1/nodes' || (path.endsWith('s') && items.length)) return send(res, 200, { items });
      if (path === '/apis/apps/v1/deployments') return send(res, 200, { items: [] });
      return send(res, 404, status(404, 'NotFound', `${path} not found`));
    }
    if (req.method === 'PATCH') {
      const obj = objects.get(path);
      if (!obj) return send(res, 404, status(404, 'NotFound', 'not found'));
      const want = body?.metadata?.resourceVersion;
      if (want && want !== obj.metadata.resourceVersion) {
        return send(res, 409, status(409, 'Conflict', 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again'));
      }
      const next = applyMerge(obj, body);
      next.metadata = { ...next.metadata, resourceVersion: dry ? obj.metadata.resourceVersion : String(++rv) };
      if (!dry) objects.set(path, next);
      return send(res, 200, next);
    }
    if (req.method === 'POST') {
      const p = `${path}/${body.metadata.name}`;
      if (objects.has(p)) return send(res, 409, status(409, 'AlreadyExists', `${body.metadata.name} already exists`));
      if (body.kind === 'APIService' && failCreate) return send(res, 422, status(422, 'Invalid', 'APIService is invalid'));
      const created = { ...body, metadata: { ...body.metadata, resourceVersion: String(++rv), uid: `uid-${rv}` } };
      if (!dry) objects.set(p, created);
      return send(res, 201, created);
    }
    if (req.method === 'DELETE') {
      const obj = objects.get(path);
      if (!obj) return send(res, 404, status(404, 'NotFound', 'not found'));
      if (body?.preconditions?.uid && body.preconditions.uid !== obj.metadata.uid) return send(res, 409, status(409, 'Conflict', 'uid precondition'));
      objects.delete(path);
      return send(res, 200, { kind: 'Status', status: 'Success' });
    }
    send(res, 405, status(405, 'MethodNotAllowed', 'no'));
  });
});
let failCreate = false;

let kc: any;
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { KubeConfig } = await import('@kubernetes/client-node');
  kc = new KubeConfig();
  const port = (server.address() as AddressInfo).port;
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'c', cluster: 'fake', user: 'u' }],
    currentContext: 'c',
  });
});
after(() => server.close());
beforeEach(() => {
  objects.clear();
  requests.length = 0;
  failCreate = false;
  version = { major: '1', minor: '33', gitVersion: 'v1.33.13' };
});

const MS_PATH = '/apis/apps/v1/namespaces/kube-system/deployments/metrics-server';
const CM = (name: string) => `/api/v1/namespaces/kube-system/configmaps/${name}`;

function metricsServer(container: Obj, meta: Obj = {}): Obj {
  const d = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'metrics-server', namespace: 'kube-system', resourceVersion: '7', managedFields: [{ manager: 'kubectl' }], ...meta },
    spec: { template: { spec: { containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', ...container }] } } },
    status: { replicas: 1 },
  };
  objects.set(MS_PATH, d);
  return d;
}

function configMap(name: string, data: Record<string, string>, meta: Obj = {}) {
  objects.set(CM(name), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'kube-system', resourceVersion: '11', ...meta }, data });
}

function nodes(list: [string, string | undefined][]) {
  for (const [name, ip] of list) {
    objects.set(`/api/v1/nodes/${name}`, {
      kind: 'Node',
      metadata: { name },
      status: { addresses: [...(ip ? [{ type: 'InternalIP', address: ip }] : []), { type: 'Hostname', address: name }], conditions: [{ type: 'Ready', status: 'True' }] },
    });
  }
}

const finding = (id: DoctorFinding['id']): DoctorFinding => ({ id, severity: 'error', message: '', evidence: [], explanation: '', docs: '', repairs: [] });
const dns = finding('metrics-server-node-dns');
const tls = finding('metrics-server-kubelet-tls');
const container = (yaml: string) => parse(yaml).spec.template.spec.containers[0];

describe('repair offers', () => {
  test('four stable ids; the insecure one warns and names the secure alternative', () => {
    assert.deepEqual(Object.keys(REPAIR_OFFERS), ['metrics-server-address-types', 'metrics-server-insecure-tls', 'coredns-node-hosts', 'install-metrics-server']);
    for (const [id, o] of Object.entries(REPAIR_OFFERS)) assert.equal(o.id, id);
    const insecure = REPAIR_OFFERS['metrics-server-insecure-tls'];
    assert.equal(insecure.insecure, true);
    assert.match(insecure.warning!, /serverTLSBootstrap/);
    assert.match(insecure.warning!, /kubelet-serving/);
    assert.match(insecure.warning!, /cluster CA/);
  });

  test('an unknown repair id is refused with the list of ids', async () => {
    await assert.rejects(planRepair(kc, dns, 'reboot-cluster'), (e: Error) => e instanceof RepairRefusedError && /metrics-server-address-types/.test(e.message));
  });
});

describe('metrics-server flag repairs', () => {
  test('replaces an existing value in args, keeps the other flags in order', async () => {
    metricsServer({ args: ['--cert-dir=/tmp', '--kubelet-preferred-address-types=Hostname', '--kubelet-insecure-tls'] });
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    assert.equal(plan.changes.length, 1);
    const c = plan.changes[0];
    assert.equal(c.action, 'patch');
    assert.equal(c.resourceVersion, '7');
    assert.deepEqual(container(c.after).args, ['--cert-dir=/tmp', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-insecure-tls']);
    assert.deepEqual(container(c.before).args, ['--cert-dir=/tmp', '--kubelet-preferred-address-types=Hostname', '--kubelet-insecure-tls']);
    // The request carries the planned resourceVersion.
    assert.equal((c.body as any).metadata.resourceVersion, '7');
    // Preview without server noise.
    assert.doesNotMatch(c.before, /managedFields|status:|replicas: 1/);
    assert.equal(plan.verifies.length > 0, true);
  });

  test('container using command: the flag is set in command, no args list is added', async () => {
    metricsServer({ command: ['/metrics-server', '--kubelet-preferred-address-types=Hostname', '--cert-dir=/tmp'] });
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    const after = container(plan.changes[0].after);
    assert.deepEqual(after.command, ['/metrics-server', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--cert-dir=/tmp']);
    assert.equal(after.args, undefined);
  });

  test('command without the flag and no args: appended to command', async () => {
    metricsServer({ command: ['/metrics-server', '--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-insecure-tls');
    assert.deepEqual(container(plan.changes[0].after).command, ['/metrics-server', '--cert-dir=/tmp', '--kubelet-insecure-tls']);
  });

  test('no args and no command: an args list is created', async () => {
    metricsServer({});
    const plan = await planRepair(kc, tls, 'metrics-server-insecure-tls');
    assert.deepEqual(container(plan.changes[0].after).args, ['--kubelet-insecure-tls']);
  });

  test('never duplicates: a flag given twice ends up once, the two-token form keeps its shape', async () => {
    metricsServer({ args: ['--kubelet-preferred-address-types', 'Hostname', '--secure-port=10250', '--kubelet-preferred-address-types=ExternalIP'] });
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    assert.deepEqual(container(plan.changes[0].after).args, ['--kubelet-preferred-address-types', 'InternalIP,ExternalIP,Hostname', '--secure-port=10250']);
  });

  test('flow-style args: the live repair gives the same list as the manifest quick fix on the same Deployment', async () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: metrics-server, namespace: kube-system}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: metrics-server',
      '        image: registry.k8s.io/metrics-server/metrics-server:v0.7.2',
      '        args: [--cert-dir=/tmp, "--kubelet-preferred-address-types=Hostname", --kubelet-insecure-tls, --kubelet-preferred-address-types=ExternalIP]',
      '',
    ].join('\n');
    const file = parseFile('file:///ms.yaml', manifest);
    const edits = setFlagEdits(file, metricsServerContainers(file.docs[0])[0], '--kubelet-preferred-address-types', 'InternalIP,ExternalIP,Hostname')!;
    const fixed = parse(applyTextEdits(manifest, edits)).spec.template.spec.containers[0].args;
    // The same object as it comes back from the API server (flow style is gone there).
    metricsServer({ args: parse(manifest).spec.template.spec.containers[0].args });
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    assert.deepEqual(container(plan.changes[0].after).args, fixed);
    assert.deepEqual(fixed, ['--cert-dir=/tmp', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-insecure-tls']);
  });

  test('flag already set: no change, and says so', async () => {
    metricsServer({ args: ['--kubelet-insecure-tls', '--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-insecure-tls');
    assert.equal(plan.changes.length, 0);
    assert.ok(plan.warnings.some((w) => /already runs metrics-server with --kubelet-insecure-tls/.test(w)), plan.warnings.join('\n'));
  });

  test('insecure repair carries the warning with the secure alternative', async () => {
    metricsServer({ args: ['--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-insecure-tls');
    assert.ok(plan.warnings.some((w) => /serverTLSBootstrap/.test(w) && /kubelet-serving/.test(w)));
  });

  test('finds metrics-server by label in another namespace when kube-system has none', async () => {
    const d = metricsServer({ args: [] }, { name: 'ms', namespace: 'monitoring', labels: { 'k8s-app': 'metrics-server' } });
    objects.delete(MS_PATH);
    objects.set('/apis/apps/v1/namespaces/monitoring/deployments/ms', d);
    // The fake lists cluster-wide deployments from this path.
    objects.set('/apis/apps/v1/deployments/ms', d);
    const plan = await planRepair(kc, tls, 'metrics-server-insecure-tls');
    assert.deepEqual(plan.changes[0].object, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ms', namespace: 'monitoring' });
  });

  test('no metrics-server at all: refused, pointing at the install repair', async () => {
    await assert.rejects(planRepair(kc, dns, 'metrics-server-address-types'), (e: Error) => e instanceof RepairRefusedError && /install-metrics-server/.test(e.message));
  });

  test('Helm-managed: no change; the chart values change sets defaultArgs once and empties args', async () => {
    metricsServer(
      { args: ['--secure-port=10250', '--cert-dir=/tmp', '--kubelet-preferred-address-types=Hostname', '--kubelet-use-node-status-port', '--metric-resolution=15s', '--authorization-always-allow-paths=/metrics'] },
      { labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'ms', 'meta.helm.sh/release-namespace': 'monitoring' } },
    );
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    assert.equal(plan.changes.length, 0);
    assert.equal(plan.helm?.release, 'ms');
    assert.equal(plan.helm?.namespace, 'monitoring');
    assert.ok(plan.warnings[0].includes('Helm'));
    const values = parse(plan.helm!.valuesChange);
    assert.deepEqual(values, {
      defaultArgs: ['--cert-dir=/tmp', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-use-node-status-port', '--metric-resolution=15s'],
      args: [],
    });
    assert.match(plan.helm!.valuesChange, /helm upgrade ms metrics-server\/metrics-server --namespace monitoring --reuse-values/);
    assert.equal(unifiedDiff(plan), '');
  });

  test('unified diff of the plan, as the CLI prints it', async () => {
    metricsServer({ args: ['--cert-dir=/tmp', '--kubelet-preferred-address-types=Hostname'] });
    const plan = await planRepair(kc, dns, 'metrics-server-address-types');
    const diff = unifiedDiff(plan);
    assert.match(diff, /^--- a\/Deployment\/kube-system\/metrics-server\n\+\+\+ b\/Deployment\/kube-system\/metrics-server\n@@ /);
    assert.equal(diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---')).length, 1);
    assert.match(diff, /\n- +- --kubelet-preferred-address-types=Hostname\n\+ +- --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname\n/);
  });
});

describe('apply, concurrency and undo (fake server)', () => {
  test('dry-run sends the same patch with dryRun=All and writes nothing', async () => {
    metricsServer({ args: ['--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-insecure-tls');
    await dryRun(kc, plan);
    const patch = requests.filter((r) => r.method === 'PATCH');
    assert.equal(patch.length, 1);
    assert.match(patch[0].query, /dryRun=All/);
    assert.deepEqual(patch[0].body, plan.changes[0].body);
    assert.deepEqual(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, ['--cert-dir=/tmp']);
  });

  test('a change between plan and apply: ConcurrentChangeError, the concurrent version stays', async () => {
    metricsServer({ args: ['--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-insecure-tls');
    const live = objects.get(MS_PATH)!;
    live.spec.template.spec.containers[0].args = ['--cert-dir=/tmp', '-v=4'];
    live.metadata.resourceVersion = '8';
    await assert.rejects(applyPlan(kc, plan), (e: Error) => e instanceof ConcurrentChangeError && /changed since the preview; nothing was written/.test(e.message));
    assert.deepEqual(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, ['--cert-dir=/tmp', '-v=4']);
  });

  test('undo restores the previous args; refuses when the object was edited after the repair', async () => {
    metricsServer({ args: ['--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-insecure-tls');
    const record = await applyPlan(kc, plan);
    assert.deepEqual(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, ['--cert-dir=/tmp', '--kubelet-insecure-tls']);
    // A metadata-only change (controllers bump resourceVersion, annotations) does not block undo.
    objects.get(MS_PATH)!.metadata.resourceVersion = '500';
    await undoRepair(kc, record);
    assert.deepEqual(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, ['--cert-dir=/tmp']);
    const undoPatch = requests.filter((r) => r.method === 'PATCH').pop()!;
    assert.equal(undoPatch.body.metadata.resourceVersion, '500');

    const plan2 = await planRepair(kc, tls, 'metrics-server-insecure-tls');
    const record2 = await applyPlan(kc, plan2);
    objects.get(MS_PATH)!.spec.template.spec.containers[0].args.push('-v=2');
    await assert.rejects(undoRepair(kc, record2), (e: Error) => e instanceof ConcurrentChangeError && /nothing was written/.test(e.message));
    assert.deepEqual(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, ['--cert-dir=/tmp', '--kubelet-insecure-tls', '-v=2']);
  });

  test('undo of args that did not exist before removes the field (merge patch null)', async () => {
    metricsServer({});
    const record = await applyPlan(kc, await planRepair(kc, tls, 'metrics-server-insecure-tls'));
    assert.deepEqual(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, ['--kubelet-insecure-tls']);
    await undoRepair(kc, record);
    assert.equal(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, undefined);
  });
});

describe('CoreDNS node hosts', () => {
  const kubeadm = readFileSync(join(__dirname, '../fixtures/infra/kubeadm.Corefile'), 'utf8');
  const k3s = readFileSync(join(__dirname, '../fixtures/infra/k3s.Corefile'), 'utf8');
  const hosts = finding('metrics-server-node-dns');
  const corefileOf = (plan: any, key = 'Corefile') => parse(plan.changes[0].after).data[key] as string;

  test('kubeadm: a hosts block with every node and fallthrough in .:53; the result parses', async () => {
    nodes([['node-a', '10.0.0.1'], ['node-b', '10.0.0.2'], ['node-c', undefined]]);
    configMap('coredns', { Corefile: kubeadm });
    const plan = await planRepair(kc, hosts, 'coredns-node-hosts');
    const after = corefileOf(plan);
    const cf = parseCorefile(after);
    assert.ok(cf.ok);
    const sb = cf.value.serverBlocks.find(isRootServerBlock)!;
    const h = hostsDirective(sb)!;
    assert.ok(hasFallthrough(h));
    assert.deepEqual(h.block!.directives.filter((d) => d.name.text !== 'fallthrough').map((d) => [d.name.text, ...d.args.map((a) => a.text)]), [['10.0.0.1', 'node-a'], ['10.0.0.2', 'node-b']]);
    assert.ok(plan.warnings.some((w) => /node-c/.test(w)), 'the node without InternalIP is named');
    // Everything else is kept byte for byte.
    assert.equal(after.replace(/    hosts \{\n[\s\S]*?\n    \}\n/, ''), kubeadm);
    assert.equal(parse(plan.changes[0].before).data.Corefile, kubeadm);
  });

  test('merges with an existing hosts block, keeps its entries and fallthrough', async () => {
    nodes([['node-a', '10.0.0.1'], ['node-b', '10.0.0.2']]);
    const withHosts = kubeadm.replace('    ready\n', '    ready\n    hosts {\n       10.0.0.1 node-a\n       192.168.1.5 registry.local\n       fallthrough\n    }\n');
    configMap('coredns', { Corefile: withHosts });
    const plan = await planRepair(kc, hosts, 'coredns-node-hosts');
    const after = corefileOf(plan);
    assert.match(after, /hosts \{\n {7}10\.0\.0\.1 node-a\n {7}192\.168\.1\.5 registry\.local\n {7}10\.0\.0\.2 node-b\n {7}fallthrough\n {4}\}/);
    assert.equal((after.match(/hosts/g) ?? []).length, 1);
  });

  test('every node already present: no change', async () => {
    nodes([['node-a', '10.0.0.1']]);
    configMap('coredns', { Corefile: kubeadm.replace('    ready\n', '    ready\n    hosts {\n      10.0.0.1 node-a\n      fallthrough\n    }\n') });
    const plan = await planRepair(kc, hosts, 'coredns-node-hosts');
    assert.equal(plan.changes.length, 0);
    assert.ok(plan.warnings.some((w) => /already in cluster DNS/.test(w)));
  });

  test('refuses a Corefile it cannot parse, with the parser\'s reason, and changes nothing', async () => {
    nodes([['node-a', '10.0.0.1']]);
    configMap('coredns', { Corefile: '.:53 {\n    errors\n    forward . /etc/resolv.conf {\n' });
    await assert.rejects(planRepair(kc, hosts, 'coredns-node-hosts'), (e: Error) => e instanceof RepairRefusedError && /Corefile/.test(e.message) && /not closed/.test(e.message) && /Nothing was changed/.test(e.message));
    assert.equal(requests.filter((r) => r.method !== 'GET').length, 0);
  });

  test('k3s: lines go into NodeHosts (one name per line), the Corefile is left alone', async () => {
    nodes([['k3s-a', '10.1.0.1'], ['k3s-b', '10.1.0.2']]);
    configMap('coredns', { Corefile: k3s, NodeHosts: '10.1.0.1 k3s-a\n' });
    const plan = await planRepair(kc, hosts, 'coredns-node-hosts');
    const data = parse(plan.changes[0].after).data;
    assert.equal(data.NodeHosts, '10.1.0.1 k3s-a\n10.1.0.2 k3s-b\n');
    assert.equal(data.Corefile, k3s);
    assert.deepEqual(Object.keys((plan.changes[0].body as any).data), ['NodeHosts']);
  });

  test('AKS: a *.override key in coredns-custom, the managed coredns ConfigMap untouched', async () => {
    nodes([['aks-a', '10.240.0.4'], ['aks-b', '10.240.0.5']]);
    const aks = kubeadm.replace('    loadbalance\n}', '    loadbalance\n    import custom/*.override\n}\nimport custom/*.server');
    configMap('coredns', { Corefile: aks }, { labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' } });
    configMap('coredns-custom', { 'log.override': 'log\n' });
    const plan = await planRepair(kc, hosts, 'coredns-node-hosts');
    assert.equal(plan.changes.length, 1);
    assert.equal(plan.changes[0].object.name, 'coredns-custom');
    const data = parse(plan.changes[0].after).data;
    assert.equal(data['log.override'], 'log\n');
    const text = data['ksd-node-hosts.override'];
    const list = parseDirectiveList(text);
    assert.ok(list.ok);
    const h = list.value.find((d) => d.name.text === 'hosts')!;
    assert.ok(hasFallthrough(h));
    assert.match(text, /10\.240\.0\.4 aks-a\n.*10\.240\.0\.5 aks-b/s);
    assert.ok(plan.warnings.some((w) => /rollout restart deployment coredns/.test(w)));
  });

  test('GKE kube-dns: nothing to patch, the address-type repair is named instead', async () => {
    nodes([['gke-a', '10.2.0.1']]);
    configMap('kube-dns', {});
    const plan = await planRepair(kc, hosts, 'coredns-node-hosts');
    assert.equal(plan.changes.length, 0);
    assert.ok(plan.warnings.some((w) => /kube-dns/.test(w) && /metrics-server-address-types/.test(w)));
  });

  test('no DNS configuration at all: refused', async () => {
    nodes([['a', '10.0.0.1']]);
    await assert.rejects(planRepair(kc, hosts, 'coredns-node-hosts'), RepairRefusedError);
  });

  test('undo puts the Corefile back byte for byte', async () => {
    nodes([['node-a', '10.0.0.1']]);
    const odd = kubeadm.replace('    cache 30\n', '    cache 30   \n\t# a comment with "quotes" and trailing space \n');
    configMap('coredns', { Corefile: odd });
    const record = await applyPlan(kc, await planRepair(kc, hosts, 'coredns-node-hosts'));
    assert.notEqual(objects.get(CM('coredns'))!.data.Corefile, odd);
    await undoRepair(kc, record);
    assert.equal(objects.get(CM('coredns'))!.data.Corefile, odd);
  });
});

describe('install metrics-server', () => {
  const missing = finding('metrics-api-missing');

  test('bundled manifest matched to the cluster version (v0.7.2 for 1.19+), older clusters refused', async () => {
    assert.deepEqual(parseKubeVersion({ gitVersion: 'v1.29.4-eks-abc' }), [1, 29]);
    assert.deepEqual(parseKubeVersion({ major: '1', minor: '27+' }), [1, 27]);
    assert.equal(manifestFor([1, 33])?.version, 'v0.7.2');
    assert.equal(manifestFor([1, 19])?.version, 'v0.7.2');
    assert.equal(manifestFor([1, 18]), undefined);
    version = { major: '1', minor: '18', gitVersion: 'v1.18.20' };
    await assert.rejects(planRepair(kc, missing, 'install-metrics-server'), (e: Error) => e instanceof RepairRefusedError && /1\.18/.test(e.message) && /1\.19/.test(e.message));
  });

  test('plans a create for every object of the release manifest; existing ones are kept', async () => {
    const objs = bundledObjects('metrics-server-v0.7.2.yaml');
    assert.deepEqual(objs.map((o) => o.kind), ['ServiceAccount', 'ClusterRole', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ClusterRoleBinding', 'Service', 'Deployment', 'APIService']);
    objects.set('/api/v1/namespaces/kube-system/serviceaccounts/metrics-server', { kind: 'ServiceAccount', metadata: { name: 'metrics-server', namespace: 'kube-system' } });
    const plan = await planRepair(kc, missing, 'install-metrics-server');
    assert.equal(plan.changes.length, 8);
    assert.ok(plan.changes.every((c) => c.action === 'create' && c.before === '' && c.resourceVersion === ''));
    assert.ok(plan.warnings.some((w) => /ServiceAccount kube-system\/metrics-server/.test(w)));
    assert.match(plan.title, /v0\.7\.2 for Kubernetes 1\.33/);
    assert.ok(!plan.warnings.some((w) => /1\.27\+/.test(w)));
    version = { major: '1', minor: '24', gitVersion: 'v1.24.17' };
    const old = await planRepair(kc, missing, 'install-metrics-server');
    assert.ok(old.warnings.some((w) => /0\.6\.x/.test(w) && /1\.24/.test(w)), old.warnings.join('\n'));
    assert.match(unifiedDiff(plan), /^--- \/dev\/null\n\+\+\+ b\/ClusterRole\/system:aggregated-metrics-reader\n@@ -0,0 \+1,/);
  });

  test('a failed create rolls back what the install already created', async () => {
    const plan = await planRepair(kc, missing, 'install-metrics-server');
    failCreate = true;
    await assert.rejects(applyPlan(kc, plan), /APIService is invalid/);
    assert.deepEqual([...objects.keys()], []);
  });
});

describe('verify', () => {
  const plan = (repairId: string): any => ({ repairId, findingId: 'metrics-api-missing', title: '', changes: [], warnings: [], verifies: '' });
  const hpa = (message: string) => ({
    metadata: { namespace: 'shop', name: 'web' },
    status: { conditions: [{ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message }] },
  });

  test('metrics for every ready node and no HPA blocked by the metrics pipeline: ok at once', async () => {
    nodes([['a', '10.0.0.1'], ['b', '10.0.0.2']]);
    objects.set('/apis/metrics.k8s.io/v1beta1/nodes/a', { metadata: { name: 'a' } });
    objects.set('/apis/metrics.k8s.io/v1beta1/nodes/b', { metadata: { name: 'b' } });
    // An HPA failing for another reason (missing request) is another finding, not this symptom.
    objects.set('/apis/autoscaling/v2/horizontalpodautoscalers/web', hpa('failed to get cpu utilization: missing request for cpu in container app of Pod web-1'));
    const progress: string[] = [];
    const r = await verifyRepair(kc, plan('metrics-server-address-types'), { onProgress: (d) => progress.push(d) });
    assert.deepEqual(r, { ok: true, detail: 'node metrics for 2 of 2 ready nodes; every HPA target known' });
    assert.deepEqual(progress, [r.detail]);
  });

  test('not cleared: the last state is reported when the time is up, or when cancelled', async () => {
    nodes([['a', '10.0.0.1']]);
    objects.set('/apis/autoscaling/v2/horizontalpodautoscalers/web', hpa('unable to get metrics for resource cpu: no metrics returned from resource metrics API'));
    const r = await verifyRepair(kc, plan('install-metrics-server'), { timeoutMs: 0 });
    assert.equal(r.ok, false);
    assert.match(r.detail, /^not cleared after 0 s: APIService v1beta1\.metrics\.k8s\.io not registered; node metrics for 0 of 1 ready nodes \(metrics API: .*not found\); HPAs still without metrics: shop\/web\. Run the doctor again/);
    const abort = new AbortController();
    abort.abort();
    const c = await verifyRepair(kc, plan('install-metrics-server'), { signal: abort.signal });
    assert.deepEqual(c, { ok: false, detail: 'verification cancelled; last seen: nothing yet' });
  });

  test('an unreachable API server ends in a clear detail, not a rejection', async () => {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const dead = new KubeConfig();
    dead.loadFromOptions({ clusters: [{ name: 'd', server: 'http://127.0.0.1:1', skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'c', cluster: 'd', user: 'u' }], currentContext: 'c' });
    const r = await verifyRepair(dead, plan('metrics-server-insecure-tls'), { timeoutMs: 0 });
    assert.equal(r.ok, false);
    assert.match(r.detail, /cluster not readable: .*ECONNREFUSED/);
  });
});

describe('objects helpers', () => {
  test('merge patch: changed keys, removed keys as null, lists whole', () => {
    assert.deepEqual(mergePatchOf({ a: 1, b: { c: [1, 2], d: 'x' }, e: 1 }, { a: 1, b: { c: [1, 3], d: 'x' }, f: 2 }), { b: { c: [1, 3] }, e: null, f: 2 });
    assert.equal(mergePatchOf({ a: [1] }, { a: [1] }), undefined);
  });

  test('preview YAML: sorted keys, no managedFields/status/last-applied', () => {
    const y = objectYaml({ kind: 'X', apiVersion: 'v1', metadata: { name: 'n', managedFields: [{}], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } }, status: { a: 1 }, data: { z: '1', a: 'line1\nline2\n' } });
    assert.equal(y, 'apiVersion: v1\ndata:\n  a: |\n    line1\n    line2\n  z: "1"\nkind: X\nmetadata:\n  name: n\n');
  });
});
