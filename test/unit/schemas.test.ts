// The JSON schemas under schemas/: their index, their lookup for hover and completion, and the small validator.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { parseFile } from '../../src/core/manifest/model';
import { parseSchemaIndex } from '../../src/core/language/schemaIndex';
import { lookup, schemaAt, schemaFor, schemaIndex, validate, type JsonSchema } from '../../src/core/language/schemaLookup';

const dir = join(__dirname, '../../schemas');
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json');

function load(file: string): JsonSchema {
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

test('every schema is draft-07 JSON listed in index.json, constrained to its apiVersion and kind', () => {
  assert.deepEqual(files.sort(), schemaIndex.map((e) => e.file).sort());
  for (const entry of schemaIndex) {
    const s = load(entry.file);
    assert.equal(s.$schema, 'http://json-schema.org/draft-07/schema#', entry.file);
    assert.equal(s.properties?.apiVersion.const, entry.apiVersion, entry.file);
    assert.equal(s.properties?.kind.const, entry.kind, entry.file);
    assert.deepEqual(s.required?.slice(0, 2), ['apiVersion', 'kind']);
    assert.equal(schemaFor(entry.apiVersion, entry.kind), schemaFor(entry.apiVersion, entry.kind));
    assert.deepEqual(schemaFor(entry.apiVersion, entry.kind), s, 'the bundled schema is the file on disk');
  }
});

test('schema index shapes are read', () => {
  const entries = [
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', file: 'hpa-autoscaling-v2.json' },
    { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', file: 'keda-scaledobject.json' },
  ];
  assert.deepEqual(parseSchemaIndex(entries), entries);
  assert.deepEqual(parseSchemaIndex({ schemas: [{ apiVersion: 'a/v1', kind: 'K', schema: 'schemas/k.json' }] }), [{ apiVersion: 'a/v1', kind: 'K', file: 'k.json' }]);
  assert.deepEqual(parseSchemaIndex({ 'karpenter.sh/v1/NodePool': 'karpenter-nodepool-v1.json' }), [{ apiVersion: 'karpenter.sh/v1', kind: 'NodePool', file: 'karpenter-nodepool-v1.json' }]);
  assert.deepEqual(parseSchemaIndex('nonsense'), []);
  assert.deepEqual(parseSchemaIndex([{ kind: 'K' }]), []);
});

test('the shipped schema index is read and every schema it names exists', () => {
  const index = parseSchemaIndex(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')));
  assert.ok(index.some((e) => e.apiVersion === 'autoscaling/v2' && e.kind === 'HorizontalPodAutoscaler'));
  for (const e of index) assert.ok(existsSync(join(dir, e.file)), e.file);
});

test('every property in every schema has a description (for hover)', () => {
  const missing: string[] = [];
  const walk = (root: JsonSchema, node: JsonSchema | undefined, where: string) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, p] of Object.entries(node.properties ?? {})) {
      const target = p.$ref ? root.definitions?.[p.$ref.replace('#/definitions/', '')] : p;
      if (!p.description && !target?.description) missing.push(`${where}.${k}`);
      walk(root, p, `${where}.${k}`);
    }
    if (node.items && !Array.isArray(node.items)) walk(root, node.items, `${where}[]`);
    if (typeof node.additionalProperties === 'object') walk(root, node.additionalProperties, `${where}.*`);
    for (const [k, d] of Object.entries(node.definitions ?? {})) {
      if (!d.description) missing.push(`#${k}`);
      walk(root, d, `#${k}`);
    }
  };
  for (const f of files) {
    const s = load(f);
    walk(s, s, f);
  }
  assert.deepEqual(missing, []);
});

test('lookup follows $ref, items and properties to enums and descriptions', () => {
  const hpa = schemaFor('autoscaling/v2', 'HorizontalPodAutoscaler')!;
  const type = lookup(hpa, ['spec', 'metrics', 0, 'resource', 'target', 'type'])!;
  assert.deepEqual(type.enum, ['Utilization', 'Value', 'AverageValue']);
  assert.match(type.markdownDescription!, /averageUtilization/);
  const ref = lookup(hpa, ['spec', 'scaleTargetRef'])!;
  assert.match(ref.description!, /scale subresource/);
  assert.deepEqual(ref.properties, ['apiVersion', 'kind', 'name']);
  assert.deepEqual(lookup(hpa, ['spec', 'behavior', 'scaleDown', 'selectPolicy'])!.enum, ['Max', 'Min', 'Disabled']);
  assert.deepEqual(lookup(hpa, ['spec', 'metrics', 0])!.properties, ['type', 'resource', 'containerResource', 'pods', 'object', 'external']);
  assert.equal(lookup(hpa, ['spec', 'nope']), undefined);
  assert.equal(lookup(hpa, ['spec', 'metrics', 'x']), undefined);
  assert.deepEqual(lookup(hpa, ['apiVersion'])!.enum, ['autoscaling/v2']);
});

