// replicas-set-with-hpa: spec.replicas on a workload an autoscaler manages (every apply resets the scale).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replicasSetWithHpa } from '../../../src/core/lint/rules/replicas-set-with-hpa';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';
import { titleOf } from '../../helpers';

const hpa = (spec: string, apiVersion = 'autoscaling/v2', name = 'web') =>
  `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${spec}`;

const SO = (name = 'web', extra = '') =>
  `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: ${name}\n  namespace: shop\n${extra}spec:\n  scaleTargetRef: {name: web}\n  triggers:\n  - type: cpu\n    metricType: Utilization\n    metadata: {value: "60"}\n`;

const WEB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  # pinned for the launch\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n';

test('spec.replicas with an autoscaler: info and an unsafe fix removing the line', () => {
  const f = analyze({ 'file:///app/web.yaml': WEB, 'file:///app/hpa.yaml': hpa('  maxReplicas: 3\n') }, { rules: [replicasSetWithHpa] });
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info');
  assert.equal(covered(WEB, f[0]), 'replicas');
  assert.match(f[0].message, /managed by HorizontalPodAutoscaler shop\/web/);
  assert.equal(f[0].fixes[0].safety, 'review');
  assert.equal(applyTextEdits(WEB, f[0].fixes[0].edits), WEB.replace('  replicas: 3\n', ''));
  const viaKeda = analyze({ 'file:///app/web.yaml': WEB, 'file:///app/so.yaml': SO() }, { rules: [replicasSetWithHpa] });
  assert.match(viaKeda[0].message, /ScaledObject shop\/web/);
});

test('no autoscaler, or a Helm guard around replicas: silent', () => {
  assert.deepEqual(analyze({ 'file:///app/web.yaml': WEB }, { rules: [replicasSetWithHpa] }), []);
  const guarded = WEB.replace('  replicas: 3\n', '  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n');
  assert.deepEqual(analyze({ 'file:///app/web.yaml': guarded, 'file:///app/hpa.yaml': hpa('  maxReplicas: 3\n') }, { rules: [replicasSetWithHpa] }), []);
});

// A chart as `helm create` scaffolds it, with the replicas guard dropped from the Deployment template.
const CHART_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "shop.fullname" . }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "shop.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      labels:
        {{- include "shop.selectorLabels" . | nindent 8 }}
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
`;

const CHART_HPA = `{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "shop.fullname" . }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "shop.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
{{- end }}
`;

const chart = (deployment: string, hpaTemplate = CHART_HPA, extra: Record<string, string> = {}) => ({
  'file:///repo/charts/shop/templates/deployment.yaml': deployment,
  'file:///repo/charts/shop/templates/hpa.yaml': hpaTemplate,
  ...extra,
});

test('Helm chart: a Deployment template always rendering replicas beside the chart HPA template, matched by the same name expression', () => {
  const f = analyze(chart(CHART_DEPLOYMENT), { rules: [replicasSetWithHpa] });
  assert.equal(f.length, 1);
  assert.equal(covered(CHART_DEPLOYMENT, f[0]), 'replicas');
  assert.match(
    f[0].message,
    /always rendered, but the chart's HorizontalPodAutoscaler \(templates\/hpa.yaml\) scales this Deployment: every helm upgrade resets the replica count to \{\{ .Values.replicaCount \}\}/,
  );
  assert.equal(f[0].fixes[0].safety, 'review');
  assert.equal(
    applyTextEdits(CHART_DEPLOYMENT, f[0].fixes[0].edits),
    CHART_DEPLOYMENT.replace('  replicas: {{ .Values.replicaCount }}\n', '  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n'),
  );
});

test('Helm chart: the fixed template, a guard of another condition, and a chart without an autoscaler template: silent', () => {
  const guarded = CHART_DEPLOYMENT.replace('  replicas: {{ .Values.replicaCount }}\n', '  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n');
  assert.deepEqual(analyze(chart(guarded), { rules: [replicasSetWithHpa] }), []);
  const keda = CHART_DEPLOYMENT.replace('  replicas: {{ .Values.replicaCount }}\n', '  {{- if not .Values.keda.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n');
  assert.deepEqual(analyze(chart(keda), { rules: [replicasSetWithHpa] }), []);
  assert.deepEqual(analyze({ 'file:///repo/charts/shop/templates/deployment.yaml': CHART_DEPLOYMENT }, { rules: [replicasSetWithHpa] }), []);
  // Another chart's HPA does not count.
  assert.deepEqual(analyze({ 'file:///repo/charts/shop/templates/deployment.yaml': CHART_DEPLOYMENT, 'file:///repo/charts/cart/templates/hpa.yaml': CHART_HPA }, { rules: [replicasSetWithHpa] }), []);
});

test("Helm chart: a ScaledObject naming the workload differently matches the chart's only Deployment; an unguarded one is fixed by removing replicas", () => {
  const so = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ .Release.Name }}-worker
spec:
  scaleTargetRef:
    name: {{ template "shop.fullname" . }}
  triggers:
    - type: rabbitmq
      metadata: {queueName: orders, mode: QueueLength, value: "50"}
`;
  const f = analyze(chart(CHART_DEPLOYMENT, so), { rules: [replicasSetWithHpa] });
  assert.equal(f.length, 1);
  assert.match(f[0].message, /the chart's ScaledObject \(templates\/hpa.yaml\) scales this Deployment/);
  assert.equal(titleOf(f[0].fixes[0]), 'Remove spec.replicas (the autoscaler template always renders)');
  assert.equal(applyTextEdits(CHART_DEPLOYMENT, f[0].fixes[0].edits), CHART_DEPLOYMENT.replace('  replicas: {{ .Values.replicaCount }}\n', ''));
  // With two Deployments and no matching name expression, nothing says which one it scales.
  const second = CHART_DEPLOYMENT.replace('{{ include "shop.fullname" . }}', '{{ include "shop.fullname" . }}-api');
  assert.deepEqual(analyze(chart(CHART_DEPLOYMENT, so, { 'file:///repo/charts/shop/templates/api.yaml': second }), { rules: [replicasSetWithHpa] }), []);
});
