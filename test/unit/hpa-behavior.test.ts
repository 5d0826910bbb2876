// k8s/hpaBehavior.ts: the defaults the API server fills into `behavior`, and the policy arithmetic of the HPA controller,
// checked against the upstream test cases of k8s.io/kubernetes v1.33.13 pkg/controller/podautoscaler/horizontal_test.go.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMap } from 'yaml';
import { scalingRules, sustainedScaling, type ManifestRules } from '../../src/core/k8s/hpaBehavior';
import { defaultRules, scaleLimit, type Direction, type ScaleEvent, type ScalingPolicy } from '../../src/core/k8s/hpaController/normalize';
import { Workspace } from '../../src/core/manifest/workspace';

const rules = (selectPolicy: ManifestRules['selectPolicy'], ...policies: ScalingPolicy[]): ManifestRules => ({ stabilizationWindowSeconds: 0, selectPolicy, policies, defaulted: new Set() });
const pods = (value: number, periodSeconds: number): ScalingPolicy => ({ type: 'Pods', value, periodSeconds });
const percent = (value: number, periodSeconds: number): ScalingPolicy => ({ type: 'Percent', value, periodSeconds });
/** horizontal_test.go generateEventsUniformDistribution(changes, period): events at the centres of equal segments of the last `period` s (now = 0, times in ms). */
const uniform = (changes: number[], period: number): ScaleEvent[] => {
  const segment = period / changes.length;
  return changes.map((change, i) => ({ at: -(period - segment * (i + 1) + segment / 2) * 1000, change }));
};

// The cases of TestCalculateScaleUpLimitWithScalingRules, TestCalculateScaleDownLimitWithBehaviors and the
// policy-limited cases of TestScalingWithRules (their names); `expected` is the count the controller sets, which is
// the limit held at the current count (convertDesiredReplicasWithBehaviorRate).
const CASES: { name: string; direction: Direction; rules: ManifestRules; current: number; up?: ScaleEvent[]; down?: ScaleEvent[]; expected: number }[] = [
  { name: 'TestCalculateScaleUpLimitWithScalingRules', direction: 'scaleUp', rules: rules('Min', pods(2, 60), percent(50, 60)), current: 1, expected: 2 },
  { name: 'TestCalculateScaleDownLimitWithBehaviors', direction: 'scaleDown', rules: rules('Min', pods(2, 60), percent(50, 60)), current: 5, expected: 3 },
  { name: 'scaleUp with default behavior', direction: 'scaleUp', rules: { ...defaultRules('scaleUp'), defaulted: new Set() }, current: 10, expected: 20 },
  { name: 'scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies', direction: 'scaleUp', rules: rules('Max', percent(1, 60)), current: 3, expected: 4 },
  { name: 'scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies', direction: 'scaleDown', rules: rules('Max', pods(20, 60)), current: 1000, expected: 980 },
  { name: 'scaleUp with pods policy larger than percent policy', direction: 'scaleUp', rules: rules('Max', pods(100, 60), percent(100, 60)), current: 10, expected: 110 },
  { name: 'scaleUp with percent policy larger than pods policy', direction: 'scaleUp', rules: rules('Max', pods(2, 60), percent(100, 60)), current: 10, expected: 20 },
  { name: 'scaleUp with pod policy limitation', direction: 'scaleUp', rules: rules('Max', pods(30, 60)), current: 10, expected: 40 },
  { name: 'scaleUp with percent policy limitation', direction: 'scaleUp', rules: rules('Max', percent(200, 60)), current: 10, expected: 30 },
  { name: 'scaleDown with percent policy larger than pod policy', direction: 'scaleDown', rules: rules('Max', pods(20, 60), percent(1, 60)), current: 100, expected: 80 },
  { name: 'scaleDown with pod policy larger than percent policy', direction: 'scaleDown', rules: rules('Max', pods(2, 60), percent(1, 60)), current: 100, expected: 98 },
  { name: 'scaleDown with pod policy limitation', direction: 'scaleDown', rules: rules('Max', pods(5, 60)), current: 10, expected: 5 },
  {
    name: 'scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events',
    direction: 'scaleUp',
    rules: rules('Max', pods(5, 120)),
    current: 100,
    up: uniform([1, 5, 9], 120),
    expected: 100,
  },
  { name: 'scaleUp with pod policy and previous scale up events', direction: 'scaleUp', rules: rules('Max', pods(150, 120)), current: 100, up: uniform([1, 5, 9], 120), expected: 235 },
  { name: 'scaleUp with percent policy and previous scale up events', direction: 'scaleUp', rules: rules('Max', percent(200, 120)), current: 100, up: uniform([1, 5, 9], 120), expected: 255 },
  {
    name: 'scaleUp with percent policy and previous scale up and down events',
    direction: 'scaleUp',
    rules: rules('Max', percent(300, 300)),
    current: 6,
    up: uniform([4], 120),
    down: uniform([2], 120),
    expected: 16,
  },
  { name: 'scaleDown with pod policy limitation and previous events', direction: 'scaleDown', rules: rules('Max', pods(5, 120)), current: 100, down: uniform([1, 5, 9], 120), expected: 100 },
  { name: 'scaleDown with percent policy limitation and previous events', direction: 'scaleDown', rules: rules('Max', percent(50, 120)), current: 100, down: uniform([2, 4, 6], 120), expected: 56 },
  {
    name: 'scaleDown with percent policy and previous scale up and down events',
    direction: 'scaleDown',
    rules: rules('Max', percent(50, 180)),
    current: 10,
    up: uniform([2], 120),
    down: uniform([4], 120),
    expected: 6,
  },
  {
    name: 'scaleDown with previous events preventing further scale down',
    direction: 'scaleDown',
    rules: rules('Max', percent(10, 120)),
    current: 100,
    down: uniform([10, 10, 10], 120),
    expected: 100,
  },
];

