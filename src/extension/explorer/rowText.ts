// Text of the cluster view's rows, without `vscode`: a sidebar at its default width shows about
// ROW_CHARS characters of a row (label and description), so the description opens with the numbers
// people compare across rows and the rest follows; the screen-reader label (also the tooltip) says all.
import { cpuText, memoryText } from '../../core/cluster/format';
import { t } from '../../core/l10n';
import type {
  Amounts,
  AutoscalerMetric,
  AutoscalerRow,
  ClusterInfo,
  ClusterProblem,
  ContainerRow,
  NodeAutoscaling,
  NodeClaimRow,
  NodeGroupRow,
  NodePoolRow,
  NodeRow,
  PodRow,
} from '../../core/cluster/types';
import { BARE_PODS, type WorkloadGroup } from './model';
import { localizedProblem } from '../../core/cluster/problemText';

/**
 * Characters of label and description a default-width sidebar shows of a row two levels deep (a node, an
 * autoscaler), as measured in code-server 4.100.3 (test-results/vscode-table.png); each further level about two fewer.
 */
export const ROW_CHARS = 30;

export interface RowText {
  label: string;
  description: string;
  /** For screen readers (and test selectors): the name and every value shown. */
  aria: string;
}

const pct = (n: number | undefined) => (n === undefined ? '?' : `${n}%`);
// Counted nouns: one template per number form (the catalogue needs literals; Chinese and Japanese have one form).
const restarts = (count: number) => (count === 1 ? t('{count} restart', { count }) : t('{count} restarts', { count }));
const podCount = (count: number) => (count === 1 ? t('{count} pod', { count }) : t('{count} pods', { count }));
const nodeCount = (count: number) => (count === 1 ? t('{count} node', { count }) : t('{count} nodes', { count }));
const nodePoolCount = (count: number) => (count === 1 ? t('{count} NodePool', { count }) : t('{count} NodePools', { count }));
const nodeClaimCount = (count: number) => (count === 1 ? t('{count} NodeClaim', { count }) : t('{count} NodeClaims', { count }));
const nodeGroupCount = (count: number) => (count === 1 ? t('{count} node group', { count }) : t('{count} node groups', { count }));

/** The root row: context, version and what the rows cover (all namespaces, or the one chosen). */
export function rootText(info: ClusterInfo | undefined, allNamespaces: boolean): RowText {
  const version = info?.version ?? t('version unknown');
  const scope = allNamespaces ? t('all namespaces') : t('namespace {namespace}', { namespace: info?.namespace ?? 'default' });
  const unknown = t('unknown');
  const args = { context: info?.context ?? unknown, cluster: info?.cluster ?? unknown, server: info?.server ?? unknown, version, scope };
  return {
    label: info?.context ?? t('cluster'),
    description: `${version} · ${scope}`,
    aria: info?.hpaApiVersion
      ? t('Context {context}, cluster {cluster} at {server}, Kubernetes {version}, {scope}; HPAs read as {hpaVersion}', { ...args, hpaVersion: info.hpaApiVersion })
      : t('Context {context}, cluster {cluster} at {server}, Kubernetes {version}, {scope}', args),
  };
}

