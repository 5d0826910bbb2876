// Unit tests of the metrics-server runner's argument rewriting (no cluster needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteArgs, criToText } from '../../scripts/cluster/metrics-server-runner.mjs';

const local = { port: 41000, certDir: '/state/certs', kubeconfig: '/state/sa.kubeconfig' };
const LOCAL_TAIL = [
  '--secure-port=41000',
  '--bind-address=127.0.0.1',
  '--cert-dir=/state/certs',
  '--kubeconfig=/state/sa.kubeconfig',
  '--authentication-kubeconfig=/state/sa.kubeconfig',
  '--authorization-kubeconfig=/state/sa.kubeconfig',
];

test('official v0.7.2 args: kubelet flags verbatim, only local-process flags rewritten', () => {
  const { argv, notes } = rewriteArgs(
    { args: ['--cert-dir=/tmp', '--secure-port=10250', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-use-node-status-port', '--metric-resolution=15s'] },
    local,
  );
  assert.deepEqual(argv, ['--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-use-node-status-port', '--metric-resolution=15s', ...LOCAL_TAIL]);
  assert.equal(notes.length, 2);
  assert.ok(!argv.includes('--kubelet-insecure-tls'), 'never injects --kubelet-insecure-tls');
});

test('v0.3.x style command with flags, separate values, $(VAR) expansion, container files dropped', () => {
  const { argv, notes } = rewriteArgs(
    {
      command: ['/metrics-server', '--kubelet-insecure-tls', '--kubelet-preferred-address-types', 'InternalIP'],
      args: ['--secure-port', '4443', '--kubelet-certificate-authority=/ca/ca.crt', '-v=$(LEVEL)', '--tls-cert-file=/certs/tls.crt'],
      env: [
        { name: 'LEVEL', value: '4' },
        { name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      ],
    },
    local,
  );
  assert.deepEqual(argv, ['--kubelet-insecure-tls', '--kubelet-preferred-address-types', 'InternalIP', '-v=4', ...LOCAL_TAIL]);
  assert.ok(notes.some((n) => n.startsWith('--kubelet-certificate-authority=/ca/ca.crt dropped')));
  assert.ok(notes.some((n) => n.startsWith('--secure-port=4443 rewritten')));
  assert.ok(notes.some((n) => n.startsWith('--tls-cert-file=/certs/tls.crt rewritten')));
});

test('CRI log lines are turned back into plain output', () => {
  assert.equal(criToText('2026-01-01T00:00:00.000000000Z stderr F E0101 "Failed to scrape node"\n2026-01-01T00:00:00.000000000Z stdout F ok'), 'E0101 "Failed to scrape node"\nok');
});
