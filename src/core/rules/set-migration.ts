import type { Rule } from '../rule';
import { hpaDeprecatedApi } from './hpa-deprecated-api';

export const migrationRules: Rule[] = [hpaDeprecatedApi];
