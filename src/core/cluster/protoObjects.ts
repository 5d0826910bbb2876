// Pods and nodes decoded from the API server's protobuf encoding straight into the trimmed form
// trim.ts makes of their JSON (the same fields, the same values: test/unit/cluster-protobuf.test.ts
// holds them equal). Field numbers are those of k8s.io/api core/v1 and apimachinery meta/v1
// generated.proto (Kubernetes 1.33); fields not listed here are skipped by length.
import type * as k8s from '@kubernetes/client-node';
import { forFields, int64, text, type Field } from './protobuf';
import { POD_LABELS } from './trim';

type Json = Record<string, any>;

/**
 * meta/v1 Time {seconds = 1, nanos = 2} as JSON writes it (RFC 3339, whole seconds); undefined for
 * the zero time and for one a Date cannot hold. Seconds are a signed int64: a time before 1970 is a
 * time (JSON keeps it), not a reason to lose the whole list.
 */
function time(buf: Buffer, f: Field): string | undefined {
  let seconds = 0;
  forFields(buf, f.start, f.end, (t) => {
    if (t.n === 1 && t.wire === 0) seconds = int64(buf, t);
  });
  const date = new Date(seconds * 1000);
  return seconds && !Number.isNaN(date.getTime()) ? date.toISOString().replace('.000Z', 'Z') : undefined;
}

/** Sets `to[key]` to the string field when it is not empty (JSON leaves empty strings out). */
function setText(to: Json, key: string, buf: Buffer, f: Field): void {
  if (f.wire === 2 && f.end > f.start) to[key] = text(buf, f);
}

/** map<string, Quantity>: entries {key = 1, value = Quantity {string = 1}}. */
function quantities(buf: Buffer, f: Field, into: Json): void {
  let key = '';
  let value = '';
  forFields(buf, f.start, f.end, (e) => {
    if (e.n === 1) key = text(buf, e);
    else if (e.n === 2) forFields(buf, e.start, e.end, (q) => q.n === 1 && (value = text(buf, q)));
  });
  into[key] = value;
}

/** map<string, string> entries, only the keys asked for. */
function stringEntry(buf: Buffer, f: Field, wanted: readonly string[], into: Json): void {
  let key = '';
  let value = '';
  forFields(buf, f.start, f.end, (e) => {
    if (e.n === 1) key = text(buf, e);
    else if (e.n === 2) value = text(buf, e);
  });
  if (wanted.includes(key)) into[key] = value;
}

function ownerReference(buf: Buffer, f: Field): Json {
  const o: Json = {};
  forFields(buf, f.start, f.end, (x) => {
    if (x.n === 5) setText(o, 'apiVersion', buf, x);
    else if (x.n === 1) setText(o, 'kind', buf, x);
    else if (x.n === 3) setText(o, 'name', buf, x);
    else if (x.n === 4) setText(o, 'uid', buf, x);
    else if (x.n === 6 && x.wire === 0) o.controller = x.value !== 0;
    else if (x.n === 7 && x.wire === 0) o.blockOwnerDeletion = x.value !== 0;
  });
  return o;
}

/** ObjectMeta as trim.ts keeps it. */
function objectMeta(buf: Buffer, f: Field, labels: readonly string[]): Json {
  const m: Json = {};
  const kept: Json = {};
  const owners: Json[] = [];
  forFields(buf, f.start, f.end, (x) => {
    if (x.n === 1) setText(m, 'name', buf, x);
    else if (x.n === 3) setText(m, 'namespace', buf, x);
    else if (x.n === 5) setText(m, 'uid', buf, x);
    else if (x.n === 6) setText(m, 'resourceVersion', buf, x);
    else if (x.n === 8) m.creationTimestamp = time(buf, x);
    else if (x.n === 9) m.deletionTimestamp = time(buf, x);
    else if (x.n === 11 && labels.length) stringEntry(buf, x, labels, kept);
    else if (x.n === 13) owners.push(ownerReference(buf, x));
  });
  if (m.creationTimestamp === undefined) delete m.creationTimestamp;
  if (m.deletionTimestamp === undefined) delete m.deletionTimestamp;
  if (owners.length) m.ownerReferences = owners;
  if (Object.keys(kept).length) m.labels = kept;
  return m;
}

/** ResourceRequirements: its requests only. */
function requests(buf: Buffer, f: Field): Json {
  const r: Json = {};
  forFields(buf, f.start, f.end, (x) => x.n === 2 && quantities(buf, x, (r.requests ??= {})));
  return r;
}

function container(buf: Buffer, f: Field): Json {
  const c: Json = {};
  forFields(buf, f.start, f.end, (x) => {
    if (x.n === 1) setText(c, 'name', buf, x);
    else if (x.n === 8) c.resources = requests(buf, x);
    else if (x.n === 24) setText(c, 'restartPolicy', buf, x);
  });
  return c;
}

