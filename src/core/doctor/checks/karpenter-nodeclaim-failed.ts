// NodeClaims Karpenter created that did not become nodes: the launch failed (Launched not True with the cloud
// provider's reason and message), the instance never registered as a node, or the node never initialized; and
// NodePools whose NodeRegistrationHealthy is False, which outlives the NodeClaims Karpenter deletes after its timeouts
// (controllers/nodeclaim/lifecycle: launch.go, registration.go, initialization.go, liveness.go).
import type { Condition, NodeClaim } from '../../k8s/karpenterScheduling';
import { capEvidence, conditionLine, type Check, type Draft } from '../checkKit';
import { nodePoolRef } from '../karpenterKit';
import type { DoctorState } from '../state';
import { msg, type Message } from '../../l10n';
import { sentences } from '../../l10n/lists';

/** Which step of a NodeClaim's life failed. */
type Failure = 'launch' | 'register' | 'never-registered' | 'never-initialized';

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
      let what: Failure | undefined;
      let severity: Draft['severity'] = 'warning';
      let shown: Condition | undefined;
      if (launched && launched.status !== 'True' && launched.reason && launched.reason !== AWAITING) {
        what = 'launch';
        severity = 'error';
        shown = launched;
      } else if (launched?.status === 'True' && registered?.status === 'False') {
        what = 'register';
        severity = 'error';
        shown = registered;
      } else if (launched?.status === 'True' && registered && registered.status !== 'True' && (secondsSince(state, launched.lastTransitionTime) ?? 0) >= OVERDUE_SECONDS) {
        what = 'never-registered';
        shown = registered;
      } else if (registered?.status === 'True' && initialized && initialized.status !== 'True' && (secondsSince(state, registered.lastTransitionTime) ?? 0) >= OVERDUE_SECONDS) {
        what = 'never-initialized';
        shown = initialized;
      }
      if (!what || !shown) continue;
      const pool = nc.metadata.labels?.['karpenter.sh/nodepool'];
      const waiting = podsWaitingFor(state, nc.metadata.name);
      const age = secondsSince(state, shown.lastTransitionTime);
      const claim = `NodeClaim ${nc.metadata.name}${pool ? ` (NodePool ${pool})` : ''}`;
      const problem = failed(what, claim, shown.reason ?? shown.status);
      const pods = `${waiting.slice(0, 3).join(', ')}${waiting.length > 3 ? ` +${waiting.length - 3}` : ''}`;
      out.push({
        id: 'karpenter-nodeclaim-failed',
        severity,
        message: waiting.length ? msg('{problem}; pods waiting for it: {pods}', { problem, pods }) : problem,
        object: { apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', name: nc.metadata.name },
        evidence: capEvidence([
          ...(nc.status?.conditions ?? []).filter((c) => c.status !== 'True' && c.reason !== AWAITING).map((c) => `NodeClaim ${nc.metadata.name}: ${conditionLine(c)}`),
          ...(age !== undefined ? [msg('{condition} last changed {seconds}s before this read', { condition: shown.type, seconds: age })] : []),
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
        message: c.reason
          ? msg('NodePool {name}: recent NodeClaims failed to launch or register (NodeRegistrationHealthy=False {reason})', { name: np.metadata.name, reason: c.reason })
          : msg('NodePool {name}: recent NodeClaims failed to launch or register (NodeRegistrationHealthy=False)', { name: np.metadata.name }),
        object: nodePoolRef(np.metadata.name),
        evidence: [`NodePool ${np.metadata.name}: ${conditionLine(c)}`],
        explanation: sentences(
          msg(
            "Karpenter sets NodeRegistrationHealthy=False on a NodePool when its NodeClaims time out before their nodes register (5 minutes to launch, 15 to register), with the launch failure's reason and message; the failed NodeClaims themselves are deleted, so this condition is what remains.",
          ),
          explain('launch'),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

/** `NodeClaim x (NodePool y) failed to launch: InsufficientCapacity`. */
function failed(what: Failure, claim: string, reason: string): Message {
  if (what === 'launch') return msg('{claim} failed to launch: {reason}', { claim, reason });
  if (what === 'register') return msg('{claim} cannot register: {reason}', { claim, reason });
  if (what === 'never-registered') return msg('{claim} launched but its node never registered: {reason}', { claim, reason });
  return msg('{claim} registered but its node never initialized: {reason}', { claim, reason });
}

function explain(what: Failure): Message {
  if (what === 'launch')
    return msg(
      'The cloud provider refused the instance: the message names why (capacity or quota, an instance profile or IAM permission, a subnet or launch template, an AMI). Karpenter retries and, for insufficient capacity, deletes the NodeClaim and tries other offerings; fix what the message names in the NodeClass or the account.',
    );
  if (what === 'register') return msg('Karpenter found more than one node for this NodeClaim (MultipleNodesFound): nodes with the same provider ID; remove the duplicate node object.');
  if (what === 'never-registered')
    return msg(
      'The instance exists but no node with its provider ID joined the cluster: its bootstrap failed (user data, the cluster endpoint or CA, the node IAM role not mapped in aws-auth or an access entry, a security group that blocks the API server). Karpenter deletes the NodeClaim after 15 minutes and tries again; the instance console output says why.',
    );
  return msg(
    'The node joined but did not become ready for pods: the message names the startup taint still present, the node condition NotReady (CNI, kubelet), or an extended resource its device plugin has not registered.',
  );
}
