// autoscaling/v2beta1 and v2beta2 HPAs: deprecated, then no longer served; converts them exactly.
import { hpaConversions, hpaTargetFor } from '../../convert';
import { isHpa } from '../../manifest/kinds';
import { keyRange, nodeAt, rangeOf } from '../../manifest/model';
import type { Rule } from '../rule';
import { compareMinor } from '../../k8s/versions';
import { msg } from '../../l10n';

/** When each beta stopped being recommended and served (kubernetes/website deprecation guide). */
export const HPA_BETA_LIFECYCLE: Record<string, { deprecated: string; removed: string }> = {
  'autoscaling/v2beta1': { deprecated: '1.22', removed: '1.25' },
  'autoscaling/v2beta2': { deprecated: '1.23', removed: '1.26' },
};

export const hpaDeprecatedApi: Rule = {
  id: 'hpa-deprecated-api',
  category: 'migration',
  severity: 'warning',
  title: 'HorizontalPodAutoscaler uses a deprecated or removed apiVersion',
  tags: ['deprecated'],
  docs:
    '`autoscaling/v2beta1` is deprecated since Kubernetes 1.22 and no longer served from 1.25; `autoscaling/v2beta2` ' +
    'is deprecated since 1.23 and no longer served from 1.26. Applying such a manifest then fails with ' +
    '`no matches for kind "HorizontalPodAutoscaler"`. The quick fix converts the document to `autoscaling/v2` ' +
    '(to `v2beta2` when the target cluster is older than 1.23), field by field as the API server does.',
  applies: (doc) => isHpa(doc) && !!doc.apiVersion && doc.apiVersion in HPA_BETA_LIFECYCLE,
  check(doc, ctx) {
    const version = doc.apiVersion!;
    const life = HPA_BETA_LIFECYCLE[version];
    const k8s = ctx.settings.kubernetesVersion;
    if (compareMinor(k8s, life.deprecated) < 0) return [];
    const removed = compareMinor(k8s, life.removed) >= 0;
    const target = hpaTargetFor(k8s) ?? 'autoscaling/v2';
    const message = removed
      ? msg('{version} HorizontalPodAutoscaler is no longer served from Kubernetes {removed} (target {k8s}); use {target}.', { version, removed: life.removed, k8s, target })
      : msg('{version} HorizontalPodAutoscaler is deprecated in v{deprecated}+, unavailable in v{removed}+; use {target}.', { version, deprecated: life.deprecated, removed: life.removed, target });
    const range = rangeOf(nodeAt(doc.root, ['apiVersion']), keyRange(doc.root, 'apiVersion', doc.range));
    return [{ message, range, severity: removed ? 'error' : 'warning', fixes: () => hpaConversions(doc, ctx) }];
  },
};
