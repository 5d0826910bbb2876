import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { autoscalerConflict } from '../../../src/core/lint/rules/autoscaler-conflict';
import { hpaInvalidReplicas } from '../../../src/core/lint/rules/hpa-invalid-replicas';
import { hpaTargetNotFound } from '../../../src/core/lint/rules/hpa-target-not-found';
import { replicasSetWithHpa } from '../../../src/core/lint/rules/replicas-set-with-hpa';
import { workloadRules } from '../../../src/core/lint/rules/set-workload';
import { analyze, covered, ofRule } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const hpa = (spec: string, apiVersion = 'autoscaling/v2', name = 'web') =>
  `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${spec}`;

const replicaFindings = (spec: string, apiVersion?: string) => analyze(hpa(spec, apiVersion), { rules: [hpaInvalidReplicas] });

// hpa-invalid-replicas

test('valid replica bounds: no finding', () => {
  assert.deepEqual(replicaFindings('  minReplicas: 2\n  maxReplicas: 10\n'), []);
  assert.deepEqual(replicaFindings('  maxReplicas: 1\n'), []);
});

test('maxReplicas missing, zero, or below minReplicas', () => {
  const missing = replicaFindings('  minReplicas: 2\n');
  assert.equal(missing.length, 1);
  assert.match(missing[0].message, /maxReplicas is required/);
  assert.match(replicaFindings('  maxReplicas: 0\n')[0].message, /maxReplicas must be greater than 0/);
  const text = hpa('  minReplicas: 5\n  maxReplicas: 3\n');
  const below = analyze(text, { rules: [hpaInvalidReplicas] });
  assert.equal(below.length, 1);
  assert.equal(covered(text, below[0]), '3');
  assert.match(below[0].message, /maxReplicas \(3\) must be greater than or equal to minReplicas \(5\)/);
});

test('replica counts must be plain integers', () => {
  assert.match(replicaFindings('  maxReplicas: "10"\n')[0].message, /must be an integer, not the string "10"/);
  assert.match(replicaFindings('  maxReplicas: 2.5\n')[0].message, /whole number/);
  assert.match(replicaFindings('  minReplicas: -1\n  maxReplicas: 3\n')[0].message, /must not be negative/);
});

test('minReplicas 0: error without Object/External metric (and always in v1), warning about the feature gate with one', () => {
  const cpu = '  metrics:\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}\n';
  const noExt = replicaFindings('  minReplicas: 0\n  maxReplicas: 3\n' + cpu);
  assert.equal(noExt.length, 1);
  assert.equal(noExt[0].severity, 'error');
  assert.match(noExt[0].message, /needs at least one Object or External metric/);
  const ext = '  metrics:\n  - type: External\n    external:\n      metric: {name: queue}\n      target: {type: AverageValue, averageValue: "30"}\n';
  const withExt = replicaFindings('  minReplicas: 0\n  maxReplicas: 3\n' + ext);
  assert.equal(withExt.length, 1);
  assert.equal(withExt[0].severity, 'warning');
  assert.match(withExt[0].message, /HPAScaleToZero/);
  const beta1Object = '  metrics:\n  - type: Object\n    object:\n      target: {kind: Service, name: web}\n      metricName: rps\n      targetValue: 10\n';
  assert.equal(replicaFindings('  minReplicas: 0\n  maxReplicas: 3\n' + beta1Object, 'autoscaling/v2beta1')[0].severity, 'warning');
  const v1 = replicaFindings('  minReplicas: 0\n  maxReplicas: 3\n', 'autoscaling/v1');
  assert.equal(v1[0].severity, 'error');
  assert.match(v1[0].message, /autoscaling\/v1/);
});

test('templated replica counts are skipped', () => {
  assert.deepEqual(replicaFindings('  minReplicas: {{ .Values.min }}\n  maxReplicas: {{ .Values.max }}\n'), []);
});

// hpa-target-not-found

const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n';

test('target missing while the app is in the workspace: info, with hints', () => {
  const text = hpa('  maxReplicas: 3\n');
  const f = analyze({ 'file:///app/hpa.yaml': text, 'file:///app/api.yaml': DEPLOY }, { rules: [hpaTargetNotFound] });
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info');
  assert.equal(covered(text, f[0]), 'web');
  assert.match(f[0].message, /^Deployment "web" not found in the workspace \(namespace shop\)$/);
  const sts = DEPLOY.replace('kind: Deployment', 'kind: StatefulSet').replace('name: api\n  namespace', 'name: web\n  namespace');
  const kindHint = analyze({ 'file:///app/hpa.yaml': text, 'file:///app/web.yaml': sts }, { rules: [hpaTargetNotFound] });
  assert.match(kindHint[0].message, /a StatefulSet named "web" exists: check scaleTargetRef.kind/);
  const otherNs = DEPLOY.replace('name: api\n  namespace: shop', 'name: web\n  namespace: prod');
  const nsHint = analyze({ 'file:///app/hpa.yaml': text, 'file:///app/web.yaml': otherNs }, { rules: [hpaTargetNotFound] });
  assert.match(nsHint[0].message, /found in namespace "prod"/);
});

