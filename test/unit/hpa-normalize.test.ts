// From the metrics' proposal to the count set (core/k8s/hpaController/normalize.ts), one table per rule, with the
// cases of pkg/controller/podautoscaler/horizontal_test.go (Kubernetes v1.33.13) named after their Go test:
// TestConvertDesiredReplicasWithRules, TestNormalizeDesiredReplicas, TestNormalizeDesiredReplicasWithBehavior,
// TestScalingWithRules, TestCalculateScaleUpLimitWithScalingRules, TestCalculateScaleDownLimitWithBehaviors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalize, scaleLimit, type DefaultedRules, type ScaleEvent, type ScalingRules } from '../../src/core/k8s/hpaController/normalize';

const NOW = 1_800_000_000_000;
const ago = (seconds: number) => NOW - seconds * 1000;

/** generateScalingRules(pods, podsPeriod, percent, percentPeriod, window): selectPolicy Max. */
function rules(pods: number, podsPeriod: number, percent: number, percentPeriod: number, window: number): ScalingRules {
  const policies: ScalingRules['policies'] = [];
  if (pods) policies.push({ type: 'Pods', value: pods, periodSeconds: podsPeriod });
  if (percent) policies.push({ type: 'Percent', value: percent, periodSeconds: percentPeriod });
  return { stabilizationWindowSeconds: window, selectPolicy: 'Max', policies };
}

/** generateEventsUniformDistribution: events spread over the last `period` seconds, each in the middle of its segment. */
function spread(changes: number[], period: number): ScaleEvent[] {
  const segment = period / changes.length;
  return changes.map((change, i) => ({ change, at: ago(period - segment * (i + 1) + segment / 2) }));
}

test('without behavior: min, max and the 2× / 4 scale-up limit (TestConvertDesiredReplicasWithRules)', () => {
  const cases = [
    { current: 5, proposal: 7, min: 3, max: 8, expected: 7, reason: 'DesiredWithinRange' },
    { current: 3, proposal: 1, min: 2, max: 8, expected: 2, reason: 'TooFewReplicas' },
    { current: 1, proposal: 0, min: 0, max: 10, expected: 0, reason: 'DesiredWithinRange' },
    { current: 20, proposal: 1000, min: 1, max: 10, expected: 10, reason: 'TooManyReplicas' },
    { current: 3, proposal: 1000, min: 1, max: 2000, expected: 6, reason: 'ScaleUpLimit' },
  ];
  for (const c of cases) {
    const r = normalize({ currentReplicas: c.current, proposal: c.proposal, minReplicas: c.min, maxReplicas: c.max, recommendations: [], now: NOW });
    assert.equal(r.desiredReplicas, c.expected, JSON.stringify(c));
    assert.equal(r.scalingLimited.reason, c.reason, JSON.stringify(c));
    assert.equal(r.scalingLimited.status, c.expected === c.proposal ? 'False' : 'True');
  }
});

test('without behavior: the highest recommendation of the last 5 minutes holds a scale-down (TestNormalizeDesiredReplicas)', () => {
  const cases = [
    { name: 'empty log', recs: [], proposal: 5, expected: 5 },
    {
      name: 'stabilize',
      recs: [
        { replicas: 4, at: ago(120) },
        { replicas: 5, at: ago(60) },
      ],
      proposal: 3,
      expected: 5,
    },
    {
      name: 'no stabilize',
      recs: [
        { replicas: 1, at: ago(120) },
        { replicas: 2, at: ago(60) },
      ],
      proposal: 3,
      expected: 3,
    },
    {
      name: 'no stabilize - old recommendations',
      recs: [
        { replicas: 10, at: ago(600) },
        { replicas: 9, at: ago(540) },
      ],
      proposal: 3,
      expected: 3,
    },
    {
      name: 'stabilize - old recommendations',
      recs: [
        { replicas: 10, at: ago(600) },
        { replicas: 4, at: ago(60) },
        { replicas: 5, at: ago(120) },
        { replicas: 9, at: ago(540) },
      ],
      proposal: 3,
      expected: 5,
    },
  ];
  for (const c of cases) {
    const r = normalize({ currentReplicas: 10, proposal: c.proposal, minReplicas: 1, maxReplicas: 100, recommendations: c.recs, now: NOW });
    assert.equal(r.desiredReplicas, c.expected, c.name);
    assert.equal(r.ableToScale.reason, c.expected !== c.proposal ? 'ScaleDownStabilized' : 'ReadyForNewScale', c.name);
  }
});

test('without behavior: the window step says until when it holds (the newest recommendation of the held count + 300 s)', () => {
  const r = normalize({
    currentReplicas: 6,
    proposal: 2,
    minReplicas: 1,
    maxReplicas: 10,
    recommendations: [
      { replicas: 6, at: ago(200) },
      { replicas: 6, at: ago(40) },
      { replicas: 3, at: ago(20) },
    ],
    now: NOW,
  });
  assert.equal(r.desiredReplicas, 6);
  assert.deepEqual(r.steps, [{ kind: 'scale-down-window', from: 2, to: 6, windowSeconds: 300, until: ago(40) + 300_000 }]);
});

