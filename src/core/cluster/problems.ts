// Why cluster data is missing: client-node errors classified into the stable problem kinds of
// types.ts, each with an actionable message, a docs link and the doctor diagnosis to offer.
// Messages never contain tokens: error texts pass through redact(), plugin output is cut short.
// Titles and messages are templates (l10n): `title` and `message` keep the English, `l10n` the templates, and
// localizedProblem renders them in the reader's language, for the CLI, the Cluster view and the doctor view alike.
import * as k8s from '@kubernetes/client-node';
import { msg, render, textOf, type Message } from '../l10n';
import { METRICS_API_SERVICE, METRICS_GROUP, METRICS_VERSION } from './metricsApi';
import { printableLine } from '../text/terminal';
import type { ClusterProblem, ProblemKind } from './types';
import { KubeApiError, UnexpectedAnswerError } from './request';
import { clip, redact } from './redact';

// How a problem reads in a language lives in problemText.ts (no Kubernetes client, for the extension's views).
export { localizedProblem, problemText } from './problemText';
// Redaction lives in redact.ts (no Kubernetes client, for the extension's output channel); its users import it from here too.
export { clip, MAX_SHOWN_TEXT, redact, stripUserinfo } from './redact';

export class ClusterProblemError extends Error {
  constructor(readonly problem: ClusterProblem) {
    super(`${problem.title}: ${problem.message}`);
    this.name = 'ClusterProblemError';
  }

  /** `title: message` as a template, for errorText (l10n); the English `message` when the problem has no templates. */
  get localized(): Message | string {
    const l10n = this.problem.l10n;
    return l10n ? msg('{title}: {message}', { title: l10n.title, message: l10n.message }) : this.message;
  }
}

/** A credential plugin (exec, token file, OIDC) failed before the request was sent. */
export class CredentialError extends Error {
  constructor(
    readonly user: string,
    /** Why, as a template; a plain string is the plugin's own output (quoted, never translated). */
    readonly why: string | Message,
  ) {
    super(textOf(why, 'en'));
    this.name = 'CredentialError';
  }
}

/** What was being done when a problem came up (`listing nodes`): a template, or plain English from a caller not yet translated. */
export type Activity = string | Message;

/**
 * A problem whose title and message are templates: `title` and `message` in English (JSON, logs, tests), `l10n` for
 * other languages. `pieces` are the parts that come from callers (what was being done, why an answer is wrong): a
 * plain-string one is English not yet translated, and keeps the problem English-only rather than glue English into a
 * translated sentence.
 */
export function templatedProblem(kind: ProblemKind, title: Message, message: string | Message, rest: Partial<ClusterProblem> = {}, pieces: readonly Activity[] = []): ClusterProblem {
  const translatable = pieces.every((piece) => typeof piece !== 'string');
  return { kind, title: render(title, 'en'), message: textOf(message, 'en'), ...rest, ...(translatable ? { l10n: { title, message } } : {}) };
}

export const DOCS: Record<ProblemKind, string> = {
  kubeconfig: 'https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/',
  unreachable: 'https://kubernetes.io/docs/tasks/access-application-cluster/access-cluster/',
  unauthorized: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins',
  forbidden: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/',
  'metrics-api-missing': 'https://github.com/kubernetes-sigs/metrics-server#installation',
  'metrics-api-unavailable': 'https://github.com/kubernetes-sigs/metrics-server/blob/master/KNOWN_ISSUES.md',
  'metrics-pending': 'https://github.com/kubernetes-sigs/metrics-server/blob/master/FAQ.md#how-often-metrics-are-scraped',
  error: 'https://kubernetes.io/docs/reference/using-api/api-concepts/',
};

