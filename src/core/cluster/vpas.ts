// The session's VerticalPodAutoscalers, by the workload they target (`namespace/Kind/name`), so a pod row finds the
// recommendation of its workload's VPA. Tells which workloads a VPA event changed: only their pods' rows are redone,
// and only when what the rows show (target, mode, recommendation) changed, not on every status write.
import { objectKey, vpaTargetKey, type VerticalPodAutoscaler } from './objects';

/** What pod rows show of a VPA: an event that leaves it alone changes no row. */
const shown = (vpa: VerticalPodAutoscaler | undefined) => JSON.stringify([vpa && vpaTargetKey(vpa), vpa?.spec?.updatePolicy?.updateMode, vpa?.status?.recommendation]);

export class VpaIndex {
  private readonly byKey = new Map<string, VerticalPodAutoscaler>();
  /** Workload key → the VPAs targeting it, by their key. */
  private readonly byTarget = new Map<string, Map<string, VerticalPodAutoscaler>>();

  /** The VPA of a workload (the first by name when several target it: a stable choice); undefined: none. */
  forWorkload(namespace: string, kind: string, name: string): VerticalPodAutoscaler | undefined {
    const vpas = this.byTarget.get(`${namespace}/${kind}/${name}`);
    if (!vpas) return undefined;
    return [...vpas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))[0]?.[1];
  }

  /** Stores `vpa`; returns the workload keys whose rows change (its old and new target), empty when none does. */
  set(vpa: VerticalPodAutoscaler): string[] {
    const k = objectKey(vpa);
    const old = this.byKey.get(k);
    this.unlink(k, old);
    this.byKey.set(k, vpa);
    const target = vpaTargetKey(vpa);
    if (target) (this.byTarget.get(target) ?? this.byTarget.set(target, new Map()).get(target)!).set(k, vpa);
    return shown(old) === shown(vpa) ? [] : targets(old, vpa);
  }

  delete(vpa: VerticalPodAutoscaler): string[] {
    const k = objectKey(vpa);
    const old = this.byKey.get(k);
    this.unlink(k, old);
    this.byKey.delete(k);
    return targets(old);
  }

  private unlink(k: string, old: VerticalPodAutoscaler | undefined): void {
    const target = old && vpaTargetKey(old);
    const vpas = target ? this.byTarget.get(target) : undefined;
    if (!vpas) return;
    vpas.delete(k);
    if (vpas.size === 0) this.byTarget.delete(target!);
  }
}

function targets(...vpas: (VerticalPodAutoscaler | undefined)[]): string[] {
  return [...new Set(vpas.map((v) => v && vpaTargetKey(v)).filter((t): t is string => !!t))];
}
