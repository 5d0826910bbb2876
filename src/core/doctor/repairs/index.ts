// Repairs the doctor offers for its findings, and planRepair: reads the live objects and returns the
// exact change (before/after YAML for the preview) that apply.ts dry-runs, applies, verifies and undoes.
// Used by the CLI `doctor --fix` and the VS Code Doctor panel alike.
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import type { DoctorFinding, RepairOffer, RepairPlan } from '../types';
import { planCorednsHosts } from './corednsHosts';
import { RepairRefusedError } from './errors';
import { planInstall } from './install';
import { planMetricsServerFlag } from './metricsServerArgs';

export { RepairRefusedError } from './errors';

export type RepairId = 'metrics-server-address-types' | 'metrics-server-insecure-tls' | 'coredns-node-hosts' | 'install-metrics-server';

export const INSECURE_TLS_WARNING =
  '--kubelet-insecure-tls makes metrics-server skip verifying the kubelets\' serving certificates, so anything that can ' +
  'impersonate a node\'s address can feed it false metrics. Use it for test clusters only. The secure alternative: have ' +
  'kubelets get serving certificates signed by the cluster CA (kubelet config `serverTLSBootstrap: true`, then approve the ' +
  '`kubernetes.io/kubelet-serving` CSRs, e.g. `kubectl certificate approve <csr>`), and keep TLS verification on.';

export const REPAIR_OFFERS: Record<RepairId, RepairOffer> = {
  'metrics-server-address-types': {
    id: 'metrics-server-address-types',
    title: 'Make metrics-server connect to kubelets by InternalIP (--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname)',
  },
  'metrics-server-insecure-tls': {
    id: 'metrics-server-insecure-tls',
    title: 'Make metrics-server skip kubelet certificate verification (--kubelet-insecure-tls)',
    insecure: true,
    warning: INSECURE_TLS_WARNING,
  },
  'coredns-node-hosts': {
    id: 'coredns-node-hosts',
    title: 'Add node names to cluster DNS (CoreDNS hosts block with the nodes\' InternalIPs, fallthrough kept)',
  },
  'install-metrics-server': {
    id: 'install-metrics-server',
    title: 'Install metrics-server from the manifests bundled with Scaling Doctor (matched to the cluster version)',
  },
};

export function isRepairId(id: string): id is RepairId {
  return Object.prototype.hasOwnProperty.call(REPAIR_OFFERS, id);
}

/**
 * Reads the live objects the repair changes and returns the plan: changes with before/after YAML,
 * warnings, or (for Helm-managed objects) no changes and the values change to make instead.
 * Throws RepairRefusedError with a clear message when the repair cannot be planned safely.
 */
export async function planRepair(kc: KubeConfig, finding: DoctorFinding, repairId: string): Promise<RepairPlan> {
  if (!isRepairId(repairId)) throw new RepairRefusedError(`Unknown repair "${repairId}". Repairs: ${Object.keys(REPAIR_OFFERS).join(', ')}.`);
  const base = { repairId, title: REPAIR_OFFERS[repairId].title };
  switch (repairId) {
    case 'metrics-server-address-types':
      return planMetricsServerFlag(
        kc,
        finding,
        {
          ...base,
          warnings: [
            'Connecting by InternalIP needs kubelet serving certificates that carry the node IPs (IP SANs); if they only name the host, metrics-server will log "x509: cannot validate certificate … doesn\'t contain any IP SANs" instead. The verification step shows it.',
          ],
        },
        '--kubelet-preferred-address-types',
        ADDRESS_TYPES,
      );
    case 'metrics-server-insecure-tls':
      return planMetricsServerFlag(kc, finding, { ...base, warnings: [INSECURE_TLS_WARNING] }, '--kubelet-insecure-tls');
    case 'coredns-node-hosts':
      return planCorednsHosts(kc, finding, base);
    case 'install-metrics-server':
      return planInstall(kc, finding, base);
  }
}

export const ADDRESS_TYPES = 'InternalIP,ExternalIP,Hostname';
