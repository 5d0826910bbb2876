// The TreeItem of each row of the cluster view: text (rowText.ts), icon, tooltip, command, and the accessibility
// label that screen readers read and tests select on; the tooltip says all the description leaves out.
import * as vscode from 'vscode';
import { markdownText } from '../../core/text/markdown';
import { localClusterText } from '../cluster/localCluster';
import { PAGE, type Row } from './children';
import { BARE_PODS, type SnapshotIndex } from './model';
import {
  autoscalerText,
  clusterAutoscalerText,
  containerText,
  karpenterText,
  nodeAutoscalingText,
  nodeClaimText,
  nodeGroupText,
  nodePoolText,
  nodeText,
  podText,
  problemText,
  rootText,
  scalerOf,
  workloadText,
  type RowText,
} from './rowText';

function item(t: RowText, collapsible: vscode.TreeItemCollapsibleState, id: string, icon?: string): vscode.TreeItem {
  const it = new vscode.TreeItem(t.label, collapsible);
  it.id = id;
  it.description = t.description;
  it.accessibilityInformation = { label: t.aria };
  it.tooltip = t.aria;
  if (icon) it.iconPath = new vscode.ThemeIcon(icon);
  return it;
}

const { None, Collapsed, Expanded } = vscode.TreeItemCollapsibleState;
/** Internal command of the "more" rows (not in the palette). */
export const SHOW_MORE_COMMAND = 'kube-scaling-doctor.explorer.showMore';
/** Groups with at most this many rows start expanded. */
export const EXPAND_UP_TO = 20;

