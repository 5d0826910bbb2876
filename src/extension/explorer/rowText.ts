// Text of the cluster view's rows, without `vscode`: a sidebar at its default width shows about
// ROW_CHARS characters of a row (label and description), so the description opens with the numbers
// people compare across rows and the rest follows; the screen-reader label (also the tooltip) says all.
import { cpuText, memoryText } from '../../core/cluster/format';
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
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The root row: context, version and what the rows cover (all namespaces, or the one chosen). */
export function rootText(info: ClusterInfo | undefined, allNamespaces: boolean): RowText {
  const version = info?.version ?? 'version unknown';
  const scope = allNamespaces ? 'all namespaces' : `namespace ${info?.namespace ?? 'default'}`;
  return {
    label: info?.context ?? 'cluster',
    description: `${version} · ${scope}`,
    aria: `Context ${info?.context ?? 'unknown'}, cluster ${info?.cluster ?? 'unknown'} at ${info?.server ?? 'unknown'}, Kubernetes ${version}, ${scope}${info?.hpaApiVersion ? `; HPAs read as ${info.hpaApiVersion}` : ''}`,
  };
}

/** `cpu 6% mem 8%` of allocatable first (what `kubectl top nodes` compares), then the requested shares. */
export function nodeText(n: NodeRow): RowText {
  const state = [!n.ready ? 'NotReady' : '', n.unschedulable ? 'SchedulingDisabled' : ''].filter(Boolean);
  const requested = `req cpu ${n.cpuRequestedPercent}% mem ${n.memoryRequestedPercent}%`;
  // A node that cannot take pods says so before anything else.
  // Who made the node comes last: the numbers are what rows are compared on.
  const description = [...state, n.usage ? `cpu ${pct(n.cpuPercent)} mem ${pct(n.memoryPercent)}` : 'no metrics', requested, n.madeBy?.name ?? ''].filter(Boolean).join(' · ');
  const usage = n.usage
    ? `CPU ${cpuText(n.usage.cpuMilli)}, ${pct(n.cpuPercent)} of allocatable, ${n.cpuRequestedPercent}% requested; memory ${memoryText(n.usage.memoryBytes)}, ${pct(n.memoryPercent)} of allocatable, ${n.memoryRequestedPercent}% requested`
    : `no metrics; CPU ${n.cpuRequestedPercent}% requested; memory ${n.memoryRequestedPercent}% requested`;
  const by = !n.madeBy
    ? ''
    : n.madeBy.kind === 'NodePool'
      ? `; made by Karpenter NodePool ${n.madeBy.name}`
      : `; in node group ${n.madeBy.name}${n.madeBy.caNodeGroup ? ` (Cluster Autoscaler node group ${n.madeBy.caNodeGroup})` : ''}`;
  return { label: n.name, description, aria: `Node ${n.name}: ${usage}; ${n.ready ? 'Ready' : 'NotReady'}${n.unschedulable ? ', SchedulingDisabled' : ''}${by}` };
}

/** `45%` of request when the pod requests it, else the usage itself (`45m`, `64Mi`). */
function shortUsage(usage: number, percent: number | undefined, text: (v: number) => string): string {
  return percent !== undefined ? `${percent}%` : text(usage);
}

function usageOfRequest(usage: number | undefined, request: number | undefined, percent: number | undefined, text: (v: number) => string): string {
  if (usage === undefined) return '?';
  const of = percent !== undefined ? ` ${percent}% of request` : request === undefined ? ' (no request)' : '';
  return `${text(usage)}${of}`;
}

