import type { Rule } from '../rule';
import { hpaDeprecatedApi } from './hpa-deprecated-api';
import { karpenterDeprecatedApi } from './karpenter-deprecated-api';
import { karpenterPlaceholder } from './karpenter-placeholder';
import { kedaDeprecatedField } from './keda-deprecated-field';

export const migrationRules: Rule[] = [hpaDeprecatedApi, karpenterDeprecatedApi, karpenterPlaceholder, kedaDeprecatedField];
