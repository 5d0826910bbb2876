// karpenter-nodepool-no-limits: a NodePool with nothing bounding what Karpenter launches for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { karpenterNodepoolNoLimits } from '../../../src/core/lint/rules/karpenter-nodepool-no-limits';
import { analyze, covered } from '../../helpers';

const rules = [karpenterNodepoolNoLimits];

const pool = (rest: string, apiVersion = 'karpenter.sh/v1') => `apiVersion: ${apiVersion}
kind: NodePool
metadata:
  name: general
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
${rest}`;

test('no spec.limits: a warning on spec that says nothing bounds the pool', () => {
  const text = pool('');
  const [f, ...rest] = analyze(text, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(covered(text, f), 'spec');
  assert.equal(
    f.message,
    'NodePool general has no limits: Karpenter launches nodes for every pending pod it can fit, without a ceiling on cpu, memory or node count. Set spec.limits to what this pool may grow to.',
  );
});

test('an empty limits map is reported on limits; v1beta1 pools too', () => {
  const text = pool('  limits: {}\n');
  const [f] = analyze(text, { rules });
  assert.equal(covered(text, f), 'limits');
  assert.equal(analyze(pool('', 'karpenter.sh/v1beta1'), { rules }).length, 1);
});

test('limits set, a static NodePool (replicas), a templated limits value: silent', () => {
  for (const text of [pool('  limits:\n    cpu: 1000\n    memory: 1000Gi\n'), pool('  replicas: 3\n'), pool('  limits: {{ toYaml .Values.limits }}\n')]) {
    assert.deepEqual(analyze(text, { rules }), [], text);
  }
});
