// apiserver-cannot-reach-metrics-server: article 003's metrics-server lines (verbatim, the wrapped line joined) and
// a FailedDiscoveryCheck that times out on the Service IP (kube-aggregator's available controller text).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AVAILABLE, baseState, run, withLogs } from './fixtures';

const ARTICLE_003 = [
  'E0217 15:13:53.378655       1 webhook.go:224] Failed to make webhook authorizer request: Post "https://10.32.0.1:443/apis/authorization.k8s.io/v1/subjectaccessreviews?timeout=10s": context canceled',
  'E0217 15:13:53.378917       1 errors.go:77] Post "https://10.32.0.1:443/apis/authorization.k8s.io/v1/subjectaccessreviews?timeout=10s": context canceled',
  'E0217 15:13:53.379124       1 timeout.go:137] post-timeout activity - time-elapsed: 121.389µs, GET "/apis/metrics.k8s.io/v1beta1" result: <nil>',
];

test("apiserver → metrics-server: article 003's context-canceled lines give the aggregator-routing fix, placed for a binary control plane", () => {
  const [f, ...rest] = run({ ...withLogs(ARTICLE_003), apiServerPods: [] }, 'apiserver-cannot-reach-metrics-server');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.evidence, ARTICLE_003);
  assert.match(f.explanation, /`--enable-aggregator-routing=true` makes kube-apiserver dial the endpoint \(pod\) IPs/);
  assert.match(f.explanation, /ExecStart of the kube-apiserver unit/);
});

test('apiserver → metrics-server: a discovery check timing out on the Service IP; a 401 is not this finding', () => {
  const cond = (message: string) => ({
    ...AVAILABLE,
    status: { conditions: [{ type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck', message }] },
  });
  const timeout =
    'failing or missing response from https://10.96.183.12:443/apis/metrics.k8s.io/v1beta1: Get "https://10.96.183.12:443/apis/metrics.k8s.io/v1beta1": dial tcp 10.96.183.12:443: i/o timeout';
  const [f] = run(baseState({ apiService: cond(timeout) }), 'apiserver-cannot-reach-metrics-server');
  assert.equal(f.evidence[0], `Available=False FailedDiscoveryCheck: ${timeout}`);
  const unauthorized = 'failing or missing response from https://10.96.183.12:443/apis/metrics.k8s.io/v1beta1: bad status from https://10.96.183.12:443/apis/metrics.k8s.io/v1beta1: 401';
  assert.deepEqual(run(baseState({ apiService: cond(unauthorized) }), 'apiserver-cannot-reach-metrics-server'), []);
});
