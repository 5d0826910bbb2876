import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { conversionsFor } from '../../src/core/convert';
import { createRejections } from '../../src/core/schema/cel/crdSchemas';
import { analyzeFile } from '../../src/core/lint/analyzer';
import { fixAllSafe, selectCompatibleFixes } from '../../src/core/lint/fixAll';
import { karpenterDeprecatedApi } from '../../src/core/lint/rules/karpenter-deprecated-api';
import { karpenterPlaceholder } from '../../src/core/lint/rules/karpenter-placeholder';
import { schemaFor, validate } from '../../src/core/language/schemaLookup';
import { withDefaults, type Settings } from '../../src/core/lint/settings';
import type { Fix } from '../../src/core/text/edits';
import { Workspace } from '../../src/core/manifest/workspace';
import { applyTextEdits } from '../../src/core/text/edits';
import { textOf } from '../../src/core/l10n';
import { titleOf } from '../helpers';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/convert', name), 'utf8');
const data = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

function setup(files: Record<string, string>, settings: Partial<Settings> = {}) {
  const ws = new Workspace();
  for (const [uri, text] of Object.entries(files)) ws.set(uri, text);
  return { ws, ctx: { workspace: ws, settings: withDefaults(settings) } };
}

/** The first conversion of document `index` of `uri`, and every file's text after applying it. */
function convert(files: Record<string, string>, uri = Object.keys(files)[0], index = 0, settings: Partial<Settings> = {}): { fix?: Fix; out: Record<string, string> } {
  const { ws, ctx } = setup(files, settings);
  const fix = conversionsFor(ws.get(uri)!.docs[index], ctx)[0];
  const out: Record<string, string> = {};
  for (const [u, text] of Object.entries(files))
    out[u] = applyTextEdits(
      text,
      (fix?.edits ?? []).filter((e) => e.uri === u),
    );
  return { fix, out };
}

const URI = 'file:///karpenter.yaml';

test('worked example: Provisioner + AWSNodeTemplate convert together to the reference NodePool and EC2NodeClass', () => {
  const { fix, out } = convert({ [URI]: fixture('karpenter-v1alpha5-flow.input.yaml') });
  assert.ok(fix);
  assert.equal(out[URI], fixture('karpenter-v1alpha5-flow.expected.yaml'));
  const [pool, nodeClass] = data(out[URI]);
  const [refPool, refClass] = data(fixture('karpenter-v1alpha5-flow.reference.yaml'));
  assert.deepEqual(pool, refPool);
  // The role is not derivable (the old instance profile came from a controller setting): a placeholder, never a guess.
  assert.match(nodeClass.spec.role, /^<REQUIRED: IAM role name/);
  // v1 lowered the IMDS hop limit default from 2 to 1: the former default is written out.
  assert.deepEqual(nodeClass.spec.metadataOptions, { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 2, httpTokens: 'required' });
  const { role: _r, metadataOptions: _m, ...rest } = nodeClass.spec;
  const { role: _rr, ...refRest } = refClass.spec;
  assert.deepEqual(rest, refRest);
  assert.equal(fix.safety, 'review', 'needs the user to fill in the role');
  const { ws, ctx } = setup({ [URI]: out[URI] });
  const findings = analyzeFile(ws, URI, ctx.settings, [karpenterPlaceholder]);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].severity, 'error');
  assert.match(out[URI].slice(findings[0].range.start, findings[0].range.end), /^<REQUIRED: IAM role name.*>$/);
});

