// Rows of the cluster view: what each row's children are, and its TreeItem (text, icon, tooltip, and the
// accessibility label that screen readers read and tests select on).
import * as vscode from 'vscode';
import type { AutoscalerCondition, AutoscalerMetric, ClusterProblem } from '../../core/cluster/types';
import { autoscalerText, BARE_PODS, ids, nodeText, podText, problemText, workloadText, type RowText, type SnapshotIndex } from './model';

/** Plain data; the tree keeps one object per id. */
export type Row =
  | { kind: 'root'; id: string }
  | { kind: 'problem'; id: string; problem: ClusterProblem }
  | { kind: 'action'; id: string; title: string; command: vscode.Command; icon: string }
  | { kind: 'nodes' | 'pods' | 'autoscalers'; id: string }
  | { kind: 'node'; id: string; name: string }
  | { kind: 'namespace'; id: string; namespace: string }
  | { kind: 'workload'; id: string; namespace: string; workload: string }
  | { kind: 'pod'; id: string; key: string }
  | { kind: 'autoscaler'; id: string; key: string }
  | { kind: 'metric'; id: string; metric: AutoscalerMetric }
  | { kind: 'condition'; id: string; condition: AutoscalerCondition };

/** Children of `row` (undefined: the top). A blocking problem (no data at all) is the only top row, with its actions. */
export function childrenOf(row: Row | undefined, index: SnapshotIndex | undefined, blocking: ClusterProblem | undefined): Row[] {
  if (!row) {
    if (blocking) return [{ kind: 'problem', id: `blocked:${blocking.kind}`, problem: blocking }];
    return index ? [{ kind: 'root', id: ids.root }] : [];
  }
  if (!index) return [];
  const s = index.snapshot;
  switch (row.kind) {
    case 'root':
      return [
        ...s.problems.map((problem, i): Row => ({ kind: 'problem', id: `problem:${i}:${problem.kind}`, problem })),
        { kind: 'nodes', id: ids.nodes },
        { kind: 'pods', id: ids.pods },
        { kind: 'autoscalers', id: ids.autoscalers },
      ];
    case 'problem':
      return problemActions(row.problem, row.id);
    case 'nodes':
      return [...index.nodes.keys()].map((name) => ({ kind: 'node', id: ids.node(name), name }));
    case 'pods':
      return [...index.namespaces.keys()].map((namespace) => ({ kind: 'namespace', id: ids.namespace(namespace), namespace }));
    case 'namespace':
      return [...(index.namespaces.get(row.namespace)?.keys() ?? [])].map((workload) => ({ kind: 'workload', id: ids.workload(row.namespace, workload), namespace: row.namespace, workload }));
    case 'workload':
      return (index.namespaces.get(row.namespace)?.get(row.workload)?.pods ?? []).map((key) => ({ kind: 'pod', id: ids.pod(key), key }));
    case 'autoscalers':
      return [...index.autoscalers.keys()].map((key) => ({ kind: 'autoscaler', id: ids.autoscaler(key), key }));
    case 'autoscaler': {
      const a = index.autoscalers.get(row.key);
      if (!a) return [];
      return [
        ...a.metrics.map((metric, i): Row => ({ kind: 'metric', id: `${row.id}:metric:${i}`, metric })),
        ...a.conditions.map((condition): Row => ({ kind: 'condition', id: `${row.id}:cond:${condition.type}`, condition })),
      ];
    }
    default:
      return [];
  }
}

/** What the user can do about a problem: the doctor and the docs always, and the fix that fits its kind. */
function problemActions(p: ClusterProblem, id: string): Row[] {
  const action = (key: string, title: string, icon: string, command: string, args: unknown[] = []): Row => ({ kind: 'action', id: `${id}:${key}`, title, icon, command: { command, title, arguments: args } });
  const out: Row[] = [];
  if (p.kind !== 'kubeconfig') out.push(action('doctor', 'Run the Doctor', 'debug-start', 'kube-scaling-doctor.diagnoseClusterProblem', [p]));
  if (p.kind === 'kubeconfig') out.push(action('choose', 'Choose a kubeconfig file', 'folder-opened', 'kube-scaling-doctor.chooseKubeconfig'));
  if (p.kind === 'kubeconfig' || p.kind === 'unreachable' || p.kind === 'unauthorized') out.push(action('context', 'Switch context', 'cloud', 'kube-scaling-doctor.switchContext'));
  if (p.kind === 'forbidden') out.push(action('namespace', 'Switch namespace', 'symbol-namespace', 'kube-scaling-doctor.switchNamespace'));
  if (p.kind === 'unreachable' || p.kind === 'unauthorized' || p.kind === 'error') out.push(action('retry', 'Retry', 'refresh', 'kube-scaling-doctor.refreshCluster'));
  out.push(action('docs', 'Open the docs', 'book', 'kube-scaling-doctor.openClusterProblemDocs', [p]));
  return out;
}

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
/** Groups with at most this many rows start expanded. */
export const EXPAND_UP_TO = 20;

