// replicas-set-with-hpa: a workload writes spec.replicas while an autoscaler manages its replica count (in a Helm chart:
// a Deployment template that always renders replicas beside the chart's HPA template).
import type { YAMLMap } from 'yaml';
import { autoscalersTargeting } from '../../k8s/autoscaling';
import { chartAutoscalersOf } from '../../k8s/helmAutoscaling';
import { removeEntry } from '../../manifest/edit';
import { chartRootOf, normalizeTemplate, openBlocks } from '../../manifest/helmChart';
import { isWorkload, SCALABLE_KINDS } from '../../manifest/kinds';
import { hasTemplateConstruct, isTemplatedValue, keyRange, mapAt, nodeAt, qualifiedName, rangeOf, valueAt, type ManifestDoc } from '../../manifest/model';
import type { Rule, RuleContext } from '../rule';
import type { Problem } from '../types';
import type { Fix, OffsetRange } from '../../text/edits';
import { columnOf, eolOf, lineStartOf } from '../../text/lines';
import { msg } from '../../l10n';
import { listJoin } from '../../l10n/lists';

/** Whether the line before `offset` is a template directive (a Helm `if not autoscaling.enabled` guard). */
function guardedByTemplate(doc: ManifestDoc, offset: number): boolean {
  if (!doc.file.templated) return false;
  const before = doc.file.text.slice(0, lineStartOf(doc.file.text, offset) - 1).trimEnd();
  const previousLine = before.slice(lineStartOf(before, before.length));
  return hasTemplateConstruct(doc.file, previousLine);
}

/** The `helm create` shape: `{{- if not <guard> }}` / `{{- end }}` around the replicas line (the guard of the chart's HPA template, negated). */
function wrapInGuard(doc: ManifestDoc, spec: YAMLMap, guard: string): Fix | undefined {
  const entry = removeEntry(doc.file, spec, 'replicas');
  if (!entry || spec.flow) return undefined;
  const text = doc.file.text;
  const indent = ' '.repeat(columnOf(text, keyRange(spec, 'replicas').start));
  const eol = eolOf(text, entry.range.start);
  const lines = text.slice(entry.range.start, entry.range.end);
  const condition = /^\.[\w.]+$/.test(guard) ? `not ${guard}` : `not (${guard})`;
  const newText = `${indent}{{- if ${condition} }}${eol}${lines}${lines.endsWith('\n') ? '' : eol}${indent}{{- end }}${lines.endsWith('\n') ? eol : ''}`;
  return {
    title: msg('Render replicas only when autoscaling is off ({directive})', { directive: `{{- if ${condition} }}` }),
    edits: [{ ...entry, newText }],
    safety: 'review',
    why: msg("Helm's three-way merge leaves the live workload at the chart's default replicas once"),
    preferred: true,
  };
}

/** A workload template in a Helm chart: its replicas line counts as guarded only inside a `{{ if }}` or `{{ with }}` of its own document. */
function checkChartTemplate(doc: ManifestDoc, ctx: RuleContext, spec: YAMLMap, range: OffsetRange): Problem[] {
  if (openBlocks(doc.file.text, doc.range.start, range.start).some((b) => b.keyword === 'if' || b.keyword === 'with')) return [];
  const autoscalers = chartAutoscalersOf(ctx.workspace, doc);
  if (autoscalers.length === 0) return [];
  const chart = chartRootOf(doc.file.uri) ?? '';
  const by = listJoin(autoscalers.map((a) => `${a.doc.kind} (${a.doc.file.uri.slice(chart.length + 1)})`));
  const value = normalizeTemplate(doc.file.text.slice(rangeOf(nodeAt(spec, ['replicas'])).start, rangeOf(nodeAt(spec, ['replicas'])).end));
  const guard = autoscalers.find((a) => a.guard)?.guard;
  return [
    {
      message: value
        ? msg(
            "spec.replicas is always rendered, but the chart's {autoscalers} scales this {kind}: every helm upgrade resets the replica count to {value} until the autoscaler scales again. Render replicas only when autoscaling is off.",
            { autoscalers: by, kind: doc.kind ?? '', value },
          )
        : msg(
            "spec.replicas is always rendered, but the chart's {autoscalers} scales this {kind}: every helm upgrade resets the replica count to the default until the autoscaler scales again. Render replicas only when autoscaling is off.",
            { autoscalers: by, kind: doc.kind ?? '' },
          ),
      range,
      fixes: () => {
        const wrap = guard === undefined ? undefined : wrapInGuard(doc, spec, guard);
        if (wrap) return [wrap];
        const edit = removeEntry(doc.file, spec, 'replicas');
        return edit
          ? [
              {
                title: msg('Remove spec.replicas (the autoscaler template always renders)'),
                edits: [edit],
                safety: 'review',
                why: msg("Helm's three-way merge leaves the live workload at the chart's default replicas once"),
              },
            ]
          : [];
      },
    },
  ];
}

function check(doc: ManifestDoc, ctx: RuleContext): Problem[] {
  const spec = mapAt(doc.root, ['spec']);
  if (!spec?.has('replicas')) return [];
  const range = keyRange(spec, 'replicas');
  if (doc.file.templated && chartRootOf(doc.file.uri)) return checkChartTemplate(doc, ctx, spec, range);
  if (isTemplatedValue(valueAt(spec, ['replicas'])) || guardedByTemplate(doc, range.start)) return [];
  const autoscalers = autoscalersTargeting(ctx.workspace, doc);
  if (autoscalers.length === 0) return [];
  const by = listJoin(autoscalers.map((a) => `${a.kind} ${qualifiedName(a)}`));
  return [
    {
      message: msg('spec.replicas is managed by {autoscalers}: every kubectl apply resets the replica count to this value until the autoscaler scales again; remove it', { autoscalers: by }),
      range,
      fixes: () => {
        const edit = removeEntry(doc.file, spec, 'replicas');
        return edit
          ? [
              {
                title: msg('Remove spec.replicas'),
                edits: [edit],
                safety: 'review',
                why: msg('with client-side kubectl apply, removing the field scales the live workload to 1 replica once'),
              },
            ]
          : [];
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
    'In a Helm chart (templates in a `templates/` directory), a workload template that always renders `replicas:` beside the',
    "chart's HPA or ScaledObject template is reported too: every `helm upgrade` resets the count. The quick fix wraps the line in",
    "`{{- if not .Values.autoscaling.enabled }}` … `{{- end }}` (the HPA template's own condition, negated), as `helm create` does.",
    '',
    'The quick fix is not applied by `lint --fix`: with client-side `kubectl apply`, deleting the field from the',
    'manifest scales the live workload to 1 replica once (see the Kubernetes docs "Migrating Deployments and',
    'StatefulSets to horizontal autoscaling": run `kubectl apply edit-last-applied` first).',
  ].join('\n'),
  applies: (doc) => isWorkload(doc) && SCALABLE_KINDS.includes(doc.kind ?? '') && !!doc.name,
  check,
};
