// keda-kubernetes-compatibility: the KEDA release (kedaVersion, or a KEDA image in the manifests) against the target
// Kubernetes minor, by KEDA's own compatibility matrix (k8s/kedaVersions.ts): the check kedaVersion's description promises.
import { isScalar } from 'yaml';
import { containersOf } from '../../k8s/clusterAutoscaler';
import { KEDA_COMPATIBILITY_SOURCE, kedaImageVersion, kedaKubernetesMismatch } from '../../k8s/kedaVersions';
import { group, isWorkload } from '../../manifest/kinds';
import { keyRange, type ManifestDoc } from '../../manifest/model';
import type { Rule, RuleContext } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

const isKedaObject = (d: ManifestDoc) => group(d.apiVersion) === 'keda.sh' && !!d.kind;

/** The first KEDA object of each file carries the settings' finding: one per file, not one per ScaledObject. */
function firstKedaObjectOfFile(doc: ManifestDoc): boolean {
  return doc.file.docs.find(isKedaObject) === doc;
}

function checkSettings(doc: ManifestDoc, ctx: RuleContext): Problem[] {
  const { kedaVersion, kubernetesVersion } = ctx.settings;
  const found = kedaKubernetesMismatch(kedaVersion, kubernetesVersion);
  if (!found) return [];
  return [
    {
      message: msg("{mismatch} (target versions: kedaVersion {keda}, kubernetesVersion {kubernetes}; set them to the cluster's, or connect to it)", {
        mismatch: found.text,
        keda: kedaVersion,
        kubernetes: kubernetesVersion,
      }),
      range: keyRange(doc.root, 'kind', doc.range),
      severity: found.severity,
    },
  ];
}

function checkImages(doc: ManifestDoc, ctx: RuleContext): Problem[] {
  const kubernetes = ctx.settings.kubernetesVersion;
  const problems: Problem[] = [];
  for (const container of containersOf(doc)) {
    const image = container.get('image', true);
    if (!isScalar(image) || typeof image.value !== 'string' || !image.range) continue;
    const named = kedaImageVersion(image.value);
    if (!named) continue;
    const found = kedaKubernetesMismatch(named.version, kubernetes);
    if (found)
      problems.push({
        message: msg('{component} {version}: {mismatch}', { component: named.component, version: named.version, mismatch: found.text }),
        range: { start: image.range[0], end: image.range[1] },
        severity: found.severity,
      });
  }
  return problems;
}

export const kedaKubernetesCompatibility: Rule = {
  id: 'keda-kubernetes-compatibility',
  category: 'infra',
  severity: 'warning',
  title: 'KEDA release outside the Kubernetes versions it is tested with',
  docs: [
    `KEDA tests each release with about three Kubernetes minors (${KEDA_COMPATIBILITY_SOURCE}): KEDA 2.20 with 1.33–1.35, 2.9 with 1.23–1.25.`,
    'The target KEDA version (`kedaVersion`, `--keda-version`, or what a connected cluster runs) is checked against the target Kubernetes',
    'version on the first KEDA object of each file, and the tag of every KEDA image (`ghcr.io/kedacore/keda`, `keda-metrics-apiserver`,',
    '`keda-admission-webhooks`) in a workload against the target Kubernetes version.',
    '',
    'A Kubernetes older than the window is an error when KEDA needs an API it lacks (KEDA 2.9+ creates `autoscaling/v2` HPAs: Kubernetes 1.23+).',
  ].join('\n'),
  applies: (doc) => (isKedaObject(doc) && firstKedaObjectOfFile(doc)) || isWorkload(doc),
  check: (doc, ctx) => (isKedaObject(doc) ? checkSettings(doc, ctx) : checkImages(doc, ctx)),
};
