// An HPA with a Utilization target whose pods lack that resource's request in a counted container
// (regular containers and restartable init containers, i.e. native sidecars). Read from the LIVE
// pods: containers injected by admission webhooks (istio-proxy, linkerd-proxy, vault-agent) appear
// only there, never in the workload's template.
import type * as k8s from '@kubernetes/client-node';
import { parseQuantity } from '../../k8s/quantity';
import { countedContainers } from '../../cluster/objects';
import type { HpaTarget } from '../state';
import { capEvidence, condition, conditionLine, hpaKey, hpaRef, type Check, type Draft } from '../checkKit';
import { msg, textOf } from '../../l10n';
import { listJoin, sentences } from '../../l10n/lists';
import type { DoctorText } from '../types';

interface Need {
  resource: string;
  /** ContainerResource: only this container counts. */
  container?: string;
}

function utilizationNeeds(hpa: k8s.V2HorizontalPodAutoscaler): Need[] {
  const out: Need[] = [];
  for (const m of hpa.spec?.metrics ?? []) {
    if (m.type === 'Resource' && m.resource?.target?.type === 'Utilization') out.push({ resource: m.resource.name });
    if (m.type === 'ContainerResource' && m.containerResource?.target?.type === 'Utilization') out.push({ resource: m.containerResource.name, container: m.containerResource.container });
  }
  return out;
}

function hasRequest(resources: k8s.V1ResourceRequirements | undefined, resource: string): boolean {
  const v = resources?.requests?.[resource];
  if (v === undefined || v === null) return false;
  const q = parseQuantity(String(v));
  return !q.ok || q.nanos > 0n; // the HPA treats a zero request as missing
}

interface Missing {
  container: string;
  resource: string;
  injected: boolean;
  sidecar: boolean;
  pods: string[];
  resources?: k8s.V1ResourceRequirements;
}

/** Containers of the live pods without a request for each needed resource. */
export function missingRequests(target: HpaTarget, needs: Need[]): Missing[] {
  const templateNames = target.template ? new Set([...(target.template.spec?.containers ?? []), ...(target.template.spec?.initContainers ?? [])].map((c) => c.name)) : undefined;
  const found = new Map<string, Missing>();
  for (const pod of target.pods) {
    const inits = new Set(pod.spec?.initContainers ?? []);
    const counted = countedContainers(pod).map((c) => ({ c, sidecar: inits.has(c) }));
    for (const need of needs) {
      if (!need.container && hasRequest(pod.spec?.resources as k8s.V1ResourceRequirements | undefined, need.resource)) continue; // pod-level request
      for (const { c, sidecar } of counted) {
        if (need.container && c.name !== need.container) continue;
        if (hasRequest(c.resources, need.resource)) continue;
        const key = `${need.resource}/${c.name}`;
        const m = found.get(key) ?? { container: c.name, resource: need.resource, injected: !!templateNames && !templateNames.has(c.name), sidecar, pods: [], resources: c.resources };
        m.pods.push(pod.metadata?.name ?? '');
        found.set(key, m);
      }
    }
  }
  return [...found.values()];
}

export const check: Check = {
  id: 'hpa-missing-request',
  title: msg("An HPA's pods lack the request its Utilization target needs"),
  run(state) {
    const out: Draft[] = [];
    for (const hpa of state.hpas) {
      const needs = utilizationNeeds(hpa);
      if (!needs.length) continue;
      const active = condition(hpa, 'ScalingActive');
      const said = active?.status === 'False' && /missing request for (\w+)/.test(active.message ?? '') ? active : undefined;
      const target = state.targets[hpaKey(hpa)];
      const missing = target ? missingRequests(target, needs) : [];
      if (!said && !missing.length) continue;
      const ref = hpa.spec?.scaleTargetRef;
      const ns = hpa.metadata?.namespace;
      const resources = [...new Set(missing.length ? missing.map((m) => m.resource) : [/missing request for (\w+)/.exec(said!.message ?? '')![1]])];
      const names = missing.map((m) =>
        m.injected ? msg('{container} (injected, not in the template)', { container: m.container }) : m.sidecar ? msg('{container} (sidecar)', { container: m.container }) : m.container,
      );
      const containers = listJoin([...new Map(names.map((n) => [textOf(n, 'en'), n])).values()]);
      const evidence: DoctorText[] = [
        ...(said ? [conditionLine(said)] : []),
        ...missing.map((m) => msg('Pod {pod}: container "{container}" resources: {resources}', { pod: `${ns}/${m.pods[0]}`, container: m.container, resources: JSON.stringify(m.resources ?? {}) })),
      ];
      const args = { hpa: `${ns}/${hpa.metadata?.name}`, resources: resources.join('/'), kind: ref?.kind ?? 'undefined', name: ref?.name ?? 'undefined', containers };
      out.push({
        id: 'hpa-missing-request',
        severity: 'error',
        message: !missing.length
          ? msg('HPA {hpa} cannot compute {resources} utilization: a container of {kind} {name} has no {resources} request', args)
          : missing.length === 1
            ? msg('HPA {hpa} cannot compute {resources} utilization: container {containers} of {kind} {name} has no {resources} request', args)
            : msg('HPA {hpa} cannot compute {resources} utilization: containers {containers} of {kind} {name} have no {resources} request', args),
        object: hpaRef(hpa),
        fixIn: ref?.kind && ref.name ? { apiVersion: ref.apiVersion, kind: ref.kind, namespace: ns, name: ref.name } : undefined,
        evidence: capEvidence(evidence),
        explanation: sentences(
          msg(
            'Utilization is usage divided by request, summed over every counted container of every pod the HPA selects: all regular containers and restartable init containers (native sidecars). One container without a request makes the whole metric unavailable, so the HPA shows `<unknown>` and does not scale.',
          ),
          missing.some((m) => m.injected) &&
            msg(
              "Some of these containers are not in the workload's template: an admission webhook (service mesh, secrets agent, log shipper) injects them into the pods; give them requests through the injector's settings (e.g. Istio `sidecar.istio.io/proxyCPU`).",
            ),
          msg(
            'Add requests to every listed container (a limit alone also becomes the request), or use a ContainerResource metric for the application container only, or an AverageValue target that needs no request. A LimitRange default request in the namespace also works.',
          ),
        ),
        repairs: [],
      });
    }
    return out;
  },
};
