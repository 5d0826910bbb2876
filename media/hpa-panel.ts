// Webview script of the HPA panel (bundled by esbuild into dist/hpa-panel.js with uPlot and its CSS).
// Draws what the extension sends (src/extension/hpaPanel/protocol.ts): the summary (metrics as kubectl's TARGETS),
// why the controller chose its count (the replayed chain, one step a line), conditions, rescales and events as tables (times as "3m ago", the local time on hover), then a replicas chart and one chart
// per metric (current vs target), each with a text summary for screen readers and a data table. Keeps no timers: it redraws on each message and reports back with 'rendered'.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './hpa-panel.css';
import type { FromWebview, PanelState } from '../src/extension/hpaPanel/protocol';
import { shownTime } from '../src/core/text/time';
import { l10n } from './webviewL10n';

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void };
const vscode = acquireVsCodeApi();

const TABLE_ROWS = 100;
const app = document.getElementById('app')!;
const status = document.getElementById('status')!;
const charts = new Map<string, uPlot>();

interface SeriesSpec {
  label: string;
  values: (number | null)[];
  color: string;
  dash?: number[];
}

interface ChartSpec {
  key: string;
  title: string;
  unit: string;
  series: SeriesSpec[];
}

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A section that is created once and whose content is replaced on each render. */
function section(id: string, heading: string): HTMLElement {
  let s = document.getElementById(id);
  if (!s) {
    s = el('section', { id, 'aria-labelledby': `${id}-h` });
    s.append(el('h2', { id: `${id}-h` }, heading));
    app.append(s);
  }
  return s;
}

function replaceBody(s: HTMLElement, ...nodes: Node[]): void {
  while (s.childNodes.length > 1) s.lastChild!.remove();
  s.append(...nodes);
}

function fmt(v: number | null | undefined, unit = ''): string {
  if (v === null || v === undefined) return '—';
  const rounded = Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100;
  return `${rounded}${unit}`;
}

function time(t: number): string {
  return new Date(t * 1000).toLocaleTimeString();
}

