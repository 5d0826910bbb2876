// A repair plan's text as templates: `warnings` and `verifies` keep the English (JSON, undo records, tests), `l10n`
// the templates that localizedPlan (findingText.ts) renders in the reader's language.
import { render, type Message } from '../../l10n';
import type { DoctorFinding, RepairPlan } from '../types';
import type { RepairBase } from './repair';

/** An empty plan: no changes yet, the warnings given, and what verification waits for. */
export function newPlan(base: RepairBase, finding: DoctorFinding, verifies: Message, warnings: readonly Message[] = [], title = base.title): RepairPlan {
  return {
    repairId: base.repairId,
    findingId: finding.id,
    title,
    changes: [],
    warnings: warnings.map((w) => render(w, 'en')),
    verifies: render(verifies, 'en'),
    l10n: { warnings: [...warnings], verifies },
  };
}

/** Adds a warning to the plan, last or (first) before the others. */
export function warn(plan: RepairPlan, warning: Message, first = false): void {
  const english = render(warning, 'en');
  if (first) {
    plan.warnings.unshift(english);
    plan.l10n?.warnings.unshift(warning);
  } else {
    plan.warnings.push(english);
    plan.l10n?.warnings.push(warning);
  }
}
