// cluster-autoscaler-safe-to-evict: the Cluster Autoscaler pod without `cluster-autoscaler.kubernetes.io/safe-to-evict: "false"`,
// so CA may remove the node it runs on and evict itself in the middle of a scale-down.
import { CA_BOOLEAN_FLAGS, containersOf, isClusterAutoscalerContainer } from '../../k8s/clusterAutoscaler';
import { isFlagOn, readFlags } from '../../k8s/metricsServer';
import { insertEntries } from '../../manifest/edit';
import { isWorkload } from '../../manifest/kinds';
import { keyRange, mapAt, rangeOf, stringAt, type ManifestDoc } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

const SAFE_TO_EVICT = 'cluster-autoscaler.kubernetes.io/safe-to-evict';

export const clusterAutoscalerSafeToEvict: Rule = {
  id: 'cluster-autoscaler-safe-to-evict',
  category: 'infra',
  severity: 'warning',
  title: 'The Cluster Autoscaler pod is not marked safe-to-evict: "false"',
  docs: [
    'Cluster Autoscaler\'s own pod should carry the annotation `cluster-autoscaler.kubernetes.io/safe-to-evict: "false"` (the AWS example manifest does), so CA never',
    'picks the node it runs on for scale-down and evicts itself halfway through. Without it, only the kube-system rule protects that node: CA keeps nodes running kube-system pods',
    'without a PodDisruptionBudget, unless `--skip-nodes-with-system-pods=false` (which the AWS example and many guides set) or CA runs outside kube-system.',
    '',
    '- **warning** when that protection is off (`--skip-nodes-with-system-pods=false`, or a namespace other than kube-system), or the annotation sits on the Deployment instead of its pod template (CA reads pods).',
    '- **info** otherwise.',
    '',
    'The quick fix writes the annotation into the pod template.',
  ].join('\n'),
  applies: (doc) => isWorkload(doc) && doc.kind !== 'CronJob' && doc.kind !== 'Job',
  check(doc) {
    const ca = containersOf(doc).find(isClusterAutoscalerContainer);
    if (!ca) return [];
    const templateRoot = doc.kind === 'Pod' ? doc.root : mapAt(doc.root, ['spec', 'template']);
    if (!templateRoot) return [];
    const written = stringAt(templateRoot, ['metadata', 'annotations', SAFE_TO_EVICT]);
    if (written !== undefined) return [];
    const onDeployment = doc.kind !== 'Pod' && stringAt(doc.root, ['metadata', 'annotations', SAFE_TO_EVICT]) !== undefined;
    const systemPods = readFlags(ca, CA_BOOLEAN_FLAGS)
      .filter((u) => u.flag === '--skip-nodes-with-system-pods')
      .pop();
    const unprotected = (systemPods !== undefined && !isFlagOn(systemPods)) || (doc.namespaceExplicit && doc.namespace !== 'kube-system');
    const args = { annotation: SAFE_TO_EVICT, kind: doc.kind ?? '', namespace: doc.namespace };
    const message = onDeployment
      ? msg(
          'The Cluster Autoscaler pod lacks {annotation}: "false": it is on the {kind}, not on its pod template, and Cluster Autoscaler reads the annotations of pods. Add it to the pod template so CA never evicts itself in the middle of a scale-down.',
          args,
        )
      : unprotected
        ? systemPods && !isFlagOn(systemPods)
          ? msg(
              'The Cluster Autoscaler pod lacks {annotation}: "false": with --skip-nodes-with-system-pods=false nothing else keeps Cluster Autoscaler from removing the node it runs on. Add it to the pod template so CA never evicts itself in the middle of a scale-down.',
              args,
            )
          : msg(
              'The Cluster Autoscaler pod lacks {annotation}: "false": in namespace {namespace} nothing else keeps Cluster Autoscaler from removing the node it runs on. Add it to the pod template so CA never evicts itself in the middle of a scale-down.',
              args,
            )
        : msg(
            'The Cluster Autoscaler pod lacks {annotation}: "false": today only the kube-system rule (no PodDisruptionBudget, --skip-nodes-with-system-pods) keeps Cluster Autoscaler from removing the node it runs on. Add it to the pod template so CA never evicts itself in the middle of a scale-down.',
            args,
          );
    const problem: Problem = {
      severity: onDeployment || unprotected ? 'warning' : 'info',
      message,
      range: onDeployment ? keyRange(mapAt(doc.root, ['metadata', 'annotations']), SAFE_TO_EVICT) : rangeOfName(doc),
      fixes: () => {
        const edits = insertEntries(doc.file, templateRoot, { metadata: { annotations: { [SAFE_TO_EVICT]: '"false"' } } });
        return edits ? [{ title: msg('Add {annotation}: "false" to the pod template', { annotation: SAFE_TO_EVICT }), edits, safety: 'safe', preferred: true }] : [];
      },
    };
    return [problem];
  },
};

/** The workload's `metadata.name` (the whole document when it has none). */
function rangeOfName(doc: ManifestDoc) {
  const metadata = mapAt(doc.root, ['metadata']);
  return metadata?.has('name') ? keyRange(metadata, 'name') : rangeOf(doc.root);
}
