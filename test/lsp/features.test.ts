// The server's editor features as plain functions: completion, code lenses and hover (no process, no protocol).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../../src/core/lint/analyzer';
import { lensesFor } from '../../src/core/language/lenses';
import { withDefaults } from '../../src/core/lint/settings';
import { Workspace } from '../../src/core/manifest/workspace';
import { completionsAt } from '../../src/core/language/completion';
import { hoverAt } from '../../src/core/language/hover';
import { docAt } from '../../src/core/language/yamlPath';

const settings = withDefaults({});

/** Completions at the `|` in `text`. */
function complete(textWithCursor: string, opts: { kubernetesVersion?: string; karpenterVersion?: string } = {}): string[] {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const ws = new Workspace();
  const file = ws.set('file:///c.yaml', text);
  return completionsAt(text, offset, docAt(file.docs, offset), withDefaults(opts)).map((s) => s.label);
}

const HPA_HEAD = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  maxReplicas: 5\n  metrics:\n';

test('target.type completion fits the metric source', () => {
  assert.deepEqual(complete(HPA_HEAD + '  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: |\n'), ['Utilization', 'AverageValue']);
  assert.deepEqual(complete(HPA_HEAD + '  - type: Pods\n    pods:\n      metric: {name: rps}\n      target:\n        type: A|\n'), ['AverageValue']);
  assert.deepEqual(complete(HPA_HEAD + '  - type: External\n    external:\n      target:\n        type: |\n'), ['Value', 'AverageValue']);
  // Indented sequences and a second metric work the same.
  assert.deepEqual(complete(HPA_HEAD + '    - type: Pods\n      pods: {}\n    - type: Object\n      object:\n        target:\n          type: |\n'), ['Value', 'AverageValue']);
});

test('metric type, resource name and selectPolicy completion', () => {
  assert.deepEqual(complete(HPA_HEAD + '  - type: |\n'), ['Resource', 'ContainerResource', 'Pods', 'Object', 'External']);
  assert.deepEqual(complete(HPA_HEAD + '  - type: Resource\n    resource:\n      name: |\n'), ['cpu', 'memory']);
  assert.deepEqual(complete(HPA_HEAD + '  - type: Resource\n    resource:\n      name: cpu\n  behavior:\n    scaleDown:\n      selectPolicy: |\n'), ['Max', 'Min', 'Disabled']);
  assert.deepEqual(complete(HPA_HEAD + '  - type: Resource\n    resource:\n      name: cpu\n      container: |\n'), [], 'no guesses for free-form values');
});

test('apiVersion completion follows the kind and the target versions', () => {
  assert.deepEqual(complete('apiVersion: |\nkind: HorizontalPodAutoscaler\n'), ['autoscaling/v2', 'autoscaling/v1']);
  assert.deepEqual(complete('apiVersion: |\nkind: HorizontalPodAutoscaler\n', { kubernetesVersion: '1.22' }), ['autoscaling/v2beta2', 'autoscaling/v1']);
  assert.deepEqual(complete('kind: NodePool\napiVersion: karp|\n'), ['karpenter.sh/v1']);
  assert.deepEqual(complete('kind: NodePool\napiVersion: |\n', { karpenterVersion: '0.37' }), ['karpenter.sh/v1beta1']);
  assert.deepEqual(complete('apiVersion: |\nkind: ConfigMap\n'), []);
});

test('metrics-server flags complete in its args, the insecure one marked, present ones left out', () => {
  const deployment =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: metrics-server, namespace: kube-system}\nspec:\n  template:\n    spec:\n      containers:\n      - name: metrics-server\n        args:\n        - --cert-dir=/tmp\n        - --|\n';
  const offset = deployment.indexOf('|');
  const text = deployment.replace('|', '');
  const ws = new Workspace();
  const file = ws.set('file:///ms.yaml', text);
  const items = completionsAt(text, offset, docAt(file.docs, offset), settings);
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname'));
  assert.ok(labels.includes('--kubelet-use-node-status-port'));
  assert.ok(labels.includes('--metric-resolution=15s'));
  assert.ok(!labels.some((l) => l.startsWith('--cert-dir')), 'already present');
  const insecure = items.find((i) => i.label === '--kubelet-insecure-tls');
  assert.ok(insecure?.discouraged);
  assert.match(insecure.detail ?? '', /insecure/);
  // The edit replaces the typed `--`.
  assert.deepEqual(items[0].range, { start: offset - 2, end: offset });
  // Other containers' args get no metrics-server flags.
  assert.deepEqual(complete('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        args:\n        - --|\n'), []);
});

test('schema-driven key completion leaves out keys already written', () => {
  const keys = complete(HPA_HEAD.replace('  metrics:\n', '') + '  |\n');
  assert.ok(keys.includes('scaleTargetRef') && keys.includes('minReplicas') && keys.includes('behavior'), keys.join(', '));
  assert.ok(!keys.includes('maxReplicas'), 'maxReplicas is already set');
  const inTarget = complete(HPA_HEAD + '  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        a|\n');
  assert.ok(inTarget.includes('averageUtilization'), inTarget.join(', '));
  assert.ok(!inTarget.includes('type'));
});