/** Server and plugin text for a message: cut to MAX_SHOWN_TEXT, redacted, on one line, control characters escaped, cut at `max`. */
function oneLine(text: string, max = 400): string {
  const t = printableLine(redact(clip(text)).replace(/\s+/g, ' ').trim());
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function kubeconfigProblem(title: Message, message: Message): ClusterProblem {
  return templatedProblem('kubeconfig', title, message, { docsUrl: DOCS.kubeconfig });
}

/** Wraps a credential plugin failure; the plugin's stderr is kept (it is meant for users), its stdout never. */
export function credentialError(err: unknown, user: string): CredentialError {
  if (err instanceof CredentialError) return err;
  const e = err as NodeJS.ErrnoException;
  let why: string | Message;
  if (e?.code === 'ENOENT' && typeof e.path === 'string') why = msg('the command "{command}" was not found (is it installed and on PATH?)', { command: e.path });
  else if (e?.code === 'EACCES' && typeof e.path === 'string') why = msg('the command "{command}" is not executable', { command: e.path });
  else if (err instanceof SyntaxError) why = msg('it did not print an ExecCredential JSON object');
  else if (e?.code === 'ENOENT' || e?.code === 'EACCES') why = msg('a credential file is unreadable ({code})', { code: e.code });
  else why = oneLine(String(e?.message ?? err), 300) || msg('it exited with an error and printed nothing');
  return new CredentialError(user, why);
}

interface StatusBody {
  message?: string;
  reason?: string;
  code?: number;
  details?: { kind?: string; name?: string; group?: string };
}

function statusBody(err: { body?: unknown }): StatusBody {
  const body = err.body;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as StatusBody) : { message: body };
    } catch {
      return { message: body };
    }
  }
  return body && typeof body === 'object' ? (body as StatusBody) : {};
}

/** The HTTP status of an API error (our KubeApiError, client-node's ApiException `code`, Watch `statusCode`), if any. */
export function httpStatus(err: unknown): number | undefined {
  const e = err as { code?: unknown; statusCode?: unknown };
  if (err instanceof KubeApiError) return err.status;
  if (err instanceof k8s.ApiException) return err.code;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return undefined;
}

/** The server's message of an API error (the Status `message`), if any. */
export function serverMessage(err: unknown): string | undefined {
  if (!(err instanceof k8s.ApiException || err instanceof KubeApiError)) return undefined;
  const m = statusBody(err).message;
  return m ? oneLine(m) : undefined;
}

const NET_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'UND_ERR_CONNECT_TIMEOUT']);
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|EPROTO/;

function requestUrl(message: string): string | undefined {
  const m = /request to (\S+) failed/.exec(message);
  if (!m) return undefined;
  try {
    return new URL(m[1]).origin;
  } catch {
    return undefined;
  }
}

/** Parses `cannot list resource "nodes" in API group "" at the cluster scope` from a 403 message. */
export function parseForbidden(message: string): ClusterProblem['missingPermission'] {
  const m = /cannot (\S+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)")?/.exec(message);
  if (!m) return undefined;
  return { verb: m[1], resource: m[2], group: m[3], ...(m[4] ? { namespace: m[4] } : {}) };
}

/** `list nodes`, `list horizontalpodautoscalers.autoscaling in namespace shop`. */
export function permissionText(p: NonNullable<ClusterProblem['missingPermission']>): string {
  const resource = p.group ? `${p.resource}.${p.group}` : p.resource;
  return `${p.verb} ${resource}${p.namespace ? ` in namespace ${p.namespace}` : ''}`;
}

/** permissionText as a template: the verb and resource stay as the API names them. */
function permissionMessage(p: NonNullable<ClusterProblem['missingPermission']>): Message {
  const resource = p.group ? `${p.resource}.${p.group}` : p.resource;
  return p.namespace ? msg('{verb} {resource} in namespace {namespace}', { verb: p.verb, resource, namespace: p.namespace }) : msg('{verb} {resource}', { verb: p.verb, resource });
}

/** `what` is what the permission is needed for (`the Nodes list`); `detail` a sentence put after the first. */
export function forbiddenProblem(p: NonNullable<ClusterProblem['missingPermission']>, what: Activity, detail?: Message): ClusterProblem {
  const args = { permission: permissionMessage(p), what, verb: p.verb, resource: p.resource, group: p.group, namespace: p.namespace ?? '', ...(detail ? { detail } : {}) };
  let message: Message;
  if (p.namespace) {
    message = detail
      ? msg(
          'Your user may not {permission} (needed for {what}). {detail} Ask a cluster admin for a Role in namespace {namespace} granting "{verb}" on "{resource}" (API group "{group}") and a binding to your user, or switch to a context that has it.',
          args,
        )
      : msg(
          'Your user may not {permission} (needed for {what}). Ask a cluster admin for a Role in namespace {namespace} granting "{verb}" on "{resource}" (API group "{group}") and a binding to your user, or switch to a context that has it.',
          args,
        );
  } else {
    message = detail
      ? msg(
          'Your user may not {permission} (needed for {what}). {detail} Ask a cluster admin for a ClusterRole granting "{verb}" on "{resource}" (API group "{group}") and a binding to your user, or switch to a context that has it.',
          args,
        )
      : msg(
          'Your user may not {permission} (needed for {what}). Ask a cluster admin for a ClusterRole granting "{verb}" on "{resource}" (API group "{group}") and a binding to your user, or switch to a context that has it.',
          args,
        );
  }
  return templatedProblem('forbidden', msg('Forbidden: cannot {permission}', { permission: permissionMessage(p) }), message, { missingPermission: p, docsUrl: DOCS.forbidden }, [what]);
}

