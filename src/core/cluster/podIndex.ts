// The session's pods, indexed by node (with each node's requested sum, as `kubectl describe node`
// counts it) and by ReplicaSet (to re-name a pod's workload when its ReplicaSet shows up).
import type * as k8s from '@kubernetes/client-node';
import { controllerOf, objectKey } from './objects';
import { addNanos, isTerminated, podSchedulingRequest, ZERO, type NanoAmounts } from './rows';

export interface PodEntry {
  pod: k8s.V1Pod;
  node?: string;
  /** Counted in the node's requested sum (scheduled, not terminated). */
  request: NanoAmounts;
  /** `namespace/name` of the controlling ReplicaSet. */
  replicaSet?: string;
}

export class PodIndex {
  private readonly pods = new Map<string, PodEntry>();
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly podsByReplicaSet = new Map<string, Set<string>>();
  private readonly nodeRequested = new Map<string, NanoAmounts>();

  /** `requestedChanged` hears of every node whose requested sum changed. */
  constructor(private readonly requestedChanged: (node: string) => void) {}

  get(podKey: string): PodEntry | undefined {
    return this.pods.get(podKey);
  }

  entries(): IterableIterator<[string, PodEntry]> {
    return this.pods.entries();
  }

  /** What the pods on `node` request in all. */
  requested(node: string): NanoAmounts {
    return this.nodeRequested.get(node) ?? ZERO;
  }

  podsOfReplicaSet(replicaSetKey: string): Iterable<string> {
    return this.podsByReplicaSet.get(replicaSetKey) ?? [];
  }

  /** Adds or replaces a pod; returns its key. */
  set(pod: k8s.V1Pod): string {
    const k = objectKey(pod);
    const old = this.pods.get(k);
    const node = pod.spec?.nodeName || undefined;
    const owner = controllerOf(pod.metadata);
    const entry: PodEntry = {
      pod,
      node,
      request: node && !isTerminated(pod) ? podSchedulingRequest(pod) : ZERO,
      replicaSet: owner?.kind === 'ReplicaSet' ? `${pod.metadata?.namespace}/${owner.name}` : undefined,
    };
    this.pods.set(k, entry);
    // Most pod updates (status, annotations) leave node, request and owner as they were.
    const sameIndex = old && old.node === entry.node && old.replicaSet === entry.replicaSet && sameUsage(old.request, entry.request);
    if (old && !sameIndex) this.unindex(k, old);
    if (!sameIndex) this.index(k, entry);
    return k;
  }

  /** Removes a pod; returns its key, or undefined when it was not there. */
  delete(pod: k8s.V1Pod): string | undefined {
    const k = objectKey(pod);
    const old = this.pods.get(k);
    if (!old) return undefined;
    this.unindex(k, old);
    this.pods.delete(k);
    return k;
  }

  private index(k: string, e: PodEntry): void {
    if (e.node) {
      addTo(this.podsByNode, e.node, k);
      if (e.request.cpu || e.request.memory) {
        this.nodeRequested.set(e.node, addNanos(this.nodeRequested.get(e.node) ?? ZERO, e.request));
        this.requestedChanged(e.node);
      }
    }
    if (e.replicaSet) addTo(this.podsByReplicaSet, e.replicaSet, k);
  }

  private unindex(k: string, e: PodEntry): void {
    if (e.node) {
      removeFrom(this.podsByNode, e.node, k);
      if (e.request.cpu || e.request.memory) {
        this.nodeRequested.set(e.node, addNanos(this.nodeRequested.get(e.node) ?? ZERO, e.request, -1n));
        this.requestedChanged(e.node);
      }
    }
    if (e.replicaSet) removeFrom(this.podsByReplicaSet, e.replicaSet, k);
  }
}

function addTo(index: Map<string, Set<string>>, k: string, v: string): void {
  let s = index.get(k);
  if (!s) index.set(k, (s = new Set()));
  s.add(v);
}

function removeFrom(index: Map<string, Set<string>>, k: string, v: string): void {
  const s = index.get(k);
  if (!s) return;
  s.delete(v);
  if (!s.size) index.delete(k);
}

function sameUsage(a: NanoAmounts, b: NanoAmounts): boolean {
  return a.cpu === b.cpu && a.memory === b.memory;
}
