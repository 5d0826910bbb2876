// The Doctor view's rows as a screen reader speaks them (src/extension/doctor/tree.ts), loaded with the vscode
// stand-in of scripts/vscode-stub.cjs: counts agree with their nouns ("1 repair", not "1 repairs").
import '../../scripts/vscode-stub.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DoctorFinding } from '../../src/core/doctor/types';
import { findingSpokenLabel } from '../../src/extension/doctor/tree';

const finding = (evidence: string[], repairs: number): DoctorFinding => ({
  id: 'metrics-server-kubelet-tls',
  severity: 'error',
  message: 'metrics-server cannot verify the kubelets’ serving certificates',
  evidence,
  explanation: 'x',
  docs: 'docs/doctor/metrics-server-kubelet-tls.md',
  repairs: Array.from({ length: repairs }, (_, i) => ({ id: `repair-${i}`, title: `Repair ${i}` }) as DoctorFinding['repairs'][number]),
});

const spoken = findingSpokenLabel;

test('a finding row says "1 evidence line, 1 repair" and "2 evidence lines, 2 repairs"', () => {
  assert.match(spoken(finding(['E1 x509'], 1)), /, 1 evidence line, 1 repair$/);
  assert.match(spoken(finding(['E1 x509', 'E2 x509'], 2)), /, 2 evidence lines, 2 repairs$/);
  assert.match(spoken(finding([], 0)), /, 0 evidence lines, 0 repairs$/);
});
