// Pods, nodes and their metrics decoded from the API server's protobuf encoding straight into the
// trimmed form trim.ts makes of their JSON (the same fields, the same values:
// test/unit/cluster-list-reading.test.ts holds them equal). Field numbers are those of k8s.io/api
// core/v1, apimachinery meta/v1 and k8s.io/metrics v1beta1 generated.proto (Kubernetes 1.33); fields
// not listed here are skipped by length.
import type * as k8s from '@kubernetes/client-node';
import type { NodeMetrics, PodMetrics } from './objects';
import { FieldReader, int64, text, type Field } from './protobuf';
import { POD_LABELS } from './trim';
import { NODE_LABELS } from './rows/nodeAutoscaling';

type Json = Record<string, any>;

/**
 * meta/v1 Time {seconds = 1, nanos = 2} as JSON writes it (RFC 3339, whole seconds); undefined for
 * the zero time and for one a Date cannot hold. Seconds are a signed int64: a time before 1970 is a
 * time (JSON keeps it), not a reason to lose the whole list.
 */
function time(buf: Buffer, f: Field): string | undefined {
  let seconds = 0;
  const t = new FieldReader(buf, f.start, f.end);
  while (t.next()) if (t.n === 1 && t.wire === 0) seconds = int64(buf, t);
  return timeText(seconds);
}

/** Enough for every scrape of a 5,000-node cluster; a map is cleared when full, so it cannot grow with a long session. */
const REMEMBERED = 10_000;

/**
 * `map`'s value for `key`, made by `make(key)` and kept the first time. `make` takes the key so that callers pass a
 * module function, not a closure allocated for every field read.
 */
function remembered<K, V>(map: Map<K, V>, key: K, make: (key: K) => V): V {
  const known = map.get(key);
  // `has` only for a miss: a remembered value may be undefined (the zero time).
  if (known !== undefined || map.has(key)) return known as V;
  const made = make(key);
  if (map.size >= REMEMBERED) map.clear();
  map.set(key, made);
  return made;
}

/**
 * Times already written, by second: the pods of one node's scrape share a timestamp, but a list comes in name order,
 * not node order, so one remembered value missed nearly every time (22,000 PodMetrics: 60 ms of toISOString).
 */
const TIMES = new Map<number, string | undefined>();

function timeText(seconds: number): string | undefined {
  return remembered(TIMES, seconds, writeTime);
}

function writeTime(seconds: number): string | undefined {
  const date = new Date(seconds * 1000);
  return seconds && !Number.isNaN(date.getTime()) ? date.toISOString().replace('.000Z', 'Z') : undefined;
}

/**
 * Namespaces already read: a list of 22,000 pods names a few dozen, and each of its objects keeps one string of them
 * instead of its own copy (fewer objects for the garbage collector to move while the list is read).
 */
const NAMESPACES = new Map<string, string>();
const itself = (read: string) => read;

function namespaceText(buf: Buffer, f: Field): string {
  return remembered(NAMESPACES, text(buf, f), itself);
}

/** Sets `to[key]` to the string field when it is not empty (JSON leaves empty strings out). */
function setText(to: Json, key: string, buf: Buffer, f: Field): void {
  if (f.wire === 2 && f.end > f.start) to[key] = text(buf, f);
}

const CPU = Buffer.from('cpu');
const MEMORY = Buffer.from('memory');

