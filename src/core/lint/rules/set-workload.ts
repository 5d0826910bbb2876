// Rules about workloads and their autoscalers: requests, replica bounds, targets, conflicts, quantities.
import type { Rule } from '../rule';
import { autoscalerConflict } from './autoscaler-conflict';
import { hpaInvalidReplicas } from './hpa-invalid-replicas';
import { hpaMissingRequest } from './hpa-missing-request';
import { hpaTargetNotFound } from './hpa-target-not-found';
import { invalidQuantity } from './invalid-quantity';
import { kedaMissingRequest } from './keda-missing-request';
import { replicasSetWithHpa } from './replicas-set-with-hpa';

export const workloadRules: Rule[] = [
  hpaMissingRequest,
  kedaMissingRequest,
  hpaInvalidReplicas,
  hpaTargetNotFound,
  autoscalerConflict,
  replicasSetWithHpa,
  invalidQuantity,
];
