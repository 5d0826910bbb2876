// Hover on an HPA's `behavior`: what each field does, with examples from the document's own bounds and policies,
// and the defaults of what is left out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hoverAt } from '../../src/core/language/hover';
import { Workspace } from '../../src/core/manifest/workspace';

const HPA = (spec: string, apiVersion = 'autoscaling/v2') =>
  `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${spec}`;

/** The hover at the first `needle` (plus `delta` characters) of `text`; '' when there is none. */
function hoverIn(text: string) {
  const file = new Workspace().set('file:///h.yaml', text);
  return (needle: string, delta = 1) => {
    const at = text.indexOf(needle);
    assert.ok(at >= 0, needle);
    return hoverAt(file, [], at + delta, () => undefined)?.markdown ?? '';
  };
}

const TUNED = HPA(
  [
    '  minReplicas: 2',
    '  maxReplicas: 20',
    '  behavior:',
    '    scaleUp:',
    '      stabilizationWindowSeconds: 60',
    '      policies:',
    '      - type: Percent',
    '        value: 100',
    '        periodSeconds: 15',
    '      - type: Pods',
    '        value: 4',
    '        periodSeconds: 60',
    '    scaleDown:',
    '      selectPolicy: Min',
    '      policies:',
    '      - {type: Pods, value: 2, periodSeconds: 60}',
    '      - {type: Percent, value: 10, periodSeconds: 60}',
    '',
  ].join('\n'),
);

test('a policy: what it allows per period, from minReplicas (scale-up) or maxReplicas (scale-down)', () => {
  const at = hoverIn(TUNED);
  const percentUp = at('type: Percent', 7);
  assert.match(
    percentUp,
    /^Percent 100 per 15 s \(scale-up\): within any 15 s the count may grow by at most 100 % of the count at the start of that 15 s, rounded up\. From 2 replicas: up to 4, then 8 15 s later\./,
  );
  assert.match(percentUp, /One of 2 scale-up policies: selectPolicy Max applies the one allowing the largest change at each sync/);
  assert.match(percentUp, /`spec\.behavior\.scaleUp\.policies\.type`/, 'the schema description stays, after');
  const explanation = (hover: string) => hover.split('\n\n---')[0];
  assert.equal(explanation(at('value: 100')), explanation(percentUp), 'every field of the policy explains the policy');
  assert.match(at('value: 4', 8), /^Pods 4 per 1 min \(scale-up\): within any 1 min the count may grow by at most 4 pods\. From 2 replicas: up to 6, then 10 1 min later\./);
  assert.match(
    at('Percent, value: 10', 2),
    /^Percent 10 per 1 min \(scale-down\): .*shrink by at most 10 % .*rounded down\)\. From 20 replicas: down to 18, then 16 1 min later\..*selectPolicy Min applies the one allowing the smallest change/,
  );
});

