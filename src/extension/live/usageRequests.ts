// What the missing-request quick fix can offer from the connected cluster, per workload container: the target of the
// workload's VPA when one recommends it, else a high percentile of the usage samples seen while pods' metrics were read
// (a namespace row of the Cluster view open, a workload lens shown, the table), rounded the way people write requests. Fed the session's snapshots;
// no vscode, so it is unit-tested directly (test/unit/usage-requests.test.ts).
import type { Snapshot } from '../../core/cluster/types';
import { cpuRequestText, liveRequestKey, memoryRequestText, percentile, REQUEST_PERCENTILE, type LiveRequests } from '../../core/k8s/requestSuggestion';

/** Metrics reads needed before a percentile is offered: one sample is a moment, not usage. */
export const MIN_SAMPLES = 3;
/** Samples kept per container (the oldest go first): a day of 15 s reads is 5,760. */
export const MAX_SAMPLES = 2_000;
/** Containers followed at most (the language server takes no more either). */
const MAX_CONTAINERS = 20_000;

interface Samples {
  cpuMilli: number[];
  memoryBytes: number[];
  /** Where the next sample goes once MAX_SAMPLES are kept (over the oldest). */
  next: number;
  pods: Set<string>;
}

/**
 * Keeps a sample in a ring of MAX_SAMPLES (the percentile does not care about order): `shift()` moved 2,000 numbers
 * per sample once full, 40 million per read of a 20,000-pod namespace.
 */
function keep(s: Samples, cpuMilli: number, memoryBytes: number): void {
  if (s.cpuMilli.length < MAX_SAMPLES) {
    s.cpuMilli.push(cpuMilli);
    s.memoryBytes.push(memoryBytes);
  } else {
    s.cpuMilli[s.next] = cpuMilli;
    s.memoryBytes[s.next] = memoryBytes;
  }
  s.next = (s.next + 1) % MAX_SAMPLES;
}

export class UsageRequests {
  private readonly samples = new Map<string, Samples>();
  private lastRead?: string;
  private since?: string;

  /** Takes the usage of a snapshot's pods once per metrics read (snapshots between reads add nothing). */
  observe(snapshot: Snapshot): void {
    if (!snapshot.metricsAt || snapshot.metricsAt === this.lastRead) return;
    this.lastRead = snapshot.metricsAt;
    this.since ??= snapshot.metricsAt;
    for (const pod of snapshot.pods) {
      if (!pod.workload) continue;
      for (const c of pod.containers) {
        if (!c.usage) continue;
        const key = liveRequestKey(pod.namespace, pod.workload.kind, pod.workload.name, c.name);
        let s = this.samples.get(key);
        if (!s) {
          if (this.samples.size >= MAX_CONTAINERS) continue;
          this.samples.set(key, (s = { cpuMilli: [], memoryBytes: [], next: 0, pods: new Set() }));
        }
        keep(s, c.usage.cpuMilli, c.usage.memoryBytes);
        s.pods.add(pod.name);
      }
    }
  }

  /** The values to offer now: each container's VPA target where the snapshot has one, else the percentile of its samples. */
  values(snapshot: Snapshot): LiveRequests {
    const out: LiveRequests = {};
    for (const pod of snapshot.pods) {
      if (!pod.workload) continue;
      for (const c of pod.containers) {
        const t = c.recommendation?.target;
        if (!t) continue;
        const key = liveRequestKey(pod.namespace, pod.workload.kind, pod.workload.name, c.name);
        if (out[key]) continue;
        const source = `the target of VerticalPodAutoscaler ${pod.namespace}/${c.recommendation!.vpa}, rounded up`;
        out[key] = {
          ...(t.cpuMilli !== undefined ? { cpu: { value: cpuRequestText(t.cpuMilli), source: `${source} from ${t.cpuMilli}m` } } : {}),
          ...(t.memoryBytes !== undefined ? { memory: { value: memoryRequestText(t.memoryBytes), source: `${source} from ${t.memoryBytes} bytes` } } : {}),
        };
      }
    }
    const since = `${this.since?.slice(0, 16).replace('T', ' ')} UTC`;
    for (const [key, s] of this.samples) {
      if (s.cpuMilli.length < MIN_SAMPLES) continue;
      const source = `p${REQUEST_PERCENTILE} of ${s.cpuMilli.length} usage samples from ${s.pods.size} pod${s.pods.size === 1 ? '' : 's'} since ${since}`;
      // A resource the VPA recommends nothing for (controlledResources) still gets the measured one.
      out[key] = {
        cpu: out[key]?.cpu ?? { value: cpuRequestText(percentile(s.cpuMilli, REQUEST_PERCENTILE)!), source },
        memory: out[key]?.memory ?? { value: memoryRequestText(percentile(s.memoryBytes, REQUEST_PERCENTILE)!), source },
      };
    }
    return out;
  }
}
