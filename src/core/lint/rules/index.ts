// Every rule of the analyzer, in output order: workload rules, then migration, then infrastructure
// (each rule's `category`). One list here, so `ls rules/` shows rule ids and this index only.
import type { Rule, RuleCategory } from '../rule';
import { autoscalerConflict } from './autoscaler-conflict';
import { autoscalerOnDatabaseCluster } from './autoscaler-on-database-cluster';
import { clusterAutoscalerDiscoveryFormat } from './cluster-autoscaler-discovery-format';
import { clusterAutoscalerDiscoveryPlaceholder } from './cluster-autoscaler-discovery-placeholder';
import { clusterAutoscalerIneffectiveFlags } from './cluster-autoscaler-ineffective-flags';
import { clusterAutoscalerSafeToEvict } from './cluster-autoscaler-safe-to-evict';
import { clusterAutoscalerVersionSkew } from './cluster-autoscaler-version-skew';
import { clusterScopedNamespace } from './cluster-scoped-namespace';
import { corednsCorefileMissing } from './coredns-corefile-missing';
import { corednsForwardUpstream } from './coredns-forward-upstream';
import { corednsHostsFallthrough } from './coredns-hosts-fallthrough';
import { corednsProxyRemoved } from './coredns-proxy-removed';
import { duplicateFlag } from './duplicate-flag';
import { hpaBehaviorIneffective } from './hpa-behavior-ineffective';
import { hpaDeprecatedApi } from './hpa-deprecated-api';
import { hpaInvalidReplicas } from './hpa-invalid-replicas';
import { hpaMetricNotInAdapter } from './hpa-metric-not-in-adapter';
import { hpaMissingRequest } from './hpa-missing-request';
import { hpaTargetRemovedApi } from './hpa-target-removed-api';
import { hpaTargetNotFound } from './hpa-target-not-found';
import { invalidQuantity } from './invalid-quantity';
import { karpenterArchMismatch } from './karpenter-arch-mismatch';
import { karpenterBudgetExpiry } from './karpenter-budget-expiry';
import { karpenterConsolidationIgnored } from './karpenter-consolidation-ignored';
import { karpenterDeprecatedApi } from './karpenter-deprecated-api';
import { karpenterNodepoolNoLimits } from './karpenter-nodepool-no-limits';
import { karpenterPlaceholder } from './karpenter-placeholder';
import { karpenterRequirementsUnsatisfiable } from './karpenter-requirements-unsatisfiable';
import { karpenterUserdataBootstrap } from './karpenter-userdata-bootstrap';
import { kedaDeprecatedField } from './keda-deprecated-field';
import { kedaFallbackUnusable } from './keda-fallback-unusable';
import { kedaHpaConfigConflict } from './keda-hpa-config-conflict';
import { kedaInlineCredentials } from './keda-inline-credentials';
import { kedaKubernetesCompatibility } from './keda-kubernetes-compatibility';
import { kedaMissingRequest } from './keda-missing-request';
import { kedaPrometheusTriggerIncomplete } from './keda-prometheus-trigger-incomplete';
import { kedaTriggerAuthNotFound } from './keda-trigger-auth-not-found';
import { kedaTriggerMetricType } from './keda-trigger-metric-type';
import { liveObjectDump } from './live-object-dump';
import { manifestMissingApiVersion } from './manifest-missing-api-version';
import { metricsServerInsecureTls } from './metrics-server-insecure-tls';
import { prometheusAdapterNameInvalid } from './prometheus-adapter-name-invalid';
import { prometheusAdapterQueryPlaceholders } from './prometheus-adapter-query-placeholders';
import { prometheusAdapterResourcesMissing } from './prometheus-adapter-resources-missing';
import { prometheusAdapterSeriesQueryMissing } from './prometheus-adapter-series-query-missing';
import { replicasSetWithHpa } from './replicas-set-with-hpa';
import { schemaInvalidField } from './schema-invalid-field';
import { vpaHpaConflict } from './vpa-hpa-conflict';
import { workloadRemovedApi } from './workload-removed-api';

export const allRules: Rule[] = [
  // workload: requests, replica bounds, targets, conflicts, quantities
  hpaMissingRequest,
  kedaMissingRequest,
  hpaInvalidReplicas,
  hpaBehaviorIneffective,
  hpaTargetNotFound,
  hpaMetricNotInAdapter,
  autoscalerConflict,
  vpaHpaConflict,
  kedaHpaConfigConflict,
  autoscalerOnDatabaseCluster,
  replicasSetWithHpa,
  liveObjectDump,
  invalidQuantity,
  kedaInlineCredentials,
  kedaTriggerMetricType,
  kedaFallbackUnusable,
  kedaPrometheusTriggerIncomplete,
  kedaTriggerAuthNotFound,
  schemaInvalidField,
  manifestMissingApiVersion,
  // migration: deprecated and removed APIs and fields
  hpaDeprecatedApi,
  hpaTargetRemovedApi,
  workloadRemovedApi,
  karpenterDeprecatedApi,
  karpenterPlaceholder,
  kedaDeprecatedField,
  // infra: metrics-server, Cluster Autoscaler, CoreDNS, Karpenter node classes and pools, prometheus-adapter rules
  metricsServerInsecureTls,
  clusterAutoscalerVersionSkew,
  kedaKubernetesCompatibility,
  clusterAutoscalerDiscoveryPlaceholder,
  clusterAutoscalerDiscoveryFormat,
  clusterAutoscalerIneffectiveFlags,
  clusterAutoscalerSafeToEvict,
  duplicateFlag,
  corednsHostsFallthrough,
  corednsProxyRemoved,
  corednsCorefileMissing,
  corednsForwardUpstream,
  karpenterUserdataBootstrap,
  karpenterArchMismatch,
  karpenterRequirementsUnsatisfiable,
  karpenterNodepoolNoLimits,
  karpenterConsolidationIgnored,
  karpenterBudgetExpiry,
  clusterScopedNamespace,
  prometheusAdapterSeriesQueryMissing,
  prometheusAdapterResourcesMissing,
  prometheusAdapterNameInvalid,
  prometheusAdapterQueryPlaceholders,
];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}

/** The rules of one category, in allRules order. */
export function rulesOf(category: RuleCategory): Rule[] {
  return allRules.filter((r) => r.category === category);
}
