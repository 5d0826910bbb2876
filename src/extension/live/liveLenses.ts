// Live CodeLens content: the state of a workspace HPA, ScaledObject, Deployment or StatefulSet as the current
// cluster reports it (from the explorer's Snapshot). Pure functions, no `vscode` import, so unit tests run them.
import { UNKNOWN } from '../../core/cluster/rows/amounts';
import { t } from '../../core/l10n';
import { shareOfRequest } from '../explorer/rowText';
import type { AutoscalerCondition, AutoscalerRow, PodRow, Snapshot, SnapshotChange } from '../../core/cluster/types';
import { group, isHpa, isScaledObject } from '../../core/manifest/kinds';
import { isTemplatedValue, keyRange, stringAt, type ManifestDoc, type SourceFile } from '../../core/manifest/model';
import type { OffsetRange } from '../../core/text/edits';
import { localTime, timeAgo } from '../../core/text/timeText';
import type { ReplayLine } from './replaySummaries';

export type LiveKind = 'HorizontalPodAutoscaler' | 'ScaledObject' | 'Deployment' | 'StatefulSet';

export interface LiveLens {
  /** Where the lens sits: the document's `kind` key, like the language server's lenses. */
  range: OffsetRange;
  docIndex: number;
  kind: LiveKind;
  namespace: string;
  name: string;
  /** Short, one of several side by side for a document: the first starts with `live: ` and is the one needing action. */
  title: string;
  /** Details for the hover (the same for each lens of a document): every metric, conditions with messages, when metrics were read. */
  tooltip: string;
  /** The HPA whose panel a click opens (a ScaledObject's `keda-hpa-*`, a workload's autoscaler), when known. */
  hpa?: { namespace: string; name: string };
}

/** At most this many metric lenses per document; the tooltip lists all. */
const MAX_METRICS_IN_TITLE = 3;

/** The namespace a document lands in: its own `metadata.namespace`, else the current one; undefined when templated. */
export function liveNamespace(doc: ManifestDoc, currentNamespace: string): string | undefined {
  if (!doc.namespaceExplicit) return currentNamespace;
  const raw = stringAt(doc.root, ['metadata', 'namespace']);
  return raw && !isTemplatedValue(raw) ? raw : undefined;
}

/** What kind of live object a document describes, or undefined for documents without a live lens. */
export function liveKind(doc: ManifestDoc): LiveKind | undefined {
  if (!doc.root || !doc.name || isTemplatedValue(doc.name)) return undefined;
  if (isHpa(doc)) return 'HorizontalPodAutoscaler';
  if (isScaledObject(doc)) return 'ScaledObject';
  if ((doc.kind === 'Deployment' || doc.kind === 'StatefulSet') && group(doc.apiVersion) === 'apps') return doc.kind;
  return undefined;
}

/** The replayed decision of HPA `namespace/name`, when one was read (replaySummaries.ts). */
export type ReplayLookup = (key: string) => ReplayLine | undefined;

export function liveLenses(file: SourceFile, snapshot: Snapshot, replays?: ReplayLookup): LiveLens[] {
  const lenses: LiveLens[] = [];
  let pods: Map<string, PodRow[]> | undefined;
  for (const doc of file.docs) {
    const kind = liveKind(doc);
    const namespace = kind && liveNamespace(doc, snapshot.info.namespace);
    if (!kind || !namespace) continue;
    const base = { range: keyRange(doc.root, 'kind', { start: doc.range.start, end: doc.range.start }), docIndex: doc.index, kind, namespace, name: doc.name! };
    try {
      const lens =
        kind === 'Deployment' || kind === 'StatefulSet'
          ? workloadLens(base, snapshot, (pods ??= podsByWorkload(snapshot.pods)).get(`${namespace}/${kind}/${base.name}`) ?? [])
          : autoscalerLens(base, snapshot, replays);
      if (lens) lenses.push(...split(lens));
    } catch {
      // A lens is a convenience: odd data for one object yields no lens rather than none for the file.
    }
  }
  return lenses;
}

