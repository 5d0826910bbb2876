// The contract of one repair in repairs/<id>.ts: its offer (what the finding shows) and plan(), which reads
// the live objects and returns the exact change apply.ts dry-runs, applies, verifies and undoes.
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import type { RepairId } from '../repairs';
import type { Message } from '../../l10n';
import type { DoctorFinding, RepairPlan } from '../types';

/** What planRepair passes every repair: the canonical id and the offer's title. */
export interface RepairBase {
  repairId: RepairId;
  title: string;
}

export interface Repair {
  id: RepairId;
  /** Title and warning as templates; REPAIR_OFFERS renders their English and keeps the templates in `l10n`. */
  offer: { title: Message; insecure?: boolean; warning?: Message };
  /** Throws RepairRefusedError with a clear message when the repair cannot be planned safely. */
  plan(kc: KubeConfig, finding: DoctorFinding, base: RepairBase): Promise<RepairPlan>;
}
