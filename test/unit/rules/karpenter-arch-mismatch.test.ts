// karpenter-arch-mismatch: Graviton/x86 instance families against (or without) a kubernetes.io/arch requirement.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { karpenterArchMismatch } from '../../../src/core/lint/rules/karpenter-arch-mismatch';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const rules = [karpenterArchMismatch];

const nodePool = (requirements: string) => `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: graviton
spec:
  template:
    spec:
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: default
      requirements:
${requirements}  limits:
    cpu: "400"
`;

test('Graviton families with kubernetes.io/arch In [amd64]: error, no instance type qualifies', () => {
  const text = nodePool(`      - key: karpenter.k8s.aws/instance-family
        operator: In
        values: [m6g, c7g, r6g]
      - key: kubernetes.io/arch
        operator: In
        values: [amd64]
`);
  const [f, ...rest] = analyze(text, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(covered(text, f), 'values');
  assert.equal(text.lastIndexOf('values: [amd64]'), f.range.start);
  assert.match(f.message, /No instance type qualifies: m6g, c7g, r6g are arm64, but this NodePool has kubernetes\.io\/arch In \[amd64\]/);
  // x86 instance types with arm64 only: the same, through node.kubernetes.io/instance-type.
  const x86 = nodePool('      - {key: node.kubernetes.io/instance-type, operator: In, values: [m5.large, c5.xlarge]}\n      - {key: kubernetes.io/arch, operator: In, values: [arm64]}\n');
  assert.match(analyze(x86, { rules })[0].message, /m5\.large, c5\.xlarge are amd64/);
});

test('a v1alpha5 Provisioner with Graviton families and no arch requirement: the webhook defaulted amd64', () => {
  const text = `apiVersion: karpenter.sh/v1alpha5
kind: Provisioner
metadata:
  name: arm
spec:
  requirements:
  - key: karpenter.k8s.aws/instance-family
    operator: In
    values: ["m6g", "m7g"]
  providerRef: {name: default}
`;
  const [f] = analyze(text, { rules });
  assert.equal(f.severity, 'error');
  assert.match(f.message, /no kubernetes\.io\/arch requirement, which the v1alpha5 defaulting webhook turns into In \[amd64\]/);
});

test('a v1 NodePool of Graviton families without arch: warning and a safe fix writing arch In [arm64] in the list style', () => {
  const block = nodePool(`      - key: karpenter.k8s.aws/instance-family
        operator: In
        values: [m7g, c7g]
`);
  const [f] = analyze(block, { rules });
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /arm64 \(Graviton\) only.*exec format error/);
  assert.equal(f.fixes[0].safety, 'safe');
  const fixed = applyTextEdits(block, f.fixes[0].edits);
  assert.ok(fixed.includes('        values: [m7g, c7g]\n      - key: kubernetes.io/arch\n        operator: In\n        values: ["arm64"]\n  limits:'), fixed);
  assert.deepEqual(analyze(fixed, { rules }), []);
  const flow = nodePool('      - {key: karpenter.k8s.aws/instance-family, operator: In, values: [t4g]}\n');
  const flowFixed = applyTextEdits(flow, analyze(flow, { rules })[0].fixes[0].edits);
  assert.ok(flowFixed.includes('values: [t4g]}\n      - {key: kubernetes.io/arch, operator: In, values: ["arm64"]}\n'), flowFixed);
});

test('matching arch, x86-only pools, mixed pools with both arches and unknown families: silent', () => {
  const ok = nodePool('      - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m6g, c6gn]}\n      - {key: kubernetes.io/arch, operator: In, values: [arm64]}\n');
  assert.deepEqual(analyze(ok, { rules }), []);
  assert.deepEqual(analyze(nodePool('      - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m5, c6i, r7a]}\n'), { rules }), []);
  assert.deepEqual(analyze(nodePool('      - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m5, m6g]}\n'), { rules }), []);
  // g4dn is an x86 GPU family (the g is its series, not the Graviton attribute).
  assert.deepEqual(
    analyze(nodePool('      - {key: karpenter.k8s.aws/instance-family, operator: In, values: [g4dn, g5]}\n      - {key: kubernetes.io/arch, operator: In, values: [amd64]}\n'), { rules }),
    [],
  );
  assert.deepEqual(
    analyze(nodePool('      - {key: karpenter.k8s.aws/instance-family, operator: In, values: [mac2-m2, u-6tb1]}\n      - {key: kubernetes.io/arch, operator: In, values: [amd64]}\n'), { rules }),
    [],
  );
});
