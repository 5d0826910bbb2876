// Recent core Events whose involvedObject is one HPA (what `kubectl describe hpa` lists), newest first.
// Read through request.ts like the informers' lists, so the HPA panel never calls the API itself.
import type * as k8s from '@kubernetes/client-node';
import type { KubeList } from './informer';
import { getList } from './request';

export interface EventRow {
  type: string;
  reason: string;
  message: string;
  count: number;
  /** ISO time of the last occurrence. */
  last?: string;
  source?: string;
}

const MAX_EVENTS = 20;

export async function readHpaEvents(kc: k8s.KubeConfig, namespace: string, name: string): Promise<EventRow[]> {
  // Wire form: times stay strings, which eventRows reads as it reads Dates.
  const list = await getList<KubeList<k8s.CoreV1Event>>(kc, `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, {
    fieldSelector: `involvedObject.kind=HorizontalPodAutoscaler,involvedObject.name=${name}`,
  });
  return eventRows(list.items ?? []);
}

export function eventRows(items: k8s.CoreV1Event[]): EventRow[] {
  return items
    .map((e): EventRow => ({
      type: e.type ?? 'Normal',
      reason: e.reason ?? '',
      message: (e.message ?? '').trim(),
      count: e.series?.count ?? e.count ?? 1,
      last: iso(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp),
      source: e.reportingComponent || e.source?.component || undefined,
    }))
    .sort((a, b) => (b.last ?? '').localeCompare(a.last ?? ''))
    .slice(0, MAX_EVENTS);
}

function iso(t: Date | string | undefined): string | undefined {
  if (!t) return undefined;
  const d = t instanceof Date ? t : new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