/** Axis tick, 24-hour local time: `14:05`, or `14:05:30` off the whole minute. */
function clock(t: number): string {
  const d = new Date(t * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}${d.getSeconds() ? `:${two(d.getSeconds())}` : ''}`;
}

function chartSpecs(state: PanelState): ChartSpec[] {
  const c = state.chart;
  const muted = cssColor('--vscode-descriptionForeground', '#888');
  const specs: ChartSpec[] = [
    {
      key: 'replicas',
      title: l10n.t('Replicas'),
      unit: '',
      series: [
        { label: l10n.t('current'), values: c.replicas.current, color: cssColor('--vscode-charts-blue', '#3794ff') },
        { label: l10n.t('desired'), values: c.replicas.desired, color: cssColor('--vscode-charts-green', '#89d185'), dash: [6, 4] },
        { label: l10n.t('min'), values: c.replicas.min, color: muted, dash: [2, 4] },
        { label: l10n.t('max'), values: c.replicas.max, color: cssColor('--vscode-charts-red', '#f14c4c'), dash: [2, 4] },
      ],
    },
  ];
  for (const m of c.metrics) {
    specs.push({
      key: `metric:${m.name}`,
      title: m.unit === '%' ? l10n.t('{metric} (% of request)', { metric: m.name }) : m.name,
      unit: m.unit,
      series: [
        { label: l10n.t('current'), values: m.current, color: cssColor('--vscode-charts-orange', '#d18616') },
        { label: l10n.t('target'), values: m.target, color: cssColor('--vscode-charts-red', '#f14c4c'), dash: [6, 4] },
      ],
    });
  }
  return specs;
}

function chartWidth(): number {
  return Math.max(280, Math.min(900, app.clientWidth - 8));
}

/**
 * At least two minutes wide, samples centred while they span less, so ticks stay on whole seconds. One sample:
 * uPlot would span 1000 days (its one-point default assumes milliseconds), hence the data, not min/max.
 */
function timeRange(u: uPlot, min: number, max: number): uPlot.Range.MinMax {
  const times = u.data[0];
  if (times.length === 0) return [min, max];
  const first = times[0];
  const last = times[times.length - 1];
  const pad = Math.max(0, 120 - (last - first)) / 2;
  return [first - pad, last + pad];
}

function makeChart(spec: ChartSpec, times: number[], host: HTMLElement): uPlot {
  const fg = cssColor('--vscode-foreground', '#ccc');
  const grid = cssColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const opts: uPlot.Options = {
    width: chartWidth(),
    height: 180,
    series: [
      { label: l10n.t('time'), value: (_u, v) => (v == null ? '—' : time(v)) },
      ...spec.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 2,
        dash: s.dash,
        spanGaps: false,
        value: (_u: uPlot, v: number | null) => fmt(v, spec.unit),
      })),
    ],
    scales: {
      x: { time: true, range: timeRange },
      y: { range: (_u, _min, max) => [0, Math.max(1, (max ?? 0) * 1.15)] },
    },
    axes: [
      { ...axis, space: 70, values: (_u, ticks) => ticks.map(clock) },
      { ...axis, values: (_u, ticks) => ticks.map((v) => fmt(v, spec.unit)) },
    ],
    legend: { live: true },
  };
  return new uPlot(opts, [times, ...spec.series.map((s) => s.values)] as uPlot.AlignedData, host);
}

function latest(values: (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
  return null;
}

function describeChart(spec: ChartSpec, points: number): string {
  const last = spec.series.map((s) => `${s.label} ${fmt(latest(s.values), spec.unit)}`).join(', ');
  const args = { chart: spec.title, count: points, latest: last };
  return points === 1
    ? l10n.t('{chart} over time since the panel opened, {count} sample. Latest: {latest}.', args)
    : l10n.t('{chart} over time since the panel opened, {count} samples. Latest: {latest}.', args);
}

function dataTable(spec: ChartSpec, times: number[]): HTMLElement {
  const details = el('details', { class: 'data' });
  details.append(el('summary', {}, l10n.t('{chart}: data table', { chart: spec.title })));
  const table = el('table');
  const shown = Math.min(times.length, TABLE_ROWS);
  const caption =
    times.length > shown ? l10n.t('{chart}, newest first (latest {shown} of {total})', { chart: spec.title, shown, total: times.length }) : l10n.t('{chart}, newest first', { chart: spec.title });
  table.append(el('caption', {}, caption));
  const head = el('tr');
  head.append(el('th', { scope: 'col' }, l10n.t('time')), ...spec.series.map((s) => el('th', { scope: 'col' }, s.label)));
  table.append(el('thead'));
  table.tHead!.append(head);
  const body = el('tbody');
  for (let i = times.length - 1; i >= times.length - shown; i--) {
    const tr = el('tr');
    tr.append(el('th', { scope: 'row' }, time(times[i])), ...spec.series.map((s) => el('td', {}, fmt(s.values[i], spec.unit))));
    body.append(tr);
  }
  table.append(body);
  details.append(table);
  return details;
}

function renderCharts(state: PanelState): number {
  const s = section('charts', l10n.t('Over time'));
  const specs = chartSpecs(state);
  const times = state.chart.times;
  const keys = new Set(specs.map((x) => x.key));
  for (const [key, chart] of charts) {
    if (!keys.has(key)) {
      chart.destroy();
      charts.delete(key);
      document.getElementById(figureId(key))?.remove();
    }
  }
  let tableRows = 0;
  for (const spec of specs) {
    const id = figureId(spec.key);
    let figure = document.getElementById(id);
    if (!figure) {
      figure = el('figure', { id, class: 'chart' });
      const caption = el('figcaption', { id: `${id}-cap` }, spec.title);
      const host = el('div', { class: 'plot', role: 'img', 'aria-labelledby': `${id}-cap ${id}-desc` });
      figure.append(caption, host, el('p', { id: `${id}-desc`, class: 'desc' }), el('div', { class: 'table' }));
      s.append(figure);
    }
    const host = figure.querySelector<HTMLElement>('.plot')!;
    const data = [times, ...spec.series.map((x) => x.values)] as uPlot.AlignedData;
    const existing = charts.get(spec.key);
    if (existing && existing.series.length === spec.series.length + 1) existing.setData(data);
    else {
      existing?.destroy();
      charts.set(spec.key, makeChart(spec, times, host));
    }
    figure.querySelector('.desc')!.textContent = describeChart(spec, times.length);
    const tableHost = figure.querySelector<HTMLElement>('.table')!;
    const wasOpen = tableHost.querySelector('details')?.open ?? false;
    const table = dataTable(spec, times);
    (table as HTMLDetailsElement).open = wasOpen;
    tableHost.replaceChildren(table);
    tableRows += Math.min(times.length, TABLE_ROWS);
  }
  return tableRows;
}

function figureId(key: string): string {
  return `chart-${key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
}

function renderSummary(state: PanelState): void {
  const h = state.hpa;
  const s = section('summary', l10n.t('Now'));
  if (!h) {
    replaceBody(s, el('p', {}, l10n.t('No data for this HPA yet.')));
    return;
  }
  const dl = el('dl');
  const add = (term: string, value: string) => dl.append(el('dt', {}, term), el('dd', {}, value));
  add(l10n.t('scales'), h.target);
  const replicas = { current: h.currentReplicas ?? '?', desired: h.desiredReplicas ?? '?', min: h.minReplicas ?? '?', max: h.maxReplicas ?? '?' };
  add(
    l10n.t('replicas'),
    h.atMax ? l10n.t('{current} current, {desired} desired (min {min}, max {max}) — at max', replicas) : l10n.t('{current} current, {desired} desired (min {min}, max {max})', replicas),
  );
  // current/target, as kubectl get hpa prints TARGETS.
  for (const m of h.metrics) add(m.name, `${m.current ?? '<unknown>'}/${m.target}${m.unknownReason ? ` — ${m.unknownReason}` : ''}`);
  replaceBody(s, dl);
}

/** The replayed decision: the summary line, the chain as an ordered list, and what the replay could not know. */
function renderWhy(state: PanelState): void {
  const s = section('why', l10n.t('Why this count'));
  const why = state.why;
  if (!why) {
    replaceBody(s, el('p', {}, l10n.t("Replaying the controller's decision…")));
    return;
  }
  const nodes: Node[] = [];
  if (why.summary) nodes.push(el('p', { class: 'why-summary' }, why.summary));
  if (why.chain.length) {
    const list = el('ol', { class: 'chain', 'aria-label': l10n.t("The controller's steps, in order") });
    list.append(...why.chain.map((step) => el('li', {}, step)));
    nodes.push(list);
  }
  nodes.push(...why.notes.map((n) => el('p', { class: 'note' }, n)));
  replaceBody(s, ...nodes);
}

/** A table cell: text, or text with a tooltip (a time shown as "3m ago", its local date and time on hover). */
type Cell = string | { text: string; title: string };
const cellText = (c: Cell) => (typeof c === 'string' ? c : c.text);

/** A time cell: "3m ago", the local date and time as its tooltip; empty when there is no time. */
function timeCell(t: string | undefined): Cell {
  const shown = shownTime(t, (m) => l10n.message(m));
  return shown ? { text: shown.text, title: shown.tooltip } : '';
}

function table(caption: string, columns: string[], rows: Cell[][], empty: string, rowClass?: (r: string[]) => string | undefined): Node {
  if (rows.length === 0) return el('p', {}, empty);
  const t = el('table');
  t.append(el('caption', {}, caption));
  const head = el('tr');
  head.append(...columns.map((c) => el('th', { scope: 'col' }, c)));
  t.append(el('thead'));
  t.tHead!.append(head);
  const body = el('tbody');
  for (const r of rows) {
    const tr = el('tr');
    const cls = rowClass?.(r.map(cellText));
    if (cls) tr.className = cls;
    tr.append(...r.map((v) => (typeof v === 'string' ? el('td', {}, v) : el('td', { title: v.title }, v.text))));
    body.append(tr);
  }
  t.append(body);
  return t;
}

function render(state: PanelState): void {
  status.textContent = state.notices.length
    ? state.notices.join(' ')
    : l10n.t('Updated {time}; every {seconds} s while visible.', { time: new Date().toLocaleTimeString(), seconds: state.intervalSeconds });
  status.className = state.notices.length ? 'notice' : '';
  // The explanation first: what the HPA says now, its conditions and events; the charts below them.
  renderSummary(state);
  renderWhy(state);
  const conditions = state.hpa?.conditions ?? [];
  replaceBody(
    section('conditions', l10n.t('Conditions')),
    table(
      l10n.t('HPA status conditions'),
      [l10n.t('type'), l10n.t('status'), l10n.t('reason'), l10n.t('message'), l10n.t('since')],
      conditions.map((c) => [c.type, c.status, c.reason ?? '', c.message ?? '', timeCell(c.lastTransitionTime)]),
      l10n.t('No conditions reported yet.'),
      (r) => (r[1] === 'False' && r[0] !== 'ScalingLimited' ? 'bad' : undefined),
    ),
  );
  replaceBody(
    section('rescales', l10n.t('Rescales')),
    state.rescales === undefined
      ? el('p', {}, l10n.t('Reading events…'))
      : table(
          l10n.t('SuccessfulRescale events of this HPA, newest first'),
          [l10n.t('replicas'), l10n.t('reason'), l10n.t('count'), l10n.t('last seen')],
          state.rescales.map((r) => [r.change, r.reason, String(r.count), timeCell(r.at)]),
          l10n.t('No rescales in the events (events expire after an hour by default).'),
        ),
  );
  replaceBody(
    section('events', l10n.t('Recent events')),
    state.events === undefined
      ? el('p', {}, l10n.t('Reading events…'))
      : table(
          l10n.t('Events of this HPA, newest first'),
          [l10n.t('type'), l10n.t('reason'), l10n.t('message'), l10n.t('count'), l10n.t('last seen')],
          state.events.map((e) => [e.type, e.reason, e.message, String(e.count), timeCell(e.last)]),
          l10n.t('No events for this HPA (events expire after an hour by default).'),
          (r) => (r[0] === 'Warning' ? 'bad' : undefined),
        ),
  );
  const tableRows = renderCharts(state);
  vscode.postMessage({ type: 'rendered', points: state.chart.times.length, charts: charts.size, canvases: document.querySelectorAll('canvas').length, tableRows });
}

window.addEventListener('message', (e: MessageEvent<PanelState>) => {
  if (e.data?.type === 'update') render(e.data);
});
window.addEventListener('resize', () => {
  for (const c of charts.values()) c.setSize({ width: chartWidth(), height: 180 });
});
vscode.postMessage({ type: 'ready' });
