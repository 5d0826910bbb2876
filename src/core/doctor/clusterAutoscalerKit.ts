// What the cluster-autoscaler-* checks share: the CA Deployment as a finding names it, its log lines, its parsed status
// ConfigMap, and the per-group reasons of its NotTriggerScaleUp events translated into what to do. The reason texts
// are Cluster Autoscaler's (core/scaleup/orchestrator/skippedreasons.go, processors/status/eventing_scale_up_processor.go)
// and the scheduler's filter messages it repeats (nodeaffinity, tainttoleration, noderesources plugins).
import type * as k8s from '@kubernetes/client-node';
import type { CaStatus } from '../k8s/clusterAutoscalerStatus';
import { caContainer } from './clusterAutoscalerReads';
import type { DoctorState } from './state';
import type { DiagnosisId } from './types';
import { msg, type Message } from '../l10n';
import { clauseJoin } from '../l10n/lists';

/** eventing_scale_up_processor.go: the NotTriggerScaleUp message is this prefix, then "<count> <reason>" joined by ", ". */
export const NOT_TRIGGERED_PREFIX = "pod didn't trigger scale-up:";

export function caRef(state: DoctorState) {
  const d = state.clusterAutoscaler?.deployment;
  return d ? { apiVersion: 'apps/v1', kind: 'Deployment', namespace: d.metadata?.namespace, name: d.metadata?.name ?? 'cluster-autoscaler' } : undefined;
}

export const statusRef = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'cluster-autoscaler-status' };

export function caContainerOf(state: DoctorState): k8s.V1Container | undefined {
  return caContainer(state.clusterAutoscaler?.deployment?.spec?.template?.spec);
}

/** Every log line read from CA's pods (current runs, then previous runs). */
export function caLogLines(state: DoctorState): string[] {
  const logs = state.clusterAutoscaler?.logs ?? [];
  return [...logs.flatMap((l) => l.lines), ...logs.flatMap((l) => l.previous ?? [])];
}

export function caStatus(state: DoctorState): CaStatus | undefined {
  const s = state.clusterAutoscaler?.status;
  return s?.ok ? s.status : undefined;
}

export interface NotTriggeredReason {
  count: number;
  reason: string;
}

/** "pod didn't trigger scale-up: 1 max node group size reached, 2 Insufficient cpu" → its reasons; [] for none. */
export function notTriggeredReasons(message: string): NotTriggeredReason[] {
  const rest = message.startsWith(NOT_TRIGGERED_PREFIX) ? message.slice(NOT_TRIGGERED_PREFIX.length) : message;
  // Reasons may contain ", " themselves (taint lists are in braces): split only before "<digits> ".
  return rest
    .split(/,\s+(?=\d+ )/)
    .map((part) => /^\s*(\d+)\s+(.+?)\s*$/.exec(part))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ count: Number(m[1]), reason: m[2] }));
}

/** Each reason CA gives per node group, what it means for the pod, and the finding that explains it further. */
export const REASON_ADVICE: { re: RegExp; advice: Message; diagnosis?: DiagnosisId }[] = [
  {
    re: /^max node group size reached/,
    advice: msg('the group is at its maximum size: raise its max (ASG MaxSize / node pool max) or let another group take the pod'),
    diagnosis: 'cluster-autoscaler-group-at-max',
  },
  { re: /^in backoff after failed scale-up/, advice: msg('its last scale-up failed (capacity, quota, launch template) and CA waits before trying it again'), diagnosis: 'cluster-autoscaler-backoff' },
  { re: /^not ready for scale-up/, advice: msg('the group is unhealthy (too many unready or unregistered nodes) or still adding nodes') },
  { re: /^max cluster .* limit reached/, advice: msg('the cluster-wide --cores-total/--memory-total limit is reached: raise it') },
  { re: /^max total nodes in cluster reached/, advice: msg('--max-nodes-total is reached: raise it') },
  {
    re: /didn't match Pod's node affinity\/selector/,
    advice: msg("a new node of the group would not have the labels the pod's nodeSelector/affinity asks for (scale-from-zero groups: add node-template label tags)"),
  },
  { re: /untolerated taint/, advice: msg('a new node of the group would carry a taint the pod does not tolerate: add a toleration, or scale a group without the taint') },
  { re: /^Insufficient /, advice: msg("even an empty new node of the group is too small for the pod's requests: lower them or add a group with larger machines") },
  { re: /didn't match pod (anti-)?affinity|didn't match pod topology spread constraints/, advice: msg('pod (anti-)affinity or topology spread rules leave no place on a new node of the group') },
  { re: /volume node affinity conflict|didn't find available persistent volumes/, advice: msg("the pod's volume is bound to a zone the group does not run in") },
];

export function adviceFor(reason: string) {
  return REASON_ADVICE.find((a) => a.re.test(reason));
}

/** "2 node groups: max node group size reached (raise …); 1 node group: …" for a NotTriggerScaleUp message. */
export function translateNotTriggered(message: string): Message {
  const reasons = notTriggeredReasons(message);
  if (!reasons.length) return msg('CA gave no reason for any node group: it considered none, i.e. it has discovered no node groups (see cluster-autoscaler-no-node-groups).');
  const each = reasons.map((r) => {
    const advice = adviceFor(r.reason)?.advice ?? msg('see the Cluster Autoscaler FAQ');
    return r.count === 1 ? msg('1 node group: "{reason}" — {advice}', { reason: r.reason, advice }) : msg('{count} node groups: "{reason}" — {advice}', { count: r.count, reason: r.reason, advice });
  });
  return msg('{clauses}.', { clauses: clauseJoin(each) });
}

/** The pending pods' NotTriggerScaleUp events, newest first. */
export function notTriggeredEvents(state: DoctorState): k8s.CoreV1Event[] {
  const last = (e: k8s.CoreV1Event) => String(e.lastTimestamp ?? e.eventTime ?? '');
  return state.events.filter((e) => e.reason === 'NotTriggerScaleUp').sort((a, b) => (last(b) < last(a) ? -1 : last(b) > last(a) ? 1 : 0));
}

/** `Pod ns/name: message` for evidence. */
export const eventLine = (e: k8s.CoreV1Event) =>
  `${e.involvedObject?.kind ?? 'Object'} ${e.involvedObject?.namespace ? `${e.involvedObject.namespace}/` : ''}${e.involvedObject?.name ?? ''}: ${e.reason}: ${e.message ?? ''}`;

/** Distinct pending pods named by these events, as "N pending pods (ns/a, ns/b)". */
export function podsOf(events: k8s.CoreV1Event[]): Message {
  const names = [...new Set(events.map((e) => `${e.involvedObject?.namespace}/${e.involvedObject?.name}`))];
  const pods = `${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}`;
  return names.length === 1 ? msg('1 pending pod ({pods})', { pods }) : msg('{count} pending pods ({pods})', { count: names.length, pods });
}
