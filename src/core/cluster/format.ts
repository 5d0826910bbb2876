// Text of cluster rows as kubectl prints them: `250m`, `128Mi`, `45%`, and tables laid out like
// kubectl's tabwriter (minimum width 10, padding 3), without the trailing blanks. Cells are cluster
// text (names, status reasons): control characters are escaped so they cannot draw on the terminal.
import { formatMebibytes, formatMilliCpu } from '../k8s/quantity';
import { needsLineEscapes, printableLine } from '../text/terminal';
import { UNKNOWN } from './rows/amounts';
import type { NodeRow, PodRow, PodUsageRow } from './types';

/** `kubectl top` CPU: millicores (`250m`). */
export function cpuText(milli: number | undefined): string {
  if (milli === undefined) return UNKNOWN;
  // A safe integer needs no exact arithmetic: a table of 22,000 pods went through BigInt for each cell.
  const whole = Math.round(milli);
  return Number.isSafeInteger(whole) ? `${whole}m` : formatMilliCpu({ nanos: BigInt(whole) * 1_000_000n });
}

/** `kubectl top` memory: whole mebibytes, rounded down (`128Mi`). */
export function memoryText(bytes: number | undefined): string {
  if (bytes === undefined) return UNKNOWN;
  const whole = Math.round(bytes);
  // Dividing by a power of two is exact in floating point; truncating matches the BigInt division.
  return Number.isSafeInteger(whole) ? `${Math.trunc(whole / 1048576)}Mi` : formatMebibytes({ nanos: BigInt(whole) * 1_000_000_000n });
}

export function percentText(p: number | undefined, missing = UNKNOWN): string {
  return p === undefined ? missing : `${p}%`;
}

/** Columns padded like Go's tabwriter as kubectl configures it (minwidth 10, padding 3). */
export function formatTable(cells: string[][]): string {
  return formatRows(undefined, cells, (r) => r);
}

/** Lines joined per this many rows, so that a table of 22,000 pods keeps 22 strings, not 22,000 lines, until the end. */
const ROWS_PER_CHUNK = 1024;

/**
 * formatTable of `header` (when given) and `items`, each turned into its cells by `cellsOf` once to measure the
 * columns and once to write its line: the cells are garbage at once instead of all of them living until the end.
 */
export function formatRows<T>(header: string[] | undefined, items: readonly T[], cellsOf: (item: T) => string[]): string {
  const rows = header ? [undefined, ...items] : items;
  const cells = (item: T | undefined) => (item === undefined ? header! : cellsOf(item));
  // Which rows quote control characters (cluster text), found while measuring: the second pass does not test again.
  const escaped = new Uint8Array(rows.length);
  const widths: number[] = [];
  for (let j = 0; j < rows.length; j++) {
    let r = cells(rows[j]);
    if (r.some(needsLineEscapes)) {
      escaped[j] = 1;
      r = r.map(printableLine);
    }
    for (let i = 0; i < r.length; i++) widths[i] = Math.max(widths[i] ?? 0, 10, r[i].length + 3);
  }
  const chunks: string[] = [];
  let lines: string[] = [];
  for (let j = 0; j < rows.length; j++) {
    const r = escaped[j] ? cells(rows[j]).map(printableLine) : cells(rows[j]);
    let line = '';
    // The last cell unpadded: its padding would be trimmed anyway.
    for (let i = 0; i < r.length - 1; i++) line += r[i].padEnd(widths[i]);
    const last = r[r.length - 1] ?? '';
    line += last;
    // Trailing blanks come only from an empty (or blank-ended) last cell: trimming every line cost more than building it.
    lines.push(last === '' || /\s$/.test(last) ? line.trimEnd() : line);
    if (lines.length === ROWS_PER_CHUNK) {
      chunks.push(lines.join('\n'));
      lines = [];
    }
  }
  if (lines.length) chunks.push(lines.join('\n'));
  return chunks.length ? `${chunks.join('\n')}\n` : '';
}

export const NODE_COLUMNS = ['NAME', 'CPU(cores)', 'CPU%', 'CPU-REQ%', 'MEMORY(bytes)', 'MEMORY%', 'MEMORY-REQ%'];

export function nodeTable(nodes: readonly NodeRow[], requestsKnown = true): string {
  const req = (p: number) => (requestsKnown ? `${p}%` : UNKNOWN);
  return formatTable([
    NODE_COLUMNS,
    ...nodes.map((n) => [
      n.name,
      cpuText(n.usage?.cpuMilli),
      percentText(n.cpuPercent),
      req(n.cpuRequestedPercent),
      memoryText(n.usage?.memoryBytes),
      percentText(n.memoryPercent),
      req(n.memoryRequestedPercent),
    ]),
  ]);
}

export const POD_COLUMNS = ['NAME', 'CPU(cores)', 'CPU/REQ%', 'MEMORY(bytes)', 'MEM/REQ%', 'RESTARTS', 'STATUS'];

/** % of request; `-` when the pod has no request for it (the HPA cannot compute Utilization then). */
function ofRequest(p: number | undefined, request: number | undefined, usage: number | undefined): string {
  if (!request) return '-';
  return usage === undefined ? UNKNOWN : percentText(p);
}

export function podTable(pods: readonly PodRow[], withNamespace: boolean): string {
  return formatTable([
    [...(withNamespace ? ['NAMESPACE'] : []), ...POD_COLUMNS],
    ...pods.map((p) => [
      ...(withNamespace ? [p.namespace] : []),
      p.name,
      cpuText(p.usage?.cpuMilli),
      ofRequest(p.cpuPercentOfRequest, p.request.cpuMilli, p.usage?.cpuMilli),
      memoryText(p.usage?.memoryBytes),
      ofRequest(p.memoryPercentOfRequest, p.request.memoryBytes, p.usage?.memoryBytes),
      String(p.restarts),
      p.status,
    ]),
  ]);
}

/** `kubectl top pods` columns: usage alone. */
export const POD_USAGE_COLUMNS = ['NAME', 'CPU(cores)', 'MEMORY(bytes)'];

export function podUsageTable(pods: readonly PodUsageRow[], withNamespace: boolean): string {
  return formatRows([...(withNamespace ? ['NAMESPACE'] : []), ...POD_USAGE_COLUMNS], pods, (p) =>
    withNamespace ? [p.namespace, p.name, cpuText(p.usage.cpuMilli), memoryText(p.usage.memoryBytes)] : [p.name, cpuText(p.usage.cpuMilli), memoryText(p.usage.memoryBytes)],
  );
}
