// metrics-api-unavailable: the metrics APIService exists but is not Available; its reason mapped to a cause.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AVAILABLE, baseState, pod, repairIds, run } from './fixtures';

test('metrics API unavailable: the Available reason is mapped to its cause, with the pods that are not ready', () => {
  const as = {
    ...AVAILABLE,
    status: {
      conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints', message: 'endpointslices for service/metrics-server in "kube-system" have no addresses with port name "https"' }],
    },
  };
  const s = baseState({ apiService: as });
  s.metricsServer!.pods = [pod('metrics-server-5d8b7c9f6-x2x9k', 'kube-system', {}, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] } })];
  const [f] = run(s, 'metrics-api-unavailable');
  assert.match(f.message, /not available \(MissingEndpoints\)/);
  assert.equal(f.evidence[0], 'Available=False MissingEndpoints: endpointslices for service/metrics-server in "kube-system" have no addresses with port name "https"');
  assert.match(f.evidence[1], /metrics-server-5d8b7c9f6-x2x9k: Running, not Ready/);
  assert.match(f.explanation, /first successful scrape/);
  const gone = baseState({
    apiService: { ...as, status: { conditions: [{ type: 'Available', status: 'False', reason: 'ServiceNotFound', message: 'service/metrics-server in "kube-system" is not present' }] } },
    metricsServer: { namespace: 'kube-system', deployment: null, replicaSets: [], pods: [], logs: [] },
  });
  assert.deepEqual(repairIds(run(gone, 'metrics-api-unavailable')[0]), ['install-metrics-server']);
});

test('metrics API unavailable because metrics-server is scaled to 0 (real FailedDiscoveryCheck text)', () => {
  const msg =
    'failing or missing response from https://localhost:33763/apis/metrics.k8s.io/v1beta1: Get "https://localhost:33763/apis/metrics.k8s.io/v1beta1": dial tcp 127.0.0.1:33763: connect: connection refused';
  const s = baseState({ apiService: { ...AVAILABLE, status: { conditions: [{ type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck', message: msg }] } }, nodeMetrics: undefined });
  s.metricsServer!.deployment!.spec!.replicas = 0;
  const [f] = run(s, 'metrics-api-unavailable');
  assert.deepEqual(f.evidence, [`Available=False FailedDiscoveryCheck: ${msg}`, 'Deployment kube-system/metrics-server has no pods (spec.replicas: 0)']);
  assert.match(f.explanation, /scaled to 0 replicas/);
  assert.deepEqual(f.repairs, []);
});
