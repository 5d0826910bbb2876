// Live CodeLens for YAML: the cluster state of each workspace HPA, ScaledObject, Deployment and StatefulSet
// (text from liveLenses.ts). Opening a manifest with such a document starts the shared cluster session; lenses
// are re-requested only when a change touches the keys the open manifests depend on and a title changes.
// While a visible editor shows a Deployment/StatefulSet lens, metrics polling is requested (its % of request).
// An HPA's lenses add the controller's decision replayed (replaySummaries.ts), read at most once per metrics interval.
// In Restricted Mode nothing connects until the workspace is trusted or the user asks (access.ts).
import * as vscode from 'vscode';
import type { ClusterSession } from '../../core/cluster/session';
import type { SnapshotChange } from '../../core/cluster/types';
import { parseFile, type SourceFile } from '../../core/manifest/model';
import type { ClusterService, MetricsRequest } from '../cluster/service';
import { SHOW_HPA_COMMAND } from '../hpaPanel/index';
import { metricsIntervalSeconds } from '../hpaPanel/panel';
import { liveAccess, waitingLens, type LiveAccess } from './access';
import { localClock } from '../../core/text/time';
import { textOf } from '../../core/l10n';
import { clusterCode } from '../loadClusterCode';
import { liveInterest, liveKind, liveLenses, touches, type LiveLens } from './liveLenses';
import { ReplaySummaries, type ReplayLine } from './replaySummaries';

export const LIVE_SETTING = 'kubeScalingDoctor.liveCodeLens';

interface Parsed {
  version: number;
  file: SourceFile;
  /**
   * The lenses' content as of the last change notification (or the first request): a session change fires
   * onDidChangeCodeLenses only when it alters this. Requests do not update it, since any caller (not only the
   * editor) may request lenses.
   */
  signature?: string;
  hasWorkloadLens: boolean;
}

