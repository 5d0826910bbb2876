// autoscaler-conflict: two HPAs, or an HPA and a ScaledObject, scale the same workload.
import { isMap } from 'yaml';
import { kedaHpaName } from '../../k8s/autoscaling';
import { isHpa, isScaledObject } from '../../manifest/kinds';
import { isTemplatedValue, keyRange, nodeAt, qualifiedName, rangeOf, seqAt, stringAt, type ManifestDoc } from '../../manifest/model';
import type { Rule, RuleContext } from '../rule';
import type { Problem } from '../types';
import { scaleTargetOf } from '../../manifest/workspace';

export const TRANSFER_OWNERSHIP_ANNOTATION = 'scaledobject.keda.sh/transfer-hpa-ownership';

/**
 * Whether `hpa` is the HPA KEDA manages for `so` (exported from the cluster, or adopted): KEDA's webhook
 * accepts it when the HPA is owned by the ScaledObject, or when the ScaledObject asks to take it over.
 */
export function isKedaOwnHpa(hpa: ManifestDoc, so: ManifestDoc): boolean {
  const owned = (seqAt(hpa.root, ['metadata', 'ownerReferences'])?.items ?? []).some((o) => isMap(o) && stringAt(o, ['kind']) === 'ScaledObject' && stringAt(o, ['name']) === so.name);
  if (owned) return true;
  const transfer = stringAt(so.root, ['metadata', 'annotations', TRANSFER_OWNERSHIP_ANNOTATION]) === 'true';
  return transfer && stringAt(so.root, ['spec', 'advanced', 'horizontalPodAutoscalerConfig', 'name']) === hpa.name;
}

const sameObject = (a: ManifestDoc, b: ManifestDoc) => a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;
const objectKey = (d: ManifestDoc) => JSON.stringify([d.kind, d.namespace, d.name]);

function related(a: ManifestDoc, b: ManifestDoc): boolean {
  if (isHpa(a) && isScaledObject(b)) return isKedaOwnHpa(a, b);
  if (isScaledObject(a) && isHpa(b)) return isKedaOwnHpa(b, a);
  return false;
}

function describe(d: ManifestDoc, from: ManifestDoc): string {
  const where = d.file === from.file ? 'this file' : d.file.uri.split('/').pop();
  return `${d.kind} ${qualifiedName(d)} (${where})`;
}

function check(doc: ManifestDoc, ctx: RuleContext): Problem[] {
  const t = scaleTargetOf(doc);
  if (!t || !doc.name || isTemplatedValue(t.name) || isTemplatedValue(doc.name)) return [];
  const others = ctx.workspace.autoscalersOf(doc.namespace, t.kind, t.name).filter((o) => o !== doc && !sameObject(o, doc) && !related(doc, o) && !isTemplatedValue(o.name));
  // The first document of each object (one applied twice is one autoscaler), found with a set: a workload scaled
  // by thousands of autoscalers must not cost thousands squared per document.
  const byObject = new Map<string, ManifestDoc>();
  for (const o of others) if (!byObject.has(objectKey(o))) byObject.set(objectKey(o), o);
  const unique = [...byObject.values()];
  if (unique.length === 0) return [];
  const hints: string[] = [];
  for (const o of unique) {
    const [hpa, so] = isHpa(doc) && isScaledObject(o) ? [doc, o] : isScaledObject(doc) && isHpa(o) ? [o, doc] : [];
    if (hpa && so && hpa.name === kedaHpaName(so)) {
      hints.push(
        `${hpa.name} looks like the HPA KEDA creates for ScaledObject ${so.name ?? '(no name)'}: delete it from the manifests, or add the annotation ${TRANSFER_OWNERSHIP_ANNOTATION}: "true" to the ScaledObject`,
      );
    }
  }
  const list = unique.map((o) => describe(o, doc)).join(', ');
  const withKeda = isScaledObject(doc) || unique.some(isScaledObject);
  const why = withKeda
    ? "KEDA's admission webhook rejects the ScaledObject; where it is bypassed, the HPAs overwrite each other's replica count (AmbiguousSelector)"
    : "each overwrites the other's replica count, and the HPA controller reports AmbiguousSelector";
  return [
    {
      message: `${t.kind} ${doc.namespace}/${t.name} is also scaled by ${list}: ${why}${hints.length ? `. ${hints.join('. ')}` : ''}`,
      range: rangeOf(nodeAt(doc.root, ['spec', 'scaleTargetRef', 'name']), keyRange(doc.root, 'spec', doc.range)),
    },
  ];
}

export const autoscalerConflict: Rule = {
  id: 'autoscaler-conflict',
  category: 'workload',
  severity: 'error',
  title: 'More than one autoscaler scales the same workload',
  docs: [
    'Two HPAs, or an HPA and a KEDA ScaledObject (which creates its own HPA `keda-hpa-<name>`), target the same workload.',
    'Each sets the replica count from its own metrics, so they fight; the HPA controller reports `AmbiguousSelector`',
    "and KEDA's admission webhook rejects the ScaledObject (`already managed by the hpa`).",
    '',
    "Keep one autoscaler: move the HPA's metrics into the ScaledObject (KEDA has `cpu`/`memory` triggers), or merge the",
    'HPAs. The HPA KEDA generates is not a conflict when it carries an ownerReference to the ScaledObject.',
  ].join('\n'),
  applies: (doc) => isHpa(doc) || isScaledObject(doc),
  check,
};
