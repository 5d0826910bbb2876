// metrics-server-unreachable-kubelets: scrapes of the kubelets time out or are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOG, run, withLogs } from './fixtures';

test('unreachable kubelets: timeouts name the nodes, no automatic repair', () => {
  const [f] = run(withLogs([LOG.timeout('ip-10-0-1-5', '10.0.1.5')]), 'metrics-server-unreachable-kubelets');
  assert.match(f.message, /1 node: ip-10-0-1-5 \(timeout\)/);
  assert.deepEqual(f.repairs, []);
  assert.match(f.explanation, /hostNetwork: true/);
});
