// Lists the data layer reads in one piece (issue 11 item 16): an API server that ignores `limit`
// and answers 200,000 nodes in one page must give 200,000 items, not "Maximum call stack size exceeded".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAll, type KubeList } from '../../src/core/cluster/informer';

test('an unpaged list of 200,000 items is read whole', async () => {
  const items = Array.from({ length: 200_000 }, (_, i) => ({ metadata: { name: `node-${i}` } }));
  const list = await listAll<{ metadata: { name: string } }>(async (): Promise<KubeList<{ metadata: { name: string } }>> => ({ metadata: { resourceVersion: '7' }, items }));
  assert.equal(list.items.length, 200_000);
  assert.equal(list.items[199_999].metadata.name, 'node-199999');
  assert.equal(list.metadata?.resourceVersion, '7');
});
