// The kubeScalingDoctor.defaultRequests.cpu|memory settings come from the workspace (a repository can set
// them): the missing-request quick fix inserts them only when they are Kubernetes quantities (issue 11 item 20).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hpaMissingRequest } from '../../src/core/lint/rules/hpa-missing-request';
import { requestDefault } from '../../src/core/lint/settings';
import { withDefaults } from '../../src/core/lint/settings';
import { applyTextEdits } from '../../src/core/text/edits';
import { analyze, titleOf } from '../helpers';

const HPA_URI = 'file:///app/hpa.yaml';
const DEPLOY_URI = 'file:///app/deploy.yaml';
const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`;
const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
      - name: app
        image: shop/web:1.0
`;

test('a defaultRequests value that is not a quantity is never inserted: the default is, and the fix title says why', () => {
  for (const bad of ['50m\n        evil: true', '1 core', '-100m', '0', '{}', 'Infinity']) {
    const [f] = analyze({ [HPA_URI]: hpa, [DEPLOY_URI]: deploy }, { rules: [hpaMissingRequest], settings: { defaultRequests: { cpu: bad, memory: '64Mi' } } });
    const fix = f.fixes[0];
    const out = applyTextEdits(deploy, fix.edits);
    assert.match(out, /requests:\n\s+cpu: 100m\n/, bad);
    assert.doesNotMatch(out, /evil|core|Infinity/, bad);
    assert.match(
      titleOf(fix),
      /^Add requests \(cpu: 100m\) to container "app" \(a guess: a placeholder, not measured; measure with kube-scaling-doctor top pods; kubeScalingDoctor\.defaultRequests\.cpu ".*" is not a positive Kubernetes quantity; the default 100m is used\)$/,
      bad,
    );
  }
});

test('valid quantities are used as written', () => {
  const [f] = analyze({ [HPA_URI]: hpa, [DEPLOY_URI]: deploy }, { rules: [hpaMissingRequest], settings: { defaultRequests: { cpu: '250m', memory: '64Mi' } } });
  assert.equal(titleOf(f.fixes[0]), 'Add requests (cpu: 250m) to container "app" (a guess: a placeholder, not measured; measure with kube-scaling-doctor top pods)');
  assert.deepEqual(requestDefault(withDefaults({ defaultRequests: { cpu: '0.5', memory: '1Gi' } }), 'memory'), { value: '1Gi' });
});
