import type { Rule } from '../rule';

export const migrationRules: Rule[] = [];
