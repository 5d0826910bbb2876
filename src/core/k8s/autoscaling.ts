// What HPAs and ScaledObjects ask of their targets: resource metrics in every API version,
// KEDA cpu/memory triggers, and the workload documents a scaleTargetRef resolves to.
import { isMap, type Node, type YAMLMap } from 'yaml';
import { isHpa, isScaledObject, isWorkload, version } from '../manifest/kinds';
import { hasTemplateConstruct, isTemplatedValue, keyRange, mapAt, nodeAt, qualifiedName, rangeOf, seqAt, stringAt, valueAt, type ManifestDoc } from '../manifest/model';
import type { OffsetRange } from '../text/edits';
import { scaleTargetOf, type ScaleTarget, type Workspace } from '../manifest/workspace';

export interface ResourceMetric {
  /** `cpu`, `memory`, … */
  resource: string;
  target: 'Utilization' | 'AverageValue';
  /** Set for ContainerResource metrics and KEDA triggers with metadata.containerName. */
  container?: string;
  /** True when the HPA has no metrics and the API defaults to 80% cpu utilization. */
  defaulted?: boolean;
  /** Where to report problems about this metric. */
  range: OffsetRange;
}

/** Resource and ContainerResource metrics of an HPA, in autoscaling/v1, v2beta1, v2beta2 and v2. */
export function hpaResourceMetrics(doc: ManifestDoc): ResourceMetric[] {
  const spec = mapAt(doc.root, ['spec']);
  if (!spec) return [];
  const specRange = keyRange(doc.root, 'spec', doc.range);
  if (version(doc.apiVersion) === 'v1') {
    if (spec.has('targetCPUUtilizationPercentage')) {
      const v = valueAt(spec, ['targetCPUUtilizationPercentage']);
      if (isTemplatedValue(v)) return [];
      return [{ resource: 'cpu', target: 'Utilization', range: keyRange(spec, 'targetCPUUtilizationPercentage') }];
    }
    return defaultedMetrics(doc, specRange);
  }
  const metricsNode = nodeAt(spec, ['metrics']);
  const metrics = seqAt(spec, ['metrics']);
  if (!metrics || metrics.items.length === 0) {
    if (metricsNode && !metrics && !isNullNode(metricsNode)) return [];
    if (doc.file.templated && (metricsNode || hasTemplateConstruct(doc.file, textOf(doc, spec)))) return [];
    return defaultedMetrics(doc, metricsNode ? keyRange(spec, 'metrics') : specRange);
  }
  const beta1 = version(doc.apiVersion) === 'v2beta1';
  const out: ResourceMetric[] = [];
  for (const m of metrics.items) {
    if (!isMap(m)) continue;
    const type = stringAt(m, ['type']);
    const source = type === 'Resource' ? mapAt(m, ['resource']) : type === 'ContainerResource' ? mapAt(m, ['containerResource']) : undefined;
    if (!source) continue;
    const resource = stringAt(source, ['name']);
    if (!resource || isTemplatedValue(resource)) continue;
    let container: string | undefined;
    if (type === 'ContainerResource') {
      container = stringAt(source, ['container']);
      if (!container || isTemplatedValue(container)) continue;
    }
    const target = beta1 ? (source.has('targetAverageUtilization') ? 'Utilization' : source.has('targetAverageValue') ? 'AverageValue' : undefined) : stringAt(source, ['target', 'type']);
    if (target !== 'Utilization' && target !== 'AverageValue') continue;
    out.push({ resource, target, container, range: rangeOf(nodeAt(source, ['name']), rangeOf(m)) });
  }
  return out;
}

function defaultedMetrics(doc: ManifestDoc, range: OffsetRange): ResourceMetric[] {
  return [{ resource: 'cpu', target: 'Utilization', defaulted: true, range }];
}

function isNullNode(n: Node): boolean {
  return 'value' in n && (n as { value: unknown }).value === null;
}

function textOf(doc: ManifestDoc, node: Node): string {
  return node.range ? doc.file.text.slice(node.range[0], node.range[2]) : '';
}

/** Object or External metrics: what `minReplicas: 0` needs (validation.go). Both API shapes agree on `type`. */
export function hasObjectOrExternalMetric(doc: ManifestDoc): boolean {
  return (seqAt(doc.root, ['spec', 'metrics'])?.items ?? []).some((m) => {
    const type = stringAt(m, ['type']);
    return type === 'Object' || type === 'External';
  });
}

