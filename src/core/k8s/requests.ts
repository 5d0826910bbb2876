// Which containers need a resource request, and whether a pod gets one: written in the container,
// defaulted from its limit (core/v1 Pod defaulting), from a pod-level request, or from a LimitRange.
import { isMap, type Node, type YAMLMap } from 'yaml';
import type { ResourceMetric } from './autoscaling';
import { podSpecOf } from '../manifest/kinds';
import { hasTemplateConstruct, isTemplatedValue, mapAt, nodeAt, seqAt, stringAt, valueAt, type ManifestDoc } from '../manifest/model';
import { parseQuantity } from './quantity';
import type { Workspace } from '../manifest/workspace';
import { columnOf, lineEndOf, nextLineStartOf } from '../text/lines';
import { msg, type Message } from '../l10n';

export type ContainerRole = 'container' | 'sidecar' | 'init';

export interface ContainerRef {
  name: string;
  map: YAMLMap;
  /** `container`: spec.containers; `sidecar`: init container with restartPolicy Always; `init`: plain init container. */
  role: ContainerRole;
  /** The `name` value node, for ranges. */
  nameNode?: Node;
}

export function containersOf(podSpec: YAMLMap | undefined): ContainerRef[] {
  const out: ContainerRef[] = [];
  const add = (key: string, roleOf: (c: YAMLMap) => ContainerRole) => {
    for (const item of seqAt(podSpec, [key])?.items ?? []) {
      if (!isMap(item)) continue;
      out.push({ name: stringAt(item, ['name']) ?? '', map: item, role: roleOf(item), nameNode: nodeAt(item, ['name']) });
    }
  };
  add('containers', () => 'container');
  add('initContainers', (c) => (stringAt(c, ['restartPolicy']) === 'Always' ? 'sidecar' : 'init'));
  return out;
}

/**
 * The containers whose requests the HPA sums (replica_calculator.go): every regular container and
 * every restartable init container; with a container name (ContainerResource), only that one.
 */
export function hpaCountedContainers(podSpec: YAMLMap | undefined, containerName?: string): ContainerRef[] {
  return containersOf(podSpec).filter((c) => c.role !== 'init' && (containerName === undefined || c.name === containerName));
}

export type RequestState =
  | { state: 'set'; via: 'request' | 'limit' | 'pod' | 'limitRange'; limitRange?: ManifestDoc }
  | { state: 'missing' }
  /** Written as 0: the HPA treats a zero request as missing. */
  | { state: 'zero' }
  /** Templated or unreadable: the rules stay silent. */
  | { state: 'unknown' };

export interface RequestLookup {
  doc: ManifestDoc;
  podSpec: YAMLMap | undefined;
  limitRanges: ManifestDoc[];
  /** ContainerResource metrics read only the container: pod-level requests do not help them. */
  containerOnly?: boolean;
}

/** Whether pods of this template will have a request for `resource` in `container`. */
export function requestStateOf(container: ContainerRef, resource: string, lookup: RequestLookup): RequestState {
  if (hasTemplateDirective(lookup.doc, container.map)) return { state: 'unknown' };
  for (const via of ['request', 'limit'] as const) {
    const node = nodeAt(container.map, ['resources', via === 'request' ? 'requests' : 'limits', resource]);
    if (!node) continue;
    const value = valueAt(container.map, ['resources', via === 'request' ? 'requests' : 'limits', resource]);
    if (value === undefined || typeof value === 'boolean' || isTemplatedValue(value)) return { state: 'unknown' };
    const q = parseQuantity(value);
    if (!q.ok) return { state: 'unknown' };
    // A limit without a request becomes the request (core/v1 SetDefaults_Pod), so a zero request stays zero.
    if (q.nanos === 0n) return via === 'request' ? { state: 'zero' } : { state: 'missing' };
    return { state: 'set', via };
  }
  if (!lookup.containerOnly && podLevelRequest(lookup.podSpec, resource)) return { state: 'set', via: 'pod' };
  const limitRange = lookup.limitRanges.find((lr) => limitRangeDefaultsRequest(lr, resource));
  if (limitRange) return { state: 'set', via: 'limitRange', limitRange };
  return { state: 'missing' };
}

/**
 * Whether a template construct (a Helm directive, a Jinja `{% if %}`…) sits inside a block node: in its range, or on the deeper-indented lines
 * after it (a masked `{{ toYaml … | nindent }}` line is blank to the parser, so the node ends before it).
 */
export function hasTemplateDirective(doc: ManifestDoc, node: Node): boolean {
  const { text, templated } = doc.file;
  if (!templated || !node.range) return false;
  const start = node.range[0];
  const column = columnOf(text, start);
  let end = node.range[2];
  while (end < text.length) {
    const line = text.slice(end, lineEndOf(text, end));
    const indent = line.length - line.trimStart().length;
    if (line.trim() !== '' && indent <= column) break;
    end = nextLineStartOf(text, end);
  }
  return hasTemplateConstruct(doc.file, text.slice(start, end));
}

