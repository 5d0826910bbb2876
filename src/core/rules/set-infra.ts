import type { Rule } from '../rule';

export const infraRules: Rule[] = [];
