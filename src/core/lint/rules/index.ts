// Every rule of the analyzer. Each set is one module listing its rule modules.
import type { Rule } from '../rule';
import { infraRules } from './set-infra';
import { migrationRules } from './set-migration';
import { workloadRules } from './set-workload';

export const allRules: Rule[] = [...workloadRules, ...migrationRules, ...infraRules];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
