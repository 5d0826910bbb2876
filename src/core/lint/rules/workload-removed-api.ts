// Deployments, DaemonSets, ReplicaSets and StatefulSets on extensions/v1beta1, apps/v1beta1 or apps/v1beta2: Kubernetes
// 1.16 stopped serving them (the manifests of articles 001 and 002 apply metrics-server this way); converts to apps/v1.
import { REMOVED_WORKLOAD_APIS, WORKLOAD_APIS_REMOVED_IN, isRemovedWorkloadApi, workloadToAppsV1 } from '../../convert/workloads';
import { compareMinor } from '../../k8s/versions';
import { keyRange, nodeAt, rangeOf } from '../../manifest/model';
import type { Rule } from '../rule';
import { msg } from '../../l10n';

/** apps/v1 is served from this release: below it there is nothing to move to. */
const APPS_V1_FROM = '1.9';

export const workloadRemovedApi: Rule = {
  id: 'workload-removed-api',
  category: 'migration',
  severity: 'error',
  title: 'Workload on an API version Kubernetes 1.16 removed (extensions/v1beta1, apps/v1beta1, apps/v1beta2)',
  tags: ['deprecated'],
  docs: [
    `${Object.keys(REMOVED_WORKLOAD_APIS).join(', ')} under \`extensions/v1beta1\`, \`apps/v1beta1\` or \`apps/v1beta2\` are no longer served from Kubernetes ${WORKLOAD_APIS_REMOVED_IN}:`,
    '`kubectl apply` fails with `no matches for kind "Deployment" in version "extensions/v1beta1"`. Before 1.16 it is a warning: `apps/v1` is served from 1.9.',
    '',
    'The fix converts the document to `apps/v1`. apps/v1 requires `spec.selector`, which the old versions defaulted to the pod template labels:',
    'a missing selector is written from those labels, so the fix is for review (apps/v1 also defaults the update strategy and revision history differently).',
  ].join('\n'),
  applies: (doc) => isRemovedWorkloadApi(doc.apiVersion, doc.kind),
  check(doc, ctx) {
    const k8s = ctx.settings.kubernetesVersion;
    if (compareMinor(k8s, APPS_V1_FROM) < 0) return [];
    const removed = compareMinor(k8s, WORKLOAD_APIS_REMOVED_IN) >= 0;
    const args = { apiVersion: doc.apiVersion ?? '', kind: doc.kind ?? '', removedIn: WORKLOAD_APIS_REMOVED_IN, target: k8s, appsV1From: APPS_V1_FROM };
    const message = removed
      ? msg('{apiVersion} {kind} is no longer served from Kubernetes {removedIn} (target {target}): applying it fails with no matches for kind "{kind}" in version "{apiVersion}". Use apps/v1.', args)
      : msg('{apiVersion} {kind} is served by Kubernetes {target} but removed in {removedIn}; apps/v1 is served from {appsV1From}: use it before upgrading.', args);
    const range = rangeOf(nodeAt(doc.root, ['apiVersion']), keyRange(doc.root, 'apiVersion', doc.range));
    const fix = workloadToAppsV1(doc);
    return [{ message, range, severity: removed ? 'error' : 'warning', fixes: fix ? [fix] : [] }];
  },
};
