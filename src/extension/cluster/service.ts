// One connection per window: which kubeconfig, context and namespace the cluster features use, and the
// shared ClusterSession (informers + metrics) that the explorer, the live CodeLens, the HPA panel and the
// doctor read. Lazy: nothing talks to a cluster until a view or a command asks for the session. It also follows the
// local cluster that `npm start` builds and starts in the background (localCluster.ts): its progress, then a
// reconnect once it is up, with no reload of the window.
import type { KubeConfig } from '@kubernetes/client-node';
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ClusterSession } from '../../core/cluster/session';
import { msg, t } from '../../core/l10n';
import { SETTINGS_SECTION } from '../../core/language/protocol';
import type { ClusterInfo, ClusterProblem } from '../../core/cluster/types';
import { clusterCode } from '../loadClusterCode';
import { resolveKubeconfig, VS_KUBERNETES_SECTION, type ResolvedKubeconfig } from './kubeconfigSetting';
import { inProgress, progressFileFor, readLocalProgress, type LocalClusterProgress } from './localCluster';

export const CLUSTER_SECTION = SETTINGS_SECTION;
const CONTEXT_KEY = 'kubeScalingDoctor.cluster.context';
const NAMESPACE_KEY = 'kubeScalingDoctor.cluster.namespace';
/** How often the local cluster's progress file is read while it is building or starting. */
const LOCAL_POLL_MS = 2000;
/** Stored namespace value meaning "all namespaces". */
export const ALL_NAMESPACES = '*';

export interface ClusterTarget {
  kc: KubeConfig;
  info: ClusterInfo;
  kubeconfig: ResolvedKubeconfig;
  /** The namespace the session watches; undefined: all namespaces. */
  namespace?: string;
}

/** Whose usage a metrics asker shows: every pod, none, or the pods of these namespaces. */
export type PodScope = boolean | readonly string[];

/** A held request for metrics polling (ClusterService.requestMetrics). */
export interface MetricsRequest extends vscode.Disposable {
  /** Changes whose pods' usage this asker shows. */
  showPods(scope: PodScope): void;
}