export class LiveLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly parsed = new Map<string, Parsed>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private followed?: ClusterSession;
  private sessionSubscription?: { dispose(): void };
  private metricsRequest?: MetricsRequest;
  /** The user ran CONNECT_LIVE_COMMAND: live lenses connect in this window although the workspace is untrusted. */
  private userAsked = false;
  private readonly replays = new ReplaySummaries(
    (namespace, name) => this.readReplay(namespace, name),
    () => this.onReplayChange(),
    metricsIntervalSeconds() * 1000,
  );

  constructor(private readonly service: ClusterService) {
    this.disposables.push(
      service.onDidChange(() => {
        this.follow(undefined);
        this.replays.clear();
        this.changed.fire();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.parsed.delete(d.uri.toString());
        this.updateMetricsRequest();
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.updateMetricsRequest()),
      // Trust granted: the waiting lenses turn into live ones.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(LIVE_SETTING)) return;
        if (!enabled()) {
          this.parsed.clear();
          this.updateMetricsRequest();
        }
        this.changed.fire();
      }),
    );
  }

  /** Lets live lenses connect in this window although the workspace is untrusted (the user asked). */
  connectAnyway(): void {
    if (this.userAsked) return;
    this.userAsked = true;
    this.changed.fire();
  }

  access(): LiveAccess {
    return liveAccess({ enabled: enabled(), trusted: vscode.workspace.isTrusted, userAsked: this.userAsked });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const access = this.access();
    if (access === 'off') return [];
    const entry = this.parse(document);
    if (!entry.file.docs.some((d) => liveKind(d))) return [];
    if (access === 'waitForTrust') {
      // No session, no kubeconfig read: only a lens saying how to connect.
      const w = waitingLens(entry.file);
      if (!w) return [];
      const at = document.positionAt(w.range.start);
      return [new vscode.CodeLens(new vscode.Range(at, document.positionAt(w.range.end)), { title: w.title, tooltip: w.tooltip, command: w.command })];
    }
    const session = this.service.session();
    if (!session) return [];
    this.follow(session);
    const lenses = liveLenses(entry.file, session.snapshot(), (key) => this.replays.get(key));
    entry.signature ??= signature(lenses);
    entry.hasWorkloadLens = entry.file.docs.some((d) => liveKind(d) === 'Deployment' || liveKind(d) === 'StatefulSet');
    this.updateMetricsRequest();
    return lenses.map((l) => toCodeLens(document, l));
  }

  dispose(): void {
    this.sessionSubscription?.dispose();
    this.metricsRequest?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private parse(document: vscode.TextDocument): Parsed {
    const uri = document.uri.toString();
    const cached = this.parsed.get(uri);
    if (cached && cached.version === document.version) return cached;
    const entry: Parsed = { version: document.version, file: parseFile(uri, document.getText()), signature: cached?.signature, hasWorkloadLens: false };
    this.parsed.set(uri, entry);
    return entry;
  }

  /** Listens to `session` (the service's current one); `undefined` after a context switch drops the old one. */
  private follow(session: ClusterSession | undefined): void {
    if (session === this.followed && (session || !this.sessionSubscription)) return;
    this.sessionSubscription?.dispose();
    this.sessionSubscription = undefined;
    this.followed = session;
    if (session) this.sessionSubscription = session.onDidChange((c) => this.onSessionChange(session, c));
  }

  private onSessionChange(session: ClusterSession, change: SnapshotChange): void {
    if (this.parsed.size === 0) return;
    const snapshot = session.snapshot();
    const files = [...this.parsed.values()];
    if (
      !touches(
        change,
        liveInterest(
          files.map((p) => p.file),
          snapshot.info.namespace,
        ),
      )
    )
      return;
    void this.fireIfChanged(session);
  }

  /** A replay read ended with another summary: the lenses that show it change. */
  private onReplayChange(): void {
    if (this.followed && this.parsed.size) void this.fireIfChanged(this.followed);
  }

  private async fireIfChanged(session: ClusterSession): Promise<void> {
    // Workload lenses read every pod row: those whose usage alone changed are computed in slices first.
    await session.computePodRows();
    if (session !== this.followed) return;
    const snapshot = session.snapshot();
    let changed = false;
    for (const p of this.parsed.values()) {
      const now = signature(liveLenses(p.file, snapshot, (key) => this.replays.get(key)));
      if (now !== p.signature) changed = true;
      p.signature = now;
    }
    if (changed) this.changed.fire();
  }

  /** One HPA's decision replayed on what the cluster says now, with its rescale events as the controller's memory. */
  private async readReplay(namespace: string, name: string): Promise<ReplayLine | undefined> {
    const kc = this.service.current()?.kc;
    if (!kc) return undefined;
    const code = clusterCode();
    const events = await code.readHpaEvents(kc, namespace, name).catch(() => []);
    // HH:MM: the lens stays short; the HPA panel shows the seconds.
    const live = await code.readLiveHpaReplay(kc, namespace, name, events, (ms) => localClock(ms, false));
    return live.replay && { summary: textOf(live.replay.replay.summary), chain: live.replay.replay.chain.map((step) => textOf(step)) };
  }

  /** Metrics while a visible editor shows a workload lens: the pods' of those workloads' namespaces. */
  private updateMetricsRequest(): void {
    const target = this.access() === 'connect' ? this.service.current() : undefined;
    const shown = target ? vscode.window.visibleTextEditors.map((e) => this.parsed.get(e.document.uri.toString())).filter((p) => p?.hasWorkloadLens) : [];
    if (!target || !shown.length) {
      this.metricsRequest?.dispose();
      this.metricsRequest = undefined;
      return;
    }
    const namespaces = [
      ...liveInterest(
        shown.map((p) => p!.file),
        target.info.namespace,
      ).workloadNamespaces,
    ].sort();
    if (this.metricsRequest) this.metricsRequest.showPods(namespaces);
    else this.metricsRequest = this.service.requestMetrics(namespaces);
  }
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(LIVE_SETTING, true);
}

function signature(lenses: LiveLens[]): string {
  return lenses.map((l) => `${l.docIndex}\t${l.title}\t${l.tooltip}`).join('\n');
}

function toCodeLens(document: vscode.TextDocument, l: LiveLens): vscode.CodeLens {
  const range = new vscode.Range(document.positionAt(l.range.start), document.positionAt(l.range.end));
  // Without an HPA to chart the lens is plain text (an empty command id is not clickable).
  const command: vscode.Command = l.hpa ? { title: l.title, tooltip: l.tooltip, command: SHOW_HPA_COMMAND, arguments: [l.hpa] } : { title: l.title, tooltip: l.tooltip, command: '' };
  return new vscode.CodeLens(range, command);
}

export function registerLiveLenses(context: vscode.ExtensionContext, service: ClusterService): LiveLensProvider {
  const provider = new LiveLensProvider(service);
  context.subscriptions.push(
    provider,
    // access.ts's CONNECT_LIVE_COMMAND, spelled out for the manifest test that matches registrations to package.json.
    vscode.commands.registerCommand('kube-scaling-doctor.connectLiveCodeLens', () => provider.connectAnyway()),
    vscode.languages.registerCodeLensProvider(
      [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'untitled', language: 'yaml' },
      ],
      provider,
    ),
  );
  return provider;
}