test('block-style Provisioner: comments kept, kubelet moved to the EC2NodeClass, TTLs become disruption and expiry', () => {
  const input = fixture('karpenter-v1alpha5-block.input.yaml');
  const { fix, out } = convert({ [URI]: input });
  assert.equal(out[URI], fixture('karpenter-v1alpha5-block.expected.yaml'));
  assert.equal(fix?.safety, 'safe');
  for (const comment of input.match(/#.*$/gm)!) assert.ok(out[URI].includes(comment), `comment kept: ${comment}`);
  const [pool, nodeClass] = data(out[URI]);
  assert.deepEqual(pool.spec.template.metadata, { labels: { type: 'karpenter' } });
  assert.equal(pool.spec.template.spec.expireAfter, '720h');
  assert.deepEqual(pool.spec.disruption, { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s' });
  assert.deepEqual(pool.spec.limits, { cpu: 1000, memory: '1000Gi' });
  assert.equal(pool.spec.weight, 10);
  assert.deepEqual(pool.spec.template.spec.taints, [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }]);
  // An instance-type requirement exists: no instance-category/generation defaults.
  assert.deepEqual(
    pool.spec.template.spec.requirements.map((r: { key: string }) => r.key),
    ['karpenter.sh/capacity-type', 'node.kubernetes.io/instance-type', 'kubernetes.io/os', 'kubernetes.io/arch'],
  );
  assert.deepEqual(nodeClass.spec.kubelet, { maxPods: 110 });
  assert.equal(nodeClass.spec.instanceProfile, 'KarpenterInstanceNodeRole');
  assert.equal(nodeClass.spec.role, undefined);
  assert.deepEqual(nodeClass.spec.amiSelectorTerms, [{ alias: 'bottlerocket@latest' }]);
  assert.deepEqual(nodeClass.spec.securityGroupSelectorTerms, [{ id: 'sg-0222247264816d807' }, { id: 'sg-0aaa' }]);
  assert.deepEqual(nodeClass.spec.subnetSelectorTerms, [{ tags: { 'karpenter.sh/discovery': 'myipv4cluster' } }]);
  assert.deepEqual(nodeClass.spec.metadataOptions, { httpTokens: 'required', httpPutResponseHopLimit: 2 });
});

test('v1beta1 NodePool and EC2NodeClass convert to v1', () => {
  const input = fixture('karpenter-v1beta1.input.yaml');
  const { fix, out } = convert({ [URI]: input });
  assert.equal(out[URI], fixture('karpenter-v1beta1.expected.yaml'));
  assert.equal(fix?.safety, 'safe');
  for (const comment of input.match(/#.*$/gm)!) assert.ok(out[URI].includes(comment), `comment kept: ${comment}`);
  const [pool, nodeClass] = data(out[URI]);
  assert.deepEqual(pool.spec.template.spec.nodeClassRef, { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'general' });
  assert.equal(pool.spec.template.spec.kubelet, undefined);
  assert.equal(pool.spec.template.spec.expireAfter, '168h');
  assert.deepEqual(pool.spec.disruption, { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s', budgets: [{ nodes: '10%' }] });
  assert.deepEqual(nodeClass.spec.amiSelectorTerms, [{ alias: 'al2023@latest' }]);
  assert.equal(nodeClass.spec.amiFamily, undefined);
  assert.deepEqual(nodeClass.spec.kubelet, { maxPods: 58 });
  assert.equal(nodeClass.spec.userData, '[settings.kubernetes]\nmax-pods = 58\n');
});

test('AWSNodeTemplate in another file: one fix edits both files', () => {
  const [provisioner, template] = fixture('karpenter-v1alpha5-block.input.yaml').split('---\n');
  const { fix, out } = convert({ 'file:///provisioner.yaml': provisioner, 'file:///nodeclass.yaml': template });
  assert.deepEqual(new Set(fix!.edits.map((e) => e.uri)), new Set(['file:///provisioner.yaml', 'file:///nodeclass.yaml']));
  assert.equal(data(out['file:///provisioner.yaml'])[0].kind, 'NodePool');
  assert.deepEqual(data(out['file:///nodeclass.yaml'])[0].spec.kubelet, { maxPods: 110 });
});

test('without its AWSNodeTemplate: kubelet settings become a commented placeholder, the fix is not safe', () => {
  const text = 'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: gpu\nspec:\n  providerRef:\n    name: gpu-template\n  kubeletConfiguration:\n    maxPods: 30\n';
  const { fix, out } = convert({ [URI]: text });
  assert.equal(fix?.safety, 'review');
  assert.match(out[URI], /# <REQUIRED: move these kubelet settings to spec.kubelet of EC2NodeClass gpu-template \(not found in the workspace\)>\n {6}# kubelet:\n {6}# {3}maxPods: 30\n/);
  const [pool] = data(out[URI]);
  // No requirements at all: every former webhook default is written out.
  assert.deepEqual(pool.spec.template.spec.requirements, [
    { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
    { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
    { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
    { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['2'] },
  ]);
  // Neither TTL: v1alpha5 never expired nor emptied nodes, so neither does the NodePool.
  assert.equal(pool.spec.template.spec.expireAfter, 'Never');
  assert.deepEqual(pool.spec.disruption, { consolidationPolicy: 'WhenEmpty', consolidateAfter: 'Never' });
  const { ws, ctx } = setup({ [URI]: out[URI] });
  assert.equal(analyzeFile(ws, URI, ctx.settings, [karpenterPlaceholder]).length, 1);
});

test('inline spec.provider becomes an EC2NodeClass named after the Provisioner, instanceProfile kept, accepted by the CRD schema', () => {
  const text = [
    'apiVersion: karpenter.sh/v1alpha5',
    'kind: Provisioner',
    'metadata:',
    '  name: legacy',
    'spec:',
    '  kubeletConfiguration:',
    '    maxPods: 20',
    '  provider:',
    '    apiVersion: extensions.karpenter.sh/v1alpha1',
    '    kind: AWS',
    "    instanceProfile: KarpenterNodeInstanceProfile-prod # the nodes' profile",
    '    subnetSelector:',
    '      karpenter.sh/discovery: prod',
    '    securityGroupSelector:',
    '      karpenter.sh/discovery: prod',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: after',
    '',
  ].join('\n');
  const { fix, out } = convert({ [URI]: text });
  assert.equal(fix?.safety, 'safe');
  assert.deepEqual(fix?.notes, ['Provisioner legacy: the inline spec.provider became EC2NodeClass legacy, written after the NodePool']);
  const [pool, nodeClass, configMap] = data(out[URI]);
  assert.equal(pool.spec.provider, undefined);
  assert.deepEqual(pool.spec.template.spec.nodeClassRef, { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'legacy' });
  assert.equal(nodeClass.apiVersion, 'karpenter.k8s.aws/v1');
  assert.equal(nodeClass.kind, 'EC2NodeClass');
  assert.equal(nodeClass.metadata.name, 'legacy');
  assert.equal(nodeClass.spec.instanceProfile, 'KarpenterNodeInstanceProfile-prod');
  assert.equal(nodeClass.spec.role, undefined);
  assert.equal(nodeClass.spec.apiVersion, undefined, "the provider's own type is not carried over");
  assert.deepEqual(nodeClass.spec.subnetSelectorTerms, [{ tags: { 'karpenter.sh/discovery': 'prod' } }]);
  assert.deepEqual(nodeClass.spec.kubelet, { maxPods: 20 });
  assert.equal(configMap.metadata.name, 'after', 'the documents after the Provisioner are untouched');
  assert.ok(out[URI].includes("instanceProfile: KarpenterNodeInstanceProfile-prod # the nodes' profile"), 'its comment is kept');
  // What the API server would check on create: the EC2NodeClass's CEL rules (exactly one of role and instanceProfile) and the NodePool's.
  assert.deepEqual(createRejections(nodeClass), []);
  assert.deepEqual(createRejections(pool), []);
});

test('the EC2NodeClass written for an inline provider is checked like the converted documents: what the CRD refuses makes the fix one to review', () => {
  const text =
    'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: legacy\nspec:\n  provider:\n    instanceProfile: P\n    subnetSelector: {a: b}\n    securityGroupSelector: {a: b}\n    tags:\n      kubernetes.io/cluster/prod: owned\n';
  const { fix } = convert({ [URI]: text });
  assert.equal(fix?.safety, 'review');
  assert.match(textOf(fix!.why!, 'en'), /^the API server would refuse it: EC2NodeClass legacy: spec\.tags: .*restricted tag matching kubernetes\.io\/cluster\//);
});

test('inline spec.provider in a JSON manifest (one document): nodeClassRef name is a placeholder, the provider named in the notes', () => {
  const text = JSON.stringify(
    { apiVersion: 'karpenter.sh/v1alpha5', kind: 'Provisioner', metadata: { name: 'legacy' }, spec: { provider: { subnetSelector: { 'karpenter.sh/discovery': 'c' } } } },
    null,
    2,
  );
  const { fix, out } = convert({ 'file:///karpenter.json': text });
  assert.equal(fix?.safety, 'review');
  const pool = JSON.parse(out['file:///karpenter.json']);
  assert.match(pool.spec.template.spec.nodeClassRef.name, /^<REQUIRED: name of an EC2NodeClass holding the settings of the inline spec.provider of Provisioner legacy>$/);
  assert.equal(pool.spec.provider, undefined);
});

test('launchTemplate and amiSelector: placeholders for what a launch template held, selector keys become terms', () => {
  const lt = 'apiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata:\n  name: lt\nspec:\n  launchTemplate: my-template\n  subnetSelector:\n    aws::ids: subnet-1,subnet-2\n';
  const { fix, out } = convert({ [URI]: lt });
  assert.equal(fix?.safety, 'review');
  const [nodeClass] = data(out[URI]);
  assert.equal(nodeClass.spec.launchTemplate, undefined);
  assert.match(nodeClass.spec.amiSelectorTerms[0].id, /^<REQUIRED: AMI id used by launch template my-template/);
  assert.match(nodeClass.spec.securityGroupSelectorTerms[0].id, /^<REQUIRED:/);
  assert.deepEqual(nodeClass.spec.subnetSelectorTerms, [{ id: 'subnet-1' }, { id: 'subnet-2' }]);

  const ami =
    'apiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata:\n  name: ami\nspec:\n  instanceProfile: NodeProfile\n  amiFamily: AL2\n  amiSelector:\n    aws::name: my-ami-*\n    aws::owners: self,123456789012\n  subnetSelector: {env: prod}\n  securityGroupSelector: {env: prod}\n';
  const conv = convert({ [URI]: ami });
  assert.equal(conv.fix?.safety, 'safe');
  const [c2] = data(conv.out[URI]);
  assert.equal(c2.spec.amiFamily, 'AL2');
  assert.deepEqual(c2.spec.amiSelectorTerms, [
    { name: 'my-ami-*', owner: 'self' },
    { name: 'my-ami-*', owner: '123456789012' },
  ]);
  assert.deepEqual(c2.spec.subnetSelectorTerms, [{ tags: { env: 'prod' } }]);
});

test('target Karpenter below 1.0: no conversion to v1 is offered', () => {
  const files = { [URI]: fixture('karpenter-v1alpha5-flow.input.yaml') };
  assert.equal(convert(files, URI, 0, { karpenterVersion: '0.37' }).fix, undefined);
  assert.ok(convert(files, URI, 0, { karpenterVersion: '1.0' }).fix);
});

test('idempotence: converted documents get no deprecation finding and no further conversion', () => {
  for (const name of ['karpenter-v1alpha5-flow', 'karpenter-v1alpha5-block', 'karpenter-v1beta1']) {
    const text = fixture(`${name}.expected.yaml`);
    const { ws, ctx } = setup({ [URI]: text });
    assert.deepEqual(analyzeFile(ws, URI, ctx.settings, [karpenterDeprecatedApi]), [], name);
    for (const d of ws.get(URI)!.docs) assert.deepEqual(conversionsFor(d, ctx), [], name);
  }
});

test('converted goldens validate against the v1 NodePool / EC2NodeClass and HPA v2 schemas', () => {
  for (const name of ['karpenter-v1alpha5-flow', 'karpenter-v1alpha5-block', 'karpenter-v1beta1', 'hpa-v2beta1-flow', 'hpa-v2beta1-block', 'hpa-v1']) {
    for (const doc of data(fixture(`${name}.expected.yaml`))) {
      const schema = schemaFor(doc.apiVersion, doc.kind);
      assert.ok(schema, `${name}: schema for ${doc.apiVersion} ${doc.kind}`);
      assert.deepEqual(validate(schema, doc), [], name);
    }
  }
});

test('the controller-wide instance profile, when its ConfigMap is in the workspace, replaces the role placeholder', () => {
  const settings = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: karpenter-global-settings\n  namespace: karpenter\ndata:\n  aws.defaultInstanceProfile: KarpenterInstanceNodeRole\n';
  const template = 'apiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata:\n  name: default\nspec:\n  subnetSelector: {a: b}\n  securityGroupSelector: {a: b}\n';
  const { fix, out } = convert({ [URI]: template, 'file:///settings.yaml': settings });
  assert.equal(fix?.safety, 'safe');
  const [nodeClass] = data(out[URI]);
  assert.equal(nodeClass.spec.instanceProfile, 'KarpenterInstanceNodeRole');
  assert.equal(nodeClass.spec.role, undefined);
  assert.equal(convert({ [URI]: template }).fix?.safety, 'review');
});

test('conversion edits touch only changed lines and never overlap or touch each other (lint --fix can apply them)', () => {
  const input = fixture('karpenter-v1alpha5-block.input.yaml');
  const { fix } = convert({ [URI]: input });
  assert.deepEqual(selectCompatibleFixes([fix!]), [fix]);
  // The node class's metadata lines are the same before and after: no edit covers them.
  const untouched = input.indexOf('metadata:\n  name: default\nspec:\n  subnetSelector');
  assert.ok(untouched > 0);
  for (const e of fix!.edits) assert.ok(e.range.end <= untouched || e.range.start >= untouched + 'metadata:\n  name: default\n'.length);
});

test('lint --fix (fixAllSafe) converts a Provisioner and its AWSNodeTemplate once, to the golden output', () => {
  const { ws, ctx } = setup({ [URI]: fixture('karpenter-v1alpha5-block.input.yaml') });
  const result = fixAllSafe(ws, [URI], ctx.settings, { rules: [karpenterDeprecatedApi] });
  assert.equal(ws.get(URI)!.text, fixture('karpenter-v1alpha5-block.expected.yaml'));
  assert.deepEqual(
    result.applied.map((a) => titleOf(a)),
    ['Convert to karpenter.sh/v1 NodePool (with its node class)'],
  );
});

test('kubeletConfiguration holding only containerRuntime moves nothing (containerd is the only runtime since v1beta1)', () => {
  const text = 'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: a\nspec:\n  providerRef:\n    name: a\n  kubeletConfiguration:\n    containerRuntime: containerd\n';
  const { fix, out } = convert({ [URI]: text });
  assert.equal(fix?.safety, 'safe');
  assert.ok(!out[URI].includes('kubelet'), out[URI]);
});

test('CRLF files convert to the same goldens with CRLF line breaks', () => {
  for (const name of ['karpenter-v1alpha5-block', 'karpenter-v1beta1']) {
    const text = fixture(`${name}.input.yaml`).replace(/\n/g, '\r\n');
    const { out } = convert({ [URI]: text });
    assert.equal(out[URI], fixture(`${name}.expected.yaml`).replace(/\n/g, '\r\n'), name);
  }
});

test('Helm charts: directives outside the rewritten spec are fine, directives inside it mean no fix', () => {
  const outside =
    'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  providerRef:\n    name: {{ .Values.nodeTemplate }}\n  ttlSecondsAfterEmpty: 30\n';
  const { fix, out } = convert({ [URI]: outside });
  assert.ok(fix);
  assert.match(out[URI], /name: \{\{ \.Release\.Name \}\}/);
  assert.match(out[URI], /nodeClassRef:\n {8}group: karpenter.k8s.aws\n {8}kind: EC2NodeClass\n {8}name: \{\{ \.Values\.nodeTemplate \}\}\n/);
  const inside =
    'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: default\nspec:\n  {{- if .Values.ttl }}\n  ttlSecondsAfterEmpty: {{ .Values.ttl }}\n  {{- end }}\n  providerRef:\n    name: default\n';
  assert.equal(convert({ [URI]: inside }).fix, undefined);
});

test('a conversion the server would still refuse is offered as not safe, naming the CRD rule message, and lint --fix leaves it', () => {
  // A v1beta1 budget with a schedule but no duration: v1's CEL rule refuses it, and nothing in the conversion can supply one.
  const input = fixture('karpenter-v1beta1.input.yaml').replace('    budgets:\n    - nodes: 10%', '    budgets:\n    - nodes: 10%\n      schedule: "0 9 * * mon-fri"');
  const { fix } = convert({ [URI]: input });
  assert.ok(fix);
  assert.equal(fix.safety, 'review');
  assert.match(titleOf(fix), /\(the API server would refuse it: NodePool general: spec\.disruption\.budgets: Invalid value: "array": 'schedule' must be set with 'duration'\)$/);
  assert.deepEqual(fix.notes, [`the API server would refuse: NodePool general: spec.disruption.budgets: Invalid value: "array": 'schedule' must be set with 'duration'`]);
  const { ws, ctx } = setup({ [URI]: input });
  // Only the EC2NodeClass's own conversion (accepted) is applied; the NodePool stays for a person.
  const result = fixAllSafe(ws, [URI], ctx.settings, { rules: [karpenterDeprecatedApi] });
  assert.deepEqual(
    result.applied.map((a) => titleOf(a)),
    ['Convert to karpenter.k8s.aws/v1 EC2NodeClass'],
  );
  assert.match(result.texts.get(URI)!, /^apiVersion: karpenter\.sh\/v1beta1\nkind: NodePool/);
});

test('lint --fix prints what a conversion left for a person under the fix it applied', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-convert-notes-'));
  try {
    const file = join(dir, 'provisioner.yaml');
    writeFileSync(file, fixture('karpenter-v1alpha5-block.input.yaml').replace('  weight: 10\n', '  weight: 10\n  ttlSecondsAfterEmtpy: 30\n'));
    const r = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), 'lint', '--fix', '--karpenter-version', '1.15', file], { encoding: 'utf8', timeout: 20_000 });
    assert.match(
      r.stdout,
      /fixed \S*provisioner\.yaml: Convert to karpenter\.sh\/v1 NodePool \(with its node class\) \(karpenter-deprecated-api\)\n {2}left for a person: Provisioner default: spec\.ttlSecondsAfterEmtpy is not a field of karpenter\.sh\/v1 NodePool; left as a comment for you to move or delete\n/,
    );
    assert.match(readFileSync(file, 'utf8'), /# ttlSecondsAfterEmtpy: not a field of karpenter\.sh\/v1 NodePool \(the API server refuses unknown fields\):\n {2}# {3}ttlSecondsAfterEmtpy: 30\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
