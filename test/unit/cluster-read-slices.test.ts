// A list answer that piled up while the process waited for a core (libuv then reads up to 32 chunks at once) is
// decoded a slice at a time, the event loop getting a turn between slices: the extension host does not stall on it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServer } from 'node:http';
import * as k8s from '@kubernetes/client-node';
import { getListStreamed } from '../../src/core/cluster/request';

test('a big list answer is decoded in slices, with event-loop turns between them, and every item arrives', async () => {
  const item = (i: number) => ({ metadata: { name: `pod-${String(i).padStart(6, '0')}`, namespace: 'load' }, spec: { nodeName: `node-${i % 2000}` } });
  const itemBytes = JSON.stringify(item(0)).length + 1;
  const count = 40_000;
  const body = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '9' }, items: Array.from({ length: count }, (_, i) => item(i)) });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as { port: number }).port}`, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    // Items kept between two turns of the event loop (a setImmediate loop notes each turn).
    let sinceTurn = 0;
    let mostBetweenTurns = 0;
    let reading = true;
    const turn = () => {
      sinceTurn = 0;
      if (reading) setImmediate(turn);
    };
    setImmediate(turn);
    // Each item costs some CPU, as trimming and decoding do: a 64 KB chunk is over a slice's 8 ms.
    const keep = (o: { metadata: { name: string } }) => {
      const until = performance.now() + 0.03;
      while (performance.now() < until);
      mostBetweenTurns = Math.max(mostBetweenTurns, ++sinceTurn);
      return o.metadata.name;
    };
    const list = await getListStreamed(kc, '/api/v1/pods', {}, { keep }).finally(() => (reading = false));
    assert.equal(list.items.length, count);
    assert.equal(list.items[count - 1], 'pod-039999');
    assert.equal(list.metadata?.resourceVersion, '9');
    // At most about two socket reads (64 KB each) between turns, where the whole answer is 3.5 MB.
    const perRead = Math.ceil(65_536 / itemBytes);
    assert.ok(mostBetweenTurns <= 2 * perRead, `${mostBetweenTurns} items decoded in one turn (a 64 KB read holds ${perRead})`);
  } finally {
    server.close();
  }
});
