// metrics-server-warming-up: article 000's metrics-server v0.3 lines (verbatim) decide nothing on their own;
// metrics-server's container startedAt does: wait right after its start, "not a warm-up" long after.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as k8s from '@kubernetes/client-node';
import { run, withLogs } from './fixtures';

const ARTICLE_000 = [
  'I0215 11:59:05.896014 1 serving.go:312] Generated self-signed cert (/tmp/apiserver.crt, /tmp/apiserver.key)',
  'I0215 11:59:06.439725 1 manager.go:95] Scraping metrics from 0 sources',
  'I0215 11:59:06.439749 1 manager.go:148] ScrapeMetrics: time: 2.728µs, nodes: 0, pods: 0',
  'I0215 11:59:06.450735 1 secure_serving.go:116] Serving securely on [::]:4443',
  'E0215 11:59:10.096632 1 reststorage.go:160] unable to fetch pod metrics for pod default/hello-7d6c85c755-r88xn: no metrics known for pod',
  'E0215 11:59:25.109059 1 reststorage.go:160] unable to fetch pod metrics for pod default/hello-7d6c85c755-r88xn: no metrics known for pod',
];
const NOW = '2026-02-15T11:59:30.000Z';

/** metrics-server v0.3.1 (default --metric-resolution 60s) whose container started `ago` seconds before NOW. */
function startedAgo(ago: number, lines = ARTICLE_000) {
  const s = withLogs(lines, ['--cert-dir=/tmp', '--secure-port=4443'], { now: NOW });
  const startedAt = new Date(Date.parse(NOW) - ago * 1000) as unknown as Date;
  s.metricsServer!.pods = [
    { metadata: { name: 'metrics-server-546565fdc9-qswck', namespace: 'kube-system' }, status: { containerStatuses: [{ name: 'metrics-server', state: { running: { startedAt } } }] } } as k8s.V1Pod,
  ];
  return s;
}

test('warm-up: 25 s after metrics-server started, "wait for the first scrapes", from its start time', () => {
  const [f, ...rest] = run(startedAgo(25), 'metrics-server-warming-up');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'info');
  assert.match(f.message, /metrics-server started 25 s ago: wait for its first scrapes \(about 2 min 30 s after the start\)/);
  assert.equal(f.evidence[0], 'metrics-server container started at 2026-02-15T11:59:05.000Z (25 s before this check)');
  assert.ok(f.evidence.some((l) => l.includes('Scraping metrics from 0 sources')));
  assert.match(f.explanation, /The age in kubectl's `Metrics not available for pod …, age: 4m51s` is the pod's/);
});

test('warm-up: the same lines an hour after the start are not a warm-up; 0 sources points at listing nodes', () => {
  const [f] = run(startedAgo(3600), 'metrics-server-warming-up');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /has run for 60 min 0 s and still has no metrics \(it scrapes 0 nodes\): this is not a warm-up/);
  assert.match(f.explanation, /RBAC, see metrics-server-rbac/);
});

test('warm-up: lines from before a scrape that found nodes are over; right after a start with node metrics missing it still says wait', () => {
  const recovered = [...ARTICLE_000, 'I0215 12:00:06.439839 1 manager.go:95] Scraping metrics from 2 sources'];
  assert.deepEqual(run(startedAgo(3600, recovered), 'metrics-server-warming-up'), []);
  const fresh = startedAgo(10, []);
  const [f] = run(fresh, 'metrics-server-warming-up');
  assert.equal(f.severity, 'info');
  assert.ok(f.evidence.includes('metrics.k8s.io has metrics for 0/3 nodes'));
});

test('no warm-up while scrapes fail: a metrics-server 25 s old that cannot resolve node names gets its DNS finding, not "wait"', () => {
  const dns =
    'E0215 11:59:20.803365       1 scraper.go:149] "Failed to scrape node" err="Get \\"https://ksd-node-1:10250/metrics/resource\\": dial tcp: lookup ksd-node-1 on 10.96.0.10:53: no such host" node="ksd-node-1"';
  assert.equal(run(startedAgo(25), 'metrics-server-warming-up').length, 1, 'without the error: the warm-up');
  const failing = startedAgo(25, [...ARTICLE_000, dns]);
  assert.deepEqual(run(failing, 'metrics-server-warming-up'), []);
  assert.equal(run(failing, 'metrics-server-node-dns').length, 1);
});
