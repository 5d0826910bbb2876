// An HPA (or ScaledObject) whose scaleTargetRef names the extensions API group: the HPA controller resolves the target
// by group and kind, and from Kubernetes 1.16 no extensions workload is served (FailedGetScale … in group "extensions").
import { WORKLOAD_APIS_REMOVED_IN, isUnresolvableScaleTarget, scaleTargetRefEdit } from '../../convert/workloads';
import { compareMinor } from '../../k8s/versions';
import { isHpa, isScaledObject } from '../../manifest/kinds';
import { keyRange, nodeAt, rangeOf, stringAt } from '../../manifest/model';
import type { Rule } from '../rule';
import { msg } from '../../l10n';

export const hpaTargetRemovedApi: Rule = {
  id: 'hpa-target-removed-api',
  category: 'migration',
  severity: 'error',
  title: 'Autoscaler scale target on the removed extensions API group',
  tags: ['deprecated'],
  docs: [
    '`scaleTargetRef.apiVersion: extensions/v1beta1` (an HPA written for Kubernetes ≤ 1.15). The HPA controller finds the target by API group and kind,',
    `so from Kubernetes ${WORKLOAD_APIS_REMOVED_IN}, which serves no Deployment, ReplicaSet or DaemonSet in \`extensions\`, the HPA never scales:`,
    '`FailedGetScale … no matches for kind "Deployment" in group "extensions"`. `apps/v1beta1` and `apps/v1beta2` still resolve (same group), so they are not reported.',
    '',
    'The fix sets the reference to `apps/v1`: the same object, served from Kubernetes 1.9.',
  ].join('\n'),
  applies: (doc) => isHpa(doc) || isScaledObject(doc),
  check(doc, ctx) {
    const apiVersion = stringAt(doc.root, ['spec', 'scaleTargetRef', 'apiVersion']);
    const kind = stringAt(doc.root, ['spec', 'scaleTargetRef', 'kind']) ?? (isScaledObject(doc) ? 'Deployment' : undefined);
    if (!isUnresolvableScaleTarget(apiVersion, kind)) return [];
    const k8s = ctx.settings.kubernetesVersion;
    const removed = compareMinor(k8s, WORKLOAD_APIS_REMOVED_IN) >= 0;
    const args = { apiVersion: apiVersion ?? '', kind: kind ?? '', k8s };
    const message = removed
      ? msg(
          'scaleTargetRef {apiVersion} {kind}: Kubernetes {k8s} serves no {kind} in the extensions group, so the HPA controller cannot scale it (FailedGetScale: no matches for kind "{kind}" in group "extensions"). Use apps/v1.',
          args,
        )
      : msg('scaleTargetRef {apiVersion} {kind} works on Kubernetes {k8s} but fails from {removedIn} (FailedGetScale: no matches for kind "{kind}" in group "extensions"). Use apps/v1.', {
          ...args,
          removedIn: WORKLOAD_APIS_REMOVED_IN,
        });
    const edit = scaleTargetRefEdit(doc);
    const range = rangeOf(nodeAt(doc.root, ['spec', 'scaleTargetRef', 'apiVersion']), keyRange(doc.root, 'spec', doc.range));
    return [{ message, range, severity: removed ? 'error' : 'warning', fixes: edit ? [{ title: msg('Use apps/v1'), edits: [edit], preferred: true, safety: 'safe' }] : [] }];
  },
};
