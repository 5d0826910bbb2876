// What the HPA panel renders of a replayed decision (src/extension/hpaPanel/why.ts): the summary, the chain one step a
// line and as one line, the notes on what the replay could not know, and the rescale history from SuccessfulRescale.
import type * as k8s from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventRows } from '../../src/core/cluster/events';
import { replayOf, rescalesOf } from '../../src/core/doctor/hpaReplayInputs';
import { render, setLocale } from '../../src/core/l10n';
import { chainLine, rescaleRows, whyView } from '../../src/extension/hpaPanel/why';
import { hpa, sampledPods } from './doctor/fixtures';

const NOW = Date.parse('2026-12-06T14:00:00.000Z');
const LONG_AGO = new Date('2026-12-06T12:00:00.000Z');

/** `n` ready pods of Deployment web, each with a request of 250m CPU and 256Mi memory, all sampled alike. */
const web = (n: number, cpu: string, memory: string) => ({
  ...sampledPods('web', 'shop', n, { cpu: '250m', memory: '256Mi' }, () => ({ cpu, memory }), LONG_AGO, '2026-12-06T13:59:50Z'),
  replicas: { spec: n, status: n },
});

const cpuAndMemory: k8s.V2MetricSpec[] = [
  { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
  { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
];

test("the issue's chain: each metric's proposal, the highest, the scale-up policy that capped it", () => {
  // 3 pods at 92 % CPU of a 60 % target ask for 5; memory at 40 % of 80 % for 2; Pods 1 per 60 s allows 4.
  const h = hpa('web', 'shop', { metrics: cpuAndMemory, status: { currentReplicas: 3, desiredReplicas: 3 } });
  h.spec!.behavior = { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
  const why = whyView({ replay: replayOf(h, web(3, '230m', '105Mi'), [], NOW) });
  assert.deepEqual(why.chain, ['cpu 92 % / 60 % × 3 pods → 5', 'memory 41 % / 80 % × 3 pods → 2', 'max → 5', 'scale-up policy 1 pod/60 s → 4']);
  assert.equal(chainLine(why), 'cpu 92 % / 60 % × 3 pods → 5; memory 41 % / 80 % × 3 pods → 2; max → 5; scale-up policy 1 pod/60 s → 4');
  assert.equal(why.summary, 'desired 5 · held at 4 by scale-up policy');
  assert.deepEqual(why.notes, ['Replayed from the metrics.k8s.io samples of 3 pods.']);
});

test('the chain and summary in the display language (Chinese): numbers and field names as they are, the words translated', () => {
  const h = hpa('web', 'shop', { metrics: cpuAndMemory, status: { currentReplicas: 3, desiredReplicas: 3 } });
  h.spec!.behavior = { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
  const replay = replayOf(h, web(3, '230m', '105Mi'), [], NOW);
  try {
    setLocale('zh-cn');
    const why = whyView({ replay });
    assert.deepEqual(why.chain, ['cpu 92 % / 60 % × 3 个 Pod → 5', 'memory 41 % / 80 % × 3 个 Pod → 2', 'max → 5', '扩容策略 1 个 Pod/60 s → 4']);
    assert.equal(why.summary, '期望 5 · 保持在 4（扩容策略）');
  } finally {
    setLocale('en');
  }
  // The replay keeps templates; the English rendering is unchanged (logs and the doctor's JSON read it).
  assert.equal(render(replay.replay.summary, 'en'), 'desired 5 · held at 4 by scale-up policy');
});

test('held by the scale-down window: the end in the clock the view passes, said to be the latest it can be', () => {
  const stabilizing = { type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one' };
  const h = hpa('web', 'shop', { metrics: [cpuAndMemory[0]], conditions: [stabilizing], status: { currentReplicas: 6, desiredReplicas: 6 } });
  const clock = (ms: number) => `clock(${new Date(ms).toISOString().slice(11, 16)})`;
  const why = whyView({ replay: replayOf(h, web(6, '50m', '100Mi'), [], NOW, clock) });
  assert.deepEqual(why.chain, ['cpu 20 % / 60 % × 6 pods → 2', 'scale-down window 300 s → 6 until clock(14:05)']);
  assert.equal(why.summary, 'desired 2 · held at 6 by scale-down window until clock(14:05)');
  assert.match(why.notes[0], /^The window's end is the latest it can be/);
});

test('without pod samples the metrics come from the HPA status, and the panel says so', () => {
  const h = hpa('web', 'shop', {
    metrics: [cpuAndMemory[0]],
    status: { currentReplicas: 2, desiredReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 55 } } }] },
  });
  const { pods, replicas } = web(2, '1m', '1Mi');
  const why = whyView({ replay: replayOf(h, { pods, replicas }, [], NOW) });
  assert.deepEqual(why.chain, ['cpu 55 % / 60 % × 2 pods → 2']);
  assert.equal(why.summary, 'desired 2 · steady');
  assert.deepEqual(why.notes, ["Some metrics come from the HPA status (the controller's last reading), not from the pods' own samples."]);
});

test('no replay: the reason is the only note; nothing is made up', () => {
  assert.deepEqual(whyView({ notice: 'HPA shop/web was not found.' }), { chain: [], notes: ['HPA shop/web was not found.'] });
});

test('rescale history: SuccessfulRescale events newest first, each from the size before it when known', () => {
  const rescaled = (message: string, at: string, count = 1): k8s.CoreV1Event => ({
    metadata: { name: `e-${at}` },
    involvedObject: { kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'web' },
    type: 'Normal',
    reason: 'SuccessfulRescale',
    message,
    count,
    lastTimestamp: new Date(at),
  });
  const rows = eventRows([
    rescaled('New size: 4; reason: cpu resource utilization (percentage of request) above target', '2026-12-06T13:50:00Z'),
    rescaled('New size: 2; reason: All metrics below target', '2026-12-06T13:58:00Z', 2),
    { ...rescaled('x', '2026-12-06T13:59:00Z'), reason: 'FailedGetResourceMetric', type: 'Warning', message: 'New size: 9 is not a rescale' },
  ]);
  assert.deepEqual(rescaleRows(rescalesOf(rows)), [
    { at: '2026-12-06T13:58:00.000Z', change: '4 → 2', reason: 'All metrics below target', count: 2 },
    { at: '2026-12-06T13:50:00.000Z', change: '→ 4', reason: 'cpu resource utilization (percentage of request) above target', count: 1 },
  ]);
});
