// Long on purpose (about 480 lines): the whole provisioner decision stays in one file so that lint, doctor and view read one model.
// Why a Karpenter NodePool cannot serve a pending pod, decided as Karpenter v1.15's provisioner decides it, from the
// objects alone: NodePools that are not Ready or are static are skipped (controllers/provisioning/provisioner.go
// NewScheduler), requirements are compared as pkg/scheduling/requirement(s).go compares them (Compatible, Intersects,
// well-known labels allowed undefined), taints as pkg/scheduling/taints.go Tolerates, limits as
// controllers/provisioning/scheduling/scheduler.go addToNewNodeClaim, NodePools in weight order (utils/nodepool
// OrderByWeight). Instance types are the cloud provider's and are not known here: a NodePool that passes every check
// may still be filtered by them, which Karpenter's own event then says.
// Long (~430 lines): a port of Karpenter's requirement algebra, taints, limits and pod requests, kept in one place.
import { msg, type Message } from '../l10n';
import { clauseJoin } from '../l10n/lists';
import { canonicalQuantity, parseQuantity } from './quantity';

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
  minValues?: number;
}
export interface Taint {
  key: string;
  value?: string;
  effect: string;
}
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}
export interface NodeClassRef {
  group?: string;
  kind?: string;
  name?: string;
}
/** karpenter.sh/v1 NodePool, the fields read here (pkg/apis/v1/nodepool.go, nodepool_status.go). */
export interface NodePool {
  metadata: { name: string; uid?: string; deletionTimestamp?: string };
  spec?: {
    weight?: number;
    replicas?: number;
    limits?: Record<string, string | number>;
    disruption?: { consolidationPolicy?: string; consolidateAfter?: string; budgets?: unknown[] };
    template?: {
      metadata?: { labels?: Record<string, string> };
      spec?: { nodeClassRef?: NodeClassRef; requirements?: NodeSelectorRequirement[]; taints?: Taint[]; startupTaints?: Taint[]; expireAfter?: string };
    };
  };
  status?: { resources?: Record<string, string | number>; nodes?: number; conditions?: Condition[] };
}
/** karpenter.sh/v1 NodeClaim (pkg/apis/v1/nodeclaim.go, nodeclaim_status.go). */
export interface NodeClaim {
  metadata: { name: string; labels?: Record<string, string>; creationTimestamp?: string; deletionTimestamp?: string };
  spec?: { nodeClassRef?: NodeClassRef; requirements?: NodeSelectorRequirement[] };
  status?: { nodeName?: string; providerID?: string; conditions?: Condition[] };
}
/** A NodeClass (KWOKNodeClass, EC2NodeClass…): operatorpkg status conditions with Ready. */
export interface NodeClass {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; deletionTimestamp?: string };
  status?: { conditions?: Condition[] };
}
/** The pod fields Karpenter schedules on. */
export interface PodSpecLike {
  nodeSelector?: Record<string, string>;
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: NodeSelectorRequirement[] }[] } } };
  tolerations?: { key?: string; operator?: string; value?: string; effect?: string }[];
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  overhead?: Record<string, string | number>;
}
interface ContainerLike {
  resources?: { requests?: Record<string, string | number> };
  restartPolicy?: string;
}

export const NODEPOOL_LABEL = 'karpenter.sh/nodepool';

