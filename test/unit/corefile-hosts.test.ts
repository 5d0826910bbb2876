// Hosts entries (k8s/corefile/hosts.ts): merging node entries into a Corefile's hosts block and into k3s NodeHosts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mergeHostsEntries, mergeHostsFile } from '../../src/core/k8s/corefile';
import { render } from '../../src/core/l10n';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/infra', name), 'utf8');
const kubeadm = fixture('kubeadm.Corefile');
const k3s = fixture('k3s.Corefile');

test("merge creates a hosts block with fallthrough before kubernetes, in the file's indentation", () => {
  const r = mergeHostsEntries(kubeadm, [
    { ip: '10.0.1.11', names: ['node-a'] },
    { ip: '10.0.1.12', names: ['node-b'] },
  ]);
  assert.ok(r.ok);
  assert.equal(r.changed, true);
  assert.equal(r.text, kubeadm.replace('    kubernetes cluster.local', '    hosts {\n       10.0.1.11 node-a\n       10.0.1.12 node-b\n       fallthrough\n    }\n    kubernetes cluster.local'));
  const again = mergeHostsEntries(r.text, [
    { ip: '10.0.1.11', names: ['node-a'] },
    { ip: '10.0.1.12', names: ['node-b'] },
  ]);
  assert.ok(again.ok);
  assert.equal(again.changed, false);
  assert.equal(again.text, r.text);
});

test('merge adds only missing names to an existing block and keeps fallthrough last', () => {
  const text = '.:53 {\n    hosts {\n        10.0.0.1 node-a\n        fallthrough\n    }\n    forward . /etc/resolv.conf\n}\n';
  const r = mergeHostsEntries(text, [
    { ip: '10.0.0.1', names: ['node-a'] },
    { ip: '10.0.0.2', names: ['node-b'] },
  ]);
  assert.ok(r.ok);
  assert.equal(r.text, '.:53 {\n    hosts {\n        10.0.0.1 node-a\n        10.0.0.2 node-b\n        fallthrough\n    }\n    forward . /etc/resolv.conf\n}\n');
  assert.deepEqual(r.conflicts, []);
});

test('merge adds fallthrough to a block that lacks it, and re-addresses a stale node line', () => {
  const text = '.:53 {\n  hosts {\n    10.0.0.9 node-a\n  }\n}\n';
  const r = mergeHostsEntries(text, [{ ip: '10.0.0.1', names: ['node-a'] }]);
  assert.ok(r.ok);
  assert.equal(r.text, '.:53 {\n  hosts {\n    10.0.0.1 node-a\n    fallthrough\n  }\n}\n');
});

test('merge reports a name held by a line with other names as a conflict instead of editing it', () => {
  const text = '.:53 {\n    hosts {\n        10.0.0.9 node-a db\n        fallthrough\n    }\n}\n';
  const r = mergeHostsEntries(text, [{ ip: '10.0.0.1', names: ['node-a'] }]);
  assert.ok(r.ok);
  assert.equal(r.changed, false);
  assert.deepEqual(
    r.conflicts.map((c) => render(c, 'en')),
    ['node-a is already mapped to 10.0.0.9, not 10.0.0.1'],
  );
});

test('merge dedupes repeated entries and keeps comments of the seed ConfigMap block', () => {
  const text = '.:53 {\n    errors\n    hosts {                        # node names\n      10.200.100.216  k8s-m1\n      fallthrough\n    }\n    proxy . /etc/resolv.conf\n}\n';
  const r = mergeHostsEntries(text, [
    { ip: '10.200.100.215', names: ['k8s-node1'] },
    { ip: '10.200.100.215', names: ['k8s-node1'] },
    { ip: '10.200.100.216', names: ['K8S-M1'] },
  ]);
  assert.ok(r.ok);
  assert.equal(r.text, text.replace('      fallthrough', '      10.200.100.215 k8s-node1\n      fallthrough'));
});

test('merge turns a block-less hosts line into a block', () => {
  const r = mergeHostsEntries('.:53 {\n    hosts /etc/hosts\n    forward . 1.1.1.1\n}\n', [{ ip: '10.0.0.1', names: ['n1'] }]);
  assert.ok(r.ok);
  assert.equal(r.text, '.:53 {\n    hosts /etc/hosts {\n        10.0.0.1 n1\n        fallthrough\n    }\n    forward . 1.1.1.1\n}\n');
});

test('merge into the k3s Corefile only adds inline entries, indented like its blocks', () => {
  const r = mergeHostsEntries(k3s, [{ ip: '10.0.0.5', names: ['agent-5'] }]);
  assert.ok(r.ok);
  assert.equal(r.text, k3s.replace('      ttl 60', '      10.0.0.5 agent-5\n      ttl 60'));
});

test('merge refuses unparsable Corefiles, missing .:53, zone-limited hosts, invalid entries', () => {
  const entry = [{ ip: '10.0.0.1', names: ['n1'] }];
  assert.equal(mergeHostsEntries('.:53 {\n', entry).ok, false);
  assert.equal(mergeHostsEntries('example.org {\n    log\n}\n', entry).ok, false);
  assert.equal(mergeHostsEntries('.:53 {\n    hosts /etc/hosts example.org {\n        fallthrough\n    }\n}\n', entry).ok, false);
  assert.equal(mergeHostsEntries(kubeadm, [{ ip: '10.0.0.300', names: ['n1'] }]).ok, false);
  assert.equal(mergeHostsEntries(kubeadm, [{ ip: '10.0.0.1', names: ['bad name'] }]).ok, false);
  assert.equal(
    mergeHostsEntries(kubeadm, [
      { ip: '10.0.0.1', names: ['n1'] },
      { ip: '10.0.0.2', names: ['n1'] },
    ]).ok,
    false,
  );
});

test('merge accepts IPv6 node addresses', () => {
  const r = mergeHostsEntries('.:53 {\n    forward . /etc/resolv.conf\n}\n', [{ ip: 'fd00::5', names: ['node-v6'] }]);
  assert.ok(r.ok);
  assert.equal(r.text, '.:53 {\n    forward . /etc/resolv.conf\n    hosts {\n        fd00::5 node-v6\n        fallthrough\n    }\n}\n');
});

test('mergeHostsFile appends one name per line to k3s NodeHosts, idempotently', () => {
  const text = '10.0.0.11 server-1\n10.0.0.12 agent-1\n';
  const r = mergeHostsFile(text, [
    { ip: '10.0.0.12', names: ['agent-1'] },
    { ip: '10.0.0.13', names: ['agent-2', 'agent-2.lan'] },
  ]);
  assert.ok(r.ok);
  assert.equal(r.text, text + '10.0.0.13 agent-2\n10.0.0.13 agent-2.lan\n');
  const again = mergeHostsFile(r.text, [{ ip: '10.0.0.13', names: ['agent-2'] }]);
  assert.ok(again.ok && !again.changed);
  const noNewline = mergeHostsFile('10.0.0.11 server-1', [{ ip: '10.0.0.14', names: ['x'] }]);
  assert.ok(noNewline.ok);
  assert.equal(noNewline.text, '10.0.0.11 server-1\n10.0.0.14 x\n');
});
