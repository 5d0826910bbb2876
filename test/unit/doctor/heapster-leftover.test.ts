// heapster-leftover: a Heapster Deployment/Service still in kube-system (articles 000–002 meet it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, run } from './fixtures';

const deployment = {
  metadata: { name: 'heapster', namespace: 'kube-system' },
  spec: { replicas: 1, selector: {}, template: { spec: { containers: [{ name: 'heapster', image: 'k8s.gcr.io/heapster-amd64:v1.5.4' }] } } },
  status: { readyReplicas: 1 },
};
const service = { metadata: { name: 'heapster', namespace: 'kube-system' }, spec: { clusterIP: '10.96.44.3' } };

test('Heapster leftover: Deployment and Service named with the image; an old kubectl is called out', () => {
  const kubectl = { path: 'kubectl', gitVersion: 'v1.12.1', major: 1, minor: 12, raw: 'Client Version: v1.12.1' };
  const [f, ...rest] = run(baseState({ heapster: { deployment, service }, kubectl }), 'heapster-leftover');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.evidence, ['Deployment kube-system/heapster (image k8s.gcr.io/heapster-amd64:v1.5.4), 1/1 ready', 'Service kube-system/heapster (10.96.44.3)', 'Client Version: v1.12.1']);
  assert.match(f.explanation, /kubectl \(v1\.12\.1\) is one of them/);
  assert.match(f.explanation, /metrics-server already serves metrics\.k8s\.io/);
});

test('Heapster leftover: nothing when neither exists or they could not be read', () => {
  assert.deepEqual(run(baseState({ heapster: { deployment: null, service: null } }), 'heapster-leftover'), []);
  assert.deepEqual(run(baseState({ heapster: {} }), 'heapster-leftover'), []);
});
