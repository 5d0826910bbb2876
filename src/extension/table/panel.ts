// The nodes-and-pods table (as k9s and Lens have it): one webview panel that shows the shared session's node and
// pod rows (tableModel.ts) with sortable columns and a filter, drawn by media/table.ts. Sort, filter and scroll
// live in the webview, so the updates posted at each session change (at most one per UPDATE_MS) keep them.
// Metrics are polled while the panel is visible. Cluster text reaches the page only as text (textContent).
import * as vscode from 'vscode';
import { t } from '../../core/l10n';
import { escapeHtml, webviewPage } from '../webviewPage';
import type { ClusterSession } from '../../core/cluster/session';
import type { ClusterService } from '../cluster/service';
import { tableState, type FromTableWebview, type TableKind } from './tableModel';
import { shownProblem } from '../explorer/children';
import { localizedProblem } from '../../core/cluster/problemText';

export const SHOW_TABLE_COMMAND = 'kube-scaling-doctor.showTable';
const VIEW_TYPE = 'kubeScalingDoctor.table';
/** Changes closer together than this are posted as one update (a metrics read changes every row). */
const UPDATE_MS = 500;

/** What the webview reported after its last render (tests read it through the command's result). */
export interface TableRender {
  kind: TableKind;
  shown: number;
  total: number;
  sortColumn: number;
  descending: boolean;
  filter: string;
}

export class TablePanel implements vscode.Disposable {
  private static current?: TablePanel;

  /** Reveals the table, or opens it. */
  static show(extensionUri: vscode.Uri, service: ClusterService): TablePanel {
    if (TablePanel.current) {
      TablePanel.current.panel.reveal();
      return TablePanel.current;
    }
    return (TablePanel.current = new TablePanel(extensionUri, service));
  }

  static disposeCurrent(): void {
    TablePanel.current?.dispose();
  }

  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private session?: ClusterSession;
  private sessionSubscription?: { dispose(): void };
  private metrics?: vscode.Disposable;
  private pending?: ReturnType<typeof setTimeout>;
  private webviewReady = false;
  private rendered?: TableRender;
  private disposed = false;

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: ClusterService,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Nodes and Pods'), vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [dist] });
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activity-bar.svg');
    this.panel.webview.html = this.html();
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((m: FromTableWebview) => this.onMessage(m)),
      this.panel.onDidChangeViewState(() => {
        // A hidden webview's page is discarded; it says 'ready' again when shown (its sort and filter kept in its state).
        if (!this.panel.visible) this.webviewReady = false;
        this.updateMetrics();
      }),
      service.onDidChange(() => this.follow()),
    );
    this.follow();
    this.updateMetrics();
  }

  /** The webview's last render report, undefined before the first. */
  lastRender(): TableRender | undefined {
    return this.rendered;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (TablePanel.current === this) TablePanel.current = undefined;
    if (this.pending) clearTimeout(this.pending);
    this.sessionSubscription?.dispose();
    this.metrics?.dispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }

  /** Follows the service's session (starting it if needed): after a context or namespace switch, the new one. */
  private follow(): void {
    this.sessionSubscription?.dispose();
    this.session = this.service.session();
    this.sessionSubscription = this.session?.onDidChange(() => this.schedule());
    void this.post();
  }

  private updateMetrics(): void {
    if (this.disposed) return;
    if (this.panel.visible && !this.metrics) this.metrics = this.service.requestMetrics();
    else if (!this.panel.visible && this.metrics) {
      this.metrics.dispose();
      this.metrics = undefined;
    }
  }

  private schedule(): void {
    if (this.pending || this.disposed) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.post();
    }, UPDATE_MS);
  }

  private async post(): Promise<void> {
    if (this.disposed || !this.webviewReady) return;
    // Every pod row is shown: those whose usage alone changed are computed in slices, not at once below.
    await this.session?.computePodRows();
    if (this.disposed) return;
    const snapshot = this.session?.snapshot();
    const notices: string[] = [];
    if (!snapshot) {
      const problem = this.service.problem();
      const p = problem && shownProblem(problem);
      notices.push(p ? vscode.l10n.t('{title}: {message}', { title: p.title, message: p.message }) : vscode.l10n.t('No cluster connection.'));
    }
    for (const p of (snapshot?.problems ?? []).map((problem) => localizedProblem(problem))) notices.push(vscode.l10n.t('{title}: {message}', { title: p.title, message: p.message.split('\n')[0] }));
    const state = snapshot ? tableState(snapshot, t, notices) : { type: 'update' as const, context: '', scope: '', nodes: { columns: [], rows: [] }, pods: { columns: [], rows: [] }, notices };
    void this.panel.webview.postMessage(state);
  }

  private onMessage(m: FromTableWebview): void {
    if (m?.type === 'ready') {
      this.webviewReady = true;
      void this.post();
    } else if (m?.type === 'rendered') {
      this.rendered = { kind: m.kind, shown: m.shown, total: m.total, sortColumn: m.sortColumn, descending: m.descending, filter: m.filter };
    }
  }

  private html(): string {
    return webviewPage({
      webview: this.panel.webview,
      extensionUri: this.extensionUri,
      bundle: 'table',
      title: vscode.l10n.t('Nodes and Pods'),
      body: `<main id="app">
<div class="bar">
<div role="group" aria-label="${escapeHtml(vscode.l10n.t('Show'))}">
<button type="button" id="tab-pods" data-kind="pods" aria-pressed="true">${escapeHtml(vscode.l10n.t('Pods'))}</button>
<button type="button" id="tab-nodes" data-kind="nodes" aria-pressed="false">${escapeHtml(vscode.l10n.t('Nodes'))}</button>
</div>
<label for="filter">${escapeHtml(vscode.l10n.t('Filter'))}</label>
<input id="filter" type="search" placeholder="${escapeHtml(vscode.l10n.t('name, namespace, status, node… (/ to focus)'))}" autocomplete="off" spellcheck="false">
<span id="count" aria-live="polite"></span>
</div>
<p id="status" role="status">${escapeHtml(vscode.l10n.t('Waiting for the cluster…'))}</p>
<div id="scroller" tabindex="0" aria-label="${escapeHtml(vscode.l10n.t('Table rows'))}">
<table id="grid"><thead></thead><tbody></tbody></table>
</div>
</main>`,
    });
  }
}

export function registerTablePanel(context: vscode.ExtensionContext, service: ClusterService): void {
  context.subscriptions.push(
    // SHOW_TABLE_COMMAND, spelled out for the manifest test that matches registrations to package.json.
    vscode.commands.registerCommand('kube-scaling-doctor.showTable', () => TablePanel.show(context.extensionUri, service)),
    { dispose: () => TablePanel.disposeCurrent() },
  );
}
