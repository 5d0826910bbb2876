// The KEDA scenarios (scenarios.mjs spreads them into SCENARIOS), on real KEDA (the `keda` component, which each one
// starts through `components`): a ScaledObject Ready with its keda-hpa-* HPA scaling for real, KEDA's operator down,
// a ScaledObject whose target is missing, a user's HPA beside the ScaledObject's, a failing trigger on fallback,
// ScaledJobs (a failing trigger, a pause, a refused trigger), and another adapter holding external.metrics.k8s.io. `up --scenario keda-*` needs no --with.
// @ts-check
import * as k8s from '@kubernetes/client-node';
import path from 'node:path';
import customMetrics, { takeExternalMetrics } from './components/custom-metrics.mjs';
import { componentContext } from './components/index.mjs';
import { LEADER_LEASE, NAMESPACE, stopProcess } from './components/keda.mjs';
import { HERE } from './lib/state.mjs';

/** The Lease counts as held this long after its renewal (src/core/doctor/checkKit.ts LEASE_FRESH_SECONDS). */
const LEASE_FRESH_SECONDS = 120;

/**
 * @param {string} namespace
 * @param {string} name
 * @param {string} type
 * @param {string} status
 * @param {string} [reason]
 */
function scaledObjectCondition(namespace, name, type, status, reason) {
  return {
    what: `ScaledObject ${namespace}/${name} condition ${type}=${status}${reason ? ` reason ${reason}` : ''}`,
    timeoutMs: 180_000,
    /** @param {any} ctx */
    test: async (ctx) => {
      const so = /** @type {any} */ (await ctx.apis.custom.getNamespacedCustomObject({ group: 'keda.sh', version: 'v1alpha1', namespace, plural: 'scaledobjects', name }));
      const c = (so.status?.conditions ?? []).find((/** @type {any} */ x) => x.type === type);
      return c?.status === status && (!reason || c.reason === reason);
    },
  };
}

/**
 * @param {string} namespace
 * @param {string} name
 * @param {string} type
 * @param {string} status
 * @param {string} [reason]
 */
function scaledJobCondition(namespace, name, type, status, reason) {
  return {
    what: `ScaledJob ${namespace}/${name} condition ${type}=${status}${reason ? ` reason ${reason}` : ''}`,
    timeoutMs: 180_000,
    /** @param {any} ctx */
    test: async (ctx) => {
      const sj = /** @type {any} */ (await ctx.apis.custom.getNamespacedCustomObject({ group: 'keda.sh', version: 'v1alpha1', namespace, plural: 'scaledjobs', name }));
      const c = (sj.status?.conditions ?? []).find((/** @type {any} */ x) => x.type === type);
      return c?.status === status && (!reason || c.reason === reason);
    },
  };
}

