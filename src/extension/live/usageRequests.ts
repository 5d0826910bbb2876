// What the missing-request quick fix can offer from the connected cluster, per workload container: the target of the
// workload's VPA when one recommends it, else a high percentile of the usage samples seen while pods' metrics were read
// (a namespace row of the Cluster view open, a workload lens shown, the table), rounded the way people write requests.
// Fed the session's pods' samples and rows as computed (a metrics read of a 20,000-pod namespace leaves the rows whose
// usage alone changed uncomputed: the samples have their usage); no vscode, so it is unit-tested directly
// (test/unit/usage-requests.test.ts).
import type { UsageSample } from '../../core/cluster/rows';
import type { PodRow } from '../../core/cluster/types';
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
  /** The percentiles of the samples as they are (undefined: a sample came since): 200 sorts per update otherwise. */
  offered?: { cpuMilli: number; memoryBytes: number };
}

/** What the values are read from (ClusterSession has these). */
export interface PodUsageSource {
  /** Each pod with usage: its row as last computed (its usage may be older) and its sample. */
  forEachPodSample(fn: (row: PodRow, sample: UsageSample) => void): void;
  /** Pod rows as last computed (their VPA recommendations are current; their usage may not be). */
  podRowsAsComputed(): Iterable<PodRow>;
}

/**
 * Keeps a sample in a ring of MAX_SAMPLES (the percentile does not care about order): `shift()` moved 2,000 numbers
 * per sample once full, 40 million per read of a 20,000-pod namespace.
 */
function keep(s: Samples, cpuMilli: number, memoryBytes: number): void {
  s.offered = undefined;
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

  /**
   * Takes the pods' usage once per metrics read (`metricsAt`: when the session last read metrics; calls between reads
   * add nothing). A container's usage is its sample's, for the containers its row counts.
   */
  observe(metricsAt: string | undefined, source: PodUsageSource): void {
    if (!metricsAt || metricsAt === this.lastRead) return;
    this.lastRead = metricsAt;
    this.since ??= metricsAt;
    source.forEachPodSample((pod, sample) => {
      if (!pod.workload) return;
      for (const c of pod.containers) {
        const usage = sample.containers.find((x) => x.name === c.name)?.usage;
        if (!usage) continue;
        const key = liveRequestKey(pod.namespace, pod.workload.kind, pod.workload.name, c.name);
        let s = this.samples.get(key);
        if (!s) {
          if (this.samples.size >= MAX_CONTAINERS) continue;
          this.samples.set(key, (s = { cpuMilli: [], memoryBytes: [], next: 0, pods: new Set() }));
        }
        keep(s, usage.cpuMilli, usage.memoryBytes);
        s.pods.add(pod.name);
      }
    });
  }

  /** The values to offer now: each container's VPA target where a pod row has one, else the percentile of its samples. */
  values(source: PodUsageSource): LiveRequests {
    const out: LiveRequests = {};
    for (const pod of source.podRowsAsComputed()) {
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
      s.offered ??= { cpuMilli: percentile(s.cpuMilli, REQUEST_PERCENTILE)!, memoryBytes: percentile(s.memoryBytes, REQUEST_PERCENTILE)! };
      // A resource the VPA recommends nothing for (controlledResources) still gets the measured one.
      out[key] = {
        cpu: out[key]?.cpu ?? { value: cpuRequestText(s.offered.cpuMilli), source },
        memory: out[key]?.memory ?? { value: memoryRequestText(s.offered.memoryBytes), source },
      };
    }
    return out;
  }
}