/**
 * Classifies an error from client-node (API call, watch, credential plugin, kubeconfig) while doing
 * `what` (e.g. "listing nodes"). Synchronous; for a 403 the permission comes from the server's
 * message — use `checkAccess`/`findMissingPermission` to confirm with a SelfSubjectAccessReview.
 */
export function toProblem(err: unknown, what: Activity): ClusterProblem {
  if (err instanceof ClusterProblemError) return err.problem;
  if (err instanceof CredentialError) {
    return templatedProblem(
      'unauthorized',
      msg('Credential plugin failed'),
      msg(
        'Getting credentials for user "{user}" failed while {what}: {why}. Run the kubeconfig\'s exec command by hand (for EKS: `aws eks get-token --cluster-name <name>`) to see why; log in again if the session expired.',
        { user: err.user, what, why: err.why },
      ),
      { docsUrl: DOCS.unauthorized },
      [what],
    );
  }
  if (err instanceof UnexpectedAnswerError) return unexpectedAnswerProblem(err.request, err.whyMessage ?? err.why, what);
  const status = httpStatus(err);
  if (status !== undefined) {
    const body = err instanceof k8s.ApiException || err instanceof KubeApiError ? statusBody(err) : {};
    const detail = body.message ? oneLine(body.message) : '';
    if (status === 401) {
      const message = detail
        ? msg(
            'The API server rejected the credentials while {what}: {detail}. The token or client certificate is invalid or expired: refresh the kubeconfig (for EKS `aws eks update-kubeconfig`, for GKE `gcloud container clusters get-credentials`).',
            { what, detail },
          )
        : msg(
            'The API server rejected the credentials while {what}. The token or client certificate is invalid or expired: refresh the kubeconfig (for EKS `aws eks update-kubeconfig`, for GKE `gcloud container clusters get-credentials`).',
            { what },
          );
      return templatedProblem('unauthorized', msg('Unauthorized (401)'), message, { docsUrl: DOCS.unauthorized }, [what]);
    }
    if (status === 403) {
      const p = parseForbidden(detail);
      if (p) return forbiddenProblem(p, what);
      const message = detail
        ? msg('The API server refused {what}: {detail}. Ask a cluster admin for read access.', { what, detail })
        : msg('The API server refused {what}. Ask a cluster admin for read access.', { what });
      return templatedProblem('forbidden', msg('Forbidden (403)'), message, { docsUrl: DOCS.forbidden }, [what]);
    }
    const title = body.reason ? msg('API error {status} {reason}', { status, reason: body.reason }) : msg('API error {status}', { status });
    const message = detail ? msg('The API server answered {status} while {what}: {detail}', { status, what, detail }) : msg('The API server answered {status} while {what}.', { status, what });
    return templatedProblem('error', title, message, { docsUrl: DOCS.error }, [what]);
  }
  const e = err as NodeJS.ErrnoException & { type?: string; name?: string; message?: string };
  const message = String(e?.message ?? err);
  const url = requestUrl(message);
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || e?.type === 'aborted' || e?.type === 'request-timeout') {
    const text = url
      ? msg('No answer from the API server at {url} while {what} (timed out). Check the network path (VPN, proxy, firewall) and that the cluster is running: `kubectl cluster-info`.', { url, what })
      : msg('No answer from the API server while {what} (timed out). Check the network path (VPN, proxy, firewall) and that the cluster is running: `kubectl cluster-info`.', { what });
    return templatedProblem('unreachable', msg('API server did not answer'), text, { docsUrl: DOCS.unreachable }, [what]);
  }
  const code = typeof e?.code === 'string' ? e.code : '';
  if (TLS_CODE.test(code) || /certificate|x509|SSL routines/i.test(message)) {
    const args = { url: url ?? '', what, error: oneLine(message, 250) };
    const text = url
      ? msg(
          "The API server's certificate was not accepted at {url} while {what}: {error}. The kubeconfig's certificate-authority-data must match the cluster; re-fetch the kubeconfig from your provider.",
          args,
        )
      : msg(
          "The API server's certificate was not accepted while {what}: {error}. The kubeconfig's certificate-authority-data must match the cluster; re-fetch the kubeconfig from your provider.",
          args,
        );
    return templatedProblem('unreachable', msg('TLS error talking to the API server'), text, { docsUrl: DOCS.unreachable }, [what]);
  }
  if (NET_CODES.has(code) || e?.type === 'system' || /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket hang up/.test(message)) {
    const why = code === 'ECONNREFUSED' ? msg('connection refused') : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? msg('host name not found') : code || msg('network error');
    const args = { url: url ?? '', what, why };
    const text = url
      ? msg(
          "Cannot connect to the API server at {url} while {what} ({why}). Check that the cluster is running and that the kubeconfig's server address is reachable from here (VPN, proxy): `kubectl cluster-info`.",
          args,
        )
      : msg(
          "Cannot connect to the API server while {what} ({why}). Check that the cluster is running and that the kubeconfig's server address is reachable from here (VPN, proxy): `kubectl cluster-info`.",
          args,
        );
    return templatedProblem('unreachable', msg('Cluster unreachable'), text, { docsUrl: DOCS.unreachable }, [what]);
  }
  return templatedProblem('error', msg('Error while {what}', { what }), oneLine(message), { docsUrl: DOCS.error }, [what]);
}

