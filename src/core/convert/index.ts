// Conversions offered for a document: the quick fixes of the deprecated-API rules, and optional upgrades
// (autoscaling/v1 → v2) that the server shows as CodeLens and refactor actions without a diagnostic.
import { isHpa, isKarpenter } from '../manifest/kinds';
import type { ManifestDoc } from '../manifest/model';
import type { ConversionContext } from './context';
import { compareMinor } from '../k8s/versions';
import type { Fix } from '../text/edits';
import { convertHpa, type HpaTargetVersion } from './hpa';
import { jsonPreservingFix } from './json';
import { karpenterConversions } from './karpenter';
import { checkedFix } from './accepted';
import { msg } from '../l10n';

/** The HPA apiVersion to convert to for a target cluster, or undefined when none fits (below 1.12). */
export function hpaTargetFor(kubernetesVersion: string): HpaTargetVersion | undefined {
  if (compareMinor(kubernetesVersion, '1.23') >= 0) return 'autoscaling/v2';
  if (compareMinor(kubernetesVersion, '1.12') >= 0) return 'autoscaling/v2beta2';
  return undefined;
}

export function hpaConversions(doc: ManifestDoc, ctx: ConversionContext): Fix[] {
  const target = hpaTargetFor(ctx.settings.kubernetesVersion);
  if (!target || !doc.apiVersion) return [];
  // autoscaling/v1 is not deprecated: offer only the GA autoscaling/v2, never a beta.
  if (doc.apiVersion === 'autoscaling/v1' && target !== 'autoscaling/v2') return [];
  const edits = convertHpa(doc, target);
  if (!edits) return [];
  const textOf = (uri: string) => (uri === doc.file.uri ? doc.file.text : ctx.workspace.get(uri)?.text);
  const fix = jsonPreservingFix({ title: msg('Convert to {target}', { target }), edits, preferred: true, safety: 'safe' }, textOf);
  return fix ? [checkedFix(fix, [doc], textOf)] : [];
}

/** Every conversion available for a document under the current settings (empty when none). */
export function conversionsFor(doc: ManifestDoc, ctx: ConversionContext): Fix[] {
  try {
    if (isHpa(doc)) return hpaConversions(doc, ctx);
    if (isKarpenter(doc)) return karpenterConversions(doc, ctx);
  } catch {
    // A conversion is an offer: a document it cannot read gets none.
  }
  return [];
}
