// autoscaler-conflict: two autoscalers (HPAs, KEDA ScaledObjects) on one workload, KEDA's own HPA excepted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoscalerConflict } from '../../../src/core/lint/rules/autoscaler-conflict';
import { analyze } from '../../helpers';
import { lensesFor } from '../../../src/core/language/lenses';
import { analyzeFile } from '../../../src/core/lint/analyzer';
import { withDefaults } from '../../../src/core/lint/settings';
import { Workspace } from '../../../src/core/manifest/workspace';

const hpa = (spec: string, apiVersion = 'autoscaling/v2', name = 'web') =>
  `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${spec}`;

const SO = (name = 'web', extra = '') =>
  `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: ${name}\n  namespace: shop\n${extra}spec:\n  scaleTargetRef: {name: web}\n  triggers:\n  - type: cpu\n    metricType: Utilization\n    metadata: {value: "60"}\n`;

test('two HPAs on one workload: reported on each, naming the other and its file', () => {
  const a = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'web-cpu');
  const b = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'web-mem');
  const fa = analyze({ 'file:///app/a.yaml': a, 'file:///app/b.yaml': b }, { rules: [autoscalerConflict] });
  assert.equal(fa.length, 1);
  assert.match(fa[0].message, /^Deployment shop\/web is also scaled by HorizontalPodAutoscaler shop\/web-mem \(b\.yaml\)/);
  assert.match(fa[0].message, /AmbiguousSelector/);
  const fb = analyze({ 'file:///app/b.yaml': b, 'file:///app/a.yaml': a }, { rules: [autoscalerConflict] });
  assert.match(fb[0].message, /web-cpu \(a\.yaml\)/);
});

test('an HPA and a ScaledObject on one workload conflict', () => {
  const f = analyze({ 'file:///app/so.yaml': SO(), 'file:///app/hpa.yaml': hpa('  maxReplicas: 3\n') }, { rules: [autoscalerConflict] });
  assert.equal(f.length, 1);
  assert.match(f[0].message, /HorizontalPodAutoscaler shop\/web \(hpa\.yaml\).*admission webhook rejects/);
});

test("KEDA's own HPA (ownerReference, or adopted via transfer annotation) is not a conflict; an unowned keda-hpa-* gets a hint", () => {
  const owned = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'keda-hpa-web').replace(
    '  namespace: shop\n',
    '  namespace: shop\n  ownerReferences:\n  - {apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: web, uid: x}\n',
  );
  assert.deepEqual(analyze({ 'file:///app/hpa.yaml': owned, 'file:///app/so.yaml': SO() }, { rules: [autoscalerConflict] }), []);
  const adopted = SO('web', '  annotations:\n    scaledobject.keda.sh/transfer-hpa-ownership: "true"\n').replace('spec:\n', 'spec:\n  advanced:\n    horizontalPodAutoscalerConfig: {name: legacy}\n');
  const legacy = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'legacy');
  assert.deepEqual(analyze({ 'file:///app/so.yaml': adopted, 'file:///app/hpa.yaml': legacy }, { rules: [autoscalerConflict] }), []);
  const exported = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'keda-hpa-web');
  const f = analyze({ 'file:///app/hpa.yaml': exported, 'file:///app/so.yaml': SO() }, { rules: [autoscalerConflict] });
  assert.equal(f.length, 1);
  assert.match(f[0].message, /looks like the HPA KEDA creates for ScaledObject web/);
});

test('the same HPA in two files (kustomize base and overlay) is not a conflict; other namespaces neither', () => {
  const a = hpa('  maxReplicas: 3\n');
  assert.deepEqual(analyze({ 'file:///base/hpa.yaml': a, 'file:///overlay/hpa.yaml': a }, { rules: [autoscalerConflict] }), []);
  const other = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'web2').replace('namespace: shop', 'namespace: prod');
  assert.deepEqual(analyze({ 'file:///a.yaml': a, 'file:///b.yaml': other }, { rules: [autoscalerConflict] }), []);
});

