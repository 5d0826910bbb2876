// Every diagnosis, one check per DiagnosisId (the Record makes a missing or extra one a type error).
import type { DiagnosisId } from '../types';
import type { Check } from '../checkKit';
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

export const CHECKS: Record<DiagnosisId, Check> = {
  'metrics-api-missing': metricsApiMissing,
  'metrics-api-unavailable': metricsApiUnavailable,
  'metrics-server-kubelet-tls': kubeletTls,
  'metrics-server-node-dns': nodeDns,
  'metrics-server-unreachable-kubelets': unreachableKubelets,
  'aggregation-layer-off': aggregationLayerOff,
  'hpa-missing-request': hpaMissingRequest,
  'hpa-unknown-metric': hpaUnknownMetric,
  'autoscaler-conflict': autoscalerConflict,
  'hpa-at-max': hpaAtMax,
  'pending-pods': pendingPods,
  'kubectl-too-old': kubectlTooOld,
};

export const DIAGNOSIS_IDS = Object.keys(CHECKS) as DiagnosisId[];

/** One-line titles (SARIF rule descriptions, docs page headings), from each check's `title`. */
export const TITLES = Object.fromEntries(DIAGNOSIS_IDS.map((id) => [id, CHECKS[id].title])) as Record<DiagnosisId, string>;