export interface KedaResourceTrigger extends ResourceMetric {
  trigger: YAMLMap;
  /** Whether metricType came from the deprecated `metadata.type`. */
  legacyType: boolean;
}

/**
 * cpu and memory triggers of a ScaledObject. metricType defaults to AverageValue; before KEDA 2.10
 * the type was `metadata.type` (deprecated, later removed), which we still read when metricType is absent.
 */
export function kedaResourceTriggers(doc: ManifestDoc): KedaResourceTrigger[] {
  const out: KedaResourceTrigger[] = [];
  for (const t of seqAt(doc.root, ['spec', 'triggers'])?.items ?? []) {
    if (!isMap(t)) continue;
    const resource = stringAt(t, ['type']);
    if (resource !== 'cpu' && resource !== 'memory') continue;
    const metricType = stringAt(t, ['metricType']);
    const legacy = stringAt(t, ['metadata', 'type']);
    const written = metricType ?? legacy ?? 'AverageValue';
    if (isTemplatedValue(written)) continue;
    if (written !== 'Utilization' && written !== 'AverageValue') continue;
    const container = stringAt(t, ['metadata', 'containerName']);
    if (isTemplatedValue(container)) continue;
    out.push({
      resource,
      target: written,
      container: container || undefined,
      range: rangeOf(nodeAt(t, ['type']), rangeOf(t)),
      trigger: t,
      legacyType: metricType === undefined && legacy !== undefined,
    });
  }
  return out;
}

/** The name of the HPA KEDA creates for a ScaledObject. */
export function kedaHpaName(doc: ManifestDoc): string {
  return stringAt(doc.root, ['spec', 'advanced', 'horizontalPodAutoscalerConfig', 'name']) ?? `keda-hpa-${doc.name ?? ''}`;
}

export interface ResolvedTarget {
  target: ScaleTarget;
  /** The namespace both objects end up in. */
  namespace: string;
  workloads: ManifestDoc[];
}

/**
 * The workloads a scaleTargetRef names: same namespace first; failing that, a workload of that kind
 * and name whose namespace is implicit on one side only (applied with `kubectl -n`), if unambiguous.
 */
export function resolveTarget(ws: Workspace, doc: ManifestDoc): ResolvedTarget | undefined {
  // Rules ask for the same autoscaler once per workload it may target: resolve each once per workspace state.
  const resolved = ws.memo('autoscaling.resolved', () => new Map<ManifestDoc, ResolvedTarget | undefined>());
  if (!resolved.has(doc)) resolved.set(doc, resolve(ws, doc));
  return resolved.get(doc);
}

function resolve(ws: Workspace, doc: ManifestDoc): ResolvedTarget | undefined {
  const target = scaleTargetOf(doc);
  if (!target || isTemplatedValue(target.name) || isTemplatedValue(target.kind)) return undefined;
  const exact = ws.findWorkloads(doc.namespace, target.kind, target.name);
  if (exact.length > 0) return { target, namespace: doc.namespace, workloads: exact };
  const loose = (byKindAndName(ws).workloads.get(`${target.kind}/${target.name}`) ?? []).filter((d) => d.namespaceExplicit !== doc.namespaceExplicit);
  const namespaces = new Set(loose.map((d) => d.namespace));
  if (loose.length === 0 || namespaces.size !== 1) return { target, namespace: doc.namespace, workloads: [] };
  const namespace = doc.namespaceExplicit ? doc.namespace : loose[0].namespace;
  return { target, namespace, workloads: loose };
}

/** HPAs and ScaledObjects whose target resolves to this workload document. */
export function autoscalersTargeting(ws: Workspace, workload: ManifestDoc): ManifestDoc[] {
  if (!workload.kind || !workload.name || isTemplatedValue(workload.name)) return [];
  const { exact, loose } = targetingIndex(ws);
  return [...(exact.get(workload) ?? []), ...(loose.get(workload) ?? [])];
}

/**
 * Every autoscaler under each workload its target resolves to, in workspace order: those in the workload's own
 * namespace (`exact`) first, then those matched across an implicit namespace (`loose`). Built once per workspace
 * state, so asking for each workload costs what it returns, not a pass over every autoscaler of that name.
 */
