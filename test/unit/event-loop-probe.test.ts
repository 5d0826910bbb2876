// The extension's opt-in event-loop probe (for bench/cluster-extension-host.mjs): off unless asked.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { startEventLoopProbe } from '../../src/extension/explorer/eventLoopProbe';
import { tempDir } from '../tempDir';

test('the event-loop probe writes nothing unless KSD_BENCH_EVENT_LOOP_FILE is set, and appends "<time> <gap ms> <CPU ms> <most CPU ms> <waiting ms> <GC pauses>" lines when it is', async () => {
  const file = path.join(tempDir('ksd-probe-'), 'loop.txt');
  startEventLoopProbe({}).dispose();
  assert.equal(fs.existsSync(file), false);
  const probe = startEventLoopProbe({ KSD_BENCH_EVENT_LOOP_FILE: file });
  await new Promise((r) => setTimeout(r, 300));
  // Hold the event loop for 250 ms of wall time AND 250 ms of the process's CPU: on a loaded machine the thread gets
  // less CPU than wall time, and the process's CPU also counts its other threads (GC), so either alone can fall short.
  const cpuMs = () => (process.cpuUsage().user + process.cpuUsage().system) / 1000;
  const until = cpuMs() + 250;
  const wallUntil = Date.now() + 250;
  let kept: number[][] = [];
  // Garbage while it holds the loop (scavenges), then a full mark-compact on demand (a major GC).
  while (cpuMs() < until || Date.now() < wallUntil) kept = [[kept.length], new Array(64).fill(kept.length)];
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  await new Promise((r) => setTimeout(r, 2100));
  probe.dispose();
  await new Promise((r) => setTimeout(r, 50));
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  for (const l of lines) assert.match(l, /^\d{13} -?\d+\.\d \d+\.\d \d+\.\d \d+\.\d \d+\.\d \d+ \d+\.\d \d+\.\d$/);
  const sum = (column: number) => lines.reduce((total, l) => total + Number(l.split(' ')[column]), 0);
  assert.ok(sum(5) > 0, `no scavenge counted in ${lines.join(' | ')}`);
  assert.ok(sum(6) >= 1 && sum(7) > 0, `the full GC asked for is not counted in ${lines.join(' | ')}`);
  const held = lines.map((l) => l.split(' ').map(Number)).find(([, gap]) => gap >= 180);
  assert.ok(held, `no gap of 180 ms or more in ${lines.join(' | ')}`);
  // The main thread's CPU in that gap (most of the busy loop's 250 ms), also the most of that second.
  assert.ok(held[2] >= 180 && held[3] >= held[2], `gap ${held[1]} ms, CPU ${held[2]} ms, most CPU ${held[3]} ms`);
  // The thread ran or waited for a core, never both at once: the two add up to about the gap and the timer's 20 ms
  // (the clocks are read a statement apart, and a loaded machine can preempt the thread between them: a margin).
  assert.ok(held[4] >= 0 && held[2] + held[4] <= (held[1] + 20) * 1.25 + 50, `gap ${held[1]} ms, CPU ${held[2]} ms, waiting ${held[4]} ms`);
});
