// karpenter-placeholder: `<REQUIRED: …>` values a Karpenter conversion left in v1 objects for the user to fill in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { karpenterPlaceholder } from '../../../src/core/lint/rules/karpenter-placeholder';
import { analyze, covered, ofRule } from '../../helpers';

const ROLE = '<REQUIRED: IAM role name for the nodes>';
const AMI = '<REQUIRED: AMI id of launch template web-lt>';

const nodeClass = (role: string, ami: string) => `apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: default\nspec:\n  role: "${role}"\n  amiSelectorTerms:\n  - id: "${ami}"\n`;
const nodePool =
  'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: default\nspec:\n  template:\n    spec:\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}\n';

test('karpenter-placeholder reports each placeholder as an error on its exact text, without a fix', () => {
  const text = nodeClass(ROLE, AMI);
  const found = analyze(text, { rules: [karpenterPlaceholder] });
  assert.deepEqual(
    found.map((f) => [f.rule, f.severity, covered(text, f)]),
    [
      ['karpenter-placeholder', 'error', ROLE],
      ['karpenter-placeholder', 'error', AMI],
    ],
  );
  assert.equal(found[0].message, 'Fill in this placeholder: REQUIRED: IAM role name for the nodes.');
  assert.ok(
    found.every((f) => f.fixes.length === 0),
    'only the user knows the value',
  );
  // The whole analyzer reports it too (the rule is registered).
  assert.equal(ofRule(analyze(text), 'karpenter-placeholder').length, 2);
});

test('karpenter-placeholder reports a placeholder once, in the document that holds it', () => {
  const text = nodePool + '---\n' + nodeClass(ROLE, 'ami-0123456789abcdef0');
  const found = analyze(text, { rules: [karpenterPlaceholder] });
  assert.equal(found.length, 1);
  assert.equal(covered(text, found[0]), ROLE);
  assert.ok(found[0].range.start > text.indexOf('---'));
});

test('karpenter-placeholder is quiet once filled in, and outside Karpenter objects', () => {
  assert.deepEqual(analyze(nodeClass('KarpenterNodeRole-prod', 'ami-0123456789abcdef0'), { rules: [karpenterPlaceholder] }), []);
  assert.deepEqual(analyze(nodePool, { rules: [karpenterPlaceholder] }), []);
  const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  todo: "${ROLE}"\n`;
  assert.deepEqual(analyze(configMap, { rules: [karpenterPlaceholder] }), []);
});