function targetingIndex(ws: Workspace) {
  return ws.memo('autoscaling.targeting', () => {
    const exact = new Map<ManifestDoc, ManifestDoc[]>();
    const loose = new Map<ManifestDoc, ManifestDoc[]>();
    for (const d of ws.allDocs()) {
      if (!isHpa(d) && !isScaledObject(d)) continue;
      const resolved = resolveTarget(ws, d);
      if (!resolved) continue;
      const { kind, name } = resolved.target;
      const index = ws.findWorkloads(d.namespace, kind, name).length > 0 ? exact : loose;
      for (const w of resolved.workloads) pushTo(index, w, d);
    }
    return { exact, loose };
  });
}

function pushTo<K, V>(m: Map<K, V[]>, key: K, value: V): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

export const TRANSFER_OWNERSHIP_ANNOTATION = 'scaledobject.keda.sh/transfer-hpa-ownership';

/**
 * Whether `hpa` is the HPA KEDA manages for `so` (exported from the cluster, or adopted): KEDA's webhook
 * accepts it when the HPA is owned by the ScaledObject, or when the ScaledObject asks to take it over.
 */
export function isKedaOwnHpa(hpa: ManifestDoc, so: ManifestDoc): boolean {
  const owned = (seqAt(hpa.root, ['metadata', 'ownerReferences'])?.items ?? []).some((o) => isMap(o) && stringAt(o, ['kind']) === 'ScaledObject' && stringAt(o, ['name']) === so.name);
  if (owned) return true;
  const transfer = stringAt(so.root, ['metadata', 'annotations', TRANSFER_OWNERSHIP_ANNOTATION]) === 'true';
  return transfer && stringAt(so.root, ['spec', 'advanced', 'horizontalPodAutoscalerConfig', 'name']) === hpa.name;
}

/** Whether two autoscaler documents are one scaler: KEDA's own HPA and its ScaledObject. */
export function isKedaPair(a: ManifestDoc, b: ManifestDoc): boolean {
  if (isHpa(a) && isScaledObject(b)) return isKedaOwnHpa(a, b);
  if (isScaledObject(a) && isHpa(b)) return isKedaOwnHpa(b, a);
  return false;
}

/** The same object (kind, namespace, name) written twice, e.g. in a kustomize base and its overlay. */
export const isSameObject = (a: ManifestDoc, b: ManifestDoc): boolean => a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;

/**
 * The autoscalers that compete for `workload`'s replicas: those autoscalersTargeting finds (so an HPA without
 * metadata.namespace counts where resolveTarget puts it), one document per object, without an HPA KEDA manages
 * for a ScaledObject beside it. More than one fight. The lenses and the autoscaler-conflict rule both ask this.
 */
export function competingAutoscalers(ws: Workspace, workload: ManifestDoc): ManifestDoc[] {
  const memo = ws.memo('autoscaling.competing', () => new Map<ManifestDoc, ManifestDoc[]>());
  let out = memo.get(workload);
  if (!out) {
    const all = autoscalersTargeting(ws, workload).filter((d) => !isTemplatedValue(d.name));
    const byObject = new Map<string, ManifestDoc>();
    for (const d of all) {
      const key = JSON.stringify([d.kind, d.namespace, d.name]);
      if (!byObject.has(key)) byObject.set(key, d);
    }
    const unique = [...byObject.values()];
    const scaledObjects = unique.filter(isScaledObject);
    out = unique.filter((d) => !isHpa(d) || !scaledObjects.some((so) => isKedaOwnHpa(d, so)));
    memo.set(workload, out);
  }
  return out;
}

/** Workloads by `kind/name`, across namespaces. */
function byKindAndName(ws: Workspace) {
  return ws.memo('autoscaling.byKindAndName', () => {
    const workloads = new Map<string, ManifestDoc[]>();
    for (const d of ws.allDocs()) {
      if (isWorkload(d) && d.name) pushTo(workloads, `${d.kind}/${d.name}`, d);
    }
    return { workloads };
  });
}

/** `Deployment shop/web`, for messages. */
export function describeDoc(doc: ManifestDoc, namespace = doc.namespace): string {
  return `${doc.kind} ${qualifiedName({ namespace, name: doc.name })}`;
}
