// The doctor's reads of the custom/external metrics pipeline against a fake API server whose adapter misbehaves:
// an error answer, a value that is not a quantity, a discovery document without a resource list. Each is a finding
// with the evidence (the adapter's words, or "unexpected answer"), never a crash, a problem line or a silent pass.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { diagnose } from '../../src/core/doctor/diagnose';
import { localizedFinding } from '../../src/core/doctor/findingText';
import { answeringApiServer, type FakeApi } from './fakeApiServer';
import { englishLeft } from '../helpers';
import { AUTOSCALING_DISCOVERY_PATH, AUTOSCALING_GROUP } from './autoscalingDiscovery';

let kc: k8s.KubeConfig;

const available = (name: string) => ({
  metadata: { name },
  spec: { service: { namespace: 'monitoring', name: 'prometheus-adapter', port: 443 } },
  status: { conditions: [{ type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed' }] },
});
const list = (items: unknown[]) => ({ kind: 'List', apiVersion: 'v1', metadata: {}, items });
const hpa = (name: string, metric: k8s.V2MetricSpec) => ({
  metadata: { name, namespace: 'shop' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, metrics: [metric] },
  status: { conditions: [] },
});

function answer(path: string): [number, unknown] {
  if (path === '/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io') return [404, { kind: 'Status', code: 404, message: 'not found', reason: 'NotFound' }];
  if (path.startsWith('/apis/apiregistration.k8s.io/v1/apiservices/')) return [200, available(path.split('/').pop()!)];
  if (path === AUTOSCALING_DISCOVERY_PATH) return [200, AUTOSCALING_GROUP];
  if (path === '/apis/autoscaling/v2/horizontalpodautoscalers')
    return [
      200,
      list([
        hpa('fails', { type: 'Pods', pods: { metric: { name: 'http_requests' }, target: { type: 'AverageValue', averageValue: '100' } } }),
        hpa('garbage', { type: 'External', external: { metric: { name: 'queue_depth' }, target: { type: 'AverageValue', averageValue: '10' } } }),
      ]),
    ];
  if (path === '/apis/apps/v1/namespaces/shop/deployments/web/scale')
    return [200, { kind: 'Scale', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=web' } }];
  // The adapter: discovery without a resource list, an error for the Pods metric, a number where a quantity string belongs.
  if (path === '/apis/custom.metrics.k8s.io/v1beta1') return [200, { kind: 'APIResourceList', groupVersion: 'custom.metrics.k8s.io/v1beta1', resources: 'all of them' }];
  if (path === '/apis/external.metrics.k8s.io/v1beta1') return [200, { kind: 'APIResourceList', groupVersion: 'external.metrics.k8s.io/v1beta1', resources: [{ name: 'externalmetrics' }] }];
  if (path === '/apis/custom.metrics.k8s.io/v1beta1/namespaces/shop/pods/*/http_requests')
    return [
      500,
      {
        kind: 'Status',
        code: 500,
        status: 'Failure',
        message: 'unable to fetch metrics from custom metrics API: Post "http://prometheus:9090/api/v1/query": dial tcp: lookup prometheus: no such host',
      },
    ];
  if (path === '/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/queue_depth') return [200, list([{ metricName: 'queue_depth', metricLabels: {}, value: 5 }])];
  if (path.endsWith('/events') || path.endsWith('/pods') || path === '/api/v1/nodes') return [200, list([])];
  return [404, { kind: 'Status', code: 404, message: `${path} not found`, reason: 'NotFound' }];
}

let api: FakeApi;
before(async () => {
  api = await answeringApiServer((url) => answer(decodeURIComponent(url.pathname)));
  kc = api.kc;
});
after(() => api.close());

test("an adapter's error and a malformed value are value-layer findings with the evidence; the doctor does not crash", async () => {
  const r = await diagnose(kc, { kubectlPath: '/nonexistent/kubectl' });
  assert.equal(r.reached, true, JSON.stringify(r.problems));
  const byHpa = (name: string) => r.findings.find((f) => f.id === 'custom-metric-no-value' && f.object?.name === name);
  const fails = byHpa('fails');
  assert.ok(fails, JSON.stringify(r.findings.map((f) => [f.id, f.message])));
  assert.equal(
    fails.evidence[0],
    'GET /apis/custom.metrics.k8s.io/v1beta1/namespaces/shop/pods/*/http_requests?labelSelector=app=web answered 500: unable to fetch metrics from custom metrics API: Post "http://prometheus:9090/api/v1/query": dial tcp: lookup prometheus: no such host',
  );
  const garbage = byHpa('garbage');
  assert.ok(garbage);
  assert.match(garbage.evidence[0], /failed: unexpected answer: GET \/apis\/external\.metrics\.k8s\.io\/v1beta1\/namespaces\/shop\/queue_depth has an item whose "value" is not a quantity string/);
  // What was wrong with the adapter's answer is a template: Chinese and Japanese say it whole, the request quoted.
  const request = 'GET /apis/external.metrics.k8s.io/v1beta1/namespaces/shop/queue_depth';
  assert.ok(
    localizedFinding(garbage, 'zh-cn').evidence[0].endsWith(`失败：应答不符合预期：${request} 返回的某一项的 "value" 不是数量（quantity）字符串`),
    localizedFinding(garbage, 'zh-cn').evidence[0],
  );
  assert.ok(
    localizedFinding(garbage, 'ja').evidence[0].endsWith(`想定外の応答: ${request} の応答に "value" が数量（quantity）の文字列でない項目があります`),
    localizedFinding(garbage, 'ja').evidence[0],
  );
  const pseudo = localizedFinding(garbage, 'qps-ploc').evidence[0];
  assert.deepEqual(englishLeft(pseudo, [request]), [], pseudo);
  // The pods' selector came from the target's /scale, as the HPA controller reads it.
  assert.ok(api.requests.some((q) => q.startsWith('/apis/custom.metrics.k8s.io/v1beta1/namespaces/shop/pods/*/http_requests?labelSelector=app%3Dweb')));
  // A discovery document without a resource list is no "not listed" finding (nothing to compare with).
  assert.equal(
    r.findings.some((f) => f.id === 'custom-metric-not-listed'),
    false,
  );
});
