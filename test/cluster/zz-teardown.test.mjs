// Runs last (files run in name order with --test-concurrency=1): stops the shared test cluster
// that the other test/cluster files brought up, so no process outlives the test run.
// KSD_KEEP_CLUSTER=1 keeps it for fast re-runs (npm run cluster -- down --name ksd-test stops it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { down, status } from '../../scripts/cluster/lib.mjs';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';

test(`tear down the test cluster ${NAME}`, { skip: skip || (process.env.KSD_KEEP_CLUSTER === '1' ? 'KSD_KEEP_CLUSTER=1' : false), timeout: 180_000 }, async () => {
  await down({ name: NAME, log: (m) => process.stderr.write(`# [cluster] ${m}\n`) });
  const st = await status({ name: NAME });
  assert.equal(st.exists, false);
  assert.ok(st.components.every((c) => !c.alive));
});
