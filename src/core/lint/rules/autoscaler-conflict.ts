// autoscaler-conflict: two HPAs, or an HPA and a ScaledObject, scale the same workload.
import { competingAutoscalers, isKedaPair, isSameObject, kedaHpaName, resolveTarget, TRANSFER_OWNERSHIP_ANNOTATION } from '../../k8s/autoscaling';
import { isHpa, isScaledObject } from '../../manifest/kinds';
import { isTemplatedValue, keyRange, nodeAt, qualifiedName, rangeOf, type ManifestDoc } from '../../manifest/model';
import type { Rule, RuleContext } from '../rule';
import type { Settings } from '../settings';
import { compareMinor } from '../../k8s/versions';
import type { Problem } from '../types';
import { scaleTargetOf } from '../../manifest/workspace';
import { msg, type Message } from '../../l10n';
import { listJoin, thenSentence } from '../../l10n/lists';

const objectKey = (d: ManifestDoc) => JSON.stringify([d.kind, d.namespace, d.name]);

/**
 * The other autoscalers scaling what `doc` scales. Its target resolves as the lenses resolve it (resolveTarget: an
 * HPA without metadata.namespace lands where its workload is), so a lens never warns of a conflict this rule misses.
 */
function rivalsOf(doc: ManifestDoc, ctx: RuleContext): { namespace: string; rivals: ManifestDoc[] } | undefined {
  const resolved = resolveTarget(ctx.workspace, doc);
  if (!resolved) return undefined;
  const { namespace, target, workloads } = resolved;
  const peers = workloads.length ? workloads.flatMap((w) => competingAutoscalers(ctx.workspace, w)) : ctx.workspace.autoscalersOf(namespace, target.kind, target.name);
  // The first document of each object (one applied twice is one autoscaler), found with a set: a workload scaled
  // by thousands of autoscalers must not cost thousands squared per document.
  const byObject = new Map<string, ManifestDoc>();
  for (const o of peers) {
    if (o === doc || isSameObject(o, doc) || isKedaPair(doc, o) || isTemplatedValue(o.name)) continue;
    if (!byObject.has(objectKey(o))) byObject.set(objectKey(o), o);
  }
  return { namespace, rivals: [...byObject.values()] };
}

/** `HorizontalPodAutoscaler shop/web-cpu (hpa.yaml)`; one without metadata.namespace is named where it resolved to. */
function describe(d: ManifestDoc, from: ManifestDoc, namespace: string): Message {
  const args = { kind: d.kind ?? '', name: qualifiedName({ namespace: d.namespaceExplicit ? d.namespace : namespace, name: d.name }) };
  return d.file === from.file ? msg('{kind} {name} (this file)', args) : msg('{kind} {name} ({file})', { ...args, file: d.file.uri.split('/').pop() ?? '' });
}

/** The release whose HPA controller stops HPAs that share pods (kubernetes PR 112011, CHANGELOG-1.26.md). */
export const AMBIGUOUS_SELECTOR_FROM = '1.26';
/** The KEDA release that added the admission webhooks refusing a second autoscaler (kedacore/keda CHANGELOG v2.10.0, #3755). */
export const KEDA_WEBHOOKS_FROM = '2.10';

