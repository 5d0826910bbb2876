// The explorer's data side, without `vscode`: indexes a Snapshot into the tree's groups (namespace → workload →
// pods) and maps a SnapshotChange to the rows to refresh. Row text: rowText.ts.
import type { Amounts, AutoscalerRow, ClusterProblem, NodeRow, PodRow, Snapshot, SnapshotChange } from '../../core/cluster/types';

/** Stable row ids; also the TreeItem ids, so expansion survives refreshes. */
export const ids = {
  root: 'root',
  nodes: 'nodes',
  pods: 'pods',
  autoscalers: 'autoscalers',
  nodeAutoscaling: 'node-autoscaling',
  node: (name: string) => `node:${name}`,
  namespace: (ns: string) => `ns:${ns}`,
  workload: (ns: string, w: string) => `wl:${ns}/${w}`,
  pod: (key: string) => `pod:${key}`,
  autoscaler: (key: string) => `as:${key}`,
};

export const podKey = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;
export const autoscalerKey = (a: AutoscalerRow) => `${a.namespace}/${a.kind}/${a.name}`;
/** Pods without an owner are grouped under this pseudo workload. */
export const BARE_PODS = '(no workload)';
export const workloadName = (p: PodRow) => (p.workload ? `${p.workload.kind}/${p.workload.name}` : BARE_PODS);

export interface WorkloadGroup {
  namespace: string;
  /** `Deployment/web`, or BARE_PODS. */
  name: string;
  pods: string[];
}

/** Reads single rows of the current state (ClusterSession has these). */
export interface RowLookup {
  node(name: string): NodeRow | undefined;
  pod(namespacedName: string): PodRow | undefined;
  /** A pod's usage as its row shows it, without computing the row. */
  usageOf(namespacedName: string): Amounts | undefined;
  autoscaler(namespacedName: string, kind: AutoscalerRow['kind']): AutoscalerRow | undefined;
}

const AUTOSCALER_KINDS: AutoscalerRow['kind'][] = ['HorizontalPodAutoscaler', 'ScaledObject'];

/** Our keys for a change's autoscaler key (`namespace/name`, either kind). */
function autoscalerKeys(nsName: string): { key: string; kind: AutoscalerRow['kind'] }[] {
  const i = nsName.indexOf('/');
  return AUTOSCALER_KINDS.map((kind) => ({ kind, key: `${nsName.slice(0, i)}/${kind}/${nsName.slice(i + 1)}` }));
}

/** Rows of work between checks of the clock when an index is built or patched in slices. */
const ROWS_PER_STEP = 512;
/** Longest run of index work before the extension host's event loop gets a turn. */
export const SLICE_MS = 8;

/** Runs a generator of index work to its end, in slices of `SLICE_MS`, yielding to the event loop between them. */
export async function runInSlices<T>(steps: Generator<void, T>, sliceMs = SLICE_MS): Promise<T> {
  let until = performance.now() + sliceMs;
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() > until) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      until = performance.now() + sliceMs;
    }
  }
}

/** Runs a generator of index work to its end at once. */
function runAtOnce<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * One snapshot, indexed for the tree: rebuilt when rows appear, disappear or move, else patched in place. A pod whose
 * usage alone changed while its row was not shown keeps its old row here (stale) until something reads it (pod()): a
 * metrics read of a 20,000-pod namespace changes half its rows, and a tree with its workloads folded shows only their
 * sums (usageOf).
 */
export class SnapshotIndex {
  readonly nodes = new Map<string, NodeRow>();
  /** Pod rows by key; those of `stale` keys with their old usage (read them with pod()). */
  readonly pods = new Map<string, PodRow>();
  private readonly stale = new Set<string>();
  /** Where stale rows are read from: the session the last patch came from. */
  private lookup?: RowLookup;
  readonly autoscalers = new Map<string, AutoscalerRow>();
  /** namespace → workload name → group, both sorted by name. */
  readonly namespaces = new Map<string, Map<string, WorkloadGroup>>();

  constructor(
    public snapshot: Snapshot,
    /** Left empty, for `build` to fill in slices. */
    empty = false,
  ) {
    if (!empty) runAtOnce(this.fill());
  }

  /** A pod's row, read afresh if its usage changed since it was indexed. */
  pod(key: string): PodRow | undefined {
    if (this.lookup && this.stale.delete(key)) {
      const row = this.lookup.pod(key);
      if (row) this.pods.set(key, row);
    }
    return this.pods.get(key);
  }

  /** A pod's usage as now shown, without reading its row. */
  usageOf(key: string): Amounts | undefined {
    return this.lookup && this.stale.has(key) ? this.lookup.usageOf(key) : this.pods.get(key)?.usage;
  }

  /** A workload group's pod rows, with their usage as now shown (for its sums: rows whose usage alone changed are not read). */
  groupRows(g: WorkloadGroup): { pods: PodRow[]; usageOf: (pod: PodRow, i: number) => Amounts | undefined } {
    const keys = g.pods.filter((k) => this.pods.has(k));
    return { pods: keys.map((k) => this.pods.get(k)!), usageOf: (_, i) => this.usageOf(keys[i]) };
  }

