// What the data layer keeps of each listed or watched object: the fields the rows (rows/<kind>),
// the pod index and workload naming read, nothing else. A kwok pod is ~4 KB of JSON, most of it
// managedFields, volumes and annotations; 22,000 of them whole held ~250 MiB of heap. A field a
// row starts to read must be added here (test/unit/cluster-trim.test.ts checks rows are unchanged).
import type * as k8s from '@kubernetes/client-node';
import type { NodeMetrics, PodMetrics } from './objects';
import { NODE_LABELS } from './rows/nodeAutoscaling';

type Json = Record<string, any>;

/** Copies the listed keys that are present (undefined ones are left out, like the wire form). */
function pick(from: Json | undefined, keys: readonly string[]): Json | undefined {
  // A field of the wrong type stays as sent: the rows report such answers as unexpected.
  if (!isRecord(from)) return from;
  const out: Json = {};
  for (const k of keys) if (from[k] !== undefined) out[k] = from[k];
  return out;
}

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const mapList = (list: unknown, f: (x: Json) => Json | undefined) => (Array.isArray(list) ? list.map((x) => (isRecord(x) ? f(x) : x)) : list);

/** Metadata every kept object has: identity, resourceVersion (the watch cache compares it), owners, times. */
function trimMetadata(meta: Json | undefined, labels: readonly string[] = []): Json | undefined {
  const out = pick(meta, ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'ownerReferences']);
  if (isRecord(out) && isRecord(meta) && isRecord(meta.labels)) {
    const kept = pick(meta.labels, labels);
    if (kept && Object.keys(kept).length) out.labels = kept;
  }
  return out;
}

/** The labels kept of a pod: workload naming reads pod-template-hash. */
export const POD_LABELS = ['pod-template-hash'] as const;

/** Requests and limits are what rows read of resources (the table view shows usage as a share of each). */
const requestsAndLimits = (r: unknown) => (isRecord(r) ? pick(r, ['requests', 'limits']) : r);

function containerSpec(c: Json): Json | undefined {
  const out = pick(c, ['name', 'resources', 'restartPolicy']);
  if (out?.resources !== undefined) out.resources = requestsAndLimits(out.resources);
  return out;
}

const STATE_PARTS: Record<string, readonly string[]> = { waiting: ['reason'], running: ['startedAt'], terminated: ['exitCode', 'signal', 'reason'] };

function containerStatus(c: Json): Json | undefined {
  const out = pick(c, ['name', 'restartCount', 'ready', 'started', 'state']);
  if (isRecord(out?.state)) {
    const state: Json = {};
    for (const [part, keys] of Object.entries(STATE_PARTS)) if (out.state[part] !== undefined) state[part] = pick(out.state[part], keys);
    out.state = state;
  }
  return out;
}
const condition = (c: Json) => pick(c, ['type', 'status', 'reason']);

/** A pod as podRow, podStatus, metricsPending, podSchedulingRequest and workloadOf read it. */
export function trimPod(pod: Json): k8s.V1Pod {
  const spec = pick(pod.spec, ['nodeName', 'containers', 'initContainers', 'overhead', 'resources']);
  if (isRecord(spec)) {
    if (spec.resources !== undefined) spec.resources = requestsAndLimits(spec.resources);
    spec.containers = mapList(spec.containers, containerSpec);
    if (spec.initContainers !== undefined) spec.initContainers = mapList(spec.initContainers, containerSpec);
  }
  const status = pick(pod.status, ['phase', 'reason', 'startTime', 'conditions', 'containerStatuses', 'initContainerStatuses']);
  if (isRecord(status)) {
    if (status.conditions !== undefined) status.conditions = mapList(status.conditions, condition);
    if (status.containerStatuses !== undefined) status.containerStatuses = mapList(status.containerStatuses, containerStatus);
    if (status.initContainerStatuses !== undefined) status.initContainerStatuses = mapList(status.initContainerStatuses, containerStatus);
  }
  return withParts(trimMetadata(pod.metadata, POD_LABELS), spec, status) as k8s.V1Pod;
}

/** A node as nodeRow reads it. */
export function trimNode(node: Json): k8s.V1Node {
  const status = pick(node.status, ['allocatable', 'conditions']);
  if (isRecord(status) && status.conditions !== undefined) status.conditions = mapList(status.conditions, condition);
  return withParts(trimMetadata(node.metadata, NODE_LABELS), pick(node.spec, ['unschedulable']), status) as k8s.V1Node;
}

/** An unscheduled pod as Karpenter's scheduling reads it (karpenterScheduling.ts PodSpecLike): selectors, affinity, tolerations, requests. */
export function trimSchedulingPod(pod: Json): k8s.V1Pod {
  const spec = pick(pod.spec, ['nodeName', 'nodeSelector', 'affinity', 'tolerations', 'containers', 'initContainers', 'overhead']);
  if (isRecord(spec)) {
    if (isRecord(spec.affinity)) spec.affinity = pick(spec.affinity, ['nodeAffinity']);
    spec.containers = mapList(spec.containers, containerSpec);
    if (spec.initContainers !== undefined) spec.initContainers = mapList(spec.initContainers, containerSpec);
  }
  return withParts(trimMetadata(pod.metadata), spec, undefined) as k8s.V1Pod;
}

/** A ReplicaSet as workload naming reads it: its metadata (owners). */
export function trimToMetadata(obj: Json): { metadata?: k8s.V1ObjectMeta } {
  return withParts(trimMetadata(obj.metadata), undefined, undefined);
}

/** NodeMetrics as node rows and the metrics poller read them: name, sample time and window, usage. */
export function trimNodeMetrics(m: Json): NodeMetrics {
  return { ...pick(m, ['timestamp', 'window', 'usage']), metadata: pick(m.metadata, ['name']) } as NodeMetrics;
}

/** PodMetrics as pod rows and `top` read them: name, namespace, sample time and window, each container's usage. */
export function trimPodMetrics(m: Json): PodMetrics {
  const out: Json = { ...pick(m, ['timestamp', 'window', 'containers']), metadata: pick(m.metadata, ['name', 'namespace']) };
  out.containers = mapList(out.containers, (c) => pick(c, ['name', 'usage']));
  return out as PodMetrics;
}

function withParts(metadata: Json | undefined, spec: Json | undefined, status: Json | undefined): Json {
  const out: Json = {};
  if (metadata !== undefined) out.metadata = metadata;
  if (spec !== undefined) out.spec = spec;
  if (status !== undefined) out.status = status;
  return out;
}