/**
 * A 2xx answer without the shape of a Kubernetes API answer: reported with the request, never interpreted. `why`
 * continues the request into a sentence (`GET /version` `has no gitVersion string`); a plain-string `why` keeps the
 * problem in English.
 */
export function unexpectedAnswerProblem(request: string, why: string | Message, what: Activity): ClusterProblem {
  const message = msg(
    "{request} {why} (while {what}). A Kubernetes API server does not answer this way: check the kubeconfig's server address and any proxy in front of it. Nothing was concluded from this answer.",
    { request: oneLine(request, 200), why: typeof why === 'string' ? oneLine(why, 200) : why, what },
  );
  return templatedProblem('error', msg('Unexpected answer from the API server'), message, { docsUrl: DOCS.error }, [why, what]);
}

export interface PermissionNeed {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  /** What it is needed for, e.g. "the Nodes list". */
  for: Activity;
}

/** One SelfSubjectAccessReview: may the current user do this? */
export async function checkAccess(kc: k8s.KubeConfig, need: Omit<PermissionNeed, 'for'>, options?: k8s.ConfigurationOptions): Promise<{ allowed: boolean; reason?: string }> {
  const api = kc.makeApiClient(k8s.AuthorizationV1Api);
  const review = await api.createSelfSubjectAccessReview(
    { body: { spec: { resourceAttributes: { verb: need.verb, group: need.group, resource: need.resource, namespace: need.namespace } } } },
    options,
  );
  return { allowed: !!review.status?.allowed, reason: review.status?.reason || undefined };
}

/**
 * The first permission of `needs` that a SelfSubjectAccessReview denies, as a `forbidden` problem;
 * undefined when all are allowed (or when the review itself cannot be made).
 */
export async function findMissingPermission(kc: k8s.KubeConfig, needs: PermissionNeed[], options?: k8s.ConfigurationOptions): Promise<ClusterProblem | undefined> {
  for (const need of needs) {
    let result;
    try {
      result = await checkAccess(kc, need, options);
    } catch {
      return undefined;
    }
    if (!result.allowed) {
      const p = { verb: need.verb, group: need.group, resource: need.resource, ...(need.namespace ? { namespace: need.namespace } : {}) };
      const detail = result.reason ? msg('A SelfSubjectAccessReview says: not allowed ({reason}).', { reason: oneLine(result.reason, 200) }) : msg('A SelfSubjectAccessReview says: not allowed.');
      return forbiddenProblem(p, need.for, detail);
    }
  }
  return undefined;
}

/**
 * The problem of the metrics API (`v1beta1.metrics.k8s.io`): not registered, or registered but not
 * Available (with the APIService condition's reason and message). Undefined when it is Available.
 * Users who may not read APIServices get the answer from discovery and a probe request instead.
 */