/** A Warning event `reason` on the ScaledJob: what KEDA records when a scaler fails. */
function scaledJobEvent(/** @type {string} */ namespace, /** @type {string} */ name, /** @type {string} */ reason) {
  return {
    what: `a Warning ${reason} event on ScaledJob ${namespace}/${name}`,
    timeoutMs: 180_000,
    /** @param {any} ctx */
    test: async (ctx) =>
      (await ctx.apis.core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=ScaledJob,involvedObject.name=${name}` })).items.some(
        (/** @type {any} */ e) => e.type === 'Warning' && e.reason === reason,
      ),
  };
}

/** @param {string} namespace @param {string} name @param {number} replicas */
function deploymentReplicas(namespace, name, replicas) {
  return {
    what: `Deployment ${namespace}/${name} at ${replicas} replicas`,
    timeoutMs: 180_000,
    /** @param {any} ctx */
    test: async (ctx) => (await ctx.apis.apps.readNamespacedDeployment({ name, namespace })).spec.replicas === replicas,
  };
}

/** Beyond the doctor's window: it rounds the Lease's age to whole seconds, so 120.4 s still counts as held. */
const LEASE_STALE_SECONDS = LEASE_FRESH_SECONDS + 5;

/** The operator's Lease no longer counts as held: what the doctor sees of an operator that stopped. */
const leaseStale = {
  what: `Lease ${NAMESPACE}/${LEADER_LEASE} renewed more than ${LEASE_STALE_SECONDS}s ago`,
  timeoutMs: (LEASE_STALE_SECONDS + 60) * 1000,
  /** @param {any} ctx */
  test: async (ctx) => {
    const lease = await ctx.apis.kc.makeApiClient(k8s.CoordinationV1Api).readNamespacedLease({ name: LEADER_LEASE, namespace: NAMESPACE });
    return Date.now() - new Date(lease.spec.renewTime).getTime() > LEASE_STALE_SECONDS * 1000;
  },
};

/** @param {{name: string, log: import('./lib/state.mjs').Log}} ctx */
async function operatorStopped({ name, log }) {
  await stopProcess(componentContext({ name, log }), 'operator');
}

/** @param {{name: string, log: import('./lib/state.mjs').Log}} ctx */
async function externalMetricsTaken({ name, log }) {
  const ctx = componentContext({ name, log });
  await customMetrics.build(ctx);
  await customMetrics.start(ctx);
  await customMetrics.waitHealthy(ctx);
  takeExternalMetrics(ctx);
}

/**
 * keda-hpa-conflict's ScaledObject before the user's HPA (its 01 file, then KEDA's HPA): KEDA's webhook refuses every
 * create or update of a ScaledObject whose workload another HPA targets, the operator's own finalizer update included.
 * @param {{name: string, log: import('./lib/state.mjs').Log, kubectl: (args: string[], options?: any) => any}} ctx
 */
async function scaledObjectFirst({ log, kubectl }) {
  const file = path.join(HERE, 'scenarios', 'keda-hpa-conflict', '01-scaledobject.yaml');
  kubectl(['apply', '-f', file]);
  log('keda-hpa-conflict: waiting for KEDA to make keda-hpa-cart before the user HPA');
  kubectl(['-n', 'keda-hpa-conflict', 'wait', '--for=create', 'hpa/keda-hpa-cart', '--timeout=120s'], { timeoutMs: 150_000 });
}

/**
 * @param {{hpaCondition: (namespace: string, name: string, type: string, status: string, reason?: string, messageIncludes?: string) => any, metricsServer: any, metricsFlow: any}} kit
 *   scenarios.mjs's helpers (passed in: this module is imported by it) and the metrics-server variant to run
 */
export function kedaScenarios({ hpaCondition, metricsServer, metricsFlow }) {
  return {
    'keda-ok': {
      description: "Real KEDA: a ScaledObject with an active cron trigger is Ready, KEDA's HPA keda-hpa-cart reads it through KEDA's metrics server and scales cart to 3.",
      metricsServer,
      components: ['keda'],
      ready: [
        scaledObjectCondition('keda-ok', 'cart', 'Ready', 'True'),
        hpaCondition('keda-ok', 'keda-hpa-cart', 'ScalingActive', 'True', 'ValidMetricFound'),
        deploymentReplicas('keda-ok', 'cart', 3),
      ],
    },
    'keda-operator-down': {
      description: "KEDA's operator process stopped before the ScaledObject arrives: nothing reconciles it and the Lease operator.keda.sh goes stale.",
      metricsServer,
      components: ['keda'],
      prepare: operatorStopped,
      ready: [leaseStale],
    },
    'keda-not-ready': {
      description: 'A ScaledObject whose scale target does not exist: KEDA sets Ready=False ScaledObjectCheckFailed and makes no HPA.',
      metricsServer,
      components: ['keda'],
      ready: [scaledObjectCondition('keda-not-ready', 'cart', 'Ready', 'False', 'ScaledObjectCheckFailed')],
    },
    'keda-hpa-conflict': {
      description: "A ScaledObject (and KEDA's HPA) first, then a user's HPA on the same Deployment: the HPA controller sets AmbiguousSelector on both.",
      metricsServer,
      components: ['keda'],
      prepare: scaledObjectFirst,
      ready: [
        metricsFlow,
        scaledObjectCondition('keda-hpa-conflict', 'cart', 'Ready', 'True'),
        hpaCondition('keda-hpa-conflict', 'cart', 'ScalingActive', 'False', 'AmbiguousSelector'),
        hpaCondition('keda-hpa-conflict', 'keda-hpa-cart', 'ScalingActive', 'False', 'AmbiguousSelector'),
      ],
    },
    'keda-trigger-failing': {
      description: 'A prometheus trigger whose server does not answer: KEDAScalerFailed events, then Fallback=True and the fallback replicas (4).',
      metricsServer,
      components: ['keda'],
      ready: [scaledObjectCondition('keda-trigger-failing', 'cart', 'Fallback', 'True'), deploymentReplicas('keda-trigger-failing', 'cart', 4)],
    },
    'keda-scaledjob': {
      description: 'Three ScaledJobs: a prometheus trigger whose server does not answer (KEDAScalerFailed), one paused by annotation, one refused (metricType on a ScaledJob trigger: Ready=False).',
      metricsServer,
      components: ['keda'],
      ready: [
        // KEDA's job executor marks a ScaledJob whose every trigger fails Ready=False TriggerError (scale_jobs.go).
        scaledJobCondition('keda-scaledjob', 'report', 'Ready', 'False', 'TriggerError'),
        scaledJobEvent('keda-scaledjob', 'report', 'KEDAScalerFailed'),
        scaledJobCondition('keda-scaledjob', 'batch', 'Paused', 'True'),
        scaledJobCondition('keda-scaledjob', 'export', 'Ready', 'False', 'ScaledJobCheckFailed'),
      ],
    },
    'keda-adapter-conflict': {
      description: "The custom-metrics test adapter takes v1beta1.external.metrics.k8s.io from KEDA: KEDA's HPA gets FailedGetExternalMetric.",
      metricsServer,
      components: ['keda'],
      prepare: externalMetricsTaken,
      ready: [hpaCondition('keda-adapter-conflict', 'keda-hpa-cart', 'ScalingActive', 'False', 'FailedGetExternalMetric')],
    },
  };
}
