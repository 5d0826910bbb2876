// Node rows: usage and requested percentages as kubectl computes them, pods' requests as the scheduler counts them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as k8s from '@kubernetes/client-node';
import { isTerminated, nodeRow, percent, podSchedulingRequest, toAmounts, usageNanos, ZERO } from '../../src/core/cluster/rows';
import { container, pod } from './cluster-rows-fixtures';

const node = (alloc: Record<string, string>): k8s.V1Node => ({
  metadata: { name: 'n1' },
  status: { allocatable: alloc, conditions: [{ type: 'Ready', status: 'True' }] },
});

test('node percentages are computed as kubectl top computes them (truncated, on milli values)', () => {
  assert.equal(percent(503, 8000), 6);
  assert.equal(percent(799, 800), 99);
  assert.equal(percent(1, 0), undefined);
  const row = nodeRow(
    node({ cpu: '7910m', memory: '32Gi' }),
    { cpu: 410_000_000n, memory: 436_207_616n * 1_000_000_000n },
    {
      metadata: { name: 'n1' },
      usage: { cpu: '503123456n', memory: '218103808Ki' },
    },
  );
  assert.equal(row.usage?.cpuMilli, 504); // nanocores round up to millicores, like MilliValue()
  assert.equal(row.cpuPercent, Math.trunc((504 / 7910) * 100));
  assert.equal(row.usage?.memoryBytes, 218103808 * 1024);
  assert.equal(row.memoryPercent, Math.trunc(((218103808 * 1024) / (32 * 2 ** 30)) * 100));
  assert.equal(row.cpuRequestedPercent, 5);
  assert.equal(row.memoryRequestedPercent, 1);
  assert.equal(row.ready, true);
});

test('a node without metrics has no usage and no usage percentages, but requested ones', () => {
  const row = nodeRow(node({ cpu: '4', memory: '8Gi' }), { cpu: 2_000_000_000n, memory: 0n });
  assert.equal(row.usage, undefined);
  assert.equal(row.cpuPercent, undefined);
  assert.equal(row.cpuRequestedPercent, 50);
});

test('scheduling request: containers summed, init containers as peak, sidecars added, overhead added', () => {
  const p = pod({
    initContainers: [container('init-big', { cpu: '2', memory: '1Gi' }), container('sidecar', { cpu: '100m', memory: '64Mi' }, { restartPolicy: 'Always' }), container('init-small', { cpu: '50m' })],
    containers: [container('a', { cpu: '250m', memory: '128Mi' }), container('b', { cpu: '0.25' })],
    overhead: { cpu: '10m' },
  });
  const r = toAmounts(podSchedulingRequest(p));
  // max(500m + 100m sidecar, 2 CPU init) + 10m overhead
  assert.equal(r.cpuMilli, 2010);
  // max(128Mi + 64Mi, 1Gi) = 1Gi
  assert.equal(r.memoryBytes, 2 ** 30);
});

test('terminated pods hold no node resources', () => {
  assert.equal(isTerminated(pod({}, { phase: 'Succeeded' })), true);
  assert.equal(isTerminated(pod({}, { phase: 'Failed' })), true);
  assert.equal(isTerminated(pod({}, { phase: 'Running' })), false);
  assert.equal(isTerminated(pod({}, { phase: 'Pending' })), false);
});

test('usage of a NodeMetrics item, missing fields as zero', () => {
  assert.deepEqual(usageNanos({ cpu: '1', memory: '1Ki' }), { cpu: 1_000_000_000n, memory: 1024_000_000_000n });
  assert.deepEqual(usageNanos(undefined), ZERO);
});
