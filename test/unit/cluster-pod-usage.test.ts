// The pods' usage a session holds between metrics reads (src/core/cluster/podUsage.ts): a read reuses what it holds,
// applies only when it is applied, and takes their usage from the pods of the namespaces it read but did not name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PodUsageStore, type HeldUsage } from '../../src/core/cluster/podUsage';
import type { PodUsage } from '../../src/core/cluster/metrics';
import { sameSample, sampleShows, usageSample } from '../../src/core/cluster/rows';

const metrics = (namespace: string, name: string, cpu: string): PodUsage => ({ metadata: { name, namespace }, containers: [{ name: 'app', usage: { cpu, memory: '64Mi' } }] });

/** Applies a read of these PodMetrics of the namespaces `read`; returns what it reported. */
function applyRead(store: PodUsageStore, items: PodUsage[], read: string[]) {
  const held = items.map((m) => store.read(m));
  const changed: [string, boolean][] = [];
  const removed: string[] = [];
  const steps = store.apply(
    held,
    (k) => read.some((ns) => k.startsWith(`${ns}/`)),
    (k, first) => changed.push([k, first]),
    (k) => removed.push(k),
  );
  while (!steps.next().done);
  return { held, changed, removed };
}

test('a read reports the pods whose usage changed, the first sample as first, and keeps the sample of an unchanged pod', () => {
  const store = new PodUsageStore();
  const first = applyRead(store, [metrics('shop', 'a', '10m'), metrics('shop', 'b', '20m')], ['shop']);
  assert.deepEqual(first.changed, [
    ['shop/a', true],
    ['shop/b', true],
  ]);
  const a = store.sample('shop/a');
  assert.equal(a?.usage.cpuMilli, 10);
  // 10.4m rounds up to 11m as kubectl shows it: a change; b's 20m read again is the same sample.
  const second = applyRead(store, [metrics('shop', 'a', '10400000n'), metrics('shop', 'b', '20000000n')], ['shop']);
  assert.deepEqual(second.changed, [['shop/a', false]]);
  assert.equal(store.sample('shop/a')?.usage.cpuMilli, 11);
  const b = second.held[1];
  assert.equal(store.sample('shop/b'), b.sample, 'the held object is the one the read returned');
  assert.equal(b.next, undefined);
  assert.deepEqual(second.removed, []);
});

test("a read's samples count only once it is applied: one that failed part-way leaves every pod as it was", () => {
  const store = new PodUsageStore();
  applyRead(store, [metrics('shop', 'a', '10m')], ['shop']);
  const before = store.sample('shop/a');
  const unapplied: HeldUsage = store.read(metrics('shop', 'a', '90m'));
  store.read(metrics('shop', 'c', '5m'));
  assert.equal(store.sample('shop/a'), before);
  assert.equal(store.has('shop/c'), false);
  // The next read that is applied decides: the same 10m as held, so no change.
  const next = applyRead(store, [metrics('shop', 'a', '10m')], ['shop']);
  assert.equal(unapplied, next.held[0]);
  assert.deepEqual(next.changed, []);
  assert.equal(store.sample('shop/a'), before);
});

test('pods of the namespaces read that the read did not name lose their usage; pods of the other namespaces keep theirs', () => {
  const store = new PodUsageStore();
  applyRead(store, [metrics('shop', 'a', '10m'), metrics('shop', 'gone', '10m'), metrics('ops', 'x', '30m')], ['shop', 'ops']);
  const r = applyRead(store, [metrics('shop', 'a', '10m')], ['shop']);
  assert.deepEqual(r.removed, ['shop/gone']);
  assert.equal(store.has('shop/gone'), false);
  assert.equal(store.sample('ops/x')?.usage.cpuMilli, 30, 'ops was not read');
  // A pod deleted while a read was under way is not brought back by it.
  const late = store.read(metrics('shop', 'a', '50m'));
  store.delete('shop/a');
  const steps = store.apply(
    [late],
    () => true,
    () => undefined,
    () => undefined,
  );
  while (!steps.next().done);
  assert.equal(store.has('shop/a'), false);
});

test('a PodMetrics without a name is held under no key (the list reader refuses it)', () => {
  const store = new PodUsageStore();
  assert.equal(store.read({ metadata: {}, containers: [] } as unknown as PodUsage).name, '');
});

test('a PodMetrics is compared with the held sample as the sample it would make is: plain and other quantity forms, one container or several', () => {
  const pm = (...containers: [string, string, string][]): PodUsage => ({
    metadata: { name: 'p', namespace: 'shop' },
    containers: containers.map(([name, cpu, memory]) => ({ name, usage: { cpu, memory } })),
  });
  const cases = [
    pm(['app', '10500000n', '32Mi']),
    pm(['app', '10600000n', '32Mi']), // kubectl shows 11m both times
    pm(['app', '11000001n', '32Mi']),
    pm(['app', '11m', '33554432']),
    pm(['app', '0.011', '32Mi']), // not a plain form: the exact path
    pm(['app', '11m', '1e3']),
    pm(['app', '10500000n', '32Mi'], ['sidecar', '1m', '8Mi']),
    pm(['app', '10500000n', '32Mi'], ['sidecar', '2m', '8Mi']),
    pm(['sidecar', '1m', '8Mi'], ['app', '10500000n', '32Mi']),
    pm(['app', '5500000n', '32Mi'], ['sidecar', '5500000n', '8Mi']), // 6m + 6m per container, 11m summed
    pm(['app', '5400000n', '32Mi'], ['sidecar', '5500000n', '8Mi']),
    pm(),
  ];
  for (const a of cases) {
    for (const b of cases) {
      const held = usageSample(a);
      assert.equal(sampleShows(held, b), sameSample(held, usageSample(b)), `${JSON.stringify(a.containers)} vs ${JSON.stringify(b.containers)}`);
    }
  }
  // A read of an unchanged pod keeps no new sample; a changed one does.
  const store = new PodUsageStore();
  applyRead(store, [cases[0]], ['shop']);
  assert.equal(store.read(cases[1]).next, undefined);
  assert.deepEqual(store.read(cases[2]).next, usageSample(cases[2]));
});
