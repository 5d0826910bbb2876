// What the cluster view's rows are and which children each has, without `vscode` (unit-tested directly).
// Long lists come in pages; a blocking problem replaces the tree with one row and its actions (its next steps, in
// VS Code words: a VS Code user chooses a kubeconfig file, never passes --kubeconfig).
import type { AutoscalerCondition, AutoscalerMetric, ClusterProblem } from '../../core/cluster/types';
import { msg, t, type Message } from '../../core/l10n';
import { localizedProblem } from '../../core/cluster/problemText';
import { inProgress, type LocalClusterProgress } from '../cluster/localCluster';
import { ids, type SnapshotIndex } from './model';

/** Plain data (the TreeItem is built from it and the current snapshot); the tree keeps one object per id. */
export type Row =
  | { kind: 'root'; id: string }
  | { kind: 'problem'; id: string; problem: ClusterProblem }
  | { kind: 'action'; id: string; title: string; command: { command: string; title: string; arguments?: unknown[] }; icon: string }
  | { kind: 'nodes' | 'pods' | 'autoscalers' | 'nodeAutoscaling' | 'karpenter' | 'clusterAutoscaler'; id: string }
  | { kind: 'nodePool'; id: string; name: string }
  | { kind: 'nodeClaim'; id: string; name: string }
  | { kind: 'nodeGroup'; id: string; name: string }
  | { kind: 'node'; id: string; name: string }
  | { kind: 'namespace'; id: string; namespace: string }
  | { kind: 'workload'; id: string; namespace: string; workload: string }
  | { kind: 'pod'; id: string; key: string }
  /** A container of a pod whose workload has a VPA recommendation: its requests beside the recommendation. */
  | { kind: 'container'; id: string; key: string; container: string }
  | { kind: 'autoscaler'; id: string; key: string }
  | { kind: 'metric'; id: string; metric: AutoscalerMetric }
  | { kind: 'condition'; id: string; condition: AutoscalerCondition }
  /** The local cluster `npm start` is building or starting, or that did not come up. */
  | { kind: 'localCluster'; id: string; progress: LocalClusterProgress }
  /** The rest of a long list: clicking shows another page. */
  | { kind: 'more'; id: string; parent: string; shown: number; total: number };

/** Rows per page of a long list (a namespace with thousands of workloads, a workload with thousands of pods). */
export const PAGE = 500;

/** Shows `limit` rows of `all` (made by `make`), then a "more" row. */
function paged<T>(parent: string, all: T[], limit: number, make: (x: T) => Row): Row[] {
  if (all.length <= limit) return all.map(make);
  return [...all.slice(0, limit).map(make), { kind: 'more', id: `${parent}:more`, parent, shown: limit, total: all.length }];
}

