// A live VerticalPodAutoscaler that changes running pods (Auto, Recreate, InPlaceOrRecreate, InPlace) and an HPA scaling
// the same workload on cpu or memory the VPA controls: the live side of the lint rule vpa-hpa-conflict (same semantics,
// k8s/vpaPolicy.ts). A KEDA ScaledObject's cpu/memory trigger shows as a Resource metric of its keda-hpa-* HPA, so it is
// found through that HPA. The recommendation the recommender wrote is quoted: it is what the VPA would set.
import type * as k8s from '@kubernetes/client-node';
import { ACTING_UPDATE_MODES } from '../../k8s/vpaPolicy';
import { liveVpaControls, liveVpaUpdateMode, vpaTargetKey, type VerticalPodAutoscaler, type VpaAmounts } from '../../cluster/objects';
import { capEvidence, condition, conditionLine, hpaKey, type Check, type Draft } from '../checkKit';
import { msg, type Message } from '../../l10n';
import { listJoin, sentences } from '../../l10n/lists';
import type { DoctorText } from '../types';

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

function targetText(m: ResourceMetric): DoctorText {
  const args = { resource: m.resource, target: m.target, container: m.container ?? '' };
  if (m.container) return m.defaulted ? msg('container {container} {resource} {target} (its default metric: no metrics written)', args) : msg('container {container} {resource} {target}', args);
  return m.defaulted ? msg('{resource} {target} (its default metric: no metrics written)', args) : `${m.resource} ${m.target}`;
}

const amounts = (a: VpaAmounts | undefined): DoctorText =>
  Object.entries(a ?? {})
    .map(([r, q]) => `${r} ${q}`)
    .join(', ') || msg('none');

function policiesText(vpa: VerticalPodAutoscaler): DoctorText {
  const policies = vpa.spec?.resourcePolicy?.containerPolicies ?? [];
  return policies.length ? `containerPolicies ${JSON.stringify(policies)}` : msg('no resourcePolicy (it controls cpu and memory of every container)');
}

/** One evidence line per container recommendation (what the recommender wrote), or why there is none yet. */
function recommendationLines(vpa: VerticalPodAutoscaler): DoctorText[] {
  const vpaName = `${vpa.metadata?.namespace}/${vpa.metadata?.name}`;
  const recs = vpa.status?.recommendation?.containerRecommendations ?? [];
  if (recs.length === 0) {
    const provided = vpa.status?.conditions?.find((c) => c.type === 'RecommendationProvided');
    return [
      provided
        ? msg('VerticalPodAutoscaler {vpa} has no recommendation yet ({condition})', { vpa: vpaName, condition: conditionLine(provided) })
        : msg('VerticalPodAutoscaler {vpa} has no recommendation yet (no recommender has written its status)', { vpa: vpaName }),
    ];
  }
  return recs.map((r) =>
    msg('VerticalPodAutoscaler {vpa} recommends for container {container}: target {target} (lower bound {lower}; upper bound {upper})', {
      vpa: vpaName,
      container: String(r.containerName),
      target: amounts(r.target),
      lower: amounts(r.lowerBound),
      upper: amounts(r.upperBound),
    }),
  );
}

function why(m: ResourceMetric): Message {
  return m.target === 'Utilization'
    ? msg(
        "The HPA's utilization is usage divided by the request. When the VPA raises the {resource} request, utilization falls and the HPA removes pods; the remaining pods get busier and the VPA raises the request again, so replicas and requests drift or oscillate instead of settling.",
        { resource: m.resource },
      )
    : msg('Both act on the same {resource} usage: the HPA adds pods while the VPA resizes them, and each undoes what the other measured.', { resource: m.resource });
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
        const written = vpa.spec?.updatePolicy?.updateMode ? `updateMode ${mode}` : msg('updateMode {mode} by default', { mode });
        const on = listJoin(clashes.map(targetText));
        const args = { kind, workload: `${ns}/${ref.name}`, vpa: vpa.metadata?.name ?? '', written, hpa: hpa.metadata?.name ?? '', on };
        const active = condition(hpa, 'ScalingActive');
        out.push({
          id: 'vpa-hpa-conflict',
          severity: 'warning',
          message:
            resources.length > 1
              ? msg('{kind} {workload}: VerticalPodAutoscaler {vpa} ({written}) sets its {first} and {second} requests while HorizontalPodAutoscaler {hpa} scales it on {on}', {
                  ...args,
                  first: resources[0],
                  second: resources[1],
                })
              : msg('{kind} {workload}: VerticalPodAutoscaler {vpa} ({written}) sets its {resource} requests while HorizontalPodAutoscaler {hpa} scales it on {on}', {
                  ...args,
                  resource: resources[0],
                }),
          object: { kind, namespace: ns, name: ref.name, ...(kind === 'Deployment' || kind === 'StatefulSet' ? { apiVersion: 'apps/v1' } : {}) },
          evidence: capEvidence([
            msg('VerticalPodAutoscaler {vpa} targetRef {target}, {written}, {policies}', {
              vpa: `${ns}/${vpa.metadata?.name}`,
              target: `${vpa.spec?.targetRef?.kind}/${vpa.spec?.targetRef?.name}`,
              written,
              policies: policiesText(vpa),
            }),
            ...recommendationLines(vpa),
            msg('HorizontalPodAutoscaler {hpa} scaleTargetRef {target} on {on}', { hpa: `${ns}/${hpa.metadata?.name}`, target: `${kind}/${ref.name}`, on }),
            ...(active ? [conditionLine(active)] : []),
          ]),
          explanation: sentences(
            why(clashes[0]),
            msg(
              'The VPA project says not to use the two on the same resource metric. Keep the VPA to the other resource (resourcePolicy.containerPolicies with controlledResources), set its updateMode to Off to read its recommendations only, or scale the HPA on another metric. The lint rule vpa-hpa-conflict (docs/rules/vpa-hpa-conflict.md) reports the same pair in manifests.',
            ),
          ),
          repairs: [],
        });
      }
    }
    return out;
  },
};