  /** Called by patchSteps: the row of `key` changed in its usage alone and is read when needed. */
  markStale(key: string, rows: RowLookup): void {
    this.lookup = rows;
    this.stale.add(key);
  }

  /** Called by patchSteps: `row` is the pod's current row. */
  setPod(key: string, row: PodRow): void {
    this.pods.set(key, row);
    this.stale.delete(key);
  }

  /** The index of `snapshot`, built in slices: 22,000 pods indexed at once stalled the extension host. */
  static build(snapshot: Snapshot, sliceMs = SLICE_MS): Promise<SnapshotIndex> {
    const index = new SnapshotIndex(snapshot, true);
    return runInSlices(index.fill(), sliceMs).then(() => index);
  }

  private *fill(): Generator<void, void> {
    const snapshot = this.snapshot;
    for (const n of [...snapshot.nodes].sort((a, b) => a.name.localeCompare(b.name))) this.nodes.set(n.name, n);
    for (const a of [...snapshot.autoscalers].sort(byNsName)) this.autoscalers.set(autoscalerKey(a), a);
    yield;
    // The session hands pods out sorted by namespace and name already: this sort checks rather than sorts.
    const pods = [...snapshot.pods].sort(byNsName);
    yield;
    let n = 0;
    for (const p of pods) {
      const key = podKey(p);
      this.pods.set(key, p);
      let groups = this.namespaces.get(p.namespace);
      if (!groups) this.namespaces.set(p.namespace, (groups = new Map()));
      const w = workloadName(p);
      let g = groups.get(w);
      if (!g) groups.set(w, (g = { namespace: p.namespace, name: w, pods: [] }));
      g.pods.push(key);
      if (++n % ROWS_PER_STEP === 0) yield;
    }
    // Workloads sorted by name, bare pods last.
    for (const [ns, groups] of this.namespaces) {
      const sorted = [...groups.entries()].sort(([a], [b]) => (a === BARE_PODS ? 1 : b === BARE_PODS ? -1 : a.localeCompare(b)));
      this.namespaces.set(ns, new Map(sorted));
    }
  }
}

/**
 * Applies a change in place when no row appeared, disappeared or changed group (a metrics read, a status or
 * replica change: the frequent case, and the only one on a quiet big cluster). Returns the shown row ids to
 * refresh, or undefined when the index must be rebuilt (then use rowsToRefresh).
 */
export function patchIndex(index: SnapshotIndex, snapshot: Snapshot, change: SnapshotChange, rows: RowLookup, shown: (id: string) => boolean): string[] | undefined {
  return runAtOnce(patchSteps(index, snapshot, change, rows, shown));
}

/** patchIndex in slices (a metrics read changes every pod row at once); the index is left unchanged when it returns undefined. */
export function patchIndexInSlices(
  index: SnapshotIndex,
  snapshot: Snapshot,
  change: SnapshotChange,
  rows: RowLookup,
  shown: (id: string) => boolean,
  sliceMs = SLICE_MS,
): Promise<string[] | undefined> {
  return runInSlices(patchSteps(index, snapshot, change, rows, shown), sliceMs);
}

function* patchSteps(index: SnapshotIndex, snapshot: Snapshot, change: SnapshotChange, rows: RowLookup, shown: (id: string) => boolean): Generator<void, string[] | undefined> {
  const nodes = (change.nodes ?? []).map((name) => [name, rows.node(name)] as const);
  if (nodes.some(([name, row]) => !row || !index.nodes.has(name))) return undefined;
  // Rows are read first, all of them, so the index changes only once none has moved. A row changed in its usage alone
  // has not moved: it is read only if shown.
  const pods: [string, PodRow][] = [];
  const usageOnly: [string, PodRow][] = [];
  let n = 0;
  for (const key of change.pods ?? []) {
    if (change.podUsageOnly?.has(key)) {
      const old = index.pods.get(key);
      if (!old) return undefined;
      usageOnly.push([key, old]);
      if (++n % ROWS_PER_STEP === 0) yield;
      continue;
    }
    const row = rows.pod(key);
    const old = index.pods.get(key);
    if (!row || !old || workloadName(row) !== workloadName(old)) return undefined;
    pods.push([key, row]);
    if (++n % ROWS_PER_STEP === 0) yield;
  }
  const autoscalers: [string, AutoscalerRow][] = [];
  for (const nsName of change.autoscalers ?? []) {
    for (const { key, kind } of autoscalerKeys(nsName)) {
      const row = rows.autoscaler(nsName, kind);
      if (!!row !== index.autoscalers.has(key)) return undefined;
      if (row) autoscalers.push([key, row]);
    }
  }
  if ((change.info || change.problems) && !shown(ids.root)) return undefined;
  index.snapshot = snapshot;
  const out = new Set<string>();
  const add = (id: string) => shown(id) && out.add(id);
  if (change.info || change.problems) add(ids.root);
  // The group's rows are read from the snapshot when drawn: refreshing the group redraws them.
  if (change.nodeAutoscaling) add(ids.nodeAutoscaling);
  for (const [name, row] of nodes) {
    index.nodes.set(name, row!);
    add(ids.node(name));
  }
  // A workload row's id is looked up once per workload, not once per pod.
  const workloadShown = new Map<string, boolean>();
  const workloadOpen = (row: PodRow) => {
    const wid = ids.workload(row.namespace, workloadName(row));
    let open = workloadShown.get(wid);
    if (open === undefined) {
      open = shown(wid);
      workloadShown.set(wid, open);
      if (open) out.add(wid);
    }
    return open;
  };
  for (const [key, row] of pods) {
    index.setPod(key, row);
    // A pod row is shown only under a shown workload row.
    if (workloadOpen(row)) add(ids.pod(key));
    if (++n % ROWS_PER_STEP === 0) yield;
  }
  for (const [key, old] of usageOnly) {
    const id = ids.pod(key);
    if (workloadOpen(old) && shown(id)) {
      const row = rows.pod(key);
      if (row) index.setPod(key, row);
      out.add(id);
    } else index.markStale(key, rows);
    if (++n % ROWS_PER_STEP === 0) yield;
  }
  for (const [key, row] of autoscalers) {
    index.autoscalers.set(key, row);
    add(ids.autoscaler(key));
  }
  return [...out];
}

