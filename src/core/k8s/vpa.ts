// What a VerticalPodAutoscaler does to its target's pods (k8s.io/autoscaler/vertical-pod-autoscaler v1.8.1,
// pkg/apis/autoscaling.k8s.io/v1/types.go): whether its update mode changes running pods, and which resources of which
// containers it controls. The rule on a VPA beside an HPA on the same resource reads it.
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { group } from '../manifest/kinds';
import { isTemplatedValue, seqAt, stringAt, type ManifestDoc } from '../manifest/model';
import type { ScaleTarget } from '../manifest/workspace';

export const isVpa = (d: ManifestDoc) => d.kind === 'VerticalPodAutoscaler' && group(d.apiVersion) === 'autoscaling.k8s.io';

/** Update modes that change the requests of pods while they run (evicting or resizing them): not Off, not Initial. */
export const ACTING_UPDATE_MODES = ['Auto', 'Recreate', 'InPlaceOrRecreate', 'InPlace'];
/** `updatePolicy.updateMode` when absent ("The default is 'Recreate'"; before v1.5 `Auto`, the same behaviour). */
export const DEFAULT_UPDATE_MODE = 'Recreate';
/** `controlledResources` when absent ("If not specified, the default of [cpu, memory] will be used"). */
const DEFAULT_CONTROLLED = ['cpu', 'memory'];
/** The containerPolicies entry for containers without their own (DefaultContainerResourcePolicy). */
const ANY_CONTAINER = '*';

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

/** The containerPolicies entry that applies to `container` (its own, else `*`). */
function policyFor(vpa: ManifestDoc, container: string | undefined): YAMLMap | undefined {
  const policies = (seqAt(vpa.root, ['spec', 'resourcePolicy', 'containerPolicies'])?.items ?? []).filter(isMap);
  return (container !== undefined ? policies.find((p) => stringAt(p, ['containerName']) === container) : undefined) ?? policies.find((p) => stringAt(p, ['containerName']) === ANY_CONTAINER);
}

function policyControls(policy: YAMLMap | undefined, resource: string): boolean | undefined {
  if (!policy) return DEFAULT_CONTROLLED.includes(resource);
  const mode = stringAt(policy, ['mode']);
  if (isTemplatedValue(mode)) return undefined;
  if (mode === 'Off') return false;
  const controlled = policy.get('controlledResources', true);
  if (controlled === undefined || controlled === null) return DEFAULT_CONTROLLED.includes(resource);
  if (!isSeq(controlled)) return undefined;
  const list = controlled.items.map((i) => (isScalar(i) ? String(i.value) : ''));
  if (list.some((r) => isTemplatedValue(r))) return undefined;
  return list.includes(resource);
}

/**
 * Whether the VPA controls `resource` of one of `containers` (containerPolicies `mode` not Off, the resource in its
 * controlledResources). Without the workload's container names, each container with a policy of its own and any other
 * container stand in. Undefined when templated values leave it open.
 */
export function vpaControls(vpa: ManifestDoc, resource: string, containers?: string[]): boolean | undefined {
  const policies = (seqAt(vpa.root, ['spec', 'resourcePolicy', 'containerPolicies'])?.items ?? []).filter(isMap);
  const applying = containers ? containers.map((c) => policyFor(vpa, c)) : [...policies.filter((p) => stringAt(p, ['containerName']) !== ANY_CONTAINER), policyFor(vpa, undefined)];
  let open = false;
  for (const policy of applying) {
    const verdict = policyControls(policy, resource);
    if (verdict === true) return true;
    if (verdict === undefined) open = true;
  }
  return open ? undefined : false;
}