/** pkg/apis/v1/labels.go WellKnownLabels: a pod may require these though a NodePool leaves them undefined. */
const WELL_KNOWN = [
  NODEPOOL_LABEL,
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'karpenter.sh/capacity-type',
  'node.kubernetes.io/windows-build',
];
/** Labels each cloud provider adds to WellKnownLabels, by its NodeClass group: kwok/apis/v1alpha1/labels.go, karpenter-provider-aws v1.15.2 pkg/apis/v1/labels.go. */
const PROVIDER_WELL_KNOWN: Record<string, string[]> = {
  'karpenter.kwok.sh': ['instance-size', 'instance-family', 'instance-cpu', 'instance-memory'].map((l) => `karpenter.kwok.sh/${l}`),
  'karpenter.k8s.aws': [
    ...[
      'capacity-reservation-id',
      'capacity-reservation-type',
      'capacity-reservation-interruptible',
      'instance-hypervisor',
      'instance-encryption-in-transit-supported',
      'instance-category',
      'instance-capability-flex',
      'instance-family',
      'instance-generation',
      'instance-size',
      'instance-local-nvme',
      'instance-cpu',
      'instance-cpu-manufacturer',
      'instance-cpu-sustained-clock-speed-mhz',
      'instance-memory',
      'instance-ebs-bandwidth',
      'instance-network-bandwidth',
      'instance-gpu-name',
      'instance-gpu-manufacturer',
      'instance-gpu-count',
      'instance-gpu-memory',
      'instance-accelerator-name',
      'instance-accelerator-manufacturer',
      'instance-accelerator-count',
      'instance-tenancy',
      'placement-group-id',
      'placement-group-partition',
    ].map((l) => `karpenter.k8s.aws/${l}`),
    'topology.k8s.aws/zone-id',
  ],
};
/** pkg/apis/v1/labels.go NormalizedLabels: pod requirements on the old names count as the new ones. */
const NORMALIZED: Record<string, string> = {
  'failure-domain.beta.kubernetes.io/zone': 'topology.kubernetes.io/zone',
  'beta.kubernetes.io/arch': 'kubernetes.io/arch',
  'beta.kubernetes.io/os': 'kubernetes.io/os',
  'beta.kubernetes.io/instance-type': 'node.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/region': 'topology.kubernetes.io/region',
};

export function wellKnownLabels(nodeClassGroup: string | undefined): Set<string> {
  return new Set([...WELL_KNOWN, ...(PROVIDER_WELL_KNOWN[nodeClassGroup ?? ''] ?? [])]);
}

/** Karpenter's Requirement: a value set or its complement, with integer bounds (Gt N is stored as ≥ N+1). */
export interface Requirement {
  key: string;
  complement: boolean;
  values: Set<string>;
  gte?: number;
  lte?: number;
}
export type Requirements = Map<string, Requirement>;

function requirement(key: string, operator: string, values: readonly string[] = []): Requirement {
  const k = NORMALIZED[key] ?? key;
  const num = Number.parseInt(values[0] ?? '', 10);
  switch (operator) {
    case 'In':
      return { key: k, complement: false, values: new Set(values) };
    case 'NotIn':
      return { key: k, complement: true, values: new Set(values) };
    case 'DoesNotExist':
      return { key: k, complement: false, values: new Set() };
    case 'Gt':
      return { key: k, complement: true, values: new Set(), gte: num + 1 };
    case 'Lt':
      return { key: k, complement: true, values: new Set(), lte: num - 1 };
    case 'Gte':
      return { key: k, complement: true, values: new Set(), gte: num };
    case 'Lte':
      return { key: k, complement: true, values: new Set(), lte: num };
    default: // Exists (and anything the API server would have refused)
      return { key: k, complement: true, values: new Set() };
  }
}

function withinBounds(value: string, gte?: number, lte?: number): boolean {
  if (gte === undefined && lte === undefined) return true;
  if (!/^[+-]?\d+$/.test(value)) return false;
  const v = Number(value);
  return !(gte !== undefined && v < gte) && !(lte !== undefined && v > lte);
}
const maxOf = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
const minOf = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/** Requirement.Intersection. */
function intersect(a: Requirement, b: Requirement): Requirement {
  const gte = maxOf(a.gte, b.gte);
  const lte = minOf(a.lte, b.lte);
  if (gte !== undefined && lte !== undefined && gte > lte) return requirement(a.key, 'DoesNotExist');
  const complement = a.complement && b.complement;
  let values: Set<string>;
  if (a.complement && b.complement) values = new Set([...a.values, ...b.values]);
  else if (a.complement) values = new Set([...b.values].filter((v) => !a.values.has(v)));
  else if (b.complement) values = new Set([...a.values].filter((v) => !b.values.has(v)));
  else values = new Set([...a.values].filter((v) => b.values.has(v)));
  for (const v of values) if (!withinBounds(v, gte, lte)) values.delete(v);
  return complement ? { key: a.key, complement, values, gte, lte } : { key: a.key, complement, values };
}