type LensBase = Pick<LiveLens, 'range' | 'docIndex' | 'kind' | 'namespace' | 'name'>;

/** One document's lens content before it is split: short parts, the one that needs action first. */
interface LensParts extends Omit<LiveLens, 'title'> {
  parts: string[];
}

/** A document's parts as short lenses side by side (one long title ran off the screen); the first says `live:`. */
function split({ parts, ...rest }: LensParts): LiveLens[] {
  return parts.map((part, i) => ({ ...rest, title: i === 0 ? t('live: {state}', { state: part }) : part }));
}

function autoscalerLens(base: LensBase, snapshot: Snapshot, replays: ReplayLookup | undefined): LensParts | undefined {
  const row = snapshot.autoscalers.find((a) => a.kind === base.kind && a.namespace === base.namespace && a.name === base.name);
  if (!row) return undefined;
  const state = row.kind === 'ScaledObject' ? scaledObjectState(row.conditions) : hpaState(row);
  const failing = state?.startsWith('⚠');
  const parts = failing ? [state!, replicasText(row)] : [replicasText(row)];
  const metrics = row.metrics.map((m) => `${m.name} ${m.current ?? UNKNOWN}/${m.target}`);
  parts.push(...metrics.slice(0, MAX_METRICS_IN_TITLE));
  if (metrics.length > MAX_METRICS_IN_TITLE) parts.push(t('+{count} more', { count: metrics.length - MAX_METRICS_IN_TITLE }));
  const hpaName = row.kind === 'ScaledObject' ? row.hpaName : row.name;
  // The controller's decision replayed, its own lens; the chain in the tooltip.
  const replay = hpaName ? replays?.(`${row.namespace}/${hpaName}`) : undefined;
  if (replay) parts.push(withoutIcons(replay.summary));
  if (state && !failing) parts.push(state);
  const tooltip = autoscalerTooltip(row, snapshot) + (replay?.chain.length ? `\n${t('Why, as the controller computes it: {chain}', { chain: replay.chain.join('; ') })}` : '');
  return {
    ...base,
    parts,
    tooltip,
    hpa: hpaName ? { namespace: row.namespace, name: hpaName } : undefined,
  };
}