test('target present, or no app in the workspace: silent', () => {
  const text = hpa('  maxReplicas: 3\n');
  const web = DEPLOY.replace(/name: api/g, 'name: web');
  assert.deepEqual(analyze({ 'file:///app/hpa.yaml': text, 'file:///app/web.yaml': web }, { rules: [hpaTargetNotFound] }), []);
  assert.deepEqual(analyze({ 'file:///autoscaling/hpa.yaml': text }, { rules: [hpaTargetNotFound] }), []);
  const so = 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: worker, namespace: shop}\nspec:\n  scaleTargetRef: {name: worker}\n  triggers: []\n';
  const f = analyze({ 'file:///app/so.yaml': so, 'file:///app/api.yaml': DEPLOY }, { rules: [hpaTargetNotFound] });
  assert.match(f[0].message, /^Deployment "worker" not found/);
});

// autoscaler-conflict

const SO = (name = 'web', extra = '') => `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: ${name}\n  namespace: shop\n${extra}spec:\n  scaleTargetRef: {name: web}\n  triggers:\n  - type: cpu\n    metricType: Utilization\n    metadata: {value: "60"}\n`;

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

test('KEDA\'s own HPA (ownerReference, or adopted via transfer annotation) is not a conflict; an unowned keda-hpa-* gets a hint', () => {
  const owned = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'keda-hpa-web').replace(
    '  namespace: shop\n',
    '  namespace: shop\n  ownerReferences:\n  - {apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: web, uid: x}\n',
  );
  assert.deepEqual(analyze({ 'file:///app/hpa.yaml': owned, 'file:///app/so.yaml': SO() }, { rules: [autoscalerConflict] }), []);
  const adopted = SO('web', '  annotations:\n    scaledobject.keda.sh/transfer-hpa-ownership: "true"\n').replace(
    'spec:\n',
    'spec:\n  advanced:\n    horizontalPodAutoscalerConfig: {name: legacy}\n',
  );
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

// replicas-set-with-hpa

const WEB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  # pinned for the launch\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n';

test('spec.replicas with an autoscaler: info and an unsafe fix removing the line', () => {
  const f = analyze({ 'file:///app/web.yaml': WEB, 'file:///app/hpa.yaml': hpa('  maxReplicas: 3\n') }, { rules: [replicasSetWithHpa] });
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info');
  assert.equal(covered(WEB, f[0]), 'replicas');
  assert.match(f[0].message, /managed by HorizontalPodAutoscaler shop\/web/);
  assert.equal(f[0].fixes[0].safe, false);
  assert.equal(applyTextEdits(WEB, f[0].fixes[0].edits), WEB.replace('  replicas: 3\n', ''));
  const viaKeda = analyze({ 'file:///app/web.yaml': WEB, 'file:///app/so.yaml': SO() }, { rules: [replicasSetWithHpa] });
  assert.match(viaKeda[0].message, /ScaledObject shop\/web/);
});

test('no autoscaler, or a Helm guard around replicas: silent', () => {
  assert.deepEqual(analyze({ 'file:///app/web.yaml': WEB }, { rules: [replicasSetWithHpa] }), []);
  const guarded = WEB.replace('  replicas: 3\n', '  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n');
  assert.deepEqual(analyze({ 'file:///app/web.yaml': guarded, 'file:///app/hpa.yaml': hpa('  maxReplicas: 3\n') }, { rules: [replicasSetWithHpa] }), []);
});

// A realistic case: the podinfo chapter of the EKS scaling book applies an HPA and a KEDA ScaledObject to one Deployment.

test('podinfo fixture: HPA and ScaledObject conflict, replicas is flagged, Pods metrics need no requests', () => {
  const dir = join(__dirname, '../../fixtures/workload/podinfo');
  const files = Object.fromEntries(['deployment.yaml', 'hpa.yaml', 'scaledobject.yaml'].map((n) => [`file:///podinfo/${n}`, readFileSync(join(dir, n), 'utf8')]));
  const onHpa = analyze(files, { target: 'file:///podinfo/hpa.yaml', rules: workloadRules });
  assert.deepEqual(onHpa.map((f) => f.rule), ['autoscaler-conflict']);
  const onSo = analyze(files, { target: 'file:///podinfo/scaledobject.yaml', rules: workloadRules });
  assert.deepEqual(onSo.map((f) => f.rule), ['autoscaler-conflict']);
  const onDeploy = analyze(files, { target: 'file:///podinfo/deployment.yaml', rules: workloadRules });
  assert.deepEqual(ofRule(onDeploy, 'replicas-set-with-hpa').length, 1);
  assert.deepEqual(ofRule(onDeploy, 'hpa-missing-request'), []);
});

test('Helm chart (helm create layout): templated names and guarded replicas give no finding', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n      - name: {{ .Chart.Name }}\n        resources:\n          {{- toYaml .Values.resources | nindent 12 }}\n';
  const hpaTpl = '{{- if .Values.autoscaling.enabled }}\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {{ include "app.fullname" . }}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: {{ include "app.fullname" . }}\n  minReplicas: {{ .Values.autoscaling.minReplicas }}\n  maxReplicas: {{ .Values.autoscaling.maxReplicas }}\n  metrics:\n    {{- if .Values.autoscaling.targetCPUUtilizationPercentage }}\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}\n    {{- end }}\n{{- end }}\n';
  const files = { 'file:///chart/templates/deployment.yaml': deployment, 'file:///chart/templates/hpa.yaml': hpaTpl };
  for (const target of Object.keys(files)) assert.deepEqual(analyze(files, { target, rules: workloadRules }), [], target);
});
