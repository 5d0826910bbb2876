// The extension's opt-in event-loop probe (for bench/cluster-extension-host.mjs): off unless asked.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startEventLoopProbe } from '../../src/extension/explorer/eventLoopProbe';

test('the event-loop probe writes nothing unless KSD_BENCH_EVENT_LOOP_FILE is set, and appends "<time> <gap ms> <CPU ms> <most CPU ms>" lines when it is', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ksd-probe-')), 'loop.txt');
  startEventLoopProbe({}).dispose();
  assert.equal(fs.existsSync(file), false);
  const probe = startEventLoopProbe({ KSD_BENCH_EVENT_LOOP_FILE: file });
  await new Promise((r) => setTimeout(r, 300));
  // Hold the event loop for 250 ms of wall time AND 250 ms of the process's CPU: on a loaded machine the thread gets
  // less CPU than wall time, and the process's CPU also counts its other threads (GC), so either alone can fall short.
  const cpuMs = () => (process.cpuUsage().user + process.cpuUsage().system) / 1000;
  const until = cpuMs() + 250;
  const wallUntil = Date.now() + 250;
  while (cpuMs() < until || Date.now() < wallUntil);
  await new Promise((r) => setTimeout(r, 2100));
  probe.dispose();
  await new Promise((r) => setTimeout(r, 50));
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  for (const l of lines) assert.match(l, /^\d{13} -?\d+\.\d \d+\.\d \d+\.\d$/);
  const held = lines.map((l) => l.split(' ').map(Number)).find(([, gap]) => gap >= 180);
  assert.ok(held, `no gap of 180 ms or more in ${lines.join(' | ')}`);
  // The main thread's CPU in that gap (most of the busy loop's 250 ms), also the most of that second.
  assert.ok(held[2] >= 180 && held[3] >= held[2], `gap ${held[1]} ms, CPU ${held[2]} ms, most CPU ${held[3]} ms`);
});
