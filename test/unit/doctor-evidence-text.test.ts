// The Doctor view's evidence document: every quoted line whole (the tree row cuts it at the sidebar's edge).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DoctorFinding } from '../../src/core/doctor/types';
import { evidenceText } from '../../src/extension/doctor/evidenceText';

const LINE =
  'E1122 00:58:41.677140       1 scraper.go:149] "Failed to scrape node" err="Get \\"https://172.18.0.2:10250/metrics/resource\\": tls: failed to verify certificate: x509: cannot validate certificate for 172.18.0.2 because it doesn\'t contain any IP SANs" node="kind-control-plane"';

test('the evidence document holds the finding and every quoted line whole, control characters made visible', () => {
  const evidence = [...Array.from({ length: 25 }, (_, i) => `${LINE} #${i}`), 'bell\u0007 here'];
  const f = {
    id: 'metrics-server-kubelet-tls',
    severity: 'error',
    message: 'metrics-server cannot verify the kubelets’ serving certificates',
    object: { kind: 'Deployment', namespace: 'kube-system', name: 'metrics-server' },
    evidence,
    explanation: '…',
    docs: 'docs/doctor/metrics-server-kubelet-tls.md',
    repairs: [],
  } as unknown as DoctorFinding;
  const text = evidenceText(f);
  assert.match(text, /^error: metrics-server cannot verify/);
  assert.match(text, /diagnosis metrics-server-kubelet-tls · Deployment kube-system\/metrics-server/);
  assert.match(text, /Quoted from the cluster \(26 lines\)/);
  for (let i = 0; i < 25; i++) assert.ok(text.includes(`${LINE} #${i}`), `line ${i} whole (the tree shows at most 20)`);
  assert.ok(!text.includes('\u0007'), 'no raw control character');
});