test('policy limits match the upstream test cases (horizontal_test.go)', () => {
  for (const c of CASES) {
    const limit = scaleLimit(c.direction, c.rules, c.current, c.up ?? [], c.down ?? [], 0);
    const held = c.direction === 'scaleUp' ? Math.max(limit, c.current) : Math.min(limit, c.current);
    assert.equal(held, c.expected, c.name);
  }
});

test('selectPolicy Disabled allows no change in its direction', () => {
  assert.equal(scaleLimit('scaleUp', rules('Disabled', pods(4, 15)), 3, [], [], 0), 3);
  assert.deepEqual(sustainedScaling('scaleDown', rules('Disabled', pods(4, 15)), 10, 2), { steps: [], reached: false });
});

test('sustained scaling: one step per sync, each policy counted over its own period', () => {
  // Percent 100 per 60 s from 2: doubles once a minute; the syncs between are held by the change still in the period.
  assert.deepEqual(sustainedScaling('scaleUp', rules('Max', percent(100, 60)), 2, 10).steps, [
    { atSeconds: 0, replicas: 4 },
    { atSeconds: 60, replicas: 8 },
    { atSeconds: 120, replicas: 10 },
  ]);
  // The defaults from 1: Pods 4 wins first (1 → 5), then Percent 100 (5 → 10).
  assert.deepEqual(
    sustainedScaling('scaleUp', { ...defaultRules('scaleUp'), defaulted: new Set() }, 1, 30).steps.map((s) => s.replicas),
    [5, 10, 20, 30],
  );
  // The scale-down default, Percent 100 per 15 s, reaches minReplicas at once.
  assert.deepEqual(sustainedScaling('scaleDown', { ...defaultRules('scaleDown'), defaulted: new Set() }, 20, 3).steps, [{ atSeconds: 0, replicas: 3 }]);
});

const behaviorOfText = (behavior: string) => {
  const doc = new Workspace().set('file:///b.yaml', `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  maxReplicas: 5\n  behavior:\n${behavior}`).docs[0];
  const node = doc.root && isMap(doc.root) ? doc.root.getIn(['spec', 'behavior'], true) : undefined;
  return isMap(node) ? node : undefined;
};

test('the API server defaults fill what a direction leaves out (pkg/apis/autoscaling/v2/defaults.go)', () => {
  const onlyWindow = scalingRules(behaviorOfText('    scaleUp:\n      stabilizationWindowSeconds: 30\n'), 'scaleUp');
  assert.deepEqual(onlyWindow && { ...onlyWindow, defaulted: [...onlyWindow.defaulted] }, {
    stabilizationWindowSeconds: 30,
    selectPolicy: 'Max',
    policies: [pods(4, 15), percent(100, 15)],
    defaulted: ['selectPolicy', 'policies'],
  });
  const down = scalingRules(behaviorOfText('    scaleUp: {selectPolicy: Disabled}\n'), 'scaleDown');
  assert.equal(down?.stabilizationWindowSeconds, 300, "the controller flag's default");
  assert.deepEqual(down?.policies, [percent(100, 15)]);
  assert.deepEqual([...(down?.defaulted ?? [])], ['stabilizationWindowSeconds', 'selectPolicy', 'policies']);
  assert.equal(scalingRules(behaviorOfText('    scaleUp:\n      policies: []\n'), 'scaleUp'), undefined, 'refused by the server: nothing to explain');
  assert.equal(scalingRules(behaviorOfText('    scaleUp:\n      policies:\n      - {type: Pods, value: 4, periodSeconds: 1801}\n'), 'scaleUp'), undefined);
  assert.equal(scalingRules(behaviorOfText('    scaleUp:\n      stabilizationWindowSeconds: "{{ .Values.w }}"\n'), 'scaleUp'), undefined);
});
