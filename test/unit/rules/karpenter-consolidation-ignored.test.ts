// karpenter-consolidation-ignored: v1 NodePool consolidation settings Karpenter does not act on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { karpenterConsolidationIgnored } from '../../../src/core/lint/rules/karpenter-consolidation-ignored';
import { analyze, covered } from '../../helpers';

const rules = [karpenterConsolidationIgnored];

const pool = (disruption: string, extra = '') => `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: general
spec:
${extra}  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
  disruption:
${disruption}`;

test('WhenEmptyOrUnderutilized with consolidateAfter: Never: warning on consolidateAfter, consolidation is off', () => {
  const text = pool('    consolidationPolicy: WhenEmptyOrUnderutilized\n    consolidateAfter: Never\n');
  const [f, ...rest] = analyze(text, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(covered(text, f), 'consolidateAfter');
  assert.match(f.message, /^consolidationPolicy: WhenEmptyOrUnderutilized never applies: consolidateAfter: Never turns consolidation off for this NodePool, empty nodes included\./);
  const balanced = analyze(pool('    consolidationPolicy: Balanced\n    consolidateAfter: Never\n'), { rules });
  assert.equal(balanced.length, 1);
});

test('consolidation settings on a static NodePool: info, unnecessary, one per key', () => {
  const text = pool('    consolidationPolicy: WhenEmpty\n    consolidateAfter: 30s\n', '  replicas: 3\n');
  const found = analyze(text, { rules });
  assert.deepEqual(
    found.map((f) => [covered(text, f), f.severity, f.tags]),
    [
      ['consolidationPolicy', 'info', ['unnecessary']],
      ['consolidateAfter', 'info', ['unnecessary']],
    ],
  );
  assert.match(found[0].message, /has no effect on a static NodePool \(spec\.replicas is set\)/);
});

test('WhenEmpty with Never (what the Provisioner conversion writes), a consolidating policy with a duration, the default policy: silent', () => {
  for (const text of [
    pool('    consolidationPolicy: WhenEmpty\n    consolidateAfter: Never\n'),
    pool('    consolidationPolicy: WhenEmptyOrUnderutilized\n    consolidateAfter: 0s\n'),
    pool('    consolidateAfter: Never\n'),
    pool('    budgets:\n    - nodes: 10%\n', '  replicas: 2\n'),
  ]) {
    assert.deepEqual(analyze(text, { rules }), [], text);
  }
});
