// The table view's data, without `vscode`: the session's node and pod rows (the ones the Cluster view shows,
// kubectl's formulas) as cells with kubectl's text and a value to sort by. Also the age text, which the
// webview script recomputes as time passes (it imports this file's `humanDuration`).
import { cpuText, memoryText, percentText } from '../../core/cluster/format';
import { UNKNOWN } from '../../core/cluster/rows/amounts';
import type { NodeRow, PodRow, Snapshot } from '../../core/cluster/types';

export type TableKind = 'pods' | 'nodes';

export interface TableColumn {
  /** Header text (k9s's names for pods: %CPU/R is usage over request, %CPU/L over limit). */
  title: string;
  /** What the column holds, for the header's tooltip and screen readers. */
  description: string;
  numeric: boolean;
  /** Cells are ages: the webview renders them from the sort value (creation time, ms) at each tick. */
  age?: boolean;
}

export interface TableRow {
  key: string;
  cells: string[];
  /** Per cell: a number (sorted numerically; null: no value, sorted last) or the text itself. */
  sort: (number | string | null)[];
}

export interface TableData {
  columns: TableColumn[];
  rows: TableRow[];
}

/** What the extension posts to the webview (media/table.ts) on each change. */
export interface TableState {
  type: 'update';
  context: string;
  /** `all namespaces` or `namespace shop`: what the rows cover. */
  scope: string;
  /** When the metrics shown were read (ISO), if ever. */
  metricsAt?: string;
  nodes: TableData;
  pods: TableData;
  /** Why data is missing (no connection, no Metrics API), one sentence each. */
  notices: string[];
}

export type FromTableWebview = { type: 'ready' } | { type: 'rendered'; kind: TableKind; shown: number; total: number; sortColumn: number; descending: boolean; filter: string };

const col = (title: string, description: string, numeric = true): TableColumn => ({ title, description, numeric });

/**
 * Renders a template in the reader's language: core's `t`, handed in by the panel (and the tests). Not imported here:
 * the webview's bundle (media/table.ts) uses this module too, and core's l10n reads its bundles from disk.
 */
export type Translate = (template: string, args?: Record<string, string | number>) => string;

/** The pod columns; the titles are kubectl's and stay as they are, the descriptions (header tooltips) are translated. */
export function podColumns(t: Translate): TableColumn[] {
  return [
    col('NAMESPACE', t('Namespace'), false),
    col('NAME', t('Pod name'), false),
    col('STATUS', t('STATUS as kubectl get pods shows it'), false),
    col('CPU', t('CPU usage (kubectl top pods)')),
    col('%CPU/R', t('CPU usage as a percent of the pod’s request')),
    col('%CPU/L', t('CPU usage as a percent of the pod’s limit')),
    col('MEM', t('Memory usage (kubectl top pods)')),
    col('%MEM/R', t('Memory usage as a percent of the pod’s request')),
    col('%MEM/L', t('Memory usage as a percent of the pod’s limit')),
    col('RESTARTS', t('Container restarts')),
    col('NODE', t('Node the pod runs on'), false),
    { ...col('AGE', t('Time since the pod was created')), age: true },
  ];
}

export function nodeColumns(t: Translate): TableColumn[] {
  return [
    col('NAME', t('Node name'), false),
    col('STATUS', t('Ready or NotReady, and SchedulingDisabled'), false),
    col('CPU', t('CPU usage (kubectl top nodes)')),
    col('%CPU', t('CPU usage as a percent of allocatable')),
    col('CPU REQ%', t('CPU requested by its pods as a percent of allocatable (kubectl describe node)')),
    col('MEM', t('Memory usage (kubectl top nodes)')),
    col('%MEM', t('Memory usage as a percent of allocatable')),
    col('MEM REQ%', t('Memory requested by its pods as a percent of allocatable (kubectl describe node)')),
    { ...col('AGE', t('Time since the node was registered')), age: true },
  ];
}

/** A share cell: `-` without a request or limit (nothing to divide by), `<unknown>` without usage, as `top pods --requests` prints. */
function share(percent: number | undefined, base: number | undefined, usage: number | undefined): [string, number | null] {
  if (!base) return ['-', null];
  if (usage === undefined || percent === undefined) return [UNKNOWN, null];
  return [percentText(percent), percent];
}

