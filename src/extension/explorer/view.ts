// The "Cluster" view of the Scaling Doctor activity-bar container: context and version, nodes, pods by
// namespace and workload, autoscalers. Rows are built only when their group is expanded, and a snapshot
// change refreshes only the rows it touches, applied in slices so the extension host never stalls on
// 22,000 rows. Metrics are polled while the view is visible; pods' metrics only while a namespace row is open.
import * as vscode from 'vscode';
import type { ClusterSession } from '../../core/cluster/session';
import type { ClusterProblem, SnapshotChange } from '../../core/cluster/types';
import type { ClusterService, MetricsRequest } from '../cluster/service';
import { blockingProblem, ids, patchIndexInSlices, rowsToRefresh, SnapshotIndex } from './model';
import { childrenOf, PAGE, type Row } from './children';
import { buildItem, EXPAND_UP_TO, SHOW_MORE_COMMAND } from './rows';
import { startEventLoopProbe } from './eventLoopProbe';
import { OpenNamespaces } from './openNamespaces';
import { loadClusterCodeInSteps, useCodeCacheDir } from '../loadClusterCode';

export const CLUSTER_VIEW = 'kubeScalingDoctor.cluster';
const PROBLEM_CONTEXT_KEY = 'kubeScalingDoctor.clusterProblem';

export interface Explorer {
  /** The problem the view shows as its empty state, or the first problem row. */
  mainProblem(): ClusterProblem | undefined;
  /** The rows the view currently holds (for tests): id → accessibility label. */
  provider: ClusterTreeProvider;
}

