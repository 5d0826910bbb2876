// The Doctor view's undo records (src/extension/doctor/undoStore.ts), over an in-memory workspace state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UndoRecord } from '../../src/core/doctor/types';
import { UndoStore } from '../../src/extension/doctor/undoStore';

class MemoryState {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T {
    return (this.values.has(key) ? structuredClone(this.values.get(key)) : fallback) as T;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, structuredClone(value));
  }
}

const record = (n: number): UndoRecord => ({
  repairId: 'metrics-server-address-types',
  appliedAt: new Date(Date.UTC(2026, 10, 22, 1, n)).toISOString(),
  objects: [{ object: { kind: 'Deployment', namespace: 'kube-system', name: 'metrics-server' }, action: 'patch', before: { spec: { n } }, resourceVersionAfter: String(100 + n) }],
});

test('undo entries: newest first, found by id, removed once used, and they survive a new store on the same state', async () => {
  const state = new MemoryState();
  const store = new UndoStore(state as never);
  const a = await store.add({ title: 'A', context: 'kind-dev', server: 'https://127.0.0.1:6443', record: record(1) });
  const b = await store.add({ title: 'B', context: 'kind-dev', server: 'https://127.0.0.1:6443', record: record(2) });
  assert.notEqual(a.id, b.id);
  assert.deepEqual(
    store.list().map((e) => e.title),
    ['B', 'A'],
  );
  assert.deepEqual(new UndoStore(state as never).get(a.id)?.record, record(1), 'kept in the workspace state, not only in memory');
  await store.remove(b.id);
  assert.deepEqual(
    store.list().map((e) => e.title),
    ['A'],
  );
  assert.equal(store.get(b.id), undefined);
});

test('undo entries: the same record twice is one entry; only the last 20 are kept', async () => {
  const store = new UndoStore(new MemoryState() as never);
  await store.add({ title: 'once', context: 'c', server: 's', record: record(0) });
  await store.add({ title: 'twice', context: 'c', server: 's', record: record(0) });
  assert.deepEqual(
    store.list().map((e) => e.title),
    ['twice'],
  );
  for (let n = 1; n <= 25; n++) await store.add({ title: `r${n}`, context: 'c', server: 's', record: record(n) });
  assert.equal(store.list().length, 20);
  assert.equal(store.list()[0].title, 'r25');
  assert.equal(store.list()[19].title, 'r6');
});

test('undo entries saved under the former repair id metrics-server-insecure-tls show the new id and keep their entry id', async () => {
  const state = new MemoryState();
  const old = { ...record(3), repairId: 'metrics-server-insecure-tls' };
  const id = `metrics-server-insecure-tls@${old.appliedAt}`;
  await state.update('kubeScalingDoctor.doctor.undo', [{ id, title: 'Old', context: 'kind-dev', server: 'https://127.0.0.1:6443', record: old }]);
  const store = new UndoStore(state as never);
  assert.equal(store.get(id)?.record.repairId, 'metrics-server-skip-kubelet-tls-verify');
  assert.deepEqual(store.get(id)?.record.objects, old.objects);
  await store.remove(id);
  assert.deepEqual(store.list(), []);
});