/** `cpu 6% mem 8%` of allocatable first (what `kubectl top nodes` compares), then the requested shares. */
export function nodeText(n: NodeRow): RowText {
  const state = [!n.ready ? 'NotReady' : '', n.unschedulable ? 'SchedulingDisabled' : ''].filter(Boolean);
  const requested = t('req cpu {cpu}% mem {memory}%', { cpu: n.cpuRequestedPercent, memory: n.memoryRequestedPercent });
  // A node that cannot take pods says so before anything else.
  // Who made the node comes last: the numbers are what rows are compared on.
  const description = [...state, n.usage ? t('cpu {cpu} mem {memory}', { cpu: pct(n.cpuPercent), memory: pct(n.memoryPercent) }) : t('no metrics'), requested, n.madeBy?.name ?? '']
    .filter(Boolean)
    .join(' · ');
  const usage = n.usage
    ? t('CPU {cpu}, {cpuPercent} of allocatable, {cpuRequested}% requested; memory {memory}, {memoryPercent} of allocatable, {memoryRequested}% requested', {
        cpu: cpuText(n.usage.cpuMilli),
        cpuPercent: pct(n.cpuPercent),
        cpuRequested: n.cpuRequestedPercent,
        memory: memoryText(n.usage.memoryBytes),
        memoryPercent: pct(n.memoryPercent),
        memoryRequested: n.memoryRequestedPercent,
      })
    : t('no metrics; CPU {cpuRequested}% requested; memory {memoryRequested}% requested', { cpuRequested: n.cpuRequestedPercent, memoryRequested: n.memoryRequestedPercent });
  const by = !n.madeBy
    ? ''
    : n.madeBy.kind === 'NodePool'
      ? t('; made by Karpenter NodePool {name}', { name: n.madeBy.name })
      : n.madeBy.caNodeGroup
        ? t('; in node group {name} (Cluster Autoscaler node group {caGroup})', { name: n.madeBy.name, caGroup: n.madeBy.caNodeGroup })
        : t('; in node group {name}', { name: n.madeBy.name });
  const condition = `${n.ready ? 'Ready' : 'NotReady'}${n.unschedulable ? ', SchedulingDisabled' : ''}`;
  return { label: n.name, description, aria: t('Node {name}: {usage}; {condition}{by}', { name: n.name, usage, condition, by }) };
}

/** `45%` of request when the pod requests it, else the usage itself (`45m`, `64Mi`). */
function shortUsage(usage: number, percent: number | undefined, text: (v: number) => string): string {
  return percent !== undefined ? `${percent}%` : text(usage);
}

function usageOfRequest(usage: number | undefined, request: number | undefined, percent: number | undefined, text: (v: number) => string): string {
  if (usage === undefined) return '?';
  if (percent !== undefined) return t('{usage} {percent}% of request', { usage: text(usage), percent });
  return request === undefined ? t('{usage} (no request)', { usage: text(usage) }) : text(usage);
}

/**
 * What tells a pod apart from the other pods of its workload, whose row is the pod row's parent: `7d9f8b6c5d-x2x4z` of
 * Deployment checkout's `checkout-7d9f8b6c5d-x2x4z` (its ReplicaSet's pod-template-hash and the random suffix), `0` of
 * StatefulSet db's `db-0`. A pod without a workload keeps its full name, and so does one whose name does not start with
 * its workload's (the API server cuts a generateName to 58 characters before adding the 5 random ones:
 * MaxGeneratedNameLength in k8s.io/apiserver/pkg/storage/names/generate.go).
 */
export function podShortName(p: PodRow): string {
  const prefix = p.workload ? `${p.workload.name}-` : undefined;
  return prefix && p.name.length > prefix.length && p.name.startsWith(prefix) ? p.name.slice(prefix.length) : p.name;
}

/**
 * A pod row under its workload: the part of its name that tells it apart first (podShortName; the full name is in the
 * screen-reader label and the tooltip), then a status that is not Running, `cpu 45% mem 50%` of request and restarts.
 */
export function podText(p: PodRow): RowText {
  const metrics =
    p.usage !== undefined
      ? t('CPU {cpu}; memory {memory}', {
          cpu: usageOfRequest(p.usage.cpuMilli, p.request.cpuMilli, p.cpuPercentOfRequest, cpuText),
          memory: usageOfRequest(p.usage.memoryBytes, p.request.memoryBytes, p.memoryPercentOfRequest, memoryText),
        })
      : p.metrics === 'pending'
        ? t('metrics pending (pod too new)')
        : t('no metrics');
  const short =
    p.usage !== undefined
      ? t('cpu {cpu} mem {memory}', { cpu: shortUsage(p.usage.cpuMilli, p.cpuPercentOfRequest, cpuText), memory: shortUsage(p.usage.memoryBytes, p.memoryPercentOfRequest, memoryText) })
      : p.metrics === 'pending'
        ? t('metrics pending')
        : t('no metrics');
  // A pod no node comes for says why before its (absent) metrics.
  const description = [p.status === 'Running' ? '' : p.status, p.whyNoNode ?? '', short, p.restarts ? restarts(p.restarts) : ''].filter(Boolean).join(' · ');
  const args = { name: p.name, namespace: p.namespace, status: p.status, restarts: restarts(p.restarts), metrics };
  return {
    label: podShortName(p),
    description,
    aria: p.whyNoNode
      ? t('Pod {name} in {namespace}: {status}, {restarts}; {metrics}; no node from Karpenter: {why}', { ...args, why: p.whyNoNode })
      : t('Pod {name} in {namespace}: {status}, {restarts}; {metrics}', args),
  };
}

