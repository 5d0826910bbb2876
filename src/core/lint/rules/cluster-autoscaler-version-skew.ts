// Cluster Autoscaler image whose minor version differs from the target Kubernetes minor (§6.2).
import { isScalar } from 'yaml';
import { caMinorFor, containersOf, kubernetesMinorOf, parseClusterAutoscalerImage } from '../../k8s/clusterAutoscaler';
import { isWorkload } from '../../manifest/kinds';
import type { Rule } from '../rule';
import { parseMinor } from '../../k8s/versions';
import type { Fix } from '../../text/edits';
import type { Problem } from '../types';
import { msg } from '../../l10n';

export const clusterAutoscalerVersionSkew: Rule = {
  id: 'cluster-autoscaler-version-skew',
  category: 'infra',
  severity: 'warning',
  title: 'Cluster Autoscaler minor version differs from the Kubernetes minor version',
  docs: [
    'Since Kubernetes 1.12 each Cluster Autoscaler minor release is built and tested against the same Kubernetes minor (CA 1.30.x for Kubernetes 1.30); older releases had their own numbers (CA 1.0–1.3 for Kubernetes 1.8–1.11, CA 0.3–0.6 for 1.4–1.7). Other pairings are unsupported: the scheduler code CA embeds simulates a different Kubernetes.',
    '',
    "Use the newest patch release of the cluster's minor. The quick fix writes the `.0` release built for the target minor (setting `kubernetesVersion`); check the Cluster Autoscaler releases for the newest `vX.Y.*` patch.",
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
      const builtFor = parsed && kubernetesMinorOf(parsed.major, parsed.minor);
      if (!parsed || !builtFor || (builtFor[0] === target[0] && builtFor[1] === target[1])) continue;
      const k8s = `${target[0]}.${target[1]}`;
      const caMinor = caMinorFor(target[0], target[1]);
      const source = doc.file.text.slice(image.range[0], image.range[1]);
      const tagAt = source.lastIndexOf(':' + parsed.tag);
      const fixes: Fix[] = [];
      if (caMinor && tagAt !== -1) {
        const at = image.range[0] + tagAt + 1;
        fixes.push({
          title: msg('Use cluster-autoscaler v{minor}.0 (a guess: pick the newest v{minor}.x patch)', { minor: caMinor }),
          edits: [{ uri: doc.file.uri, range: { start: at, end: at + parsed.tag.length }, newText: `v${caMinor}.0` }],
          safety: 'guess',
          why: msg('v{minor}.0 stands for the v{minor}.x release line: pick its newest patch, and review the release notes between the versions', { minor: caMinor }),
        });
      }
      problems.push({
        message: caMinor
          ? msg('cluster-autoscaler {tag} is built for Kubernetes {builtFor}, but the target is Kubernetes {k8s}: use the newest cluster-autoscaler v{minor}.x release.', {
              tag: parsed.tag,
              builtFor: builtFor.join('.'),
              k8s,
              minor: caMinor,
            })
          : msg('cluster-autoscaler {tag} is built for Kubernetes {builtFor}, but the target is Kubernetes {k8s}: no Cluster Autoscaler release supports it.', {
              tag: parsed.tag,
              builtFor: builtFor.join('.'),
              k8s,
            }),
        range: { start: image.range[0], end: image.range[1] },
        fixes,
      });
    }
    return problems;
  },
};