export class ClusterService implements vscode.Disposable {
  private target?: ClusterTarget;
  private loadProblem?: ClusterProblem;
  private loaded = false;
  private shared?: ClusterSession;
  /** What asks for metrics (a visible view, a lens, a panel), with the pods whose usage each shows (requestMetrics). */
  private readonly metricsAskers = new Set<{ pods: PodScope }>();
  private fileWatchers: vscode.Disposable[] = [];
  private fileTimer?: NodeJS.Timeout;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly localChanged = new vscode.EventEmitter<void>();
  private local?: LocalClusterProgress;
  /** JSON of `local`, to fire only on a change (none: 'null'). */
  private localText = 'null';
  private localTimer?: NodeJS.Timeout;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.localChanged];

  /** Fires when the kubeconfig, context or namespace changed: `current()` and `session()` now give new objects. */
  readonly onDidChange = this.changed.event;
  private readonly sessionStarted = new vscode.EventEmitter<ClusterSession>();
  /** Fires when the shared session starts (a view, lens or panel asked for the cluster). */
  readonly onDidStartSession = this.sessionStarted.event;
  /** Fires when the local cluster's progress changed (after the reconnect, when it came up). */
  readonly onDidChangeLocalCluster = this.localChanged.event;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly state: vscode.Memento,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${CLUSTER_SECTION}.kubeconfig`)) this.followLocalCluster();
        if (!this.loaded) return;
        if (e.affectsConfiguration(`${CLUSTER_SECTION}.kubeconfig`) || e.affectsConfiguration(VS_KUBERNETES_SECTION)) this.reload('kubeconfig setting changed');
        else if (e.affectsConfiguration(`${CLUSTER_SECTION}.metricsInterval`)) this.reload('metrics interval changed');
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.loaded && this.reload('workspace trusted')),
    );
    this.followLocalCluster();
  }

  /** The local cluster `npm start` is bringing up (or brought up) for the kubeconfig in use; undefined: none. */
  localCluster(): LocalClusterProgress | undefined {
    return this.local;
  }

  /**
   * Reads the progress file beside the kubeconfig (a local file: no cluster access, so also in untrusted workspaces)
   * and, while the cluster is building or starting, again every 2 s; once it is up, reconnects.
   */
  private followLocalCluster(): void {
    clearTimeout(this.localTimer);
    const before = this.local;
    this.local = readLocalProgress(progressFileFor(this.resolve().path));
    const text = JSON.stringify(this.local ?? null);
    if (text !== this.localText) {
      this.localText = text;
      // Up now: the kubeconfig (written while it started) is read again and the views connect.
      if (inProgress(before) && !inProgress(this.local) && this.loaded) this.reload('local cluster is up');
      this.localChanged.fire();
    }
    if (inProgress(this.local)) this.localTimer = setTimeout(() => this.followLocalCluster(), LOCAL_POLL_MS);
  }

  /** Whether anything asked for the cluster yet (status bar and views stay quiet before). */
  get started(): boolean {
    return this.loaded || this.loadProblem !== undefined;
  }

  /** The kubeconfig, context and namespace in use (reads the kubeconfig file, no network); undefined when it cannot be read. */
  current(): ClusterTarget | undefined {
    if (!this.loaded) this.load();
    return this.target;
  }

  /** Why there is no `current()` (kind `kubeconfig`). Problems the session meets are in its snapshot. */
  problem(): ClusterProblem | undefined {
    if (!this.loaded) this.load();
    return this.loadProblem;
  }

  /** The shared session, started on first call; undefined when the kubeconfig cannot be used (see `problem()`). */
  session(): ClusterSession | undefined {
    if (this.shared) return this.shared;
    const t = this.current();
    if (!t) return undefined;
    const seconds = vscode.workspace.getConfiguration(CLUSTER_SECTION).get<number>('metricsInterval', 15);
    const s = new (clusterCode().ClusterSession)(t.kc, {
      namespace: t.namespace,
      metricsIntervalMs: Math.max(1, Number(seconds) || 15) * 1000,
      log: (msg: string) => this.output.info(`[cluster] ${msg}`),
    });
    this.shared = s;
    this.output.info(`cluster: watching context ${t.info.context} (${t.namespace ?? 'all namespaces'}) from ${t.kubeconfig.description}`);
    try {
      void Promise.resolve(s.start()).catch((err: unknown) => this.output.error(`cluster session failed to start: ${String(err)}`));
    } catch (err) {
      this.output.error(`cluster session failed to start: ${String(err)}`);
    }
    s.setPodMetrics(this.podScope());
    if (this.metricsAskers.size > 0) s.setMetricsPolling(true);
    this.sessionStarted.fire(s);
    return s;
  }

  /** The session if one is running, without starting one. */
  activeSession(): ClusterSession | undefined {
    return this.shared;
  }

  /**
   * Asks for metrics polling (a visible view, an open panel); polling runs while at least one request is held.
   * `pods`: whose usage this asker shows — every pod (the default), none, or the pods of some namespaces (the Cluster
   * view's open namespace rows); pods' metrics are read for the union of what the requests show, changed with
   * `showPods`. Dispose the result when no longer needed.
   */
  requestMetrics(pods: PodScope = true): MetricsRequest {
    const asker = { pods };
    this.metricsAskers.add(asker);
    this.shared?.setPodMetrics(this.podScope());
    if (this.metricsAskers.size === 1) this.shared?.setMetricsPolling(true);
    let released = false;
    return {
      showPods: (scope) => {
        if (released) return;
        asker.pods = scope;
        this.shared?.setPodMetrics(this.podScope());
      },
      dispose: () => {
        if (released) return;
        released = true;
        this.metricsAskers.delete(asker);
        this.shared?.setPodMetrics(this.podScope());
        if (this.metricsAskers.size === 0) this.shared?.setMetricsPolling(false);
      },
    };
  }

  /** The pods whose metrics the askers show together: all when one shows all, else the namespaces any shows. */
  private podScope(): PodScope {
    const namespaces = new Set<string>();
    for (const { pods } of this.metricsAskers) {
      if (pods === true) return true;
      if (pods !== false) for (const ns of pods) namespaces.add(ns);
    }
    return namespaces.size ? [...namespaces].sort() : false;
  }

  /** Contexts of the current kubeconfig, for the picker. */
  contexts(): { name: string; cluster: string; namespace?: string }[] {
    return (this.current()?.kc.getContexts() ?? []).map((c) => ({ name: c.name, cluster: c.cluster, namespace: c.namespace }));
  }

  async useContext(name: string): Promise<void> {
    await this.state.update(CONTEXT_KEY, name);
    // A namespace chosen for another context rarely exists in this one.
    await this.state.update(NAMESPACE_KEY, undefined);
    this.reload(`context ${name} chosen`);
  }

  /** `undefined`: all namespaces. */
  async useNamespace(namespace: string | undefined): Promise<void> {
    await this.state.update(NAMESPACE_KEY, namespace ?? ALL_NAMESPACES);
    this.reload(`namespace ${namespace ?? '(all)'} chosen`);
  }

  /** Drops the session and reads the kubeconfig again. */
  reload(why: string): void {
    this.output.info(`cluster: reloading (${why})`);
    this.shared?.dispose();
    this.shared = undefined;
    this.load();
    this.changed.fire();
  }

  dispose(): void {
    this.shared?.dispose();
    this.shared = undefined;
    clearTimeout(this.fileTimer);
    clearTimeout(this.localTimer);
    for (const d of [...this.disposables, ...this.fileWatchers, this.sessionStarted]) d.dispose();
  }

  /** What a kubeconfig edit must change to matter: the contexts, the clusters' servers, the context in use. */
  private static fingerprint(kc: KubeConfig): string {
    return JSON.stringify([kc.getCurrentContext(), kc.getContexts().map((c) => [c.name, c.cluster, c.user, c.namespace]), kc.getClusters().map((c) => [c.name, c.server])]);
  }

  /** Follows edits of the kubeconfig files (`kubectl config use-context`, a new cluster): reconnects when they matter. */
  private watchFiles(kubeconfig: ResolvedKubeconfig): void {
    for (const w of this.fileWatchers) w.dispose();
    this.fileWatchers = [];
    for (const file of clusterCode().kubeconfigSource({ kubeconfig: kubeconfig.path }).files) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
      const changed = () => {
        clearTimeout(this.fileTimer);
        this.fileTimer = setTimeout(() => this.onFileChanged(), 500);
      };
      this.fileWatchers.push(w, w.onDidChange(changed), w.onDidCreate(changed), w.onDidDelete(changed));
    }
  }

  private onFileChanged(): void {
    const before = this.target ? ClusterService.fingerprint(this.target.kc) : undefined;
    let after: string | undefined;
    try {
      after = ClusterService.fingerprint(clusterCode().loadKubeConfig({ kubeconfig: this.target?.kubeconfig.path ?? this.resolve().path, context: this.state.get<string>(CONTEXT_KEY) }));
    } catch {
      after = undefined;
    }
    if (before !== after) this.reload('kubeconfig file changed');
  }

  /** Which kubeconfig the settings and the environment name now (reads no file). */
  resolve(): ResolvedKubeconfig {
    const all = vscode.workspace.getConfiguration();
    return resolveKubeconfig({
      trusted: vscode.workspace.isTrusted,
      ours: all.inspect<string>(`${CLUSTER_SECTION}.kubeconfig`),
      vsKubernetes: all.inspect<Record<string, unknown>>(VS_KUBERNETES_SECTION),
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    });
  }

  private load(): void {
    const code = this.loadCode();
    if (!code) return;
    // The first load happens inside a getter: tell listeners (the status bar) on the next tick.
    if (!this.loaded) queueMicrotask(() => this.changed.fire());
    this.loaded = true;
    this.target = undefined;
    this.loadProblem = undefined;
    const kubeconfig = this.resolve();
    const { clusterInfo, ClusterProblemError, loadKubeConfig, toProblem } = code;
    this.watchFiles(kubeconfig);
    let context = this.state.get<string>(CONTEXT_KEY);
    const storedNs = this.state.get<string>(NAMESPACE_KEY);
    try {
      let kc: KubeConfig;
      try {
        kc = loadKubeConfig({ kubeconfig: kubeconfig.path, context });
      } catch (err) {
        // A context chosen earlier that this kubeconfig no longer has: fall back to its current context.
        if (!context) throw err;
        this.output.warn(`cluster: context ${context} not found in ${kubeconfig.description}; using its current context`);
        context = undefined;
        void this.state.update(CONTEXT_KEY, undefined);
        kc = loadKubeConfig({ kubeconfig: kubeconfig.path });
      }
      const namespace = storedNs === ALL_NAMESPACES || storedNs === undefined ? undefined : storedNs;
      const info = clusterInfo(kc, namespace);
      this.target = { kc, info, kubeconfig, namespace };
    } catch (err) {
      this.loadProblem = err instanceof ClusterProblemError ? err.problem : toProblem(err, msg('reading {kubeconfig}', { kubeconfig: kubeconfig.description }));
      this.output.warn(`cluster: ${this.loadProblem.title}: ${this.loadProblem.message}`);
    }
  }
  /**
   * The cluster bundle, or undefined when it cannot be loaded (a broken install): then `problem()` says so, so the
   * views explain their empty state, and `loaded` stays false, so the next call tries again rather than keeping nothing.
   */
  private loadCode(): ReturnType<typeof clusterCode> | undefined {
    try {
      return clusterCode();
    } catch (err) {
      const first = this.loadProblem === undefined;
      this.target = undefined;
      // Core's t (same bundle and language): a problem like core's own, and tests load this with a stand-in for vscode.
      this.loadProblem = { kind: 'error', title: t('Scaling Doctor cannot load its cluster code'), message: err instanceof Error ? err.message : String(err) };
      // Told once (log and listeners), not on every retry: listeners call problem() again, which retries.
      if (first) {
        this.output.error(`cluster: ${this.loadProblem.title}: ${this.loadProblem.message}`);
        queueMicrotask(() => this.changed.fire());
      }
      return undefined;
    }
  }
}
