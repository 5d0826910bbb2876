// What a VerticalPodAutoscaler does to its target's pods (k8s.io/autoscaler/vertical-pod-autoscaler v1.8.1,
// pkg/apis/autoscaling.k8s.io/v1/types.go): whether its update mode changes running pods, and which resources of which
// containers it controls, read from a manifest into vpaPolicy.ts (the logic live VPAs share). The rule on a VPA beside an
// HPA on the same resource reads it.
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { group } from '../manifest/kinds';
import { isTemplatedValue, seqAt, stringAt, type ManifestDoc } from '../manifest/model';
import type { ScaleTarget } from '../manifest/workspace';
import { DEFAULT_UPDATE_MODE, policiesControl, type ContainerPolicyView } from './vpaPolicy';

export { ACTING_UPDATE_MODES, DEFAULT_UPDATE_MODE } from './vpaPolicy';

export const isVpa = (d: ManifestDoc) => d.kind === 'VerticalPodAutoscaler' && group(d.apiVersion) === 'autoscaling.k8s.io';

/** The VPA's targetRef (`spec.targetRef`, a CrossVersionObjectReference). */
export function vpaTargetOf(vpa: ManifestDoc): ScaleTarget | undefined {
  const kind = stringAt(vpa.root, ['spec', 'targetRef', 'kind']);
  const name = stringAt(vpa.root, ['spec', 'targetRef', 'name']);
  if (!kind || !name || isTemplatedValue(kind) || isTemplatedValue(name)) return undefined;
  return { kind, name, apiVersion: stringAt(vpa.root, ['spec', 'targetRef', 'apiVersion']) };
}

/** The written update mode, or the default; undefined when templated. */
export function vpaUpdateMode(vpa: ManifestDoc): string | undefined {
  const mode = stringAt(vpa.root, ['spec', 'updatePolicy', 'updateMode']) ?? DEFAULT_UPDATE_MODE;
  return isTemplatedValue(mode) ? undefined : mode;
}

/** A manifest's containerPolicies entry as a view (templated mode or list: open). */
function policyView(policy: YAMLMap): ContainerPolicyView {
  const view: ContainerPolicyView = { containerName: stringAt(policy, ['containerName']), mode: stringAt(policy, ['mode']) };
  if (isTemplatedValue(view.mode)) view.open = true;
  const controlled = policy.get('controlledResources', true);
  if (controlled === undefined || controlled === null) return view;
  const list = isSeq(controlled) ? controlled.items.map((i) => (isScalar(i) ? String(i.value) : '')) : undefined;
  if (!list || list.some((r) => isTemplatedValue(r))) view.open = true;
  else view.controlledResources = list;
  return view;
}

/** vpaControls of a manifest's VPA (see policiesControl). */
export function vpaControls(vpa: ManifestDoc, resource: string, containers?: string[]): boolean | undefined {
  const policies = (seqAt(vpa.root, ['spec', 'resourcePolicy', 'containerPolicies'])?.items ?? []).filter(isMap).map(policyView);
  return policiesControl(policies, resource, containers);
}
