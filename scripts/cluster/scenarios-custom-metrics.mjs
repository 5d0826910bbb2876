// The custom/external metrics scenarios (scenarios.mjs spreads them into SCENARIOS): one per layer of the pipeline
// APIService → adapter → metric → value → HPA, on the `custom-metrics` component (components/custom-metrics.mjs),
// which each scenario starts or unregisters itself in `prepare`, so `up --scenario custom-metrics-*` needs no --with.
// @ts-check
import customMetrics, { unregister, writeMetric } from './components/custom-metrics.mjs';
import { componentContext } from './components/index.mjs';

/** What the adapter writes for each pod of custom-metrics-ok/web and custom-metrics-typo/web: 3× the target of 100. */
export const WRITTEN_VALUE = '300';

/** @param {{name: string, log: import('./lib/state.mjs').Log}} ctx */
async function adapterRunning({ name, log }) {
  const ctx = componentContext({ name, log });
  await customMetrics.build(ctx);
  await customMetrics.start(ctx);
  await customMetrics.waitHealthy(ctx);
}

/** @param {{name: string, log: import('./lib/state.mjs').Log}} ctx */
async function adapterUnregistered({ name, log }) {
  unregister(componentContext({ name, log }));
}

/**
 * Writes http_requests = `value` for every Running pod of Deployment `app` in `namespace` (pods the HPA adds
 * later get none: the HPA controller counts them as 0 when scaling up, so the count settles).
 * @param {string} namespace
 */
function valuesWritten(namespace, app = 'web', value = WRITTEN_VALUE) {
  return {
    what: `http_requests written to the adapter for the Running pods of ${namespace}/${app}`,
    timeoutMs: 60_000,
    /** @param {any} ctx */
    test: async (ctx) => {
      const pods = (await ctx.apis.core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })).items.filter((/** @type {any} */ p) => p.status?.phase === 'Running');
      if (pods.length < 2) return false;
      for (const p of pods) await writeMetric({ name: ctx.name, namespace, resource: 'pods', object: p.metadata.name, metric: 'http_requests', value });
      return true;
    },
  };
}

/** custom-metrics-hpa/flap: 100 requests/s over its 1 pod, steady at 1 (the test's driver moves it). */
export const FLAP_STEADY_VALUE = '100';

/** @param {string} name */
function apiServiceCondition(name, status, reason) {
  return {
    what: `APIService ${name} Available=${status}${reason ? ` reason ${reason}` : ''}`,
    timeoutMs: 120_000,
    /** @param {any} ctx */
    test: async (ctx) => {
      const as = await ctx.apis.apireg.readAPIService({ name });
      const c = (as.status?.conditions || []).find((/** @type {any} */ x) => x.type === 'Available');
      return c && c.status === status && (!reason || c.reason === reason);
    },
  };
}

/** @param {string} name */
function apiServiceAbsent(name) {
  return {
    what: `APIService ${name} absent`,
    timeoutMs: 60_000,
    /** @param {any} ctx */
    test: async (ctx) => {
      try {
        await ctx.apis.apireg.readAPIService({ name });
        return false;
      } catch (e) {
        return /** @type {any} */ (e).code === 404;
      }
    },
  };
}

/**
 * @param {{hpaCondition: (namespace: string, name: string, type: string, status: string, reason?: string, messageIncludes?: string) => any, metricsServer: any}} kit
 *   scenarios.mjs's helpers (passed in: this module is imported by it) and the metrics-server variant to run
 */
export function customMetricsScenarios({ hpaCondition, metricsServer }) {
  return {
    'custom-metrics-ok': {
      description: 'The custom-metrics test adapter serves custom.metrics.k8s.io and external.metrics.k8s.io: an HPA on a Pods metric and one on an External metric scale.',
      metricsServer,
      prepare: adapterRunning,
      ready: [
        apiServiceCondition('v1beta1.custom.metrics.k8s.io', 'True'),
        apiServiceCondition('v1beta1.external.metrics.k8s.io', 'True'),
        valuesWritten('custom-metrics-ok'),
        hpaCondition('custom-metrics-ok', 'web', 'ScalingActive', 'True', 'ValidMetricFound'),
        hpaCondition('custom-metrics-ok', 'queue', 'ScalingActive', 'True', 'ValidMetricFound'),
      ],
    },
    'custom-metrics-hpa': {
      description:
        'HPAs on the custom-metrics adapter for test/cluster/custom-metrics-hpa.test.mjs: flap (an Object metric already per pod under an AverageValue target, no scale-down window: flaps once traffic rises) and perpod (a Pods metric), both steady.',
      metricsServer,
      prepare: adapterRunning,
      ready: [
        {
          what: 'requests_per_pod written to the adapter for Service custom-metrics-hpa/flap',
          timeoutMs: 30_000,
          /** @param {any} ctx */
          test: async (ctx) => {
            await writeMetric({ name: ctx.name, namespace: 'custom-metrics-hpa', resource: 'services', object: 'flap', metric: 'requests_per_pod', value: FLAP_STEADY_VALUE });
            return true;
          },
        },
        valuesWritten('custom-metrics-hpa', 'perpod', '100'),
        hpaCondition('custom-metrics-hpa', 'flap', 'ScalingActive', 'True', 'ValidMetricFound'),
        hpaCondition('custom-metrics-hpa', 'perpod', 'ScalingActive', 'True', 'ValidMetricFound'),
      ],
    },
    'custom-metrics-missing': {
      description: 'No custom-metrics adapter: no APIService for custom.metrics.k8s.io or external.metrics.k8s.io; Pods and External HPAs fail.',
      metricsServer,
      prepare: adapterUnregistered,
      ready: [
        apiServiceAbsent('v1beta1.custom.metrics.k8s.io'),
        apiServiceAbsent('v1beta1.external.metrics.k8s.io'),
        hpaCondition('custom-metrics-missing', 'web', 'ScalingActive', 'False', 'FailedGetPodsMetric'),
        hpaCondition('custom-metrics-missing', 'queue', 'ScalingActive', 'False', 'FailedGetExternalMetric'),
      ],
    },
    'custom-metrics-unavailable': {
      description: 'APIService v1beta1.custom.metrics.k8s.io points at a Service with no endpoints: Available=False (MissingEndpoints).',
      metricsServer,
      prepare: adapterUnregistered,
      ready: [apiServiceCondition('v1beta1.custom.metrics.k8s.io', 'False', 'MissingEndpoints'), hpaCondition('custom-metrics-unavailable', 'web', 'ScalingActive', 'False', 'FailedGetPodsMetric')],
    },
    'custom-metrics-typo': {
      description: 'The adapter serves http_requests for the pods, the HPA asks for http_request: no value, FailedGetPodsMetric.',
      metricsServer,
      prepare: adapterRunning,
      ready: [valuesWritten('custom-metrics-typo'), hpaCondition('custom-metrics-typo', 'web', 'ScalingActive', 'False', 'FailedGetPodsMetric')],
    },
  };
}
