// Writes a RepairPlan to the cluster safely: server-side dry-run of the exact request, apply with the
// planned resourceVersion (a concurrent change is a ConcurrentChangeError, nothing written), undo through
// the same path (planned, diffed, dry-run), and verification that the symptom the repair addresses cleared.
// Shared by the CLI and the VS Code Doctor.
import { createHash } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { parse } from 'yaml';
import { unifiedTextDiff } from '../text/diff';
import { ConcurrentChangeError, type ClusterIdentity, type PlannedChange, type RepairPlan, type UndoRecord } from './types';
import { type ObjectRef } from '../k8s/objectRef';
import { hpaListPath, toV2Hpa } from '../k8s/hpaVersions';
import { contentOf, deepEqual, describeRef, guardedPatch, objectYaml, sortKeys } from './repairKit/objects';
import { hpaApi } from '../cluster/hpaApi';
import { METRICS_API_SERVICE } from '../cluster/metricsApi';
import { KubeApiError, kubeRequest, MERGE_PATCH, type KubeObject } from '../cluster/request';
import { objectPath } from './repairKit/rest';
import { errorMessage, LocalizedError, msg, render, type Message } from '../l10n';
import { clauseJoin, listJoin } from '../l10n/lists';

export interface VerifyOptions {
  /** One line each time the state changes, e.g. "node metrics for 2 of 3 nodes": its English and its template. */
  onProgress?: (detail: string, localized: Message) => void;
  signal?: AbortSignal;
  /** Default 180 s. */
  timeoutMs?: number;
}

const FIELD_MANAGER = 'kube-scaling-doctor';

/** The request a change makes: merge patch with the resourceVersion precondition, create, or (undo) delete with the uid precondition. */
function send(kc: KubeConfig, change: PlannedChange, dryRun: boolean): Promise<KubeObject> {
  if (!change.body) throw new LocalizedError(msg("the plan's change of {object} has no request body; plan the repair again", { object: describeRef(change.object) }));
  const query: Record<string, string> = { fieldManager: FIELD_MANAGER };
  if (dryRun) query.dryRun = 'All';
  if (change.action === 'create') return kubeRequest(kc, 'POST', objectPath(change.object, true), { body: change.body, query });
  if (change.action === 'delete') return kubeRequest(kc, 'DELETE', objectPath(change.object), { body: change.body, query: dryRun ? { dryRun: 'All' } : {} });
  return kubeRequest(kc, 'PATCH', objectPath(change.object), { body: change.body, query, contentType: MERGE_PATCH });
}

/** 409 on a patch (resourceVersion moved) or a create (someone created it) means a concurrent change. */
function asConcurrent(err: unknown, change: PlannedChange): unknown {
  if (err instanceof KubeApiError && err.status === 409) {
    const why =
      change.action === 'create'
        ? msg('{object} was created by someone else since the preview; nothing was written. Re-run the repair to see the new plan.', { object: describeRef(change.object) })
        : undefined;
    return new ConcurrentChangeError(change.object, why);
  }
  return err;
}

/** Sends every change of the plan (a repair's or an undo's) with dryRun=All; throws with the server's message when one is refused. */
export async function dryRun(kc: KubeConfig, plan: Pick<RepairPlan, 'changes'>): Promise<void> {
  for (const change of plan.changes) {
    try {
      await send(kc, change, true);
    } catch (err) {
      const e = asConcurrent(err, change);
      if (e instanceof ConcurrentChangeError) throw e;
      throw new LocalizedError(dryRunRefused(change, errorMessage(err)), { cause: err });
    }
  }
}

/** Why the dry run of one change was refused, the server's own message quoted. */
function dryRunRefused(change: PlannedChange, error: string | Message): Message {
  const object = describeRef(change.object);
  if (change.action === 'create') return msg('The server refused the dry-run of create {object}: {error}', { object, error });
  if (change.action === 'delete') return msg('The server refused the dry-run of delete {object}: {error}', { object, error });
  return msg('The server refused the dry-run of patch {object}: {error}', { object, error });
}

