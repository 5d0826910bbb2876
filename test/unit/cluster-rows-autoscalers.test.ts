// HPA and ScaledObject rows: kubectl's TARGETS, replicas, conditions, KEDA triggers matched to the HPA KEDA made.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as k8s from '@kubernetes/client-node';
import type { ScaledObject } from '../../src/core/cluster/objects';
import { hpaRow, hpaTargets, quantityString, scaledObjectRow } from '../../src/core/cluster/rows';

function hpa(metrics: k8s.V2MetricSpec[], current: (k8s.V2MetricStatus | undefined)[] = [], extra: Partial<k8s.V2HorizontalPodAutoscalerStatus> = {}): k8s.V2HorizontalPodAutoscaler {
  return {
    metadata: { name: 'web', namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, metrics },
    status: { currentReplicas: 3, desiredReplicas: 3, currentMetrics: current as k8s.V2MetricStatus[], ...extra },
  };
}

const cpuUtil = (target: number): k8s.V2MetricSpec => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } });
const memUtil = (target: number): k8s.V2MetricSpec => ({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: target } } });
const cpuNow = (util: number, avg = '100m'): k8s.V2MetricStatus => ({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: util, averageValue: avg } } });

test('TARGETS as kubectl get hpa prints them (Kubernetes 1.33 formatHPAMetrics)', () => {
  assert.equal(hpaTargets(hpa([cpuUtil(50)], [cpuNow(45)])), 'cpu: 45%/50%');
  assert.equal(hpaTargets(hpa([cpuUtil(80)])), 'cpu: <unknown>/80%');
  assert.equal(
    hpaTargets(hpa([cpuUtil(60), memUtil(80)], [cpuNow(50), { type: 'Resource', resource: { name: 'memory', current: { averageUtilization: 70, averageValue: '94371840' } } }])),
    'cpu: 50%/60%, memory: 70%/80%',
  );
  // AverageValue targets print quantities canonically.
  const memAvg: k8s.V2MetricSpec = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1024Mi' } } };
  assert.equal(hpaTargets(hpa([memAvg], [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '524288Ki' } } }])), 'memory: 512Mi/1Gi');
  const ext: k8s.V2MetricSpec = { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } };
  const extNow: k8s.V2MetricStatus = { type: 'External', external: { metric: { name: 'queue' }, current: { averageValue: '12500m' } } };
  assert.equal(hpaTargets(hpa([ext], [extNow])), '12500m/30 (avg)');
  const obj: k8s.V2MetricSpec = { type: 'Object', object: { metric: { name: 'rps' }, describedObject: { kind: 'Ingress', name: 'web' }, target: { type: 'Value', value: '2k' } } };
  assert.equal(hpaTargets(hpa([obj])), '<unknown>/2k');
  const pods: k8s.V2MetricSpec = { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '0.5' } } };
  assert.equal(hpaTargets(hpa([pods])), '<unknown>/500m');
  // Utilization without a number: `<auto>`; more than two metrics: `+ N more...`.
  const auto: k8s.V2MetricSpec = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } };
  assert.equal(hpaTargets(hpa([auto, memUtil(80), obj])), 'cpu: <unknown>/<auto>, memory: <unknown>/80% + 1 more...');
  assert.equal(hpaTargets(hpa([])), '<none>');
  // Statuses are matched by position, not by name, exactly as kubectl does.
  assert.equal(hpaTargets(hpa([cpuUtil(50), memUtil(80)], [undefined, cpuNow(10)])), 'cpu: <unknown>/50%, memory: 10%/80%');
});

test('quantityString prints like Quantity.String(), `<nil>` for a missing one', () => {
  assert.equal(quantityString('1.5'), '1500m');
  assert.equal(quantityString('2048Ki'), '2Mi');
  assert.equal(quantityString(undefined), '<nil>');
});

test('HPA row: replicas, conditions, the reason behind <unknown>, at max', () => {
  const failing = hpa([cpuUtil(70)], [], {
    currentReplicas: 2,
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" },
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container app of Pod web-1',
      },
    ],
  });
  const row = hpaRow(failing);
  assert.equal(row.targets, 'cpu: <unknown>/70%');
  assert.equal(row.metrics[0].text, 'cpu: <unknown>/70%');
  assert.match(row.metrics[0].unknownReason ?? '', /^FailedGetResourceMetric: .*missing request for cpu/);
  assert.equal(row.minReplicas, 2);
  assert.equal(row.maxReplicas, 10);
  assert.equal(row.currentReplicas, 2);
  assert.equal(row.atMax, false);
  assert.deepEqual(row.target, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });

  const limited = hpaRow(
    hpa([cpuUtil(50)], [cpuNow(200)], {
      currentReplicas: 10,
      conditions: [{ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }],
    }),
  );
  assert.equal(limited.atMax, true);
  assert.equal(limited.metrics[0].unknownReason, undefined);
  assert.equal(hpaRow(hpa([cpuUtil(50)], [cpuNow(20)], { currentReplicas: 10 })).atMax, true);
  const fresh = hpaRow({ metadata: { name: 'new', namespace: 'x' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3, metrics: [cpuUtil(50)] } });
  assert.match(fresh.metrics[0].unknownReason ?? '', /not processed/);
  assert.equal(fresh.minReplicas, undefined);
});

test('ScaledObject row: triggers matched to the metrics of the HPA KEDA made', () => {
  const so: ScaledObject = {
    metadata: { name: 'orders', namespace: 'shop' },
    spec: {
      scaleTargetRef: { name: 'orders' },
      maxReplicaCount: 20,
      triggers: [
        { type: 'rabbitmq', metadata: { queueName: 'orders', value: '30' } },
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
      ],
    },
    status: { hpaName: 'keda-hpa-orders', conditions: [{ type: 'Ready', status: 'True' }] },
  };
  const kedaHpa: k8s.V2HorizontalPodAutoscaler = {
    metadata: { name: 'keda-hpa-orders', namespace: 'shop' },
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'orders' },
      minReplicas: 1,
      maxReplicas: 20,
      metrics: [{ type: 'External', external: { metric: { name: 's0-rabbitmq-orders' }, target: { type: 'AverageValue', averageValue: '30' } } }, cpuUtil(60)],
    },
    status: {
      currentReplicas: 4,
      desiredReplicas: 4,
      currentMetrics: [{ type: 'External', external: { metric: { name: 's0-rabbitmq-orders' }, current: { averageValue: '45' } } }, cpuNow(30)],
    },
  };
  const row = scaledObjectRow(so, kedaHpa);
  assert.equal(row.kind, 'ScaledObject');
  assert.equal(row.hpaName, 'keda-hpa-orders');
  assert.deepEqual(
    row.metrics.map((m) => m.text),
    ['45/30 (avg)', 'cpu: 30%/60%'],
  );
  assert.equal(row.currentReplicas, 4);
  assert.equal(row.minReplicas, 0); // KEDA's default minReplicaCount
  assert.equal(row.maxReplicas, 20);
  assert.deepEqual(row.target, { kind: 'Deployment', name: 'orders' });
  const orphan = scaledObjectRow(so);
  assert.equal(orphan.hpaName, undefined);
  assert.match(orphan.metrics[0].unknownReason ?? '', /keda-hpa-orders/);
});
