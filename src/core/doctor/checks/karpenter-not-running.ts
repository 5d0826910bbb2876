// Karpenter's CRDs are served and NodePools exist, but no controller runs: no ready replica of a Deployment labelled
// app.kubernetes.io/name=karpenter and no leader Lease karpenter-leader-election renewed lately. Nothing then creates
// NodeClaims, so every pod waiting for a Karpenter node stays Pending.
import { capEvidence, type Check } from '../checkKit';
import { karpenterHealth, groupName, karpenterExplanations } from '../karpenterKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'karpenter-not-running',
  title: msg('Karpenter has NodePools but its controller is not running'),
  run(state) {
    const k = state.karpenter;
    if (!k?.installed || !k.nodePools?.length) return [];
    const health = karpenterHealth(state);
    if (health.running !== false) return [];
    const waiting = [...karpenterExplanations(state).values()].filter((e) => e.cause === 'controller-down');
    const pods = waiting.reduce((n, e) => n + e.group.pods.length, 0);
    const dep = k.controllers?.[0];
    const nodePools = k.nodePools.length;
    const workloads = waiting.map((e) => groupName(e.group)).join(', ');
    const stopped =
      nodePools === 1 ? msg("Karpenter's controller is not running: 1 NodePool makes no nodes") : msg("Karpenter's controller is not running: {count} NodePools make no nodes", { count: nodePools });
    return [
      {
        id: 'karpenter-not-running',
        severity: 'error',
        message: !pods
          ? stopped
          : pods === 1
            ? msg('{stopped}; 1 pending pod waits ({workloads})', { stopped, workloads })
            : msg('{stopped}; {count} pending pods wait ({workloads})', { stopped, count: pods, workloads }),
        ...(dep ? { object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: dep.metadata?.namespace, name: dep.metadata?.name ?? 'karpenter' } } : {}),
        evidence: capEvidence(health.evidence),
        explanation: sentences(
          msg(
            "Karpenter's provisioner is the only thing that turns pending pods into NodeClaims and nodes: with no controller replica ready and no leader holding the Lease karpenter-leader-election, nothing is created however the NodePools are set.",
          ),
          msg(
            "Look at the controller's pods (`kubectl get pods -A -l app.kubernetes.io/name=karpenter`, `kubectl logs` of them): a crash at start is usually its IAM role or webhook certificates, its cluster endpoint, or a CRD version that does not match the controller's release. A controller that runs outside the cluster shows only as its Lease.",
          ),
        ),
        repairs: [],
      },
    ];
  },
};
