// Two autoscalers own one workload: two HPAs (the HPA controller then refuses both with
// AmbiguousSelector), or an HPA plus a KEDA ScaledObject (the ScaledObject's own HPA, keda-hpa-<name>
// or its configured name, is not counted as a second owner).
import type * as k8s from '@kubernetes/client-node';
import { kedaHpaName } from '../../cluster/objects';
import type { ScaledObject } from '../state';
import { capEvidence, condition, conditionLine, type Check, type Draft } from '../checkKit';

const targetKey = (ns: string | undefined, ref: { kind?: string; name: string }) => `${ns}/${ref.kind ?? 'Deployment'}/${ref.name}`;

function ownedBy(hpa: k8s.V2HorizontalPodAutoscaler, sos: ScaledObject[]): ScaledObject | undefined {
  return sos.find(
    (so) =>
      so?.metadata?.name &&
      so.metadata.namespace === hpa.metadata?.namespace &&
      (hpa.metadata?.ownerReferences?.some((o) => o.kind === 'ScaledObject' && (o.uid === so.metadata.uid || o.name === so.metadata.name)) || kedaHpaName(so) === hpa.metadata?.name),
  );
}

export const check: Check = {
  id: 'autoscaler-conflict',
  title: 'Two autoscalers own one workload',
  run(state) {
    const sos = state.scaledObjects ?? [];
    const groups = new Map<string, { hpas: k8s.V2HorizontalPodAutoscaler[]; sos: ScaledObject[]; kedaHpas: k8s.V2HorizontalPodAutoscaler[] }>();
    const group = (key: string) => groups.get(key) ?? groups.set(key, { hpas: [], sos: [], kedaHpas: [] }).get(key)!;
    for (const so of sos) {
      if (!so?.metadata?.name || !so.spec?.scaleTargetRef?.name) continue; // not a usable ScaledObject
      group(targetKey(so.metadata.namespace, so.spec.scaleTargetRef)).sos.push(so);
    }
    for (const hpa of state.hpas) {
      const ref = hpa.spec?.scaleTargetRef;
      if (!ref) continue;
      const g = group(targetKey(hpa.metadata?.namespace, ref));
      (ownedBy(hpa, sos) ? g.kedaHpas : g.hpas).push(hpa);
    }
    const out: Draft[] = [];
    for (const [key, g] of groups) {
      const all = [...g.hpas, ...g.kedaHpas];
      const ambiguous = all.map((h) => condition(h, 'ScalingActive')).filter((c) => c?.reason === 'AmbiguousSelector');
      const owners = g.hpas.length + g.sos.length;
      if (owners < 2 && !ambiguous.length) continue;
      const [ns, kind, name] = key.split('/');
      const ownerNames = [...g.hpas.map((h) => `HPA ${h.metadata?.name}`), ...g.sos.map((s) => `ScaledObject ${s.metadata.name}`)];
      out.push({
        id: 'autoscaler-conflict',
        severity: 'error',
        message: `${kind} ${ns}/${name} has ${owners >= 2 ? `${owners} autoscalers (${ownerNames.join(', ')})` : 'an HPA whose pods another HPA also selects (AmbiguousSelector)'}: none of them scales it`,
        object: { kind, namespace: ns, name, ...(kind === 'Deployment' || kind === 'StatefulSet' ? { apiVersion: 'apps/v1' } : {}) },
        evidence: capEvidence([
          ...ambiguous.map((c) => conditionLine(c!)),
          ...g.hpas.map(
            (h) =>
              `HorizontalPodAutoscaler ${h.metadata?.namespace}/${h.metadata?.name} scaleTargetRef ${h.spec?.scaleTargetRef.kind}/${h.spec?.scaleTargetRef.name}${h.metadata?.labels?.['app.kubernetes.io/managed-by'] ? ` (managed-by ${h.metadata.labels['app.kubernetes.io/managed-by']})` : ''}`,
          ),
          ...g.sos.map(
            (s) => `ScaledObject ${s.metadata.namespace}/${s.metadata.name} scaleTargetRef ${s.spec.scaleTargetRef.kind ?? 'Deployment'}/${s.spec.scaleTargetRef.name} (its HPA: ${kedaHpaName(s)})`,
          ),
        ]),
        explanation:
          "The HPA controller refuses to act when the pods of one target are selected by more than one HPA: every one of them gets ScalingActive=False with reason AmbiguousSelector, so the workload is not autoscaled at all. A KEDA ScaledObject works through its own HPA, so a ScaledObject next to a hand-written HPA is the same conflict (KEDA's admission webhook rejects it, unless the webhook is not installed or its failurePolicy let it through). " +
          'Keep one autoscaler: delete the extra HPA, or move its metrics into the ScaledObject (cpu/memory triggers) and delete the HPA; to let KEDA adopt an existing HPA use the annotation `scaledobject.keda.sh/transfer-hpa-ownership: "true"` (KEDA 2.11+). An HPA named `keda-hpa-*` without its ScaledObject is a leftover: delete it.',
        repairs: [],
      });
    }
    return out;
  },
};
