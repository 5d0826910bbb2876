// The conversion corpus on a real API server: every `.converted.yaml` in test/fixtures/conversions/ (what
// `lint --fix` writes for old Provisioners, AWSNodeTemplates, v1beta1 NodePools, old HPAs and ScaledObjects,
// checked against its golden by test/unit/conversions-corpus.test.ts) is applied with
// `kubectl apply --dry-run=server --validate=strict` to the local cluster with the real Karpenter, KEDA and
// VPA CRDs installed (`--with crds`): all accepted. A restricted label the old conversion copied is refused with
// the message the offline check gives (they agree both ways), and a dump's resourceVersion, which a create
// accepts, makes the next apply fail once the object changed, which is why conversions drop it.
import { before, after, test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { up, kubectl } from '../../scripts/cluster/lib.mjs';
import { createRejections } from '../../src/core/schema/cel/crdSchemas.ts';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const DIR = join(import.meta.dirname, '../fixtures/conversions');
const converted = readdirSync(DIR).filter((f) => f.endsWith('.converted.yaml'));
/** Namespaces the corpus's namespaced objects live in (a dry-run create in a missing namespace is refused). */
const NAMESPACES = ['shop', 'jobs'];
let work;

describe("the conversion corpus on the local cluster's API server", { skip }, () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'ksd-conversions-'));
    await up({ scenario: 'healthy', name: NAME, profile: 'test', components: 'crds' });
    for (const ns of NAMESPACES) kubectl(['create', 'namespace', ns], { name: NAME, allowFail: true });
  });

  after(() => {
    for (const ns of NAMESPACES) kubectl(['delete', 'namespace', ns, '--wait=false'], { name: NAME, allowFail: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const dryRun = (file) => kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', file], { name: NAME, allowFail: true, timeoutMs: 60_000 });

  test('the corpus has converted outputs to apply', () => {
    assert.ok(converted.length >= 6, converted.join(', '));
  });

  for (const name of converted) {
    test(`${name}: the API server accepts every converted document (dry-run, strict field validation)`, () => {
      const r = dryRun(join(DIR, name));
      assert.equal(r.code, 0, r.stderr);
      const docs = readFileSync(join(DIR, name), 'utf8')
        .split(/^---$/m)
        .filter((d) => /^kind:/m.test(d));
      assert.equal(
        r.stdout
          .trim()
          .split('\n')
          .filter((l) => /\(server dry run\)$/.test(l)).length,
        docs.length,
        r.stdout,
      );
    });
  }

  test('a restricted label the old conversion copied is refused by the server with the message of the offline check', () => {
    const pool = readFileSync(join(DIR, 'provisioner-live-dump.converted.yaml'), 'utf8').split(/^---$/m)[0];
    const withLabel = pool.replace('        billing/team: checkout', '        billing/team: checkout\n        karpenter.sh/provisioner-name: default');
    assert.notEqual(withLabel, pool);
    const file = join(work, 'restricted-label.yaml');
    writeFileSync(file, withLabel);
    const r = dryRun(file);
    assert.notEqual(r.code, 0, r.stdout);
    const message = 'spec.template.metadata.labels: Invalid value: "object": label domain "karpenter.sh" is restricted';
    assert.ok(r.stderr.includes(message), r.stderr);
    assert.ok(createRejections(parse(withLabel)).includes(message));
  });

  test('a dump with resourceVersion applies once, then fails every later apply once the object changed; the conversion drops it', () => {
    const pool = readFileSync(join(DIR, 'provisioner-live-dump.converted.yaml'), 'utf8').split(/^---$/m)[0];
    const named = pool.replace('  name: default', '  name: conversions-dump-probe');
    const file = join(work, 'dump.yaml');
    const converted = join(work, 'converted.yaml');
    writeFileSync(converted, named);
    try {
      kubectl(['apply', '-f', converted], { name: NAME });
      const rv = kubectl(['get', 'nodepool', 'conversions-dump-probe', '-o', 'jsonpath={.metadata.resourceVersion}'], { name: NAME }).stdout.trim();
      writeFileSync(file, named.replace('  name: conversions-dump-probe', `  name: conversions-dump-probe\n  resourceVersion: "${rv}"`));
      kubectl(['label', 'nodepool', 'conversions-dump-probe', 'touched-by=test'], { name: NAME });
      const stale = dryRun(file);
      assert.notEqual(stale.code, 0, stale.stdout);
      assert.match(stale.stderr, /the object has been modified; please apply your changes to the latest version and try again/);
      const clean = dryRun(converted);
      assert.equal(clean.code, 0, clean.stderr);
    } finally {
      kubectl(['delete', 'nodepool', 'conversions-dump-probe', '--ignore-not-found'], { name: NAME, allowFail: true });
    }
  });

  // Manifests the offline check refuses, one per kind of check (CEL rule, enum, unknown field, type): the server refuses
  // each too, and prints the offline check's message. A pair that disagrees means the evaluator misreads a rule.
  const NODE_CLASS = `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: agreement-probe
spec:
  role: KarpenterNodeRole-prod
  amiSelectorTerms:
  - alias: al2023@latest
  subnetSelectorTerms:
  - tags: {karpenter.sh/discovery: prod}
  securityGroupSelectorTerms:
  - tags: {karpenter.sh/discovery: prod}
`;
  const SCALED_OBJECT = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: agreement-probe
  namespace: shop
spec:
  scaleTargetRef: {name: orders-api}
  minReplicaCount: 2
  maxReplicaCount: 15
  triggers:
  - type: cpu
    metricType: Utilization
    metadata: {value: "60"}
`;
  const poolText = () => readFileSync(join(DIR, 'provisioner-live-dump.converted.yaml'), 'utf8').split(/^---$/m)[0];
  const REFUSED = {
    'role and instanceProfile both': NODE_CLASS.replace('  role: KarpenterNodeRole-prod', '  role: KarpenterNodeRole-prod\n  instanceProfile: KarpenterNodeInstanceProfile'),
    'an al2023 alias with amiFamily AL2': NODE_CLASS.replace('  role:', '  amiFamily: AL2\n  role:'),
    'a budget schedule without duration': poolText().replace('  disruption:\n', '  disruption:\n    budgets:\n    - nodes: "1"\n      schedule: "@daily"\n'),
    'a Gt requirement that is not an integer': poolText().replace(
      '        - amd64\n',
      '        - amd64\n      - key: karpenter.k8s.aws/instance-generation\n        operator: Gt\n        values: ["six"]\n',
    ),
    'the v1beta1 policy name': poolText().replace('consolidationPolicy: WhenEmpty', 'consolidationPolicy: WhenUnderutilized'),
    'an unknown field': poolText().replace('  weight: 50', '  weight: 50\n  ttlSecondsAfterEmpty: 30'),
    'minReplicaCount above maxReplicaCount': SCALED_OBJECT.replace('minReplicaCount: 2', 'minReplicaCount: 20'),
  };

  for (const [what, text] of Object.entries(REFUSED)) {
    test(`offline check and server agree: ${what} is refused, with the same message`, () => {
      const offline = createRejections(parse(text));
      assert.equal(offline.length, 1, offline.join('\n'));
      const file = join(work, 'agreement.yaml');
      writeFileSync(file, text);
      const r = dryRun(file);
      assert.notEqual(r.code, 0, r.stdout);
      // The server quotes the unknown field as `.spec.x` and Invalid values with their path; the rule message is common to both.
      const message = offline[0].replace(/^unknown field "(.*)"$/, '$1').replace(/^.*: Invalid value: "(?:object|array)": /, '');
      assert.ok(r.stderr.includes(message), `${message}\n---\n${r.stderr}`);
    });
  }
});