/** What the target versions do with two autoscalers on one workload: the mechanism of those releases, not the newest. */
function consequences(withKeda: boolean, settings: Settings): Message {
  const k8s = settings.kubernetesVersion;
  const keda = settings.kedaVersion;
  const hasWebhook = compareMinor(keda, KEDA_WEBHOOKS_FROM) >= 0;
  const stops = compareMinor(k8s, AMBIGUOUS_SELECTOR_FROM) >= 0;
  const args = { k8s, keda, webhooksFrom: KEDA_WEBHOOKS_FROM, ambiguousFrom: AMBIGUOUS_SELECTOR_FROM };
  // One template per combination: what KEDA does (if a ScaledObject is involved), then what the HPA controller does.
  if (withKeda && hasWebhook) {
    return stops
      ? msg(
          "KEDA's admission webhook rejects the ScaledObject (KEDA {webhooksFrom}+, target {keda}; its failurePolicy Ignore lets it through when the webhook is down); where it is bypassed, the HPA controller of Kubernetes {k8s} stops every HPA on these pods (ScalingActive False, AmbiguousSelector, from {ambiguousFrom})",
          args,
        )
      : msg(
          "KEDA's admission webhook rejects the ScaledObject (KEDA {webhooksFrom}+, target {keda}; its failurePolicy Ignore lets it through when the webhook is down); where it is bypassed, Kubernetes {k8s} predates AmbiguousSelector ({ambiguousFrom}): both HPAs act and each overwrites the other's replica count, so it flaps",
          args,
        );
  }
  if (withKeda) {
    return stops
      ? msg(
          'KEDA {keda} has no admission webhook (added in {webhooksFrom}), so it accepts the ScaledObject and its HPA joins the other; the HPA controller of Kubernetes {k8s} stops every HPA on these pods (ScalingActive False, AmbiguousSelector, from {ambiguousFrom})',
          args,
        )
      : msg(
          "KEDA {keda} has no admission webhook (added in {webhooksFrom}), so it accepts the ScaledObject and its HPA joins the other; Kubernetes {k8s} predates AmbiguousSelector ({ambiguousFrom}): both HPAs act and each overwrites the other's replica count, so it flaps",
          args,
        );
  }
  return stops
    ? msg('the HPA controller of Kubernetes {k8s} stops every HPA on these pods (ScalingActive False, AmbiguousSelector, from {ambiguousFrom})', args)
    : msg("Kubernetes {k8s} predates AmbiguousSelector ({ambiguousFrom}): both HPAs act and each overwrites the other's replica count, so it flaps", args);
}

function check(doc: ManifestDoc, ctx: RuleContext): Problem[] {
  const t = scaleTargetOf(doc);
  if (!t || !doc.name || isTemplatedValue(t.name) || isTemplatedValue(doc.name)) return [];
  const found = rivalsOf(doc, ctx);
  if (!found || found.rivals.length === 0) return [];
  const { namespace, rivals: unique } = found;
  const hints: Message[] = [];
  for (const o of unique) {
    const [hpa, so] = isHpa(doc) && isScaledObject(o) ? [doc, o] : isScaledObject(doc) && isHpa(o) ? [o, doc] : [];
    if (hpa && so && hpa.name === kedaHpaName(so)) {
      hints.push(
        msg('{hpa} looks like the HPA KEDA creates for ScaledObject {scaledObject}: delete it from the manifests, or add the annotation {annotation}: "true" to the ScaledObject', {
          hpa: hpa.name,
          scaledObject: so.name ?? '(no name)',
          annotation: TRANSFER_OWNERSHIP_ANNOTATION,
        }),
      );
    }
  }
  const list = listJoin(unique.map((o) => describe(o, doc, namespace)));
  const withKeda = isScaledObject(doc) || unique.some(isScaledObject);
  const why = consequences(withKeda, ctx.settings);
  const conflict = msg('{kind} {target} is also scaled by {list}: {why}', { kind: t.kind, target: `${namespace}/${t.name}`, list, why });
  return [
    {
      message: hints.reduce(thenSentence, conflict),
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
    'Each sets the replica count from its own metrics. What follows depends on the target versions: before Kubernetes 1.26 both HPAs act and',
    'the replica count flaps; from 1.26 the HPA controller stops them all (`AmbiguousSelector`). From KEDA 2.10 its admission webhook rejects',
    'the ScaledObject (`already managed by the hpa`); KEDA 2.9 and older accept it.',
    '',
    "Keep one autoscaler: move the HPA's metrics into the ScaledObject (KEDA has `cpu`/`memory` triggers), or merge the",
    'HPAs. The HPA KEDA generates is not a conflict when it carries an ownerReference to the ScaledObject.',
  ].join('\n'),
  applies: (doc) => isHpa(doc) || isScaledObject(doc),
  check,
};
