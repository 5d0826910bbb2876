// One-off reads of the data layer that views show (namespaces for the picker, an HPA's events for
// its panel) against a fake API server: the answers, and the same problems client-node's typed
// calls the views made before gave for a forbidden or unreachable cluster.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { readHpaEvents } from '../../src/core/cluster/events';
import { listNamespaces } from '../../src/core/cluster/namespaces';
import { toProblem } from '../../src/core/cluster/problems';

let server: Server;
let forbid = false;
const requests: string[] = [];

function kubeConfig(url: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
    users: [{ name: 'dev', token: 'not-a-real-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'dev' }],
    currentContext: 'fake',
  });
  return kc;
}

let kc: k8s.KubeConfig;
let closedKc: k8s.KubeConfig;

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    requests.push(`${req.method} ${url.pathname}?${url.searchParams}`);
    const json = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (forbid) {
      const resource = url.pathname.endsWith('/events') ? 'events' : 'namespaces';
      const scope = resource === 'events' ? ' in the namespace "shop"' : ' at the cluster scope';
      return json(403, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
        message: `${resource} is forbidden: User "dev" cannot list resource "${resource}" in API group ""${scope}`,
      });
    }
    if (url.pathname === '/api/v1/namespaces') {
      return json(200, { kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: ['shop', 'default', 'kube-system'].map((name) => ({ metadata: { name } })) });
    }
    if (url.pathname === '/api/v1/namespaces/shop/events') {
      return json(200, {
        kind: 'EventList',
        apiVersion: 'v1',
        metadata: {},
        items: [
          {
            metadata: { name: 'a' },
            type: 'Normal',
            reason: 'SuccessfulRescale',
            message: 'New size: 3 ',
            count: 2,
            lastTimestamp: '2026-01-01T00:01:00Z',
            source: { component: 'horizontal-pod-autoscaler' },
          },
          {
            metadata: { name: 'b' },
            type: 'Warning',
            reason: 'FailedGetResourceMetric',
            message: 'no metrics',
            series: { count: 5, lastObservedTime: '2026-01-01T00:02:00.000000Z' },
            reportingComponent: 'horizontal-pod-autoscaler',
          },
        ],
      });
    }
    json(404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  kc = kubeConfig(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  // A port nothing listens on: bind one, then close it.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  closedKc = kubeConfig(`http://127.0.0.1:${closedPort}`);
});

after(() => server.close());

/** The problem the typed client-node call gave before the read moved into the data layer. */
async function typedProblem(call: () => Promise<unknown>, what: string) {
  try {
    await call();
  } catch (err) {
    return toProblem(err, what);
  }
  assert.fail('the typed call succeeded');
}

test('namespaces: sorted names; a forbidden or unreachable cluster gives the problem the typed call gave', async () => {
  forbid = false;
  assert.deepEqual(await listNamespaces(kc), { names: ['default', 'kube-system', 'shop'] });
  forbid = true;
  const forbidden = await listNamespaces(kc);
  assert.deepEqual(forbidden.names, []);
  assert.equal(forbidden.problem?.title, 'Forbidden: cannot list namespaces');
  assert.deepEqual(forbidden.problem, await typedProblem(() => kc.makeApiClient(k8s.CoreV1Api).listNamespace(), 'listing namespaces'));
  const unreachable = await listNamespaces(closedKc);
  assert.equal(unreachable.problem?.title, 'Cluster unreachable');
  assert.deepEqual(unreachable.problem, await typedProblem(() => closedKc.makeApiClient(k8s.CoreV1Api).listNamespace(), 'listing namespaces'));
  forbid = false;
});

test("HPA events: read by field selector, newest first; errors classify as the typed call's did", async () => {
  forbid = false;
  requests.length = 0;
  const rows = await readHpaEvents(kc, 'shop', 'web');
  assert.match(requests[0], /^GET \/api\/v1\/namespaces\/shop\/events\?fieldSelector=involvedObject\.kind%3DHorizontalPodAutoscaler%2CinvolvedObject\.name%3Dweb/);
  assert.deepEqual(rows, [
    { type: 'Warning', reason: 'FailedGetResourceMetric', message: 'no metrics', count: 5, last: '2026-01-01T00:02:00.000Z', source: 'horizontal-pod-autoscaler' },
    { type: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 3', count: 2, last: '2026-01-01T00:01:00.000Z', source: 'horizontal-pod-autoscaler' },
  ]);
  const what = 'listing events of HPA shop/web';
  const typed = (k: k8s.KubeConfig) => () =>
    k.makeApiClient(k8s.CoreV1Api).listNamespacedEvent({ namespace: 'shop', fieldSelector: 'involvedObject.kind=HorizontalPodAutoscaler,involvedObject.name=web' });
  forbid = true;
  const forbidden = await typedProblem(() => readHpaEvents(kc, 'shop', 'web'), what);
  assert.equal(forbidden.title, 'Forbidden: cannot list events in namespace shop');
  assert.deepEqual(forbidden, await typedProblem(typed(kc), what));
  forbid = false;
  assert.deepEqual(await typedProblem(() => readHpaEvents(closedKc, 'shop', 'web'), what), await typedProblem(typed(closedKc), what));
});