test("schemaAt picks the schema by the document's apiVersion and kind", () => {
  const f = parseFile('file:///x.yaml', 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: a}\n---\napiVersion: karpenter.sh/v1beta1\nkind: NodePool\nmetadata: {name: b}\n');
  assert.deepEqual(schemaAt(f.docs[0], ['spec', 'disruption', 'consolidationPolicy'])!.enum, ['WhenEmpty', 'WhenEmptyOrUnderutilized']);
  assert.equal(schemaAt(f.docs[1], ['spec']), undefined);
  const keda = parseFile('file:///k.yaml', 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n');
  assert.deepEqual(schemaAt(keda.docs[0], ['spec', 'triggers', 0, 'metricType'])!.enum, ['AverageValue', 'Value', 'Utilization']);
  assert.ok(schemaAt(keda.docs[0], ['spec', 'triggers', 0, 'type'])!.examples?.includes('prometheus'));
  const ec2 = parseFile('file:///e.yaml', 'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\n');
  assert.ok(schemaAt(ec2.docs[0], ['spec', 'amiSelectorTerms', 0, 'alias'])!.examples?.includes('al2023@latest'));
  assert.match(schemaAt(ec2.docs[0], ['spec', 'metadataOptions', 'httpPutResponseHopLimit'])!.description!, /hop limit/i);
});

// The converted manifests of the domain reference (§1.4, §7.3) must validate; their old shapes must not.
const hpaV2 = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 20
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 512Mi}}
  - type: Pods
    pods: {metric: {name: http_requests_per_second}, target: {type: AverageValue, averageValue: 500m}}
  - type: Object
    object:
      describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: web}
      metric: {name: requests_per_second}
      target: {type: Value, value: 2k}
  - type: External
    external:
      metric: {name: queue_messages_ready, selector: {matchLabels: {queue: orders}}}
      target: {type: AverageValue, averageValue: "30"}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
      policies: [{type: Percent, value: 10, periodSeconds: 60}]
      selectPolicy: Min
`;

const karpenterV1 = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: default}
spec:
  template:
    spec:
      requirements:
      - {key: node.kubernetes.io/instance-type, operator: In, values: ["c5.large", "m5.large"]}
      - {key: karpenter.sh/capacity-type, operator: In, values: ["on-demand"]}
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      expireAfter: Never
  limits: {cpu: "1000"}
  disruption:
    consolidationPolicy: WhenEmpty
    consolidateAfter: 30s
    budgets: [{nodes: "10%"}]
---
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata: {name: default}
spec:
  role: KarpenterNodeRole-my-cluster
  amiSelectorTerms: [{alias: al2@latest}]
  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: my-cluster}}]
  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: my-cluster}}]
`;

const scaledObject = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: orders}
spec:
  scaleTargetRef: {name: orders}
  minReplicaCount: 1
  maxReplicaCount: 10
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        scaleDown: {stabilizationWindowSeconds: 60}
  fallback: {failureThreshold: 3, replicas: 2}
  triggers:
  - type: prometheus
    metadata: {serverAddress: "http://prometheus:9090", query: "sum(rate(http_requests_total[2m]))", threshold: "100"}
    authenticationRef: {name: prom-auth}
`;

function check(text: string): string[] {
  return text.split(/^---\n/m).flatMap((part) => {
    const value = parse(part);
    const schema = schemaFor(value.apiVersion, value.kind);
    assert.ok(schema, `schema for ${value.kind}`);
    return validate(schema, value).map((v) => `${value.kind} ${v.path.join('.')}: ${v.message}`);
  });
}

test('the schemas accept the reference manifests', () => {
  assert.deepEqual(check(hpaV2), []);
  assert.deepEqual(check(karpenterV1), []);
  assert.deepEqual(check(scaledObject), []);
});

test('the schemas reject shapes that the API server rejects', () => {
  assert.deepEqual(check(hpaV2.replace('resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}', 'resource: {name: cpu, targetAverageUtilization: 70}')), [
    'HorizontalPodAutoscaler spec.metrics.0.resource: missing required property target',
  ]);
  assert.deepEqual(check(hpaV2.replace('  - type: Pods\n    pods:', '  - type: Pods\n    podz:')), ['HorizontalPodAutoscaler spec.metrics.2: missing required property pods']);
  assert.deepEqual(check(hpaV2.replace('selectPolicy: Min', 'selectPolicy: Minimum')), ['HorizontalPodAutoscaler spec.behavior.scaleDown.selectPolicy: must be one of Max, Min, Disabled']);
  assert.deepEqual(check(karpenterV1.replace('WhenEmpty', 'WhenUnderutilized')), ['NodePool spec.disruption.consolidationPolicy: must be one of WhenEmpty, WhenEmptyOrUnderutilized']);
  assert.deepEqual(check(karpenterV1.replace('{group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}', '{name: default}')), [
    'NodePool spec.template.spec.nodeClassRef: missing required property group',
    'NodePool spec.template.spec.nodeClassRef: missing required property kind',
  ]);
  assert.deepEqual(check(karpenterV1.replace('expireAfter: Never', 'expireAfter: 30d')), ['NodePool spec.template.spec.expireAfter: does not match ^(([0-9]+(s|m|h))+|Never)$']);
  assert.deepEqual(check(karpenterV1.replace('  role: KarpenterNodeRole-my-cluster\n', '  role: a\n  instanceProfile: b\n')), ['EC2NodeClass spec: must match exactly one of the allowed shapes']);
  assert.deepEqual(check(karpenterV1.replace('  role: KarpenterNodeRole-my-cluster\n', '')), ['EC2NodeClass spec: must match exactly one of the allowed shapes']);
  assert.deepEqual(check(scaledObject.replace(/  triggers:[\s\S]*$/, '')), ['ScaledObject spec: missing required property triggers']);
  assert.deepEqual(
    check(scaledObject.replace('apiVersion: keda.sh/v1alpha1', 'apiVersion: keda.sh/v1alpha1').replace('metadata: {serverAddress', 'metricType: Percent\n    metadata: {serverAddress')),
    ['ScaledObject spec.triggers.0.metricType: must be one of AverageValue, Value, Utilization'],
  );
});
