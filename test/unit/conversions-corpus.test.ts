// The conversion corpus (test/fixtures/conversions/): real-world shapes of old Karpenter, HPA and KEDA manifests,
// run through `lint --fix`'s conversions, must give the committed `.converted.yaml` outputs, and those outputs must
// pass the offline check with the upstream CRDs' schemas and CEL rules. test/cluster/conversions-dry-run.test.mjs
// applies the same outputs with `kubectl apply --dry-run=server` to a real API server with the real CRDs, so the
// offline check and the server agree on every file. UPDATE_CORPUS=1 rewrites the outputs (review the diff).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { fixAllSafe } from '../../src/core/lint/fixAll';
import { hpaDeprecatedApi } from '../../src/core/lint/rules/hpa-deprecated-api';
import { karpenterDeprecatedApi } from '../../src/core/lint/rules/karpenter-deprecated-api';
import { kedaDeprecatedField } from '../../src/core/lint/rules/keda-deprecated-field';
import { withDefaults } from '../../src/core/lint/settings';
import { Workspace } from '../../src/core/manifest/workspace';
import { createRejections } from '../../src/core/schema/cel/crdSchemas';
import { SERVER_POPULATED_METADATA, LAST_APPLIED_ANNOTATION } from '../../src/core/k8s/serverPopulated';
import { titleOf } from '../helpers';

const DIR = join(__dirname, '../fixtures/conversions');
const inputs = readdirSync(DIR).filter((f) => f.endsWith('.input.yaml'));
const RULES = [hpaDeprecatedApi, karpenterDeprecatedApi, kedaDeprecatedField];

/** What `lint --fix` writes for a file (only the conversion and field rules), and the notes it prints. */
function fixFile(name: string, text: string): { text: string; notes: string[]; titles: string[] } {
  const uri = `file:///corpus/${name}`;
  const ws = new Workspace();
  ws.set(uri, text);
  const result = fixAllSafe(ws, [uri], withDefaults({ kubernetesVersion: '1.33', karpenterVersion: '1.15', kedaVersion: '2.21' }), { rules: RULES });
  return { text: result.texts.get(uri) ?? text, notes: result.applied.flatMap((a) => a.notes ?? []), titles: result.applied.map((a) => titleOf(a)) };
}

const outputs = new Map(
  inputs.map((input) => {
    const out = fixFile(input, readFileSync(join(DIR, input), 'utf8'));
    const golden = input.replace('.input.yaml', '.converted.yaml');
    if (process.env.UPDATE_CORPUS) writeFileSync(join(DIR, golden), out.text);
    return [input, { ...out, golden: readFileSync(join(DIR, golden), 'utf8') }];
  }),
);

test('the corpus covers Provisioners, AWSNodeTemplates, v1beta1 NodePools, old HPAs and ScaledObjects', () => {
  const kinds = new Set([...outputs.keys()].flatMap((f) => parseAllDocuments(readFileSync(join(DIR, f), 'utf8')).map((d) => `${d.get('apiVersion')} ${d.get('kind')}`)));
  for (const k of [
    'karpenter.sh/v1alpha5 Provisioner',
    'karpenter.k8s.aws/v1alpha1 AWSNodeTemplate',
    'karpenter.sh/v1beta1 NodePool',
    'karpenter.k8s.aws/v1beta1 EC2NodeClass',
    'autoscaling/v2beta1 HorizontalPodAutoscaler',
    'autoscaling/v2beta2 HorizontalPodAutoscaler',
    'keda.sh/v1alpha1 ScaledObject',
  ])
    assert.ok(kinds.has(k), k);
});

for (const input of inputs) {
  test(`${input}: lint --fix converts it to the committed output, which the CRDs' schemas and CEL rules accept`, () => {
    const out = outputs.get(input)!;
    assert.equal(out.text, out.golden);
    assert.notEqual(out.text, readFileSync(join(DIR, input), 'utf8'), 'something was converted');
    for (const doc of parseAllDocuments(out.text)) {
      const obj = doc.toJS();
      assert.deepEqual(createRejections(obj), [], `${obj.kind} ${obj.metadata?.name}`);
      // keda.sh/v1alpha1 is KEDA's only version; everything else ends at a GA version.
      if (obj.apiVersion !== 'keda.sh/v1alpha1') assert.ok(!/^(v1alpha|v1beta|v2beta)/.test(String(obj.apiVersion).split('/')[1]), `${obj.kind} left at ${obj.apiVersion}`);
      for (const key of SERVER_POPULATED_METADATA) assert.equal(obj.metadata?.[key], undefined, `${obj.kind}: metadata.${key} dropped`);
      assert.equal(obj.metadata?.annotations?.[LAST_APPLIED_ANNOTATION], undefined);
      assert.equal(obj.status, undefined, `${obj.kind}: status dropped`);
    }
  });
}