/** Whether the field's bytes are `word`'s (a loop: Buffer.compare's argument checks cost more for 3 bytes). */
function fieldIs(buf: Buffer, f: Field, word: Buffer): boolean {
  if (f.end - f.start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (buf[f.start + i] !== word[i]) return false;
  return true;
}

/** A resource name: `cpu` and `memory` (nearly every one read) as one string each, not one per pod. */
function resourceName(buf: Buffer, f: Field): string {
  return fieldIs(buf, f, CPU) ? 'cpu' : fieldIs(buf, f, MEMORY) ? 'memory' : text(buf, f);
}

/** map<string, Quantity>: entries {key = 1, value = Quantity {string = 1}}. */
function quantities(buf: Buffer, f: Field, into: Json): void {
  let key = '';
  let value = '';
  const e = new FieldReader(buf, f.start, f.end);
  while (e.next()) {
    if (e.n === 1) key = resourceName(buf, e);
    else if (e.n === 2) {
      const q = new FieldReader(buf, e.start, e.end);
      while (q.next()) if (q.n === 1) value = text(buf, q);
    }
  }
  into[key] = value;
}

/** map<string, string> entries, only the keys asked for. */
function stringEntry(buf: Buffer, f: Field, wanted: readonly string[], into: Json): void {
  let key = '';
  let value = '';
  const e = new FieldReader(buf, f.start, f.end);
  while (e.next()) {
    if (e.n === 1) key = text(buf, e);
    else if (e.n === 2) value = text(buf, e);
  }
  if (wanted.includes(key)) into[key] = value;
}

function ownerReference(buf: Buffer, f: Field): Json {
  const o: Json = {};
  const x = new FieldReader(buf, f.start, f.end);
  while (x.next()) {
    if (x.n === 5) setText(o, 'apiVersion', buf, x);
    else if (x.n === 1) setText(o, 'kind', buf, x);
    else if (x.n === 3) setText(o, 'name', buf, x);
    else if (x.n === 4) setText(o, 'uid', buf, x);
    else if (x.n === 6 && x.wire === 0) o.controller = x.value !== 0;
    else if (x.n === 7 && x.wire === 0) o.blockOwnerDeletion = x.value !== 0;
  }
  return o;
}

/** ObjectMeta as trim.ts keeps it. */
function objectMeta(buf: Buffer, f: Field, labels: readonly string[]): Json {
  const m: Json = {};
  const kept: Json = {};
  const owners: Json[] = [];
  const x = new FieldReader(buf, f.start, f.end);
  while (x.next()) {
    if (x.n === 1) setText(m, 'name', buf, x);
    else if (x.n === 3 && x.end > x.start) m.namespace = namespaceText(buf, x);
    else if (x.n === 5) setText(m, 'uid', buf, x);
    else if (x.n === 6) setText(m, 'resourceVersion', buf, x);
    else if (x.n === 8) m.creationTimestamp = time(buf, x);
    else if (x.n === 9) m.deletionTimestamp = time(buf, x);
    else if (x.n === 11 && labels.length) stringEntry(buf, x, labels, kept);
    else if (x.n === 13) owners.push(ownerReference(buf, x));
  }
  if (m.creationTimestamp === undefined) delete m.creationTimestamp;
  if (m.deletionTimestamp === undefined) delete m.deletionTimestamp;
  if (owners.length) m.ownerReferences = owners;
  if (Object.keys(kept).length) m.labels = kept;
  return m;
}

/** ResourceRequirements: its limits (field 1) and requests (field 2). */
function resourceRequirements(buf: Buffer, f: Field): Json {
  const r: Json = {};
  const x = new FieldReader(buf, f.start, f.end);
  while (x.next()) {
    if (x.n === 2) quantities(buf, x, (r.requests ??= {}));
    else if (x.n === 1) quantities(buf, x, (r.limits ??= {}));
  }
  return r;
}

function container(buf: Buffer, f: Field): Json {
  const c: Json = {};
  const x = new FieldReader(buf, f.start, f.end);
  while (x.next()) {
    if (x.n === 1) setText(c, 'name', buf, x);
    else if (x.n === 8) c.resources = resourceRequirements(buf, x);
    else if (x.n === 24) setText(c, 'restartPolicy', buf, x);
  }
  return c;
}

function condition(buf: Buffer, f: Field): Json {
  const c: Json = {};
  const x = new FieldReader(buf, f.start, f.end);
  while (x.next()) {
    if (x.n === 1) setText(c, 'type', buf, x);
    else if (x.n === 2) setText(c, 'status', buf, x);
    else if (x.n === 5) setText(c, 'reason', buf, x);
  }
  return c;
}

/** ContainerState {waiting = 1 {reason = 1}, running = 2 {startedAt = 1}, terminated = 3 {exitCode = 1, signal = 2, reason = 3}}. */
function containerState(buf: Buffer, f: Field): Json {
  const s: Json = {};
  const x = new FieldReader(buf, f.start, f.end);
  while (x.next()) {
    const part: Json = {};
    const y = new FieldReader(buf, x.start, x.end);
    while (y.next()) {
      if (x.n === 1 && y.n === 1) setText(part, 'reason', buf, y);
      else if (x.n === 2 && y.n === 1) {
        const t = time(buf, y);
        if (t) part.startedAt = t;
      } else if (x.n === 3 && y.n === 1 && y.wire === 0) part.exitCode = y.int32;
      else if (x.n === 3 && y.n === 2 && y.wire === 0 && y.int32) part.signal = y.int32;
      else if (x.n === 3 && y.n === 3) setText(part, 'reason', buf, y);
    }
    if (x.n === 3) part.exitCode ??= 0;
    if (x.n === 1) s.waiting = part;
    else if (x.n === 2) s.running = part;
    else if (x.n === 3) s.terminated = part;
  }
  return s;
}

function containerStatus(buf: Buffer, f: Field): Json {
  const c: Json = { ready: false, restartCount: 0 };
  const x = new FieldReader(buf, f.start, f.end);
  while (x.next()) {
    if (x.n === 1) setText(c, 'name', buf, x);
    else if (x.n === 2) c.state = containerState(buf, x);
    else if (x.n === 4 && x.wire === 0) c.ready = x.value !== 0;
    else if (x.n === 5 && x.wire === 0) c.restartCount = x.int32;
    else if (x.n === 9 && x.wire === 0) c.started = x.value !== 0;
  }
  return c;
}

/** A core/v1 Pod {metadata = 1, spec = 2, status = 3} in the form trimPod gives its JSON. */
export function podFromProtobuf(buf: Buffer, start: number, end: number): k8s.V1Pod {
  const pod: Json = {};
  const f = new FieldReader(buf, start, end);
  while (f.next()) {
    if (f.n === 1 && f.wire === 2) pod.metadata = objectMeta(buf, f, POD_LABELS);
    else if (f.n === 2) {
      const spec: Json = {};
      const containers: Json[] = [];
      const inits: Json[] = [];
      const x = new FieldReader(buf, f.start, f.end);
      while (x.next()) {
        if (x.n === 2) containers.push(container(buf, x));
        else if (x.n === 20) inits.push(container(buf, x));
        else if (x.n === 10) setText(spec, 'nodeName', buf, x);
        else if (x.n === 32) quantities(buf, x, (spec.overhead ??= {}));
        else if (x.n === 40) spec.resources = resourceRequirements(buf, x);
      }
      spec.containers = containers;
      if (inits.length) spec.initContainers = inits;
      pod.spec = spec;
    } else if (f.n === 3) {
      const status: Json = {};
      const conditions: Json[] = [];
      const statuses: Json[] = [];
      const initStatuses: Json[] = [];
      const x = new FieldReader(buf, f.start, f.end);
      while (x.next()) {
        if (x.n === 1) setText(status, 'phase', buf, x);
        else if (x.n === 4) setText(status, 'reason', buf, x);
        else if (x.n === 2) conditions.push(condition(buf, x));
        else if (x.n === 7) {
          const t = time(buf, x);
          if (t) status.startTime = t;
        } else if (x.n === 8) statuses.push(containerStatus(buf, x));
        else if (x.n === 10) initStatuses.push(containerStatus(buf, x));
      }
      if (conditions.length) status.conditions = conditions;
      if (statuses.length) status.containerStatuses = statuses;
      if (initStatuses.length) status.initContainerStatuses = initStatuses;
      pod.status = status;
    }
  }
  return pod as k8s.V1Pod;
}

/** A core/v1 Node in the form trimNode gives its JSON. */
export function nodeFromProtobuf(buf: Buffer, start: number, end: number): k8s.V1Node {
  const node: Json = {};
  const f = new FieldReader(buf, start, end);
  while (f.next()) {
    if (f.n === 1 && f.wire === 2) node.metadata = objectMeta(buf, f, NODE_LABELS);
    else if (f.n === 2) {
      const spec: Json = {};
      const x = new FieldReader(buf, f.start, f.end);
      while (x.next()) if (x.n === 4 && x.wire === 0 && x.value !== 0) spec.unschedulable = true;
      node.spec = spec;
    } else if (f.n === 3) {
      const status: Json = {};
      const conditions: Json[] = [];
      const x = new FieldReader(buf, f.start, f.end);
      while (x.next()) {
        if (x.n === 2) quantities(buf, x, (status.allocatable ??= {}));
        else if (x.n === 4) conditions.push(condition(buf, x));
      }
      if (conditions.length) status.conditions = conditions;
      node.status = status;
    }
  }
  return node as k8s.V1Node;
}

/**
 * meta/v1 Duration {duration = 1, nanoseconds} as Go's time.Duration.String() writes it in JSON
 * (`15s`, `1m0s`, `1.5s`, `500ms`).
 */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let n = Math.abs(ns);
  if (n < 1e9) {
    const [unit, scale] = n < 1e3 ? ['ns', 1] : n < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    return `${sign}${trimZeros((n / scale).toFixed(9))}${unit}`;
  }
  const h = Math.floor(n / 3600e9);
  n -= h * 3600e9;
  const m = Math.floor(n / 60e9);
  n -= m * 60e9;
  const s = `${trimZeros((n / 1e9).toFixed(9))}s`;
  return `${sign}${h ? `${h}h${m}m` : m ? `${m}m` : ''}${s}`;
}

