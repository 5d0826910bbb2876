// Cluster Autoscaler image whose minor version differs from the target Kubernetes minor (§6.2).
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { isWorkload, podSpecOf } from '../../manifest/kinds';
import { isTemplatedValue, type ManifestDoc } from '../../manifest/model';
import type { Rule } from '../rule';
import { parseMinor } from '../../k8s/versions';
import type { Problem } from '../types';

/** `<registry path>/cluster-autoscaler:vX.Y.Z[-suffix]`; digests and untagged images do not match. */
const IMAGE = /^((?:[^/\s]+\/)*cluster-autoscaler):(v?)(\d+)\.(\d+)\.(\d+)([-+][\w.-]*)?$/;

export interface AutoscalerImage {
  repository: string;
  major: number;
  minor: number;
  tag: string;
}

export function parseClusterAutoscalerImage(image: string): AutoscalerImage | undefined {
  if (isTemplatedValue(image) || image.includes('@')) return undefined;
  const m = IMAGE.exec(image.trim());
  if (!m) return undefined;
  return { repository: m[1], major: Number(m[3]), minor: Number(m[4]), tag: image.trim().slice(m[1].length + 1) };
}

function containersOf(doc: ManifestDoc): YAMLMap[] {
  const spec = podSpecOf(doc);
  const out: YAMLMap[] = [];
  for (const field of ['containers', 'initContainers']) {
    const seq = spec?.get(field, true);
    // One by one: a spread of a very long sequence overflows the call stack.
    if (isSeq(seq)) for (const item of seq.items) if (isMap(item)) out.push(item);
  }
  return out;
}

export const clusterAutoscalerVersionSkew: Rule = {
  id: 'cluster-autoscaler-version-skew',
  category: 'infra',
  severity: 'warning',
  title: 'Cluster Autoscaler minor version differs from the Kubernetes minor version',
  docs: [
    'Since Kubernetes 1.12 each Cluster Autoscaler minor release is built and tested against the same Kubernetes minor (CA 1.30.x for Kubernetes 1.30). Other pairings are unsupported: the scheduler code CA embeds simulates a different Kubernetes.',
    '',
    "Use the newest patch release of the cluster's minor. The quick fix writes `vX.Y.0` for the target minor (setting `kubernetesVersion`); check the Cluster Autoscaler releases for the newest `vX.Y.*` patch.",
  ].join('\n'),
  applies: (doc) => isWorkload(doc),
  check(doc, ctx) {
    const target = parseMinor(ctx.settings.kubernetesVersion);
    if (!target) return [];
    const problems: Problem[] = [];
    for (const container of containersOf(doc)) {
      const image = container.get('image', true);
      if (!isScalar(image) || typeof image.value !== 'string' || !image.range) continue;
      const parsed = parseClusterAutoscalerImage(image.value);
      if (!parsed || (parsed.major === target[0] && parsed.minor === target[1])) continue;
      const k8s = `${target[0]}.${target[1]}`;
      const newTag = `v${k8s}.0`;
      const source = doc.file.text.slice(image.range[0], image.range[1]);
      const tagAt = source.lastIndexOf(':' + parsed.tag);
      const fixes =
        tagAt === -1
          ? []
          : [
              {
                title: `Use cluster-autoscaler ${newTag} (a guess: pick the newest v${k8s}.x patch)`,
                edits: [{ uri: doc.file.uri, range: { start: image.range[0] + tagAt + 1, end: image.range[0] + tagAt + 1 + parsed.tag.length }, newText: newTag }],
                safety: 'guess' as const,
                why: `${newTag} stands for the v${k8s}.x release line: pick its newest patch, and review the release notes between the versions`,
              },
            ];
      problems.push({
        message: `cluster-autoscaler ${parsed.tag} is built for Kubernetes ${parsed.major}.${parsed.minor}, but the target is Kubernetes ${k8s}: use the newest cluster-autoscaler v${k8s}.x release.`,
        range: { start: image.range[0], end: image.range[1] },
        fixes,
      });
    }
    return problems;
  },
};
