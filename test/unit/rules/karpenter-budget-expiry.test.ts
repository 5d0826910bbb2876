// karpenter-budget-expiry: a budget of 0 nodes does not keep v1 nodes from expiring.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { karpenterBudgetExpiry } from '../../../src/core/lint/rules/karpenter-budget-expiry';
import { applyTextEdits } from '../../../src/core/text/edits';
import { analyze, covered } from '../../helpers';

const rules = [karpenterBudgetExpiry];

const pool = (budgets: string, templateExtra = '') => `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: general
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
${templateExtra}  disruption:
    consolidationPolicy: WhenEmptyOrUnderutilized
    budgets:
${budgets}`;

test('nodes "0" and no expireAfter: warning on nodes naming the default 720h; the fix to review writes expireAfter: Never', () => {
  const text = pool('    - nodes: "0"\n');
  const [f, ...rest] = analyze(text, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(covered(text, f), 'nodes');
  assert.equal(
    f.message,
    'nodes: "0" does not stop expiration: Karpenter v1 replaces every node of this NodePool after 720h (the default expireAfter), at any time, whatever the budgets say. Set spec.template.spec.expireAfter: Never to keep nodes, or accept the replacement and bound its drain with terminationGracePeriod.',
  );
  const [fix] = f.fixes;
  assert.equal(fix.safety, 'review');
  const fixed = parse(applyTextEdits(text, fix.edits));
  assert.equal(fixed.spec.template.spec.expireAfter, 'Never');
});

test('a scheduled "0%" budget against an explicit expireAfter: reported while active; the fix rewrites the value', () => {
  const text = pool('    - nodes: "0%"\n      schedule: "0 9 * * mon-fri"\n      duration: 8h\n', '      expireAfter: 168h # weekly\n');
  const [f] = analyze(text, { rules });
  assert.match(f.message, /after expireAfter 168h, while this budget is active,/);
  const after = applyTextEdits(text, f.fixes[0].edits);
  assert.ok(after.includes('      expireAfter: Never # weekly\n'), after);
});

test('expireAfter Never, a budget limited to reasons, a non-zero budget: silent', () => {
  for (const text of [pool('    - nodes: "0"\n', '      expireAfter: Never\n'), pool('    - nodes: "0"\n      reasons: [Drifted, Underutilized]\n'), pool('    - nodes: "10%"\n    - nodes: "1"\n')]) {
    assert.deepEqual(analyze(text, { rules }), [], text);
  }
});
