// workload-removed-api: workloads on extensions/v1beta1, apps/v1beta1 and apps/v1beta2 (articles 001 and 002), and the apps/v1 conversion.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workloadRemovedApi } from '../../../src/core/lint/rules/workload-removed-api';
import { applyTextEdits } from '../../../src/core/text/edits';
import { analyze, covered } from '../../helpers';
import { titleOf } from '../../helpers';

const deployment = (apiVersion: string, selector = '  selector:\n    matchLabels:\n      k8s-app: metrics-server\n') =>
  `apiVersion: ${apiVersion}\nkind: Deployment\nmetadata:\n  name: metrics-server\nspec:\n${selector}  template:\n    metadata:\n      labels:\n        k8s-app: metrics-server # the pod label\n        tier: "1"\n    spec:\n      containers:\n      - name: m\n        image: m\n`;

test('removed from 1.16: an error there, a warning on 1.9–1.15, nothing before apps/v1 existed', () => {
  const text = deployment('extensions/v1beta1');
  const at = (kubernetesVersion: string) => analyze(text, { settings: { kubernetesVersion }, rules: [workloadRemovedApi] });
  const [e] = at('1.16');
  assert.equal(e.severity, 'error');
  assert.equal(covered(text, e), 'extensions/v1beta1');
  assert.match(e.message, /no matches for kind "Deployment" in version "extensions\/v1beta1"/);
  const [w] = at('1.12');
  assert.equal(w.severity, 'warning');
  assert.match(w.message, /served by Kubernetes 1\.12 but removed in 1\.16/);
  assert.deepEqual(at('1.8'), []);
  assert.deepEqual(analyze(deployment('apps/v1'), { rules: [workloadRemovedApi] }), []);
  for (const [api, kind] of [
    ['apps/v1beta1', 'StatefulSet'],
    ['apps/v1beta2', 'DaemonSet'],
    ['extensions/v1beta1', 'ReplicaSet'],
  ])
    assert.equal(analyze(deployment(api).replace('kind: Deployment', `kind: ${kind}`), { rules: [workloadRemovedApi] }).length, 1, `${api} ${kind}`);
  // extensions/v1beta1 never served StatefulSets: not this rule's finding.
  assert.deepEqual(analyze(deployment('extensions/v1beta1').replace('kind: Deployment', 'kind: StatefulSet'), { rules: [workloadRemovedApi] }), []);
});

test('the conversion to apps/v1 renames, and writes a missing selector from the template labels (for review)', () => {
  const withSelector = deployment('extensions/v1beta1');
  const [f] = analyze(withSelector, { rules: [workloadRemovedApi] });
  assert.equal(f.fixes[0].safety, 'review');
  assert.equal(applyTextEdits(withSelector, f.fixes[0].edits), deployment('apps/v1'));

  const bare = deployment('apps/v1beta1', '');
  const [g] = analyze(bare, { rules: [workloadRemovedApi] });
  assert.equal(titleOf(g.fixes[0]), 'Convert to apps/v1 (selector from the template labels)');
  const fixed = applyTextEdits(bare, g.fixes[0].edits);
  assert.match(fixed, /^apiVersion: apps\/v1\n/);
  assert.match(fixed, /  selector:\n    matchLabels:\n      k8s-app: metrics-server\n      tier: "1"\n/);
  assert.match(fixed, /k8s-app: metrics-server # the pod label/);
  assert.deepEqual(analyze(fixed, { rules: [workloadRemovedApi] }), []);
  assert.match(g.fixes[0].notes?.[0] ?? '', /selector written from the pod template's labels/);
});

test('no template labels to copy: reported without a fix', () => {
  const text = 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers: []\n';
  const [f] = analyze(text, { rules: [workloadRemovedApi] });
  assert.deepEqual(f.fixes, []);
});
