// hpa-deprecated-api: autoscaling/v2beta1 and v2beta2 by target Kubernetes version, and the conversions it offers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conversionsFor } from '../../../src/core/convert';
import { hpaDeprecatedApi } from '../../../src/core/lint/rules/hpa-deprecated-api';
import { rulesOf } from '../../../src/core/lint/rules';
import { withDefaults } from '../../../src/core/lint/settings';
import { Workspace } from '../../../src/core/manifest/workspace';
import { analyze, covered, titleOf } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const migrationRules = rulesOf('migration');

const hpa = (apiVersion: string, spec = '  maxReplicas: 4\n') =>
  `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${spec}`;
const V2BETA1 = hpa('autoscaling/v2beta1', '  maxReplicas: 4\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      targetAverageUtilization: 70\n');

test('hpa-deprecated-api: v2beta1 by target Kubernetes version', () => {
  const at = (kubernetesVersion: string) => analyze(V2BETA1, { settings: { kubernetesVersion }, rules: [hpaDeprecatedApi] });
  assert.deepEqual(at('1.21'), []);
  const [w122] = at('1.22');
  assert.equal(w122.severity, 'warning');
  assert.equal(covered(V2BETA1, w122), 'autoscaling/v2beta1');
  assert.deepEqual(
    w122.fixes.map((f) => titleOf(f)),
    ['Convert to autoscaling/v2beta2'],
  );
  assert.match(w122.message, /unavailable in v1\.25\+/);
  assert.deepEqual(w122.tags, ['deprecated']);
  const [w124] = at('1.24');
  assert.equal(w124.severity, 'warning');
  assert.deepEqual(
    w124.fixes.map((f) => [titleOf(f), f.safety, f.preferred]),
    [['Convert to autoscaling/v2', 'safe', true]],
  );
  for (const v of ['1.25', '1.30']) {
    const [e] = at(v);
    assert.equal(e.severity, 'error', v);
    assert.match(e.message, /no longer served from Kubernetes 1\.25/);
  }
});

test('hpa-deprecated-api: v2beta2 by target Kubernetes version', () => {
  const text = hpa('autoscaling/v2beta2');
  const at = (kubernetesVersion: string) => analyze(text, { settings: { kubernetesVersion }, rules: [hpaDeprecatedApi] });
  assert.deepEqual(at('1.22'), []);
  assert.equal(at('1.25')[0].severity, 'warning');
  assert.equal(at('1.26')[0].severity, 'error');
  assert.equal(at('1.30')[0].severity, 'error');
  assert.equal(applyTextEdits(text, at('1.30')[0].fixes[0].edits), hpa('autoscaling/v2'));
});

test('never offers autoscaling/v2 below Kubernetes 1.23', () => {
  for (let minor = 12; minor <= 22; minor++) {
    const settings = withDefaults({ kubernetesVersion: `1.${minor}` });
    for (const text of [V2BETA1, hpa('autoscaling/v2beta2'), hpa('autoscaling/v1', '  maxReplicas: 4\n  targetCPUUtilizationPercentage: 50\n')]) {
      const ws = new Workspace();
      const doc = ws.set('file:///h.yaml', text).docs[0];
      const titles = conversionsFor(doc, { workspace: ws, settings }).map((f) => titleOf(f));
      assert.ok(!titles.includes('Convert to autoscaling/v2'), `1.${minor}: ${titles}`);
      for (const f of analyze(text, { settings, rules: [hpaDeprecatedApi] }))
        assert.ok(f.fixes.every((x) => !x.edits.some((e) => e.newText.includes('autoscaling/v2\n') || e.newText === 'autoscaling/v2')));
    }
  }
});

test('autoscaling/v1: no diagnostic, but a conversion offered on 1.23+', () => {
  const text = hpa('autoscaling/v1', '  maxReplicas: 4\n  targetCPUUtilizationPercentage: 50\n');
  assert.deepEqual(analyze(text, { settings: { kubernetesVersion: '1.30' }, rules: migrationRules }), []);
  const ws = new Workspace();
  const doc = ws.set('file:///h.yaml', text).docs[0];
  const [fix] = conversionsFor(doc, { workspace: ws, settings: withDefaults({ kubernetesVersion: '1.30' }) });
  assert.equal(titleOf(fix), 'Convert to autoscaling/v2');
  assert.equal(
    applyTextEdits(text, fix.edits),
    hpa('autoscaling/v2', '  maxReplicas: 4\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target: {type: Utilization, averageUtilization: 50}\n'),
  );
});

test('hpa-deprecated-api: the fixed document is clean (idempotence)', () => {
  const [f] = analyze(V2BETA1, { settings: { kubernetesVersion: '1.30' }, rules: [hpaDeprecatedApi] });
  const fixed = applyTextEdits(V2BETA1, f.fixes[0].edits);
  assert.deepEqual(analyze(fixed, { settings: { kubernetesVersion: '1.30' }, rules: migrationRules }), []);
});

test('a kind: List (kubectl get -o yaml) is linted item by item, and the conversion edits inside the List', () => {
  const item =
    V2BETA1.trimEnd()
      .replace(/^/gm, '  ')
      .replace(/^ {2}apiVersion/, '- apiVersion') + '\n';
  const list = `apiVersion: v1\nitems:\n${item}kind: List\nmetadata:\n  resourceVersion: ""\n`;
  const findings = analyze(list, { settings: { kubernetesVersion: '1.30' }, rules: migrationRules });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].rule, 'hpa-deprecated-api');
  assert.equal(covered(list, findings[0]), 'autoscaling/v2beta1');
  const fixed = applyTextEdits(list, findings[0].fixes[0].edits);
  const ws = new Workspace();
  ws.set('file:///list.yaml', fixed);
  const file = ws.get('file:///list.yaml')!;
  assert.deepEqual(file.parseErrors, []);
  const converted = file.docs.find((d) => d.kind === 'HorizontalPodAutoscaler')!;
  assert.equal(converted.apiVersion, 'autoscaling/v2');
  assert.equal(converted.root?.getIn(['spec', 'metrics', 0, 'resource', 'target', 'averageUtilization']), 70);
  assert.equal(file.docs[0].kind, 'List');
  assert.deepEqual(analyze(fixed, { settings: { kubernetesVersion: '1.30' }, rules: migrationRules }), []);
});
