// karpenter-requirements-unsatisfiable: requirements (and template labels) on one key that Karpenter's intersection empties.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { karpenterRequirementsUnsatisfiable } from '../../../src/core/lint/rules/karpenter-requirements-unsatisfiable';
import { analyze, covered } from '../../helpers';

const rules = [karpenterRequirementsUnsatisfiable];

const pool = (requirements: string, labels = '', apiVersion = 'karpenter.sh/v1') => `apiVersion: ${apiVersion}
kind: NodePool
metadata:
  name: default
spec:
  template:
${labels ? `    metadata:\n      labels:\n${labels}` : ''}    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
${requirements}`;

const req = (key: string, operator: string, values?: string[]) =>
  `        - key: ${key}\n          operator: ${operator}\n${values ? `          values: [${values.map((v) => `"${v}"`).join(', ')}]\n` : ''}`;

test('In and NotIn of the same capacity type: error, no instance type qualifies, on the requirement that empties the key', () => {
  const text = pool(req('karpenter.sh/capacity-type', 'In', ['spot']) + req('karpenter.sh/capacity-type', 'NotIn', ['spot']));
  const [f, ...rest] = analyze(text, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(covered(text, f), 'values');
  assert.ok(f.range.start > text.indexOf('NotIn'));
  assert.equal(
    f.message,
    'karpenter.sh/capacity-type: In [spot] and NotIn [spot] leave no value, so no instance type qualifies: Karpenter never launches a node from this NodePool. Keep one requirement on karpenter.sh/capacity-type with the values you mean.',
  );
});

test('two In lists without a common value, Gt/Lt ranges with no integer between, Exists with DoesNotExist: each reported', () => {
  for (const [requirements, written] of [
    [req('kubernetes.io/arch', 'In', ['amd64']) + req('kubernetes.io/arch', 'In', ['arm64']), 'In [amd64] and In [arm64]'],
    [req('karpenter.k8s.aws/instance-generation', 'Gt', ['8']) + req('karpenter.k8s.aws/instance-generation', 'Lt', ['4']), 'Gt [8] and Lt [4]'],
    [req('karpenter.k8s.aws/instance-cpu', 'Gt', ['4']) + req('karpenter.k8s.aws/instance-cpu', 'Lt', ['5']), 'Gt [4] and Lt [5]'],
    [req('karpenter.k8s.aws/instance-cpu', 'In', ['2', '4']) + req('karpenter.k8s.aws/instance-cpu', 'Gt', ['4']), 'In [2, 4] and Gt [4]'],
    [req('topology.kubernetes.io/zone', 'Exists') + req('topology.kubernetes.io/zone', 'DoesNotExist'), 'Exists and DoesNotExist'],
    // Karpenter reads the deprecated beta key as the stable one (NormalizedLabels).
    [req('beta.kubernetes.io/arch', 'In', ['amd64']) + req('kubernetes.io/arch', 'NotIn', ['amd64']), 'In [amd64] and NotIn [amd64]'],
  ]) {
    const found = analyze(pool(requirements), { rules });
    assert.equal(found.length, 1, requirements);
    assert.equal(found[0].severity, 'error', requirements);
    assert.ok(found[0].message.includes(`: ${written} leave no value, so no instance type qualifies`), found[0].message);
  }
});

test('a template label against a requirement on the same key; a custom key is a warning about pods that select it', () => {
  const text = pool(req('team', 'In', ['payments']), '        team: search\n');
  const [f, ...rest] = analyze(text, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(covered(text, f), 'team');
  assert.match(
    f.message,
    /^team: In \[payments\] and label team: search leave no value, so Karpenter reads team DoesNotExist: nodes of this NodePool never carry team, and pods that select it never get a node from it\./,
  );
});

test('requirements that overlap, a lone DoesNotExist, Gte/Lte meeting at one value, templated values, v1beta1 pools: silent where satisfiable', () => {
  for (const text of [
    pool(req('karpenter.sh/capacity-type', 'In', ['spot', 'on-demand']) + req('karpenter.sh/capacity-type', 'NotIn', ['spot'])),
    pool(req('karpenter.k8s.aws/instance-generation', 'Gt', ['4']) + req('karpenter.k8s.aws/instance-generation', 'Lt', ['6'])),
    pool(req('karpenter.k8s.aws/instance-cpu', 'Gte', ['4']) + req('karpenter.k8s.aws/instance-cpu', 'Lte', ['4'])),
    pool(req('example.com/gpu', 'DoesNotExist') + req('example.com/gpu', 'DoesNotExist')),
    pool(req('team', 'In', ['search']), '        team: search\n'),
    pool(req('karpenter.sh/capacity-type', 'In', ['{{ .Values.capacity }}']) + req('karpenter.sh/capacity-type', 'NotIn', ['spot'])),
    pool(req('kubernetes.io/arch', 'In', ['amd64']) + req('kubernetes.io/os', 'In', ['linux'])),
    // A value that is not a scalar (the schema rule's to report) is not read as an empty list.
    pool('        - key: karpenter.sh/capacity-type\n          operator: In\n          values: [[spot]]\n' + req('karpenter.sh/capacity-type', 'NotIn', ['on-demand'])),
  ]) {
    assert.deepEqual(analyze(text, { rules }), [], text);
  }
  const beta = pool(req('kubernetes.io/arch', 'In', ['amd64']) + req('kubernetes.io/arch', 'In', ['arm64']), '', 'karpenter.sh/v1beta1');
  assert.equal(analyze(beta, { rules }).length, 1, 'v1beta1 NodePools intersect the same way');
});
