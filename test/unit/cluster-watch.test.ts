// Watches (watch.ts): protobuf frames and JSON lines read as they arrive, into the objects lists give; what a hostile or
// silent server gets (a clear error naming the request, never a hang or an event taken on trust); how the informer
// acts on ERROR events. test/cluster/explorer-data.test.mjs watches the real API server through the same code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Informer } from '../../src/core/cluster/informer';
import { PROTOBUF_CONTENT_TYPE, ProtobufError, ProtobufWatchReader } from '../../src/core/cluster/protobuf';
import { nodeFromProtobuf, resourceVersionFromProtobuf, statusFromProtobuf } from '../../src/core/cluster/protoObjects';
import { KubeApiError, UnexpectedAnswerError } from '../../src/core/cluster/request';
import { trimNode } from '../../src/core/cluster/trim';
import { watchPath, type WatchHandlers } from '../../src/core/cluster/watch';
import { encode, quantityMap, watchFrame, type Msg } from './protobuf-fixtures';
import { signal, withServer } from './fake-api-server';

const WATCH_STREAM = `${PROTOBUF_CONTENT_TYPE};stream=watch`;

/** A core/v1 Node: metadata {1: name, 6: resourceVersion}, status {2: allocatable}, with a field the decoder skips. */
function node(name: string, rv: string, cpu = '8'): Buffer {
  const meta: Msg = [
    [1, name],
    [6, rv],
  ];
  return encode([
    [1, meta],
    [3, [...quantityMap(2, { cpu }), [8, [[1, 'a-skipped-address']]]]],
  ]);
}

const bookmark = (rv: string) => encode([[1, [[6, rv]]]]);
const status = (code: number, message: string) =>
  encode([
    [2, 'Failure'],
    [3, message],
    [4, code === 410 ? 'Expired' : 'InternalError'],
    [6, code],
  ]);

/** What a watch delivered, one line per event, and how it ended. */
function recorder<T extends { metadata?: { name?: string; resourceVersion?: string } }>() {
  const events: string[] = [];
  const ended = signal();
  const ends: unknown[] = [];
  const on: WatchHandlers<T> = {
    object: (type, o) => events.push(`${type} ${o.metadata?.name} ${o.metadata?.resourceVersion}`),
    bookmark: (rv) => events.push(`BOOKMARK ${rv}`),
    error: (s) => events.push(`ERROR ${s.code} ${s.message}`),
    done: (err) => {
      ends.push(err);
      ended.resolve();
    },
  };
  return { events, ends, ended: ended.promise, on };
}

test('protobuf watch frames are read whatever the chunking: objects, bookmarks and a Status', () => {
  const stream = Buffer.concat([
    watchFrame('ADDED', 'Node', node('node-1', '7')),
    watchFrame('BOOKMARK', 'Node', bookmark('9')),
    watchFrame('MODIFIED', 'Node', node('node-1', '10', '7900m')),
    watchFrame('ERROR', 'Status', status(410, 'too old resource version: 7 (12)')),
  ]);
  const want = ['ADDED Node node-1 7 8', 'BOOKMARK Node 9', 'MODIFIED Node node-1 10 7900m', 'ERROR Status 410 too old resource version: 7 (12)'];
  for (const size of [1, 3, 7, 64, stream.length]) {
    const got: string[] = [];
    const reader = new ProtobufWatchReader((type, kind, buf, start, end) => {
      if (type === 'BOOKMARK') got.push(`${type} ${kind} ${resourceVersionFromProtobuf(buf, start, end)}`);
      else if (type === 'ERROR') {
        const s = statusFromProtobuf(buf, start, end);
        got.push(`${type} ${kind} ${s.code} ${s.message}`);
      } else {
        const n = nodeFromProtobuf(buf, start, end);
        got.push(`${type} ${kind} ${n.metadata?.name} ${n.metadata?.resourceVersion} ${n.status?.allocatable?.cpu}`);
      }
    });
    for (let i = 0; i < stream.length; i += size) reader.push(stream.subarray(i, i + size));
    assert.deepEqual(got, want, `chunks of ${size} bytes`);
    assert.equal(reader.between, true);
  }
});

