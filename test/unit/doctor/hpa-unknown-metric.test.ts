// hpa-unknown-metric: ScalingActive=False because a metric cannot be fetched; each reason explained.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, hpa, pod, repairIds, run } from './fixtures';

test('unknown metric: each ScalingActive=False reason explained; ScalingDisabled is info', () => {
  const cond = (reason: string, message: string) => [{ type: 'ScalingActive', status: 'False', reason, message }];
  const s = baseState({
    hpas: [
      hpa('a', 'x', {
        conditions: cond(
          'FailedGetResourceMetric',
          'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
        ),
      }),
      hpa('b', 'x', {
        conditions: cond(
          'FailedGetExternalMetric',
          'the HPA was unable to compute the replica count: unable to get external metric x/s0-rabbitmq-orders/&LabelSelector{...}: unable to fetch metrics from external metrics API: the server is currently unable to handle the request',
        ),
      }),
      hpa('c', 'x', { conditions: cond('ScalingDisabled', 'scaling is disabled since the replica count of the target is zero') }),
      hpa('d', 'x', {
        conditions: [
          {
            type: 'ScalingActive',
            status: 'True',
            reason: 'ValidMetricFound',
            message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
          },
        ],
      }),
    ],
  });
  const fs = run(s, 'hpa-unknown-metric');
  assert.deepEqual(
    fs.map((f) => [f.object?.name, f.severity]),
    [
      ['a', 'error'],
      ['b', 'error'],
      ['c', 'info'],
    ],
  );
  assert.match(fs[0].explanation, /not registered/);
  assert.deepEqual(repairIds(fs[0]), ['install-metrics-server']);
  assert.match(fs[1].explanation, /external metrics API/);
});

test('unknown metric right after metrics-server (re)started is a warning that says so; later it is an error', () => {
  const noMetrics = [
    {
      type: 'ScalingActive',
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    },
  ];
  const at = (startedAgoS: number) => {
    const s = baseState({ now: '2026-11-22T01:00:00.000Z', hpas: [hpa('checkout', 'healthy', { conditions: noMetrics })] });
    s.metricsServer!.pods = [
      pod(
        'metrics-server-1',
        'kube-system',
        {},
        {
          status: {
            phase: 'Running',
            containerStatuses: [
              {
                name: 'metrics-server',
                ready: true,
                restartCount: 0,
                image: 'x',
                imageID: 'x',
                state: { running: { startedAt: new Date(Date.parse('2026-11-22T01:00:00.000Z') - startedAgoS * 1000) } },
              },
            ],
          },
        },
      ),
    ];
    return run(s, 'hpa-unknown-metric')[0];
  };
  const fresh = at(30);
  assert.equal(fresh.severity, 'warning');
  assert.match(fresh.explanation, /^metrics-server started 30 s ago/);
  const old = at(600);
  assert.equal(old.severity, 'error');
  assert.doesNotMatch(old.explanation, /started/);
});