const amount = (a: Partial<Amounts>, key: keyof Amounts) => (a[key] === undefined ? '?' : key === 'cpuMilli' ? cpuText(a[key]) : memoryText(a[key]));

/**
 * A container's requests beside its VPA recommendation: `req cpu 250m mem 128Mi · VPA cpu 587m mem 250Mi` (the target
 * first, what a request would be set to); the bounds and the VPA's mode in the label for screen readers and the tooltip.
 */
export function containerText(c: ContainerRow): RowText {
  const request = t('req cpu {cpu} mem {memory}', { cpu: amount(c.request, 'cpuMilli'), memory: amount(c.request, 'memoryBytes') });
  const r = c.recommendation;
  const none = t('none');
  const requestAria = t('requests CPU {cpu}, memory {memory}', {
    cpu: c.request.cpuMilli === undefined ? none : cpuText(c.request.cpuMilli),
    memory: c.request.memoryBytes === undefined ? none : memoryText(c.request.memoryBytes),
  });
  if (!r) {
    return {
      label: c.name,
      description: t('{request} · no VPA recommendation', { request }),
      aria: t('Container {name}: {requests}; no VPA recommendation for it', { name: c.name, requests: requestAria }),
    };
  }
  const bound = (key: keyof Amounts) => ({ target: amount(r.target, key), lower: amount(r.lowerBound, key), upper: amount(r.upperBound, key) });
  return {
    label: c.name,
    description: t('{request} · VPA cpu {cpu} mem {memory}', { request, cpu: amount(r.target, 'cpuMilli'), memory: amount(r.target, 'memoryBytes') }),
    aria: t('Container {name}: {requests}; VerticalPodAutoscaler {vpa} (updateMode {mode}) recommends {cpu}, {memory}', {
      name: c.name,
      requests: requestAria,
      vpa: r.vpa,
      mode: r.updateMode,
      cpu: t('CPU {target} (lower bound {lower}, upper bound {upper})', bound('cpuMilli')),
      memory: t('memory {target} (lower bound {lower}, upper bound {upper})', bound('memoryBytes')),
    }),
  };
}

/** A pod's usage as shown: its row's, or fresher (`i`: its place in the list). */
export type UsageOf = (pod: PodRow, i: number) => Amounts | undefined;

/**
 * Usage over requests summed over all pods (the ratio HPA utilization uses); undefined unless every pod has both.
 * `usageOf` gives a pod's usage when its row may be older than it (SnapshotIndex.usageOf).
 */
export function shareOfRequest(pods: PodRow[], key: 'cpuMilli' | 'memoryBytes', usageOf: UsageOf = (p) => p.usage): { used: number; percent: number } | undefined {
  let used = 0;
  let requested = 0;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i];
    const u = usageOf(p, i)?.[key];
    const r = p.request[key];
    if (u === undefined || r === undefined) return undefined;
    used += u;
    requested += r;
  }
  return requested > 0 ? { used, percent: Math.floor((used * 100) / requested) } : undefined;
}

/** The autoscaler that scales a workload group (`Deployment/web`): a ScaledObject before the HPA KEDA made for it. */
export function scalerOf(g: WorkloadGroup, autoscalers: Iterable<AutoscalerRow>): AutoscalerRow | undefined {
  let found: AutoscalerRow | undefined;
  for (const a of autoscalers) {
    if (a.namespace !== g.namespace || `${a.target.kind}/${a.target.name}` !== g.name) continue;
    if (a.kind === 'ScaledObject') return a;
    found ??= a;
  }
  return found;
}