const DEPLOYMENT = (name: string, resources = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx${resources}
      - name: istio-proxy
        image: istio/proxyv2${resources}
`;

function lenses(files: Record<string, string>, uri = Object.keys(files)[0]): string[] {
  const ws = new Workspace();
  for (const [u, t] of Object.entries(files)) ws.set(u, t);
  return lensesFor({ workspace: ws, uri, settings, findings: analyzeFile(ws, uri, settings) }).map((l) => l.title);
}

const HPA = (target: string, metric = 'resource:\n      name: cpu\n      target: {type: Utilization, averageUtilization: 70}', type = 'Resource') =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${target}-hpa\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}\n  minReplicas: 2\n  maxReplicas: 20\n  metrics:\n  - type: ${type}\n    ${metric}\n`;

test('HPA lenses: the target and whether its requests satisfy a utilization metric', () => {
  const requests = '\n        resources: {requests: {cpu: 100m}}';
  assert.deepEqual(lenses({ 'file:///hpa.yaml': HPA('web'), 'file:///d.yaml': DEPLOYMENT('web', requests) }), ['scales Deployment web (in d.yaml)', 'requests OK (cpu)']);
  const missing = lenses({ 'file:///hpa.yaml': HPA('web'), 'file:///d.yaml': DEPLOYMENT('web') });
  assert.equal(missing[0], 'scales Deployment web (in d.yaml)');
  assert.match(missing[1], /^⚠ target lacks cpu request in app, istio-proxy — Add requests/);
  // ContainerResource counts only the named container.
  const container = lenses({
    'file:///hpa.yaml': HPA('web', 'containerResource:\n      name: cpu\n      container: app\n      target: {type: Utilization, averageUtilization: 70}', 'ContainerResource'),
    'file:///d.yaml': DEPLOYMENT('web').replace('image: nginx', 'image: nginx\n        resources: {requests: {cpu: 100m}}'),
  });
  assert.deepEqual(container, ['scales Deployment web (in d.yaml)', 'requests OK (cpu)']);
  // AverageValue needs no requests: no requests lens at all.
  assert.deepEqual(lenses({ 'file:///hpa.yaml': HPA('web', 'resource:\n      name: cpu\n      target: {type: AverageValue, averageValue: 500m}'), 'file:///d.yaml': DEPLOYMENT('web') }), [
    'scales Deployment web (in d.yaml)',
  ]);
  assert.deepEqual(lenses({ 'file:///hpa.yaml': HPA('gone') }), ['scales Deployment gone (not in the workspace)']);
});

test('a namespace LimitRange default satisfies the requests', () => {
  const limitRange = 'apiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults}\nspec:\n  limits:\n  - type: Container\n    defaultRequest: {cpu: 50m}\n';
  assert.deepEqual(lenses({ 'file:///all.yaml': HPA('web') + '---\n' + DEPLOYMENT('web') + '---\n' + limitRange }), [
    'scales Deployment web (same file)',
    'requests OK (cpu)',
    'scaled by HPA web-hpa (cpu 70%), 2–20 replicas',
  ]);
  assert.match(lenses({ 'file:///all.yaml': HPA('web') + '---\n' + DEPLOYMENT('web') })[1], /^⚠ target lacks cpu request/);
});

test('workload lenses name the autoscalers and warn when two compete', () => {
  const scaledObject =
    'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web-so}\nspec:\n  scaleTargetRef: {name: web}\n  maxReplicaCount: 30\n  triggers:\n  - type: prometheus\n    metadata: {query: x, threshold: "5"}\n';
  assert.deepEqual(lenses({ 'file:///d.yaml': DEPLOYMENT('web'), 'file:///hpa.yaml': HPA('web') }), ['scaled by HPA web-hpa (cpu 70%), 2–20 replicas']);
  assert.deepEqual(lenses({ 'file:///d.yaml': DEPLOYMENT('web'), 'file:///hpa.yaml': HPA('web'), 'file:///so.yaml': scaledObject }), [
    '⚠ 2 autoscalers target this Deployment: they will fight over its replicas',
    'scaled by HPA web-hpa (cpu 70%), 2–20 replicas',
    'scaled by ScaledObject web-so (prometheus), 0–30 replicas',
  ]);
  assert.deepEqual(lenses({ 'file:///d.yaml': DEPLOYMENT('web') }), [], 'no lens on an unscaled workload');
});

test('hover: field descriptions from the schema, quantities normalized', () => {
  const text = HPA('web') + '---\n' + DEPLOYMENT('web', '\n        resources: {requests: {cpu: 250m, memory: 512m}}');
  const ws = new Workspace();
  const file = ws.set('file:///h.yaml', text);
  const at = (needle: string, delta = 1) => hoverAt(file, [], text.indexOf(needle) + delta, () => undefined)?.markdown ?? '';
  assert.match(at('maxReplicas'), /maxReplicas/);
  assert.ok(at('maxReplicas').length > 'maxReplicas'.length + 10, 'has a description');
  assert.match(at('cpu: 250m', 6), /`250m` = 0\.25 cores/);
  assert.match(at('memory: 512m', 9), /`512m` = 0\.512 bytes.*did you mean `Mi`/);
  assert.equal(at('nginx'), '', 'no hover on an image name');
  // Metric targets take the unit of the metric's resource; values elsewhere (env) are not quantities.
  const target =
    HPA('web', 'resource:\n      name: memory\n      target: {type: AverageValue, averageValue: 1Gi}') +
    '---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    env:\n    - {name: MODE, value: fast}\n';
  const f2 = new Workspace().set('file:///t.yaml', target);
  const at2 = (needle: string, delta: number) => hoverAt(f2, [], target.indexOf(needle) + delta, () => undefined)?.markdown ?? '';
  assert.match(at2('1Gi', 1), /`1Gi` = 1,073,741,824 bytes/);
  assert.equal(at2('fast', 1), '');
});
