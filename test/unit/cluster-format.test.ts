import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuText, formatTable, memoryText, nodeTable, podTable } from '../../src/core/cluster/format';
import type { NodeRow, PodRow } from '../../src/core/cluster/types';
import { formatMebibytes, formatMilliCpu } from '../../src/core/k8s/quantity';

test('values as kubectl top prints them', () => {
  assert.equal(cpuText(250), '250m');
  assert.equal(cpuText(undefined), '<unknown>');
  assert.equal(memoryText(94371840), '90Mi');
  assert.equal(memoryText(2 ** 20 - 1), '0Mi'); // rounded down, like Value()/(1024*1024)
});

test('plain-number cells equal the exact (BigInt) quantity text, also at rounding edges and beyond 2^53', () => {
  const values = [0, 0.4, 0.5, 1.5, 2.5, -0.5, -3, 999.5, 1048575, 1048576, 1048577, 2 ** 40 + 1, 2 ** 53 - 1, 2 ** 53 + 2, 1e20, -(2 ** 20) - 1];
  for (const v of values) {
    const whole = BigInt(Math.round(v));
    assert.equal(cpuText(v), formatMilliCpu({ nanos: whole * 1_000_000n }), `cpu ${v}`);
    assert.equal(memoryText(v), formatMebibytes({ nanos: whole * 1_000_000_000n }), `memory ${v}`);
  }
});

test('tables pad like kubectl tabwriter: at least 10 wide, 3 blanks between columns, no trailing blanks', () => {
  const width = 'a-rather-long-name'.length + 3;
  assert.equal(
    formatTable([
      ['NAME', 'CPU'],
      ['a-rather-long-name', '1m'],
    ]),
    `${'NAME'.padEnd(width)}CPU\n${'a-rather-long-name'.padEnd(width)}1m\n`,
  );
  assert.equal(formatTable([['A', 'B']]), `${'A'.padEnd(10)}B\n`);
});

const node: NodeRow = {
  name: 'ksd-node-1',
  ready: true,
  unschedulable: false,
  allocatable: { cpuMilli: 8000, memoryBytes: 32 * 2 ** 30 },
  requested: { cpuMilli: 410, memoryBytes: 416 * 2 ** 20 },
  usage: { cpuMilli: 503, memoryBytes: 208 * 2 ** 20 },
  cpuPercent: 6,
  memoryPercent: 0,
  cpuRequestedPercent: 5,
  memoryRequestedPercent: 1,
};

test('node table: kubectl top columns plus requested %', () => {
  const lines = nodeTable([node, { ...node, name: 'new', usage: undefined, cpuPercent: undefined, memoryPercent: undefined }]).split('\n');
  assert.deepEqual(lines[0].split(/\s+/), ['NAME', 'CPU(cores)', 'CPU%', 'CPU-REQ%', 'MEMORY(bytes)', 'MEMORY%', 'MEMORY-REQ%']);
  assert.deepEqual(lines[1].split(/\s+/), ['ksd-node-1', '503m', '6%', '5%', '208Mi', '0%', '1%']);
  assert.deepEqual(lines[2].split(/\s+/), ['new', '<unknown>', '<unknown>', '5%', '<unknown>', '<unknown>', '1%']);
  assert.match(nodeTable([node], false), /ksd-node-1\s+503m\s+6%\s+<unknown>/);
});

test('pod table: % of request, `-` without a request, restarts and status', () => {
  const pod: PodRow = {
    namespace: 'shop',
    name: 'web-1',
    status: 'Running',
    restarts: 2,
    containers: [],
    request: { cpuMilli: 200 },
    usage: { cpuMilli: 100, memoryBytes: 90 * 2 ** 20 },
    cpuPercentOfRequest: 50,
    metrics: 'ok',
  };
  const pending: PodRow = { ...pod, name: 'web-2', usage: undefined, cpuPercentOfRequest: undefined, metrics: 'pending', restarts: 0, status: 'ContainerCreating' };
  const lines = podTable([pod, pending], true).split('\n');
  assert.deepEqual(lines[0].split(/\s+/), ['NAMESPACE', 'NAME', 'CPU(cores)', 'CPU/REQ%', 'MEMORY(bytes)', 'MEM/REQ%', 'RESTARTS', 'STATUS']);
  assert.deepEqual(lines[1].split(/\s+/), ['shop', 'web-1', '100m', '50%', '90Mi', '-', '2', 'Running']);
  assert.deepEqual(lines[2].split(/\s+/), ['shop', 'web-2', '<unknown>', '<unknown>', '<unknown>', '-', '0', 'ContainerCreating']);
  assert.ok(!podTable([pod], false).includes('NAMESPACE'));
});

test('a table longer than one chunk of lines has every row once, in order, and ends with one newline', () => {
  const rows = Array.from({ length: 2500 }, (_, i) => [`pod-${i}`, i % 7 ? `${i}m` : '']);
  const out = formatTable([['NAME', 'CPU'], ...rows]);
  const lines = out.split('\n');
  assert.equal(lines.length, 2502, 'header, 2,500 rows and the empty string after the last newline');
  assert.equal(lines[2501], '');
  const width = 'pod-2499'.length + 3;
  assert.equal(lines[0], 'NAME'.padEnd(width) + 'CPU');
  for (let i = 0; i < rows.length; i++) assert.equal(lines[i + 1], rows[i][1] ? rows[i][0].padEnd(width) + rows[i][1] : rows[i][0], `row ${i}`);
  assert.equal(formatTable([]), '');
});
