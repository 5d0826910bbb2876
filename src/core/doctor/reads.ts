// The doctor's reads of the API server as wire JSON, each answer's shape checked against what the checks
// read: a malformed object is skipped and named as an unexpected answer instead of crashing a check.
import * as k8s from '@kubernetes/client-node';
import { getList, getObject, kubeRequest, UnexpectedAnswerError, type Query } from '../cluster/request';
import { msg, type Message } from '../l10n';

/** The API reads the doctor makes, as wire JSON with their shapes checked (lists: `items` is never null here). */
export interface Api {
  list<T>(path: string, query?: Query): Promise<{ items: T[] }>;
  object<T>(path: string): Promise<T>;
  /** A ConfigMap whose `data`, when present, is a map of strings. */
  configMap(ref: { namespace: string; name: string }): Promise<k8s.V1ConfigMap>;
  /** The API server's `/version` (not an object: no metadata); a gitVersion that is not a string is an unexpected answer. */
  version(): Promise<{ gitVersion?: string; major?: string; minor?: string }>;
  /** An API group's discovery document `/apis/<group>` (not an object: no metadata); its preferred version. */
  preferredVersion(group: string): Promise<string | undefined>;
  /** The Pod API's typed client, for logs (plain text, not JSON). */
  core: k8s.CoreV1Api;
}

// The fields the checks read, by key, with the type they must have wherever they occur in an object
// the doctor reads; keys not listed are neither checked nor descended into (env, volumes, data…).
type Shape = 'object' | 'objects' | 'strings' | 'string' | 'number' | 'object|string' | 'ignore';
const SHAPES: Record<string, Shape> = {
  metadata: 'object',
  spec: 'object',
  status: 'object|string',
  name: 'string',
  namespace: 'string',
  uid: 'string',
  kind: 'string',
  apiVersion: 'string',
  ownerReferences: 'objects',
  labels: 'ignore',
  annotations: 'object',
  deletionTimestamp: 'string',
  metrics: 'objects',
  currentMetrics: 'objects',
  type: 'string',
  resource: 'object',
  containerResource: 'object',
  target: 'object',
  scaleTargetRef: 'object',
  conditions: 'objects',
  reason: 'string',
  message: 'string',
  containers: 'objects',
  initContainers: 'objects',
  image: 'string',
  args: 'strings',
  command: 'strings',
  resources: 'object',
  containerStatuses: 'objects',
  initContainerStatuses: 'objects',
  state: 'object',
  running: 'object',
  waiting: 'object',
  restartCount: 'number',
  phase: 'string',
  template: 'object',
  selector: 'object|string',
  matchLabels: 'object',
  matchExpressions: 'objects',
  key: 'string',
  operator: 'string',
  values: 'strings',
  addresses: 'objects',
  address: 'string',
  involvedObject: 'object',
  service: 'object',
  advanced: 'object',
  horizontalPodAutoscalerConfig: 'object',
  hpaName: 'string',
  // Karpenter's NodePools and NodeClaims (karpenterReads.ts), and the pod and node fields they are compared with.
  requirements: 'objects',
  taints: 'objects',
  startupTaints: 'objects',
  tolerations: 'objects',
  nodeClassRef: 'object',
  limits: 'object',
  weight: 'number',
  effect: 'string',
};
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field whose JSON type is not the one the checks read: where it is and what the answer had there. */
export interface MalformedField {
  /** `spec.metrics[0]`. */
  field: string;
  found: JsonType;
}

export type JsonType = 'list' | 'string' | 'number' | 'boolean' | 'null' | 'object';

function jsonTypeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  const type = typeof v;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

/** What was found instead, as a phrase of the reason (`a list`, `true or false`): each its own template. */
export function foundText(found: JsonType): Message {
  switch (found) {
    case 'list':
      return msg('a list');
    case 'string':
      return msg('a string');
    case 'number':
      return msg('a number');
    case 'boolean':
      return msg('true or false');
    case 'null':
      return msg('null');
    case 'object':
      return msg('an object');
  }
}