export async function metricsApiProblem(kc: k8s.KubeConfig, options?: k8s.ConfigurationOptions): Promise<ClusterProblem | undefined> {
  try {
    const svc = await kc.makeApiClient(k8s.ApiregistrationV1Api).readAPIService({ name: METRICS_API_SERVICE }, options);
    const available = svc.status?.conditions?.find((c) => c.type === 'Available');
    if (available?.status === 'True') return undefined;
    return metricsUnavailableProblem({ status: available?.status ?? 'Unknown', reason: available?.reason, message: available?.message });
  } catch (err) {
    const status = httpStatus(err);
    if (status === 404) return metricsMissingProblem();
    if (status !== 403) throw err;
  }
  // No permission to read APIServices: ask discovery, then probe the API itself.
  const groups = await kc.makeApiClient(k8s.ApisApi).getAPIVersions(options);
  if (!groups.groups.some((g) => g.name === METRICS_GROUP)) return metricsMissingProblem();
  try {
    await kc.makeApiClient(k8s.CustomObjectsApi).listClusterCustomObject({ group: METRICS_GROUP, version: METRICS_VERSION, plural: 'nodes', limit: 1 }, options);
    return undefined;
  } catch (err) {
    const status = httpStatus(err);
    if (status === 404) return metricsMissingProblem();
    if (status === 503 || status === 502 || status === 500) return metricsUnavailableProblem({ status: 'False', reason: `HTTP ${status}`, message: serverMessage(err) });
    return undefined; // 403 and others are the caller's problem when it lists metrics
  }
}

export function metricsMissingProblem(): ClusterProblem {
  return templatedProblem(
    'metrics-api-missing',
    msg('Metrics API not installed'),
    msg(
      'APIService v1beta1.metrics.k8s.io is not registered, so there are no CPU/memory usage numbers (kubectl top says "Metrics API not available") and HPAs on cpu/memory show <unknown>. Install metrics-server (`kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml`) or let the doctor do it.',
    ),
    { doctorId: 'metrics-api-missing', docsUrl: DOCS['metrics-api-missing'] },
  );
}

export function metricsUnavailableProblem(apiService: NonNullable<ClusterProblem['apiService']>): ClusterProblem {
  // The condition's reason and message are the cluster's words: quoted as they are.
  const why = [apiService.reason, apiService.message ? oneLine(apiService.message, 300) : undefined].filter(Boolean).join(': ');
  const message = why
    ? msg(
        'APIService v1beta1.metrics.k8s.io is registered but not Available — {why}. metrics-server is not running or the API server cannot reach it: check `kubectl -n kube-system get pods,endpoints -l k8s-app=metrics-server` and its logs, or run the doctor.',
        { why },
      )
    : msg(
        'APIService v1beta1.metrics.k8s.io is registered but not Available. metrics-server is not running or the API server cannot reach it: check `kubectl -n kube-system get pods,endpoints -l k8s-app=metrics-server` and its logs, or run the doctor.',
      );
  const title = apiService.reason ? msg('Metrics API unavailable ({reason})', { reason: apiService.reason }) : msg('Metrics API unavailable');
  return templatedProblem('metrics-api-unavailable', title, message, {
    apiService: { ...apiService, ...(apiService.message ? { message: oneLine(apiService.message, 1000) } : {}) },
    doctorId: 'metrics-api-unavailable',
    docsUrl: DOCS['metrics-api-unavailable'],
  });
}

/** The metrics API answers but has no usage for any node: metrics-server cannot scrape the kubelets. */
export function metricsEmptyProblem(): ClusterProblem {
  return templatedProblem(
    'metrics-api-unavailable',
    msg('Metrics API returns no metrics'),
    msg(
      'APIService v1beta1.metrics.k8s.io is Available but returns no usage for any node (kubectl top says "metrics not available yet"). Right after metrics-server starts this lasts one or two scrapes; if it persists, metrics-server cannot scrape the kubelets (TLS, address types, network): see `kubectl -n kube-system logs deploy/metrics-server` or run the doctor.',
    ),
    { apiService: { status: 'True' }, doctorId: 'metrics-server-unreachable-kubelets', docsUrl: DOCS['metrics-api-unavailable'] },
  );
}

/** Pods too new for metrics: metrics-server needs one or two scrapes after a container starts. */
export function metricsPendingProblem(keys: string[]): ClusterProblem {
  // Pod keys are names: listed with commas in every language, like kubectl's output.
  const names = keys.slice(0, 5).join(', ');
  const pods = keys.length > 5 ? msg('{names} and {count} more', { names, count: keys.length - 5 }) : names;
  const title = keys.length === 1 ? msg('{count} pod too new for metrics', { count: 1 }) : msg('{count} pods too new for metrics', { count: keys.length });
  const message = msg('No usage yet for {pods}: metrics-server reports a container after one or two scrapes (every 15 s by default). Wait a moment; the values appear on the next refresh.', { pods });
  return templatedProblem('metrics-pending', title, message, { docsUrl: DOCS['metrics-pending'] });
}
