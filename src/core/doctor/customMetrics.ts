// What the custom/external metrics checks share: which layer of an HPA metric's pipeline fails first (APIService
// missing → APIService unavailable → metric not listed in discovery → no value for the HPA's selector), who serves an
// APIService (KEDA, prometheus-adapter, another adapter), and the served names nearest to a wrong one.
import { msg, type Message } from '../l10n';
import type * as k8s from '@kubernetes/client-node';
import { nearestNames } from '../text/nearest';
import { conditionLine } from './checkKit';
import { PLACEHOLDER_NAMES, adapterMetrics, type AdapterApiService, type MetricRead, type MetricsGroup } from './customMetricsReads';
import type { DoctorState } from './state';
import type { DiagnosisId } from './types';

export type Layer = Extract<DiagnosisId, 'custom-metrics-api-missing' | 'custom-metrics-api-unavailable' | 'custom-metric-not-listed' | 'custom-metric-no-value'>;

export const isAvailable = (as: k8s.V1APIService | null | undefined) => !!as?.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True');

export function availableOf(as: k8s.V1APIService | null | undefined) {
  return as?.status?.conditions?.find((c) => c.type === 'Available');
}

/** The registered APIServices of a group (custom: v1beta1 and v1beta2), as read. */
export function apiServicesOf(state: DoctorState, group: MetricsGroup): AdapterApiService[] {
  return (state.customMetrics?.apiServices ?? []).filter((a) => a.group === group);
}

/** Whether no APIService of the group is registered (all read, all 404): the group is not served at all. */
export function groupMissing(state: DoctorState, group: MetricsGroup): boolean {
  const all = apiServicesOf(state, group);
  return all.length > 0 && all.every((a) => a.apiService === null);
}

/** Registered APIServices of the group that are not Available. */
export function unavailableOf(state: DoctorState, group: MetricsGroup): AdapterApiService[] {
  return apiServicesOf(state, group).filter((a) => a.apiService && !isAvailable(a.apiService));
}

const label = (o: { metadata?: { labels?: Record<string, string> } } | null | undefined, key: string) => o?.metadata?.labels?.[key] ?? '';

/** Who serves an APIService, from the names and labels KEDA's and prometheus-adapter's manifests and charts give it. */
export function adapterOwner(a: AdapterApiService): Message {
  const ref = a.apiService?.spec?.service;
  const where = ref ? msg('Service {service}', { service: `${ref.namespace}/${ref.name}` }) : msg('no Service (spec.service is empty: served by the API server itself)');
  const objects = [a.apiService, a.service];
  const names = [ref?.name ?? '', ...objects.flatMap((o) => ['app', 'app.kubernetes.io/name', 'app.kubernetes.io/part-of', 'app.kubernetes.io/component'].map((k) => label(o, k)))].join(' ');
  if (/keda-operator-metrics-apiserver|keda-operator|\bkeda\b/.test(names)) return msg("KEDA's metrics API server ({where})", { where });
  if (/prometheus-adapter/.test(names)) return msg('prometheus-adapter ({where})', { where });
  if (/custom-metrics-test-adapter/.test(names)) return msg("custom-metrics-apiserver's test-adapter ({where})", { where });
  return msg('an adapter behind {where}', { where });
}

/** The metric names a discovery document lists for `resource` (custom) or in all (external); undefined: none real (placeholders only, or unread). */
export function listedNames(state: DoctorState, group: MetricsGroup, resource: string): string[] | undefined {
  const names = state.customMetrics?.discovery[group]?.names;
  if (!names) return undefined;
  const real = names.filter((n) => !PLACEHOLDER_NAMES.has(n));
  if (!real.length) return undefined;
  if (group === 'external') return real;
  const prefix = `${resource}/`;
  return real.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
}

export interface LayerFinding {
  layer: Layer;
  read?: MetricRead;
}

/** The first failing layer of each custom/external metric of an HPA (undefined when every layer read passes). */
export function failingLayer(state: DoctorState, hpa: k8s.V2HorizontalPodAutoscaler): LayerFinding | undefined {
  const key = `${hpa.metadata?.namespace}/${hpa.metadata?.name}`;
  for (const { index, spec } of adapterMetrics(hpa)) {
    const group: MetricsGroup = spec.type === 'External' ? 'external' : 'custom';
    if (groupMissing(state, group)) return { layer: 'custom-metrics-api-missing' };
    if (unavailableOf(state, group).length) return { layer: 'custom-metrics-api-unavailable' };
    const read = state.customMetrics?.reads.find((r) => r.hpa === key && r.index === index);
    if (!read) continue;
    const listed = listedNames(state, group, read.resource);
    if (listed && !listed.includes(read.metric)) return { layer: 'custom-metric-not-listed', read };
    if (read.error || (read.values && read.values.length === 0)) return { layer: 'custom-metric-no-value', read };
  }
  return undefined;
}

/** HPAs whose first failing layer is `layer`, with it. */
export function hpasFailingAt(state: DoctorState, layer: Layer): { hpa: k8s.V2HorizontalPodAutoscaler; found: LayerFinding }[] {
  return state.hpas.flatMap((hpa) => {
    const found = failingLayer(state, hpa);
    return found?.layer === layer ? [{ hpa, found }] : [];
  });
}

/** The HPA's ScalingActive condition as evidence, when it is False. */
export function scalingActiveLine(hpa: k8s.V2HorizontalPodAutoscaler): string[] {
  const c = hpa.status?.conditions?.find((x) => x.type === 'ScalingActive' && x.status === 'False');
  return c ? [`HPA ${hpa.metadata?.namespace}/${hpa.metadata?.name} ${conditionLine(c)}`] : [];
}

/** Up to three served names nearest to `name` (edit distance at most a third of its length, at least 2). */
export function suggestions(name: string, served: string[]): string[] {
  return nearestNames(name, served, { max: 3, maxDistance: Math.max(2, Math.floor(name.length / 3)) });
}