/** A pod that is not Running opens with its status; else `cpu 45% mem 50%` of request, then restarts. */
export function podText(p: PodRow): RowText {
  const metrics =
    p.usage !== undefined
      ? `cpu ${usageOfRequest(p.usage.cpuMilli, p.request.cpuMilli, p.cpuPercentOfRequest, cpuText)} · mem ${usageOfRequest(p.usage.memoryBytes, p.request.memoryBytes, p.memoryPercentOfRequest, memoryText)}`
      : p.metrics === 'pending'
        ? 'metrics pending (pod too new)'
        : 'no metrics';
  const short =
    p.usage !== undefined
      ? `cpu ${shortUsage(p.usage.cpuMilli, p.cpuPercentOfRequest, cpuText)} mem ${shortUsage(p.usage.memoryBytes, p.memoryPercentOfRequest, memoryText)}`
      : p.metrics === 'pending'
        ? 'metrics pending'
        : 'no metrics';
  const restarts = plural(p.restarts, 'restart');
  // A pod no node comes for says why before its (absent) metrics.
  const description = [p.status === 'Running' ? '' : p.status, p.whyNoNode ?? '', short, p.restarts ? restarts : ''].filter(Boolean).join(' · ');
  return {
    label: p.name,
    description,
    aria: `Pod ${p.name} in ${p.namespace}: ${p.status}, ${restarts}; ${metrics
      .replace(/ · /g, '; ')
      .replace(/\bcpu\b/, 'CPU')
      .replace(/\bmem\b/, 'memory')}${p.whyNoNode ? `; no node from Karpenter: ${p.whyNoNode}` : ''}`,
  };
}

const amount = (a: Partial<Amounts>, key: keyof Amounts) => (a[key] === undefined ? '?' : key === 'cpuMilli' ? cpuText(a[key]) : memoryText(a[key]));

/**
 * A container's requests beside its VPA recommendation: `req cpu 250m mem 128Mi · VPA cpu 587m mem 250Mi` (the target
 * first, what a request would be set to); the bounds and the VPA's mode in the label for screen readers and the tooltip.
 */
export function containerText(c: ContainerRow): RowText {
  const request = `req cpu ${amount(c.request, 'cpuMilli')} mem ${amount(c.request, 'memoryBytes')}`;
  const r = c.recommendation;
  const requestAria = `requests CPU ${c.request.cpuMilli === undefined ? 'none' : cpuText(c.request.cpuMilli)}, memory ${c.request.memoryBytes === undefined ? 'none' : memoryText(c.request.memoryBytes)}`;
  if (!r) return { label: c.name, description: `${request} · no VPA recommendation`, aria: `Container ${c.name}: ${requestAria}; no VPA recommendation for it` };
  const bound = (key: keyof Amounts, name: string) => `${name} ${amount(r.target, key)} (lower bound ${amount(r.lowerBound, key)}, upper bound ${amount(r.upperBound, key)})`;
  return {
    label: c.name,
    description: `${request} · VPA cpu ${amount(r.target, 'cpuMilli')} mem ${amount(r.target, 'memoryBytes')}`,
    aria: `Container ${c.name}: ${requestAria}; VerticalPodAutoscaler ${r.vpa} (updateMode ${r.updateMode}) recommends ${bound('cpuMilli', 'CPU')}, ${bound('memoryBytes', 'memory')}`,
  };
}

/** Usage over requests summed over all pods (the ratio HPA utilization uses); undefined unless every pod has both. */
export function shareOfRequest(pods: PodRow[], key: 'cpuMilli' | 'memoryBytes'): { used: number; percent: number } | undefined {
  let used = 0;
  let requested = 0;
  for (const p of pods) {
    const u = p.usage?.[key];
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
export function workloadText(g: WorkloadGroup, pods: PodRow[], scaler?: AutoscalerRow): RowText {
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
      const s = shareOfRequest(pods, name === 'cpu' ? 'cpuMilli' : 'memoryBytes');
      if (!s) continue;
      short.push(`${name === 'cpu' ? 'cpu' : 'mem'} ${s.percent}%`);
      long.push(`${name === 'cpu' ? 'CPU' : 'memory'} ${name === 'cpu' ? cpuText(s.used) : memoryText(s.used)} ${s.percent}% of request`);
    } else {
      const m = scaler!.metrics.find((x) => x.name === name)!;
      short.push(metricShort(m));
      long.push(`${m.name} ${m.current ?? 'unknown'} (target ${m.target})`);
    }
  }
  const count = `${plural(pods.length, 'pod')}, ${running} running`;
  const scaledBy = scaler ? `; scaled by ${scaler.kind} ${scaler.name}` : '';
  // The name alone as the label (`web`), its kind last: `Deployment/web` left no room for the numbers.
  const slash = g.name === BARE_PODS ? -1 : g.name.indexOf('/');
  return {
    label: slash < 0 ? g.name : g.name.slice(slash + 1),
    description: [short.join(' '), `${running}/${pods.length} running`, slash < 0 ? '' : g.name.slice(0, slash)].filter(Boolean).join(' · '),
    aria: `${g.name === BARE_PODS ? 'Pods without a workload' : `Workload ${g.name}`} in ${g.namespace}: ${count}${long.map((l) => `; ${l}`).join('')}${scaledBy}`,
  };
}

