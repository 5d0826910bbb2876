// How metrics.k8s.io answers are read (issue 12, target 4): PodMetrics and NodeMetrics in protobuf decode
// to what trimming their JSON gives, and usage read with plain numbers equals the exact (BigInt) reading
// kubectl's Quantity arithmetic gives, for the forms metrics-server writes and for the others.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeMetrics, PodMetrics } from '../../src/core/cluster/objects';
import { ProtobufListReader } from '../../src/core/cluster/protobuf';
import { goDuration, nodeMetricsFromProtobuf, podMetricsFromProtobuf } from '../../src/core/cluster/protoObjects';
import { podUsageAmounts, podUsageNanos, toAmounts } from '../../src/core/cluster/rows';
import { trimNodeMetrics, trimPodMetrics } from '../../src/core/cluster/trim';
import { encode, protobufList, quantityMap, time, type Msg } from './protobuf-fixtures';

// metrics-server's answer for a checkout pod with an Envoy sidecar, as JSON (labels and
// creationTimestamp are sent but not read).
const POD_METRICS_JSON = {
  kind: 'PodMetrics',
  apiVersion: 'metrics.k8s.io/v1beta1',
  metadata: { name: 'checkout-6f9c7d-x2lqp', namespace: 'shop', creationTimestamp: '2026-12-05T17:40:12Z', labels: { app: 'checkout', 'pod-template-hash': '6f9c7d' } },
  timestamp: '2026-12-05T17:39:58Z',
  window: '1m0.512s',
  containers: [
    { name: 'app', usage: { cpu: '412345678n', memory: '187320Ki' } },
    { name: 'envoy', usage: { cpu: '9876543n', memory: '40960Ki' } },
  ],
};

function podMetricsProtobuf(timestamp = '2026-12-05T17:39:58Z', windowNs = 60_512_000_000): Buffer {
  const meta: Msg = [
    [1, 'checkout-6f9c7d-x2lqp'],
    [3, 'shop'],
    [8, time('2026-12-05T17:40:12Z')],
    [
      11,
      [
        [1, 'app'],
        [2, 'checkout'],
      ],
    ],
  ];
  const containerMsg = (name: string, usage: Record<string, string>): Msg => [[1, name], ...quantityMap(2, usage)];
  return encode([
    [1, meta],
    [2, time(timestamp)],
    [3, [[1, windowNs]]],
    [4, containerMsg('app', { cpu: '412345678n', memory: '187320Ki' })],
    [4, containerMsg('envoy', { cpu: '9876543n', memory: '40960Ki' })],
  ]);
}

const NODE_METRICS_JSON = {
  metadata: { name: 'ip-10-0-3-17.eu-west-1.compute.internal', creationTimestamp: '2026-12-05T17:40:12Z', labels: { 'kubernetes.io/os': 'linux' } },
  timestamp: '2026-12-05T17:40:01Z',
  window: '20.061s',
  usage: { cpu: '1532480123n', memory: '6021388Ki' },
};

function nodeMetricsProtobuf(): Buffer {
  return encode([
    [
      1,
      [
        [1, 'ip-10-0-3-17.eu-west-1.compute.internal'],
        [8, time('2026-12-05T17:40:12Z')],
      ],
    ],
    [2, time('2026-12-05T17:40:01Z')],
    [3, [[1, 20_061_000_000]]],
    ...quantityMap(4, { cpu: '1532480123n', memory: '6021388Ki' }),
  ]);
}

function decodeList<T>(answer: Buffer, decode: (buf: Buffer, start: number, end: number) => T): T[] {
  const items: T[] = [];
  const reader = new ProtobufListReader((buf, start, end) => items.push(decode(buf, start, end)));
  // In small chunks, as a slow connection delivers it.
  for (let i = 0; i < answer.length; i += 7) reader.push(answer.subarray(i, i + 7));
  reader.end();
  return items;
}

