// Karpenter's CRDs are served and NodePools exist, but no controller runs: no ready replica of a Deployment labelled
// app.kubernetes.io/name=karpenter and no leader Lease karpenter-leader-election renewed lately. Nothing then creates
// NodeClaims, so every pod waiting for a Karpenter node stays Pending.
import { plural } from '../../text/plural';
import { capEvidence, type Check } from '../checkKit';
import { karpenterHealth, groupName, karpenterExplanations } from '../karpenterKit';
import { msg } from '../../l10n';

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
    return [
      {
        id: 'karpenter-not-running',
        severity: 'error',
        message: `Karpenter's controller is not running: ${plural(k.nodePools.length, 'NodePool')} make no nodes${pods ? `; ${plural(pods, 'pending pod')} ${pods === 1 ? 'waits' : 'wait'} (${waiting.map((e) => groupName(e.group)).join(', ')})` : ''}`,
        ...(dep ? { object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: dep.metadata?.namespace, name: dep.metadata?.name ?? 'karpenter' } } : {}),
        evidence: capEvidence(health.evidence),
        explanation:
          "Karpenter's provisioner is the only thing that turns pending pods into NodeClaims and nodes: with no controller replica ready and no leader holding the Lease karpenter-leader-election, nothing is created however the NodePools are set. " +
          "Look at the controller's pods (`kubectl get pods -A -l app.kubernetes.io/name=karpenter`, `kubectl logs` of them): a crash at start is usually its IAM role or webhook certificates, its cluster endpoint, or a CRD version that does not match the controller's release. A controller that runs outside the cluster shows only as its Lease.",
        repairs: [],
      },
    ];
  },
};
