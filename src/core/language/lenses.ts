// CodeLens content, shared by the language server (and through it every editor): what an autoscaler scales and
// whether the target's requests satisfy it, which autoscaler scales a workload, and conversions of old apiVersions.
import { isMap } from 'yaml';
import { autoscalersTargeting, competingAutoscalers, hpaResourceMetrics, kedaResourceTriggers, resolveTarget, type ResourceMetric } from '../k8s/autoscaling';
import { isHpa, isScaledObject, isWorkload } from '../manifest/kinds';
import { keyRange, mapAt, rangeOf, seqAt, stringAt, valueAt, type ManifestDoc } from '../manifest/model';
import { hpaCountedContainers, requestGaps } from '../k8s/requests';
import type { Settings } from '../lint/settings';
import type { Finding } from '../lint/types';
import type { Fix } from '../text/edits';
import type { OffsetRange } from '../text/edits';
import { scaleTargetOf, type Workspace } from '../manifest/workspace';
import { msg, t, textOf, type Message } from '../l10n';
import { clauseJoin } from '../l10n/lists';

export type LensAction =
  /** Apply fix `fixIndex` of the finding of `rule` that starts at `start` in `uri`. */
  | { kind: 'applyFix'; uri: string; rule: string; start: number; fixIndex: number }
  /** Apply conversion `conversionIndex` of document `docIndex` in `uri`. */
  | { kind: 'applyConversion'; uri: string; docIndex: number; conversionIndex: number }
  /** Reveal a range in a (possibly other) file. */
  | { kind: 'show'; uri: string; range: OffsetRange };

export interface Lens {
  range: OffsetRange;
  title: string;
  action?: LensAction;
}

export interface LensInput {
  workspace: Workspace;
  uri: string;
  settings: Settings;
  /** The file's findings (from analyzeFile). */
  findings: readonly Finding[];
  /** Conversions offered for a document (e.g. autoscaling/v2beta1 → v2), when available. */
  conversions?: (doc: ManifestDoc) => Fix[];
}

/** Rule ids whose findings mean "the target lacks the requests this autoscaler needs". */
const MISSING_REQUEST_RULE = /missing-request/;

export function lensesFor(input: LensInput): Lens[] {
  const file = input.workspace.get(input.uri);
  if (!file) return [];
  const lenses: Lens[] = [];
  for (const doc of file.docs) {
    if (!doc.root || !doc.kind) continue;
    try {
      if (isHpa(doc) || isScaledObject(doc)) lenses.push(...autoscalerLenses(doc, input));
      else if (isWorkload(doc) && doc.name) lenses.push(...workloadLenses(doc, input.workspace));
      if (input.conversions) lenses.push(...conversionLenses(doc, input.conversions(doc)));
    } catch {
      // A lens is a convenience: a malformed document yields none rather than breaking the others.
    }
  }
  return lenses;
}

function anchor(doc: ManifestDoc): OffsetRange {
  return keyRange(doc.root, 'kind', { start: doc.range.start, end: doc.range.start });
}

function autoscalerLenses(doc: ManifestDoc, input: LensInput): Lens[] {
  const range = anchor(doc);
  const resolved = resolveTarget(input.workspace, doc);
  if (!resolved) return scaleTargetOf(doc) ? [] : [{ range, title: t('scaleTargetRef is incomplete: no target to scale') }];
  const target = { kind: resolved.target.kind, name: resolved.target.name };
  if (resolved.workloads.length === 0) return [{ range, title: t('scales {kind} {name} (not in the workspace)', target) }];
  const workload = resolved.workloads[0];
  const title = workload.file.uri === doc.file.uri ? t('scales {kind} {name} (same file)', target) : t('scales {kind} {name} (in {file})', { ...target, file: basename(workload.file.uri) });
  const lenses: Lens[] = [{ range, title, action: { kind: 'show', uri: workload.file.uri, range: anchor(workload) } }];
  const metrics: ResourceMetric[] = (isHpa(doc) ? hpaResourceMetrics(doc) : kedaResourceTriggers(doc)).filter((m) => m.target === 'Utilization');
  const finding = input.findings.find((f) => MISSING_REQUEST_RULE.test(f.rule) && within(f.range, doc.range));
  if (metrics.length === 0 && !finding) return lenses;
  const limitRanges = input.workspace.limitRangesIn(resolved.namespace);
  const gaps = requestGaps(resolved.workloads, limitRanges, metrics, (podSpec, m) => hpaCountedContainers(podSpec, m.container));
  // Each gap once (two metrics on one resource name the same gap), in the order found.
  const problems = new Map<string, Message>();
  for (const g of gaps) {
    const problem = g.containerNotFound
      ? msg('container {container} not found in the target', { container: JSON.stringify(g.containerNotFound) })
      : msg('{resource} request in {containers}', { resource: g.metric.resource, containers: g.missing.map((c) => c.name).join(', ') });
    problems.set(JSON.stringify(problem), problem);
  }
  if (problems.size === 0 && !finding) {
    lenses.push({ range, title: t('requests OK ({resources})', { resources: [...new Set(metrics.map((m) => m.resource))].join(', ') }) });
    return lenses;
  }
  const lacks = problems.size ? clauseJoin([...problems.values()]) : undefined;
  const what = lacks ? msg('target lacks {problems}', { problems: lacks }) : (finding!.l10n ?? finding!.message);
  if (finding && finding.fixes.length > 0) {
    const fixIndex = Math.max(
      0,
      finding.fixes.findIndex((x) => x.preferred),
    );
    lenses.push({
      range,
      title: t('⚠ {what} — {fix}', { what, fix: finding.fixes[fixIndex].title }),
      action: { kind: 'applyFix', uri: finding.uri, rule: finding.rule, start: finding.range.start, fixIndex },
    });
  } else {
    lenses.push({ range, title: `⚠ ${textOf(what)}` });
  }
  return lenses;
}

