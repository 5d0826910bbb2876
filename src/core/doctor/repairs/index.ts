// Every repair the doctor offers, one file per RepairId (the Record makes a missing or extra one a type
// error), and planRepair: the live change for one of them. Used by the CLI `doctor --fix` and the VS Code Doctor panel.
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import type { DoctorFinding, RepairOffer, RepairPlan } from '../types';
import { msg, render } from '../../l10n';
import { RepairRefusedError } from '../repairKit/errors';
import type { Repair } from '../repairKit/repair';
import { repair as corednsNodeHosts } from './coredns-node-hosts';
import { repair as installMetricsServer } from './install-metrics-server';
import { repair as metricsServerAddressTypes } from './metrics-server-address-types';
import { repair as metricsServerSkipKubeletTlsVerify } from './metrics-server-skip-kubelet-tls-verify';

export { RepairRefusedError } from '../repairKit/errors';

export type RepairId = 'metrics-server-address-types' | 'metrics-server-skip-kubelet-tls-verify' | 'coredns-node-hosts' | 'install-metrics-server';

/** In the order findings offer them (secure first). */
export const REPAIRS: Record<RepairId, Repair> = {
  'metrics-server-address-types': metricsServerAddressTypes,
  'metrics-server-skip-kubelet-tls-verify': metricsServerSkipKubeletTlsVerify,
  'coredns-node-hosts': corednsNodeHosts,
  'install-metrics-server': installMetricsServer,
};

export const REPAIR_IDS = Object.keys(REPAIRS) as RepairId[];

export const REPAIR_OFFERS = Object.fromEntries(REPAIR_IDS.map((id) => [id, offerOf(id)])) as Record<RepairId, RepairOffer>;

/** The offer in English (what JSON and `--fix` show) with its templates for other languages. */
function offerOf(id: RepairId): RepairOffer {
  const { title, insecure, warning } = REPAIRS[id].offer;
  return {
    id,
    title: render(title, 'en'),
    ...(insecure ? { insecure } : {}),
    ...(warning ? { warning: render(warning, 'en') } : {}),
    l10n: { title, ...(warning ? { warning } : {}) },
  };
}

/**
 * Former repair ids, still accepted by `doctor --fix`, planRepair and undo records saved before the rename
 * (the repair id `metrics-server-insecure-tls` collided with the lint rule that warns against the same flag).
 */
export const REPAIR_ALIASES: Readonly<Record<string, RepairId>> = {
  'metrics-server-insecure-tls': 'metrics-server-skip-kubelet-tls-verify',
};

/** A current repair id (aliases are not: resolve them with canonicalRepairId). */
export function isRepairId(id: string): id is RepairId {
  return Object.prototype.hasOwnProperty.call(REPAIRS, id);
}

/** The current id for a repair id or a former one, else undefined. */
export function canonicalRepairId(id: string): RepairId | undefined {
  if (isRepairId(id)) return id;
  return Object.prototype.hasOwnProperty.call(REPAIR_ALIASES, id) ? REPAIR_ALIASES[id] : undefined;
}

/**
 * Reads the live objects the repair changes and returns the plan: changes with before/after YAML,
 * warnings, or (for Helm-managed objects) no changes and the values change to make instead.
 * Throws RepairRefusedError with a clear message when the repair cannot be planned safely.
 */
export async function planRepair(kc: KubeConfig, finding: DoctorFinding, repairId: string): Promise<RepairPlan> {
  const id = canonicalRepairId(repairId);
  if (!id) throw new RepairRefusedError(msg('Unknown repair "{repair}". Repairs: {repairs}.', { repair: repairId, repairs: REPAIR_IDS.join(', ') }));
  return REPAIRS[id].plan(kc, finding, { repairId: id, title: REPAIR_OFFERS[id].title });
}