/** Compact `name current/target` of an autoscaler metric (`cpu 45%/50%`). */
const metricShort = (m: AutoscalerMetric) => `${m.name} ${m.current ?? '?'}/${m.target}`;

/**
 * The metrics a workload's autoscaler scales on (cpu and memory as its pods' usage over requests, the others as the
 * autoscaler reports them), or cpu and memory when nothing scales it; then `2/3 running`.
 */
export function workloadText(g: WorkloadGroup, pods: PodRow[], scaler?: AutoscalerRow, usageOf?: UsageOf): RowText {
  const running = pods.filter((p) => p.status === 'Running').length;
  const scaled = scaler?.metrics.map((m) => m.name) ?? [];
  const wanted = scaler ? scaled : ['cpu', 'memory'];
  const short: string[] = [];
  const long: string[] = [];
  const seen = new Set<string>();
  for (const name of wanted) {
    if (seen.has(name)) continue;
    seen.add(name);
    if (name === 'cpu' || name === 'memory') {
      const s = shareOfRequest(pods, name === 'cpu' ? 'cpuMilli' : 'memoryBytes', usageOf);
      if (!s) continue;
      short.push(`${name === 'cpu' ? 'cpu' : 'mem'} ${s.percent}%`);
      const used = { used: name === 'cpu' ? cpuText(s.used) : memoryText(s.used), percent: s.percent };
      long.push(name === 'cpu' ? t('CPU {used} {percent}% of request', used) : t('memory {used} {percent}% of request', used));
    } else {
      const m = scaler!.metrics.find((x) => x.name === name)!;
      short.push(metricShort(m));
      long.push(t('{metric} {current} (target {target})', { metric: m.name, current: m.current ?? t('unknown'), target: m.target }));
    }
  }
  // The name alone as the label (`web`), its kind last: `Deployment/web` left no room for the numbers.
  const slash = g.name === BARE_PODS ? -1 : g.name.indexOf('/');
  const details = [t('{pods}, {running} running', { pods: podCount(pods.length), running }), ...long];
  if (scaler) details.push(t('scaled by {kind} {name}', { kind: scaler.kind, name: scaler.name }));
  const args = { workload: g.name, namespace: g.namespace, details: details.join('; ') };
  return {
    label: slash < 0 ? g.name : g.name.slice(slash + 1),
    description: [short.join(' '), t('{running}/{total} running', { running, total: pods.length }), slash < 0 ? '' : g.name.slice(0, slash)].filter(Boolean).join(' · '),
    aria: g.name === BARE_PODS ? t('Pods without a workload in {namespace}: {details}', args) : t('Workload {workload} in {namespace}: {details}', args),
  };
}

/** `cpu 45%/50% · 3 (1–3) · at max · HPA`: each metric against its target first, then replicas. */
export function autoscalerText(a: AutoscalerRow, showNamespace: boolean): RowText {
  const targets = a.metrics.length ? a.metrics.map((m) => m.text).join(', ') : '<none>';
  const range = `${a.minReplicas ?? '?'}–${a.maxReplicas ?? '?'}`;
  const kind = a.kind === 'ScaledObject' ? 'ScaledObject' : 'HPA';
  const label = showNamespace ? `${a.namespace}/${a.name}` : a.name;
  const metrics = a.metrics.length ? a.metrics.slice(0, 2).map(metricShort).join(' ') + (a.metrics.length > 2 ? ` +${a.metrics.length - 2}` : '') : t('no metrics');
  const unknown = t('unknown');
  const replicas = { current: a.currentReplicas ?? unknown, min: a.minReplicas ?? unknown, max: a.maxReplicas ?? unknown };
  const details = [
    // desiredReplicas is 0 while the controller cannot compute it: not a target worth reading out.
    a.desiredReplicas && a.desiredReplicas !== a.currentReplicas
      ? t('replicas {current}, min {min}, max {max}, desired {desired}', { ...replicas, desired: a.desiredReplicas })
      : t('replicas {current}, min {min}, max {max}', replicas),
    ...(a.atMax ? [t('at maxReplicas: it cannot scale further')] : []),
    ...a.metrics.filter((m) => m.unknownReason).map((m) => t('{metric} unknown: {reason}', { metric: m.name, reason: m.unknownReason! })),
    ...(a.apiVersion ? [t('read as {apiVersion}', { apiVersion: a.apiVersion })] : []),
  ];
  return {
    label,
    description: [metrics, `${a.currentReplicas ?? '?'} (${range})`, a.atMax ? t('at max') : '', kind].filter(Boolean).join(' · '),
    aria: t('{kind} {name} in {namespace}, scales {targetKind} {targetName}: {targets}; {details}', {
      kind: a.kind,
      name: a.name,
      namespace: a.namespace,
      targetKind: a.target.kind,
      targetName: a.target.name,
      targets,
      details: details.join('; '),
    }),
  };
}

