// Lists the data layer reads in one piece (issue 11 item 16): an API server that ignores `limit`
// and answers 200,000 nodes in one page must give 200,000 items, not "Maximum call stack size exceeded".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAll, listPath, type KubeList } from '../../src/core/cluster/informer';
import { toProblem } from '../../src/core/cluster/problems';
import { UnexpectedAnswerError } from '../../src/core/cluster/request';
import { withServer } from './fake-api-server';

test('an unpaged list of 200,000 items is read whole', async () => {
  const items = Array.from({ length: 200_000 }, (_, i) => ({ metadata: { name: `node-${i}` } }));
  const list = await listAll<{ metadata: { name: string } }>(async (): Promise<KubeList<{ metadata: { name: string } }>> => ({ metadata: { resourceVersion: '7' }, items }));
  assert.equal(list.items.length, 200_000);
  assert.equal(list.items[199_999].metadata.name, 'node-199999');
  assert.equal(list.metadata?.resourceVersion, '7');
});

test('review item 3: a server that answers the same continue token forever is an unexpected answer, not an endless loop', async () => {
  let requests = 0;
  await withServer(
    (_req, res) => {
      requests++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'NodeList', metadata: { resourceVersion: '1', continue: 'same-token' }, items: [{ metadata: { name: `n${requests}` } }] }));
    },
    async (kc) => {
      const err = await listPath(kc, '/api/v1/nodes').then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err, 'the list fails');
      const p = toProblem(err, 'listing nodes');
      assert.equal(p.title, 'Unexpected answer from the API server');
      assert.match(p.message, /GET \/api\/v1\/nodes/);
      assert.match(p.message, /continue/);
      assert.ok(requests <= 3, `stopped after ${requests} requests`);
    },
  );
});

test('review item 3: listAll stops after a page cap even when every continue token is new', async () => {
  let pages = 0;
  await assert.rejects(
    listAll<unknown>(async () => ({ metadata: { continue: `t${++pages}` }, items: [] }), 500, 1000),
    (e: unknown) => e instanceof UnexpectedAnswerError && /1000 pages/.test(e.why),
  );
  assert.equal(pages, 1000);
});