/** Cluster text in a lens title: VS Code would draw `$(name)` as an icon. */
const withoutIcons = (text: string) => text.replace(/\$\(/g, '$\u200b(');

/** `3/10 replicas`, `3/10 replicas (→5)`, `4/4 replicas (at max)`. */
function replicasText(row: AutoscalerRow): string {
  const current = row.currentReplicas ?? '?';
  const max = row.maxReplicas ?? '?';
  const notes: string[] = [];
  if (row.desiredReplicas !== undefined && row.currentReplicas !== undefined && row.desiredReplicas !== row.currentReplicas) notes.push(`→${row.desiredReplicas}`);
  if (row.atMax) notes.push(t('at max'));
  return notes.length ? t('{current}/{max} replicas ({notes})', { current, max, notes: notes.join(', ') }) : t('{current}/{max} replicas', { current, max });
}

/** The one condition worth a lens: a failure (`⚠ …`), else a limit or stabilization; the normal `ScalingActive` only in the hover. */
function hpaState(row: AutoscalerRow): string | undefined {
  const c = (type: string) => row.conditions.find((x) => x.type === type);
  const failed = [c('AbleToScale'), c('ScalingActive')].find((x) => x?.status === 'False');
  if (failed) return `⚠ ${failed.reason ?? `${failed.type} False`}`;
  const limited = c('ScalingLimited');
  if (limited?.status === 'True' && !(row.atMax && limited.reason === 'TooManyReplicas')) return limited.reason ?? 'ScalingLimited';
  const able = c('AbleToScale');
  if (able?.status === 'True' && (able.reason === 'ScaleDownStabilized' || able.reason === 'ScaleUpStabilized')) return able.reason;
  return undefined;
}

function scaledObjectState(conditions: AutoscalerCondition[]): string | undefined {
  const c = (type: string) => conditions.find((x) => x.type === type);
  const ready = c('Ready');
  if (ready?.status === 'False') return `⚠ ${ready.reason ? t('not Ready: {reason}', { reason: ready.reason }) : t('not Ready')}`;
  if (c('Paused')?.status === 'True') return 'Paused';
  if (c('Fallback')?.status === 'True') return '⚠ Fallback';
  const active = c('Active');
  return active ? (active.status === 'True' ? 'Active' : 'Inactive') : undefined;
}

function autoscalerTooltip(row: AutoscalerRow, snapshot: Snapshot): string {
  const lines = [t('{kind} {object} in context {context}', { kind: row.kind, object: `${row.namespace}/${row.name}`, context: snapshot.info.context })];
  lines.push(
    t('replicas: current {current}, desired {desired}, min {min}, max {max}', {
      current: row.currentReplicas ?? '?',
      desired: row.desiredReplicas ?? '?',
      min: row.minReplicas ?? '?',
      max: row.maxReplicas ?? '?',
    }),
  );
  lines.push(t('scales {kind} {name}', { kind: row.target.kind, name: row.target.name }));
  for (const m of row.metrics) lines.push(`${m.text}${m.unknownReason ? ` — ${m.unknownReason}` : ''}`);
  for (const c of row.conditions) lines.push(`${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`);
  if (row.kind === 'HorizontalPodAutoscaler' || row.hpaName) lines.push(t('Click for the chart, conditions and events.'));
  return lines.join('\n');
}

/** Pods by `namespace/kind/name` of their workload: one pass over the snapshot per file, not one per document. */
function podsByWorkload(pods: PodRow[]): Map<string, PodRow[]> {
  const index = new Map<string, PodRow[]>();
  for (const p of pods) {
    if (!p.workload) continue;
    const key = `${p.namespace}/${p.workload.kind}/${p.workload.name}`;
    const list = index.get(key);
    if (list) list.push(p);
    else index.set(key, [p]);
  }
  return index;
}

function workloadLens(base: LensBase, snapshot: Snapshot, pods: PodRow[]): LensParts | undefined {
  const scaler = snapshot.autoscalers.find((a) => a.namespace === base.namespace && a.target.kind === base.kind && a.target.name === base.name);
  // Without pods or an autoscaler pointing at it, the snapshot cannot tell whether the workload exists.
  if (pods.length === 0 && !scaler) return undefined;
  const notRunning = notRunningText(pods);
  const parts = [...(notRunning ? [notRunning] : []), podsText(pods), ...usageText(pods, snapshot)];
  const hpaName = scaler?.kind === 'ScaledObject' ? scaler.hpaName : scaler?.name;
  const tooltip = [t('{kind} {object} in context {context}', { kind: base.kind, object: `${base.namespace}/${base.name}`, context: snapshot.info.context }), ...pods.map(podLine)];
  if (scaler) {
    const by = { kind: scaler.kind, name: scaler.name };
    tooltip.push(hpaName ? t('scaled by {kind} {name} (click for its chart)', by) : t('scaled by {kind} {name}', by));
  }
  if (snapshot.metricsAt) tooltip.push(t('metrics read {ago} ({time})', { ago: timeAgo(snapshot.metricsAt), time: localTime(snapshot.metricsAt) }));
  return { ...base, parts, tooltip: tooltip.join('\n'), hpa: hpaName ? { namespace: base.namespace, name: hpaName } : undefined };
}

/** `3/3 pods running`, `no pods`. */
function podsText(pods: PodRow[]): string {
  if (pods.length === 0) return t('no pods');
  const running = pods.filter((p) => p.status === 'Running').length;
  return pods.length === 1 ? t('{running}/{total} pod running', { running, total: 1 }) : t('{running}/{total} pods running', { running, total: pods.length });
}

/** `⚠ 1 CrashLoopBackOff, 1 Pending`: the pods that need a look; undefined when all run. */
function notRunningText(pods: PodRow[]): string | undefined {
  const others = new Map<string, number>();
  for (const p of pods) if (p.status !== 'Running') others.set(p.status, (others.get(p.status) ?? 0) + 1);
  return others.size ? `⚠ ${[...others].map(([status, n]) => `${n} ${status}`).join(', ')}` : undefined;
}

/**
 * Usage as a percent of request, summed over the pods that have both (the ratio the HPA controller computes):
 * `cpu 40% of request`, `memory 70% of request`; without usage, why: `metrics pending`, `no Metrics API`, `no metrics`.
 */
function usageText(pods: PodRow[], snapshot: Snapshot): string[] {
  if (pods.length === 0) return [];
  const withUsage = pods.filter((p) => p.usage);
  if (withUsage.length === 0) {
    if (pods.some((p) => p.metrics === 'pending')) return [t('metrics pending')];
    const api = snapshot.problems.find((p) => p.kind === 'metrics-api-missing' || p.kind === 'metrics-api-unavailable');
    if (api) return [api.kind === 'metrics-api-missing' ? t('no Metrics API') : t('Metrics API unavailable')];
    return [t('no metrics')];
  }
  const parts: string[] = [];
  for (const [label, key] of [
    ['cpu', 'cpuMilli'],
    ['memory', 'memoryBytes'],
  ] as const) {
    const share = shareOfRequest(
      withUsage.filter((p) => p.request[key]! > 0),
      key,
    );
    if (share) parts.push(label === 'cpu' ? t('cpu {percent}% of request', { percent: share.percent }) : t('memory {percent}% of request', { percent: share.percent }));
  }
  return parts.length ? parts : [t('no requests')];
}

function podLine(p: PodRow): string {
  const pct = [p.cpuPercentOfRequest !== undefined ? `cpu ${p.cpuPercentOfRequest}%` : '', p.memoryPercentOfRequest !== undefined ? `memory ${p.memoryPercentOfRequest}%` : '']
    .filter(Boolean)
    .join(', ');
  const args = { name: p.name, status: p.status, count: p.restarts, usage: pct };
  if (p.restarts === 1) return pct ? t('{name}: {status}, {count} restart, {usage} of request', args) : t('{name}: {status}, {count} restart', args);
  return pct ? t('{name}: {status}, {count} restarts, {usage} of request', args) : t('{name}: {status}, {count} restarts', args);
}

/** Keys of the snapshot a file's live lenses depend on, so a provider can ignore unrelated changes. */
export interface LiveInterest {
  autoscalers: Set<string>;
  /** Namespaces of the workload documents: their pods' keys start with `<namespace>/`. */
  workloadNamespaces: Set<string>;
}

export function liveInterest(files: Iterable<SourceFile>, currentNamespace: string): LiveInterest {
  const interest: LiveInterest = { autoscalers: new Set(), workloadNamespaces: new Set() };
  for (const file of files) {
    for (const doc of file.docs) {
      const kind = liveKind(doc);
      const namespace = kind && liveNamespace(doc, currentNamespace);
      if (!kind || !namespace) continue;
      if (kind === 'Deployment' || kind === 'StatefulSet') interest.workloadNamespaces.add(namespace);
      else interest.autoscalers.add(`${namespace}/${doc.name}`);
    }
  }
  return interest;
}

/** Whether a change can alter a lens of interest. Autoscaler changes in a workload's namespace count (its scaler). */
export function touches(change: SnapshotChange, interest: LiveInterest): boolean {
  if (change.info || change.problems) return true;
  const inWorkloadNs = (key: string) => interest.workloadNamespaces.has(key.slice(0, key.indexOf('/')));
  return (change.autoscalers ?? []).some((k) => interest.autoscalers.has(k) || inWorkloadNs(k)) || (change.pods ?? []).some(inWorkloadNs);
}
