// The extension-host bench splits a V8 profile of the main thread into phases and into ours / GC / the rest: the
// figure target 4's idle CPU is read from. A wrong split would credit VS Code's work to us or ours to it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocations, splitProfile, type HeapProfileNode } from '../../bench/main-thread-profile.mjs';

const frame = (functionName: string, url = '') => ({ functionName, url, scriptId: '0', lineNumber: 0, columnNumber: 0 });

// root → (idle) | (garbage collector) | vscodeTimer → ourRefresh → JSON.parse (native, no URL) | vscodeRender
//      | probe tick (ours, but the bench's) → fs read
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 8] },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('(garbage collector)') },
    { id: 4, callFrame: frame('processTimers', 'node:internal/timers'), children: [5, 7] },
    { id: 5, callFrame: frame('refreshMetrics', 'file:///repo/dist/cluster.js'), children: [6] },
    { id: 6, callFrame: frame('parse') },
    { id: 7, callFrame: frame('render', 'file:///code-server/out/vs/workbench/api/node/extensionHostProcess.js') },
    { id: 8, callFrame: frame('eventLoopProbeTick', 'file:///repo/dist/extension.js'), children: [9] },
    { id: 9, callFrame: frame('readFileSync', 'node:fs') },
  ],
  startTime: 1_000_000,
  endTime: 0,
  samples: [] as number[],
  timeDeltas: [] as number[],
};
// Phase A (1 s → 2 s): 100 ms ours (half in parse under our frame), 50 ms GC, 30 ms VS Code's, 20 ms the probe's
// (half of it in fs under the probe's frame), the rest idle.
// Phase B (2 s → 3 s): 10 ms ours, 200 ms VS Code's.
const run = (id: number, ms: number) => {
  for (let i = 0; i < ms; i++) {
    profile.samples.push(id);
    profile.timeDeltas.push(1000);
  }
};
run(5, 50);
run(6, 50);
run(3, 50);
run(7, 30);
run(8, 10);
run(9, 10);
run(2, 800);
run(5, 10);
run(7, 200);
run(2, 790);
profile.endTime = profile.startTime + profile.timeDeltas.reduce((a, b) => a + b, 0);

test("a main-thread profile is split per phase into our frames (anywhere on the stack), the bench's probe, the GC and the rest", () => {
  const [a, b] = splitProfile(
    profile,
    [
      { name: 'A', fromUs: 1_000_000, toUs: 2_000_000 },
      { name: 'B', fromUs: 2_000_000, toUs: 3_000_000 },
    ],
    '/repo/dist/',
  );
  const near = (x: number, y: number) => assert.ok(Math.abs(x - y) < 0.2, `${x} ≈ ${y}`);
  assert.equal(a.name, 'A');
  near(a.seconds, 1);
  near(a.ours, 10);
  near(a.gc, 5);
  near(a.rest, 3);
  near(a.probe, 2);
  near(a.busy, 20);
  near(b.ours, 1);
  near(b.gc, 0);
  near(b.rest, 20);
  near(b.probe, 0);
  near(b.busy, 21);
});

test('samples outside every phase are counted in none; an empty phase is 0 %, not NaN', () => {
  const [none, empty] = splitProfile(
    profile,
    [
      { name: 'before the profile', fromUs: 0, toUs: 900_000 },
      { name: 'no length', fromUs: 1_500_000, toUs: 1_500_000 },
    ],
    '/repo/dist/',
  );
  assert.equal(none.busy, 0);
  assert.equal(empty.busy, 0);
  assert.equal(empty.seconds, 0);
});

test("a sampled heap profile's bytes go to our frame nearest the allocation, else to the allocating function; ours counts any stack with a frame of ours", () => {
  const node = (functionName: string, url: string, selfSize: number, children: HeapProfileNode[] = []): HeapProfileNode => ({
    callFrame: { ...frame(functionName, url), lineNumber: 9 },
    selfSize,
    children,
  });
  // root → timers → applyMetrics (ours) → decode (ours) → Array (native): 600; applyMetrics itself: 100
  //      → vscodeRpc: 250; (root) itself: 50
  const heap = {
    head: node('(root)', '', 50, [
      node('processTimers', 'node:internal/timers', 0, [node('applyMetrics', 'file:///repo/dist/cluster.js', 100, [node('decode', 'file:///repo/dist/cluster.js', 0, [node('Array', '', 600)])])]),
      node('send', 'file:///code-server/out/extensionHostProcess.js', 250),
    ]),
  };
  const a = allocations(heap, '/repo/dist/');
  assert.equal(a.total, 1000);
  assert.equal(a.ours, 700);
  assert.deepEqual(a.top, [
    ['decode cluster.js:10', 600],
    ['send extensionHostProcess.js:10', 250],
    ['applyMetrics cluster.js:10', 100],
    ['(root) :10', 50],
  ]);
});
