// The HPA webview: why the controller chose its count (the replayed decision: each metric's proposal, the highest,
// each limit that changed it), replicas and each metric against its target over time since the panel opened (uPlot,
// bundled into dist/hpa-panel.js), conditions, the rescale history and recent events. One panel per HPA; samples
// come from the shared ClusterSession's snapshot, at every change of that HPA and on a timer (the metrics interval) while
// the panel is visible. Disposing it stops the timer and every subscription.
import * as vscode from 'vscode';
import { escapeHtml, webviewPage } from '../webviewPage';
import type { EventRow } from '../../core/cluster/events';
import type { ClusterSession } from '../../core/cluster/session';
import { SETTINGS_SECTION } from '../../core/language/protocol';
import type { AutoscalerRow, SnapshotChange } from '../../core/cluster/types';
import type { ClusterService } from '../cluster/service';
import { clusterCode } from '../loadClusterCode';
import { localizedProblem } from '../../core/cluster/problemText';
import type { FromWebview, PanelState } from './protocol';
import { chartData, sampleOf, SampleBuffer } from './series';
import { rescaleRows, whyView, type RescaleRow, type WhyView } from './why';
import { localClock } from '../../core/text/time';
import { msg } from '../../core/l10n';

export interface HpaRef {
  namespace: string;
  name: string;
}

/** What the webview reported after its last render (tests read it through the showHpa command's result). */
export interface RenderReport {
  points: number;
  charts: number;
  canvases: number;
  tableRows: number;
}

const VIEW_TYPE = 'kubeScalingDoctor.hpa';

/** How often the panel (and a live CodeLens's replay) reads again: the metrics interval setting, 5 s at least. */
export function metricsIntervalSeconds(): number {
  const s = Number(vscode.workspace.getConfiguration(SETTINGS_SECTION).get<number>('metricsInterval', 15));
  return Math.max(5, Number.isFinite(s) ? s : 15);
}

export class HpaPanel implements vscode.Disposable {
  private static readonly open = new Map<string, HpaPanel>();

  /** Reveals the panel of this HPA, or opens one. */
  static show(extensionUri: vscode.Uri, service: ClusterService, ref: HpaRef): HpaPanel {
    const key = `${ref.namespace}/${ref.name}`;
    const existing = HpaPanel.open.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = new HpaPanel(extensionUri, service, ref);
    HpaPanel.open.set(key, panel);
    return panel;
  }

  static disposeAll(): void {
    for (const p of [...HpaPanel.open.values()]) p.dispose();
  }

