// Which workspace manifests the Doctor view's cluster findings land on (src/extension/doctor/manifestMatch.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DoctorFinding } from '../../src/core/doctor/types';
import { Workspace } from '../../src/core/workspace';
import { findingLocations } from '../../src/extension/doctor/manifestMatch';

const finding = (object: DoctorFinding['object'], id: DoctorFinding['id'] = 'metrics-server-node-dns'): DoctorFinding => ({
  id, severity: 'error', message: 'm', object, evidence: [], explanation: '', docs: `docs/doctor/${id}.md`, repairs: [],
});

const metricsServer = `apiVersion: v1
kind: Service
metadata:
  name: metrics-server
  namespace: kube-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: metrics-server
  namespace: kube-system
spec: {}
`;
const sameNameElsewhere = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: metrics-server\n  namespace: staging\n';
const hpaWithoutNamespace = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {}\n';
const apiService = 'apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata:\n  name: v1beta1.metrics.k8s.io\n';

function workspace(): Workspace {
  const ws = new Workspace();
  ws.set('file:///ms.yaml', metricsServer);
  ws.set('file:///staging.yaml', sameNameElsewhere);
  ws.set('file:///hpa.yaml', hpaWithoutNamespace);
  ws.set('file:///apiservice.yaml', apiService);
  return ws;
}

test('a Deployment finding lands on that Deployment\'s metadata.name only, not a Service or another namespace', () => {
  const locs = findingLocations(workspace(), [finding({ kind: 'Deployment', namespace: 'kube-system', name: 'metrics-server' })], 'default');
  assert.equal(locs.length, 1);
  assert.equal(locs[0].uri, 'file:///ms.yaml');
  assert.equal(metricsServer.slice(locs[0].range.start, locs[0].range.end), 'metrics-server');
  assert.ok(locs[0].range.start > metricsServer.indexOf('kind: Deployment'), 'the Deployment\'s name, not the Service\'s');
});

test('a manifest without metadata.namespace matches in the context\'s namespace only', () => {
  const hpa = finding({ kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'web' }, 'hpa-unknown-metric');
  assert.deepEqual(findingLocations(workspace(), [hpa], 'shop').map((l) => l.uri), ['file:///hpa.yaml']);
  assert.deepEqual(findingLocations(workspace(), [hpa], 'default'), []);
});

test('cluster-scoped objects match by kind and name; findings without an object land nowhere', () => {
  const locs = findingLocations(workspace(), [finding({ kind: 'APIService', name: 'v1beta1.metrics.k8s.io' }, 'metrics-api-unavailable'), finding(undefined, 'kubectl-too-old')], 'default');
  assert.deepEqual(locs.map((l) => [l.uri, l.finding.id]), [['file:///apiservice.yaml', 'metrics-api-unavailable']]);
});
