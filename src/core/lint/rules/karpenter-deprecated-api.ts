// Karpenter alpha and beta APIs (and the pod labels/annotations that went with them), by target Karpenter version.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { karpenterConversions } from '../../convert/karpenter';
import { isKarpenter, isWorkload, podSpecOf } from '../../manifest/kinds';
import { keyRange, mapAt, nodeAt, rangeOf, type ManifestDoc } from '../../manifest/model';
import type { Rule } from '../rule';
import { compareMinor } from '../../k8s/versions';
import type { Problem } from '../types';
import type { Fix } from '../../text/edits';
import { msg } from '../../l10n';

/** Karpenter versions (aws/karpenter-provider-aws upgrade guides): deprecated = first version with the successor. */
export const KARPENTER_API_LIFECYCLE: Record<string, { deprecated: string; removed: string }> = {
  'karpenter.sh/v1alpha5': { deprecated: '0.32', removed: '0.33' },
  'karpenter.k8s.aws/v1alpha1': { deprecated: '0.32', removed: '0.33' },
  'karpenter.sh/v1beta1': { deprecated: '1.0', removed: '1.1' },
  'karpenter.k8s.aws/v1beta1': { deprecated: '1.0', removed: '1.1' },
};

const SUCCESSOR_KIND: Record<string, string> = {
  Provisioner: 'NodePool',
  Machine: 'NodeClaim',
  AWSNodeTemplate: 'EC2NodeClass',
  NodePool: 'NodePool',
  NodeClaim: 'NodeClaim',
  EC2NodeClass: 'EC2NodeClass',
};

/** Pod labels and annotations renamed in v0.32 (old ones ignored from `removed`). */
const RENAMED_KEYS: Record<string, { to: string; removed: string; where: 'label' | 'annotation' }> = {
  'karpenter.sh/provisioner-name': { to: 'karpenter.sh/nodepool', removed: '0.33', where: 'label' },
  'karpenter.sh/do-not-evict': { to: 'karpenter.sh/do-not-disrupt', removed: '1.0', where: 'annotation' },
  'karpenter.sh/do-not-consolidate': { to: 'karpenter.sh/do-not-disrupt', removed: '1.0', where: 'annotation' },
};

export const karpenterDeprecatedApi: Rule = {
  id: 'karpenter-deprecated-api',
  category: 'migration',
  severity: 'warning',
  title: 'Karpenter resource or pod label uses an API that the target Karpenter deprecated or removed',
  tags: ['deprecated'],
  docs:
    'Karpenter v0.32 replaced `karpenter.sh/v1alpha5` Provisioner and `karpenter.k8s.aws/v1alpha1` AWSNodeTemplate with ' +
    'v1beta1 NodePool and EC2NodeClass (alpha removed in v0.33); v1.0 replaced v1beta1 with v1 (v1beta1 removed in v1.1). ' +
    'Pods selecting `karpenter.sh/provisioner-name` or annotated `karpenter.sh/do-not-evict` / `do-not-consolidate` ' +
    'use the old names (`karpenter.sh/nodepool`, `karpenter.sh/do-not-disrupt`). The quick fix converts to v1, writing the ' +
    'former implicit defaults explicitly; values it cannot derive become `<REQUIRED: …>` placeholders.',
  applies: (doc) => (isKarpenter(doc) && !!doc.apiVersion && doc.apiVersion in KARPENTER_API_LIFECYCLE) || isWorkload(doc),
  check(doc, ctx) {
    const target = ctx.settings.karpenterVersion;
    if (!isKarpenter(doc)) return renamedKeyProblems(doc, target);
    const version = doc.apiVersion!;
    const life = KARPENTER_API_LIFECYCLE[version];
    if (compareMinor(target, life.deprecated) < 0) return [];
    const removed = compareMinor(target, life.removed) >= 0;
    const successor = SUCCESSOR_KIND[doc.kind!] ?? doc.kind;
    const canConvert = compareMinor(target, '1.0') >= 0;
    const v1Group = successor === 'EC2NodeClass' ? 'karpenter.k8s.aws' : 'karpenter.sh';
    const args = { version, kind: doc.kind ?? '', removedIn: life.removed, deprecatedIn: life.deprecated, target, to: `${v1Group}/v1 ${successor}`, successor };
    let message;
    if (removed && canConvert) message = msg('{version} {kind} is not served by Karpenter {removedIn}+ (target {target}); convert it to {to}.', args);
    else if (removed) message = msg('{version} {kind} is not served by Karpenter {removedIn}+ (target {target}); convert it to the v1beta1 {successor}.', args);
    else if (canConvert) message = msg('{version} {kind} is deprecated since Karpenter {deprecatedIn} and removed in {removedIn}; convert it to {to}.', args);
    else message = msg('{version} {kind} is deprecated since Karpenter {deprecatedIn} and removed in {removedIn}; convert it to the v1beta1 {successor}.', args);
    const range = rangeOf(nodeAt(doc.root, ['apiVersion']), keyRange(doc.root, 'apiVersion', doc.range));
    return [{ message, range, severity: removed ? 'error' : 'warning', fixes: () => karpenterConversions(doc, ctx) }];
  },
};

