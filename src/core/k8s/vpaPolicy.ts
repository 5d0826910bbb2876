// What a VerticalPodAutoscaler's spec says about the pods it changes, as plain values (k8s.io/autoscaler
// vertical-pod-autoscaler v1.8.1, pkg/apis/autoscaling.k8s.io/v1/types.go): the update modes that change running pods and
// which resources of which containers it controls. The one logic for manifests (k8s/vpa.ts reads YAML into it) and live
// objects (cluster/objects.ts); no YAML here, so the live bundles (cli-top) stay without the manifest model.

/** Update modes that change the requests of pods while they run (evicting or resizing them): not Off, not Initial. */
export const ACTING_UPDATE_MODES = ['Auto', 'Recreate', 'InPlaceOrRecreate', 'InPlace'];
/** `updatePolicy.updateMode` when absent ("The default is 'Recreate'"; before v1.5 `Auto`, the same behaviour). */
export const DEFAULT_UPDATE_MODE = 'Recreate';
/** `controlledResources` when absent ("If not specified, the default of [cpu, memory] will be used"). */
const DEFAULT_CONTROLLED = ['cpu', 'memory'];
/** The containerPolicies entry for containers without their own (DefaultContainerResourcePolicy). */
const ANY_CONTAINER = '*';

/**
 * One `resourcePolicy.containerPolicies` entry as far as control goes, from a manifest or a live object: `open` when a
 * templated or malformed value leaves it undecided.
 */
export interface ContainerPolicyView {
  containerName?: string;
  mode?: string;
  /** undefined: not written (the default, cpu and memory). */
  controlledResources?: string[];
  open?: boolean;
}

function policyControls(policy: ContainerPolicyView | undefined, resource: string): boolean | undefined {
  if (!policy) return DEFAULT_CONTROLLED.includes(resource);
  if (policy.open) return undefined;
  if (policy.mode === 'Off') return false;
  return (policy.controlledResources ?? DEFAULT_CONTROLLED).includes(resource);
}

/**
 * Whether a VPA with these container policies controls `resource` of one of `containers` (the policy of the container,
 * else the `*` one: containerPolicies `mode` not Off, the resource in its controlledResources). Without the workload's
 * container names, each container with a policy of its own and any other container stand in. Undefined when open values
 * leave it undecided.
 */
export function policiesControl(policies: ContainerPolicyView[], resource: string, containers?: string[]): boolean | undefined {
  const policyFor = (container: string | undefined) =>
    (container !== undefined ? policies.find((p) => p.containerName === container) : undefined) ?? policies.find((p) => p.containerName === ANY_CONTAINER);
  const applying = containers ? containers.map(policyFor) : [...policies.filter((p) => p.containerName !== ANY_CONTAINER), policyFor(undefined)];
  let open = false;
  for (const policy of applying) {
    const verdict = policyControls(policy, resource);
    if (verdict === true) return true;
    if (verdict === undefined) open = true;
  }
  return open ? undefined : false;
}
