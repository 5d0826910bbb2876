// metrics-server-node-dns: metrics-server cannot resolve node names (no such host).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOG, repairIds, run, withLogs } from './fixtures';

test('node DNS: address-type repair first when nodes have InternalIPs, then CoreDNS hosts; only CoreDNS when InternalIP is already first', () => {
  const [f] = run(withLogs([LOG.noSuchHost('ksd-node-1'), LOG.noSuchHost('ksd-node-2')], ['--kubelet-preferred-address-types=Hostname']), 'metrics-server-node-dns');
  assert.match(f.message, /cannot resolve node names \(2 nodes: ksd-node-1, ksd-node-2\): no such host/);
  assert.deepEqual(repairIds(f), ['metrics-server-address-types', 'coredns-node-hosts']);
  assert.match(f.explanation, /--kubelet-preferred-address-types=Hostname/);
  assert.match(f.explanation, /IP SANs/);
  const [g] = run(withLogs([LOG.v03dns], ['--kubelet-preferred-address-types=InternalIP,Hostname'], { nodes: [] }), 'metrics-server-node-dns');
  assert.deepEqual(repairIds(g), ['coredns-node-hosts']);
  assert.match(g.message, /node-1, node-2/);
  assert.equal(g.evidence.length, 1, 'one v0.3 line holds both nodes');
  // Without the flag metrics-server uses its default, Hostname first.
  const [h] = run(withLogs([LOG.noSuchHost('ksd-node-1')], ['--cert-dir=/tmp']), 'metrics-server-node-dns');
  assert.match(h.explanation, /Hostname,InternalDNS,InternalIP,ExternalDNS,ExternalIP \(its default\)/);
});
