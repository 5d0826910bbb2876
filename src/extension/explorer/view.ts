// The "Cluster" view of the Scaling Doctor activity-bar container: context and version, nodes, pods by
// namespace and workload, autoscalers. Rows are built only when their group is expanded, and a snapshot
// change refreshes only the rows it touches. Metrics are polled while the view is visible.
import * as vscode from 'vscode';
import type { ClusterSession } from '../cluster/coreShim';
import type { ClusterProblem, SnapshotChange } from '../../core/cluster/types';
import type { ClusterService } from '../cluster/service';
import { blockingProblem, ids, SnapshotIndex, rowsToRefresh } from './model';
import { buildItem, childrenOf, type Row } from './rows';

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
  private watched?: ClusterSession;
  private shownProblem?: ClusterProblem;
  /** Set by registerExplorer: shows the blocking problem's text above the empty state. */
  view?: vscode.TreeView<Row>;

  constructor(private readonly service: ClusterService) {}

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

  getChildren(row?: Row): Row[] {
    if (!row) {
      this.attach();
      this.rows.clear();
    }
    const children = childrenOf(row, this.index, this.shownProblem);
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

  getParent(): undefined {
    return undefined;
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
    if (this.view) this.view.message = p ? `${p.title}: ${p.message}` : undefined;
    void vscode.commands.executeCommand('setContext', PROBLEM_CONTEXT_KEY, p?.kind ?? '');
  }

  private onSnapshotChange(session: ClusterSession, change: SnapshotChange): void {
    if (session !== this.watched) return;
    const before = this.index;
    this.index = new SnapshotIndex(session.snapshot());
    const wasBlocked = this.shownProblem;
    this.updateProblem();
    if (wasBlocked?.kind !== this.shownProblem?.kind || wasBlocked?.message !== this.shownProblem?.message) {
      this.changed.fire(undefined);
      return;
    }
    const r = rowsToRefresh(change, before, this.index, (id) => this.rows.has(id));
    if (r.all) this.changed.fire(undefined);
    else if (r.ids.length) this.changed.fire(r.ids.map((id) => this.rows.get(id)!));
  }

  /** Redraws from the top: after a context/namespace switch. */
  reset(): void {
    this.sessionSub?.dispose();
    this.sessionSub = undefined;
    this.watched = undefined;
    this.index = undefined;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.sessionSub?.dispose();
    this.changed.dispose();
  }
}

export function registerExplorer(context: vscode.ExtensionContext, service: ClusterService): Explorer {
  const provider = new ClusterTreeProvider(service);
  const view = vscode.window.createTreeView(CLUSTER_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  provider.view = view;
  let metrics: vscode.Disposable | undefined;
  const followVisibility = () => {
    if (view.visible && !metrics) metrics = service.requestMetrics();
    else if (!view.visible && metrics) {
      metrics.dispose();
      metrics = undefined;
    }
  };
  context.subscriptions.push(
    provider,
    view,
    view.onDidChangeVisibility(followVisibility),
    service.onDidChange(() => service.started && view.visible && provider.reset()),
    { dispose: () => metrics?.dispose() },
  );
  followVisibility();
  return {
    provider,
    mainProblem: () => provider.blocking() ?? provider.current()?.snapshot.problems[0],
  };
}