/** `cpu 45%/50% · 3 (1–3) · at max · HPA`: each metric against its target first, then replicas. */
export function autoscalerText(a: AutoscalerRow, showNamespace: boolean): RowText {
  const targets = a.metrics.length ? a.metrics.map((m) => m.text).join(', ') : '<none>';
  const range = `${a.minReplicas ?? '?'}–${a.maxReplicas ?? '?'}`;
  const kind = a.kind === 'ScaledObject' ? 'ScaledObject' : 'HPA';
  const label = showNamespace ? `${a.namespace}/${a.name}` : a.name;
  const metrics = a.metrics.length ? a.metrics.slice(0, 2).map(metricShort).join(' ') + (a.metrics.length > 2 ? ` +${a.metrics.length - 2}` : '') : 'no metrics';
  return {
    label,
    description: [metrics, `${a.currentReplicas ?? '?'} (${range})`, a.atMax ? 'at max' : '', kind].filter(Boolean).join(' · '),
    aria:
      `${a.kind} ${a.name} in ${a.namespace}, scales ${a.target.kind} ${a.target.name}: ${targets}; ` +
      `replicas ${a.currentReplicas ?? 'unknown'}, min ${a.minReplicas ?? 'unknown'}, max ${a.maxReplicas ?? 'unknown'}` +
      // desiredReplicas is 0 while the controller cannot compute it: not a target worth reading out.
      (a.desiredReplicas && a.desiredReplicas !== a.currentReplicas ? `, desired ${a.desiredReplicas}` : '') +
      (a.atMax ? '; at maxReplicas: it cannot scale further' : '') +
      a.metrics
        .filter((m) => m.unknownReason)
        .map((m) => `; ${m.name} unknown: ${m.unknownReason}`)
        .join('') +
      (a.apiVersion ? `; read as ${a.apiVersion}` : ''),
  };
}

export function problemText(p: ClusterProblem): RowText {
  return { label: p.title, description: p.message.split('\n')[0], aria: `Problem: ${p.title}. ${p.message}` };
}

/** The group's row: which node autoscalers the cluster has. */
export function nodeAutoscalingText(n: NodeAutoscaling | undefined): RowText {
  if (!n) return { label: 'Node autoscaling', description: 'reading…', aria: 'Node autoscaling: reading' };
  const k = n.karpenter.installed ? plural(n.karpenter.nodePools.length, 'NodePool') : '';
  const ca = n.clusterAutoscaler.installed ? plural(n.clusterAutoscaler.nodeGroups.length, 'node group') : '';
  const t = [k, ca].filter(Boolean).join(' · ') || (n.karpenter.installed === false && n.clusterAutoscaler.installed === false ? 'none installed' : 'unknown');
  return { label: 'Node autoscaling', description: t, aria: `Node autoscaling: ${t}` };
}

/** `not installed`, or its NodePools and NodeClaims counted. */
export function karpenterText(k: NodeAutoscaling['karpenter'] | undefined): RowText {
  const t =
    !k || k.installed === undefined
      ? k?.problem
        ? k.problem.title
        : 'unknown'
      : !k.installed
        ? 'not installed'
        : `${plural(k.nodePools.length, 'NodePool')} · ${plural(k.nodeClaims.length, 'NodeClaim')}`;
  const why = k?.installed === false ? ' (the API server does not serve karpenter.sh/v1 NodePools)' : k?.problem ? `; ${k.problem.title}` : '';
  return { label: 'Karpenter', description: t, aria: `Karpenter: ${t}${why}` };
}

