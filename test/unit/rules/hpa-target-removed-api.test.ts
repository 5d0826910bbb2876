// hpa-target-removed-api: a scaleTargetRef in the extensions group (article 002's HPA), by target Kubernetes version.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conversionsFor } from '../../../src/core/convert';
import { hpaTargetRemovedApi } from '../../../src/core/lint/rules/hpa-target-removed-api';
import { withDefaults } from '../../../src/core/lint/settings';
import { Workspace } from '../../../src/core/manifest/workspace';
import { applyTextEdits } from '../../../src/core/text/edits';
import { analyze, covered, titleOf } from '../../helpers';

const hpa = (targetApi: string, apiVersion = 'autoscaling/v2', kind = 'Deployment') =>
  `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: tomcat\nspec:\n  scaleTargetRef:\n    apiVersion: ${targetApi}\n    kind: ${kind}\n    name: tomcat\n  maxReplicas: 3\n`;

test('extensions/v1beta1 targets: an error from 1.16, where the controller finds no Deployment in the extensions group; a warning before', () => {
  const text = hpa('extensions/v1beta1');
  const [e] = analyze(text, { settings: { kubernetesVersion: '1.16' }, rules: [hpaTargetRemovedApi] });
  assert.equal(e.severity, 'error');
  assert.equal(covered(text, e), 'extensions/v1beta1');
  assert.match(e.message, /no matches for kind "Deployment" in group "extensions"/);
  assert.deepEqual(
    e.fixes.map((f) => [titleOf(f), f.safety]),
    [['Use apps/v1', 'safe']],
  );
  assert.equal(applyTextEdits(text, e.fixes[0].edits), hpa('apps/v1'));
  const [w] = analyze(text, { settings: { kubernetesVersion: '1.12' }, rules: [hpaTargetRemovedApi] });
  assert.equal(w.severity, 'warning');
  assert.match(w.message, /works on Kubernetes 1\.12 but fails from 1\.16/);
  assert.equal(analyze(hpa('extensions/v1beta1', 'autoscaling/v1', 'ReplicaSet'), { rules: [hpaTargetRemovedApi] })[0].severity, 'error');
});

test('apps/v1beta1 and apps/v1beta2 targets still resolve (same group), and other kinds are left alone', () => {
  for (const api of ['apps/v1beta1', 'apps/v1beta2', 'apps/v1']) assert.deepEqual(analyze(hpa(api), { rules: [hpaTargetRemovedApi] }), [], api);
  assert.deepEqual(analyze(hpa('extensions/v1beta1', 'autoscaling/v2', 'Rollout'), { rules: [hpaTargetRemovedApi] }), []);
});

test('a ScaledObject with an extensions target is reported too (KEDA writes it into its HPA)', () => {
  const so = 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: w\nspec:\n  scaleTargetRef:\n    apiVersion: extensions/v1beta1\n    name: w\n  triggers: []\n';
  const [f] = analyze(so, { rules: [hpaTargetRemovedApi] });
  assert.match(f.message, /Deployment/);
});

test('the v2beta1 → v2 conversion rewrites an extensions target to apps/v1 (article 002)', () => {
  const text = hpa('extensions/v1beta1', 'autoscaling/v2beta1');
  const ws = new Workspace();
  const doc = ws.set('file:///hpa.yaml', text).docs[0];
  for (const [k8s, to] of [
    ['1.30', 'autoscaling/v2'],
    ['1.15', 'autoscaling/v2beta2'],
  ]) {
    const [fix] = conversionsFor(doc, { workspace: ws, settings: withDefaults({ kubernetesVersion: k8s }) });
    assert.equal(applyTextEdits(text, fix.edits), hpa('apps/v1', to), k8s);
  }
});