/** The pod template's metadata of a workload. */
function podMetadataOf(doc: ManifestDoc): YAMLMap | undefined {
  if (doc.kind === 'Pod') return mapAt(doc.root, ['metadata']);
  if (doc.kind === 'CronJob') return mapAt(doc.root, ['spec', 'jobTemplate', 'spec', 'template', 'metadata']);
  return mapAt(doc.root, ['spec', 'template', 'metadata']);
}

function renamedKeyProblems(doc: ManifestDoc, target: string): Problem[] {
  if (compareMinor(target, '0.32') < 0) return [];
  const problems: Problem[] = [];
  const report = (keyNode: unknown, where: 'label' | 'annotation', siblings: () => string[]) => {
    if (!isScalar(keyNode) || typeof keyNode.value !== 'string') return;
    const rename = RENAMED_KEYS[keyNode.value];
    if (!rename || rename.where !== where || !keyNode.range) return;
    const removed = compareMinor(target, rename.removed) >= 0;
    const old = keyNode.value;
    const args = { old, removedIn: rename.removed, target, to: rename.to };
    const message = removed
      ? msg('{old} is ignored by Karpenter {removedIn}+ (target {target}); use {to}.', args)
      : msg('{old} is deprecated since Karpenter 0.32 (ignored from {removedIn}); use {to}.', args);
    const fixes: Fix[] = [];
    if (!siblings().includes(rename.to)) {
      const [start, end] = keyNode.range;
      const quote = /^["']/.test(doc.file.text[start]) ? doc.file.text[start] : '';
      fixes.push({
        title: msg('Rename to {name}', { name: rename.to }),
        edits: [{ uri: doc.file.uri, range: { start, end }, newText: `${quote}${rename.to}${quote}` }],
        preferred: true,
        safety: 'safe',
      });
    }
    problems.push({ message, range: { start: keyNode.range[0], end: keyNode.range[1] }, severity: removed ? 'error' : 'warning', fixes });
  };
  const keysOf = (m: YAMLMap | undefined) => (m ? m.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')) : []);
  const annotations = mapAt(podMetadataOf(doc), ['annotations']);
  for (const p of annotations?.items ?? []) report(p.key, 'annotation', () => keysOf(annotations));
  const podSpec = podSpecOf(doc);
  const nodeSelector = mapAt(podSpec, ['nodeSelector']);
  for (const p of nodeSelector?.items ?? []) report(p.key, 'label', () => keysOf(nodeSelector));
  const nodeAffinity = mapAt(podSpec, ['affinity', 'nodeAffinity']);
  const terms = [
    ...(isSeq(nodeAt(nodeAffinity, ['requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']))
      ? (nodeAt(nodeAffinity, ['requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']) as { items: unknown[] }).items
      : []),
    ...(isSeq(nodeAt(nodeAffinity, ['preferredDuringSchedulingIgnoredDuringExecution']))
      ? (nodeAt(nodeAffinity, ['preferredDuringSchedulingIgnoredDuringExecution']) as { items: unknown[] }).items.map((i) => nodeAt(i, ['preference']))
      : []),
  ];
  for (const term of terms) {
    const exprs = nodeAt(term, ['matchExpressions']);
    if (!isSeq(exprs)) continue;
    const keys = () => exprs.items.map((e) => (isMap(e) ? String(e.get('key') ?? '') : ''));
    for (const e of exprs.items) {
      if (!isMap(e)) continue;
      const keyPair = e.items.find((p) => isScalar(p.key) && p.key.value === 'key') as Pair | undefined;
      report(keyPair?.value as Node | undefined, 'label', keys);
    }
  }
  return problems;
}
