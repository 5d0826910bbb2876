// coredns-node-hosts against the fake API server: kubeadm, k3s, AKS and GKE kube-dns layouts, merges,
// refusals, and undo byte for byte.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { hasFallthrough, hostsDirective, isRootServerBlock, parseCorefile, parseDirectiveList } from '../../../src/core/k8s/corefile';
import { applyPlan, undoRepair } from '../../../src/core/doctor/apply';
import { planRepair, RepairRefusedError } from '../../../src/core/doctor/repairs/index';
import { localizedPlan } from '../../../src/core/doctor/findingText';
import { objects, requests, kc, CM, configMap, nodes, finding, useFakeApiServer } from './helpers';

useFakeApiServer();

describe('coredns-node-hosts', () => {
  const kubeadm = readFileSync(join(__dirname, '../../fixtures/infra/kubeadm.Corefile'), 'utf8');
  const k3s = readFileSync(join(__dirname, '../../fixtures/infra/k3s.Corefile'), 'utf8');
  const hosts = finding('metrics-server-node-dns');
  const corefileOf = (plan: any, key = 'Corefile') => parse(plan.changes[0].after).data[key] as string;
  test('kubeadm: a hosts block with every node and fallthrough in .:53; the result parses', async () => {
    nodes([
      ['node-a', '10.0.0.1'],
      ['node-b', '10.0.0.2'],
      ['node-c', undefined],
    ]);
    configMap('coredns', { Corefile: kubeadm });
    const plan = await planRepair(kc, hosts, 'coredns-node-hosts');
    const after = corefileOf(plan);
    const cf = parseCorefile(after);
    assert.ok(cf.ok);
    const sb = cf.value.serverBlocks.find(isRootServerBlock)!;
    const h = hostsDirective(sb)!;
    assert.ok(hasFallthrough(h));
    assert.deepEqual(
      h.block!.directives.filter((d) => d.name.text !== 'fallthrough').map((d) => [d.name.text, ...d.args.map((a) => a.text)]),
      [
        ['10.0.0.1', 'node-a'],
        ['10.0.0.2', 'node-b'],
      ],
    );
    assert.ok(
      plan.warnings.some((w) => /node-c/.test(w)),
      'the node without InternalIP is named',
    );
    // The warnings and what verification waits for, in the reader's language; English as it was.
    assert.deepEqual(localizedPlan(plan, 'en'), { warnings: plan.warnings, verifies: plan.verifies });
    assert.equal(plan.warnings[0], 'Nodes without an InternalIP are left out: node-c.');
    const ja = localizedPlan(plan, 'ja');
    assert.deepEqual(ja.warnings, ['InternalIP のないノードは対象外です: node-c。']);
    assert.match(ja.verifies, /ノード名が名前解決でき/);
    assert.deepEqual(localizedPlan(plan, 'zh-cn').warnings, ['没有 InternalIP 的节点不予添加：node-c。']);
    // Everything else is kept byte for byte.
    assert.equal(after.replace(/    hosts \{\n[\s\S]*?\n    \}\n/, ''), kubeadm);
    assert.equal(parse(plan.changes[0].before).data.Corefile, kubeadm);
  });

  test('merges with an existing hosts block, keeps its entries and fallthrough', async () => {
    nodes([
      ['node-a', '10.0.0.1'],
      ['node-b', '10.0.0.2'],
    ]);
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

  test("refuses a Corefile it cannot parse, with the parser's reason, and changes nothing", async () => {
    nodes([['node-a', '10.0.0.1']]);
    configMap('coredns', { Corefile: '.:53 {\n    errors\n    forward . /etc/resolv.conf {\n' });
    await assert.rejects(
      planRepair(kc, hosts, 'coredns-node-hosts'),
      (e: Error) => e instanceof RepairRefusedError && /Corefile/.test(e.message) && /not closed/.test(e.message) && /Nothing was changed/.test(e.message),
    );
    assert.equal(requests.filter((r) => r.method !== 'GET').length, 0);
  });

  test('k3s: lines go into NodeHosts (one name per line), the Corefile is left alone', async () => {
    nodes([
      ['k3s-a', '10.1.0.1'],
      ['k3s-b', '10.1.0.2'],
    ]);
    configMap('coredns', { Corefile: k3s, NodeHosts: '10.1.0.1 k3s-a\n' });
    const plan = await planRepair(kc, hosts, 'coredns-node-hosts');
    const data = parse(plan.changes[0].after).data;
    assert.equal(data.NodeHosts, '10.1.0.1 k3s-a\n10.1.0.2 k3s-b\n');
    assert.equal(data.Corefile, k3s);
    assert.deepEqual(Object.keys((plan.changes[0].body as any).data), ['NodeHosts']);
  });

  test('AKS: a *.override key in coredns-custom, the managed coredns ConfigMap untouched', async () => {
    nodes([
      ['aks-a', '10.240.0.4'],
      ['aks-b', '10.240.0.5'],
    ]);
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
