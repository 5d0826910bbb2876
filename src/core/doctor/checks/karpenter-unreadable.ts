// The doctor may not read Karpenter's objects: the API server refused (403) listing NodePools, NodeClaims, the
// NodeClass, the controller Deployments or the leader Lease. The "why no node" answers are then missing or partial;
// the finding names each permission to grant.
import { type Check } from '../checkKit';
import { msg } from '../../l10n';
import { listJoin } from '../../l10n/lists';

export const check: Check = {
  id: 'karpenter-unreadable',
  title: msg("The doctor may not read Karpenter's NodePools, NodeClaims or controller"),
  run(state) {
    const forbidden = state.karpenter?.forbidden ?? [];
    if (!forbidden.length) return [];
    const perms = [...new Set(forbidden.map((f) => `${f.verb} ${f.resource}${f.group ? `.${f.group}` : ''}`))];
    return [
      {
        id: 'karpenter-unreadable',
        severity: 'warning',
        message: msg('Karpenter could not be checked fully: your user may not {permissions}', { permissions: perms.join(', ') }),
        evidence: forbidden.map((f) => `${f.what}: ${f.message}`),
        explanation: msg(
          'Without these reads the doctor cannot say which NodePool would serve a pending pod or whether NodeClaims failed. Grant a ClusterRole with {rules} (NodePools, NodeClaims and NodeClasses are cluster-scoped) and bind it to your user, or run the doctor with a context that has them.',
          { rules: listJoin(perms.map((p) => msg('"{verb}" on "{resource}"', { verb: p.split(' ')[0], resource: p.split(' ')[1] }))) },
        ),
        repairs: [],
      },
    ];
  },
};