/** Requirement.HasIntersection. */
function hasIntersection(a: Requirement, b: Requirement): boolean {
  const gte = maxOf(a.gte, b.gte);
  const lte = minOf(a.lte, b.lte);
  if (gte !== undefined && lte !== undefined && gte > lte) return false;
  if (a.complement && b.complement) return true;
  if (a.complement) return [...b.values].some((v) => !a.values.has(v) && withinBounds(v, gte, lte));
  if (b.complement) return [...a.values].some((v) => !b.values.has(v) && withinBounds(v, gte, lte));
  return [...a.values].some((v) => b.values.has(v) && withinBounds(v, gte, lte));
}

function operatorOf(r: Requirement): string {
  if (r.complement) return r.values.size ? 'NotIn' : 'Exists';
  return r.values.size ? 'In' : 'DoesNotExist';
}

/** Requirement.String(): `type In [karpenter]`, `key Exists >=3`; more than five values end in `and N others`. */
export function requirementText(r: Requirement): string {
  const op = operatorOf(r);
  let s: string;
  if (op === 'Exists' || op === 'DoesNotExist') s = `${r.key} ${op}`;
  else {
    const values = [...r.values].sort();
    const shown = values.length > 5 ? [...values.slice(0, 5), `and ${values.length - 5} others`] : values;
    s = `${r.key} ${op} [${shown.join(' ')}]`;
  }
  if (r.gte !== undefined) s += ` >=${r.gte}`;
  if (r.lte !== undefined) s += ` <=${r.lte}`;
  return s;
}

function add(reqs: Requirements, r: Requirement) {
  const existing = reqs.get(r.key);
  reqs.set(r.key, existing ? intersect(r, existing) : r);
}

/** A NodePool's NodeClaimTemplate requirements (scheduling/nodeclaimtemplate.go): its requirements, template labels, its own name and NodeClass. */
export function nodePoolRequirements(np: NodePool): Requirements {
  const reqs: Requirements = new Map();
  const tpl = np.spec?.template;
  for (const r of tpl?.spec?.requirements ?? []) add(reqs, requirement(r.key, r.operator, r.values ?? []));
  const ref = tpl?.spec?.nodeClassRef;
  const labels: Record<string, string> = { ...(tpl?.metadata?.labels ?? {}), [NODEPOOL_LABEL]: np.metadata.name };
  if (ref?.group && ref.kind && ref.name) labels[`${ref.group}/${ref.kind.toLowerCase()}`] = ref.name;
  for (const [k, v] of Object.entries(labels)) add(reqs, requirement(k, 'In', [v]));
  return reqs;
}

/** The pod's required node constraints, one requirement set per required affinity term (Karpenter tries them in turn). */
export function podRequirementTerms(pod: PodSpecLike): Requirements[] {
  const base: Requirements = new Map();
  for (const [k, v] of Object.entries(pod.nodeSelector ?? {})) add(base, requirement(k, 'In', [v]));
  const terms = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms) || !terms.length) return [base];
  return terms.map((t) => {
    const reqs: Requirements = new Map(base);
    for (const e of Array.isArray(t?.matchExpressions) ? t.matchExpressions : []) add(reqs, requirement(e.key, e.operator, e.values ?? []));
    return reqs;
  });
}

/** Requirements.Compatible with AllowUndefinedWellKnownLabels: Karpenter's message, or undefined when compatible. */
export function incompatibility(nodePool: Requirements, pod: Requirements, wellKnown: Set<string>): Message | undefined {
  for (const [key, r] of pod) {
    if (wellKnown.has(key)) continue;
    const op = operatorOf(r);
    if (nodePool.has(key) || op === 'NotIn' || op === 'DoesNotExist') continue;
    const candidate = labelHint(nodePool, key, wellKnown);
    return candidate ? msg('label "{key}" does not have known values (typo of "{candidate}"?)', { key, candidate }) : msg('label "{key}" does not have known values', { key });
  }
  const errs: Message[] = [];
  for (const [key, incoming] of pod) {
    const existing = nodePool.get(key);
    if (!existing || hasIntersection(existing, incoming)) continue;
    const negative = (x: Requirement) => ['NotIn', 'DoesNotExist'].includes(operatorOf(x));
    if (negative(incoming) && negative(existing)) continue;
    errs.push(msg('key {key}, {incoming} not in {existing}', { key, incoming: requirementText(incoming), existing: requirementText(existing) }));
  }
  return errs.length ? (clauseJoin(errs) as Message) : undefined;
}