test('what the target versions do: flapping before Kubernetes 1.26 and KEDA 2.10 (article 004: 1.23 + KEDA 2.9), then the webhook and AmbiguousSelector', () => {
  const files = { 'file:///app/so.yaml': SO(), 'file:///app/hpa.yaml': hpa('  maxReplicas: 3\n') };
  const at = (kubernetesVersion: string, kedaVersion: string) => analyze(files, { settings: { kubernetesVersion, kedaVersion }, rules: [autoscalerConflict] })[0].message;
  const old = at('1.23', '2.9');
  assert.match(old, /KEDA 2\.9 has no admission webhook \(added in 2\.10\), so it accepts the ScaledObject/);
  assert.match(old, /Kubernetes 1\.23 predates AmbiguousSelector \(1\.26\): both HPAs act .* flaps/);
  const mixed = at('1.25', '2.10');
  assert.match(mixed, /admission webhook rejects the ScaledObject \(KEDA 2\.10\+, target 2\.10/);
  assert.match(mixed, /where it is bypassed, Kubernetes 1\.25 predates AmbiguousSelector/);
  assert.match(at('1.26', '2.9'), /accepts the ScaledObject .*; the HPA controller of Kubernetes 1\.26 stops every HPA on these pods \(ScalingActive False, AmbiguousSelector/);
  const twoHpas = { 'file:///app/a.yaml': hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'a'), 'file:///app/b.yaml': hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'b') };
  const [f] = analyze(twoHpas, { settings: { kubernetesVersion: '1.22' }, rules: [autoscalerConflict] });
  assert.doesNotMatch(f.message, /KEDA/);
  assert.match(f.message, /Kubernetes 1\.22 predates AmbiguousSelector/);
});

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n      - {name: app, image: nginx}\n';

/** What the user sees of one workspace: the Deployment's conflict lens, and the rule's findings on every autoscaler file. */
function lensAndFindings(files: Record<string, string>) {
  const ws = new Workspace();
  for (const [uri, text] of Object.entries({ 'file:///app/deploy.yaml': DEPLOYMENT, ...files })) ws.set(uri, text);
  const settings = withDefaults({});
  const warning = lensesFor({ workspace: ws, uri: 'file:///app/deploy.yaml', settings, findings: [] }).find((l) => l.title.startsWith('⚠'))?.title;
  const findings = Object.keys(files).flatMap((uri) => analyzeFile(ws, uri, settings, [autoscalerConflict]));
  return { warning, findings };
}

test('an HPA without metadata.namespace: the lens and the rule agree on whether it competes (issue 14)', () => {
  const implicit = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'web-mem').replace('  namespace: shop\n', '');
  // Applied with `kubectl -n shop` beside the Deployment, it fights web-cpu: both say so, naming the namespace it lands in.
  const both = lensAndFindings({ 'file:///app/a.yaml': hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'web-cpu'), 'file:///app/b.yaml': implicit });
  assert.equal(both.warning, '⚠ 2 autoscalers target this Deployment: they will fight over its replicas');
  assert.equal(both.findings.length, 2, both.findings.map((f) => f.message).join(' | '));
  assert.match(both.findings[0].message, /^Deployment shop\/web is also scaled by HorizontalPodAutoscaler shop\/web-mem \(b\.yaml\)/);
  assert.match(both.findings[1].message, /^Deployment shop\/web is also scaled by HorizontalPodAutoscaler shop\/web-cpu \(a\.yaml\)/);
  // Alone, it is no conflict for either.
  assert.deepEqual(lensAndFindings({ 'file:///app/b.yaml': implicit }), { warning: undefined, findings: [] });
});

test("KEDA's own HPA beside its ScaledObject: no conflict in the lens either", () => {
  const owned = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'keda-hpa-web').replace(
    '  namespace: shop\n',
    '  namespace: shop\n  ownerReferences:\n  - {apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: web, uid: x}\n',
  );
  assert.deepEqual(lensAndFindings({ 'file:///app/hpa.yaml': owned, 'file:///app/so.yaml': SO() }), { warning: undefined, findings: [] });
});