/** Children of `row` (undefined: the top). A blocking problem (no data at all) is the only top row, with its actions. */
export function childrenOf(
  row: Row | undefined,
  index: SnapshotIndex | undefined,
  blocking: ClusterProblem | undefined,
  limit: (id: string) => number = () => PAGE,
  local?: LocalClusterProgress,
): Row[] {
  if (!row) {
    if (blocking) {
      if (inProgress(local)) return localClusterRows(local);
      return [...localClusterRows(local), { kind: 'problem', id: `blocked:${blocking.kind}`, problem: shownProblem(blocking) }];
    }
    return index ? [{ kind: 'root', id: ids.root }] : [];
  }
  // A blocking problem comes without any data: its actions are all the view has.
  if (row.kind === 'problem') return problemActions(row.problem, row.id);
  if (!index) return [];
  const s = index.snapshot;
  switch (row.kind) {
    case 'root':
      return [
        ...s.problems.map((problem, i): Row => ({ kind: 'problem', id: `problem:${i}:${problem.kind}`, problem: shownProblem(problem) })),
        { kind: 'nodes', id: ids.nodes },
        { kind: 'pods', id: ids.pods },
        { kind: 'autoscalers', id: ids.autoscalers },
        ...(s.nodeAutoscaling ? [{ kind: 'nodeAutoscaling', id: ids.nodeAutoscaling } as const] : []),
      ];
    case 'nodes':
      return paged(row.id, [...index.nodes.keys()], limit(row.id), (name) => ({ kind: 'node', id: ids.node(name), name }));
    case 'pods':
      return paged(row.id, [...index.namespaces.keys()], limit(row.id), (namespace) => ({ kind: 'namespace', id: ids.namespace(namespace), namespace }));
    case 'namespace':
      return paged(row.id, [...(index.namespaces.get(row.namespace)?.keys() ?? [])], limit(row.id), (workload) => ({
        kind: 'workload',
        id: ids.workload(row.namespace, workload),
        namespace: row.namespace,
        workload,
      }));
    case 'workload':
      return paged(row.id, index.namespaces.get(row.namespace)?.get(row.workload)?.pods ?? [], limit(row.id), (key) => ({ kind: 'pod', id: ids.pod(key), key }));
    case 'pod': {
      const p = index.pod(row.key);
      if (!p?.containers.some((c) => c.recommendation)) return [];
      return p.containers.map((c): Row => ({ kind: 'container', id: `${row.id}:container:${c.name}`, key: row.key, container: c.name }));
    }
    case 'autoscalers':
      return paged(row.id, [...index.autoscalers.keys()], limit(row.id), (key) => ({ kind: 'autoscaler', id: ids.autoscaler(key), key }));
    case 'autoscaler': {
      const a = index.autoscalers.get(row.key);
      if (!a) return [];
      return [
        ...a.metrics.map((metric, i): Row => ({ kind: 'metric', id: `${row.id}:metric:${i}`, metric })),
        ...a.conditions.map((condition): Row => ({ kind: 'condition', id: `${row.id}:cond:${condition.type}`, condition })),
      ];
    }
    case 'nodeAutoscaling':
      return s.nodeAutoscaling
        ? [
            { kind: 'karpenter', id: 'karpenter' },
            { kind: 'clusterAutoscaler', id: 'cluster-autoscaler' },
          ]
        : [];
    case 'karpenter': {
      const k = s.nodeAutoscaling?.karpenter;
      if (!k) return [];
      const problem: Row[] = k.problem ? [{ kind: 'problem', id: `${row.id}:problem`, problem: shownProblem(k.problem) }] : [];
      const pools = new Set(k.nodePools.map((np) => np.name));
      // NodeClaims sit under their NodePool; one whose NodePool is gone (or unlabelled) under Karpenter itself.
      const orphans = k.nodeClaims.filter((nc) => !nc.nodePool || !pools.has(nc.nodePool));
      return [
        ...problem,
        ...paged(row.id, k.nodePools, limit(row.id), (np): Row => ({ kind: 'nodePool', id: `nodepool:${np.name}`, name: np.name })),
        ...orphans.map((nc): Row => ({ kind: 'nodeClaim', id: `nodeclaim:${nc.name}`, name: nc.name })),
      ];
    }
    case 'nodePool': {
      const claims = s.nodeAutoscaling?.karpenter.nodeClaims.filter((nc) => nc.nodePool === row.name) ?? [];
      return paged(row.id, claims, limit(row.id), (nc) => ({ kind: 'nodeClaim', id: `nodeclaim:${nc.name}`, name: nc.name }));
    }
    case 'clusterAutoscaler': {
      const ca = s.nodeAutoscaling?.clusterAutoscaler;
      if (!ca) return [];
      const problem: Row[] = ca.problem ? [{ kind: 'problem', id: `${row.id}:problem`, problem: shownProblem(ca.problem) }] : [];
      return [...problem, ...paged(row.id, ca.nodeGroups, limit(row.id), (g): Row => ({ kind: 'nodeGroup', id: `nodegroup:${g.name}`, name: g.name }))];
    }
    default:
      return [];
  }
}

/**
 * The row of a local cluster on its way up (it replaces the problem "no kubeconfig yet": the view connects when the
 * cluster is up), or that did not come up (above the problem).
 */
function localClusterRows(local: LocalClusterProgress | undefined): Row[] {
  return local && local.phase !== 'ready' ? [{ kind: 'localCluster', id: 'local-cluster', progress: local }] : [];
}

