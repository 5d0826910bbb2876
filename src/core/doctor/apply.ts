// Writes a RepairPlan to the cluster safely: server-side dry-run of the exact request, apply with the
// planned resourceVersion (a concurrent change is a ConcurrentChangeError, nothing written), undo,
// and verification that the symptom cleared. Shared by the CLI and the VS Code Doctor.
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { parse } from 'yaml';
import { unifiedTextDiff } from '../text/diff';
import { ConcurrentChangeError, type ObjectRef, type PlannedChange, type RepairPlan, type UndoRecord } from './types';
import { contentOf, deepEqual, describeRef, mergePatchOf } from './repairKit/objects';
import { METRICS_API_SERVICE } from '../cluster/metricsApi';
import { KubeApiError, kubeRequest, MERGE_PATCH, type KubeObject } from '../cluster/request';
import { objectPath } from './repairKit/rest';

export interface VerifyOptions {
  /** One line each time the state changes, e.g. "node metrics for 2 of 3 nodes". */
  onProgress?: (detail: string) => void;
  signal?: AbortSignal;
  /** Default 180 s. */
  timeoutMs?: number;
}

const FIELD_MANAGER = 'kube-scaling-doctor';

/** The request a change makes: merge patch with the resourceVersion precondition, or create. */
function send(kc: KubeConfig, change: PlannedChange, dryRun: boolean): Promise<KubeObject> {
  if (!change.body) throw new Error(`the plan's change of ${describeRef(change.object)} has no request body; plan the repair again`);
  const query: Record<string, string> = { fieldManager: FIELD_MANAGER };
  if (dryRun) query.dryRun = 'All';
  if (change.action === 'create') return kubeRequest(kc, 'POST', objectPath(change.object, true), { body: change.body, query });
  return kubeRequest(kc, 'PATCH', objectPath(change.object), { body: change.body, query, contentType: MERGE_PATCH });
}

/** 409 on a patch (resourceVersion moved) or a create (someone created it) means a concurrent change. */
function asConcurrent(err: unknown, change: PlannedChange): unknown {
  if (err instanceof KubeApiError && err.status === 409) {
    const what = change.action === 'create' ? `${describeRef(change.object)} was created by someone else since the preview` : undefined;
    return new ConcurrentChangeError(change.object, what && `${what}; nothing was written. Re-run the repair to see the new plan.`);
  }
  return err;
}

