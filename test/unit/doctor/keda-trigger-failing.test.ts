// keda-trigger-failing: KEDAScalerFailed events on a Ready ScaledObject, or Fallback=True with fallback replicas.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOW, READY, TARGET_MISSING, event, keda, scaledJob, scaledObject } from '../keda-fixtures';
import { baseState, run } from './fixtures';

const failed =
  'error requesting metrics endpoint: Get "http://prometheus.monitoring:9090/api/v1/query?query=sum%28rate%28http_requests_total%5B2m%5D%29%29": dial tcp: lookup prometheus.monitoring on 10.96.0.10:53: no such host';

test('keda-trigger-failing: Fallback=True is an error naming the fallback replicas, with the health and the events', () => {
  const fallback = { type: 'Fallback', status: 'True', reason: 'FallbackExists', message: 'At least one trigger is falling back on this scaled object' };
  const so = scaledObject('cart', {
    triggers: ['prometheus'],
    fallback: { failureThreshold: 3, replicas: 6 },
    conditions: [READY, fallback],
    status: { health: { 's0-prometheus': { numberOfFailures: 5, status: 'Failing' } } },
  });
  const s = baseState({ now: NOW, scaledObjects: [so], keda: keda({ events: [event('cart', 'Warning', 'KEDAScalerFailed', failed, 5)] }) });
  const [f, ...rest] = run(s, 'keda-trigger-failing');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'ScaledObject layer: ScaledObject shop/cart runs on fallback: a trigger keeps failing, so KEDA reports 6 replicas instead of its metric');
  assert.deepEqual(f.evidence, [
    'ScaledObject shop/cart Fallback=True FallbackExists: At least one trigger is falling back on this scaled object',
    'status.health s0-prometheus: Failing, 5 failure(s) in a row',
    `Warning KEDAScalerFailed: ${failed} (×5)`,
  ]);
});

test('keda-trigger-failing: a failing scaler without fallback is a warning quoting it; Normal events alone and not-Ready objects are not its finding', () => {
  const events = [event('cart', 'Warning', 'KEDAScalerFailed', failed), event('web', 'Normal', 'KEDAScalersStarted', 'Started scalers watch'), event('gone', 'Warning', 'KEDAScalerFailed', failed)];
  const s = baseState({
    now: NOW,
    scaledObjects: [scaledObject('cart', { triggers: ['prometheus'] }), scaledObject('web'), scaledObject('gone', { conditions: [TARGET_MISSING] })],
    keda: keda({ events }),
  });
  const [f, ...rest] = run(s, 'keda-trigger-failing');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, `ScaledObject layer: a trigger of ScaledObject shop/cart fails: ${failed}`);
});

/** A line of KEDA v2.21.1's operator log (zap console encoder, as its manifests and the local cluster run it). */
const logLine = (time: string, level: string, message: string, fields: Record<string, string>) =>
  `${time}\t${level}\tscale_handler\t${message}\t${JSON.stringify(fields).replace(/":"/g, '": "').replace(/","/g, '", "')}`;
const scaleError = (so: string, error: string, time = '2026-12-06T10:29:30Z') =>
  logLine(time, 'ERROR', 'error getting scale decision', { 'scaledObject.Namespace': 'shop', 'scaledObject.Name': so, scaler: 'prometheusScaler', error });

test("keda-trigger-failing: the operator's log lines naming the ScaledObject are evidence, newest first, one per distinct error, credentials redacted", () => {
  const withPassword = 'Get "http://admin:hunter2@prometheus.monitoring:9090/api/v1/query": dial tcp 10.96.0.12:9090: connect: connection refused';
  const lines = [
    scaleError('cart', failed, '2026-12-06T10:28:30Z'),
    'github.com/kedacore/keda/v2/pkg/scaling.(*scaleHandler).getScaledObjectState',
    '\t/workspace/pkg/scaling/scale_handler.go:1197',
    scaleError('web', failed),
    logLine('2026-12-06T10:29:00Z', 'INFO', 'Reconciling ScaledObject', { 'scaledObject.Namespace': 'shop', 'scaledObject.Name': 'cart' }),
    scaleError('cart', failed, '2026-12-06T10:29:00Z'),
    scaleError('cart', withPassword, '2026-12-06T10:29:30Z'),
  ];
  const so = scaledObject('cart', { triggers: ['prometheus'] });
  const s = baseState({
    now: NOW,
    scaledObjects: [so],
    keda: keda({ events: [event('cart', 'Warning', 'KEDAScalerFailed', failed, 2)], operatorLogs: [{ pod: 'keda-operator-7d9c', container: 'keda-operator', lines }] }),
  });
  const [f] = run(s, 'keda-trigger-failing');
  assert.equal(f.message, `ScaledObject layer: a trigger of ScaledObject shop/cart fails: ${failed}`);
  const logged = f.evidence.filter((l) => l.includes('\tERROR\t'));
  assert.deepEqual(logged, [scaleError('cart', withPassword.replace('admin:hunter2@', '')), scaleError('cart', failed, '2026-12-06T10:29:00Z')]);
  assert.ok(!f.evidence.join('\n').includes('hunter2'), f.evidence.join('\n'));
  assert.match(f.explanation, /KEDA's operator logs the same error/);
});

test("keda-trigger-failing: the operator's log alone (no event in scope) is a warning quoting the scaler's error; other objects' lines are not", () => {
  const so = scaledObject('cart', { triggers: ['prometheus'] });
  const lines = [
    scaleError('cart', failed),
    scaleError('web', 'other'),
    logLine('2026-12-06T10:29:40Z', 'ERROR', 'error getting scaledJob', { 'scaledJob.Namespace': 'shop', 'scaledJob.Name': 'cart', error: 'boom' }),
  ];
  const [f, ...rest] = run(baseState({ now: NOW, scaledObjects: [so], keda: keda({ operatorLogs: [{ pod: 'keda-operator-7d9c', container: 'keda-operator', lines }] }) }), 'keda-trigger-failing');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, `ScaledObject layer: a trigger of ScaledObject shop/cart fails: ${failed}`);
  assert.deepEqual(f.evidence, [scaleError('cart', failed)]);
  // INFO lines and lines of other objects alone are no finding.
  const quiet = [logLine('2026-12-06T10:29:00Z', 'INFO', 'Reconciling ScaledObject', { 'scaledObject.Namespace': 'shop', 'scaledObject.Name': 'cart' }), scaleError('web', failed)];
  assert.deepEqual(
    run(baseState({ now: NOW, scaledObjects: [so], keda: keda({ operatorLogs: [{ pod: 'keda-operator-7d9c', container: 'keda-operator', lines: quiet }] }) }), 'keda-trigger-failing'),
    [],
  );
});

