// KEDA objects for the doctor's KEDA tests, in the shapes KEDA v2.21.1 writes them: conditions and events from
// controllers/keda/scaledobject_controller.go and pkg/eventreason, the Lease its operator holds (operator.keda.sh), the
// APIService and Service its manifests install (config/metrics-server). Not a test file itself.
import type * as k8s from '@kubernetes/client-node';
import type { KedaState } from '../../src/core/doctor/kedaReads';
import type { ScaledJob, ScaledObject } from '../../src/core/doctor/state';
import { metricsApiService } from './doctor/fixtures';

export const NOW = '2026-12-06T10:30:00Z';

type Condition = { type: string; status: string; reason?: string; message?: string };

export const READY: Condition = { type: 'Ready', status: 'True', reason: 'ScaledObjectReady', message: 'ScaledObject is defined correctly and is ready for scaling' };
export const TARGET_MISSING: Condition = {
  type: 'Ready',
  status: 'False',
  reason: 'ScaledObjectCheckFailed',
  message: 'ScaledObject doesn\'t have correct scaleTargetRef specification: deployments.apps "cart" not found',
};

export function scaledObject(
  name: string,
  over: {
    triggers?: string[];
    conditions?: Condition[];
    annotations?: Record<string, string>;
    target?: string;
    fallback?: ScaledObject['spec']['fallback'];
    status?: Partial<NonNullable<ScaledObject['status']>>;
  } = {},
): ScaledObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, ...(over.annotations ? { annotations: over.annotations } : {}) },
    spec: {
      scaleTargetRef: { name: over.target ?? name },
      triggers: (over.triggers ?? ['cron']).map((type) => ({ type })),
      ...(over.fallback ? { fallback: over.fallback } : {}),
    },
    status: { hpaName: `keda-hpa-${name}`, conditions: over.conditions ?? [READY], ...over.status },
  };
}

/** A ScaledJob as KEDA v2.21.1 keeps it (controllers/keda/scaledjob_controller.go writes Ready, Active, Paused). */
export function scaledJob(name: string, over: { triggers?: string[]; conditions?: Condition[]; annotations?: Record<string, string> } = {}): ScaledJob {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledJob',
    metadata: { name, namespace: 'shop', uid: `uid-job-${name}`, ...(over.annotations ? { annotations: over.annotations } : {}) },
    spec: { triggers: (over.triggers ?? ['prometheus']).map((type) => ({ type })) },
    status: { conditions: over.conditions ?? [{ type: 'Ready', status: 'True', reason: 'ScaledJobReady', message: 'ScaledJob is defined correctly and is ready to scaling' }] },
  };
}

export function kedaDeployment(name: 'keda-operator' | 'keda-operator-metrics-apiserver', ready: number): k8s.V1Deployment {
  return {
    metadata: { name, namespace: 'keda', labels: { 'app.kubernetes.io/name': name } },
    spec: { replicas: 1, selector: {}, template: { spec: { containers: [{ name, image: `ghcr.io/kedacore/${name === 'keda-operator' ? 'keda' : 'keda-metrics-apiserver'}:2.21.1` }] } } },
    status: {
      readyReplicas: ready,
      conditions: ready ? [] : [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }],
    },
  };
}

export function kedaLease(renewTime: string): k8s.V1Lease {
  return { metadata: { name: 'operator.keda.sh', namespace: 'keda' }, spec: { holderIdentity: 'ksd-keda-ksd-keda_5d0c0f5e', renewTime: renewTime as unknown as Date } };
}

/** KEDA's APIService as its manifests register it (Service keda/keda-metrics-apiserver, part-of keda-operator); Available or not with `reason`. */
export function kedaApiService(available: true | string) {
  const a = metricsApiService('v1beta1.external.metrics.k8s.io', available, { namespace: 'keda', name: 'keda-metrics-apiserver' });
  a.apiService!.metadata!.labels = { 'app.kubernetes.io/part-of': 'keda-operator' };
  return a;
}

export function event(so: string, type: 'Normal' | 'Warning', reason: string, message: string, count = 1, kind: 'ScaledObject' | 'ScaledJob' = 'ScaledObject'): k8s.CoreV1Event {
  return {
    metadata: { name: `${so}.1`, namespace: 'shop' },
    involvedObject: { kind, namespace: 'shop', name: so },
    type,
    reason,
    message,
    count,
    lastTimestamp: '2026-12-06T10:29:00Z' as unknown as Date,
  };
}

/** A KEDA that runs (fresh Lease, its APIService Available), with what `over` changes. */
export function keda(over: Partial<KedaState> = {}): KedaState {
  return { operators: [], leases: [kedaLease('2026-12-06T10:29:55Z')], metricsServers: [], externalApi: kedaApiService(true), events: [], targetExists: {}, ...over };
}

/** A KEDA HPA with an External metric and its ScalingActive condition. */
export function kedaHpa(so: string, active: Condition = { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' }): k8s.V2HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: `keda-hpa-${so}`, namespace: 'shop', labels: { 'scaledobject.keda.sh/name': so } },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: so },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        {
          type: 'External',
          external: { metric: { name: 's0-cron-Etc-UTC-0xxxx-5xxxx', selector: { matchLabels: { 'scaledobject.keda.sh/name': so } } }, target: { type: 'AverageValue', averageValue: '1' } },
        },
      ],
    },
    status: { currentReplicas: 1, desiredReplicas: 1, conditions: [active] },
  } as k8s.V2HorizontalPodAutoscaler;
}
