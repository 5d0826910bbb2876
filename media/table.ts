// Webview script of the nodes-and-pods table (bundled by esbuild into dist/table.js with its CSS). Draws what the
// extension sends (src/extension/table/tableModel.ts TableState): sortable columns (header buttons, aria-sort), a
// filter applied as you type, Pods and Nodes. Sort, filter and the chosen table are kept in the webview's state;
// each update replaces only the table body, so they and the scroll position survive live updates. Cluster text
// is set with textContent only.
import './table.css';
import { l10n } from './webviewL10n';
import { ageText, matches, sortRows, type FromTableWebview, type TableData, type TableKind, type TableState } from '../src/extension/table/tableModel';

interface ViewState {
  kind: TableKind;
  filter: string;
  sort: Record<TableKind, { column: number; descending: boolean }>;
}

declare function acquireVsCodeApi(): { postMessage(message: FromTableWebview): void; getState(): ViewState | undefined; setState(s: ViewState): void };
const vscode = acquireVsCodeApi();

/** Rows drawn at most; the filter narrows the rest (22,000 pod rows in the page would stall it). */
const MAX_ROWS = 1000;

const view: ViewState = vscode.getState() ?? {
  kind: 'pods',
  filter: '',
  // CPU, largest first: what people open such a table for.
  sort: { pods: { column: 3, descending: true }, nodes: { column: 2, descending: true } },
};
let last: TableState | undefined;
let headerOf = '';

const grid = document.getElementById('grid') as HTMLTableElement;
const thead = grid.tHead!;
const tbody = grid.tBodies[0];
const filter = document.getElementById('filter') as HTMLInputElement;
const count = document.getElementById('count')!;
const status = document.getElementById('status')!;
const tabs = [...document.querySelectorAll<HTMLButtonElement>('button[data-kind]')];

filter.value = view.filter;
filter.addEventListener('input', () => {
  view.filter = filter.value;
  render();
});
for (const tab of tabs) {
  tab.addEventListener('click', () => {
    view.kind = tab.dataset.kind as TableKind;
    render();
  });
}
// `/` focuses the filter, as in k9s and less; Escape clears it.
document.addEventListener('keydown', (e) => {
  if (e.key === '/' && document.activeElement !== filter) {
    e.preventDefault();
    filter.focus();
  } else if (e.key === 'Escape' && document.activeElement === filter && filter.value) {
    filter.value = '';
    view.filter = '';
    render();
  }
});

window.addEventListener('message', (e: MessageEvent<TableState>) => {
  if (e.data?.type !== 'update') return;
  last = e.data;
  render();
});

function header(data: TableData): void {
  const sort = view.sort[view.kind];
  const key = `${view.kind}:${sort.column}:${sort.descending}:${data.columns.map((c) => c.title).join('|')}`;
  if (key === headerOf) return;
  // Rebuilt only when the sort or the columns change; the focused header button is focused again after.
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.column;
  headerOf = key;
  const tr = document.createElement('tr');
  data.columns.forEach((c, i) => {
    const th = document.createElement('th');
    th.scope = 'col';
    if (c.numeric) th.className = 'num';
    th.setAttribute('aria-sort', i === sort.column ? (sort.descending ? 'descending' : 'ascending') : 'none');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.column = String(i);
    button.title = l10n.t('{description}. Sort by {column}', { description: c.description, column: c.title });
    button.textContent = i === sort.column ? `${c.title} ${sort.descending ? '▼' : '▲'}` : c.title;
    button.addEventListener('click', () => {
      const s = view.sort[view.kind];
      // A new column starts with the largest numbers first (the busiest pods), names A to Z.
      view.sort[view.kind] = s.column === i ? { column: i, descending: !s.descending } : { column: i, descending: c.numeric };
      render();
    });
    th.append(button);
    tr.append(th);
  });
  thead.replaceChildren(tr);
  if (focused !== undefined) thead.querySelector<HTMLButtonElement>(`button[data-column="${focused}"]`)?.focus();
}

function render(): void {
  vscode.setState(view);
  for (const tab of tabs) tab.setAttribute('aria-pressed', String(tab.dataset.kind === view.kind));
  if (!last) return;
  const metrics = last.metricsAt ? l10n.t('metrics read at {time}', { time: new Date(last.metricsAt).toLocaleTimeString() }) : l10n.t('no metrics read yet');
  status.textContent = last.notices.length ? last.notices.join(' ') : l10n.t('Context {context}, {scope}; {metrics}.', { context: last.context, scope: last.scope, metrics });
  status.classList.toggle('notice', last.notices.length > 0);
  const data = last[view.kind];
  header(data);
  const sort = view.sort[view.kind];
  const now = Date.now();
  const ages = new Set(data.columns.flatMap((c, i) => (c.age ? [i] : [])));
  const matching = data.rows.filter((r) => matches(r, view.filter));
  const rows = sortRows(matching, sort.column, sort.descending).slice(0, MAX_ROWS);
  const fragment = document.createDocumentFragment();
  for (const r of rows) {
    const tr = document.createElement('tr');
    tr.dataset.key = r.key;
    r.cells.forEach((cell, i) => {
      const td = document.createElement('td');
      if (data.columns[i]?.numeric) td.className = 'num';
      // Ages move on between updates: recomputed from the creation time at each render.
      td.textContent = ages.has(i) ? ageText(r.sort[i] as number | null, now) : cell;
      tr.append(td);
    });
    fragment.append(tr);
  }
  tbody.replaceChildren(fragment);
  const total = data.rows.length;
  count.textContent = countText(view.kind, { total, matching: matching.length, shown: rows.length });
  vscode.postMessage({ type: 'rendered', kind: view.kind, shown: rows.length, total, sortColumn: sort.column, descending: sort.descending, filter: view.filter });
}

render();
vscode.postMessage({ type: 'ready' });

/** `40 pods`, `3 of 40 pods match`, `…; first 2000 shown`: one template each, for pods and for nodes. */
function countText(kind: TableKind, n: { total: number; matching: number; shown: number }): string {
  if (n.matching === n.total) return kind === 'pods' ? l10n.t('{total} pods', n) : l10n.t('{total} nodes', n);
  if (n.shown < n.matching) return kind === 'pods' ? l10n.t('{matching} of {total} pods match; first {shown} shown', n) : l10n.t('{matching} of {total} nodes match; first {shown} shown', n);
  return kind === 'pods' ? l10n.t('{matching} of {total} pods match', n) : l10n.t('{matching} of {total} nodes match', n);
}
