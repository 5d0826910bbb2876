// KEDA ScaledObject (keda.sh/v1alpha1) rows: its triggers, with values from the HPA KEDA makes for it.
import type * as k8s from '@kubernetes/client-node';
import { kedaHpaName, type ScaledObject } from '../objects';
import type { AutoscalerMetric, AutoscalerRow } from '../types';
import { UNKNOWN } from './amounts';
import { conditionsOf, hpaRow, unknownReason } from './hpa';

/**
 * A ScaledObject with its triggers; values come from the HPA KEDA made (`hpa`), matched per
 * trigger: cpu/memory triggers to the Resource metric, others to the External metric `s<index>-…`.
 */
export function scaledObjectRow(so: ScaledObject, hpa?: k8s.V2HorizontalPodAutoscaler): AutoscalerRow {
  const hpaRowValue = hpa ? hpaRow(hpa) : undefined;
  const specs = hpa?.spec?.metrics ?? [];
  const conditions = [...conditionsOf(so.status?.conditions), ...(hpaRowValue?.conditions ?? [])];
  const metrics: AutoscalerMetric[] = (so.spec?.triggers ?? []).map((t, i) => {
    const type = t.type ?? '';
    const index =
      type === 'cpu' || type === 'memory'
        ? specs.findIndex((s) => s.type === 'Resource' && s.resource?.name === type)
        : specs.findIndex((s) => s.type === 'External' && (s.external?.metric?.name ?? '').startsWith(`s${i}-`));
    const m = index >= 0 ? hpaRowValue?.metrics[index] : undefined;
    if (m) return { ...m, name: t.name || m.name };
    const target = t.metadata?.value ?? t.metadata?.threshold ?? t.metadata?.targetValue ?? '';
    const name = t.name || type;
    return {
      name,
      text: `${name}: ${UNKNOWN}/${target || '?'}`,
      target,
      unknownReason: hpa ? unknownReason(conditions) : `the HPA ${kedaHpaName(so)} that KEDA makes for this ScaledObject does not exist`,
    };
  });
  const ref = so.spec?.scaleTargetRef;
  const row: AutoscalerRow = {
    kind: 'ScaledObject',
    namespace: so.metadata?.namespace ?? '',
    name: so.metadata?.name ?? '',
    target: { ...(ref?.apiVersion ? { apiVersion: ref.apiVersion } : {}), kind: ref?.kind || 'Deployment', name: ref?.name ?? '' },
    metrics,
    minReplicas: so.spec?.minReplicaCount ?? 0,
    maxReplicas: so.spec?.maxReplicaCount ?? 100,
    conditions,
    atMax: hpaRowValue?.atMax ?? false,
  };
  if (hpaRowValue) {
    row.hpaName = hpaRowValue.name;
    row.currentReplicas = hpaRowValue.currentReplicas;
    row.targets = hpaRowValue.targets;
    if (hpaRowValue.desiredReplicas !== undefined) row.desiredReplicas = hpaRowValue.desiredReplicas;
  }
  return row;
}