test('a direction: its settings, the defaults marked, and the path a lasting demand takes between the bounds', () => {
  const at = hoverIn(TUNED);
  const up = at('scaleUp:');
  assert.match(up, /^\*\*Scale-up\*\*: window 1 min · Percent 100 per 15 s, Pods 4 per 1 min · selectPolicy Max \(default\)/);
  // 2 → 6 (Pods 4 beats doubling) → 12 (Percent, 15 s later) → 20 (capped), after the 60 s window.
  assert.match(up, /2 \(minReplicas\) → 6 → 12 → 20 \(maxReplicas\), about 1 min 30 s after they start\. The window holds the count for the first 1 min\./);
  const down = at('scaleDown:');
  assert.match(down, /^\*\*Scale-down\*\*: window 5 min \(default\) · Pods 2 per 1 min, Percent 10 per 1 min · selectPolicy Min/);
  assert.match(down, /20 \(maxReplicas\) → 18 → 16 → 14 → … → 3 → 2 \(minReplicas\), about 17 min after they start/);
  const behavior = at('behavior:');
  assert.ok(behavior.includes(up.split('\n\n---')[0]) && behavior.includes(down.split('\n\n---')[0]), behavior);
  assert.match(behavior, /Fields left out take the API server's defaults \(k8s\.io\/kubernetes v1\.33 `pkg\/apis\/autoscaling\/v2\/defaults\.go`\)/);
});

test('windows and selectPolicy, with the upstream defaults for what is absent', () => {
  const at = hoverIn(TUNED);
  assert.match(at('stabilizationWindowSeconds: 60'), /^Scale-up stabilization window 1 min: the controller scales up only to the lowest recommendation of the last 1 min/);
  assert.match(
    at('selectPolicy: Min'),
    /^selectPolicy Min: of the scale-down policies, the one that allows the smallest change applies\. From 20 replicas: Pods 2 per 1 min → 18; Percent 10 per 1 min → 18\. Min allows down to 18\./,
  );
  const defaults = hoverIn(HPA('  maxReplicas: 10\n  behavior:\n    scaleDown:\n      selectPolicy: Max\n'));
  const down = defaults('scaleDown:');
  assert.match(down, /window 5 min \(default\) · Percent 100 per 15 s \(default\) · selectPolicy Max/);
  assert.match(down, /10 \(maxReplicas\) → 1 \(minReplicas\), about 5 min after they start/, 'Percent 100 reaches minReplicas (default 1) at once, after the window');
  const both = defaults('behavior:');
  assert.match(both, /\*\*Scale-up\*\*: window 0 s \(default\) · Pods 4 per 15 s, Percent 100 per 15 s \(default\) · selectPolicy Max \(default\)/);
  assert.match(both, /1 \(minReplicas\) → 5 → 10 \(maxReplicas\), about 15 s after they start\./);
  const zero = hoverIn(HPA('  maxReplicas: 10\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 0\n'));
  assert.match(
    zero('stabilizationWindowSeconds'),
    /^Scale-down stabilization window 0 s: each sync's recommendation is used at once, so every dip in the metric removes pods right away \(the default is 5 min\)/,
  );
});

test('Disabled directions and fixed bounds say the count does not move', () => {
  const at = hoverIn(HPA('  minReplicas: 2\n  maxReplicas: 6\n  behavior:\n    scaleDown:\n      selectPolicy: Disabled\n'));
  assert.match(at('selectPolicy'), /^selectPolicy Disabled: The HPA never removes pods because of its metrics; it only lowers a count above maxReplicas to it\./);
  assert.match(at('scaleDown:'), /selectPolicy Disabled\n\nThe HPA never removes pods/);
  const fixed = hoverIn(HPA('  minReplicas: 3\n  maxReplicas: 3\n  behavior:\n    scaleUp: {stabilizationWindowSeconds: 10}\n'));
  assert.match(fixed('scaleUp:'), /minReplicas = maxReplicas = 3: the HPA never changes the count\./);
});

test('autoscaling/v2beta2 the same; no behavior explanation where the server would refuse the values, or outside behavior', () => {
  const beta = hoverIn(HPA('  maxReplicas: 8\n  behavior:\n    scaleUp:\n      policies:\n      - {type: Pods, value: 1, periodSeconds: 30}\n', 'autoscaling/v2beta2'));
  assert.match(beta('Pods, value: 1', 2), /^Pods 1 per 30 s \(scale-up\): within any 30 s the count may grow by at most 1 pod\. From 1 replica: up to 2, then 3 30 s later\./);
  const refused = hoverIn(HPA('  maxReplicas: 8\n  behavior:\n    scaleUp:\n      policies:\n      - {type: Pods, value: 1, periodSeconds: 3600}\n'));
  assert.doesNotMatch(refused('Pods, value: 1', 2), /per|within/, 'hpa-behavior-ineffective reports it; hover gives no example for a refused value');
  assert.doesNotMatch(hoverIn(HPA('  maxReplicas: 8\n'))('maxReplicas'), /Scale-up|Scale-down/);
});

test('a path longer than the horizon says where it stands after 6 h', () => {
  const at = hoverIn(HPA('  maxReplicas: 1000\n  behavior:\n    scaleUp:\n      policies:\n      - {type: Pods, value: 1, periodSeconds: 1800}\n'));
  // One pod per 30 min from 1: a step at 0 s, 30 min, …, 6 h (13 steps) makes 14, far from 1000.
  assert.match(at('scaleUp:'), /1 \(minReplicas\) → 2 → 3 → 4 → … → 13 → 14, and still not 1000 after 6 h\./);
});

test('a KEDA ScaledObject: the behavior KEDA copies into its HPA, between the HPA bounds KEDA derives', () => {
  const so = (spec: string) =>
    `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: worker}\nspec:\n  scaleTargetRef: {name: worker}\n${spec}  triggers:\n  - {type: cpu, metricType: Utilization, metadata: {value: "60"}}\n  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleDown:\n          stabilizationWindowSeconds: 60\n          policies:\n          - {type: Pods, value: 1, periodSeconds: 30}\n`;
  const at = hoverIn(so('  minReplicaCount: 2\n  maxReplicaCount: 5\n'));
  assert.match(at('scaleDown:'), /5 \(maxReplicaCount\) → 4 → 3 → 2 \(minReplicaCount\), about 2 min after they start\./);
  const behavior = at('behavior:');
  assert.match(behavior, /KEDA copies this behavior into the HPA it makes for the ScaledObject; scaling to and from 0 is KEDA's own/);
  // minReplicaCount 0 (the default): KEDA's HPA has minReplicas 1; maxReplicaCount defaults to 100.
  const zero = hoverIn(so(''));
  assert.match(zero('Pods, value: 1', 2), /^Pods 1 per 30 s \(scale-down\): .*From 100 replicas: down to 99, then 98 30 s later\./);
  assert.match(zero('scaleDown:'), /100 \(maxReplicaCount\) → 99 → 98 → 97 → … → 2 → 1 \(the HPA's minReplicas\)/);
});

test('odd values anywhere in a behavior give a hover or none, never an error', () => {
  const text = HPA(
    [
      '  minReplicas: "{{ .Values.min }}"',
      '  maxReplicas: 2147483647',
      '  behavior:',
      '    scaleUp:',
      '      stabilizationWindowSeconds: 1e309',
      '      selectPolicy: Sometimes',
      '      policies:',
      '      - {type: Percent, value: 2147483647, periodSeconds: 1800}',
      '      - null',
      '      - [Pods, 4, 15]',
      '    scaleDown:',
      '      policies:',
      '      - {type: Pods, value: 2147483647, periodSeconds: 1}',
      '      - {type: Percent, value: 1000, periodSeconds: 1}',
      '    tolerance: 0.05',
      '',
    ].join('\n'),
  );
  const file = new Workspace().set('file:///odd.yaml', text);
  for (let offset = 0; offset <= text.length; offset++) hoverAt(file, [], offset, () => undefined);
  // Without usable bounds the examples start at 10 replicas; a removal of 1000 % leaves none (minReplicas keeps more).
  assert.match(hoverIn(text)('Percent, value: 1000', 2), /^Percent 1000 per 1 s \(scale-down\): the count may fall to minReplicas at once\. From 10 replicas: down to 0\./);
});
