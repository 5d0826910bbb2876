// invalid-quantity: resource quantities the API server rejects or that surely mean something else (512m of memory).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invalidQuantity } from '../../../src/core/lint/rules/invalid-quantity';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';
import { titleOf } from '../../helpers';

const rules = [invalidQuantity];

const container = (resources: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        resources:\n${resources}`;

const requests = (body: string) => container(`          requests:\n${body}`);

function one(text: string) {
  const f = analyze(text, { rules });
  assert.equal(f.length, 1, JSON.stringify(f.map((x) => x.message)));
  return f[0];
}

test('valid quantities: no finding', () => {
  assert.deepEqual(analyze(requests('            cpu: 250m\n            memory: 128Mi\n            ephemeral-storage: 1Gi\n            nvidia.com/gpu: 1\n'), { rules }), []);
  assert.deepEqual(analyze(requests('            cpu: 0.5\n            memory: "1e9"\n'), { rules }), []);
});

test('memory: 512m means 0.512 bytes; the fix suggests 512Mi', () => {
  const text = requests('            memory: 512m # half a gig\n');
  const f = one(text);
  assert.equal(f.message, 'memory: 512m means 0.512 bytes; did you mean 512Mi?');
  assert.equal(covered(text, f), '512m');
  assert.equal(f.fixes[0].safety, 'guess');
  assert.equal(titleOf(f.fixes[0]), 'Change to 512Mi (a guess at what "512m" meant)');
  assert.equal(applyTextEdits(text, f.fixes[0].edits), requests('            memory: 512Mi # half a gig\n'));
});

test('memory below 1Mi in a container is surely wrong', () => {
  const f = one(requests('            memory: 512\n'));
  assert.match(f.message, /^memory: 512 means 512 bytes, less than 1Mi; did you mean 512Mi\?/);
});

test('1GB is rejected: two guesses for a person to choose from, neither preferred, quotes kept', () => {
  const text = requests('            memory: "1GB"\n');
  const f = one(text);
  assert.match(f.message, /^"1GB" is not a valid quantity: suffixes are case-sensitive/);
  assert.match(f.message, /did you mean 1Gi \(1,073,741,824 bytes\) or 1G \(1,000,000,000 bytes\)\?/);
  assert.deepEqual(
    f.fixes.map((x) => [titleOf(x), x.safety, !!x.preferred]),
    [
      ['Change to 1Gi (a guess at what "1GB" meant)', 'guess', false],
      ['Change to 1G (a guess at what "1GB" meant)', 'guess', false],
    ],
  );
  assert.equal(applyTextEdits(text, f.fixes[0].edits), requests('            memory: "1Gi"\n'));
});

test('unambiguous spellings get a safe fix: 256mi → 256Mi, 2GiB → 2Gi, "1 Gi" → 1Gi', () => {
  for (const [bad, good] of [
    ['256mi', '256Mi'],
    ['2GiB', '2Gi'],
    ['1KI', '1Ki'],
    ['"1 Gi"', '"1Gi"'],
  ]) {
    const text = requests(`            memory: ${bad}\n`);
    const f = one(text);
    assert.equal(f.fixes[0].safety, 'safe', bad);
    assert.equal(applyTextEdits(text, f.fixes[0].edits), requests(`            memory: ${good}\n`));
  }
});

test('512Mb and 1K are rejected; K offers Ki and k', () => {
  assert.match(one(requests('            memory: 512Mb\n')).message, /did you mean 512Mi .* or 512M /);
  const k = one(requests('            memory: 1K\n'));
  assert.deepEqual(
    k.fixes.map((x) => titleOf(x)),
    ['Change to 1Ki (a guess at what "1K" meant)', 'Change to 1k (a guess at what "1K" meant)'],
  );
});

test('cpu with a binary suffix, and cpu above 1000 cores in a container', () => {
  assert.match(one(requests('            cpu: 1.5Gi\n')).message, /^cpu: 1\.5Gi means 1,610,612,736 cores/);
  const text = requests('            cpu: 2000\n');
  const f = one(text);
  assert.match(f.message, /^cpu: 2000 means 2000 cores; did you mean 2000m\?/);
  assert.equal(applyTextEdits(text, f.fixes[0].edits), requests('            cpu: 2000m\n'));
  assert.equal(one(requests('            cpu: 1GB\n')).fixes.length, 0, 'no guess for nonsense cpu');
});

test('negative and non-scalar values', () => {
  assert.match(one(requests('            cpu: -1\n')).message, /negative/);
  assert.match(one(requests('            cpu: true\n')).message, /is not a quantity/);
});

test('a request above its limit is rejected by the API server', () => {
  const f = one(container('          requests: {cpu: "2"}\n          limits: {cpu: 1500m}\n'));
  assert.match(f.message, /^cpu request 2 is above the limit 1500m in container "app"/);
  assert.deepEqual(analyze(container('          requests: {memory: 1Gi}\n          limits: {memory: 1024Mi}\n'), { rules }), []);
});

test('init containers, LimitRange, ResourceQuota, Karpenter limits, HPA and KEDA targets are checked', () => {
  const init = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  - name: init\n    resources: {limits: {memory: 64mb}}\n';
  assert.match(one(init).message, /"64mb" is not a valid quantity/);
  const lr = 'apiVersion: v1\nkind: LimitRange\nmetadata: {name: l}\nspec:\n  limits:\n  - type: Container\n    default: {memory: 512m}\n';
  assert.match(one(lr).message, /0\.512 bytes/);
  const quota = 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec:\n  hard:\n    requests.memory: 10GB\n    requests.cpu: "2000"\n    pods: "10"\n';
  assert.match(one(quota).message, /"10GB"/);
  const nodePool = 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec:\n  limits:\n    cpu: "1000"\n    memory: 1000Gb\n';
  assert.match(one(nodePool).message, /"1000Gb"/);
  const hpa =
    'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  maxReplicas: 3\n  metrics:\n  - type: Resource\n    resource:\n      name: memory\n      target: {type: AverageValue, averageValue: 500MB}\n';
  assert.match(one(hpa).message, /"500MB"/);
  const so =
    'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: s}\nspec:\n  scaleTargetRef: {name: web}\n  triggers:\n  - type: memory\n    metricType: AverageValue\n    metadata: {value: 512m}\n  - type: cpu\n    metricType: Utilization\n    metadata: {value: "60"}\n';
  assert.match(one(so).message, /memory: 512m means 0\.512 bytes/);
});

test('Helm-templated quantities are skipped', () => {
  assert.deepEqual(analyze(requests('            memory: {{ .Values.memory }}\n            cpu: "{{ .Values.cpu }}"\n'), { rules }), []);
});

test('cpu: [], cpu: {} and cpu: ~ are not quantities (the API server rejects them or reads nothing)', () => {
  for (const value of ['[]', '{}', '[1]', '{a: 1}']) {
    const text = requests(`            cpu: ${value}\n`);
    const f = one(text);
    assert.equal(f.severity, 'error');
    assert.equal(covered(text, f), value);
    assert.match(f.message, new RegExp(`cpu: .* is not a quantity`));
  }
  for (const value of ['~', 'null', '']) {
    const f = one(requests(`            cpu: ${value}\n`));
    assert.match(f.message, /cpu has no value/);
  }
});

test('numbers YAML reads as infinite are judged as the text written, never as "Infinity"', () => {
  const huge = one(requests('            cpu: 1e309\n'));
  assert.match(huge.message, /^cpu: 1e309 means 1e309 cores/);
  const inf = one(requests('            memory: .inf\n'));
  assert.equal(inf.message, '".inf" is not a valid quantity: YAML reads it as an infinite number, which Kubernetes cannot store');
  const nan = one(requests('            memory: .nan\n'));
  assert.equal(nan.message, 'memory: .nan is not a quantity: YAML reads .nan as not-a-number, which Kubernetes cannot store');
  const exponent = one(requests('            memory: "1e9999999999"\n'));
  assert.equal(exponent.message, '"1e9999999999" is not a valid quantity: the exponent after e is out of range (at most 2147483647)');
});

test('a v1alpha5 Provisioner: limits under spec.limits.resources are judged as quantities, the resources key itself is not a quantity', () => {
  const provisioner = (cpu: string) =>
    `apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata: {name: default}\nspec:\n  limits:\n    resources:\n      cpu: ${cpu}\n      memory: 1000Gi\n  providerRef: {name: default}\n`;
  assert.deepEqual(
    analyze(provisioner('1000'), { rules }).map((f) => f.message),
    [],
  );
  const f = one(provisioner('"10 cores"'));
  assert.match(f.message, /^"10 cores" is not a valid quantity/);
});
