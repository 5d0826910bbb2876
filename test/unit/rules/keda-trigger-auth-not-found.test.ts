// keda-trigger-auth-not-found: an authenticationRef that names no (Cluster)TriggerAuthentication of the workspace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kedaTriggerAuthNotFound } from '../../../src/core/lint/rules/keda-trigger-auth-not-found';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const rules = [kedaTriggerAuthNotFound];
const SO = (ref: string, namespace = 'shop') =>
  `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: worker\n  namespace: ${namespace}\nspec:\n  scaleTargetRef:\n    name: worker\n  triggers:\n  - type: rabbitmq\n    metadata: {queueName: jobs, mode: QueueLength, value: "20"}\n    authenticationRef:\n${ref}`;
const TA = (name: string, namespace = 'shop', kind = 'TriggerAuthentication') =>
  `apiVersion: keda.sh/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${kind === 'TriggerAuthentication' ? `  namespace: ${namespace}\n` : ''}spec:\n  secretTargetRef:\n  - {parameter: host, name: rabbit, key: host}\n`;

test('a reference found in the workspace, in the namespace or cluster-wide: silent', () => {
  assert.deepEqual(analyze({ 'file:///so.yaml': SO('      name: rabbit-auth\n'), 'file:///ta.yaml': TA('rabbit-auth') }, { rules }), []);
  assert.deepEqual(
    analyze({ 'file:///so.yaml': SO('      name: rabbit\n      kind: ClusterTriggerAuthentication\n'), 'file:///ta.yaml': TA('rabbit', '', 'ClusterTriggerAuthentication') }, { rules }),
    [],
  );
});

test('nothing of the kind in the workspace: information only (it may live in the cluster)', () => {
  const text = SO('      name: rabbit-auth\n');
  const [f] = analyze(text, { rules });
  assert.equal(f.severity, 'info');
  assert.equal(covered(text, f), 'rabbit-auth');
  assert.match(f.message, /^TriggerAuthentication shop\/rabbit-auth not found in the workspace: if the cluster has none either/);
  assert.deepEqual(f.fixes, []);
});

test('a typo where the workspace keeps TriggerAuthentications: a warning with the nearest name to review', () => {
  const text = SO('      name: rabit-auth # from the chart\n');
  const [f] = analyze({ 'file:///so.yaml': text, 'file:///ta.yaml': TA('rabbit-auth') + '---\n' + TA('kafka-auth') }, { rules });
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /did you mean rabbit-auth\?/);
  assert.equal(f.fixes[0].safety, 'review');
  assert.equal(applyTextEdits(text, f.fixes[0].edits), SO('      name: rabbit-auth # from the chart\n'));
});

test('the other kind, or another namespace: said, with the kind fix', () => {
  const text = SO('      name: rabbit\n      kind: TriggerAuthentication\n');
  const [f] = analyze({ 'file:///so.yaml': text, 'file:///cta.yaml': TA('rabbit', '', 'ClusterTriggerAuthentication') }, { rules });
  assert.match(f.message, /a ClusterTriggerAuthentication rabbit exists: set kind: ClusterTriggerAuthentication/);
  assert.equal(applyTextEdits(text, f.fixes[0].edits), SO('      name: rabbit\n      kind: ClusterTriggerAuthentication\n'));
  const [g] = analyze({ 'file:///so.yaml': SO('      name: rabbit-auth\n'), 'file:///ta.yaml': TA('rabbit-auth', 'queues') }, { rules });
  assert.equal(g.severity, 'warning');
  assert.match(g.message, /exists in namespace queues, but KEDA reads it from the ScaledObject's namespace only/);
});

test('templated names and unknown kinds: silent', () => {
  assert.deepEqual(analyze(SO('      name: "{{ .Values.auth }}"\n'), { rules }), []);
  assert.deepEqual(analyze(SO('      name: x\n      kind: "{{ .Values.kind }}"\n'), { rules }), []);
});