function byNsName(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

/** Changed rows beyond which rowsToRefresh redraws the tree instead of naming rows. */
export const REDRAW_ALL_OVER = 2_000;

/**
 * Which row ids to refresh for a change, given the ids the tree has shown (`shown`). A row whose content changed
 * is refreshed itself; a row that appeared, disappeared or moved refreshes the nearest shown parent (its group
 * label counts it). Returns `all` when the tree must be redrawn from the top.
 */
export function rowsToRefresh(change: SnapshotChange, before: SnapshotIndex | undefined, after: SnapshotIndex, shown: (id: string) => boolean): { all: true } | { all: false; ids: string[] } {
  // Thousands of rows (a list applied): redrawing the few rows on screen costs less than finding which of them changed.
  if (!before || (change.pods?.length ?? 0) + (change.nodes?.length ?? 0) > REDRAW_ALL_OVER) return { all: true };
  const out = new Set<string>();
  const nearest = (...chain: string[]) => {
    const id = chain.find(shown);
    if (id) out.add(id);
    return id !== undefined;
  };
  let all = false;
  // The root row shows the context and version; its children start with the problem rows.
  if ((change.info || change.problems) && !nearest(ids.root)) all = true;
  if (change.nodeAutoscaling) nearest(ids.nodeAutoscaling);
  for (const name of change.nodes ?? []) {
    const existed = before.nodes.has(name);
    const exists = after.nodes.has(name);
    if (existed && exists) nearest(ids.node(name));
    else if (!nearest(ids.nodes)) all = true;
  }
  for (const key of change.pods ?? []) {
    const ns = key.slice(0, key.indexOf('/'));
    const pOld = before.pods.get(key);
    const pNew = after.pods.get(key);
    const wOld = pOld && workloadName(pOld);
    const wNew = pNew && workloadName(pNew);
    if (wOld !== undefined && wOld === wNew) {
      // Same place: the pod row, and its workload row (its totals).
      nearest(ids.pod(key));
      nearest(ids.workload(ns, wNew));
      continue;
    }
    if (before.namespaces.has(ns) !== after.namespaces.has(ns)) {
      if (!nearest(ids.pods)) all = true;
      continue;
    }
    for (const w of [wOld, wNew]) {
      if (w === undefined) continue;
      const kept = before.namespaces.get(ns)?.has(w) && after.namespaces.get(ns)?.has(w);
      if (!nearest(...(kept ? [ids.workload(ns, w), ids.namespace(ns), ids.pods] : [ids.namespace(ns), ids.pods]))) all = true;
    }
  }
  for (const nsName of change.autoscalers ?? []) {
    for (const { key } of autoscalerKeys(nsName)) {
      const existed = before.autoscalers.has(key);
      const exists = after.autoscalers.has(key);
      if (existed && exists) nearest(ids.autoscaler(key));
      else if ((existed || exists) && !nearest(ids.autoscalers)) all = true;
    }
  }
  return all ? { all: true } : { all: false, ids: [...out] };
}

/** Problems that leave the whole view empty: shown as the view's welcome content instead of rows. */
export function blockingProblem(s: Snapshot | undefined, loadProblem: ClusterProblem | undefined): ClusterProblem | undefined {
  if (loadProblem) return loadProblem;
  if (!s || s.nodes.length || s.pods.length || s.autoscalers.length) return undefined;
  return s.problems.find((p) => p.kind === 'unreachable' || p.kind === 'unauthorized' || p.kind === 'forbidden' || p.kind === 'kubeconfig');
}