function workloadLenses(doc: ManifestDoc, workspace: Workspace): Lens[] {
  const scalers = autoscalersTargeting(workspace, doc);
  const range = anchor(doc);
  if (scalers.length === 0) return [];
  const lenses = scalers.map((s): Lens => ({
    range,
    title: t('scaled by {autoscaler}', { autoscaler: describeAutoscaler(s) }),
    action: { kind: 'show', uri: s.file.uri, range: anchor(s) },
  }));
  // Counted as autoscaler-conflict counts them (one object written twice, KEDA's own HPA: no fight).
  const competing = competingAutoscalers(workspace, doc).length;
  if (competing > 1) lenses.unshift({ range, title: t('⚠ {count} autoscalers target this {kind}: they will fight over its replicas', { count: competing, kind: doc.kind ?? '' }) });
  return lenses;
}

function conversionLenses(doc: ManifestDoc, fixes: Fix[]): Lens[] {
  const range = rangeOf(doc.root?.get('apiVersion', true) as never, anchor(doc));
  return fixes.map((fix, conversionIndex) => ({ range, title: textOf(fix.title), action: { kind: 'applyConversion', uri: doc.file.uri, docIndex: doc.index, conversionIndex } }));
}

/** "HPA web-hpa (cpu 70%), 2–20 replicas" */
export function describeAutoscaler(d: ManifestDoc): Message {
  const metrics = isHpa(d) ? hpaMetrics(d) : scaledObjectTriggers(d);
  const min = valueAt(d.root, ['spec', isHpa(d) ? 'minReplicas' : 'minReplicaCount']) ?? (isHpa(d) ? 1 : 0);
  const max = valueAt(d.root, ['spec', isHpa(d) ? 'maxReplicas' : 'maxReplicaCount']) ?? (isHpa(d) ? '?' : 100);
  const args = { kind: isHpa(d) ? 'HPA' : 'ScaledObject', name: d.name ?? msg('(unnamed)'), min: String(min), max: String(max) };
  return metrics.length ? msg('{kind} {name} ({metrics}), {min}–{max} replicas', { ...args, metrics: metrics.join(', ') }) : msg('{kind} {name}, {min}–{max} replicas', args);
}

function hpaMetrics(d: ManifestDoc): string[] {
  const v1 = valueAt(d.root, ['spec', 'targetCPUUtilizationPercentage']);
  if (v1 !== undefined) return [`cpu ${v1}%`];
  const out: string[] = [];
  for (const m of seqAt(d.root, ['spec', 'metrics'])?.items ?? []) {
    if (!isMap(m)) continue;
    const type = stringAt(m, ['type']);
    const key = type ? type[0].toLowerCase() + type.slice(1) : '';
    const src = mapAt(m, [key]);
    if (!src) continue;
    const name = stringAt(src, ['name']) ?? stringAt(src, ['metric', 'name']) ?? stringAt(src, ['metricName']) ?? key;
    const util = valueAt(src, ['target', 'averageUtilization']) ?? valueAt(src, ['targetAverageUtilization']);
    const value = valueAt(src, ['target', 'averageValue']) ?? valueAt(src, ['target', 'value']) ?? valueAt(src, ['targetAverageValue']) ?? valueAt(src, ['targetValue']);
    out.push(util !== undefined ? `${name} ${util}%` : value !== undefined ? `${name} ${value}` : name);
  }
  return out;
}

function scaledObjectTriggers(d: ManifestDoc): string[] {
  return (seqAt(d.root, ['spec', 'triggers'])?.items ?? []).flatMap((t) => {
    const type = stringAt(t, ['type']);
    if (!type) return [];
    const value = stringAt(t, ['metadata', 'value']);
    const util = (type === 'cpu' || type === 'memory') && (stringAt(t, ['metricType']) ?? stringAt(t, ['metadata', 'type'])) === 'Utilization';
    return [value && util ? `${type} ${value}%` : type];
  });
}

function within(r: OffsetRange, outer: OffsetRange): boolean {
  return r.start >= outer.start && r.end <= outer.end;
}

function basename(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
