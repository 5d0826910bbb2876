// The doctor's read of metrics-server's logs right after a rollout: the new pod's container has not started, and the
// API server answers the log read with 400 BadRequest ("is waiting to start"). That is no log yet, not an API error.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { gatherState } from '../../src/core/doctor/state';
import { AUTOSCALING_DISCOVERY_PATH, AUTOSCALING_GROUP } from './autoscalingDiscovery';

let server: Server;
let port = 0;
let logAnswer: { code: number; body: string } = { code: 200, body: '' };

const list = (items: unknown[]) => ({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items });
const POD = {
  metadata: { name: 'metrics-server-7b9c-x2k4p', namespace: 'kube-system' },
  spec: { containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2' }] },
  status: { phase: 'Pending', containerStatuses: [{ name: 'metrics-server', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] },
};

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    const p = url.pathname;
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (p === '/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io')
      return send(200, { metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: { service: { name: 'metrics-server', namespace: 'kube-system' } }, status: { conditions: [] } });
    if (p === '/apis/apps/v1/namespaces/kube-system/deployments/metrics-server')
      return send(200, { metadata: { name: 'metrics-server', namespace: 'kube-system', uid: 'd1' }, spec: { selector: { matchLabels: { 'k8s-app': 'metrics-server' } } } });
    if (p === '/api/v1/namespaces/kube-system/pods' && url.searchParams.get('labelSelector')) return send(200, list([POD]));
    if (p === '/api/v1/namespaces/kube-system/pods/metrics-server-7b9c-x2k4p/log') {
      res.writeHead(logAnswer.code, { 'Content-Type': logAnswer.code === 200 ? 'text/plain' : 'application/json' });
      return res.end(logAnswer.body);
    }
    if (p === AUTOSCALING_DISCOVERY_PATH) return send(200, AUTOSCALING_GROUP);
    if (req.method === 'GET' && !/\/[^/]+\/[^/]+\/[^/]+$/.test(p.replace(/^\/apis?\/[^/]+(\/v[^/]+)?/, ''))) return send(200, list([]));
    return send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

after(() => server.close());

function kubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'dev', token: 'not-a-real-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'dev' }],
    currentContext: 'fake',
  });
  return kc;
}

test('a log read answered 400 (container waiting to start) is no log yet, not an API error; a 500 still is one', async () => {
  logAnswer = {
    code: 400,
    body: JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message: 'container "metrics-server" in pod "metrics-server-7b9c-x2k4p" is waiting to start: ContainerCreating',
    }),
  };
  const starting = await gatherState(kubeConfig());
  assert.equal(starting.metricsServer?.pods.length, 1);
  assert.deepEqual(starting.metricsServer?.logs, [], 'no log yet');
  assert.ok(!starting.problems.some((p) => /400|BadRequest|waiting to start/.test(`${p.title} ${p.message}`)), JSON.stringify(starting.problems));

  logAnswer = { code: 500, body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'InternalError', code: 500, message: 'kubelet unreachable' }) };
  const broken = await gatherState(kubeConfig());
  assert.ok(
    broken.problems.some((p) => /reading logs of pod kube-system\/metrics-server-7b9c-x2k4p/.test(`${p.title} ${p.message}`)),
    JSON.stringify(broken.problems),
  );
});