const time = (iso: string | undefined): number | null => {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? null : ms;
};

export function podTableRow(p: PodRow, now: number): TableRow {
  const cpuR = share(p.cpuPercentOfRequest, p.request.cpuMilli, p.usage?.cpuMilli);
  const cpuL = share(p.cpuPercentOfLimit, p.limit?.cpuMilli, p.usage?.cpuMilli);
  const memR = share(p.memoryPercentOfRequest, p.request.memoryBytes, p.usage?.memoryBytes);
  const memL = share(p.memoryPercentOfLimit, p.limit?.memoryBytes, p.usage?.memoryBytes);
  const created = time(p.createdAt);
  return {
    key: `${p.namespace}/${p.name}`,
    cells: [
      p.namespace,
      p.name,
      p.status,
      cpuText(p.usage?.cpuMilli),
      cpuR[0],
      cpuL[0],
      memoryText(p.usage?.memoryBytes),
      memR[0],
      memL[0],
      String(p.restarts),
      p.nodeName ?? '',
      ageText(created, now),
    ],
    sort: [p.namespace, p.name, p.status, p.usage?.cpuMilli ?? null, cpuR[1], cpuL[1], p.usage?.memoryBytes ?? null, memR[1], memL[1], p.restarts, p.nodeName ?? '', created],
  };
}

export function nodeTableRow(n: NodeRow, now: number): TableRow {
  const status = [n.ready ? 'Ready' : 'NotReady', n.unschedulable ? 'SchedulingDisabled' : ''].filter(Boolean).join(',');
  const created = time(n.createdAt);
  return {
    key: n.name,
    cells: [
      n.name,
      status,
      cpuText(n.usage?.cpuMilli),
      percentText(n.cpuPercent),
      `${n.cpuRequestedPercent}%`,
      memoryText(n.usage?.memoryBytes),
      percentText(n.memoryPercent),
      `${n.memoryRequestedPercent}%`,
      ageText(created, now),
    ],
    sort: [n.name, status, n.usage?.cpuMilli ?? null, n.cpuPercent ?? null, n.cpuRequestedPercent, n.usage?.memoryBytes ?? null, n.memoryPercent ?? null, n.memoryRequestedPercent, created],
  };
}

export function tableState(snapshot: Snapshot, t: Translate, notices: string[] = [], now = Date.now()): TableState {
  const state: TableState = {
    type: 'update',
    context: snapshot.info.context,
    scope: snapshot.info.allNamespaces ? t('all namespaces') : t('namespace {namespace}', { namespace: snapshot.info.namespace }),
    nodes: { columns: nodeColumns(t), rows: snapshot.nodes.map((n) => nodeTableRow(n, now)) },
    pods: { columns: podColumns(t), rows: snapshot.pods.map((p) => podTableRow(p, now)) },
    notices,
  };
  if (snapshot.metricsAt) state.metricsAt = snapshot.metricsAt;
  return state;
}

/** The AGE column as kubectl prints it (translateTimestampSince): `<unknown>` without a creation time. */
export function ageText(createdMs: number | null, now: number): string {
  return createdMs === null ? UNKNOWN : humanDuration(now - createdMs);
}

/** duration.HumanDuration of k8s.io/apimachinery (pkg/util/duration, v0.33): `45s`, `5m3s`, `2h10m`, `3d4h`, `1y2d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  const years = Math.trunc(hours / 24 / 365);
  const days = Math.trunc(hours / 24) % 365;
  if (hours < 24 * 365 * 8) return days === 0 ? `${years}y` : `${years}y${days}d`;
  return `${years}y`;
}

/** Rows whose text holds `filter` (case-insensitive; several words: each must appear), as the webview filters. */
export function matches(row: TableRow, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const text = row.cells.join(' ').toLowerCase();
  return words.every((w) => text.includes(w));
}

/** Sorts rows by a column (numbers numerically, empty values last in either direction; then by key), as the webview sorts. */
export function sortRows(rows: TableRow[], column: number, descending: boolean): TableRow[] {
  const dir = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a.sort[column];
    const y = b.sort[column];
    if (x === null || x === undefined || x === '') return y === null || y === undefined || y === '' ? a.key.localeCompare(b.key) : 1;
    if (y === null || y === undefined || y === '') return -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c * dir || a.key.localeCompare(b.key);
  });
}