/** requirements.go labelHint: the label a typo probably meant (`topology.kubernetes.io/zone`). Karpenter walks Go maps (any order); this walks sorted keys. */
function labelHint(nodePool: Requirements, key: string, wellKnown: Set<string>): string | undefined {
  const suffix = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
  return [...[...wellKnown].sort(), ...[...nodePool.keys()].sort()].find((candidate) => candidate.includes(key) || candidate.endsWith(suffix));
}

/** pretty.Taint: `key=value:Effect`, `key:Effect`. */
export const taintText = (t: Taint) => (t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`);

/** core/v1 Toleration.ToleratesTaint with comparison operators enabled, as Karpenter calls it. */
function tolerates(tol: NonNullable<PodSpecLike['tolerations']>[number], taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  switch (tol.operator ?? '') {
    case '':
    case 'Equal':
      return (tol.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    case 'Lt':
    case 'Gt': {
      if (!/^-?\d+$/.test(tol.value ?? '') || !/^-?\d+$/.test(taint.value ?? '')) return false;
      const [t, n] = [BigInt(tol.value!), BigInt(taint.value!)];
      return tol.operator === 'Lt' ? n < t : n > t;
    }
    default:
      return false;
  }
}

/** The NodePool's taints (spec.template.spec.taints; startupTaints are not checked) the pod does not tolerate, in Karpenter's words. */
export function untoleratedTaints(np: NodePool, pod: PodSpecLike): Message[] {
  return (np.spec?.template?.spec?.taints ?? [])
    .filter((t) => !(pod.tolerations ?? []).some((tol) => tolerates(tol, t)))
    .map((t) => msg('did not tolerate taint (taint={taint})', { taint: taintText(t) }));
}

/** Nano-units of a quantity; 0 when absent or unparseable (the API server refused those already). */
function nanos(v: unknown): bigint {
  if (typeof v !== 'string' && typeof v !== 'number') return 0n;
  const q = parseQuantity(v);
  return q.ok ? q.nanos : 0n;
}

/** resources.RequestsForPods of one pod: containers plus sidecars, at least each init container's peak, plus overhead, plus `pods: 1`. */
export function podRequests(pod: PodSpecLike): Map<string, bigint> {
  const sum = (into: Map<string, bigint>, from: Record<string, string | number> | undefined) => {
    for (const [k, v] of Object.entries(from ?? {})) into.set(k, (into.get(k) ?? 0n) + nanos(v));
  };
  const total = new Map<string, bigint>();
  const sidecars = new Map<string, bigint>();
  for (const c of pod.containers ?? []) sum(total, c.resources?.requests);
  const peak = new Map<string, bigint>();
  for (const c of pod.initContainers ?? []) {
    if (c.restartPolicy === 'Always') {
      sum(sidecars, c.resources?.requests);
      continue;
    }
    const atStart = new Map(sidecars);
    sum(atStart, c.resources?.requests);
    for (const [k, v] of atStart) if (v > (peak.get(k) ?? 0n)) peak.set(k, v);
  }
  for (const [k, v] of sidecars) total.set(k, (total.get(k) ?? 0n) + v);
  for (const [k, v] of peak) if (v > (total.get(k) ?? 0n)) total.set(k, v);
  sum(total, pod.overhead);
  total.set('pods', (total.get('pods') ?? 0n) + 1_000_000_000n);
  return total;
}

/** Resources every instance type has some of: a limit with nothing left excludes them all. */
const ALWAYS_PRESENT = new Set(['cpu', 'memory', 'pods', 'ephemeral-storage']);

export interface LimitUse {
  resource: string;
  limit: string;
  used: string;
  /** What the pod asks for of it ('' when nothing). */
  podRequest: string;
}

/**
 * The limits that leave no room for the pod (scheduler.go: limits minus the NodePool's node capacity; an instance type
 * whose capacity exceeds what remains is filtered out, so one smaller than the pod's own request cannot exist). Read
 * from spec.limits and status.resources (the capacity of the NodePool's nodes, controllers/nodepool/counter).
 */
export function limitsSpent(np: NodePool, requests: Map<string, bigint>): { message: Message; spent: LimitUse[] } | undefined {
  const limits = np.spec?.limits ?? {};
  const used = np.status?.resources ?? {};
  const spent: LimitUse[] = [];
  for (const [resource, limit] of Object.entries(limits)) {
    const remaining = nanos(limit) - nanos(used[resource]);
    const need = resource === 'nodes' ? 1_000_000_000n : (requests.get(resource) ?? 0n);
    const blocked = remaining < need || remaining < 0n || (remaining === 0n && (ALWAYS_PRESENT.has(resource) || resource === 'nodes'));
    if (blocked) spent.push({ resource, limit: String(limit), used: String(used[resource] ?? '0'), podRequest: resource === 'nodes' ? '' : requestText(resource, requests.get(resource)) });
  }
  if (!spent.length) return undefined;
  const nodes = spent.some((s) => s.resource === 'nodes');
  return { message: nodes ? msg('node limits have been exhausted for nodepool') : msg('all available instance types exceed limits for nodepool'), spent };
}

/** A request as the API server would print it: `500m`, `1Gi`; '' for none. */
const requestText = (resource: string, n: bigint | undefined) => (n ? canonicalQuantity({ nanos: n, format: /memory|storage/.test(resource) ? 'BinarySI' : 'DecimalSI' }) : '');

export type BlockKind = 'static' | 'deleting' | 'not-ready' | 'requirements' | 'taints' | 'limits';

export interface NodePoolVerdict {
  nodePool: string;
  weight: number;
  /** Empty when nothing this module can check stops the NodePool (instance types may still). */
  blocks: { kind: BlockKind; message: Message }[];
  /** The reason to show first: not ready, then requirements, taints, limits. */
  first?: { kind: BlockKind; message: Message };
}

/** Karpenter's readiness of a NodePool (Ready = ValidationSucceeded ∧ NodeClassReady): the condition that is not True, in words. */
export function notReady(np: NodePool): Message | undefined {
  const conds = np.status?.conditions ?? [];
  const ready = conds.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return undefined;
  const cause = conds.find((c) => (c.type === 'NodeClassReady' || c.type === 'ValidationSucceeded') && c.status !== 'True') ?? ready;
  if (!cause) return msg('ignoring nodepool, not ready (no Ready condition yet)');
  return msg('ignoring nodepool, not ready ({condition})', { condition: `${cause.type}=${cause.status}${cause.reason ? ` ${cause.reason}` : ''}${cause.message ? `: ${cause.message}` : ''}` });
}

/** NodePools in the order Karpenter tries them: weight descending, then name descending (utils/nodepool OrderByWeight). */
export function byWeight(nps: readonly NodePool[]): NodePool[] {
  return [...nps].sort((a, b) => {
    const wa = a.spec?.weight ?? 0;
    const wb = b.spec?.weight ?? 0;
    if (wa !== wb) return wb - wa;
    return a.metadata.name < b.metadata.name ? 1 : a.metadata.name > b.metadata.name ? -1 : 0;
  });
}

/** Every NodePool, in weight order, with what stops it from making a node for this pod. */
export function nodePoolVerdicts(nodePools: readonly NodePool[], pod: PodSpecLike): NodePoolVerdict[] {
  const requests = podRequests(pod);
  const terms = podRequirementTerms(pod);
  return byWeight(nodePools).map((np) => {
    const blocks: NodePoolVerdict['blocks'] = [];
    if (np.spec?.replicas !== undefined)
      blocks.push({
        kind: 'static',
        message: msg('static NodePool (spec.replicas {replicas}): it keeps a fixed number of nodes and does not provision for pending pods', { replicas: np.spec.replicas }),
      });
    if (np.metadata.deletionTimestamp) blocks.push({ kind: 'deleting', message: msg('the NodePool is being deleted') });
    const nr = notReady(np);
    if (nr) blocks.push({ kind: 'not-ready', message: nr });
    const wellKnown = wellKnownLabels(np.spec?.template?.spec?.nodeClassRef?.group);
    const npReqs = nodePoolRequirements(np);
    const mismatches = terms.map((t) => incompatibility(npReqs, t, wellKnown));
    if (mismatches.every((m) => m !== undefined)) blocks.push({ kind: 'requirements', message: msg('incompatible requirements, {detail}', { detail: mismatches[0]! }) });
    for (const t of untoleratedTaints(np, pod)) blocks.push({ kind: 'taints', message: t });
    const limits = limitsSpent(np, requests);
    if (limits) {
      const detail = clauseJoin(
        limits.spent.map((s) =>
          s.podRequest
            ? msg('{resource}: {used} in use of limit {limit}, the pod requests {request}', { resource: s.resource, used: s.used, limit: s.limit, request: s.podRequest })
            : msg('{resource}: {used} in use of limit {limit}', { resource: s.resource, used: s.used, limit: s.limit }),
        ),
      );
      blocks.push({ kind: 'limits', message: msg('{reason} ({detail})', { reason: limits.message, detail }) });
    }
    const order: BlockKind[] = ['static', 'deleting', 'not-ready', 'requirements', 'taints', 'limits'];
    const first = [...blocks].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))[0];
    return { nodePool: np.metadata.name, weight: np.spec?.weight ?? 0, blocks, first };
  });
}

/** A pod that requires `karpenter.sh/nodepool DoesNotExist` is left alone by Karpenter (provisioner.go validateKarpenterManagedLabelCanExist). */
export function ignoresKarpenter(spec: PodSpecLike): boolean {
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return Array.isArray(terms) && terms.length > 0 && terms.every((t) => (t.matchExpressions ?? []).some((e) => e.key === NODEPOOL_LABEL && e.operator === 'DoesNotExist'));
}

/** Why Karpenter makes no node, read from its objects: no NodePool at all, none that matches, or the matching one is not ready or out of limits. */
export type NoNodeCause = 'no-nodepool' | 'no-match' | 'not-ready' | 'limits';

export interface WhyNoNode {
  cause: NoNodeCause;
  /** Every NodePool in weight order with what stops it. */
  verdicts: NodePoolVerdict[];
  /** The NodePool the pod would get a node from once its block is gone (not-ready, limits): the first fitting one by weight. */
  nodePool?: string;
}

/**
 * Why no NodePool makes a node for a pod with this spec; undefined when the pod opts out of Karpenter or a NodePool
 * fits as far as the objects tell (then Karpenter's own events say more). The doctor and the Cluster view both ask this.
 */
export function whyNoNode(nodePools: readonly NodePool[], spec: PodSpecLike): WhyNoNode | undefined {
  if (ignoresKarpenter(spec)) return undefined;
  const verdicts = nodePoolVerdicts(nodePools, spec);
  if (!nodePools.length) return { cause: 'no-nodepool', verdicts };
  if (verdicts.some((v) => !v.blocks.length)) return undefined;
  const fitting = verdicts.find((v) => !v.blocks.some((b) => ['static', 'deleting', 'requirements', 'taints'].includes(b.kind)));
  if (!fitting) return { cause: 'no-match', verdicts };
  return { cause: fitting.blocks.some((b) => b.kind === 'not-ready') ? 'not-ready' : 'limits', verdicts, nodePool: fitting.nodePool };
}

/** `NodePool default (weight 10): <first reason>`. */
export function verdictLine(v: NodePoolVerdict): Message {
  const reason = v.first?.message ?? msg('fits as far as its requirements, taints and limits tell');
  return v.weight ? msg('NodePool {name} (weight {weight}): {reason}', { name: v.nodePool, weight: v.weight, reason }) : msg('NodePool {name}: {reason}', { name: v.nodePool, reason });
}

/** One line for a pending pod: `no NodePool matches: NodePool default: incompatible requirements, …`. */
export function whyNoNodeLine(w: WhyNoNode): Message {
  if (w.cause === 'no-nodepool') return msg('Karpenter has no NodePool');
  const shown = w.nodePool ? w.verdicts.find((v) => v.nodePool === w.nodePool) : w.verdicts[0];
  const line = shown && verdictLine(shown);
  if (w.cause === 'no-match') {
    const of = w.verdicts.length;
    if (!line) return of > 1 ? msg('no NodePool matches (of {count})', { count: of }) : msg('no NodePool matches');
    return of > 1 ? msg('no NodePool matches (of {count}): {line}', { count: of, line }) : msg('no NodePool matches: {line}', { line });
  }
  if (w.cause === 'not-ready') return line ? msg('its NodePool is not ready: {line}', { line }) : msg('its NodePool is not ready');
  return line ? msg('its NodePool is out of limits: {line}', { line }) : msg('its NodePool is out of limits');
}
