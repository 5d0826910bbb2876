// Every rule of the analyzer, in output order: workload rules, then migration, then infrastructure
// (each rule's `category`). One list here, so `ls rules/` shows rule ids and this index only.
import type { Rule, RuleCategory } from '../rule';
import { autoscalerConflict } from './autoscaler-conflict';
import { autoscalerOnDatabaseCluster } from './autoscaler-on-database-cluster';
import { clusterAutoscalerDiscoveryPlaceholder } from './cluster-autoscaler-discovery-placeholder';
import { clusterAutoscalerVersionSkew } from './cluster-autoscaler-version-skew';
import { clusterScopedNamespace } from './cluster-scoped-namespace';
import { corednsCorefileMissing } from './coredns-corefile-missing';
import { corednsForwardUpstream } from './coredns-forward-upstream';
import { corednsHostsFallthrough } from './coredns-hosts-fallthrough';
import { corednsProxyRemoved } from './coredns-proxy-removed';
import { duplicateFlag } from './duplicate-flag';
import { hpaDeprecatedApi } from './hpa-deprecated-api';
import { hpaInvalidReplicas } from './hpa-invalid-replicas';
import { hpaMissingRequest } from './hpa-missing-request';
import { hpaTargetNotFound } from './hpa-target-not-found';
import { invalidQuantity } from './invalid-quantity';
import { karpenterArchMismatch } from './karpenter-arch-mismatch';
import { karpenterDeprecatedApi } from './karpenter-deprecated-api';
import { karpenterPlaceholder } from './karpenter-placeholder';
import { karpenterUserdataBootstrap } from './karpenter-userdata-bootstrap';
import { kedaDeprecatedField } from './keda-deprecated-field';
import { kedaInlineCredentials } from './keda-inline-credentials';
import { kedaMissingRequest } from './keda-missing-request';
import { liveObjectDump } from './live-object-dump';
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
  autoscalerOnDatabaseCluster,
  replicasSetWithHpa,
  liveObjectDump,
  invalidQuantity,
  kedaInlineCredentials,
  schemaInvalidField,
  manifestMissingApiVersion,
  // migration: deprecated and removed APIs and fields
  hpaDeprecatedApi,
  karpenterDeprecatedApi,
  karpenterPlaceholder,
  kedaDeprecatedField,
  // infra: metrics-server, Cluster Autoscaler, CoreDNS, Karpenter node classes and pools
  metricsServerInsecureTls,
  clusterAutoscalerVersionSkew,
  clusterAutoscalerDiscoveryPlaceholder,
  duplicateFlag,
  corednsHostsFallthrough,
  corednsProxyRemoved,
  corednsCorefileMissing,
  corednsForwardUpstream,
  karpenterUserdataBootstrap,
  karpenterArchMismatch,
  clusterScopedNamespace,
];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}

/** The rules of one category, in allRules order. */
export function rulesOf(category: RuleCategory): Rule[] {
  return allRules.filter((r) => r.category === category);
}