/** What the user can do about a problem: the doctor and the docs always, and the fix that fits its kind. */
export function problemActions(p: ClusterProblem, id: string): Row[] {
  const action = (key: string, title: string, icon: string, command: string, args: unknown[] = []): Row => ({
    kind: 'action',
    id: `${id}:${key}`,
    title,
    icon,
    command: { command, title, arguments: args },
  });
  const out: Row[] = [];
  // No metrics API: the doctor's finding for it carries the repair that installs metrics-server.
  if (p.kind === 'metrics-api-missing') out.push(action('doctor', t("Install metrics-server (the doctor's repair)"), 'wrench', 'kube-scaling-doctor.diagnoseClusterProblem', [p]));
  else if (p.kind !== 'kubeconfig') out.push(action('doctor', t('Run the Doctor'), 'debug-start', 'kube-scaling-doctor.diagnoseClusterProblem', [p]));
  if (p.kind === 'kubeconfig') {
    out.push(action('choose', t('Choose a kubeconfig file'), 'folder-opened', 'kube-scaling-doctor.chooseKubeconfig'));
    out.push(action('local', t('Start the local cluster'), 'vm-running', 'kube-scaling-doctor.startLocalCluster'));
  }
  if (p.kind === 'kubeconfig' || p.kind === 'unreachable' || p.kind === 'unauthorized') out.push(action('context', t('Switch context'), 'cloud', 'kube-scaling-doctor.switchContext'));
  if (p.kind === 'forbidden') out.push(action('namespace', t('Switch namespace'), 'symbol-namespace', 'kube-scaling-doctor.switchNamespace'));
  if (p.kind === 'unreachable' || p.kind === 'unauthorized' || p.kind === 'error') out.push(action('retry', t('Retry'), 'refresh', 'kube-scaling-doctor.refreshCluster'));
  out.push(action('docs', t('Open the docs'), 'book', 'kube-scaling-doctor.openClusterProblemDocs', [p]));
  return out;
}

/**
 * A problem message of src/core (shared with the CLI) in VS Code words: where it tells a CLI user to pass
 * --kubeconfig, a VS Code user chooses a kubeconfig file or sets kubeScalingDoctor.kubeconfig.
 */
export function vscodeWords(message: string): string {
  return message
    .replace(/Point KUBECONFIG or --kubeconfig at your cluster's kubeconfig/g, "Choose your cluster's kubeconfig file (Scaling Doctor: Choose Kubeconfig File)")
    .replace(/Check --kubeconfig, \$KUBECONFIG or the kubeconfig setting/g, 'Check the kubeScalingDoctor.kubeconfig setting and $KUBECONFIG, or choose another kubeconfig file')
    .replace(/(?:pass |use |with )?--kubeconfig\b/g, 'the kubeScalingDoctor.kubeconfig setting');
}

/**
 * The kubeconfig problems' templates that tell a CLI user about --kubeconfig, each with its VS Code wording (the same
 * placeholders; in English it reads as vscodeWords makes of the CLI's text), so a translated problem gets VS Code words too.
 */
function vscodeTemplate(message: string | Message): string | Message {
  if (typeof message === 'string') return message;
  switch (message.template) {
    case '{file}: {why}. Check --kubeconfig, $KUBECONFIG or the kubeconfig setting.':
      return msg('{file}: {why}. Check the kubeScalingDoctor.kubeconfig setting and $KUBECONFIG, or choose another kubeconfig file.', message.args);
    case "$KUBECONFIG ({files}) names no existing file. Point KUBECONFIG or --kubeconfig at your cluster's kubeconfig (for example the one `aws eks update-kubeconfig` or `kind` writes).":
      return msg(
        "$KUBECONFIG ({files}) names no existing file. Choose your cluster's kubeconfig file (Scaling Doctor: Choose Kubeconfig File) (for example the one `aws eks update-kubeconfig` or `kind` writes).",
        message.args,
      );
    case "{file} does not exist. Point KUBECONFIG or --kubeconfig at your cluster's kubeconfig (for example the one `aws eks update-kubeconfig` or `kind` writes).":
      return msg(
        "{file} does not exist. Choose your cluster's kubeconfig file (Scaling Doctor: Choose Kubeconfig File) (for example the one `aws eks update-kubeconfig` or `kind` writes).",
        message.args,
      );
    default:
      return message;
  }
}

function inVscodeWords(p: ClusterProblem): ClusterProblem {
  const message = vscodeWords(p.message);
  const l10n = p.l10n && { ...p.l10n, message: vscodeTemplate(p.l10n.message) };
  return message === p.message && l10n?.message === p.l10n?.message ? p : { ...p, message, ...(l10n ? { l10n } : {}) };
}

/** A problem as the extension shows it: in VS Code words (no CLI flags) and in VS Code's display language. */
export function shownProblem(p: ClusterProblem): ClusterProblem {
  const inWords = inVscodeWords(p);
  return { ...inWords, ...localizedProblem(inWords) };
}