export function buildItem(row: Row, index: SnapshotIndex | undefined): vscode.TreeItem {
  const s = index?.snapshot;
  switch (row.kind) {
    case 'root': {
      const info = s?.info;
      const version = info?.version ?? 'version unknown';
      const metricsAt = s?.metricsAt ? ` · metrics ${new Date(s.metricsAt).toLocaleTimeString()}` : '';
      const it = item(
        {
          label: info?.context ?? 'cluster',
          description: `${version}${metricsAt}`,
          aria: `Context ${info?.context ?? 'unknown'}, cluster ${info?.cluster ?? 'unknown'} at ${info?.server ?? 'unknown'}, Kubernetes ${version}, namespace ${info?.namespace ?? 'all'}${metricsAt.replace(' · metrics', '; metrics read at')}`,
        },
        Expanded,
        row.id,
        'cloud',
      );
      it.contextValue = 'cluster';
      return it;
    }
    case 'problem': {
      const it = item(problemText(row.problem), Expanded, row.id, row.id.startsWith('blocked:') ? 'error' : 'warning');
      it.tooltip = new vscode.MarkdownString(`**${row.problem.title}**\n\n${row.problem.message}`);
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
      return item({ label: 'Nodes', description: String(n), aria: `Nodes: ${n}` }, n > 0 && n <= EXPAND_UP_TO ? Expanded : Collapsed, row.id, 'server');
    }
    case 'pods': {
      const n = index?.namespaces.size ?? 0;
      const pods = index?.pods.size ?? 0;
      const t = `${pods} in ${n} namespace${n === 1 ? '' : 's'}`;
      return item({ label: 'Pods', description: t, aria: `Pods: ${t}` }, Collapsed, row.id, 'package');
    }
    case 'autoscalers': {
      const n = index?.autoscalers.size ?? 0;
      return item({ label: 'Autoscalers', description: String(n), aria: `Autoscalers: ${n}` }, n > 0 && n <= EXPAND_UP_TO ? Expanded : Collapsed, row.id, 'graph-line');
    }
    case 'node': {
      const n = index?.nodes.get(row.name);
      if (!n) return item({ label: row.name, description: 'gone', aria: `Node ${row.name}: gone` }, None, row.id);
      return item(nodeText(n), None, row.id, n.ready ? 'vm-running' : 'vm-outline');
    }
    case 'namespace': {
      const w = index?.namespaces.get(row.namespace)?.size ?? 0;
      const t = `${w} workload${w === 1 ? '' : 's'}`;
      return item({ label: row.namespace, description: t, aria: `Namespace ${row.namespace}: ${t}` }, Collapsed, row.id, 'symbol-namespace');
    }
    case 'workload': {
      const g = index?.namespaces.get(row.namespace)?.get(row.workload);
      const pods = (g?.pods ?? []).map((k) => index!.pods.get(k)!).filter(Boolean);
      const t = g ? workloadText(g, pods) : { label: row.workload, description: 'gone', aria: `${row.workload}: gone` };
      return item(t, Collapsed, row.id, row.workload === BARE_PODS ? 'circle-outline' : 'layers');
    }
    case 'pod': {
      const p = index?.pods.get(row.key);
      if (!p) return item({ label: row.key, description: 'gone', aria: `Pod ${row.key}: gone` }, None, row.id);
      const icon = p.status === 'Running' ? 'pass' : p.status === 'Completed' || p.status === 'Succeeded' ? 'check' : p.status === 'Pending' || p.status === 'ContainerCreating' ? 'clock' : 'error';
      return item(podText(p), None, row.id, icon);
    }
    case 'autoscaler': {
      const a = index?.autoscalers.get(row.key);
      if (!a) return item({ label: row.key, description: 'gone', aria: `Autoscaler ${row.key}: gone` }, None, row.id);
      const namespaces = new Set([...index!.autoscalers.values()].map((x) => x.namespace));
      const unknown = a.metrics.some((m) => m.current === undefined);
      const it = item(autoscalerText(a, namespaces.size > 1), Collapsed, row.id, a.atMax || unknown ? 'warning' : 'graph-line');
      it.contextValue = a.kind === 'ScaledObject' ? 'scaledObject' : 'hpa';
      return it;
    }
    case 'metric': {
      const m = row.metric;
      const reason = m.unknownReason ? ` — ${m.unknownReason}` : '';
      return item({ label: m.text, description: m.unknownReason ?? '', aria: `Metric ${m.text}${reason}` }, None, row.id, m.current === undefined ? 'question' : 'pulse');
    }
    case 'condition': {
      const c = row.condition;
      const text = [c.reason, c.message].filter(Boolean).join(': ');
      const it = item({ label: `${c.type} ${c.status}`, description: text, aria: `Condition ${c.type} is ${c.status}${text ? `: ${text}` : ''}` }, None, row.id, c.status === 'True' ? 'check' : c.status === 'False' ? 'circle-slash' : 'question');
      return it;
    }
  }
}
