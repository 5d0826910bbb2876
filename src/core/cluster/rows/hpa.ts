// HorizontalPodAutoscaler (autoscaling/v2) rows: the TARGETS column of `kubectl get hpa`
// (formatHPAMetrics, pkg/printers/internalversion, Kubernetes 1.33), replicas and conditions.
import type * as k8s from '@kubernetes/client-node';
import { canonicalQuantity, parseQuantity } from '../../k8s/quantity';
import type { AutoscalerCondition, AutoscalerMetric, AutoscalerRow } from '../types';
import { UNKNOWN } from './amounts';

/** Quantity.String(): the canonical form; `<nil>` for a missing quantity, as Go prints a nil *Quantity. */
export function quantityString(q: unknown): string {
  if (q === undefined || q === null) return '<nil>';
  const p = parseQuantity(q as string | number);
  return p.ok ? canonicalQuantity(p) : String(q);
}

/** The TARGETS cell piece of one metric (formatHPAMetrics), with its name and parts. */
export function hpaMetricCell(spec: k8s.V2MetricSpec, status: k8s.V2MetricStatus | undefined): Omit<AutoscalerMetric, 'unknownReason'> {
  switch (spec.type) {
    case 'External': {
      const t = spec.external?.target;
      const name = spec.external?.metric?.name ?? 'external';
      if (t?.averageValue !== undefined && t?.averageValue !== null) {
        const current = status?.external?.current?.averageValue != null ? quantityString(status.external.current.averageValue) : undefined;
        const target = quantityString(t.averageValue);
        return { name, text: `${current ?? UNKNOWN}/${target} (avg)`, current, target };
      }
      const current = status?.external ? quantityString(status.external.current?.value) : undefined;
      const target = quantityString(t?.value);
      return { name, text: `${current ?? UNKNOWN}/${target}`, current, target };
    }
    case 'Pods': {
      const name = spec.pods?.metric?.name ?? 'pods';
      const current = status?.pods ? quantityString(status.pods.current?.averageValue) : undefined;
      const target = quantityString(spec.pods?.target?.averageValue);
      return { name, text: `${current ?? UNKNOWN}/${target}`, current, target };
    }
    case 'Object': {
      const t = spec.object?.target;
      const name = spec.object?.metric?.name ?? 'object';
      if (t?.averageValue !== undefined && t?.averageValue !== null) {
        const current = status?.object?.current?.averageValue != null ? quantityString(status.object.current.averageValue) : undefined;
        const target = quantityString(t.averageValue);
        return { name, text: `${current ?? UNKNOWN}/${target} (avg)`, current, target };
      }
      const current = status?.object ? quantityString(status.object.current?.value) : undefined;
      const target = quantityString(t?.value);
      return { name, text: `${current ?? UNKNOWN}/${target}`, current, target };
    }
    case 'Resource':
    case 'ContainerResource': {
      const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const st = spec.type === 'Resource' ? status?.resource : status?.containerResource;
      const name = src?.name ?? '';
      const t = src?.target;
      if (t?.averageValue !== undefined && t?.averageValue !== null) {
        const current = st ? quantityString(st.current?.averageValue) : undefined;
        const target = quantityString(t.averageValue);
        return { name, text: `${name}: ${current ?? UNKNOWN}/${target}`, current, target };
      }
      const util = st?.current?.averageUtilization;
      const current = st && util !== undefined && util !== null ? `${util}%` : undefined;
      const target = t?.averageUtilization !== undefined && t?.averageUtilization !== null ? `${t.averageUtilization}%` : '<auto>';
      return { name, text: `${name}: ${current ?? UNKNOWN}/${target}`, current, target };
    }
    default:
      return { name: String(spec.type ?? ''), text: '<unknown type>', target: '' };
  }
}

/** The TARGETS column of `kubectl get hpa`: the first two metrics, then `+ N more...`. */
export function hpaTargets(hpa: k8s.V2HorizontalPodAutoscaler): string {
  const specs = hpa.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses = hpa.status?.currentMetrics ?? [];
  const cells = specs.map((s, i) => hpaMetricCell(s, statuses[i]).text);
  const shown = cells.slice(0, 2).join(', ');
  return cells.length > 2 ? `${shown} + ${cells.length - 2} more...` : shown;
}

/** Conditions in the row's form (times as ISO text). */
export function conditionsOf(list: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: Date | string }[] | undefined): AutoscalerCondition[] {
  return (list ?? []).map((c) => {
    const out: AutoscalerCondition = { type: c.type, status: c.status };
    if (c.reason) out.reason = c.reason;
    if (c.message) out.message = c.message;
    const t = c.lastTransitionTime;
    if (t) out.lastTransitionTime = t instanceof Date ? t.toISOString() : String(t);
    return out;
  });
}

/** Why a metric shows `<unknown>`: the failing condition (ScalingActive, then AbleToScale) in one line. */
export function unknownReason(conditions: AutoscalerCondition[]): string {
  const failing = conditions.find((c) => c.type === 'ScalingActive' && c.status === 'False') ?? conditions.find((c) => c.type === 'AbleToScale' && c.status === 'False');
  if (failing) return [failing.reason, failing.message].filter(Boolean).join(': ');
  if (!conditions.length) return 'the HPA controller has not processed this HPA yet (no conditions)';
  return 'no current value reported yet by the HPA controller';
}

export function hpaRow(hpa: k8s.V2HorizontalPodAutoscaler): AutoscalerRow {
  const conditions = conditionsOf(hpa.status?.conditions);
  const statuses = hpa.status?.currentMetrics ?? [];
  const metrics: AutoscalerMetric[] = (hpa.spec?.metrics ?? []).map((s, i) => {
    const cell: AutoscalerMetric = hpaMetricCell(s, statuses[i]);
    if (cell.current === undefined) cell.unknownReason = unknownReason(conditions);
    return cell;
  });
  const ref = hpa.spec?.scaleTargetRef;
  const row: AutoscalerRow = {
    kind: 'HorizontalPodAutoscaler',
    namespace: hpa.metadata?.namespace ?? '',
    name: hpa.metadata?.name ?? '',
    target: { ...(ref?.apiVersion ? { apiVersion: ref.apiVersion } : {}), kind: ref?.kind ?? '', name: ref?.name ?? '' },
    metrics,
    targets: hpaTargets(hpa),
    maxReplicas: hpa.spec?.maxReplicas,
    currentReplicas: hpa.status?.currentReplicas ?? 0,
    conditions,
    atMax: false,
  };
  if (hpa.apiVersion) row.apiVersion = hpa.apiVersion;
  if (hpa.spec?.minReplicas !== undefined) row.minReplicas = hpa.spec.minReplicas;
  if (hpa.status?.desiredReplicas !== undefined) row.desiredReplicas = hpa.status.desiredReplicas;
  row.atMax = isAtMax(conditions, row.currentReplicas, row.maxReplicas);
  return row;
}

function isAtMax(conditions: AutoscalerCondition[], current: number | undefined, max: number | undefined): boolean {
  const limited = conditions.some((c) => c.type === 'ScalingLimited' && c.status === 'True' && c.reason === 'TooManyReplicas');
  return limited || (current !== undefined && max !== undefined && max > 0 && current >= max);
}