const trimZeros = (fixed: string) => fixed.replace(/\.?0+$/, '') || '0';

/** Windows already written (each node's scrape interval, to the nanosecond: one per node, not one per list). */
const WINDOWS = new Map<number, string>();

/**
 * The parts of a metrics.k8s.io/v1beta1 NodeMetrics or PodMetrics both have: metadata = 1, timestamp = 2, window = 3;
 * the sample's time and window only `withTimes`.
 */
function metricsHead(buf: Buffer, f: Field, into: Json, withTimes = true): boolean {
  if (!withTimes && (f.n === 2 || f.n === 3) && f.wire === 2) return true;
  if (f.n === 1 && f.wire === 2) {
    const meta: Json = {};
    const x = new FieldReader(buf, f.start, f.end);
    while (x.next()) {
      if (x.n === 1) setText(meta, 'name', buf, x);
      else if (x.n === 3 && x.end > x.start) meta.namespace = namespaceText(buf, x);
    }
    into.metadata = meta;
  } else if (f.n === 2 && f.wire === 2) {
    const t = time(buf, f);
    if (t) into.timestamp = t;
  } else if (f.n === 3 && f.wire === 2) {
    let duration = 0;
    const d = new FieldReader(buf, f.start, f.end);
    while (d.next()) if (d.n === 1 && d.wire === 0) duration = int64(buf, d);
    into.window = remembered(WINDOWS, duration, goDuration);
  } else return false;
  return true;
}

