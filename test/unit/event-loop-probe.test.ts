// The extension's opt-in event-loop probe (for bench/cluster-extension-host.mjs): off unless asked.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startEventLoopProbe } from '../../src/extension/explorer/eventLoopProbe';

test('the event-loop probe writes nothing unless KSD_BENCH_EVENT_LOOP_FILE is set, and appends "<time> <max ms>" lines when it is', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ksd-probe-')), 'loop.txt');
  startEventLoopProbe({}).dispose();
  assert.equal(fs.existsSync(file), false);
  const probe = startEventLoopProbe({ KSD_BENCH_EVENT_LOOP_FILE: file });
  await new Promise((r) => setTimeout(r, 1300));
  probe.dispose();
  await new Promise((r) => setTimeout(r, 50));
  assert.match(fs.readFileSync(file, 'utf8'), /^\d{13} \d+\.\d\n/);
});