function podLevelRequest(podSpec: YAMLMap | undefined, resource: string): boolean {
  for (const key of ['requests', 'limits']) {
    const v = valueAt(podSpec, ['resources', key, resource]);
    if (v === undefined || typeof v === 'boolean') continue;
    const q = parseQuantity(v);
    if (q.ok && q.nanos > 0n) return true;
  }
  return false;
}

/**
 * Whether a LimitRange gives containers a default request for `resource`. The API server defaults a
 * `type: Container` item's defaultRequest from `default`, then from `max` (through default), then
 * from `min` (core/v1 SetDefaults_LimitRangeItem), and the LimitRanger admission plugin applies it.
 */
export function limitRangeDefaultsRequest(limitRange: ManifestDoc, resource: string): boolean {
  for (const item of seqAt(limitRange.root, ['spec', 'limits'])?.items ?? []) {
    if (!isMap(item) || stringAt(item, ['type']) !== 'Container') continue;
    for (const key of ['defaultRequest', 'default', 'max', 'min']) {
      if (mapAt(item, [key])?.has(resource)) return true;
    }
  }
  return false;
}

/** Containers of one workload that lack a request one autoscaler metric needs. */
export interface RequestGap {
  metric: ResourceMetric;
  workload: ManifestDoc;
  missing: ContainerRef[];
  /** Set when a ContainerResource-style metric names a container the template does not have. */
  containerNotFound?: string;
}

/**
 * The gaps of `metrics` in each workload. `countedOf` picks the containers a metric reads;
 * templated pod specs and unreadable requests yield no gaps.
 */
export function requestGaps(workloads: ManifestDoc[], limitRanges: ManifestDoc[], metrics: ResourceMetric[], countedOf: (podSpec: YAMLMap, metric: ResourceMetric) => ContainerRef[]): RequestGap[] {
  const gaps: RequestGap[] = [];
  for (const workload of workloads) {
    const podSpec = podSpecOf(workload);
    if (!podSpec) continue;
    const all = containersOf(podSpec);
    if (all.length === 0) continue;
    for (const metric of metrics) {
      const counted = countedOf(podSpec, metric);
      if (metric.container && counted.length === 0) {
        if (!workload.file.templated) gaps.push({ metric, workload, missing: [], containerNotFound: metric.container });
        continue;
      }
      const lookup: RequestLookup = { doc: workload, podSpec, limitRanges, containerOnly: !!metric.container };
      const missing = counted.filter((c) => {
        const s = requestStateOf(c, metric.resource, lookup).state;
        return s === 'missing' || s === 'zero';
      });
      if (missing.length > 0) gaps.push({ metric, workload, missing });
    }
  }
  return gaps;
}

/** An autoscaler's request gaps, all of them and per workload (in order). */
export interface AutoscalerGaps {
  all: RequestGap[];
  byWorkload: Map<ManifestDoc, RequestGap[]>;
}

/**
 * The gaps of `autoscaler`, found once per workspace state (under the rule's `memoKey`), though each of its
 * workloads asks as well as the autoscaler itself.
 */
export function autoscalerGaps(ws: Workspace, memoKey: string, autoscaler: ManifestDoc, find: () => RequestGap[]): AutoscalerGaps {
  const known = ws.memo(memoKey, () => new Map<ManifestDoc, AutoscalerGaps>());
  let gaps = known.get(autoscaler);
  if (!gaps) {
    const all = find();
    const byWorkload = new Map<ManifestDoc, RequestGap[]>();
    for (const g of all) {
      const list = byWorkload.get(g.workload);
      if (list) list.push(g);
      else byWorkload.set(g.workload, [g]);
    }
    known.set(autoscaler, (gaps = { all, byWorkload }));
  }
  return gaps;
}

/** `container "a"` or `containers "a", "b"`. */
export function describeContainers(containers: ContainerRef[]): Message {
  const names = containers.map((c) => JSON.stringify(c.name)).join(', ');
  return containers.length === 1 ? msg('container {names}', { names }) : msg('containers {names}', { names });
}

/** One container's missing requests over a set of gaps: the facts a fix needs (what to add, and where). */
export interface MissingRequests {
  /** The container to add `resources.requests` to (its map, in `workload`'s file). */
  container: ContainerRef;
  workload: ManifestDoc;
  /** Resource names, sorted. */
  resources: string[];
}

/** The containers `gaps` name (or only `only`), each once, in the order they first appear, with the resources each lacks. */
export function missingRequestsByContainer(gaps: RequestGap[], only?: ContainerRef): MissingRequests[] {
  const perContainer = new Map<YAMLMap, { container: ContainerRef; workload: ManifestDoc; resources: Set<string> }>();
  for (const gap of gaps) {
    for (const c of gap.missing) {
      if (only && c.map !== only.map) continue;
      const entry = perContainer.get(c.map) ?? { container: c, workload: gap.workload, resources: new Set<string>() };
      entry.resources.add(gap.metric.resource);
      perContainer.set(c.map, entry);
    }
  }
  return [...perContainer.values()].map((e) => ({ container: e.container, workload: e.workload, resources: [...e.resources].sort() }));
}
