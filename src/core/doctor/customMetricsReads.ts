// The doctor's reads of the custom and external metrics pipelines, layer by layer as the HPA controller walks them:
// the APIServices of custom.metrics.k8s.io and external.metrics.k8s.io and the Service each points at, the metric names
// each API lists in its discovery, and the value the API returns for each HPA metric with the HPA's selector. Read only
// when an HPA uses a Pods, Object or External metric (or reports FailedGet{Pods,Object,External}Metric). An adapter's
// error answers are kept as evidence (they are the diagnosis), never recorded as problems of the doctor's own reads.
import type * as k8s from '@kubernetes/client-node';
import { getJson, UnexpectedAnswerError } from '../cluster/request';
import { httpStatus, type Activity } from '../cluster/problems';
import { errorMessage, msg, type Message } from '../l10n';
import type { Api } from './reads';
import type { Read } from './state';

export type MetricsGroup = 'custom' | 'external';

export const GROUP_NAMES: Record<MetricsGroup, string> = { custom: 'custom.metrics.k8s.io', external: 'external.metrics.k8s.io' };

/** The APIServices an adapter registers (custom-metrics-apiserver's test-adapter-deploy, prometheus-adapter, KEDA). */
export const METRICS_APISERVICES: readonly { name: string; group: MetricsGroup }[] = [
  { name: 'v1beta1.custom.metrics.k8s.io', group: 'custom' },
  { name: 'v1beta2.custom.metrics.k8s.io', group: 'custom' },
  { name: 'v1beta1.external.metrics.k8s.io', group: 'external' },
];

/** The metric types an HPA reads through these APIs, and the condition reason the HPA controller sets when it cannot. */
export const METRIC_TYPES: Record<string, { group: MetricsGroup; reason: string }> = {
  Pods: { group: 'custom', reason: 'FailedGetPodsMetric' },
  Object: { group: 'custom', reason: 'FailedGetObjectMetric' },
  External: { group: 'external', reason: 'FailedGetExternalMetric' },
};

export interface AdapterApiService {
  name: string;
  group: MetricsGroup;
  /** null: not registered; undefined: could not be read. */
  apiService: k8s.V1APIService | null | undefined;
  /** The API server's words for a 404. */
  notFound?: string;
  /** The Service spec.service names; null: not found; undefined: none named or unreadable. */
  service?: k8s.V1Service | null;
}

export interface Discovery {
  /** Resource names the API lists: `pods/http_requests` (custom), `my-external-metric` (external). */
  names?: string[];
  path: string;
  error?: string | Message;
}

/** One HPA metric as the doctor read it from its API. */
export interface MetricRead {
  /** `namespace/name` of the HPA. */
  hpa: string;
  /** Index in spec.metrics. */
  index: number;
  type: 'Pods' | 'Object' | 'External';
  group: MetricsGroup;
  metric: string;
  /** Resource of a custom metric (`pods`, or the Object metric's plural); '' for external. */
  resource: string;
  /** The request, as evidence: path and query. */
  request: string;
  /** The values returned (name of the described object, or the external metric's labels). */
  values?: { of: string; value: string }[];
  /** The answer's words (a string from the server) or what was wrong with it (a template). */
  error?: { status?: number; message: string | Message };
  /** Why no read was made (the pods' selector could not be read…). */
  skipped?: Message;
}

export interface CustomMetricsState {
  apiServices: AdapterApiService[];
  discovery: Partial<Record<MetricsGroup, Discovery>>;
  reads: MetricRead[];
}

type Reading = <T>(what: Activity, fn: () => Promise<T>) => Promise<Read<T>>;

/** Discovery names of custom-metrics-apiserver's default providers (pkg/provider/defaults): they list no real metric. */
export const PLACEHOLDER_NAMES = new Set(['custommetrics', 'externalmetrics', '/custommetrics']);

const MAX_READS = 50;

/** The HPA's metrics read through custom.metrics.k8s.io or external.metrics.k8s.io, with their spec.metrics index. */
export function adapterMetrics(hpa: k8s.V2HorizontalPodAutoscaler): { index: number; spec: k8s.V2MetricSpec }[] {
  return (hpa.spec?.metrics ?? []).map((spec, index) => ({ index, spec })).filter(({ spec }) => Object.hasOwn(METRIC_TYPES, spec.type));
}

