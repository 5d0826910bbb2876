// NodeClaims Karpenter created that did not become nodes: the launch failed (Launched not True with the cloud
// provider's reason and message), the instance never registered as a node, or the node never initialized; and
// NodePools whose NodeRegistrationHealthy is False, which outlives the NodeClaims Karpenter deletes after its timeouts
// (controllers/nodeclaim/lifecycle: launch.go, registration.go, initialization.go, liveness.go).
import type { Condition, NodeClaim } from '../../k8s/karpenterScheduling';
import { capEvidence, conditionLine, type Check, type Draft } from '../checkKit';
import { nodePoolRef } from '../karpenterKit';
import type { DoctorState } from '../state';
import { msg } from '../../l10n';

/** Registration or initialization this long after the previous step is overdue (Karpenter's own launch timeout is 5m, registration 15m). */
const OVERDUE_SECONDS = 300;
/** operatorpkg's reason for a condition no controller has looked at yet. */
const AWAITING = 'AwaitingReconciliation';

const cond = (nc: NodeClaim, type: string): Condition | undefined => nc.status?.conditions?.find((c) => c.type === type);

function secondsSince(state: DoctorState, time: string | undefined): number | undefined {
  const now = state.now ? Date.parse(state.now) : NaN;
  const t = time ? Date.parse(time) : NaN;
  return Number.isNaN(now) || Number.isNaN(t) ? undefined : Math.round((now - t) / 1000);
}

/** Pods Karpenter nominated for a NodeClaim ("Pod should schedule on: nodeclaim/<name>"). */
function podsWaitingFor(state: DoctorState, nodeClaim: string): string[] {
  const re = new RegExp(`nodeclaim/${nodeClaim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(,|$)`);
  return state.events.filter((e) => e.reason === 'Nominated' && re.test(e.message ?? '')).map((e) => `${e.involvedObject?.namespace}/${e.involvedObject?.name}`);
}

export const check: Check = {
  id: 'karpenter-nodeclaim-failed',
  title: msg('Karpenter NodeClaims failed to launch, register or initialize'),
  run(state) {
    const k = state.karpenter;
    if (!k?.installed) return [];
    const out: Draft[] = [];
    for (const nc of k.nodeClaims ?? []) {
      if (nc.metadata.deletionTimestamp) continue;
      const launched = cond(nc, 'Launched');
      const registered = cond(nc, 'Registered');
      const initialized = cond(nc, 'Initialized');
      let what: string | undefined;
      let severity: Draft['severity'] = 'warning';
      let shown: Condition | undefined;
      if (launched && launched.status !== 'True' && launched.reason && launched.reason !== AWAITING) {
        what = 'failed to launch';
        severity = 'error';
        shown = launched;
      } else if (launched?.status === 'True' && registered?.status === 'False') {
        what = 'cannot register';
        severity = 'error';
        shown = registered;
      } else if (launched?.status === 'True' && registered && registered.status !== 'True' && (secondsSince(state, launched.lastTransitionTime) ?? 0) >= OVERDUE_SECONDS) {
        what = 'launched but its node never registered';
        shown = registered;
      } else if (registered?.status === 'True' && initialized && initialized.status !== 'True' && (secondsSince(state, registered.lastTransitionTime) ?? 0) >= OVERDUE_SECONDS) {
        what = 'registered but its node never initialized';
        shown = initialized;
      }
      if (!what || !shown) continue;
      const pool = nc.metadata.labels?.['karpenter.sh/nodepool'];
      const waiting = podsWaitingFor(state, nc.metadata.name);
      const age = secondsSince(state, shown.lastTransitionTime);
      out.push({
        id: 'karpenter-nodeclaim-failed',
        severity,
        message: `NodeClaim ${nc.metadata.name}${pool ? ` (NodePool ${pool})` : ''} ${what}: ${shown.reason ?? shown.status}${waiting.length ? `; pods waiting for it: ${waiting.slice(0, 3).join(', ')}${waiting.length > 3 ? ` +${waiting.length - 3}` : ''}` : ''}`,
        object: { apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', name: nc.metadata.name },
        evidence: capEvidence([
          ...(nc.status?.conditions ?? []).filter((c) => c.status !== 'True' && c.reason !== AWAITING).map((c) => `NodeClaim ${nc.metadata.name}: ${conditionLine(c)}`),
          ...(age !== undefined ? [`${shown.type} last changed ${age}s before this read`] : []),
          ...(nc.status?.providerID ? [`providerID ${nc.status.providerID}`] : []),
          ...(nc.status?.nodeName ? [`nodeName ${nc.status.nodeName}`] : []),
        ]),
        explanation: explain(what),
        repairs: [],
      });
    }
    for (const np of k.nodePools ?? []) {
      const c = np.status?.conditions?.find((x) => x.type === 'NodeRegistrationHealthy' && x.status === 'False');
      if (!c) continue;
      out.push({
        id: 'karpenter-nodeclaim-failed',
        severity: 'warning',
        message: `NodePool ${np.metadata.name}: recent NodeClaims failed to launch or register (NodeRegistrationHealthy=False ${c.reason ?? ''})`.trimEnd(),
        object: nodePoolRef(np.metadata.name),
        evidence: [`NodePool ${np.metadata.name}: ${conditionLine(c)}`],
        explanation:
          "Karpenter sets NodeRegistrationHealthy=False on a NodePool when its NodeClaims time out before their nodes register (5 minutes to launch, 15 to register), with the launch failure's reason and message; the failed NodeClaims themselves are deleted, so this condition is what remains. " +
          explain('failed to launch'),
        repairs: [],
      });
    }
    return out;
  },
};

function explain(what: string): string {
  if (what === 'failed to launch')
    return 'The cloud provider refused the instance: the message names why (capacity or quota, an instance profile or IAM permission, a subnet or launch template, an AMI). Karpenter retries and, for insufficient capacity, deletes the NodeClaim and tries other offerings; fix what the message names in the NodeClass or the account.';
  if (what === 'cannot register') return 'Karpenter found more than one node for this NodeClaim (MultipleNodesFound): nodes with the same provider ID; remove the duplicate node object.';
  if (what === 'launched but its node never registered')
    return 'The instance exists but no node with its provider ID joined the cluster: its bootstrap failed (user data, the cluster endpoint or CA, the node IAM role not mapped in aws-auth or an access entry, a security group that blocks the API server). Karpenter deletes the NodeClaim after 15 minutes and tries again; the instance console output says why.';
  return 'The node joined but did not become ready for pods: the message names the startup taint still present, the node condition NotReady (CNI, kubelet), or an extended resource its device plugin has not registered.';
}
