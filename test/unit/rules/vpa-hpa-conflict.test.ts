// vpa-hpa-conflict: a VPA that changes running pods' cpu/memory requests beside an HPA or ScaledObject on that resource.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vpaHpaConflict } from '../../../src/core/lint/rules/vpa-hpa-conflict';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const rules = [vpaHpaConflict];
const VPA = (spec = '') =>
  `apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  targetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n${spec}`;
const HPA = (metrics: string) =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n  metrics:\n${metrics}`;
const CPU = '  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}\n';
const WEB =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: web:1\n      - name: proxy\n        image: envoy:1\n';

test('a VPA in its default mode and an HPA on cpu utilization: a warning on the targetRef, and a fix keeping the VPA to memory', () => {
  const text = VPA();
  const [f] = analyze({ 'file:///vpa.yaml': text, 'file:///hpa.yaml': HPA(CPU) }, { rules });
  assert.equal(f.severity, 'warning');
  assert.equal(covered(text, f), 'web');
  assert.ok(f.range.start > text.indexOf('targetRef'));
  assert.match(
    f.message,
    /VerticalPodAutoscaler web \(updateMode Recreate by default\) sets the cpu requests of Deployment shop\/web, which HorizontalPodAutoscaler shop\/web on cpu Utilization scales: utilization is usage divided by the request/,
  );
  assert.equal(f.fixes[0].safety, 'review');
  assert.equal(applyTextEdits(text, f.fixes[0].edits), `${text}  resourcePolicy:\n    containerPolicies: [{containerName: '*', controlledResources: [memory]}]\n`);
});

test('every acting mode counts, and a ScaledObject memory trigger too; Off and Initial do not', () => {
  const so =
    'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef: {name: web}\n  triggers:\n  - type: memory\n    metricType: AverageValue\n    metadata: {value: 512Mi}\n';
  for (const mode of ['Auto', 'Recreate', 'InPlaceOrRecreate', 'InPlace']) {
    const [f] = analyze({ 'file:///vpa.yaml': VPA(`  updatePolicy:\n    updateMode: ${mode}\n`), 'file:///so.yaml': so }, { rules });
    assert.match(f.message, new RegExp(`\\(updateMode ${mode}\\) sets the memory requests .* ScaledObject shop/web on memory AverageValue scales: both act on the same memory usage`), mode);
  }
  for (const mode of ['Off', 'Initial']) assert.deepEqual(analyze({ 'file:///vpa.yaml': VPA(`  updatePolicy:\n    updateMode: ${mode}\n`), 'file:///so.yaml': so }, { rules }), [], mode);
});

test('resources the VPA leaves alone: controlledResources without cpu, mode Off for the containers the metric counts', () => {
  const memoryOnly = VPA("  resourcePolicy:\n    containerPolicies:\n    - containerName: '*'\n      controlledResources: [memory]\n");
  assert.deepEqual(analyze({ 'file:///vpa.yaml': memoryOnly, 'file:///hpa.yaml': HPA(CPU) }, { rules }), []);
  // Off for both containers of the workload: the pod's cpu request is not the VPA's.
  const off = VPA('  resourcePolicy:\n    containerPolicies:\n    - containerName: app\n      mode: "Off"\n    - containerName: proxy\n      mode: "Off"\n');
  assert.deepEqual(analyze({ 'file:///vpa.yaml': off, 'file:///hpa.yaml': HPA(CPU), 'file:///web.yaml': WEB }, { rules }), []);
  // Off for app only: the proxy's request still moves the pod's utilization.
  const appOff = VPA('  resourcePolicy:\n    containerPolicies:\n    - containerName: app\n      mode: "Off"\n');
  assert.equal(analyze({ 'file:///vpa.yaml': appOff, 'file:///hpa.yaml': HPA(CPU), 'file:///web.yaml': WEB }, { rules }).length, 1);
  // A ContainerResource metric on app: only app's policy counts.
  const appMetric = '  - type: ContainerResource\n    containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 60}}\n';
  assert.deepEqual(analyze({ 'file:///vpa.yaml': appOff, 'file:///hpa.yaml': HPA(appMetric), 'file:///web.yaml': WEB }, { rules }), []);
});

test('an HPA on other metrics, or on another workload: silent', () => {
  const pods = '  - type: Pods\n    pods: {metric: {name: http_requests_per_second}, target: {type: AverageValue, averageValue: "10"}}\n';
  assert.deepEqual(analyze({ 'file:///vpa.yaml': VPA(), 'file:///hpa.yaml': HPA(pods) }, { rules }), []);
  assert.deepEqual(analyze({ 'file:///vpa.yaml': VPA(), 'file:///hpa.yaml': HPA(CPU).replace('name: web}', 'name: api}') }, { rules }), []);
});

test('the HPA side: its cpu metric is reported too, naming the VPA; not when the VPA leaves cpu alone', () => {
  const hpa = HPA(CPU);
  const [f] = analyze({ 'file:///hpa.yaml': hpa, 'file:///vpa.yaml': VPA('  updatePolicy:\n    updateMode: InPlaceOrRecreate\n') }, { rules });
  assert.equal(f.severity, 'warning');
  assert.equal(covered(hpa, f), 'cpu');
  assert.match(f.message, /^VerticalPodAutoscaler shop\/web also sets the cpu requests of Deployment web \(updateMode InPlaceOrRecreate\): utilization is usage divided by the request/);
  const memoryOnly = VPA("  resourcePolicy:\n    containerPolicies:\n    - containerName: '*'\n      controlledResources: [memory]\n");
  assert.deepEqual(analyze({ 'file:///hpa.yaml': hpa, 'file:///vpa.yaml': memoryOnly }, { rules }), []);
});
