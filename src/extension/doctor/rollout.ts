// Whether a Deployment's rollout has finished, as `kubectl rollout status` decides it (DeploymentStatusViewer in
// k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go): the controller saw the new generation, every replica
// is updated, no old one is left, and the updated ones are available. Without `vscode` (unit-tested). A repair or
// undo re-diagnoses only after this, so the doctor never reads a metrics-server pod that is still starting.
import type { PlannedChange } from '../../core/doctor/types';
import { t } from '../../core/l10n';
import type { ObjectRef } from '../../core/k8s/objectRef';

export interface RolloutState {
  done: boolean;
  /** What is awaited, in kubectl's words; or why it will not finish. */
  message: string;
  /** The rollout cannot finish without help (its progress deadline passed). */
  failed?: boolean;
}

interface DeploymentLike {
  metadata?: { name?: string; generation?: number };
  spec?: { replicas?: number; paused?: boolean };
  status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; availableReplicas?: number; conditions?: { type?: string; reason?: string }[] };
}

export function deploymentRollout(d: DeploymentLike): RolloutState {
  const name = d.metadata?.name;
  const s = d.status ?? {};
  // A paused Deployment does not roll out: nothing to wait for.
  if (d.spec?.paused) return { done: true, message: name ? t('{name} is paused', { name }) : t('the Deployment is paused') };
  if ((d.metadata?.generation ?? 0) > (s.observedGeneration ?? 0)) return { done: false, message: t('waiting for the change to be observed by the Deployment controller') };
  if (s.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) {
    return { done: false, failed: true, message: name ? t('{name} exceeded its progress deadline', { name }) : t('the Deployment exceeded its progress deadline') };
  }
  const desired = d.spec?.replicas ?? 1;
  const updated = s.updatedReplicas ?? 0;
  if (updated < desired) return { done: false, message: t('waiting for the new pod: {updated} of {desired} new replicas updated', { updated, desired }) };
  if ((s.replicas ?? 0) > updated) return { done: false, message: t('waiting for the new pod: {old} old replicas pending termination', { old: (s.replicas ?? 0) - updated }) };
  if ((s.availableReplicas ?? 0) < updated) {
    return { done: false, message: t('waiting for the new pod: {available} of {updated} updated replicas available', { available: s.availableReplicas ?? 0, updated }) };
  }
  return { done: true, message: name ? t('{name} rolled out', { name }) : t('the Deployment rolled out') };
}

/** The Deployments a plan writes (and does not delete): those whose rollout a re-diagnosis waits for. */
export function rolloutTargets(changes: readonly Pick<PlannedChange, 'object' | 'action'>[]): ObjectRef[] {
  return changes.filter((c) => c.object.kind === 'Deployment' && c.action !== 'delete').map((c) => c.object);
}
