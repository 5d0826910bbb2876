// Text of cluster rows as kubectl prints them: `250m`, `128Mi`, `45%`, and tables laid out like
// kubectl's tabwriter (minimum width 10, padding 3), without the trailing blanks. Cells are cluster
// text (names, status reasons): control characters are escaped so they cannot draw on the terminal.
import { formatMebibytes, formatMilliCpu } from '../k8s/quantity';
import { needsLineEscapes, printableLine } from '../text/terminal';
import { UNKNOWN } from './rows/amounts';
import type { NodeRow, PodRow, PodUsageRow } from './types';

/** `kubectl top` CPU: millicores (`250m`). */
export function cpuText(milli: number | undefined): string {
  return milli === undefined ? UNKNOWN : formatMilliCpu({ nanos: BigInt(Math.round(milli)) * 1_000_000n });
}

/** `kubectl top` memory: whole mebibytes, rounded down (`128Mi`). */
export function memoryText(bytes: number | undefined): string {
  return bytes === undefined ? UNKNOWN : formatMebibytes({ nanos: BigInt(Math.round(bytes)) * 1_000_000_000n });
}

export function percentText(p: number | undefined, missing = UNKNOWN): string {
  return p === undefined ? missing : `${p}%`;
}

/** Columns padded like Go's tabwriter as kubectl configures it (minwidth 10, padding 3). */
export function formatTable(cells: string[][]): string {
  const rows = cells.map((r) => (needsLineEscapes(r.join('')) ? r.map(printableLine) : r));
  const widths: number[] = [];
  for (const r of rows) for (let i = 0; i < r.length; i++) widths[i] = Math.max(widths[i] ?? 0, 10, r[i].length + 3);
  let out = '';
  for (const r of rows) {
    let line = '';
    // The last cell unpadded: its padding would be trimmed anyway.
    for (let i = 0; i < r.length - 1; i++) line += r[i].padEnd(widths[i]);
    out += `${(line + (r[r.length - 1] ?? '')).trimEnd()}\n`;
  }
  return out;
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
  return formatTable([
    [...(withNamespace ? ['NAMESPACE'] : []), ...POD_USAGE_COLUMNS],
    ...pods.map((p) => [...(withNamespace ? [p.namespace] : []), p.name, cpuText(p.usage.cpuMilli), memoryText(p.usage.memoryBytes)]),
  ]);
}