export function problemText(p: ClusterProblem): RowText {
  return { label: p.title, description: p.message.split('\n')[0], aria: t('Problem: {title}. {message}', { title: p.title, message: p.message }) };
}

/** The group's row: which node autoscalers the cluster has. */
export function nodeAutoscalingText(n: NodeAutoscaling | undefined): RowText {
  const label = t('Node autoscaling');
  if (!n) return { label, description: t('reading…'), aria: t('Node autoscaling: reading') };
  const k = n.karpenter.installed ? nodePoolCount(n.karpenter.nodePools.length) : '';
  const ca = n.clusterAutoscaler.installed ? nodeGroupCount(n.clusterAutoscaler.nodeGroups.length) : '';
  const text = [k, ca].filter(Boolean).join(' · ') || (n.karpenter.installed === false && n.clusterAutoscaler.installed === false ? t('none installed') : t('unknown'));
  return { label, description: text, aria: t('Node autoscaling: {state}', { state: text }) };
}

/** `not installed`, or its NodePools and NodeClaims counted. */
export function karpenterText(k: NodeAutoscaling['karpenter'] | undefined): RowText {
  const text =
    !k || k.installed === undefined
      ? k?.problem
        ? localizedProblem(k.problem).title
        : t('unknown')
      : !k.installed
        ? t('not installed')
        : `${nodePoolCount(k.nodePools.length)} · ${nodeClaimCount(k.nodeClaims.length)}`;
  const aria =
    k?.installed === false
      ? t('Karpenter: {state} (the API server does not serve karpenter.sh/v1 NodePools)', { state: text })
      : k?.problem
        ? t('Karpenter: {state}; {problem}', { state: text, problem: localizedProblem(k.problem).title })
        : t('Karpenter: {state}', { state: text });
  return { label: 'Karpenter', description: text, aria };
}

/** `not installed` (no status ConfigMap), or its node groups and the autoscaler's own status. */
export function clusterAutoscalerText(ca: NodeAutoscaling['clusterAutoscaler'] | undefined): RowText {
  const text =
    !ca || ca.installed === undefined
      ? ca?.problem
        ? localizedProblem(ca.problem).title
        : t('unknown')
      : !ca.installed
        ? t('not installed')
        : [nodeGroupCount(ca.nodeGroups.length), ca.autoscalerStatus && ca.autoscalerStatus !== 'Running' ? ca.autoscalerStatus : ''].filter(Boolean).join(' · ');
  const state =
    ca?.installed === false
      ? t('{state} (no ConfigMap kube-system/cluster-autoscaler-status)', { state: text })
      : ca?.problem && ca.installed
        ? t('{state}; {problem}', { state: text, problem: localizedProblem(ca.problem).title })
        : text;
  const aria = ca?.statusTime ? t('Cluster Autoscaler: {state}; status written {time}', { state, time: ca.statusTime }) : t('Cluster Autoscaler: {state}', { state });
  return { label: 'Cluster Autoscaler', description: text, aria };
}