/** Applies the plan; throws ConcurrentChangeError (nothing written) when an object changed since planning. */
export async function applyPlan(kc: KubeConfig, plan: RepairPlan): Promise<UndoRecord> {
  const record: UndoRecord = { repairId: plan.repairId, appliedAt: new Date().toISOString(), cluster: clusterIdentity(kc), objects: [] };
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

/** The cluster kc points at, as an undo record stores it: context name and server URL, never credentials. */
export function clusterIdentity(kc: KubeConfig): ClusterIdentity {
  return { context: kc.getCurrentContext(), server: serverWithoutCredentials(kc.getCurrentCluster()?.server ?? '') };
}

/** The server URL without userinfo, query or fragment (a URL may carry `user:password@` or a token). */
export function serverWithoutCredentials(server: string): string {
  try {
    const url = new URL(server);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return server.replace(/\/\/[^/@]*@/, '//').replace(/[?#].*$/, '');
  }
}

/**
 * Why an undo record must not be undone on kc's cluster (it names another context or server); undefined when it may.
 * A record that names no cluster (an older version wrote it, or it was edited) is refused unless the user chose the
 * context explicitly (`--context NAME`): undoing on whatever the current context is could write to the wrong cluster.
 */
export function undoClusterMismatch(kc: KubeConfig, record: UndoRecord, opts: { explicitContext?: boolean } = {}): Message | undefined {
  if (!record.cluster) {
    if (opts.explicitContext) return undefined;
    return msg(
      'This undo record does not say which cluster it was applied to (an older version wrote it, or it was edited); nothing was written. If you know it was {context} (or another context), name it explicitly: --context NAME.',
      { context: kc.getCurrentContext() },
    );
  }
  const here = clusterIdentity(kc);
  if (record.cluster.server === here.server && record.cluster.context === here.context) return undefined;
  return msg('This repair was applied to context {context} ({server}), not to the current context {currentContext} ({currentServer}); nothing was written. Undo it with --context {context}.', {
    context: record.cluster.context,
    server: record.cluster.server,
    currentContext: here.context,
    currentServer: here.server,
  });
}

/**
 * The undo of a record as a plan, like a repair's: a guarded merge patch back to `before` for each patched
 * object (refused, ConcurrentChangeError, when its content changed since the repair) and a delete with the uid
 * precondition for each created one (skipped when already gone), newest first. Reads only.
 */
export async function planUndo(kc: KubeConfig, record: UndoRecord): Promise<{ changes: PlannedChange[] }> {
  const changes: PlannedChange[] = [];
  for (const item of [...record.objects].reverse()) {
    let live: KubeObject;
    try {
      live = await kubeRequest(kc, 'GET', objectPath(item.object));
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404 && item.action === 'create') continue;
      if (err instanceof KubeApiError && err.status === 404)
        throw new LocalizedError(msg('{object} was not found, so it cannot be put back; nothing was written.', { object: describeRef(item.object) }), { cause: err });
      throw err;
    }
    live.apiVersion ??= item.object.apiVersion;
    live.kind ??= item.object.kind;
    if (item.action === 'patch') {
      if (!deepEqual(contentOf(live), item.after)) {
        throw new ConcurrentChangeError(
          item.object,
          msg('{object} was changed after the repair was applied; undoing would overwrite that change, so nothing was written.', { object: describeRef(item.object) }),
        );
      }
      const restored: KubeObject = { apiVersion: live.apiVersion, kind: live.kind, metadata: live.metadata, ...(item.before as KubeObject) };
      changes.push({
        action: 'patch',
        object: item.object,
        resourceVersion: live.metadata?.resourceVersion ?? '',
        before: objectYaml(live),
        after: objectYaml(restored),
        body: guardedPatch(live, restored),
      });
    } else {
      if (item.uid && live.metadata?.uid !== item.uid) continue; // another object of that name, created since: not ours to delete
      const preconditions = item.uid ? { preconditions: { uid: item.uid } } : {};
      changes.push({
        action: 'delete',
        object: item.object,
        resourceVersion: live.metadata?.resourceVersion ?? '',
        before: objectYaml(live),
        after: '',
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', ...preconditions },
      });
    }
  }
  return { changes };
}

/** Writes an undo plan (planUndo, after its dry run). A 409 is a ConcurrentChangeError; other failures are collected. */
export async function applyUndo(kc: KubeConfig, plan: { changes: PlannedChange[] }): Promise<void> {
  const failures: Message[] = [];
  for (const change of plan.changes) {
    try {
      await send(kc, change, false);
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404 && change.action === 'delete') continue;
      if (err instanceof KubeApiError && err.status === 409)
        throw new ConcurrentChangeError(change.object, msg('{object} changed while undoing; nothing more was written.', { object: describeRef(change.object) }));
      failures.push(msg('{object}: {error}', { object: describeRef(change.object), error: errorMessage(err) }));
    }
  }
  if (failures.length) throw new LocalizedError(msg('Undo did not complete: {failures}', { failures: clauseJoin(failures) }));
}

/**
 * Puts every object back as it was before applyPlan (deletes what it created), newest first: planUndo,
 * server dry run, then applyUndo. Refuses (ConcurrentChangeError, nothing written) when a patched object
 * was changed since the repair. The caller checks the cluster first (undoClusterMismatch).
 */
export async function undoRepair(kc: KubeConfig, record: UndoRecord): Promise<void> {
  const plan = await planUndo(kc, record);
  await dryRun(kc, plan);
  await applyUndo(kc, plan);
}

/**
 * A short hash of exactly what a plan writes, where: the repair, the cluster's server, and each change's
 * action, object, resourceVersion and request body. `doctor --fix ID --yes --plan HASH` applies a plan
 * only when planning again yields the same hash, so what is applied is what the preview showed.
 */
export function planHash(plan: Pick<RepairPlan, 'repairId' | 'changes'>, cluster: Pick<ClusterIdentity, 'server'>): string {
  const exact = {
    repairId: plan.repairId,
    server: cluster.server,
    changes: plan.changes.map((c) => ({ action: c.action, object: c.object, resourceVersion: c.resourceVersion, body: c.body ?? null })),
  };
  return createHash('sha256')
    .update(JSON.stringify(sortKeys(exact)))
    .digest('hex')
    .slice(0, 12);
}

/**
 * The plan hash of an undo (planHash of the undo plan, marked as the undo of record.repairId so it never equals
 * the repair's): `doctor --undo FILE --yes --plan HASH` applies the undo only when planning it again yields this.
 */
export function undoPlanHash(record: Pick<UndoRecord, 'repairId'>, plan: Pick<RepairPlan, 'changes'>, cluster: Pick<ClusterIdentity, 'server'>): string {
  return planHash({ repairId: `undo ${record.repairId}`, changes: plan.changes }, cluster);
}

// ---- verification ----

const METRICS_PIPELINE_MESSAGE =
  /unable to (get|fetch) metrics|no metrics returned from resource metrics API|could not find the requested resource \(get pods\.metrics\.k8s\.io\)|currently unable to handle the request \(get pods\.metrics\.k8s\.io\)/;
/** Conditions about External, Object, Pods (custom) metrics: served by other adapters, which no metrics-server repair changes. */
const OTHER_METRICS_REASON = /^FailedGet(External|Object|Pods)Metric$/;
const OTHER_METRICS_MESSAGE = /\b(external|custom) metrics API|unable to get (external|object|pods) metric|(external|custom)\.metrics\.k8s\.io/i;

export interface MetricsState {
  readyNodes: number;
  nodesWithMetrics: number;
  /** HPAs on Resource/ContainerResource metrics whose ScalingActive=False comes from the metrics pipeline (namespace/name). */
  blockedHpas: string[];
  /** Other HPAs that are not scaling (External or custom metrics, missing requests…), one line each: not what the repair changes. */
  otherHpas: string[];
  ok: boolean;
  /** What was seen, in English (logs, tests). */
  detail: string;
  /** The same as a template, for the reader's language. */
  localized: Message;
}

/** Resource or ContainerResource metrics (or none listed: the default CPU target) come from the resource metrics API. */
function usesResourceMetrics(hpa: KubeObject): boolean {
  const metrics: KubeObject[] = Array.isArray(hpa.spec?.metrics) ? hpa.spec.metrics : [];
  return metrics.length === 0 || metrics.some((m) => m?.type === 'Resource' || m?.type === 'ContainerResource');
}

/** Cluster text on one line, without control characters (it is printed in a terminal). */
const oneLine = (text: unknown) =>
  String(text ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .trim();

/** One look at the symptoms the metrics repairs clear: the metrics API, node and pod metrics, HPAs on resource metrics. */
export async function metricsState(kc: KubeConfig, needApiService: boolean): Promise<MetricsState> {
  const parts: Message[] = [];
  let apiAvailable = false;
  if (needApiService) {
    const name = METRICS_API_SERVICE;
    try {
      const as = await kubeRequest(kc, 'GET', `/apis/apiregistration.k8s.io/v1/apiservices/${METRICS_API_SERVICE}`);
      const c = (as.status?.conditions ?? []).find((x: KubeObject) => x.type === 'Available');
      apiAvailable = c?.status === 'True';
      parts.push(
        apiAvailable
          ? msg('APIService {name} Available', { name })
          : c
            ? msg('APIService {name} not Available ({reason}: {message})', { name, reason: oneLine(c.reason), message: oneLine(c.message) })
            : msg('APIService {name} not Available', { name }),
      );
    } catch (err) {
      const missing = err instanceof KubeApiError && err.status === 404;
      parts.push(missing ? msg('APIService {name} not registered', { name }) : msg('APIService {name} unreadable ({error})', { name, error: errorMessage(err) }));
    }
  }
  const nodes: KubeObject[] = (await kubeRequest(kc, 'GET', '/api/v1/nodes')).items ?? [];
  const ready = new Set(nodes.filter((n) => (n.status?.conditions ?? []).some((c: KubeObject) => c.type === 'Ready' && c.status === 'True')).map((n) => n.metadata.name));
  let withMetrics = 0;
  try {
    const nm: KubeObject[] = (await kubeRequest(kc, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes')).items ?? [];
    withMetrics = nm.filter((m) => ready.has(m.metadata?.name)).length;
    parts.push(msg('node metrics for {count} of {ready} ready nodes', { count: withMetrics, ready: ready.size }));
  } catch (err) {
    parts.push(msg('node metrics for {count} of {ready} ready nodes (metrics API: {error})', { count: withMetrics, ready: ready.size, error: errorMessage(err) }));
  }
  let podMetricsOk = true;
  try {
    await kubeRequest(kc, 'GET', '/apis/metrics.k8s.io/v1beta1/pods');
    parts.push(msg('pod metrics available'));
  } catch (err) {
    podMetricsOk = false;
    parts.push(msg('pod metrics not available ({error})', { error: errorMessage(err) }));
  }
  // HPAs in the version the server serves (v1's conditions come from its annotation); unreadable ones are said, not skipped.
  const served = await hpaApi(kc);
  const hpas: KubeObject[] = 'problem' in served ? [] : ((await kubeRequest(kc, 'GET', hpaListPath(served.version))).items ?? []).map((h: KubeObject) => toV2Hpa(h, served.version));
  const blockedHpas: string[] = [];
  const otherHpas: string[] = [];
  for (const h of hpas) {
    const inactive = (h.status?.conditions ?? []).find((c: KubeObject) => c.type === 'ScalingActive' && c.status === 'False');
    if (!inactive) continue;
    const name = `${h.metadata?.namespace}/${h.metadata?.name}`;
    const message = String(inactive.message ?? '');
    const other = OTHER_METRICS_REASON.test(String(inactive.reason ?? '')) || OTHER_METRICS_MESSAGE.test(message);
    if (!other && usesResourceMetrics(h) && METRICS_PIPELINE_MESSAGE.test(message)) blockedHpas.push(name);
    else otherHpas.push(`HorizontalPodAutoscaler ${oneLine(name)}: ${oneLine(inactive.reason)}: ${oneLine(message)}`);
  }
  const ok = (!needApiService || apiAvailable) && withMetrics >= ready.size && podMetricsOk && blockedHpas.length === 0;
  parts.push(
    'problem' in served
      ? msg('HPAs not read: {problem}', { problem: served.problem.l10n?.title ?? served.problem.title })
      : blockedHpas.length
        ? msg('HPAs on resource metrics still without them: {hpas}', { hpas: listJoin(blockedHpas.map(oneLine)) })
        : msg('every HPA on resource metrics has them'),
  );
  const localized = clauseJoin(parts) as Message;
  return { readyNodes: ready.size, nodesWithMetrics: withMetrics, blockedHpas, otherHpas, ok, detail: render(localized, 'en'), localized };
}

export interface VerifyResult {
  /** The symptom the repair addresses cleared. */
  ok: boolean;
  /** What was seen last, in English (logs, tests). */
  detail: string;
  /** The same as a template, for the reader's language. */
  localized: Message;
  /** Other HPAs' problems seen at the end: remaining findings, not a failed repair. */
  remaining: string[];
}

/**
 * Waits until what the repair can change is healthy (plan.verifies): the metrics API (install), node and pod
 * metrics, and HPAs on Resource/ContainerResource metrics, reporting progress. HPAs failing on External or
 * custom metrics, or for reasons of their own, come back as `remaining` and do not keep it waiting.
 */
export async function verifyRepair(kc: KubeConfig, plan: RepairPlan, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const deadline = Date.now() + timeoutMs;
  const needApiService = plan.repairId === 'install-metrics-server';
  let last: Message | undefined;
  let remaining: string[] = [];
  const result = (ok: boolean, localized: Message): VerifyResult => ({ ok, detail: render(localized, 'en'), localized, remaining });
  for (;;) {
    if (opts.signal?.aborted) return result(false, msg('verification cancelled; last seen: {last}', { last: last ?? msg('nothing yet') }));
    let seen: Message;
    try {
      const s = await metricsState(kc, needApiService);
      remaining = s.otherHpas;
      if (s.ok) {
        opts.onProgress?.(s.detail, s.localized);
        return result(true, s.localized);
      }
      seen = s.localized;
    } catch (err) {
      seen = msg('cluster not readable: {error}', { error: errorMessage(err) });
    }
    const english = render(seen, 'en');
    if (!last || english !== render(last, 'en')) opts.onProgress?.(english, seen);
    last = seen;
    if (Date.now() >= deadline) return result(false, msg('not cleared after {seconds} s: {last}. Run the doctor again to see why.', { seconds: Math.round(timeoutMs / 1000), last }));
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

/** The plan's changes (a repair's or an undo's) as one unified diff (for the CLI); '' when the plan changes nothing. */
export function unifiedDiff(plan: Pick<RepairPlan, 'changes'>): string {
  return plan.changes
    .map((c) => {
      const name = objectName(c.object);
      return unifiedTextDiff(c.before, c.after, { from: c.action === 'create' ? '/dev/null' : `a/${name}`, to: c.action === 'delete' ? '/dev/null' : `b/${name}` });
    })
    .join('');
}

function objectName(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ? ref.namespace + '/' : ''}${ref.name}`;
}