function condition(buf: Buffer, f: Field): Json {
  const c: Json = {};
  forFields(buf, f.start, f.end, (x) => {
    if (x.n === 1) setText(c, 'type', buf, x);
    else if (x.n === 2) setText(c, 'status', buf, x);
    else if (x.n === 5) setText(c, 'reason', buf, x);
  });
  return c;
}

/** ContainerState {waiting = 1 {reason = 1}, running = 2 {startedAt = 1}, terminated = 3 {exitCode = 1, signal = 2, reason = 3}}. */
function containerState(buf: Buffer, f: Field): Json {
  const s: Json = {};
  forFields(buf, f.start, f.end, (x) => {
    const part: Json = {};
    forFields(buf, x.start, x.end, (y) => {
      if (x.n === 1 && y.n === 1) setText(part, 'reason', buf, y);
      else if (x.n === 2 && y.n === 1) {
        const t = time(buf, y);
        if (t) part.startedAt = t;
      } else if (x.n === 3 && y.n === 1 && y.wire === 0) part.exitCode = y.int32;
      else if (x.n === 3 && y.n === 2 && y.wire === 0 && y.int32) part.signal = y.int32;
      else if (x.n === 3 && y.n === 3) setText(part, 'reason', buf, y);
    });
    if (x.n === 3) part.exitCode ??= 0;
    if (x.n === 1) s.waiting = part;
    else if (x.n === 2) s.running = part;
    else if (x.n === 3) s.terminated = part;
  });
  return s;
}

function containerStatus(buf: Buffer, f: Field): Json {
  const c: Json = { ready: false, restartCount: 0 };
  forFields(buf, f.start, f.end, (x) => {
    if (x.n === 1) setText(c, 'name', buf, x);
    else if (x.n === 2) c.state = containerState(buf, x);
    else if (x.n === 4 && x.wire === 0) c.ready = x.value !== 0;
    else if (x.n === 5 && x.wire === 0) c.restartCount = x.int32;
    else if (x.n === 9 && x.wire === 0) c.started = x.value !== 0;
  });
  return c;
}

/** A core/v1 Pod {metadata = 1, spec = 2, status = 3} in the form trimPod gives its JSON. */
export function podFromProtobuf(buf: Buffer, start: number, end: number): k8s.V1Pod {
  const pod: Json = {};
  forFields(buf, start, end, (f) => {
    if (f.n === 1 && f.wire === 2) pod.metadata = objectMeta(buf, f, POD_LABELS);
    else if (f.n === 2) {
      const spec: Json = {};
      const containers: Json[] = [];
      const inits: Json[] = [];
      forFields(buf, f.start, f.end, (x) => {
        if (x.n === 2) containers.push(container(buf, x));
        else if (x.n === 20) inits.push(container(buf, x));
        else if (x.n === 10) setText(spec, 'nodeName', buf, x);
        else if (x.n === 32) quantities(buf, x, (spec.overhead ??= {}));
        else if (x.n === 40) spec.resources = requests(buf, x);
      });
      spec.containers = containers;
      if (inits.length) spec.initContainers = inits;
      pod.spec = spec;
    } else if (f.n === 3) {
      const status: Json = {};
      const conditions: Json[] = [];
      const statuses: Json[] = [];
      const initStatuses: Json[] = [];
      forFields(buf, f.start, f.end, (x) => {
        if (x.n === 1) setText(status, 'phase', buf, x);
        else if (x.n === 4) setText(status, 'reason', buf, x);
        else if (x.n === 2) conditions.push(condition(buf, x));
        else if (x.n === 7) {
          const t = time(buf, x);
          if (t) status.startTime = t;
        } else if (x.n === 8) statuses.push(containerStatus(buf, x));
        else if (x.n === 10) initStatuses.push(containerStatus(buf, x));
      });
      if (conditions.length) status.conditions = conditions;
      if (statuses.length) status.containerStatuses = statuses;
      if (initStatuses.length) status.initContainerStatuses = initStatuses;
      pod.status = status;
    }
  });
  return pod as k8s.V1Pod;
}

/** A core/v1 Node in the form trimNode gives its JSON. */
export function nodeFromProtobuf(buf: Buffer, start: number, end: number): k8s.V1Node {
  const node: Json = {};
  forFields(buf, start, end, (f) => {
    if (f.n === 1 && f.wire === 2) node.metadata = objectMeta(buf, f, []);
    else if (f.n === 2) {
      const spec: Json = {};
      forFields(buf, f.start, f.end, (x) => x.n === 4 && x.wire === 0 && x.value !== 0 && (spec.unschedulable = true));
      node.spec = spec;
    } else if (f.n === 3) {
      const status: Json = {};
      const conditions: Json[] = [];
      forFields(buf, f.start, f.end, (x) => {
        if (x.n === 2) quantities(buf, x, (status.allocatable ??= {}));
        else if (x.n === 4) conditions.push(condition(buf, x));
      });
      if (conditions.length) status.conditions = conditions;
      node.status = status;
    }
  });
  return node as k8s.V1Node;
}