test('a protobuf watch frame longer than the limit, or whose object is not a Kubernetes object, is rejected at once', () => {
  const huge = Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3]);
  assert.throws(
    () => new ProtobufWatchReader(() => undefined).push(huge),
    (e: unknown) => e instanceof ProtobufError && /2147483647 bytes/.test(e.message),
  );
  const event = encode([
    [1, 'ADDED'],
    [2, [[1, node('node-1', '1')]]],
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(event.length);
  assert.throws(() => new ProtobufWatchReader(() => undefined).push(Buffer.concat([length, event])), /not a Kubernetes protobuf object/);
});

test('watchPath asks for protobuf when it can decode the kind, and reads the frames into the objects a list gives', { timeout: 10_000 }, async () => {
  let asked: { accept?: string; query?: URLSearchParams } = {};
  await withServer(
    (req, res) => {
      asked = { accept: req.headers.accept, query: new URL(req.url ?? '', 'http://x').searchParams };
      res.writeHead(200, { 'Content-Type': WATCH_STREAM });
      res.write(watchFrame('ADDED', 'Node', node('node-1', '7')));
      res.write(watchFrame('BOOKMARK', 'Node', bookmark('8')));
      res.end(watchFrame('DELETED', 'Node', node('node-1', '9')));
    },
    async (kc) => {
      const r = recorder<any>();
      const stream = await watchPath(kc, '/api/v1/nodes', { resourceVersion: '6', allowWatchBookmarks: 'true' }, { keep: trimNode, protobuf: nodeFromProtobuf }, r.on, 60_000);
      await r.ended;
      assert.equal(stream.protobuf, true);
      assert.deepEqual(r.events, ['ADDED node-1 7', 'BOOKMARK 8', 'DELETED node-1 9']);
      assert.deepEqual(r.ends, [undefined], 'a close by the server ends the watch without an error, once');
    },
  );
  assert.match(asked.accept ?? '', /^application\/vnd\.kubernetes\.protobuf, application\/json$/);
  assert.equal(asked.query?.get('watch'), 'true');
  assert.equal(asked.query?.get('resourceVersion'), '6');
});

test('watchPath reads JSON lines split anywhere (and CRLF), and ends with an error naming the request at a line that is not an event', { timeout: 10_000 }, async () => {
  const line = JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'web-1', namespace: 'shop', resourceVersion: '5', managedFields: [{}] }, spec: { nodeName: 'n' } } });
  await withServer(
    (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(line.slice(0, 20));
      setTimeout(() => {
        res.write(line.slice(20) + '\r\n' + JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '6' } } }) + '\n');
        setTimeout(() => res.write('<html>proxy error</html>\n'), 20);
      }, 20);
    },
    async (kc) => {
      const r = recorder<any>();
      const stream = await watchPath(kc, '/api/v1/pods', {}, { keep: (o) => ({ metadata: { name: o.metadata.name, resourceVersion: o.metadata.resourceVersion } }) }, r.on, 60_000);
      await r.ended;
      assert.equal(stream.protobuf, false);
      assert.deepEqual(r.events, ['ADDED web-1 5', 'BOOKMARK 6']);
      assert.equal(r.ends.length, 1);
      assert.ok(r.ends[0] instanceof UnexpectedAnswerError);
      assert.match((r.ends[0] as Error).message, /GET \/api\/v1\/pods answered 200 with something that is not JSON/);
    },
  );
});

