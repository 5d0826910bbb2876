// kubectl-too-old: a kubectl that reads Heapster instead of the metrics API for `kubectl top`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, run } from './fixtures';

test('kubectl too old: 1.18 falls back to Heapster, 1.19 does not, no kubectl means no finding', () => {
  const k = (minor: number) => ({ path: '/usr/local/bin/kubectl', gitVersion: `v1.${minor}.3`, major: 1, minor, raw: `Client Version: v1.${minor}.3` });
  const [f] = run(baseState({ kubectl: k(18) }));
  assert.equal(f.id, 'kubectl-too-old');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /kubectl v1\.18\.3 \(\/usr\/local\/bin\/kubectl\) falls back to Heapster/);
  assert.equal(f.object, undefined);
  assert.match(run(baseState({ kubectl: k(7) }))[0].message, /only knows Heapster/);
  assert.deepEqual(run(baseState({ kubectl: k(19) })), []);
  assert.deepEqual(run(baseState({ kubectl: undefined })), []);
});
