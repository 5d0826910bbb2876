// cluster-autoscaler-safe-to-evict: the CA pod without safe-to-evict: "false" (article 004 patches it in after the fact).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { clusterAutoscalerSafeToEvict } from '../../../src/core/lint/rules/cluster-autoscaler-safe-to-evict';
import { applyTextEdits } from '../../../src/core/text/edits';
import { analyze, covered } from '../../helpers';

const rules = [clusterAutoscalerSafeToEvict];

const ca = (opts: { flags?: string[]; templateMeta?: string; deploymentAnnotations?: string; namespace?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cluster-autoscaler
  namespace: ${opts.namespace ?? 'kube-system'}
${opts.deploymentAnnotations ?? ''}spec:
  template:
    metadata:
      labels:
        app: cluster-autoscaler
${opts.templateMeta ?? ''}    spec:
      containers:
      - name: cluster-autoscaler
        image: registry.k8s.io/autoscaling/cluster-autoscaler:v1.22.2
        command:
        - ./cluster-autoscaler
        - --cloud-provider=aws
${(opts.flags ?? []).map((f) => `        - ${f}\n`).join('')}`;

test('article 004: --skip-nodes-with-system-pods=false and no annotation: warning; the safe fix adds it to the pod template', () => {
  const text = ca({ flags: ['--balance-similar-node-groups', '--skip-nodes-with-system-pods=false'] });
  const [f, ...rest] = analyze(text, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(covered(text, f), 'name');
  assert.match(f.message, /^The Cluster Autoscaler pod lacks cluster-autoscaler\.kubernetes\.io\/safe-to-evict: "false": with --skip-nodes-with-system-pods=false nothing else keeps/);
  const [fix] = f.fixes;
  assert.equal(fix.safety, 'safe');
  const after = applyTextEdits(text, fix.edits);
  const fixed = parse(after);
  assert.deepEqual(fixed.spec.template.metadata, { labels: { app: 'cluster-autoscaler' }, annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } });
  assert.deepEqual(analyze(after, { rules }), [], 'fixed');
});

test('the annotation on the Deployment instead of the pod template: warning on it', () => {
  const text = ca({ deploymentAnnotations: "  annotations:\n    cluster-autoscaler.kubernetes.io/safe-to-evict: 'false'\n" });
  const [f] = analyze(text, { rules });
  assert.equal(f.severity, 'warning');
  assert.equal(covered(text, f), 'cluster-autoscaler.kubernetes.io/safe-to-evict');
  assert.match(f.message, /it is on the Deployment, not on its pod template, and Cluster Autoscaler reads the annotations of pods/);
});

test('outside kube-system: warning; in kube-system with the defaults: info', () => {
  assert.equal(analyze(ca({ namespace: 'autoscaling' }), { rules })[0].severity, 'warning');
  const [f] = analyze(ca(), { rules });
  assert.equal(f.severity, 'info');
  assert.match(f.message, /today only the kube-system rule/);
});

test('the annotation on the pod template (either value), a container that is not Cluster Autoscaler: silent', () => {
  assert.deepEqual(analyze(ca({ templateMeta: '      annotations:\n        cluster-autoscaler.kubernetes.io/safe-to-evict: "false"\n' }), { rules }), []);
  assert.deepEqual(analyze(ca({ templateMeta: '      annotations:\n        cluster-autoscaler.kubernetes.io/safe-to-evict: "true"\n' }), { rules }), []);
  assert.deepEqual(
    analyze(
      ca()
        .replace(/cluster-autoscaler:v1\.22\.2/, 'nginx:1.27')
        .replace('./cluster-autoscaler', 'nginx'),
      { rules },
    ),
    [],
  );
});
