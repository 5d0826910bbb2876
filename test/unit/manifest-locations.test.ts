// Which workspace manifests describe a cluster object (src/core/language/manifestLocations.ts): where the Doctor
// view's findings land as diagnostics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manifestLocations } from '../../src/core/language/manifestLocations';
import { Workspace } from '../../src/core/manifest/workspace';

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

test('a Deployment is found at its metadata.name only, not at a Service or in another namespace', () => {
  const locs = manifestLocations(workspace(), [{ kind: 'Deployment', namespace: 'kube-system', name: 'metrics-server' }], 'default');
  assert.equal(locs.length, 1);
  assert.equal(locs[0].uri, 'file:///ms.yaml');
  assert.equal(metricsServer.slice(locs[0].range.start, locs[0].range.end), 'metrics-server');
  assert.ok(locs[0].range.start > metricsServer.indexOf('kind: Deployment'), "the Deployment's name, not the Service's");
});

test("a manifest without metadata.namespace matches in the context's namespace only", () => {
  const hpa = { kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'web' };
  assert.deepEqual(
    manifestLocations(workspace(), [hpa], 'shop').map((l) => l.uri),
    ['file:///hpa.yaml'],
  );
  assert.deepEqual(manifestLocations(workspace(), [hpa], 'default'), []);
});

test('cluster-scoped objects match by kind and name; each location names the index of its object', () => {
  const objects = [
    { kind: 'Node', name: 'worker-1' },
    { kind: 'APIService', name: 'v1beta1.metrics.k8s.io' },
  ];
  const locs = manifestLocations(workspace(), objects, 'default');
  assert.deepEqual(
    locs.map((l) => [l.uri, l.object]),
    [['file:///apiservice.yaml', 1]],
  );
  assert.deepEqual(manifestLocations(workspace(), [], 'default'), []);
});