/** `2 nodes · cpu 3/1000 · WhenEmpty after Never`: nodes and limits first, then disruption. */
export function nodePoolText(np: NodePoolRow): RowText {
  const limits = np.limits.map((l) => {
    const args = { resource: l.resource, used: l.used, limit: l.limit };
    return l.spent ? t('{resource} {used}/{limit} spent', args) : `${l.resource} ${l.used}/${l.limit}`;
  });
  const after = np.consolidateAfter ? t('after {duration}', { duration: np.consolidateAfter }) : '';
  const disruption = [np.consolidationPolicy ?? '', after].filter(Boolean).join(' ');
  const description = [np.ready ? '' : t('not ready'), nodeCount(np.nodes ?? 0), limits.length ? limits.join(' ') : t('no limits'), disruption].filter(Boolean).join(' · ');
  const limitsAria = np.limits.map((l) => {
    const args = { resource: l.resource, used: l.used, limit: l.limit };
    return l.spent ? t('{resource} {used} used of {limit}, spent', args) : t('{resource} {used} used of {limit}', args);
  });
  const policy = np.consolidationPolicy ?? t('default');
  const details = [
    nodeCount(np.nodes ?? 0),
    limitsAria.length ? t('limits {limits}', { limits: limitsAria.join(', ') }) : t('no limits'),
    np.consolidateAfter ? t('consolidation {policy} after {duration}', { policy, duration: np.consolidateAfter }) : t('consolidation {policy}', { policy }),
    np.budgets.length ? t('budgets {budgets}', { budgets: np.budgets.join(', ') }) : t('budgets default (nodes 10%)'),
    `NodeClass ${np.nodeClass}`,
    np.notReady ? np.notReady : 'Ready',
  ];
  const args = { name: np.name, details: details.join('; ') };
  const aria = np.weight ? t('NodePool {name} (weight {weight}): {details}', { ...args, weight: np.weight }) : t('NodePool {name}: {details}', args);
  return { label: np.name, description, aria };
}

/** `initialized · <node>`: the phase first. */
export function nodeClaimText(nc: NodeClaimRow): RowText {
  return {
    label: nc.name,
    description: [nc.phase, nc.nodeName ?? '', nc.instanceType ?? ''].filter(Boolean).join(' · '),
    aria: nodeClaimAria(nc),
  };
}

function nodeClaimAria(nc: NodeClaimRow): string {
  const details = [
    nc.phaseReason ? `${nc.phase} (${nc.phaseReason})` : nc.phase,
    nc.nodeName ? t('node {name}', { name: nc.nodeName }) : t('no node yet'),
    ...(nc.instanceType ? [t('instance type {type}', { type: nc.instanceType })] : []),
  ].join('; ');
  return nc.nodePool ? t('NodeClaim {name} of NodePool {pool}: {details}', { name: nc.name, pool: nc.nodePool, details }) : t('NodeClaim {name}: {details}', { name: nc.name, details });
}

/**
 * An Auto Scaling group name without the suffixes EKS adds (`eks-general-<creation time>-<uuid>` → `eks-general…`), so
 * the numbers fit beside it; the tooltip has the whole name.
 */
export function shortGroupName(name: string): string {
  const m = /^(.+?)(?:-\d{20,})?-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.exec(name);
  return m ? `${m[1]}…` : name;
}

/** `3 (1–3) · target 3 · at max`: current size against min and max first, as CA's status has them. */
export function nodeGroupText(g: NodeGroupRow): RowText {
  const n = (v: number | undefined) => (v === undefined ? '?' : String(v));
  const description = [
    `${n(g.current)} (${n(g.minSize)}–${n(g.maxSize)})`,
    g.target !== undefined && g.target !== g.current ? t('target {target}', { target: g.target }) : '',
    g.atMax ? t('at max') : '',
    g.backoff ? t('backoff') : '',
    g.health && g.health !== 'Healthy' ? g.health : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const unknown = t('unknown');
  const details = [
    t('{current} nodes registered, {ready} ready, target {target}, min {min}, max {max}', { current: n(g.current), ready: n(g.ready), target: n(g.target), min: n(g.minSize), max: n(g.maxSize) }),
    ...(g.atMax ? [t('at its maximum: it cannot grow')] : []),
    t('health {health}', { health: g.health ?? unknown }),
    t('scale-up {state}', { state: g.scaleUp ?? unknown }),
    ...(g.backoff ? [t('in backoff: {why}', { why: g.backoff })] : []),
  ];
  const aria = t('Cluster Autoscaler node group {name}: {details}', { name: g.name, details: details.join('; ') });
  return { label: shortGroupName(g.name), description, aria };
}
