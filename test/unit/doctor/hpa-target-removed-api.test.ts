// hpa-target-removed-api: article 002's HPA on an extensions/v1beta1 Deployment; the controller's FailedGetScale
// text (`no matches for kind "Deployment" in group "extensions"`) as condition and as event.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as k8s from '@kubernetes/client-node';
import { baseState, hpa, run } from './fixtures';

const NO_MATCH = 'the HPA controller was unable to get the target\'s current scale: no matches for kind "Deployment" in group "extensions"';

function onExtensions(conditions: k8s.V2HorizontalPodAutoscalerCondition[] = []) {
  const h = hpa('php-apache', 'default', { conditions });
  h.spec!.scaleTargetRef.apiVersion = 'extensions/v1beta1';
  return h;
}

test('FailedGetScale on the extensions group: the condition names it and the fix is apps/v1', () => {
  const h = onExtensions([{ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: NO_MATCH }]);
  const [f, ...rest] = run(baseState({ hpas: [h] }), 'hpa-target-removed-api');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /scaleTargetRef apiVersion extensions\/v1beta1 is a group this server no longer serves Deployment in/);
  assert.deepEqual(f.evidence, [`AbleToScale=False FailedGetScale: ${NO_MATCH}`, 'spec.scaleTargetRef: extensions/v1beta1 Deployment php-apache']);
  assert.match(f.explanation, /`spec\.scaleTargetRef\.apiVersion: apps\/v1`/);
});

test('FailedGetScale from the events alone; other FailedGetScale causes are not this finding', () => {
  const ev = (message: string): k8s.CoreV1Event => ({
    metadata: { name: 'e1' },
    involvedObject: { kind: 'HorizontalPodAutoscaler', namespace: 'default', name: 'php-apache' },
    type: 'Warning',
    reason: 'FailedGetScale',
    message,
    count: 7,
  });
  const [f] = run(baseState({ hpas: [onExtensions()], hpaEvents: [ev('no matches for kind "Deployment" in group "extensions"')] }), 'hpa-target-removed-api');
  assert.equal(f.evidence[0], 'Warning FailedGetScale (x7): no matches for kind "Deployment" in group "extensions"');
  assert.deepEqual(run(baseState({ hpas: [onExtensions()], hpaEvents: [ev('deployments/scale.apps "php-apache" not found')] }), 'hpa-target-removed-api'), []);
});