  private readonly panel: vscode.WebviewPanel;
  private readonly samples = new SampleBuffer();
  private readonly disposables: vscode.Disposable[] = [];
  private sessionSubscription?: { dispose(): void };
  private session?: ClusterSession;
  private timer?: ReturnType<typeof setInterval>;
  private events?: EventRow[];
  private eventsNotice?: string;
  private why?: WhyView;
  private rescales?: RescaleRow[];
  private reading = false;
  private webviewReady = false;
  private rendered?: RenderReport;
  private disposed = false;

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: ClusterService,
    readonly ref: HpaRef,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, `HPA ${ref.name}`, vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [dist],
    });
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activity-bar.svg');
    this.panel.webview.html = this.html();
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
      this.panel.onDidChangeViewState(() => {
        // A hidden webview's page is discarded; it says 'ready' again when shown.
        if (!this.panel.visible) this.webviewReady = false;
        this.updateTimer();
      }),
      service.onDidChange(() => this.follow(true)),
    );
    this.follow(false);
    this.updateTimer();
    void this.read();
  }

  /** The webview's last render report, undefined before the first. */
  lastRender(): RenderReport | undefined {
    return this.rendered;
  }

  /** Whether the update timer runs (only while the panel is visible). */
  isTicking(): boolean {
    return this.timer !== undefined;
  }

  isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    HpaPanel.open.delete(`${this.ref.namespace}/${this.ref.name}`);
    this.stopTimer();
    this.sessionSubscription?.dispose();
    this.sessionSubscription = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }

  /** Subscribes to the current session (starting it if needed); after a context switch the old samples are dropped. */
  private follow(contextChanged: boolean): void {
    this.sessionSubscription?.dispose();
    this.sessionSubscription = undefined;
    if (contextChanged) {
      // Another cluster: what was read of the old one is not shown as this one's.
      this.samples.clear();
      this.why = undefined;
      this.rescales = undefined;
      void this.read();
    }
    this.session = this.service.session();
    const key = `${this.ref.namespace}/${this.ref.name}`;
    this.sessionSubscription = this.session?.onDidChange((c: SnapshotChange) => {
      if (c.autoscalers?.includes(key) || c.info) this.update();
    });
    this.update();
  }

  private row(): AutoscalerRow | undefined {
    return this.session?.snapshot().autoscalers.find((a) => a.kind === 'HorizontalPodAutoscaler' && a.namespace === this.ref.namespace && a.name === this.ref.name);
  }

  private intervalSeconds(): number {
    return metricsIntervalSeconds();
  }

  private updateTimer(): void {
    if (this.disposed) return;
    if (this.panel.visible && !this.timer) {
      this.timer = setInterval(() => {
        this.update();
        void this.read();
      }, this.intervalSeconds() * 1000);
    } else if (!this.panel.visible) {
      this.stopTimer();
    }
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Takes a sample (when the HPA is known) and sends the state to the webview. */
  private update(): void {
    if (this.disposed) return;
    const row = this.row();
    if (row) this.samples.push(sampleOf(row, Math.floor(Date.now() / 1000)));
    this.post(row);
  }

  /** Reads the HPA's events, then replays the controller's decision with them (its rescales are its memory). */
  private async read(): Promise<void> {
    const kc = this.service.current()?.kc;
    if (!kc || this.reading || this.disposed) return;
    this.reading = true;
    let events = this.events;
    let eventsNotice: string | undefined;
    let why: WhyView;
    let rescales = this.rescales;
    try {
      const code = clusterCode();
      try {
        events = await code.readHpaEvents(kc, this.ref.namespace, this.ref.name);
      } catch (err) {
        const p = localizedProblem(code.toProblem(err, msg('listing events of HPA {hpa}', { hpa: `${this.ref.namespace}/${this.ref.name}` })));
        eventsNotice = vscode.l10n.t('Events could not be read: {title}. {message}', { title: p.title, message: p.message });
      }
      why = whyView(await code.readLiveHpaReplay(kc, this.ref.namespace, this.ref.name, events ?? [], (ms) => localClock(ms)));
      if (events) rescales = rescaleRows(code.rescalesOf(events));
    } catch (err) {
      why = { chain: [], notes: [vscode.l10n.t('The decision could not be replayed: {error}', { error: (err as Error)?.message ?? String(err) })] };
    } finally {
      this.reading = false;
    }
    // The context changed while reading: that cluster's answers are not this one's; read again.
    if (this.service.current()?.kc !== kc) {
      void this.read();
      return;
    }
    this.events = events;
    this.eventsNotice = eventsNotice;
    this.why = why;
    this.rescales = rescales;
    this.post(this.row());
  }

  private post(row: AutoscalerRow | undefined): void {
    if (this.disposed || !this.webviewReady) return;
    const notices: string[] = [];
    const problem = this.service.problem();
    if (!this.session) notices.push(problem ? vscode.l10n.t('{title}: {message}', { title: problem.title, message: problem.message }) : vscode.l10n.t('No cluster connection.'));
    else if (!row) {
      const info = this.session.snapshot().info;
      notices.push(
        vscode.l10n.t('HPA {hpa} is not in the cluster view of context {context} (not synced yet, deleted, or another namespace is watched).', {
          hpa: `${this.ref.namespace}/${this.ref.name}`,
          context: info.context,
        }),
      );
    }
    if (this.eventsNotice) notices.push(this.eventsNotice);
    const state: PanelState = {
      type: 'update',
      namespace: this.ref.namespace,
      name: this.ref.name,
      hpa: row && {
        target: `${row.target.kind}/${row.target.name}`,
        minReplicas: row.minReplicas,
        maxReplicas: row.maxReplicas,
        currentReplicas: row.currentReplicas,
        desiredReplicas: row.desiredReplicas,
        atMax: row.atMax,
        metrics: row.metrics,
        conditions: row.conditions,
      },
      chart: chartData(this.samples.all()),
      events: this.events,
      why: this.why,
      rescales: this.rescales,
      notices,
      intervalSeconds: this.intervalSeconds(),
    };
    void this.panel.webview.postMessage(state);
  }

  private onMessage(m: FromWebview): void {
    if (m?.type === 'ready') {
      // Also after the webview was hidden and shown again (its page is rebuilt then).
      this.webviewReady = true;
      this.post(this.row());
    } else if (m?.type === 'rendered') {
      this.rendered = { points: m.points, charts: m.charts, canvases: m.canvases, tableRows: m.tableRows };
    }
  }

  private html(): string {
    const title = `HPA ${this.ref.namespace}/${this.ref.name}`;
    return webviewPage({
      webview: this.panel.webview,
      extensionUri: this.extensionUri,
      bundle: 'hpa-panel',
      title,
      images: true,
      body: `<main id="app" data-namespace="${escapeHtml(this.ref.namespace)}" data-name="${escapeHtml(this.ref.name)}">
<h1>HorizontalPodAutoscaler <code>${escapeHtml(title.slice(4))}</code></h1>
<p id="status" role="status">Waiting for the cluster…</p>
</main>`,
    });
  }
}
