// Every diagnosis, one check per DiagnosisId (the Record makes a missing or extra one a type error).
import type { DiagnosisId } from '../types';
import type { Check } from '../checkKit';
import { render } from '../../l10n';
import { check as aggregationLayerOff } from './aggregation-layer-off';
import { check as autoscalerConflict } from './autoscaler-conflict';
import { check as hpaAtMax } from './hpa-at-max';
import { check as hpaMissingRequest } from './hpa-missing-request';
import { check as hpaUnknownMetric } from './hpa-unknown-metric';
import { check as kubectlTooOld } from './kubectl-too-old';
import { check as metricsApiMissing } from './metrics-api-missing';
import { check as metricsApiUnavailable } from './metrics-api-unavailable';
import { check as kubeletTls } from './metrics-server-kubelet-tls';
import { check as nodeDns } from './metrics-server-node-dns';
import { check as unreachableKubelets } from './metrics-server-unreachable-kubelets';
import { check as pendingPods } from './pending-pods';
import { check as caGroupAtMax } from './cluster-autoscaler-group-at-max';
import { check as caBackoff } from './cluster-autoscaler-backoff';
import { check as caNoNodeGroups } from './cluster-autoscaler-no-node-groups';
import { check as caCloudAccess } from './cluster-autoscaler-cloud-access';
import { check as caVersionSkew } from './cluster-autoscaler-version-skew';
import { check as caScaleDownBlocked } from './cluster-autoscaler-scale-down-blocked';
import { check as metricsServerRbac } from './metrics-server-rbac';
import { check as frontProxyNameNotAllowed } from './front-proxy-name-not-allowed';
import { check as apiserverCannotReachMetricsServer } from './apiserver-cannot-reach-metrics-server';
import { check as metricsServerWarmingUp } from './metrics-server-warming-up';
import { check as hpaEventHistory } from './hpa-event-history';
import { check as hpaAtMin } from './hpa-at-min';
import { check as hpaReplicasHeld } from './hpa-replicas-held';
import { check as heapsterLeftover } from './heapster-leftover';
import { check as hpaTargetRemovedApi } from './hpa-target-removed-api';
import { check as karpenterNotRunning } from './karpenter-not-running';
import { check as karpenterNoNodePoolMatches } from './karpenter-no-nodepool-matches';
import { check as karpenterNodePoolLimits } from './karpenter-nodepool-limits';
import { check as karpenterNodeClassNotReady } from './karpenter-nodeclass-not-ready';
import { check as karpenterNodeClaimFailed } from './karpenter-nodeclaim-failed';
import { check as karpenterUnreadable } from './karpenter-unreadable';
import { check as nodeAutoscalersOverlap } from './node-autoscalers-overlap';
import { check as customMetricsApiMissing } from './custom-metrics-api-missing';
import { check as customMetricsApiUnavailable } from './custom-metrics-api-unavailable';
import { check as customMetricNotListed } from './custom-metric-not-listed';
import { check as customMetricNoValue } from './custom-metric-no-value';
import { check as vpaHpaConflict } from './vpa-hpa-conflict';
import { check as kedaNotRunning } from './keda-not-running';
import { check as kedaExternalMetricsTaken } from './keda-external-metrics-taken';
import { check as kedaScaledObjectNotReady } from './keda-scaledobject-not-ready';
import { check as kedaTriggerFailing } from './keda-trigger-failing';
import { check as kedaScaledObjectPaused } from './keda-scaledobject-paused';
import { check as kedaKubernetesCompatibility } from './keda-kubernetes-compatibility';

export const CHECKS: Record<DiagnosisId, Check> = {
  'metrics-api-missing': metricsApiMissing,
  'metrics-api-unavailable': metricsApiUnavailable,
  // KEDA's layers before the external metrics API's: its operator or metrics server down, or another adapter holding
  // external.metrics.k8s.io, explains the KEDA HPAs' FailedGetExternalMetric that the custom-metrics checks also see.
  'keda-not-running': kedaNotRunning,
  'keda-external-metrics-taken': kedaExternalMetricsTaken,
  'keda-scaledobject-not-ready': kedaScaledObjectNotReady,
  // The custom/external pipeline's layers, before hpa-unknown-metric: the first finding names the failing layer.
  'custom-metrics-api-missing': customMetricsApiMissing,
  'custom-metrics-api-unavailable': customMetricsApiUnavailable,
  'custom-metric-not-listed': customMetricNotListed,
  'custom-metric-no-value': customMetricNoValue,
  'metrics-server-kubelet-tls': kubeletTls,
  'metrics-server-node-dns': nodeDns,
  'metrics-server-unreachable-kubelets': unreachableKubelets,
  'aggregation-layer-off': aggregationLayerOff,
  'hpa-missing-request': hpaMissingRequest,
  'hpa-unknown-metric': hpaUnknownMetric,
  'autoscaler-conflict': autoscalerConflict,
  'vpa-hpa-conflict': vpaHpaConflict,
  'keda-trigger-failing': kedaTriggerFailing,
  'keda-scaledobject-paused': kedaScaledObjectPaused,
  'hpa-at-max': hpaAtMax,
  // Before pending-pods: findings sort by severity only, so a node autoscaler's cause comes ahead of the pods it explains.
  'karpenter-not-running': karpenterNotRunning,
  'karpenter-no-nodepool-matches': karpenterNoNodePoolMatches,
  'karpenter-nodepool-limits': karpenterNodePoolLimits,
  'karpenter-nodeclass-not-ready': karpenterNodeClassNotReady,
  'karpenter-nodeclaim-failed': karpenterNodeClaimFailed,
  'karpenter-unreadable': karpenterUnreadable,
  'cluster-autoscaler-cloud-access': caCloudAccess,
  'cluster-autoscaler-no-node-groups': caNoNodeGroups,
  'cluster-autoscaler-backoff': caBackoff,
  'cluster-autoscaler-group-at-max': caGroupAtMax,
  'node-autoscalers-overlap': nodeAutoscalersOverlap,
  'pending-pods': pendingPods,
  'cluster-autoscaler-version-skew': caVersionSkew,
  'keda-kubernetes-compatibility': kedaKubernetesCompatibility,
  'cluster-autoscaler-scale-down-blocked': caScaleDownBlocked,
  'kubectl-too-old': kubectlTooOld,
  'metrics-server-rbac': metricsServerRbac,
  'front-proxy-name-not-allowed': frontProxyNameNotAllowed,
  'apiserver-cannot-reach-metrics-server': apiserverCannotReachMetricsServer,
  'metrics-server-warming-up': metricsServerWarmingUp,
  'hpa-event-history': hpaEventHistory,
  'hpa-at-min': hpaAtMin,
  'hpa-replicas-held': hpaReplicasHeld,
  'heapster-leftover': heapsterLeftover,
  'hpa-target-removed-api': hpaTargetRemovedApi,
};

export const DIAGNOSIS_IDS = Object.keys(CHECKS) as DiagnosisId[];

/** One-line titles in English (SARIF rule descriptions, docs page headings), from each check's `title`. */
export const TITLES = Object.fromEntries(DIAGNOSIS_IDS.map((id) => [id, render(CHECKS[id].title, 'en')])) as Record<DiagnosisId, string>;