/**
 * metrics.k8s.io/v1beta1 NodeMetrics {metadata = 1, timestamp = 2, window = 3, usage = 4} (k8s.io/metrics
 * pkg/apis/metrics/v1beta1/generated.proto) in the form trimNodeMetrics gives its JSON.
 */
export function nodeMetricsFromProtobuf(buf: Buffer, start: number, end: number): NodeMetrics {
  const m: Json = { usage: {} };
  const f = new FieldReader(buf, start, end);
  while (f.next()) if (!metricsHead(buf, f, m) && f.n === 4 && f.wire === 2) quantities(buf, f, m.usage);
  return m as NodeMetrics;
}

/**
 * PodMetrics {metadata = 1, timestamp = 2, window = 3, containers = 4 {name = 1, usage = 2}} in the form trimPodMetrics
 * gives its JSON; without its timestamp and window unless `withTimes` (`top pods` shows only the usage).
 */
export function podMetricsFromProtobuf(buf: Buffer, start: number, end: number, withTimes = true): PodMetrics {
  const m: Json = { containers: [] };
  const f = new FieldReader(buf, start, end);
  while (f.next()) {
    if (metricsHead(buf, f, m, withTimes) || f.n !== 4 || f.wire !== 2) continue;
    const c: Json = { name: '', usage: {} };
    const x = new FieldReader(buf, f.start, f.end);
    while (x.next()) {
      if (x.n === 1) c.name = text(buf, x);
      else if (x.n === 2 && x.wire === 2) quantities(buf, x, c.usage);
    }
    m.containers.push(c);
  }
  return m as PodMetrics;
}

/** The resourceVersion of any object's ObjectMeta (field 1, its field 6): what a watch BOOKMARK carries. */
export function resourceVersionFromProtobuf(buf: Buffer, start: number, end: number): string | undefined {
  const f = new FieldReader(buf, start, end);
  while (f.next()) {
    if (f.n !== 1 || f.wire !== 2) continue;
    const meta = new FieldReader(buf, f.start, f.end);
    while (meta.next()) if (meta.n === 6 && meta.wire === 2) return text(buf, meta);
  }
  return undefined;
}

/** A meta/v1 Status {2: status, 3: message, 4: reason, 6: code}, as a watch ERROR event carries one (code 410: the resourceVersion is too old). */
export function statusFromProtobuf(buf: Buffer, start: number, end: number): { status?: string; message?: string; reason?: string; code?: number } {
  const s: Json = {};
  const f = new FieldReader(buf, start, end);
  while (f.next()) {
    if (f.n === 2) setText(s, 'status', buf, f);
    else if (f.n === 3) setText(s, 'message', buf, f);
    else if (f.n === 4) setText(s, 'reason', buf, f);
    else if (f.n === 6 && f.wire === 0) s.code = f.int32;
  }
  return s;
}