export function buildItem(row: Row, index: SnapshotIndex | undefined): vscode.TreeItem {
  const s = index?.snapshot;
  switch (row.kind) {
    case 'root': {
      // No metrics time here: this row is not redrawn on each metrics read, so it would go stale.
      const it = item(rootText(s?.info, !!s?.info.allNamespaces), Expanded, row.id, 'cloud');
      it.contextValue = 'cluster';
      return it;
    }
    case 'problem': {
      const it = item(problemText(row.problem), Expanded, row.id, row.id.startsWith('blocked:') ? 'error' : 'warning');
      // The message quotes the API server: escaped so it renders as text.
      it.tooltip = new vscode.MarkdownString(`**${markdownText(row.problem.title)}**\n\n${markdownText(row.problem.message)}`);
      return it;
    }
    case 'localCluster': {
      const t = localClusterText(row.progress);
      const it = item({ label: t.title, description: t.detail ?? '', aria: t.label }, None, row.id, row.progress.phase === 'failed' ? 'error' : 'sync~spin');
      it.tooltip = t.tooltip;
      return it;
    }
    case 'action': {
      const it = item({ label: row.title, description: '', aria: row.title }, None, row.id, row.icon);
      it.command = row.command;
      return it;
    }
    case 'nodes': {
      const n = index?.nodes.size ?? 0;
      // Small clusters open on their nodes; big ones stay folded (rows are built only when opened).
      return item({ label: vscode.l10n.t('Nodes'), description: String(n), aria: vscode.l10n.t('Nodes: {count}', { count: n }) }, n > 0 && n <= EXPAND_UP_TO ? Expanded : Collapsed, row.id, 'server');
    }
    case 'pods': {
      const n = index?.namespaces.size ?? 0;
      const pods = index?.pods.size ?? 0;
      const t = n === 1 ? vscode.l10n.t('{pods} in {count} namespace', { pods, count: n }) : vscode.l10n.t('{pods} in {count} namespaces', { pods, count: n });
      return item({ label: vscode.l10n.t('Pods'), description: t, aria: vscode.l10n.t('Pods: {summary}', { summary: t }) }, Collapsed, row.id, 'package');
    }
    case 'autoscalers': {
      const n = index?.autoscalers.size ?? 0;
      return item(
        { label: vscode.l10n.t('Autoscalers'), description: String(n), aria: vscode.l10n.t('Autoscalers: {count}', { count: n }) },
        n > 0 && n <= EXPAND_UP_TO ? Expanded : Collapsed,
        row.id,
        'graph-line',
      );
    }
    case 'node': {
      const n = index?.nodes.get(row.name);
      if (!n) return item({ label: row.name, description: vscode.l10n.t('gone'), aria: vscode.l10n.t('Node {name}: gone', { name: row.name }) }, None, row.id);
      return item(nodeText(n), None, row.id, n.ready ? 'vm-running' : 'vm-outline');
    }
    case 'namespace': {
      const w = index?.namespaces.get(row.namespace)?.size ?? 0;
      const t = w === 1 ? vscode.l10n.t('{count} workload', { count: w }) : vscode.l10n.t('{count} workloads', { count: w });
      return item(
        { label: row.namespace, description: t, aria: vscode.l10n.t('Namespace {namespace}: {workloads}', { namespace: row.namespace, workloads: t }) },
        Collapsed,
        row.id,
        'symbol-namespace',
      );
    }
    case 'workload': {
      const g = index?.namespaces.get(row.namespace)?.get(row.workload);
      const rows = g && index!.groupRows(g);
      const t = g
        ? workloadText(g, rows!.pods, scalerOf(g, index!.autoscalers.values()), rows!.usageOf)
        : { label: row.workload, description: vscode.l10n.t('gone'), aria: vscode.l10n.t('{name}: gone', { name: row.workload }) };
      return item(t, Collapsed, row.id, row.workload === BARE_PODS ? 'circle-outline' : 'layers');
    }
    case 'pod': {
      const p = index?.pod(row.key);
      if (!p) return item({ label: row.key, description: vscode.l10n.t('gone'), aria: vscode.l10n.t('Pod {name}: gone', { name: row.key }) }, None, row.id);
      const icon = p.status === 'Running' ? 'pass' : p.status === 'Completed' || p.status === 'Succeeded' ? 'check' : p.status === 'Pending' || p.status === 'ContainerCreating' ? 'clock' : 'error';
      // Its containers open below it when the workload's VPA recommends something for them.
      return item(podText(p), p.containers.some((c) => c.recommendation) ? Collapsed : None, row.id, icon);
    }
    case 'container': {
      const c = index?.pod(row.key)?.containers.find((x) => x.name === row.container);
      if (!c) return item({ label: row.container, description: vscode.l10n.t('gone'), aria: vscode.l10n.t('Container {name}: gone', { name: row.container }) }, None, row.id);
      return item(containerText(c), None, row.id, c.recommendation ? 'lightbulb' : 'symbol-field');
    }
    case 'autoscaler': {
      const a = index?.autoscalers.get(row.key);
      if (!a) return item({ label: row.key, description: vscode.l10n.t('gone'), aria: vscode.l10n.t('Autoscaler {name}: gone', { name: row.key }) }, None, row.id);
      const namespaces = new Set([...index!.autoscalers.values()].map((x) => x.namespace));
      const unknown = a.metrics.some((m) => m.current === undefined);
      const it = item(autoscalerText(a, namespaces.size > 1), Collapsed, row.id, a.atMax || unknown ? 'warning' : 'graph-line');
      it.contextValue = a.kind === 'ScaledObject' ? 'scaledObject' : 'hpa';
      return it;
    }
    case 'metric': {
      const m = row.metric;
      const aria = m.unknownReason ? vscode.l10n.t('Metric {metric} — {reason}', { metric: m.text, reason: m.unknownReason }) : vscode.l10n.t('Metric {metric}', { metric: m.text });
      return item({ label: m.text, description: m.unknownReason ?? '', aria }, None, row.id, m.current === undefined ? 'question' : 'pulse');
    }
    case 'nodeAutoscaling':
      return item(nodeAutoscalingText(s?.nodeAutoscaling), Collapsed, row.id, 'server-environment');
    case 'karpenter': {
      const k = s?.nodeAutoscaling?.karpenter;
      const open = k?.installed && k.nodePools.length > 0 && k.nodePools.length <= EXPAND_UP_TO;
      const hasRows = !!k?.problem || !!(k?.installed && (k.nodePools.length || k.nodeClaims.length));
      return item(karpenterText(k), hasRows ? (open ? Expanded : Collapsed) : None, row.id, k?.installed === false ? 'circle-slash' : 'rocket');
    }
    case 'clusterAutoscaler': {
      const ca = s?.nodeAutoscaling?.clusterAutoscaler;
      const open = ca?.installed && ca.nodeGroups.length > 0 && ca.nodeGroups.length <= EXPAND_UP_TO;
      const hasRows = !!ca?.problem || !!(ca?.installed && ca.nodeGroups.length);
      return item(clusterAutoscalerText(ca), hasRows ? (open ? Expanded : Collapsed) : None, row.id, ca?.installed === false ? 'circle-slash' : 'server-process');
    }
    case 'nodePool': {
      const np = s?.nodeAutoscaling?.karpenter.nodePools.find((x) => x.name === row.name);
      if (!np) return item({ label: row.name, description: vscode.l10n.t('gone'), aria: vscode.l10n.t('NodePool {name}: gone', { name: row.name }) }, None, row.id);
      const claims = s!.nodeAutoscaling!.karpenter.nodeClaims.some((nc) => nc.nodePool === np.name);
      return item(nodePoolText(np), claims ? Expanded : None, row.id, !np.ready || np.limits.some((l) => l.spent) ? 'warning' : 'layers');
    }
    case 'nodeClaim': {
      const nc = s?.nodeAutoscaling?.karpenter.nodeClaims.find((x) => x.name === row.name);
      if (!nc) return item({ label: row.name, description: vscode.l10n.t('gone'), aria: vscode.l10n.t('NodeClaim {name}: gone', { name: row.name }) }, None, row.id);
      const icon = nc.phase === 'initialized' ? 'vm-running' : nc.phase === 'launch failed' ? 'error' : nc.phase === 'drifted' || nc.phase === 'disrupting' ? 'debug-restart' : 'clock';
      return item(nodeClaimText(nc), None, row.id, icon);
    }
    case 'nodeGroup': {
      const g = s?.nodeAutoscaling?.clusterAutoscaler.nodeGroups.find((x) => x.name === row.name);
      if (!g) return item({ label: row.name, description: vscode.l10n.t('gone'), aria: vscode.l10n.t('Node group {name}: gone', { name: row.name }) }, None, row.id);
      return item(nodeGroupText(g), None, row.id, g.atMax || g.backoff || (g.health && g.health !== 'Healthy') ? 'warning' : 'server');
    }
    case 'more': {
      const next = Math.min(PAGE, row.total - row.shown);
      const args = { rest: row.total - row.shown, shown: row.shown, total: row.total, next };
      const it = item(
        {
          label: vscode.l10n.t('Show {next} more…', args),
          description: vscode.l10n.t('{rest} more (showing {shown} of {total})', args),
          aria: vscode.l10n.t('Show {next} more rows; {rest} more (showing {shown} of {total})', args),
        },
        None,
        row.id,
        'ellipsis',
      );
      it.command = { command: SHOW_MORE_COMMAND, title: vscode.l10n.t('Show more'), arguments: [row.parent] };
      return it;
    }
    case 'condition': {
      const c = row.condition;
      const text = [c.reason, c.message].filter(Boolean).join(': ');
      const it = item(
        {
          label: `${c.type} ${c.status}`,
          description: text,
          aria: text
            ? vscode.l10n.t('Condition {type} is {status}: {text}', { type: c.type, status: c.status, text })
            : vscode.l10n.t('Condition {type} is {status}', { type: c.type, status: c.status }),
        },
        None,
        row.id,
        c.status === 'True' ? 'check' : c.status === 'False' ? 'circle-slash' : 'question',
      );
      return it;
    }
  }
}
