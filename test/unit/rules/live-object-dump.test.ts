// live-object-dump: `kubectl get -o yaml` output saved as a manifest (resourceVersion, uid, managedFields, status).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveObjectDump } from '../../../src/core/lint/rules/live-object-dump';
import { fixAllSafe } from '../../../src/core/lint/fixAll';
import { withDefaults } from '../../../src/core/lint/settings';
import { Workspace } from '../../../src/core/manifest/workspace';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const rules = [liveObjectDump];

/** What `lint --fix` writes for one file. */
function fixed(text: string): string | undefined {
  const ws = new Workspace();
  ws.set('file:///dump.yaml', text);
  return fixAllSafe(ws, ['file:///dump.yaml'], withDefaults({}), { rules }).texts.get('file:///dump.yaml');
}

// An HPA exported with `kubectl get hpa web -o yaml` and committed next to the app.
const DUMP = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"annotations":{},"name":"web","namespace":"shop"}}
  creationTimestamp: "2024-03-11T09:14:02Z"
  name: web
  namespace: shop
  # owned by the platform team
  resourceVersion: "48213377"
  uid: 6f0c3a1e-52b1-4c1e-9d7e-0b8f1f6a2c11
spec:
  maxReplicas: 10
  minReplicas: 2
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 70}
status:
  currentReplicas: 2
  desiredReplicas: 2
`;

const CLEAN = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
  # owned by the platform team
spec:
  maxReplicas: 10
  minReplicas: 2
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 70}
`;

test('a dumped object: one error per document, on the first server-populated key, naming the apply conflict', () => {
  const [f, ...rest] = analyze(DUMP, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(covered(DUMP, f), 'kubectl.kubernetes.io/last-applied-configuration');
  assert.match(
    f.message,
    /kubectl get -o yaml output: the kubectl.kubernetes.io\/last-applied-configuration annotation, metadata.creationTimestamp, metadata.resourceVersion, metadata.uid and 1 more are written by the API server/,
  );
  assert.match(f.message, /the object has been modified; please apply your changes to the latest version and try again/);
  assert.match(f.message, /Remove them\.$/);
});

test('the fix removes every such field, keeps comments, and lint --fix applies it', () => {
  const [f] = analyze(DUMP, { rules });
  assert.equal(f.fixes[0].safety, 'safe');
  assert.equal(applyTextEdits(DUMP, f.fixes[0].edits), CLEAN);
  assert.equal(fixed(DUMP), CLEAN);
});

test('kubectl create --dry-run=client -o yaml scaffolding (creationTimestamp: null, status: {}) and clean manifests: silent', () => {
  const scaffold =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  labels: {app: web}\n  name: web\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n      labels: {app: web}\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        resources: {}\nstatus: {}\n';
  assert.deepEqual(analyze(scaffold, { rules }), []);
  assert.deepEqual(analyze(CLEAN, { rules }), []);
  // controller-gen's CRD output (vendored Karpenter and KEDA CRDs) ends with an empty status stub.
  const crd =
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  annotations:\n    controller-gen.kubebuilder.io/version: v0.4.1\n  creationTimestamp: null\n  name: scaledobjects.keda.sh\nspec:\n  group: keda.sh\nstatus:\n  acceptedNames:\n    kind: ""\n    plural: ""\n  conditions: []\n  storedVersions: []\n';
  assert.deepEqual(analyze(crd, { rules }), []);
});

test('a kind: List dump: one finding per item (not for the List), a warning when only status and uid are there', () => {
  const list = `apiVersion: v1
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    generation: 4
    name: web
    namespace: shop
    resourceVersion: "48213301"
  spec:
    selector: {matchLabels: {app: web}}
- apiVersion: v1
  kind: Service
  metadata:
    name: web
    namespace: shop
    uid: 0d6f5a7c-1b2e-4f3a-8c9d-2e1f0a3b4c5d
  spec:
    type: LoadBalancer
    ports: [{port: 80}]
  status:
    loadBalancer:
      ingress:
      - ip: 203.0.113.10
kind: List
metadata:
  resourceVersion: ""
`;
  const found = analyze(list, { rules });
  assert.deepEqual(
    found.map((f) => [covered(list, f), f.severity]),
    [
      ['generation', 'error'],
      ['uid', 'warning'],
    ],
  );
  assert.match(found[1].message, /metadata.uid, status are written by the API server, and they describe one object at one moment/);
  assert.equal(
    fixed(list),
    list
      .replace('    generation: 4\n', '')
      .replace('    resourceVersion: "48213301"\n', '')
      .replace('    uid: 0d6f5a7c-1b2e-4f3a-8c9d-2e1f0a3b4c5d\n', '')
      .replace('  status:\n    loadBalancer:\n      ingress:\n      - ip: 203.0.113.10\n', ''),
  );
});
