// HorizontalPodAutoscalers as the live side reads them: which served API version to read (autoscaling/v2, else
// v2beta2, else v2beta1, else v1) and one plain-object mapper of a read object into the v2 shape, as the API server
// converts (kubernetes v1.33 pkg/apis/autoscaling/{v1,v2beta1}/conversion.go). convert/hpa.ts converts YAML documents
// with text edits that keep comments; this maps wire JSON (lists, watch events), which has neither: two inputs, so two
// functions, both following the same upstream conversions.
import type * as k8s from '@kubernetes/client-node';

/** Preferred first: the order the doctor and the Cluster view read them in. */
export const HPA_API_VERSIONS = ['autoscaling/v2', 'autoscaling/v2beta2', 'autoscaling/v2beta1', 'autoscaling/v1'] as const;
export type HpaApiVersion = (typeof HPA_API_VERSIONS)[number];

/** Annotations older versions use to round-trip newer fields (pkg/apis/autoscaling/annotations.go); the API server drops them on conversion. */
export const ROUND_TRIP_ANNOTATIONS = {
  metrics: 'autoscaling.alpha.kubernetes.io/metrics',
  currentMetrics: 'autoscaling.alpha.kubernetes.io/current-metrics',
  conditions: 'autoscaling.alpha.kubernetes.io/conditions',
  behavior: 'autoscaling.alpha.kubernetes.io/behavior',
} as const;

/** An HPA in the v2 shape; `apiVersion` is the version the server served it as (lists leave it out of items). */
export type ReadHpa = k8s.V2HorizontalPodAutoscaler & { apiVersion: HpaApiVersion };

/** The HPA version to read among the group versions the server serves (`autoscaling/v1`, …), or undefined. */
export function pickHpaVersion(served: readonly string[]): HpaApiVersion | undefined {
  return HPA_API_VERSIONS.find((v) => served.includes(v));
}

/** The list (and watch) path of HPAs in `version`, in one namespace or all. */
export function hpaListPath(version: HpaApiVersion, namespace?: string): string {
  return `/apis/${version}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/horizontalpodautoscalers`;
}

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `hpa` as read from `version`, in the v2 shape. autoscaling/v1 keeps what v1 has no field for in annotations (metrics
 * other than the CPU utilization target, current metrics, conditions, behavior): they become fields, as the server's
 * conversion does, and are dropped from the annotations. A malformed annotation is ignored, as the server ignores it.
 */
export function toV2Hpa(hpa: Obj, version: HpaApiVersion): ReadHpa {
  const out: Obj = { ...hpa, apiVersion: version, kind: 'HorizontalPodAutoscaler' };
  if (version === 'autoscaling/v2' || version === 'autoscaling/v2beta2') return out as ReadHpa;
  const annotations: Obj = isObj(hpa.metadata?.annotations) ? hpa.metadata.annotations : {};
  const fromAnnotation = (key: string): unknown => {
    const text = annotations[key];
    if (typeof text !== 'string') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const spec: Obj = isObj(hpa.spec) ? { ...hpa.spec } : {};
  const status: Obj | undefined = isObj(hpa.status) ? { ...hpa.status } : undefined;

  if (version === 'autoscaling/v2beta1') {
    if (Array.isArray(spec.metrics)) spec.metrics = spec.metrics.filter(isObj).map(oldMetricSpec);
    if (status && Array.isArray(status.currentMetrics)) status.currentMetrics = status.currentMetrics.filter(isObj).map(oldMetricStatus);
  } else {
    // v1: the CPU target is a field; every other metric is in the annotation, listed before it.
    const cpu = typeof spec.targetCPUUtilizationPercentage === 'number' ? [cpuSpec(spec.targetCPUUtilizationPercentage)] : [];
    const others = fromAnnotation(ROUND_TRIP_ANNOTATIONS.metrics);
    const metrics = [...(Array.isArray(others) ? others.filter(isObj).map(oldMetricSpec) : []), ...cpu];
    // autoscaling/v1's implicit default (DefaultCPUUtilization): 80% CPU when no metric is set.
    spec.metrics = metrics.length ? metrics : [cpuSpec(80)];
    delete spec.targetCPUUtilizationPercentage;
    if (status) {
      const current = fromAnnotation(ROUND_TRIP_ANNOTATIONS.currentMetrics);
      if (Array.isArray(current)) status.currentMetrics = current.filter(isObj).map(oldMetricStatus);
      else if (typeof status.currentCPUUtilizationPercentage === 'number') {
        status.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } }];
      }
      delete status.currentCPUUtilizationPercentage;
      const conditions = fromAnnotation(ROUND_TRIP_ANNOTATIONS.conditions);
      if (Array.isArray(conditions)) status.conditions = conditions.filter(isObj);
    }
  }
  const behavior = fromAnnotation(ROUND_TRIP_ANNOTATIONS.behavior);
  if (isObj(behavior) && Object.keys(behavior).length && !spec.behavior) spec.behavior = behavior;
  const kept = Object.fromEntries(Object.entries(annotations).filter(([k]) => !(Object.values(ROUND_TRIP_ANNOTATIONS) as string[]).includes(k)));
  if (isObj(hpa.metadata)) out.metadata = { ...hpa.metadata, ...(hpa.metadata.annotations ? { annotations: kept } : {}) };
  out.spec = spec;
  if (status) out.status = status;
  return out as ReadHpa;
}

