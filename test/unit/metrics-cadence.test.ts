// When the Cluster view reads metrics.k8s.io next (MetricsCadence), against a simulated metrics-server: a cycle every
// `period`, published `publishMs` after its samples' time, in a cluster whose clock is off from ours. What a user
// depends on: every new sample is shown, soon after it exists, with fewer reads than polling every interval when
// metrics-server is slower than the interval, and never a burst of reads when it stalls or is something else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MetricsCadence } from '../../src/core/cluster/metricsPoller';
import type { NodeMetrics } from '../../src/core/cluster/objects';

const INTERVAL = 15_000;
/** The cluster's clock runs this far ahead of ours: sample times are the cluster's. */
const SKEW = 137_000;

interface Server {
  /** The nodes a read at our time `now` gets. */
  read(now: number): NodeMetrics[];
  /** Our time at which the cycle with sample time `t` was published. */
  publishedAt(t: number): number;
}

/** metrics-server: cycle k has samples at `phase + k * period` (our clock), visible `publishMs` later; window = period. */
function metricsServer(periodMs: number, { phase = 7_300, publishMs = 1_800, stallFrom = Infinity, jitterMs = 0 } = {}): Server {
  const cycleTime = (k: number) => phase + k * periodMs + (k % 3 === 1 ? jitterMs : 0);
  const window = `${periodMs / 1000}s`;
  return {
    read(now) {
      let k = -1;
      while (cycleTime(k + 1) + publishMs <= now && cycleTime(k + 1) < stallFrom) k++;
      if (k < 0) return [];
      const ts = new Date(cycleTime(k) + SKEW).toISOString();
      return ['node-a', 'node-b'].map((name, i) => ({ metadata: { name }, timestamp: new Date(Date.parse(ts) - i * 400).toISOString(), window, usage: { cpu: '100m', memory: '1Mi' } }));
    },
    publishedAt: (t) => t - SKEW + publishMs,
  };
}

/** Polls like MetricsPoller for `durationMs`: the times of the reads and, per new cycle, how long it waited to be seen. */
function poll(server: Server, durationMs: number, cadence = new MetricsCadence(INTERVAL)) {
  const reads: number[] = [];
  const waits: number[] = [];
  let lastSeen: string | undefined;
  for (let now = 0; now < durationMs; now += cadence.delayMs(now)) {
    reads.push(now);
    const nodes = server.read(now);
    cadence.observe(nodes, now);
    const newest = nodes
      .map((n) => n.timestamp!)
      .sort()
      .at(-1);
    if (newest && newest !== lastSeen) {
      if (lastSeen) waits.push(now - server.publishedAt(Date.parse(newest)));
      lastSeen = newest;
    }
  }
  return { reads, waits };
}

test('metrics-server at a 60 s resolution: every cycle seen within ~3 s once settled, in 1-2 reads per cycle instead of 4', () => {
  const hour = 3_600_000;
  const { reads, waits } = poll(metricsServer(60_000), hour);
  assert.equal(waits.length, 59, 'every cycle is seen (60 in the hour; the first one has no wait)');
  const settled = waits.slice(5);
  assert.ok(Math.max(...settled) <= 3_000, `waits once settled: ${settled.join(', ')}`);
  assert.ok(reads.length <= 1.6 * 60, `${reads.length} reads in an hour (every 15 s: 240)`);
  assert.ok(
    reads.every((t, i) => i === 0 || t - reads[i - 1] <= 4 * INTERVAL),
    'never longer than four intervals between reads',
  );
});

test('a cycle that comes late or not at all: read again every interval, no burst of retries', () => {
  // Cycles drift a few seconds (a scrape takes longer): still each seen, the reads settle again.
  const jittery = poll(metricsServer(60_000, { jitterMs: 4_000 }), 3_600_000);
  assert.equal(jittery.waits.length, 59);
  assert.ok(jittery.reads.length <= 2 * 60, `${jittery.reads.length} reads`);
  assert.ok(Math.max(...jittery.waits) <= INTERVAL, `waits: ${jittery.waits.join(', ')}`);

  // metrics-server stops publishing after 10 minutes: the reads go back to one per interval, not one every 2 s.
  const stalled = poll(metricsServer(60_000, { stallFrom: 600_000 }), 1_800_000);
  const afterStall = stalled.reads.filter((t) => t > 700_000);
  assert.ok(afterStall.length <= Math.ceil(1_100_000 / INTERVAL) + 1, `${afterStall.length} reads in the 18 minutes after the stall`);
  assert.ok(afterStall.every((t, i) => i === 0 || t - afterStall[i - 1] === INTERVAL));
});

test('metrics-server as fast as the interval, an adapter whose window is not its period, a failed read: every interval', () => {
  const fast = poll(metricsServer(15_000), 600_000);
  assert.ok(fast.reads.every((t, i) => i === 0 || t - fast.reads[i - 1] === INTERVAL));

  // An adapter serving a 5-minute rate whose samples are new on every read.
  const cadence = new MetricsCadence(INTERVAL);
  for (let now = 0; now < 600_000; now += INTERVAL) {
    cadence.observe([{ metadata: { name: 'n' }, timestamp: new Date(now + SKEW).toISOString(), window: '5m0s', usage: {} }], now);
    assert.equal(cadence.delayMs(now), INTERVAL);
  }

  // Timed, then a read fails: the interval until reads answer again.
  const timed = new MetricsCadence(INTERVAL);
  const server = metricsServer(60_000);
  let now = 0;
  for (; now < 300_000; now += timed.delayMs(now)) timed.observe(server.read(now), now);
  assert.notEqual(timed.delayMs(now), INTERVAL, 'timed before the failure');
  timed.forget();
  assert.equal(timed.delayMs(now), INTERVAL);
  timed.observe([{ metadata: { name: 'n' }, usage: {} }], now);
  assert.equal(timed.delayMs(now), INTERVAL, 'samples without a time: the interval');
});