/** The first field of `value` (e.g. `spec.metrics[0]`) whose type is not the one the checks read, or undefined. */
export function malformedField(value: unknown, at = '', depth = 0): MalformedField | undefined {
  if (!isPlainObject(value) || depth > 12) return undefined;
  for (const [key, v] of Object.entries(value)) {
    const shape = SHAPES[key];
    if (!shape || shape === 'ignore' || v === undefined || v === null) continue;
    const path = at ? `${at}.${key}` : key;
    const ok =
      shape === 'object' || shape === 'object|string'
        ? isPlainObject(v) || (shape === 'object|string' && typeof v === 'string')
        : shape === 'objects'
          ? Array.isArray(v)
          : shape === 'strings'
            ? Array.isArray(v) && v.every((x) => typeof x === 'string')
            : typeof v === shape;
    if (!ok) return { field: path, found: jsonTypeOf(v) };
    if (shape === 'objects') {
      const items = v as unknown[];
      for (let i = 0; i < items.length; i++) {
        if (!isPlainObject(items[i])) return { field: `${path}[${i}]`, found: jsonTypeOf(items[i]) };
        const inner = malformedField(items[i], `${path}[${i}]`, depth + 1);
        if (inner) return inner;
      }
    } else if (isPlainObject(v) && key !== 'annotations' && key !== 'matchLabels') {
      const inner = malformedField(v, path, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** `Kind ns/name` of a wire object, for messages: its own kind when it has one (list items have none). */
function objectName(o: { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } }, listKind: string): string {
  const kind = typeof o.kind === 'string' && o.kind ? o.kind : listKind;
  const name = String(o.metadata?.name ?? '?');
  return `${kind} ${typeof o.metadata?.namespace === 'string' && o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${name}`;
}

/** The Kind of a resource path's last plural segment, for messages. */
function kindOfPath(path: string): string {
  const segments = path.split('?')[0].split('/').filter(Boolean).reverse();
  const known: Record<string, string> = {
    nodes: 'Node',
    pods: 'Pod',
    events: 'Event',
    horizontalpodautoscalers: 'HorizontalPodAutoscaler',
    deployments: 'Deployment',
    replicasets: 'ReplicaSet',
    statefulsets: 'StatefulSet',
    configmaps: 'ConfigMap',
    apiservices: 'APIService',
    scaledobjects: 'ScaledObject',
    verticalpodautoscalers: 'VerticalPodAutoscaler',
  };
  return known[segments.find((x) => known[x]) ?? ''] ?? 'Object';
}

export function apiOf(kc: k8s.KubeConfig, skipped: (err: UnexpectedAnswerError) => void): Api {
  const list = async <T>(path: string, query: Query = {}) => {
    const value = await getList<{ kind?: unknown; items: T[] | null }>(kc, path, query);
    // The list says what its items are (`ScaledJobList`); getList has checked that it names a List kind.
    const kind = typeof value.kind === 'string' && value.kind.endsWith('List') && value.kind !== 'List' ? value.kind.slice(0, -'List'.length) : kindOfPath(path);
    // A malformed item is skipped and reported with its name; the well-formed ones are still read.
    const items = (value.items ?? []).filter((item) => {
      const wrong = malformedField(item);
      if (wrong)
        skipped(
          new UnexpectedAnswerError(
            `GET ${path}`,
            msg('has {object} with {field} ({found}), not the type Kubernetes sends: skipped', { object: objectName(item as never, kind), field: wrong.field, found: foundText(wrong.found) }),
          ),
        );
      return !wrong;
    });
    return { items };
  };
  const object = async <T>(path: string) => {
    const value = await getObject<T>(kc, path);
    const wrong = malformedField(value);
    if (wrong)
      throw new UnexpectedAnswerError(
        `GET ${path}`,
        msg('is {object} with {field} ({found}), not the type Kubernetes sends', { object: objectName(value as never, kindOfPath(path)), field: wrong.field, found: foundText(wrong.found) }),
      );
    return value;
  };
  return {
    list,
    object,
    async configMap({ namespace, name }) {
      const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps/${encodeURIComponent(name)}`;
      const cm = await object<k8s.V1ConfigMap>(path);
      const data = cm.data as unknown;
      if (data != null && (typeof data !== 'object' || Array.isArray(data) || Object.values(data).some((v) => typeof v !== 'string'))) {
        throw new UnexpectedAnswerError(`GET ${path}`, msg('has "data" that is not a map of strings'));
      }
      return cm;
    },
    async version() {
      const v = await kubeRequest<{ gitVersion?: unknown; major?: unknown; minor?: unknown }>(kc, 'GET', '/version');
      if (typeof v !== 'object' || v === null || typeof v.gitVersion !== 'string') throw new UnexpectedAnswerError('GET /version', msg('has no gitVersion string'));
      return { gitVersion: v.gitVersion, major: String(v.major ?? ''), minor: String(v.minor ?? '') };
    },
    async preferredVersion(group) {
      const path = `/apis/${encodeURIComponent(group)}`;
      const g = await kubeRequest<{ kind?: unknown; preferredVersion?: { version?: unknown } }>(kc, 'GET', path);
      if (typeof g !== 'object' || g === null || g.kind !== 'APIGroup') throw new UnexpectedAnswerError(`GET ${path}`, msg('is not an APIGroup discovery document'));
      const v = g.preferredVersion?.version;
      return typeof v === 'string' && v ? v : undefined;
    },
    core: kc.makeApiClient(k8s.CoreV1Api),
  };
}