/** `not installed` (no status ConfigMap), or its node groups and the autoscaler's own status. */
export function clusterAutoscalerText(ca: NodeAutoscaling['clusterAutoscaler'] | undefined): RowText {
  const t =
    !ca || ca.installed === undefined
      ? ca?.problem
        ? ca.problem.title
        : 'unknown'
      : !ca.installed
        ? 'not installed'
        : [plural(ca.nodeGroups.length, 'node group'), ca.autoscalerStatus && ca.autoscalerStatus !== 'Running' ? ca.autoscalerStatus : ''].filter(Boolean).join(' · ');
  const why = ca?.installed === false ? ' (no ConfigMap kube-system/cluster-autoscaler-status)' : ca?.problem && ca.installed ? `; ${ca.problem.title}` : '';
  return { label: 'Cluster Autoscaler', description: t, aria: `Cluster Autoscaler: ${t}${why}${ca?.statusTime ? `; status written ${ca.statusTime}` : ''}` };
}

/** `2 nodes · cpu 3/1000 · WhenEmpty after Never`: nodes and limits first, then disruption. */
export function nodePoolText(np: NodePoolRow): RowText {
  const limits = np.limits.map((l) => `${l.resource} ${l.used}/${l.limit}${l.spent ? ' spent' : ''}`);
  const disruption = [np.consolidationPolicy ?? '', np.consolidateAfter ? `after ${np.consolidateAfter}` : ''].filter(Boolean).join(' ');
  const description = [np.ready ? '' : 'not ready', plural(np.nodes ?? 0, 'node'), limits.length ? limits.join(' ') : 'no limits', disruption].filter(Boolean).join(' · ');
  const aria =
    `NodePool ${np.name}${np.weight ? ` (weight ${np.weight})` : ''}: ${plural(np.nodes ?? 0, 'node')}; ` +
    `${limits.length ? `limits ${np.limits.map((l) => `${l.resource} ${l.used} used of ${l.limit}${l.spent ? ', spent' : ''}`).join(', ')}` : 'no limits'}; ` +
    `consolidation ${np.consolidationPolicy ?? 'default'}${np.consolidateAfter ? ` after ${np.consolidateAfter}` : ''}; ` +
    `budgets ${np.budgets.length ? np.budgets.join(', ') : 'default (nodes 10%)'}; NodeClass ${np.nodeClass}` +
    (np.notReady ? `; ${np.notReady}` : '; Ready');
  return { label: np.name, description, aria };
}

/** `initialized · <node>`: the phase first. */
export function nodeClaimText(nc: NodeClaimRow): RowText {
  return {
    label: nc.name,
    description: [nc.phase, nc.nodeName ?? '', nc.instanceType ?? ''].filter(Boolean).join(' · '),
    aria:
      `NodeClaim ${nc.name}${nc.nodePool ? ` of NodePool ${nc.nodePool}` : ''}: ${nc.phase}` +
      `${nc.phaseReason ? ` (${nc.phaseReason})` : ''}${nc.nodeName ? `; node ${nc.nodeName}` : '; no node yet'}${nc.instanceType ? `; instance type ${nc.instanceType}` : ''}`,
  };
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
    g.target !== undefined && g.target !== g.current ? `target ${g.target}` : '',
    g.atMax ? 'at max' : '',
    g.backoff ? 'backoff' : '',
    g.health && g.health !== 'Healthy' ? g.health : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const aria =
    `Cluster Autoscaler node group ${g.name}: ${n(g.current)} nodes registered, ${n(g.ready)} ready, target ${n(g.target)}, min ${n(g.minSize)}, max ${n(g.maxSize)}` +
    `${g.atMax ? '; at its maximum: it cannot grow' : ''}; health ${g.health ?? 'unknown'}; scale-up ${g.scaleUp ?? 'unknown'}${g.backoff ? `; in backoff: ${g.backoff}` : ''}`;
  return { label: shortGroupName(g.name), description, aria };
}
