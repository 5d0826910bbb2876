// The indexes that keep big workspaces linear (issue 12) answer what a pass over every document answers: one
// app name in many namespaces, written with and without namespaces, and file-wide scans remembered per text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoscalersTargeting, resolveTarget } from '../../src/core/k8s/autoscaling';
import { isHpa, isScaledObject, isWorkload } from '../../src/core/manifest/kinds';
import { indentUnitOf } from '../../src/core/manifest/edit';
import { Workspace } from '../../src/core/manifest/workspace';
import { perText } from '../../src/core/text/perText';
import { analyze } from '../helpers';

const hpa = (name: string, target: string, ns?: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}${ns ? `\n  namespace: ${ns}` : ''}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
  maxReplicas: 5
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]
`;
const deployment = (name: string, ns?: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${ns ? `\n  namespace: ${ns}` : ''}
spec:
  template:
    spec:
      containers: [{name: app, image: x}]
`;

/** Apps named `web` everywhere: explicit and implicit namespaces on both sides, and autoscalers with no workload. */
function tangledWorkspace(): Workspace {
  const ws = new Workspace();
  for (let i = 0; i < 6; i++) {
    ws.set(`file:///a/${i}.yaml`, [hpa(`h${i}`, 'web', i % 2 ? `ns-${i}` : undefined), deployment('web', i % 3 ? undefined : `ns-${i}`)].join('---\n'));
    ws.set(`file:///b/${i}.yaml`, [hpa(`g${i}`, 'web', `ns-${i % 3}`), hpa(`lost${i}`, `gone-${i}`)].join('---\n'));
  }
  ws.set('file:///c/web.yaml', deployment('web', 'ns-1'));
  return ws;
}

test('the autoscalers of each workload are those whose target resolves to it, own namespace first, in workspace order', () => {
  const ws = tangledWorkspace();
  const docs = [...ws.allDocs()];
  const autoscalers = docs.filter((d) => isHpa(d) || isScaledObject(d));
  let pairs = 0;
  for (const w of docs.filter(isWorkload)) {
    const targeting = autoscalers.filter((d) => resolveTarget(ws, d)?.workloads.includes(w));
    const own = targeting.filter((d) => ws.findWorkloads(d.namespace, 'Deployment', 'web').length > 0);
    assert.deepEqual(
      autoscalersTargeting(ws, w).map((d) => `${d.file.uri}#${d.name}`),
      [...own, ...targeting.filter((d) => !own.includes(d))].map((d) => `${d.file.uri}#${d.name}`),
      `${w.file.uri}`,
    );
    pairs += targeting.length;
  }
  assert.ok(pairs > 6, `the workspace resolves across namespaces (${pairs} pairs)`);
});

test('an autoscaler conflict names each other object once, however often it is written', () => {
  const findings = analyze(
    {
      'file:///x.yaml': [deployment('web'), hpa('a', 'web'), hpa('b', 'web'), hpa('b', 'web'), hpa('c', 'web')].join('---\n'),
    },
    { settings: {} },
  ).filter((f) => f.rule === 'autoscaler-conflict');
  assert.match(findings[0].message, /also scaled by HorizontalPodAutoscaler default\/b \(this file\), HorizontalPodAutoscaler default\/c \(this file\):/);
});

test('a target not found: the hint names a workload of that name elsewhere, whichever file holds it', () => {
  const findings = analyze({ 'file:///app/hpa.yaml': hpa('h', 'api', 'shop'), 'file:///app/other.yaml': deployment('api', 'billing') }).filter((f) => f.rule === 'hpa-target-not-found');
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /found in namespace "billing"/);
});

test('file-wide scans run once per text and answer as a fresh scan does', () => {
  let scans = 0;
  const lines = perText((text: string) => {
    scans++;
    return text.split('\n').length;
  }, 2);
  assert.equal(lines('a\nb'), 2);
  assert.equal(lines('a\nb'), 2);
  assert.equal(scans, 1);
  lines('c');
  lines('d');
  assert.equal(lines('a\nb'), 2, 'evicted after two other texts, then scanned again');
  assert.equal(scans, 4);
  assert.equal(indentUnitOf('a:\n    b: 1\n'), 4);
  assert.equal(indentUnitOf('a:\n  b: 1\n'), 2);
});
