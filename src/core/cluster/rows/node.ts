// Node rows: `kubectl top node` usage and the requested share of allocatable that `kubectl describe
// node` shows, with a pod's request counted as the scheduler counts it.
import type * as k8s from '@kubernetes/client-node';
import { milliValue } from '../../k8s/quantity';
import { isRestartable, type NodeMetrics } from '../objects';
import type { NodeRow } from '../types';
import { addNanos, milliOf, nanos, percent, toAmounts, usageNanos, ZERO, type NanoAmounts } from './amounts';

function requestNanos(c: { resources?: k8s.V1ResourceRequirements }): NanoAmounts {
  const r = c.resources?.requests ?? {};
  return { cpu: nanos(r.cpu) ?? 0n, memory: nanos(r.memory) ?? 0n };
}

const maxNanos = (a: NanoAmounts, b: NanoAmounts): NanoAmounts => ({ cpu: a.cpu > b.cpu ? a.cpu : b.cpu, memory: a.memory > b.memory ? a.memory : b.memory });

/**
 * The pod's effective request as the scheduler and `kubectl describe node` count it
 * (component-helpers resource.PodRequests): pod-level requests when set; else the larger of the
 * containers (+ restartable init containers) and each init container's peak; plus overhead.
 */
export function podSchedulingRequest(pod: k8s.V1Pod): NanoAmounts {
  const spec = pod.spec;
  if (!spec) return ZERO;
  const podLevel = (spec as { resources?: k8s.V1ResourceRequirements }).resources?.requests;
  let reqs: NanoAmounts = ZERO;
  for (const c of spec.containers ?? []) reqs = addNanos(reqs, requestNanos(c));
  let sidecars: NanoAmounts = ZERO;
  let initPeak: NanoAmounts = ZERO;
  for (const c of spec.initContainers ?? []) {
    let containerReqs = requestNanos(c);
    if (isRestartable(c)) {
      reqs = addNanos(reqs, containerReqs);
      sidecars = addNanos(sidecars, containerReqs);
      containerReqs = sidecars;
    } else {
      containerReqs = addNanos(containerReqs, sidecars);
    }
    initPeak = maxNanos(initPeak, containerReqs);
  }
  reqs = maxNanos(reqs, initPeak);
  if (podLevel) {
    const cpu = nanos(podLevel.cpu);
    const memory = nanos(podLevel.memory);
    reqs = { cpu: cpu ?? reqs.cpu, memory: memory ?? reqs.memory };
  }
  const overhead = spec.overhead ?? {};
  return addNanos(reqs, { cpu: nanos(overhead.cpu) ?? 0n, memory: nanos(overhead.memory) ?? 0n });
}

/** Pods that hold node resources: `kubectl describe node` lists pods whose phase is neither Succeeded nor Failed. */
export function isTerminated(pod: k8s.V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export function nodeRow(node: k8s.V1Node, requested: NanoAmounts, metrics?: NodeMetrics): NodeRow {
  const alloc = node.status?.allocatable ?? {};
  const allocatable = toAmounts({ cpu: nanos(alloc.cpu) ?? 0n, memory: nanos(alloc.memory) ?? 0n });
  const req = toAmounts(requested);
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const row: NodeRow = {
    name: node.metadata?.name ?? '',
    ready,
    unschedulable: !!node.spec?.unschedulable,
    allocatable,
    requested: req,
    // kubectl computes the fraction on MilliValue() of both sides, memory included.
    cpuRequestedPercent: percent(Number(milliValue({ nanos: requested.cpu })), allocatable.cpuMilli) ?? 0,
    memoryRequestedPercent: percent(Number(milliValue({ nanos: requested.memory })), milliOf(alloc.memory)) ?? 0,
  };
  // A malformed timestamp leaves the age unknown rather than failing the row.
  const created = node.metadata?.creationTimestamp ? new Date(node.metadata.creationTimestamp).getTime() : NaN;
  if (!Number.isNaN(created)) row.createdAt = new Date(created).toISOString();
  if (metrics) {
    const u = usageNanos(metrics.usage);
    row.usage = toAmounts(u);
    row.cpuPercent = percent(Number(milliValue({ nanos: u.cpu })), allocatable.cpuMilli);
    row.memoryPercent = percent(Number(milliValue({ nanos: u.memory })), milliOf(alloc.memory));
  }
  return row;
}