/** Sends every change of the plan with dryRun=All; throws with the server's message when one is refused. */
export async function dryRun(kc: KubeConfig, plan: RepairPlan): Promise<void> {
  for (const change of plan.changes) {
    try {
      await send(kc, change, true);
    } catch (err) {
      const e = asConcurrent(err, change);
      if (e instanceof ConcurrentChangeError) throw e;
      throw new Error(`The server refused the dry-run of ${change.action} ${describeRef(change.object)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
}

/** Applies the plan; throws ConcurrentChangeError (nothing written) when an object changed since planning. */
export async function applyPlan(kc: KubeConfig, plan: RepairPlan): Promise<UndoRecord> {
  const record: UndoRecord = { repairId: plan.repairId, appliedAt: new Date().toISOString(), objects: [] };
  for (const change of plan.changes) {
    let result: KubeObject;
    try {
      result = await send(kc, change, false);
    } catch (err) {
      // Put back what this plan already wrote, so a failed apply leaves nothing half-done.
      if (record.objects.length) await undoRepair(kc, record).catch(() => undefined);
      throw asConcurrent(err, change);
    }
    if (change.action === 'create') {
      record.objects.push({ object: change.object, action: 'create', resourceVersionAfter: result.metadata?.resourceVersion ?? '', uid: result.metadata?.uid });
    } else {
      record.objects.push({
        object: change.object,
        action: 'patch',
        before: contentOf(parse(change.before) ?? {}),
        after: contentOf(result),
        resourceVersionAfter: result.metadata?.resourceVersion ?? '',
      });
    }
  }
  return record;
}

/**
 * Puts every object back as it was before applyPlan (deletes what it created), newest first. Refuses
 * (ConcurrentChangeError, nothing written) when a patched object was changed since the repair.
 */
export async function undoRepair(kc: KubeConfig, record: UndoRecord): Promise<void> {
  const items = [...record.objects].reverse();
  const current = new Map<(typeof items)[number], KubeObject>();
  for (const item of items) {
    if (item.action !== 'patch') continue;
    const live = await kubeRequest(kc, 'GET', objectPath(item.object));
    if (!deepEqual(contentOf(live), item.after)) {
      throw new ConcurrentChangeError(item.object, `${describeRef(item.object)} was changed after the repair was applied; undoing would overwrite that change, so nothing was written.`);
    }
    current.set(item, live);
  }
  const failures: string[] = [];
  for (const item of items) {
    try {
      if (item.action === 'patch') {
        const live = current.get(item)!;
        const patch = (mergePatchOf(contentOf(live), item.before) ?? {}) as Record<string, unknown>;
        await kubeRequest(kc, 'PATCH', objectPath(item.object), {
          body: { ...patch, metadata: { resourceVersion: live.metadata?.resourceVersion } },
          contentType: MERGE_PATCH,
          query: { fieldManager: FIELD_MANAGER },
        });
      } else {
        await kubeRequest(kc, 'DELETE', objectPath(item.object), {
          body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', ...(item.uid ? { preconditions: { uid: item.uid } } : {}) },
        });
      }
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404 && item.action === 'create') continue;
      if (err instanceof KubeApiError && err.status === 409) throw new ConcurrentChangeError(item.object, `${describeRef(item.object)} changed while undoing; nothing more was written.`);
      failures.push(`${describeRef(item.object)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (failures.length) throw new Error(`Undo did not complete: ${failures.join('; ')}`);
}

// ---- verification ----

const METRICS_PIPELINE_MESSAGE =
  /unable to (get|fetch) metrics|no metrics returned from resource metrics API|could not find the requested resource \(get pods\.metrics\.k8s\.io\)|currently unable to handle the request \(get pods\.metrics\.k8s\.io\)/;

export interface MetricsState {
  apiService?: string;
  readyNodes: number;
  nodesWithMetrics: number;
  /** HPAs whose ScalingActive=False comes from the metrics pipeline (namespace/name). */
  blockedHpas: string[];
  ok: boolean;
  detail: string;
}

/** One look at the symptoms the metrics repairs clear. */
export async function metricsState(kc: KubeConfig, needApiService: boolean): Promise<MetricsState> {
  let apiService: string | undefined;
  if (needApiService) {
    try {
      const as = await kubeRequest(kc, 'GET', `/apis/apiregistration.k8s.io/v1/apiservices/${METRICS_API_SERVICE}`);
      const c = (as.status?.conditions ?? []).find((x: KubeObject) => x.type === 'Available');
      apiService = c?.status === 'True' ? 'Available' : `not Available${c ? ` (${c.reason}: ${c.message})` : ''}`;
    } catch (err) {
      apiService = err instanceof KubeApiError && err.status === 404 ? 'not registered' : `unreadable (${(err as Error).message})`;
    }
  }
  const nodes: KubeObject[] = (await kubeRequest(kc, 'GET', '/api/v1/nodes')).items ?? [];
  const ready = new Set(nodes.filter((n) => (n.status?.conditions ?? []).some((c: KubeObject) => c.type === 'Ready' && c.status === 'True')).map((n) => n.metadata.name));
  let withMetrics = 0;
  let metricsError = '';
  try {
    const nm: KubeObject[] = (await kubeRequest(kc, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes')).items ?? [];
    withMetrics = nm.filter((m) => ready.has(m.metadata?.name)).length;
  } catch (err) {
    metricsError = ` (metrics API: ${(err as Error).message})`;
  }
  const hpas: KubeObject[] = (await kubeRequest(kc, 'GET', '/apis/autoscaling/v2/horizontalpodautoscalers')).items ?? [];
  const blockedHpas = hpas
    .filter((h) => (h.status?.conditions ?? []).some((c: KubeObject) => c.type === 'ScalingActive' && c.status === 'False' && METRICS_PIPELINE_MESSAGE.test(c.message ?? '')))
    .map((h) => `${h.metadata.namespace}/${h.metadata.name}`);
  const ok = (!needApiService || apiService === 'Available') && withMetrics >= ready.size && blockedHpas.length === 0;
  const parts = [
    ...(needApiService ? [`APIService v1beta1.metrics.k8s.io ${apiService}`] : []),
    `node metrics for ${withMetrics} of ${ready.size} ready nodes${metricsError}`,
    blockedHpas.length ? `HPAs still without metrics: ${blockedHpas.join(', ')}` : 'every HPA target known',
  ];
  return { apiService, readyNodes: ready.size, nodesWithMetrics: withMetrics, blockedHpas, ok, detail: parts.join('; ') };
}

/** Waits until the symptom the plan repairs is gone (plan.verifies), reporting progress. */
export async function verifyRepair(kc: KubeConfig, plan: RepairPlan, opts: VerifyOptions = {}): Promise<{ ok: boolean; detail: string }> {
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const deadline = Date.now() + timeoutMs;
  const needApiService = plan.repairId === 'install-metrics-server';
  let last = '';
  for (;;) {
    if (opts.signal?.aborted) return { ok: false, detail: `verification cancelled; last seen: ${last || 'nothing yet'}` };
    let detail: string;
    try {
      const s = await metricsState(kc, needApiService);
      if (s.ok) {
        opts.onProgress?.(s.detail);
        return { ok: true, detail: s.detail };
      }
      detail = s.detail;
    } catch (err) {
      detail = `cluster not readable: ${(err as Error).message}`;
    }
    if (detail !== last) opts.onProgress?.(detail);
    last = detail;
    if (Date.now() >= deadline) return { ok: false, detail: `not cleared after ${Math.round(timeoutMs / 1000)} s: ${last}. Run the doctor again to see why.` };
    await sleep(Math.min(2000, Math.max(0, deadline - Date.now())), opts.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The plan's changes as one unified diff (for the CLI); '' when the plan changes nothing. */
export function unifiedDiff(plan: RepairPlan): string {
  return plan.changes
    .map((c) => {
      const name = objectName(c.object);
      return unifiedTextDiff(c.before, c.after, { from: c.action === 'create' ? '/dev/null' : `a/${name}`, to: `b/${name}` });
    })
    .join('');
}

function objectName(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ? ref.namespace + '/' : ''}${ref.name}`;
}