const JOB_TRIGGER_ERROR = { type: 'Ready', status: 'False', reason: 'TriggerError', message: 'Triggers defined in ScaledJob are not working correctly' };

test("keda-trigger-failing: a ScaledJob's failing trigger: its KEDAScalerFailed event and the operator's name-only log line; not its namesake's", () => {
  const jobError = (name: string, namespace?: string) =>
    `2026-12-06T10:29:35Z\tERROR\tscale_handler\tError getting scaler metrics and activity, but continue\t${JSON.stringify({
      ...(namespace ? { 'scaledJob.Namespace': namespace } : {}),
      'scaledJob.Name': name,
      Scaler: '*scalers.prometheusScaler:',
      error: failed,
    })}`;
  const lines = [jobError('report'), jobError('report', 'other'), jobError('nightly')];
  const s = baseState({
    now: NOW,
    // A ScaledObject of the same name gets none of the ScaledJob's events or lines.
    scaledObjects: [scaledObject('report')],
    // As KEDA v2.21.1 marks it on the keda-scaledjob scenario: Ready=False TriggerError.
    scaledJobs: [
      scaledJob('report', { conditions: [JOB_TRIGGER_ERROR] }),
      scaledJob('nightly', { annotations: { 'autoscaling.keda.sh/paused': 'true' }, conditions: [{ type: 'Paused', status: 'True', reason: 'ScaledJobPaused' }] }),
    ],
    keda: keda({ events: [event('report', 'Warning', 'KEDAScalerFailed', failed, 3, 'ScaledJob')], operatorLogs: [{ pod: 'keda-operator-7d9c', container: 'keda-operator', lines }] }),
  });
  const [f, ...rest] = run(s, 'keda-trigger-failing');
  assert.equal(rest.length, 0, JSON.stringify(rest.map((x) => x.message)));
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, `ScaledJob layer: a trigger of ScaledJob shop/report fails: ${failed}`);
  assert.deepEqual(f.object, { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', namespace: 'shop', name: 'report' });
  assert.deepEqual(f.evidence, [
    'ScaledJob shop/report Ready=False TriggerError: Triggers defined in ScaledJob are not working correctly',
    `Warning KEDAScalerFailed: ${failed} (×3)`,
    jobError('report'),
  ]);
  // And keda-scaledobject-not-ready leaves it to this finding.
  assert.deepEqual(run(s, 'keda-scaledobject-not-ready'), []);
});

test("keda-trigger-failing: the scaler's own logger (type, namespace, name) counts; lines that differ only by the query's time are one", () => {
  // KEDA v2.21.1 on the local cluster's keda-trigger-failing scenario: prometheus_scaler logs every poll with the query's time.
  const prom = (t: string) =>
    `2026-12-06T14:50:${t}Z\tERROR\tprometheus_scaler\terror executing prometheus query\t{"type": "ScaledObject", "namespace": "shop", "name": "cart", "error": "Get \\"http://127.0.0.1:9/api/v1/query?query=up&time=2026-12-06T14:50:${t}Z\\": dial tcp 127.0.0.1:9: connect: connection refused"}`;
  const so = scaledObject('cart', { triggers: ['prometheus'] });
  const lines = [prom('16'), prom('17'), scaleError('cart', failed), prom('18')];
  const [f] = run(baseState({ now: NOW, scaledObjects: [so], keda: keda({ operatorLogs: [{ pod: 'keda-operator-7d9c', container: 'keda-operator', lines }] }) }), 'keda-trigger-failing');
  assert.deepEqual(f.evidence, [prom('18'), scaleError('cart', failed)]);
});
