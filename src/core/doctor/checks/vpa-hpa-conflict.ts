// A live VerticalPodAutoscaler that changes running pods (Auto, Recreate, InPlaceOrRecreate, InPlace) and an HPA scaling
// the same workload on cpu or memory the VPA controls: the live side of the lint rule vpa-hpa-conflict (same semantics,
// k8s/vpaPolicy.ts). A KEDA ScaledObject's cpu/memory trigger shows as a Resource metric of its keda-hpa-* HPA, so it is
// found through that HPA. The recommendation the recommender wrote is quoted: it is what the VPA would set.
import type * as k8s from '@kubernetes/client-node';
import { ACTING_UPDATE_MODES } from '../../k8s/vpaPolicy';
import { liveVpaControls, liveVpaUpdateMode, vpaTargetKey, type VerticalPodAutoscaler, type VpaAmounts } from '../../cluster/objects';
import { capEvidence, condition, conditionLine, hpaKey, type Check, type Draft } from '../checkKit';
import { msg } from '../../l10n';

interface ResourceMetric {
  resource: string;
  target: string;
  /** ContainerResource: only this container counts. */
  container?: string;
  /** The HPA has no metrics: the controller scales on cpu at 80% utilization. */
  defaulted?: boolean;
}

/** The cpu/memory metrics of a live HPA (Resource and ContainerResource). */
function resourceMetrics(hpa: k8s.V2HorizontalPodAutoscaler): ResourceMetric[] {
  const metrics = hpa.spec?.metrics ?? [];
  if (metrics.length === 0) return [{ resource: 'cpu', target: 'Utilization', defaulted: true }];
  const out: ResourceMetric[] = [];
  for (const m of metrics) {
    if (m.type === 'Resource' && m.resource) out.push({ resource: m.resource.name, target: m.resource.target?.type ?? '' });
    if (m.type === 'ContainerResource' && m.containerResource)
      out.push({ resource: m.containerResource.name, target: m.containerResource.target?.type ?? '', container: m.containerResource.container });
  }
  return out.filter((m) => m.resource === 'cpu' || m.resource === 'memory');
}

function targetText(m: ResourceMetric): string {
  return `${m.container ? `container ${m.container} ` : ''}${m.resource} ${m.target}${m.defaulted ? ' (its default metric: no metrics written)' : ''}`;
}

const amounts = (a: VpaAmounts | undefined) =>
  Object.entries(a ?? {})
    .map(([r, q]) => `${r} ${q}`)
    .join(', ') || 'none';

function policiesText(vpa: VerticalPodAutoscaler): string {
  const policies = vpa.spec?.resourcePolicy?.containerPolicies ?? [];
  return policies.length ? `containerPolicies ${JSON.stringify(policies)}` : 'no resourcePolicy (it controls cpu and memory of every container)';
}

/** One evidence line per container recommendation (what the recommender wrote), or why there is none yet. */
function recommendationLines(vpa: VerticalPodAutoscaler): string[] {
  const name = `${vpa.metadata?.namespace}/${vpa.metadata?.name}`;
  const recs = vpa.status?.recommendation?.containerRecommendations ?? [];
  if (recs.length === 0) {
    const provided = vpa.status?.conditions?.find((c) => c.type === 'RecommendationProvided');
    return [`VerticalPodAutoscaler ${name} has no recommendation yet${provided ? ` (${conditionLine(provided)})` : ' (no recommender has written its status)'}`];
  }
  return recs.map(
    (r) => `VerticalPodAutoscaler ${name} recommends for container ${r.containerName}: target ${amounts(r.target)} (lower bound ${amounts(r.lowerBound)}; upper bound ${amounts(r.upperBound)})`,
  );
}

function why(m: ResourceMetric): string {
  return m.target === 'Utilization'
    ? `The HPA's utilization is usage divided by the request. When the VPA raises the ${m.resource} request, utilization falls and the HPA removes pods; the remaining pods get busier and the VPA raises the request again, so replicas and requests drift or oscillate instead of settling.`
    : `Both act on the same ${m.resource} usage: the HPA adds pods while the VPA resizes them, and each undoes what the other measured.`;
}

/** The names of the containers a metric counts, from the target's template (undefined when it could not be read). */
function countedNames(template: k8s.V1PodTemplateSpec | undefined, m: ResourceMetric): string[] | undefined {
  if (m.container) return [m.container];
  if (!template?.spec) return undefined;
  return [...template.spec.containers.map((c) => c.name), ...(template.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name)];
}

export const check: Check = {
  id: 'vpa-hpa-conflict',
  title: msg('A VPA and an HPA both act on the cpu or memory of one workload'),
  run(state) {
    const vpas = state.vpas ?? [];
    if (vpas.length === 0) return [];
    const byTarget = new Map<string, VerticalPodAutoscaler[]>();
    for (const vpa of vpas) {
      const key = vpaTargetKey(vpa);
      if (key && ACTING_UPDATE_MODES.includes(liveVpaUpdateMode(vpa))) byTarget.set(key, [...(byTarget.get(key) ?? []), vpa]);
    }
    const out: Draft[] = [];
    for (const hpa of state.hpas) {
      const ref = hpa.spec?.scaleTargetRef;
      const ns = hpa.metadata?.namespace;
      if (!ref?.name || !ns) continue;
      const kind = ref.kind ?? 'Deployment';
      for (const vpa of byTarget.get(`${ns}/${kind}/${ref.name}`) ?? []) {
        const template = state.targets[hpaKey(hpa)]?.template;
        const clashes = resourceMetrics(hpa).filter((m) => liveVpaControls(vpa, m.resource, countedNames(template, m)) === true);
        if (clashes.length === 0) continue;
        const resources = [...new Set(clashes.map((m) => m.resource))];
        const mode = liveVpaUpdateMode(vpa);
        const written = vpa.spec?.updatePolicy?.updateMode ? `updateMode ${mode}` : `updateMode ${mode} by default`;
        const active = condition(hpa, 'ScalingActive');
        out.push({
          id: 'vpa-hpa-conflict',
          severity: 'warning',
          message: `${kind} ${ns}/${ref.name}: VerticalPodAutoscaler ${vpa.metadata?.name} (${written}) sets its ${resources.join(' and ')} requests while HorizontalPodAutoscaler ${hpa.metadata?.name} scales it on ${clashes.map(targetText).join(', ')}`,
          object: { kind, namespace: ns, name: ref.name, ...(kind === 'Deployment' || kind === 'StatefulSet' ? { apiVersion: 'apps/v1' } : {}) },
          evidence: capEvidence([
            `VerticalPodAutoscaler ${ns}/${vpa.metadata?.name} targetRef ${vpa.spec?.targetRef?.kind}/${vpa.spec?.targetRef?.name}, ${written}, ${policiesText(vpa)}`,
            ...recommendationLines(vpa),
            `HorizontalPodAutoscaler ${ns}/${hpa.metadata?.name} scaleTargetRef ${kind}/${ref.name} on ${clashes.map(targetText).join(', ')}`,
            ...(active ? [conditionLine(active)] : []),
          ]),
          explanation: `${why(clashes[0])} The VPA project says not to use the two on the same resource metric. Keep the VPA to the other resource (resourcePolicy.containerPolicies with controlledResources), set its updateMode to Off to read its recommendations only, or scale the HPA on another metric. The lint rule vpa-hpa-conflict (docs/rules/vpa-hpa-conflict.md) reports the same pair in manifests.`,
          repairs: [],
        });
      }
    }
    return out;
  },
};