/** Whether the HPA's conditions say a custom or external metric failed. */
export function failedAdapterMetric(hpa: k8s.V2HorizontalPodAutoscaler): k8s.V2HorizontalPodAutoscalerCondition | undefined {
  return hpa.status?.conditions?.find((c) => c.type === 'ScalingActive' && c.status === 'False' && Object.values(METRIC_TYPES).some((t) => t.reason === c.reason));
}

const isAvailable = (as: k8s.V1APIService | null | undefined) => !!as?.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True');

/** The kinds an Object metric names, as resource plurals (what the HPA controller's RESTMapper gives for the common ones). */
export function pluralOf(kind: string): string {
  const known: Record<string, string> = { Ingress: 'ingresses', Service: 'services', Pod: 'pods', Namespace: 'namespaces', Node: 'nodes' };
  return known[kind] ?? `${kind.toLowerCase()}s`;
}

export async function readCustomMetrics(
  read: Reading,
  kc: k8s.KubeConfig,
  api: Api,
  hpas: k8s.V2HorizontalPodAutoscaler[],
  selectorString: (sel: k8s.V1LabelSelector | undefined) => string | undefined,
): Promise<CustomMetricsState | undefined> {
  const relevant = hpas.filter((h) => adapterMetrics(h).length || failedAdapterMetric(h));
  if (!relevant.length) return undefined;
  const apiServices = await Promise.all(METRICS_APISERVICES.map((a) => readApiService(read, api, a)));
  const served = (g: MetricsGroup) => apiServices.some((a) => a.group === g && isAvailable(a.apiService));
  const discovery: Partial<Record<MetricsGroup, Discovery>> = {};
  await Promise.all(
    (['custom', 'external'] as MetricsGroup[]).filter(served).map(async (g) => {
      discovery[g] = await readDiscovery(kc, `/apis/${GROUP_NAMES[g]}/v1beta1`);
    }),
  );
  const reads: MetricRead[] = [];
  for (const hpa of relevant) {
    for (const { index, spec } of adapterMetrics(hpa)) {
      if (reads.length >= MAX_READS) break;
      const group = METRIC_TYPES[spec.type].group;
      if (!served(group)) continue;
      reads.push(await readValue(kc, api, hpa, index, spec, selectorString));
    }
  }
  return { apiServices, discovery, reads };
}

export async function readApiService(read: Reading, api: Api, a: { name: string; group: MetricsGroup }): Promise<AdapterApiService> {
  const as = await read(msg('reading {kind} {name}', { kind: 'APIService', name: a.name }), () => api.object<k8s.V1APIService>(`/apis/apiregistration.k8s.io/v1/apiservices/${a.name}`));
  const out: AdapterApiService = { ...a, apiService: as.ok ? as.value : as.status === 404 ? null : undefined, notFound: !as.ok && as.status === 404 ? as.message : undefined };
  const ref = as.ok ? as.value.spec?.service : undefined;
  if (ref?.name && ref.namespace) {
    const svc = await read(msg('reading {kind} {name}', { kind: 'Service', name: `${ref.namespace}/${ref.name}` }), () =>
      api.object<k8s.V1Service>(`/api/v1/namespaces/${encodeURIComponent(ref.namespace!)}/services/${encodeURIComponent(ref.name!)}`),
    );
    out.service = svc.ok ? svc.value : svc.status === 404 ? null : undefined;
  }
  return out;
}

async function readDiscovery(kc: k8s.KubeConfig, path: string): Promise<Discovery> {
  try {
    const list = await getJson<{ resources?: unknown }>(kc, path);
    const resources = list?.resources ?? [];
    if (!Array.isArray(resources) || resources.some((r) => typeof r?.name !== 'string')) throw new UnexpectedAnswerError(`GET ${path}`, msg('has "resources" that is not a list of named resources'));
    return { path, names: resources.map((r: { name: string }) => r.name) };
  } catch (err) {
    return { path, error: readError(err) };
  }
}

/** A failed read as evidence: the adapter's or API server's own words, or what was wrong with its answer (a template). */
function readError(err: unknown): string | Message {
  if (err instanceof UnexpectedAnswerError) return msg('unexpected answer: {request} {why}', { request: err.request, why: err.whyMessage ?? err.why });
  return errorMessage(err);
}