const cpuSpec = (utilization: number): Obj => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } } });
const defined = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

/** A v2beta1 (or v1 annotation) MetricSpec in the v2 shape (Convert_v2beta1_*MetricSource_To_autoscaling_*). */
function oldMetricSpec(m: Obj): Obj {
  const s = (key: string): Obj => (isObj(m[key]) ? m[key] : {});
  switch (m.type) {
    case 'Resource':
    case 'ContainerResource': {
      const key = m.type === 'Resource' ? 'resource' : 'containerResource';
      const r = s(key);
      const utilization = r.targetAverageUtilization;
      const target = defined({ type: utilization == null ? 'AverageValue' : 'Utilization', averageUtilization: utilization, averageValue: r.targetAverageValue });
      return { type: m.type, [key]: defined({ name: r.name, container: r.container, target }) };
    }
    case 'Pods': {
      const p = s('pods');
      return { type: 'Pods', pods: { metric: defined({ name: p.metricName, selector: p.selector }), target: defined({ type: 'AverageValue', averageValue: p.targetAverageValue }) } };
    }
    case 'Object': {
      const o = s('object');
      const type = o.averageValue == null ? 'Value' : 'AverageValue';
      return {
        type: 'Object',
        object: { describedObject: o.target, metric: defined({ name: o.metricName, selector: o.selector }), target: defined({ type, value: o.targetValue, averageValue: o.averageValue }) },
      };
    }
    case 'External': {
      const e = s('external');
      const type = e.targetValue == null ? 'AverageValue' : 'Value';
      return {
        type: 'External',
        external: { metric: defined({ name: e.metricName, selector: e.metricSelector }), target: defined({ type, value: e.targetValue, averageValue: e.targetAverageValue }) },
      };
    }
    default:
      return m;
  }
}

/** A v2beta1 (or v1 annotation) MetricStatus in the v2 shape (Convert_v2beta1_*MetricStatus_To_autoscaling_*). */
function oldMetricStatus(m: Obj): Obj {
  const s = (key: string): Obj => (isObj(m[key]) ? m[key] : {});
  switch (m.type) {
    case 'Resource':
    case 'ContainerResource': {
      const key = m.type === 'Resource' ? 'resource' : 'containerResource';
      const r = s(key);
      return { type: m.type, [key]: defined({ name: r.name, container: r.container, current: defined({ averageUtilization: r.currentAverageUtilization, averageValue: r.currentAverageValue }) }) };
    }
    case 'Pods': {
      const p = s('pods');
      return { type: 'Pods', pods: { metric: defined({ name: p.metricName, selector: p.selector }), current: defined({ averageValue: p.currentAverageValue }) } };
    }
    case 'Object': {
      const o = s('object');
      return {
        type: 'Object',
        object: { describedObject: o.target, metric: defined({ name: o.metricName, selector: o.selector }), current: defined({ value: o.currentValue, averageValue: o.averageValue }) },
      };
    }
    case 'External': {
      const e = s('external');
      return { type: 'External', external: { metric: defined({ name: e.metricName, selector: e.metricSelector }), current: defined({ value: e.currentValue, averageValue: e.currentAverageValue }) } };
    }
    default:
      return m;
  }
}