test('a live Provisioner dump: server fields and status go, the restricted karpenter.sh label is named, the rest converts', () => {
  const out = outputs.get('provisioner-live-dump.input.yaml')!;
  const [pool, nodeClass] = parseAllDocuments(out.text).map((d) => d.toJS());
  assert.deepEqual(pool.metadata, { name: 'default' });
  assert.deepEqual(pool.spec.template.metadata.labels, { 'billing/team': 'checkout' });
  assert.match(out.text, /# label karpenter\.sh\/provisioner-name not carried over: label domain "karpenter\.sh" is restricted:\n\s*#\s+karpenter\.sh\/provisioner-name: default/);
  assert.deepEqual(out.notes, ['Provisioner default: label karpenter.sh/provisioner-name was not carried over to spec.template.metadata.labels (label domain "karpenter.sh" is restricted)']);
  assert.deepEqual(pool.spec.disruption, { consolidationPolicy: 'WhenEmpty', consolidateAfter: '30s' });
  assert.equal(pool.spec.weight, 50);
  assert.equal(nodeClass.spec.instanceProfile, 'KarpenterNodeInstanceProfile-shop-prod');
  assert.deepEqual(nodeClass.metadata, { name: 'default' });
});

test('userData in a Provisioner moves to its EC2NodeClass; a misspelt key and a launch-template name stay as comments, named in the notes', () => {
  const out = outputs.get('provisioner-userdata-typos.input.yaml')!;
  const [pool, nodeClass] = parseAllDocuments(out.text).map((d) => d.toJS());
  assert.match(nodeClass.spec.userData, /vm\.max_map_count=262144/);
  assert.equal(pool.spec.userData, undefined);
  assert.equal(pool.spec.ttlSecondsAfterEmtpy, undefined);
  assert.equal(nodeClass.spec.launchTemplateName, undefined);
  assert.match(out.text, /# ttlSecondsAfterEmtpy: not a field of karpenter\.sh\/v1 NodePool/);
  assert.match(out.text, /#\s+launchTemplateName: ignored-by-karpenter/);
  // karpenter.k8s.aws/instance-family is a label v1 allows; kubernetes.io/hostname is not.
  assert.deepEqual(pool.spec.template.metadata.labels, { workload: 'batch', 'karpenter.k8s.aws/instance-family': 'c6i' });
  assert.deepEqual(out.notes.sort(), [
    'AWSNodeTemplate batch: spec.launchTemplateName is not a field of karpenter.k8s.aws/v1 EC2NodeClass; left as a comment for you to move or delete',
    'Provisioner batch: label kubernetes.io/hostname was not carried over to spec.template.metadata.labels (label "kubernetes.io/hostname" is restricted)',
    'Provisioner batch: spec.ttlSecondsAfterEmtpy is not a field of karpenter.sh/v1 NodePool; left as a comment for you to move or delete',
    'Provisioner batch: spec.userData moved to spec.userData of EC2NodeClass batch',
  ]);
  assert.deepEqual(nodeClass.spec.kubelet, { maxPods: 58, systemReserved: { cpu: '100m', memory: '200Mi' } });
});

test('a v1beta1 dump: managedFields and status go, template.spec.resources (gone in v1) stays as a comment', () => {
  const out = outputs.get('nodepool-v1beta1-dump.input.yaml')!;
  const [pool, nodeClass] = parseAllDocuments(out.text).map((d) => d.toJS());
  assert.equal(pool.metadata.managedFields, undefined);
  assert.equal(pool.spec.template.spec.resources, undefined);
  assert.match(out.text, /# resources: not a field of karpenter\.sh\/v1 NodePool/);
  assert.deepEqual(out.notes, ['NodePool general-purpose: spec.template.spec.resources is not a field of karpenter.sh/v1 NodePool; left as a comment for you to move or delete']);
  assert.deepEqual(nodeClass.spec.amiSelectorTerms, [{ alias: 'bottlerocket@latest' }]);
  assert.deepEqual(nodeClass.spec.kubelet, { maxPods: 110 });
});

test('an HPA dump keeps its own annotation and drops the last-applied one, selfLink and status', () => {
  const out = outputs.get('hpa-v2beta2-dump.input.yaml')!;
  const [hpa] = parseAllDocuments(out.text).map((d) => d.toJS());
  assert.deepEqual(hpa.metadata, { annotations: { owner: 'team-checkout' }, name: 'api', namespace: 'shop' });
  assert.equal(hpa.apiVersion, 'autoscaling/v2');
});
