// cluster-autoscaler-ineffective-flags: scale-down tuning with scale-down disabled; the priority expander without its ConfigMap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterAutoscalerIneffectiveFlags } from '../../../src/core/lint/rules/cluster-autoscaler-ineffective-flags';
import { analyze, covered } from '../../helpers';

const rules = [clusterAutoscalerIneffectiveFlags];

const ca = (flags: string[]) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cluster-autoscaler
  namespace: kube-system
spec:
  template:
    spec:
      containers:
      - name: cluster-autoscaler
        image: registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.2
        command:
        - ./cluster-autoscaler
        - --cloud-provider=aws
${flags.map((f) => `        - ${f}\n`).join('')}`;

const priorityConfigMap = (namespace?: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-autoscaler-priority-expander
${namespace ? `  namespace: ${namespace}\n` : ''}data:
  priorities: |-
    10:
      - .*spot.*
`;

test('scale-down tuning next to --scale-down-enabled=false: one unnecessary warning per tuning flag', () => {
  const text = ca(['--scale-down-enabled=false', '--scale-down-unneeded-time=5m', '--scale-down-utilization-threshold=0.6', '--max-empty-bulk-delete=20', '--balance-similar-node-groups']);
  const found = analyze(text, { rules });
  assert.deepEqual(
    found.map((f) => covered(text, f)),
    ['--scale-down-unneeded-time=5m', '--scale-down-utilization-threshold=0.6', '--max-empty-bulk-delete=20'],
  );
  assert.ok(found.every((f) => f.severity === 'warning' && f.tags?.includes('unnecessary')));
  assert.equal(
    found[0].message,
    '--scale-down-unneeded-time has no effect: --scale-down-enabled=false turns scale-down off, so Cluster Autoscaler never runs the scale-down pass this flag tunes. Remove it, or enable scale-down.',
  );
});

test('scale-down enabled (bare, =true or the default): tuning flags are silent', () => {
  for (const flags of [['--scale-down-enabled', '--scale-down-unneeded-time=5m'], ['--scale-down-enabled=true', '--scale-down-delay-after-add=2m'], ['--scale-down-unneeded-time=5m']]) {
    assert.deepEqual(analyze(ca(flags), { rules }), [], flags.join(' '));
  }
});

test('--expander=priority without the ConfigMap in the workspace: warning on the flag, naming the namespace CA reads', () => {
  const text = ca(['--expander=priority,least-waste']);
  const [f, ...rest] = analyze(text, { rules });
  assert.equal(rest.length, 0);
  assert.equal(covered(text, f), '--expander=priority,least-waste');
  assert.match(
    f.message,
    /^--expander=priority,least-waste uses the priority expander, but no ConfigMap cluster-autoscaler-priority-expander in namespace kube-system \(Cluster Autoscaler's --namespace\) is in the workspace/,
  );
  // The ConfigMap in another namespace than CA's --namespace does not count.
  const elsewhere = analyze({ 'file:///ca.yaml': ca(['--expander=priority', '--namespace=autoscaling']), 'file:///cm.yaml': priorityConfigMap('kube-system') }, { rules });
  assert.equal(elsewhere.length, 1);
  assert.match(elsewhere[0].message, /in namespace autoscaling/);
});

test("the priority ConfigMap in CA's namespace (or written without one) anywhere in the workspace, another expander: silent", () => {
  assert.deepEqual(analyze({ 'file:///ca.yaml': ca(['--expander=priority']), 'file:///cm.yaml': priorityConfigMap('kube-system') }, { rules }), []);
  assert.deepEqual(analyze({ 'file:///ca.yaml': ca(['--expander=priority']), 'file:///cm.yaml': priorityConfigMap() }, { rules }), []);
  assert.deepEqual(analyze(ca(['--expander=least-waste']), { rules }), []);
});
