// Two autoscalers own one workload: two HPAs (from Kubernetes 1.26 the HPA controller refuses both with
// AmbiguousSelector; before, they flap), or an HPA plus a KEDA ScaledObject (the ScaledObject's own HPA, keda-hpa-<name>
// or its configured name, is not counted as a second owner).
import type * as k8s from '@kubernetes/client-node';
import { kedaHpaName } from '../../cluster/objects';
import type { ScaledObject } from '../state';
import { capEvidence, condition, conditionLine, type Check, type Draft } from '../checkKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';
import type { DoctorText } from '../types';

const targetKey = (ns: string | undefined, ref: { kind?: string; name: string }) => `${ns}/${ref.kind ?? 'Deployment'}/${ref.name}`;

function ownedBy(hpa: k8s.V2HorizontalPodAutoscaler, sos: ScaledObject[]): ScaledObject | undefined {
  return sos.find(
    (so) =>
      so?.metadata?.name &&
      so.metadata.namespace === hpa.metadata?.namespace &&
      (hpa.metadata?.ownerReferences?.some((o) => o.kind === 'ScaledObject' && (o.uid === so.metadata.uid || o.name === so.metadata.name)) || kedaHpaName(so) === hpa.metadata?.name),
  );
}

/**
 * What this cluster does with the conflict, read from what it shows: AmbiguousSelector exists from Kubernetes 1.26
 * (kubernetes PR 112011), KEDA's admission webhook from KEDA 2.10 (its CHANGELOG, #3755). See docs/doctor/autoscaler-conflict.md.
 */
function explanation(ambiguous: boolean, withScaledObject: boolean): DoctorText {
  return sentences(
    ambiguous
      ? msg(
          "This cluster's HPA controller (Kubernetes 1.26+) refuses to act when the pods of one target are selected by more than one HPA: every one of them gets ScalingActive=False with reason AmbiguousSelector, so the workload is not autoscaled at all.",
        )
      : msg(
          'No HPA reports AmbiguousSelector. Before Kubernetes 1.26 the HPA controller has no such check: every HPA acts and the replica count flaps between their recommendations (2 → 4 → 2 → 4 → 3 on EKS 1.23 with KEDA 2.9); from 1.26 the condition appears at the next sync and nothing scales.',
        ),
    withScaledObject &&
      msg(
        "A KEDA ScaledObject works through its own HPA, so a ScaledObject next to another HPA is the same conflict. KEDA's admission webhook (KEDA 2.10+) refuses such a ScaledObject; that this one exists means KEDA is older than 2.10 or runs without its webhook, the webhook was bypassed (failurePolicy Ignore), or the HPA came after the ScaledObject (the webhook checks ScaledObjects only).",
      ),
    msg(
      'Keep one autoscaler: delete the extra HPA, or move its metrics into the ScaledObject (cpu/memory triggers) and delete the HPA; to let KEDA adopt an existing HPA use the annotation `scaledobject.keda.sh/transfer-hpa-ownership: "true"` (KEDA 2.11+). An HPA named `keda-hpa-*` without its ScaledObject is a leftover: delete it.',
    ),
  );
}

export const check: Check = {
  id: 'autoscaler-conflict',
  title: msg('Two autoscalers own one workload'),
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
      const args = { kind, workload: `${ns}/${name}`, count: owners, owners: ownerNames.join(', ') };
      out.push({
        id: 'autoscaler-conflict',
        severity: 'error',
        message:
          owners >= 2
            ? ambiguous.length
              ? msg('{kind} {workload} has {count} autoscalers ({owners}): none of them scales it', args)
              : msg("{kind} {workload} has {count} autoscalers ({owners}): each overwrites the others' replica count", args)
            : ambiguous.length
              ? msg('{kind} {workload} has an HPA whose pods another HPA also selects (AmbiguousSelector): none of them scales it', args)
              : msg("{kind} {workload} has an HPA whose pods another HPA also selects (AmbiguousSelector): each overwrites the others' replica count", args),
        object: { kind, namespace: ns, name, ...(kind === 'Deployment' || kind === 'StatefulSet' ? { apiVersion: 'apps/v1' } : {}) },
        evidence: capEvidence([
          ...ambiguous.map((c) => conditionLine(c!)),
          ...g.hpas.map(
            (h) =>
              `HorizontalPodAutoscaler ${h.metadata?.namespace}/${h.metadata?.name} scaleTargetRef ${h.spec?.scaleTargetRef.kind}/${h.spec?.scaleTargetRef.name}${h.metadata?.labels?.['app.kubernetes.io/managed-by'] ? ` (managed-by ${h.metadata.labels['app.kubernetes.io/managed-by']})` : ''}`,
          ),
          ...g.sos.map((s) =>
            msg('ScaledObject {scaledObject} scaleTargetRef {target} (its HPA: {hpa})', {
              scaledObject: `${s.metadata.namespace}/${s.metadata.name}`,
              target: `${s.spec.scaleTargetRef.kind ?? 'Deployment'}/${s.spec.scaleTargetRef.name}`,
              hpa: kedaHpaName(s),
            }),
          ),
        ]),
        explanation: explanation(ambiguous.length > 0, g.sos.length > 0),
        repairs: [],
      });
    }
    return out;
  },
};