async function readValue(
  kc: k8s.KubeConfig,
  api: Api,
  hpa: k8s.V2HorizontalPodAutoscaler,
  index: number,
  spec: k8s.V2MetricSpec,
  selectorString: (sel: k8s.V1LabelSelector | undefined) => string | undefined,
): Promise<MetricRead> {
  const namespace = hpa.metadata?.namespace ?? '';
  const ns = encodeURIComponent(namespace);
  const base = { hpa: `${namespace}/${hpa.metadata?.name}`, index, type: spec.type as MetricRead['type'], group: METRIC_TYPES[spec.type].group };
  let path: string;
  const query: Record<string, string> = {};
  let metric: string;
  let resource = '';
  if (spec.type === 'External') {
    metric = spec.external?.metric?.name ?? '';
    path = `/apis/external.metrics.k8s.io/v1beta1/namespaces/${ns}/${encodeURIComponent(metric)}`;
    const sel = selectorString(spec.external?.metric?.selector);
    if (sel) query.labelSelector = sel;
  } else if (spec.type === 'Object') {
    metric = spec.object?.metric?.name ?? '';
    const obj = spec.object?.describedObject;
    resource = pluralOf(obj?.kind ?? '');
    path = `/apis/custom.metrics.k8s.io/v1beta1/namespaces/${ns}/${resource}/${encodeURIComponent(obj?.name ?? '')}/${encodeURIComponent(metric)}`;
    const sel = selectorString(spec.object?.metric?.selector);
    if (sel) query.metricLabelSelector = sel;
  } else {
    metric = spec.pods?.metric?.name ?? '';
    resource = 'pods';
    path = `/apis/custom.metrics.k8s.io/v1beta1/namespaces/${ns}/pods/*/${encodeURIComponent(metric)}`;
    // The pods the HPA controller reads: its target's /scale selector.
    const scale = await scaleSelector(api, namespace, hpa.spec?.scaleTargetRef);
    if ('error' in scale) return { ...base, metric, resource, request: `GET ${path}`, skipped: msg("the pods' selector could not be read: {why}", { why: scale.error }) };
    query.labelSelector = scale.selector;
    const sel = selectorString(spec.pods?.metric?.selector);
    if (sel) query.metricLabelSelector = sel;
  }
  const qs = Object.entries(query)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const request = `GET ${path}${qs ? `?${qs}` : ''}`;
  try {
    // Metric value lists are not object lists: their items have no metadata (MetricValue, ExternalMetricValue).
    const list = await getJson<{ items?: unknown }>(kc, path, query);
    if (!Array.isArray(list?.items)) throw new UnexpectedAnswerError(request, msg('has no "items" list'));
    const items = list.items as { value?: unknown; describedObject?: { name?: string }; metricLabels?: Record<string, string> }[];
    if (items.some((i) => typeof i !== 'object' || i === null || typeof i.value !== 'string')) throw new UnexpectedAnswerError(request, msg('has an item whose "value" is not a quantity string'));
    const values = items.map((i) => ({
      of:
        i.describedObject?.name ??
        Object.entries(i.metricLabels ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
      value: String(i.value),
    }));
    return { ...base, metric, resource, request, values };
  } catch (err) {
    return { ...base, metric, resource, request, error: { status: httpStatus(err), message: readError(err) } };
  }
}

async function scaleSelector(api: Api, namespace: string, ref: k8s.V2CrossVersionObjectReference | undefined): Promise<{ selector: string } | { error: string | Message }> {
  if (!ref?.name || !ref.kind) return { error: msg('the HPA has no scaleTargetRef') };
  const apiVersion = ref.apiVersion || 'apps/v1';
  const prefix = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  try {
    const scale = await api.object<{ status?: { selector?: unknown } }>(`${prefix}/namespaces/${encodeURIComponent(namespace)}/${pluralOf(ref.kind)}/${encodeURIComponent(ref.name)}/scale`);
    const sel = scale.status?.selector;
    return typeof sel === 'string' && sel ? { selector: sel } : { error: msg("{kind} {name}'s /scale reports no selector", { kind: ref.kind, name: ref.name }) };
  } catch (err) {
    return { error: readError(err) };
  }
}
