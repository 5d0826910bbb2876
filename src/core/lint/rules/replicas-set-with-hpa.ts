// replicas-set-with-hpa: a workload writes spec.replicas while an autoscaler manages its replica count.
import { autoscalersTargeting } from '../../k8s/autoscaling';
import { removeEntry } from '../../manifest/edit';
import { isWorkload, SCALABLE_KINDS } from '../../manifest/kinds';
import { hasTemplateConstruct, isTemplatedValue, keyRange, mapAt, qualifiedName, valueAt, type ManifestDoc } from '../../manifest/model';
import type { Rule, RuleContext } from '../rule';
import type { Problem } from '../types';
import { lineStartOf } from '../../text/lines';

/** Whether the line before `offset` is a template directive (a Helm `if not autoscaling.enabled` guard). */
function guardedByTemplate(doc: ManifestDoc, offset: number): boolean {
  if (!doc.file.templated) return false;
  const before = doc.file.text.slice(0, lineStartOf(doc.file.text, offset) - 1).trimEnd();
  const previousLine = before.slice(lineStartOf(before, before.length));
  return hasTemplateConstruct(doc.file, previousLine);
}

function check(doc: ManifestDoc, ctx: RuleContext): Problem[] {
  const spec = mapAt(doc.root, ['spec']);
  if (!spec?.has('replicas')) return [];
  const range = keyRange(spec, 'replicas');
  if (isTemplatedValue(valueAt(spec, ['replicas'])) || guardedByTemplate(doc, range.start)) return [];
  const autoscalers = autoscalersTargeting(ctx.workspace, doc);
  if (autoscalers.length === 0) return [];
  const by = autoscalers.map((a) => `${a.kind} ${qualifiedName(a)}`).join(', ');
  return [
    {
      message: `spec.replicas is managed by ${by}: every kubectl apply resets the replica count to this value until the autoscaler scales again; remove it`,
      range,
      fixes: () => {
        const edit = removeEntry(doc.file, spec, 'replicas');
        return edit ? [{ title: 'Remove spec.replicas', edits: [edit], safety: 'review', why: 'with client-side kubectl apply, removing the field scales the live workload to 1 replica once' }] : [];
      },
    },
  ];
}

export const replicasSetWithHpa: Rule = {
  id: 'replicas-set-with-hpa',
  category: 'workload',
  severity: 'info',
  title: 'spec.replicas set on a workload an autoscaler manages',
  docs: [
    "An HPA or ScaledObject owns this workload's replica count, but the manifest also sets `spec.replicas`.",
    'Every `kubectl apply` (or GitOps sync) resets the count to that number, so pods are killed or started',
    'until the autoscaler corrects it again. Remove `spec.replicas` from the manifest.',
    '',
    'The quick fix is not applied by `lint --fix`: with client-side `kubectl apply`, deleting the field from the',
    'manifest scales the live workload to 1 replica once (see the Kubernetes docs "Migrating Deployments and',
    'StatefulSets to horizontal autoscaling": run `kubectl apply edit-last-applied` first).',
  ].join('\n'),
  applies: (doc) => isWorkload(doc) && SCALABLE_KINDS.includes(doc.kind ?? '') && !!doc.name,
  check,
};