test('PodMetrics and NodeMetrics in protobuf decode to what trimming their JSON gives', () => {
  const pods = decodeList(protobufList([podMetricsProtobuf(), podMetricsProtobuf()]), podMetricsFromProtobuf);
  assert.equal(pods.length, 2);
  for (const p of pods) assert.deepEqual(p, trimPodMetrics(POD_METRICS_JSON));
  assert.deepEqual(pods[0], {
    metadata: { name: 'checkout-6f9c7d-x2lqp', namespace: 'shop' },
    timestamp: '2026-12-05T17:39:58Z',
    window: '1m0.512s',
    containers: [
      { name: 'app', usage: { cpu: '412345678n', memory: '187320Ki' } },
      { name: 'envoy', usage: { cpu: '9876543n', memory: '40960Ki' } },
    ],
  });
  const [node] = decodeList(protobufList([nodeMetricsProtobuf()]), nodeMetricsFromProtobuf);
  assert.deepEqual(node, trimNodeMetrics(NODE_METRICS_JSON));
  assert.deepEqual(node.metadata, { name: 'ip-10-0-3-17.eu-west-1.compute.internal' });
});

test("each PodMetrics keeps its own node's scrape time and window when the list interleaves nodes (name order)", () => {
  const scrapes: [string, number, string][] = [
    ['2026-12-05T17:39:58Z', 60_512_000_000, '1m0.512s'],
    ['2026-12-05T17:40:03Z', 59_987_000_000, '59.987s'],
  ];
  const order = [0, 1, 0, 1, 1, 0];
  const pods = decodeList(protobufList(order.map((i) => podMetricsProtobuf(scrapes[i][0], scrapes[i][1]))), podMetricsFromProtobuf);
  assert.deepEqual(
    pods.map((p) => [p.timestamp, p.window]),
    order.map((i) => [scrapes[i][0], scrapes[i][2]]),
  );
});

test('a metrics window reads as Go prints a time.Duration in JSON', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [15e9, '15s'],
    [60e9, '1m0s'],
    [60_512_000_000, '1m0.512s'],
    [3_725e9, '1h2m5s'],
    [1_500_000, '1.5ms'],
    [500_000_000, '500ms'],
    [2_500, '2.5µs'],
    [-15e9, '-15s'],
  ];
  for (const [ns, text] of cases) assert.equal(goDuration(ns), text, String(ns));
});

test('usage read with plain numbers equals the exact reading, for metrics-server forms and others', () => {
  const pod = (...usage: [string, string][]): PodMetrics => ({ metadata: { name: 'p', namespace: 'ns' }, containers: usage.map(([cpu, memory], i) => ({ name: `c${i}`, usage: { cpu, memory } })) });
  const cases: PodMetrics[] = [
    // What metrics-server writes: nanocores and KiB.
    pod(['412345678n', '187320Ki'], ['9876543n', '40960Ki']),
    // Rounding up once after the sum: 0.6m + 0.6m is 2m, not 1m + 1m.
    pod(['600000n', '1Ki'], ['600000n', '1Ki']),
    pod(['1000000n', '0'], ['0', '0']),
    pod(['250m', '128Mi'], ['2', '1Gi']),
    pod(['3u', '1G']),
    // Other forms take the exact path: decimals, exponents, millibytes, values past 2^53.
    pod(['0.5', '1.5Gi']),
    pod(['1e-3', '12e6']),
    pod(['100m', '1500m']),
    pod(['9007199254740993n', '9007199254740993']),
  ];
  for (const m of cases) assert.deepEqual(podUsageAmounts(m), toAmounts(podUsageNanos(m)), JSON.stringify(m.containers));
  assert.deepEqual(podUsageAmounts(cases[1]), { cpuMilli: 2, memoryBytes: 2048 });
  const node: NodeMetrics = trimNodeMetrics(NODE_METRICS_JSON);
  assert.deepEqual(podUsageAmounts({ containers: [{ name: '', usage: node.usage }] }), { cpuMilli: 1533, memoryBytes: 6021388 * 1024 });
});

test('usage keys other than cpu and memory (and ones that only start like them) are read as they are', () => {
  const usage = { cpu: '1n', memory: '2Ki', 'nvidia.com/gpu': '1', cp: '3', cpux: '4', memor: '5', 'memory-x': '6' };
  const item = encode([
    [
      1,
      [
        [1, 'gpu-0'],
        [3, 'ml'],
      ],
    ],
    [4, [[1, 'trainer'], ...quantityMap(2, usage)]],
  ]);
  assert.deepEqual(podMetricsFromProtobuf(item, 0, item.length).containers, [{ name: 'trainer', usage }]);
});
