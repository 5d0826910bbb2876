// Pods the scheduler cannot place (PodScheduled=False, Unschedulable), grouped by workload, with the
// scheduler's reason and what Cluster Autoscaler or Karpenter said about them.
import type * as k8s from '@kubernetes/client-node';
import { workloadOf } from '../../cluster/objects';
import type { DoctorState } from '../state';
import { capEvidence, type Check, type Draft } from '../checkKit';
import { karpenterExplanations } from '../karpenterKit';
import { adviceFor, notTriggeredReasons } from '../clusterAutoscalerKit';
import { msg, type Message } from '../../l10n';
import { sentences } from '../../l10n/lists';
import type { DoctorText } from '../types';

const SCHEDULER_HINTS: [RegExp, Message][] = [
  [
    /Insufficient (cpu|memory|pods|ephemeral-storage|[\w./-]+)/,
    msg(
      "No node has enough unrequested capacity for the pod's requests (the scheduler counts requests, not usage): lower the requests, free capacity, or add nodes (larger ones if a single pod needs more than a node offers).",
    ),
  ],
  [/didn't match Pod's node affinity\/selector|node\(s\) didn't match node selector/, msg("The pod's nodeSelector or node affinity matches no node: fix the labels or the selector.")],
  [/untolerated taint/, msg('The nodes carry taints the pod does not tolerate: add a toleration or use untainted nodes.')],
  [
    /didn't find available persistent volumes|unbound immediate PersistentVolumeClaims|volume node affinity conflict/,
    msg('A volume binds the pod to nodes (zone) or cannot be bound: check the PersistentVolumeClaim and its StorageClass.'),
  ],
  [/didn't match pod anti-affinity|didn't match pod affinity/, msg('Pod (anti-)affinity rules leave no eligible node.')],
  [/didn't have free ports/, msg('The requested hostPort is taken on every node.')],
  [/Too many pods/, msg('Nodes are at their pod limit (maxPods).')],
];

const CA_HINTS: [RegExp, Message][] = [
  [/max node group size reached/, msg('Cluster Autoscaler will not add nodes: the node groups are at their maximum size; raise the maximum or add node groups.')],
  [/in backoff after failed scale-up/, msg('Cluster Autoscaler tried and failed to add nodes (cloud quota, capacity, launch template); it backs off. The status ConfigMap and cloud events say why.')],
  [/not ready for scale-up/, msg('The node group is not ready for scale-up (unhealthy or still creating nodes).')],
  [/wouldn't fit if a new node is added|Insufficient/, msg('Even a new node of any group would be too small for this pod: lower its requests or add a node group with larger machines.')],
  [/didn't match Pod's node affinity|node\(s\) didn't match/, msg('No node group produces nodes with the labels the pod requires (scale-from-zero groups need node-template label tags).')],
  [/untolerated taint/, msg('New nodes would carry taints the pod does not tolerate.')],
];

export const check: Check = {
  id: 'pending-pods',
  title: msg('Pods cannot be scheduled'),
  run(state) {
    const groups = new Map<string, k8s.V1Pod[]>();
    for (const pod of state.pendingPods) {
      const w = workloadOf(pod) ?? { kind: 'Pod', name: pod.metadata?.name ?? '' };
      const key = `${pod.metadata?.namespace}/${w.kind}/${w.name}`;
      groups.set(key, [...(groups.get(key) ?? []), pod]);
    }
    const out: Draft[] = [];
    const explained = karpenterExplanations(state);
    for (const [key, pods] of groups) {
      const [ns, kind, name] = key.split('/');
      const events = eventsOf(state, pods);
      const schedulerMsgs = [
        ...pods.map((p) => p.status?.conditions?.find((c) => c.type === 'PodScheduled')?.message).filter((m): m is string => !!m),
        ...events.filter((e) => e.reason === 'FailedScheduling' && !isKarpenter(e)).map((e) => e.message ?? ''),
      ].filter(Boolean);
      const notTriggered = events.filter((e) => e.reason === 'NotTriggerScaleUp').map((e) => e.message ?? '');
      const triggered = events.filter((e) => e.reason === 'TriggeredScaleUp').map((e) => e.message ?? '');
      // A Karpenter finding that explains these pods quotes Karpenter's events itself: here only a pointer to it.
      const byKarpenter = explained.get(key);
      const karpenter = byKarpenter ? [] : events.filter((e) => isKarpenter(e) || e.reason === 'Nominated').map((e) => `${e.reason}: ${e.message ?? ''}`);
      const caStatus = caStatusLines(state);
      const said = schedulerMsgs[0];
      const first = said ?? msg('unschedulable');
      const why: DoctorText[] = [];
      const hint = said !== undefined ? SCHEDULER_HINTS.find(([re]) => re.test(said)) : undefined;
      why.push(msg('The scheduler says: "{message}".', { message: first }));
      if (hint) why.push(hint[1]);
      if (notTriggered.length) {
        const caHint = CA_HINTS.find(([re]) => re.test(notTriggered[0]));
        why.push(msg('Cluster Autoscaler did not add a node (NotTriggerScaleUp).'));
        why.push(caHint ? caHint[1] : msg('An empty reason list usually means it discovered no node groups (auto-discovery tags, IAM).'));
        why.push(...explainedBy(notTriggered[0]));
      }
      if (triggered.length)
        why.push(
          msg("Cluster Autoscaler has triggered a scale-up for these pods: they should schedule once the new nodes are Ready (minutes); if they stay pending, check the node group's instances."),
        );
      if (byKarpenter)
        why.push(
          byKarpenter.nodePool
            ? msg('Karpenter will not make a node for them: see the {diagnosis} finding (NodePool {nodePool}).', { diagnosis: byKarpenter.diagnosis, nodePool: byKarpenter.nodePool })
            : msg('Karpenter will not make a node for them: see the {diagnosis} finding.', { diagnosis: byKarpenter.diagnosis }),
        );
      else if (karpenter.some((k) => k.startsWith('Nominated'))) why.push(msg('Karpenter nominated a node (NodeClaim) for these pods: they schedule once it is Ready.'));
      else if (karpenter.length) why.push(msg('Karpenter cannot create a node for these pods: its message names the NodePool requirement, limit or instance-type filter that excludes them.'));
      if (!notTriggered.length && !triggered.length && !karpenter.length && !byKarpenter) {
        why.push(msg('No Cluster Autoscaler or Karpenter event mentions these pods, so nothing will add capacity by itself.'));
        why.push(clusterAutoscalerInstalled(state));
      }
      const reason = said !== undefined ? said.split(/(?<=\.) /)[0] : first;
      const workload = { kind, workload: `${ns}/${name}`, reason };
      const scalingUp = triggered.length > 0 || karpenter.some((k) => k.startsWith('Nominated'));
      out.push({
        id: 'pending-pods',
        severity: scalingUp ? 'warning' : 'error',
        message:
          pods.length === 1
            ? msg('1 pod of {kind} {workload} cannot be scheduled: {reason}', workload)
            : msg('{count} pods of {kind} {workload} cannot be scheduled: {reason}', { ...workload, count: pods.length }),
        object: { kind, namespace: ns, name, ...(kind === 'Deployment' || kind === 'StatefulSet' || kind === 'ReplicaSet' ? { apiVersion: 'apps/v1' } : {}) },
        evidence: capEvidence([...schedulerMsgs, ...notTriggered, ...triggered, ...karpenter, ...(notTriggered.length || triggered.length ? caStatus : [])]),
        explanation: sentences(...why),
        repairs: [],
      });
    }
    return out;
  },
};

function eventsOf(state: DoctorState, pods: k8s.V1Pod[]): k8s.CoreV1Event[] {
  const uids = new Set(pods.map((p) => p.metadata?.uid));
  const names = new Set(pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
  const last = (e: k8s.CoreV1Event) => String(e.lastTimestamp ?? e.eventTime ?? '');
  return state.events
    .filter((e) => uids.has(e.involvedObject?.uid) || names.has(`${e.involvedObject?.namespace}/${e.involvedObject?.name}`))
    .sort((a, b) => (last(b) < last(a) ? -1 : last(b) > last(a) ? 1 : 0));
}

const isKarpenter = (e: k8s.CoreV1Event) => /karpenter/i.test(`${e.source?.component ?? ''} ${e.reportingComponent ?? ''}`);

/** Lines of the Cluster Autoscaler status ConfigMap that say something is wrong or in progress. */
function caStatusLines(state: DoctorState): string[] {
  const text = state.clusterAutoscalerStatus;
  if (!text) return [];
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /Backoff|NoCandidates|Unhealthy|InProgress|CandidatesPresent|maxNodeProvisionTime|Failed/i.test(l))
    .slice(0, 4)
    .map((l) => `cluster-autoscaler-status: ${l}`);
}

/** The cluster-autoscaler-* findings that explain a NotTriggerScaleUp message's reasons, as pointers. */
function explainedBy(message: string): Message[] {
  const reasons = notTriggeredReasons(message);
  const ids = reasons.length ? reasons.map((r) => adviceFor(r.reason)?.diagnosis) : ['cluster-autoscaler-no-node-groups'];
  return [...new Set(ids.filter((id): id is string => !!id))].map((id) => msg('See finding {id} (docs/doctor/{id}.md).', { id }));
}

/** Whether Cluster Autoscaler is installed, as one sentence for pods it said nothing about ('' when unknown). */
function clusterAutoscalerInstalled(state: DoctorState): DoctorText {
  const ca = state.clusterAutoscaler;
  if (!ca) return '';
  const d = ca.deployment;
  if (d)
    return msg('Cluster Autoscaler runs (Deployment {deployment}) but recorded nothing about them: its findings and its log say why.', {
      deployment: `${d.metadata?.namespace}/${d.metadata?.name}`,
    });
  if (d === null && !ca.status) return msg('Cluster Autoscaler is not installed (no Deployment in kube-system runs its image, no status ConfigMap).');
  return '';
}