export class ClusterTreeProvider implements vscode.TreeDataProvider<Row> {
  private readonly changed = new vscode.EventEmitter<Row | Row[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Rows handed to VS Code, by id: the same object must be passed back to refresh a row. */
  private readonly rows = new Map<string, Row>();
  private index?: SnapshotIndex;
  private sessionSub?: { dispose(): void };
  /** The session the rows come from. */
  watched?: ClusterSession;
  private shownProblem?: ClusterProblem;
  /** Groups opened for the user once they had rows (per session); set by registerExplorer. */
  private readonly opened = new Set<string>();
  /** Rows shown per long list, by the list's row id (grows by a page per "more" click). */
  private readonly limits = new Map<string, number>();
  view?: vscode.TreeView<Row>;

  constructor(
    private readonly service: ClusterService,
    /** Told which rows VS Code opens (it asks for their children) and forgets (reset). */
    private readonly openNamespaces: OpenNamespaces,
  ) {}

  /** The indexed snapshot, fresh from the session (undefined before the view asked for one). */
  current(): SnapshotIndex | undefined {
    return this.index;
  }

  blocking(): ClusterProblem | undefined {
    return this.shownProblem;
  }

  getTreeItem(row: Row): vscode.TreeItem {
    return buildItem(row, this.index);
  }

  /** Settles when the cluster code was loaded (or failed to): see getChildren. */
  private codeReady?: Promise<void>;
  private codeLoaded = false;

  getChildren(row?: Row): Row[] | Promise<Row[]> {
    // The session needs the 5 MB cluster bundle: loaded in steps, so opening the view does not stall the extension host;
    // every call meanwhile waits for it. Failing, the service reports why (problem()) when attach() asks for the session.
    if (!this.codeLoaded) {
      this.codeReady ??= loadClusterCodeInSteps().then(
        () => void (this.codeLoaded = true),
        () => void (this.codeLoaded = true),
      );
      return this.codeReady.then(() => this.getChildren(row));
    }
    if (!row) this.attach();
    this.openNamespaces.childrenAsked(row);
    const children = childrenOf(row, this.index, this.shownProblem, (id) => this.limits.get(id) ?? PAGE, this.service.localCluster());
    // Keep one object per id, so refreshes can name the rows VS Code knows.
    return children.map((c) => {
      const known = this.rows.get(c.id);
      if (known && known.kind === c.kind) {
        Object.assign(known, c);
        return known;
      }
      this.rows.set(c.id, c);
      return c;
    });
  }

  /** Only needed for revealing groups (their parent is the root row). */
  getParent(row: Row): Row | undefined {
    const underRoot = row.kind === 'nodes' || row.kind === 'pods' || row.kind === 'autoscalers' || (row.kind === 'problem' && !row.id.startsWith('blocked:'));
    return underRoot ? this.rows.get(ids.root) : undefined;
  }

  /** Starts (or follows) the service's session; called when the view first renders and after switches. */
  private attach(): void {
    const session = this.service.session();
    if (session !== this.watched) {
      this.sessionSub?.dispose();
      this.watched = session;
      this.index = session ? new SnapshotIndex(session.snapshot()) : undefined;
      this.sessionSub = session?.onDidChange((c) => this.onSnapshotChange(session, c));
    }
    this.updateProblem();
  }

  private updateProblem(): void {
    const p = blockingProblem(this.index?.snapshot, this.service.current() ? undefined : this.service.problem());
    this.shownProblem = p;
    void vscode.commands.executeCommand('setContext', PROBLEM_CONTEXT_KEY, p?.kind ?? '');
  }

  /** Changes are applied one after another, each in slices (see applyChange). */
  private applying: Promise<void> = Promise.resolve();

  private onSnapshotChange(session: ClusterSession, change: SnapshotChange): void {
    this.applying = this.applying.then(() => this.applyChange(session, change)).catch(() => undefined);
  }

  /**
   * Patches the index in place (metrics, status: the frequent case) or, when rows appear, go or move, builds a
   * new one; 22,000 pod rows are patched or indexed in 8 ms slices, the tree showing the last index meanwhile.
   */
  private async applyChange(session: ClusterSession, change: SnapshotChange): Promise<void> {
    if (session !== this.watched) return;
    const shown = (id: string) => this.rows.has(id);
    const snapshot = session.snapshot();
    let refresh = this.index && (await patchIndexInSlices(this.index, snapshot, change, session, shown));
    if (session !== this.watched) return;
    if (!refresh) {
      const before = this.index;
      // The new index reads every pod row: those whose usage alone changed are computed in slices first.
      await session.computePodRows();
      if (session !== this.watched) return;
      const after = await SnapshotIndex.build(snapshot);
      if (session !== this.watched) return;
      this.index = after;
      const r = rowsToRefresh(change, before, after, shown);
      refresh = r.all ? undefined : r.ids;
    }
    const wasBlocked = this.shownProblem;
    this.updateProblem();
    if (wasBlocked?.kind !== this.shownProblem?.kind || wasBlocked?.message !== this.shownProblem?.message) refresh = undefined;
    if (!refresh) this.changed.fire(undefined);
    else if (refresh.length) this.changed.fire(refresh.map((id) => this.rows.get(id)!));
    this.openSmallGroups();
  }

  /**
   * A group first drawn while still empty (the lists were loading) keeps its collapsed state in VS Code; open
   * Nodes and Autoscalers once, when they have a few rows, as they would have been had the data come first.
   */
  openSmallGroups(): void {
    if (!this.view?.visible || !this.index) return;
    const sizes: [string, number][] = [
      [ids.nodes, this.index.nodes.size],
      [ids.autoscalers, this.index.autoscalers.size],
    ];
    for (const [id, n] of sizes) {
      const row = this.rows.get(id);
      if (!row || this.opened.has(id) || n === 0 || n > EXPAND_UP_TO) continue;
      this.opened.add(id);
      void Promise.resolve(this.view.reveal(row, { expand: true, select: false, focus: false })).catch(() => undefined);
    }
  }

  /** One more page of a long list. */
  showMore(parentId: string): void {
    const parent = this.rows.get(parentId);
    if (!parent) return;
    this.limits.set(parentId, (this.limits.get(parentId) ?? PAGE) + PAGE);
    this.changed.fire([parent]);
  }

  /** Redraws from the top: after a context/namespace switch. */
  reset(): void {
    this.sessionSub?.dispose();
    this.sessionSub = undefined;
    this.watched = undefined;
    this.index = undefined;
    this.openNamespaces.clear();
    this.rows.clear();
    this.opened.clear();
    this.limits.clear();
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.sessionSub?.dispose();
    this.changed.dispose();
  }
}

export function registerExplorer(context: vscode.ExtensionContext, service: ClusterService): Explorer {
  useCodeCacheDir(context.globalStorageUri.fsPath);
  let metrics: MetricsRequest | undefined;
  // Pods' usage shows under open namespace rows only: while the view is visible, their pods' metrics are asked for.
  const openNamespaces = new OpenNamespaces((open) => metrics?.showPods(open));
  const provider = new ClusterTreeProvider(service, openNamespaces);
  const view = vscode.window.createTreeView(CLUSTER_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  provider.view = view;
  const followVisibility = () => {
    if (view.visible && !metrics) {
      metrics = service.requestMetrics(openNamespaces.list);
      provider.openSmallGroups();
    } else if (!view.visible && metrics) {
      metrics.dispose();
      metrics = undefined;
    }
  };
  context.subscriptions.push(
    provider,
    view,
    view.onDidChangeVisibility(followVisibility),
    view.onDidCollapseElement((e) => openNamespaces.collapsed(e.element)),
    // A new session (other kubeconfig, context or namespace): redraw from the top.
    service.onDidChange(() => service.activeSession() !== provider.watched && provider.reset()),
    // The local cluster's progress row, and the connection once it is up.
    service.onDidChangeLocalCluster(() => provider.reset()),
    {
      dispose: () => metrics?.dispose(),
    },
    vscode.commands.registerCommand(SHOW_MORE_COMMAND, (parentId: string) => provider.showMore(parentId)),
    startEventLoopProbe(),
  );
  followVisibility();
  return {
    provider,
    mainProblem: () => provider.blocking() ?? provider.current()?.snapshot.problems[0],
  };
}