test('with behavior: both stabilization windows (TestNormalizeDesiredReplicasWithBehavior)', () => {
  const recs = (a: number, b: number) => [
    { replicas: a, at: ago(120) },
    { replicas: b, at: ago(60) },
  ];
  const cases = [
    { name: 'empty recommendations for scaling down', recs: [], current: 100, proposal: 5, up: 0, down: 0, expected: 5 },
    { name: 'simple scale down stabilization', recs: recs(4, 5), current: 100, proposal: 3, up: 0, down: 180, expected: 5, reason: 'ScaleDownStabilized' },
    { name: 'simple scale up stabilization', recs: recs(4, 5), current: 1, proposal: 7, up: 300, down: 0, expected: 4, reason: 'ScaleUpStabilized' },
    { name: 'no scale down stabilization', recs: recs(1, 2), current: 100, proposal: 3, up: 300, down: 0, expected: 3 },
    { name: 'no scale up stabilization', recs: recs(4, 5), current: 1, proposal: 3, up: 0, down: 300, expected: 3 },
    {
      name: 'no scale down stabilization, reuse recommendation element',
      recs: [
        { replicas: 10, at: ago(600) },
        { replicas: 9, at: ago(540) },
      ],
      current: 100,
      proposal: 3,
      up: 0,
      down: 0,
      expected: 3,
    },
  ];
  for (const c of cases) {
    const behavior = {
      scaleUp: { stabilizationWindowSeconds: c.up, selectPolicy: 'Max' as const, policies: [{ type: 'Percent' as const, value: 10000, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: c.down, selectPolicy: 'Max' as const, policies: [{ type: 'Percent' as const, value: 100, periodSeconds: 15 }] },
    };
    const r = normalize({ currentReplicas: c.current, proposal: c.proposal, minReplicas: 1, maxReplicas: 1000, behavior, recommendations: c.recs, now: NOW });
    assert.equal(r.desiredReplicas, c.expected, c.name);
    assert.equal(r.ableToScale.reason, c.reason ?? 'ReadyForNewScale', c.name);
  }
});

test('with behavior: policies, selectPolicy and min/max (TestScalingWithRules)', () => {
  const cases: {
    name: string;
    current: number;
    proposal: number;
    min: number;
    max: number;
    expected: number;
    reason: string;
    up?: ScalingRules;
    down?: ScalingRules;
    ups?: ScaleEvent[];
    downs?: ScaleEvent[];
  }[] = [
    { name: 'prenormalized desired replicas within range', current: 5, proposal: 7, min: 3, max: 8, expected: 7, reason: 'DesiredWithinRange' },
    { name: 'prenormalized desired replicas < minReplicas', current: 3, proposal: 1, min: 2, max: 8, expected: 2, reason: 'TooFewReplicas' },
    { name: 'maxReplicas is the limit because maxReplicas < scaleUpLimit', current: 20, proposal: 1000, min: 1, max: 10, expected: 10, reason: 'TooManyReplicas' },
    { name: 'desired replica count is more than the maximum replica count', current: 100, proposal: 1000, min: 100, max: 150, expected: 150, reason: 'TooManyReplicas' },
    { name: 'scaleUpLimit < maxReplicas with user policies', current: 3, proposal: 1000, min: 1, max: 2000, expected: 4, reason: 'ScaleUpLimit', up: rules(0, 0, 1, 60, 0) },
    { name: 'scaleDownLimit > minReplicas with user defined policies', current: 1000, proposal: 3, min: 3, max: 2000, expected: 980, reason: 'ScaleDownLimit', down: rules(20, 60, 0, 0, 0) },
    { name: 'scaleUp with default behavior', current: 10, proposal: 50, min: 1, max: 1000, expected: 20, reason: 'ScaleUpLimit' },
    { name: 'scaleUp with pods policy larger than percent policy', current: 10, proposal: 500, min: 1, max: 1000, expected: 110, reason: 'ScaleUpLimit', up: rules(100, 60, 100, 60, 0) },
    { name: 'scaleUp with percent policy larger than pods policy', current: 10, proposal: 500, min: 1, max: 1000, expected: 20, reason: 'ScaleUpLimit', up: rules(2, 60, 100, 60, 0) },
    { name: 'scaleUp with pod policy limitation', current: 10, proposal: 50, min: 1, max: 1000, expected: 40, reason: 'ScaleUpLimit', up: rules(30, 60, 0, 0, 0) },
    { name: 'scaleUp with percent policy limitation', current: 10, proposal: 50, min: 1, max: 1000, expected: 30, reason: 'ScaleUpLimit', up: rules(0, 0, 200, 60, 0) },
    { name: 'scaleDown with percent policy larger than pod policy', current: 100, proposal: 2, min: 1, max: 1000, expected: 80, reason: 'ScaleDownLimit', down: rules(20, 60, 1, 60, 0) },
    { name: 'scaleDown with pod policy larger than percent policy', current: 100, proposal: 2, min: 1, max: 1000, expected: 98, reason: 'ScaleDownLimit', down: rules(2, 60, 1, 60, 0) },
    { name: 'scaleDown with spec MinReplicas limitation with large pod policy', current: 10, proposal: 0, min: 1, max: 1000, expected: 1, reason: 'TooFewReplicas', down: rules(100, 60, 0, 0, 0) },
    { name: 'scaleDown with spec MinReplicas limitation with large percent policy', current: 10, proposal: 2, min: 5, max: 1000, expected: 5, reason: 'TooFewReplicas', down: rules(0, 0, 100, 60, 0) },
    { name: 'scaleDown with pod policy limitation', current: 10, proposal: 2, min: 1, max: 1000, expected: 5, reason: 'ScaleDownLimit', down: rules(5, 60, 0, 0, 0) },
    { name: 'scaleDown with percent policy limitation', current: 10, proposal: 5, min: 1, max: 1000, expected: 5, reason: 'DesiredWithinRange', down: rules(0, 0, 50, 60, 0) },
    {
      name: 'scaleUp with spec MaxReplicas limitation with large pod policy and events',
      current: 100,
      proposal: 500,
      min: 1,
      max: 200,
      expected: 200,
      reason: 'TooManyReplicas',
      up: rules(300, 60, 0, 0, 0),
      ups: spread([1, 5, 9], 120),
    },
    {
      name: 'scaleUp with currentReplicas limitation with a lot of recent scale up events',
      current: 100,
      proposal: 500,
      min: 1,
      max: 1000,
      expected: 100,
      reason: 'ScaleUpLimit',
      up: rules(5, 120, 0, 0, 0),
      ups: spread([1, 5, 9], 120),
    },
    {
      name: 'scaleUp with pod policy and previous scale up events',
      current: 100,
      proposal: 500,
      min: 1,
      max: 1000,
      expected: 235,
      reason: 'ScaleUpLimit',
      up: rules(150, 120, 0, 0, 0),
      ups: spread([1, 5, 9], 120),
    },
    {
      name: 'scaleUp with percent policy and previous scale up events',
      current: 100,
      proposal: 500,
      min: 1,
      max: 1000,
      expected: 255,
      reason: 'ScaleUpLimit',
      up: rules(0, 0, 200, 120, 0),
      ups: spread([1, 5, 9], 120),
    },
    {
      name: "check 'outdated' flag for events for one behavior for down",
      current: 100,
      proposal: 5,
      min: 1,
      max: 1000,
      expected: 5,
      reason: 'DesiredWithinRange',
      down: rules(1000, 60, 0, 0, 0),
      downs: spread([8, 12, 9, 11], 120),
    },
  ];
  for (const c of cases) {
    const r = normalize({
      currentReplicas: c.current,
      proposal: c.proposal,
      minReplicas: c.min,
      maxReplicas: c.max,
      behavior: { scaleUp: c.up, scaleDown: c.down ?? { stabilizationWindowSeconds: 0 } },
      recommendations: [],
      scaleUpEvents: c.ups,
      scaleDownEvents: c.downs,
      now: NOW,
    });
    assert.equal(r.desiredReplicas, c.expected, c.name);
    assert.equal(r.scalingLimited.reason, c.reason, c.name);
  }
});

test('selectPolicy Min picks the smaller change, Disabled none (TestCalculateScaleUpLimitWithScalingRules, TestCalculateScaleDownLimitWithBehaviors)', () => {
  const min: DefaultedRules = {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Min',
    policies: [
      { type: 'Pods', value: 2, periodSeconds: 60 },
      { type: 'Percent', value: 50, periodSeconds: 60 },
    ],
  };
  assert.equal(scaleLimit('scaleUp', min, 1, [], [], NOW), 2);
  assert.equal(scaleLimit('scaleDown', min, 5, [], [], NOW), 3);
  assert.equal(scaleLimit('scaleUp', { ...min, selectPolicy: 'Disabled' }, 4, [], [], NOW), 4);
  const disabled = normalize({ currentReplicas: 4, proposal: 9, minReplicas: 1, maxReplicas: 10, behavior: { scaleUp: { selectPolicy: 'Disabled' } }, recommendations: [], now: NOW });
  assert.equal(disabled.desiredReplicas, 4);
  assert.equal(disabled.scalingLimited.reason, 'ScaleUpLimit');
});

test('the scale-down window of a behavior without stabilizationWindowSeconds is the controller flag (maybeInitScaleDownStabilizationWindow)', () => {
  const recs = [{ replicas: 8, at: ago(250) }];
  const held = normalize({ currentReplicas: 8, proposal: 2, minReplicas: 1, maxReplicas: 10, behavior: { scaleDown: {} }, recommendations: recs, now: NOW });
  assert.equal(held.desiredReplicas, 8);
  assert.deepEqual(held.steps[0], { kind: 'scale-down-window', from: 2, to: 8, windowSeconds: 300, until: ago(250) + 300_000 });
  const flag = normalize({ currentReplicas: 8, proposal: 2, minReplicas: 1, maxReplicas: 10, behavior: { scaleDown: {} }, recommendations: recs, now: NOW, downscaleStabilizationSeconds: 120 });
  assert.equal(flag.desiredReplicas, 2);
});