test('watchPath: an object without a name, a refusal and a silent server each end the watch with a clear error', { timeout: 10_000 }, async () => {
  await withServer(
    (_req, res) => {
      res.writeHead(200, { 'Content-Type': WATCH_STREAM });
      res.write(watchFrame('ADDED', 'Node', encode([[1, [[6, '3']]]])));
    },
    async (kc) => {
      const r = recorder<any>();
      await watchPath(kc, '/api/v1/nodes', {}, { keep: trimNode, protobuf: nodeFromProtobuf }, r.on, 60_000);
      await r.ended;
      assert.deepEqual(r.events, []);
      assert.match(String(r.ends[0]), /GET \/api\/v1\/nodes sent a ADDED watch event whose object has no metadata\.name/);
    },
  );
  await withServer(
    (_req, res) => {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: 'nodes is forbidden: User "dev" cannot watch resource "nodes"' }));
    },
    async (kc) => {
      const r = recorder<any>();
      await watchPath(kc, '/api/v1/nodes', {}, { keep: trimNode }, r.on, 60_000);
      assert.equal(r.ends.length, 1, 'a refusal has ended the watch by the time it resolves');
      assert.ok(r.ends[0] instanceof KubeApiError);
      assert.equal((r.ends[0] as KubeApiError).status, 403);
      assert.match((r.ends[0] as Error).message, /cannot watch resource "nodes"/);
    },
  );
  await withServer(
    (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
    },
    async (kc) => {
      const r = recorder<any>();
      await watchPath(kc, '/api/v1/nodes', {}, { keep: trimNode }, r.on, 300);
      await r.ended;
      assert.match(String(r.ends[0]), /GET \/api\/v1\/nodes received nothing for 0.3 s/);
    },
  );
});

test('watchPath: a JSON line longer than any object could be ends the watch instead of growing without bound', { timeout: 20_000 }, async () => {
  await withServer(
    (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"type":"ADDED","object":{"metadata":{"name":"' + 'x'.repeat(17 * 1024 * 1024));
    },
    async (kc) => {
      const r = recorder<any>();
      await watchPath(kc, '/api/v1/pods', {}, { keep: (o) => o }, r.on, 60_000);
      await r.ended;
      assert.match(String(r.ends[0]), /GET \/api\/v1\/pods sent a watch event longer than 16777216 bytes/);
    },
  );
});

test('the informer lists again after a 410 ERROR event, and backs off after another ERROR instead of watching again at once', { timeout: 10_000 }, async () => {
  let lists = 0;
  let watches = 0;
  await withServer(
    (req, res) => {
      const url = new URL(req.url ?? '', 'http://x');
      if (url.searchParams.get('watch') !== 'true') {
        lists++;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ kind: 'NodeList', metadata: { resourceVersion: String(10 * lists) }, items: [] }));
        return;
      }
      watches++;
      res.writeHead(200, { 'Content-Type': WATCH_STREAM });
      // The first watch: too old (410, list again); the second: a server error (the informer's error handler, a backoff).
      res.end(watchFrame('ERROR', 'Status', watches === 1 ? status(410, 'too old resource version') : status(500, 'etcd is unavailable')));
    },
    async (kc) => {
      const failed = signal();
      const errors: { err: unknown; retryInMs: number }[] = [];
      const informer = new Informer<any>(
        kc,
        '/api/v1/nodes',
        {
          add: () => undefined,
          update: () => undefined,
          delete: () => undefined,
          synced: () => undefined,
          error: (err, retryInMs) => {
            errors.push({ err, retryInMs });
            failed.resolve();
          },
        },
        { keep: trimNode, protobuf: nodeFromProtobuf },
      );
      void informer.start();
      await failed.promise;
      informer.stop();
      assert.equal(lists, 2, 'the 410 made it list again');
      assert.equal(watches, 2);
      assert.equal(errors.length, 1);
      assert.equal((errors[0].err as KubeApiError).status, 500);
      assert.match((errors[0].err as Error).message, /etcd is unavailable/);
      assert.ok(errors[0].retryInMs >= 1000);
    },
  );
});
