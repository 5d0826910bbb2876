// The offline CRD check conversions run before they are offered: CEL (src/core/schema/cel) on the real rules of the
// Karpenter v1 CRDs and the structural checks their schemas imply (schemas/generated; its staleness test is in
// schemas.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { celViolations } from '../../src/core/schema/cel';
import { crdSchemaFor, createRejections } from '../../src/core/schema/cel/crdSchemas';
import { parseCel } from '../../src/core/schema/cel/parse';
import { evaluate } from '../../src/core/schema/cel/evaluate';

const nodePool = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'default' }) => ({ apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata, spec });
const template = (extra: Record<string, unknown> = {}, labels?: Record<string, string>) => ({
  template: {
    ...(labels ? { metadata: { labels } } : {}),
    spec: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' }, requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }], ...extra },
  },
});
const nodeClass = (spec: Record<string, unknown>) => ({
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name: 'default' },
  spec: { subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'prod' } }], securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'prod' } }], ...spec },
});

test('a NodePool template with Karpenter-owned labels is refused with the CRD rule messages', () => {
  const problems = createRejections(nodePool(template({}, { team: 'web', 'karpenter.sh/nodepool': 'default', 'kubernetes.io/hostname': 'n1', 'karpenter.k8s.aws/ami-id': 'x' })));
  assert.deepEqual(problems, [
    'spec.template.metadata.labels: Invalid value: "object": label "karpenter.sh/nodepool" is restricted',
    'spec.template.metadata.labels: Invalid value: "object": label "kubernetes.io/hostname" is restricted',
    'spec.template.metadata.labels: Invalid value: "object": label domain "karpenter.k8s.aws" is restricted',
  ]);
  // Well-known labels Karpenter allows in its domains pass.
  assert.deepEqual(createRejections(nodePool(template({}, { 'karpenter.sh/capacity-type': 'spot', 'karpenter.k8s.aws/instance-family': 'm7g' }))), []);
});

test('requirement rules: In without values, Gt with a non-integer (int() fails: the rule errors, the server refuses)', () => {
  const bad = template();
  (bad.template.spec.requirements as unknown[]).push(
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: [] },
    { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['five'] },
  );
  const problems = createRejections(nodePool(bad));
  assert.equal(problems.length, 2);
  assert.match(problems[0], /requirements with operator 'In' must have a value defined/);
  // Worded as the server words a rule that fails to evaluate (seen on a real API server: test/cluster/conversions-dry-run.test.mjs).
  assert.equal(
    problems[1],
    `spec.template.spec.requirements: Invalid value: "array": type conversion error from 'string' to 'int' evaluating rule: requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer value`,
  );
});

test('unknown fields, missing required fields, wrong types and enums are refused like strict field validation', () => {
  const problems = createRejections(nodePool({ ...template({ resources: { requests: { cpu: '1' } } }), disruption: { consolidationPolicy: 'WhenUnderutilized' }, weight: '10' }));
  assert.deepEqual(problems, [
    'unknown field "spec.template.spec.resources"',
    'spec.disruption.consolidationPolicy: Unsupported value: "WhenUnderutilized": supported values: "WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced"',
    'spec.weight: Invalid value: "10": spec.weight in body must be of type integer',
  ]);
  assert.deepEqual(createRejections(nodePool({ template: { spec: { requirements: [] } } })), ['spec.template.spec.nodeClassRef: Required value']);
});

test('EC2NodeClass rules: role xor instanceProfile, alias vs amiFamily; a nameless object is refused', () => {
  assert.deepEqual(createRejections(nodeClass({ role: 'KarpenterNodeRole', amiSelectorTerms: [{ alias: 'al2023@latest' }] })), []);
  assert.deepEqual(createRejections(nodeClass({ role: 'r', instanceProfile: 'p', amiFamily: 'AL2', amiSelectorTerms: [{ alias: 'al2023@latest' }] })), [
    `spec: Invalid value: "object": must specify exactly one of ['role', 'instanceProfile']`,
    `spec: Invalid value: "object": if set, amiFamily must be 'AL2023' or 'Custom' when using an AL2023 alias`,
  ]);
  const nameless = nodeClass({ role: 'r', amiSelectorTerms: [{ alias: 'bottlerocket@latest' }] });
  nameless.metadata = {} as typeof nameless.metadata;
  assert.deepEqual(createRejections(nameless), ['metadata.name: Required value: name or generateName is required']);
});

test('defaults apply before the rules, as the server decodes (consolidateAfter defaults to 0s)', () => {
  const schema = crdSchemaFor('karpenter.sh/v1', 'NodePool')!;
  assert.equal(schema.properties!.spec.properties!.disruption.properties!.consolidateAfter.default, '0s');
  assert.deepEqual(createRejections(nodePool({ ...template(), disruption: {} })), []);
});

test('CEL: && and || absorb an error the other side decides; macros over maps iterate keys; unknown functions skip the rule', () => {
  const run = (src: string, self: unknown) => evaluate(parseCel(src), { self });
  assert.equal(run('has(self.a) && self.a.b == 1 || !has(self.a)', {}), true);
  assert.equal(run('self.x == 1 || true', {}), true);
  assert.throws(() => run('self.x == 1 || false', {}), /no such key: x/);
  assert.equal(run('self.all(k, k.startsWith("team/"))', { 'team/a': '1', 'team/b': '2' }), true);
  assert.deepEqual(run("self.split('@')", 'al2023@v20240807'), ['al2023', 'v20240807']);
  assert.equal(run('"karpenter.sh/nodepool".find("^([^/]+)")', null), 'karpenter.sh');
  assert.equal(run('self.filter(x, x > 1).size()', [1, 2, 3]), 2);
  assert.equal(run("r'a\\.b'", null), 'a\\.b');
  assert.deepEqual(celViolations([{ rule: 'self.quantity().isGreaterThan(1)', message: 'never judged' }], 'x'), []);
  assert.deepEqual(celViolations([{ rule: 'self.size() < 3', messageExpression: "'has ' + string(self.size()) + ' items'" }], [1, 2, 3]), ['has 3 items']);
  // Transition rules (oldSelf) run only on update.
  assert.deepEqual(celViolations([{ rule: 'self.kind == oldSelf.kind', message: 'immutable' }], { kind: 'A' }), []);
  assert.deepEqual(celViolations([{ rule: 'self.kind == oldSelf.kind', message: 'immutable' }], { kind: 'A' }, { kind: 'B' }), ['immutable']);
});
