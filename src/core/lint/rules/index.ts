// Every rule of the analyzer, in output order: workload rules, then migration, then infrastructure
// (each rule's `category`). One list here, so `ls rules/` shows rule ids and this index only.
import type { Rule, RuleCategory } from '../rule';
import { autoscalerConflict } from './autoscaler-conflict';
import { clusterAutoscalerVersionSkew } from './cluster-autoscaler-version-skew';
import { corednsHostsFallthrough } from './coredns-hosts-fallthrough';
import { corednsProxyRemoved } from './coredns-proxy-removed';
import { hpaDeprecatedApi } from './hpa-deprecated-api';
import { hpaInvalidReplicas } from './hpa-invalid-replicas';
import { hpaMissingRequest } from './hpa-missing-request';
import { hpaTargetNotFound } from './hpa-target-not-found';
import { invalidQuantity } from './invalid-quantity';
import { karpenterDeprecatedApi } from './karpenter-deprecated-api';
import { karpenterPlaceholder } from './karpenter-placeholder';
import { kedaDeprecatedField } from './keda-deprecated-field';
import { kedaMissingRequest } from './keda-missing-request';
import { manifestMissingApiVersion } from './manifest-missing-api-version';
import { metricsServerInsecureTls } from './metrics-server-insecure-tls';
import { replicasSetWithHpa } from './replicas-set-with-hpa';
import { schemaInvalidField } from './schema-invalid-field';

export const allRules: Rule[] = [
  // workload: requests, replica bounds, targets, conflicts, quantities
  hpaMissingRequest,
  kedaMissingRequest,
  hpaInvalidReplicas,
  hpaTargetNotFound,
  autoscalerConflict,
  replicasSetWithHpa,
  invalidQuantity,
  schemaInvalidField,
  manifestMissingApiVersion,
  // migration: deprecated and removed APIs and fields
  hpaDeprecatedApi,
  karpenterDeprecatedApi,
  karpenterPlaceholder,
  kedaDeprecatedField,
  // infra: metrics-server, Cluster Autoscaler, CoreDNS
  metricsServerInsecureTls,
  clusterAutoscalerVersionSkew,
  corednsHostsFallthrough,
  corednsProxyRemoved,
];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}

/** The rules of one category, in allRules order. */
export function rulesOf(category: RuleCategory): Rule[] {
  return allRules.filter((r) => r.category === category);
}
