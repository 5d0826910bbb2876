// readKeda: refused reads are "could not tell", never "not running"; a missing scale target is false, a refused one
// unknown; nothing is read without ScaledObjects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeApiError } from '../../src/core/cluster/request';
import { readKeda } from '../../src/core/doctor/kedaReads';
import type { Api } from '../../src/core/doctor/reads';
import type { Read } from '../../src/core/doctor/state';
import { findingsOf } from '../../src/core/doctor/diagnose';
import { problemText, toProblem, type Activity } from '../../src/core/cluster/problems';
import { NOW, scaledObject } from './keda-fixtures';
import { baseState } from './doctor/fixtures';

const refused = (path: string) => new KubeApiError(403, `forbidden: User "dev" cannot get ${path}`, 'Forbidden', '');
const notFound = (path: string) => new KubeApiError(404, `${path} not found`, 'NotFound', '');

/** The Reader's contract (state.ts): a thrown error becomes { ok: false, status }. */
const reading = async <T>(_what: unknown, fn: () => Promise<T>): Promise<Read<T>> => {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, status: (err as KubeApiError).status, message: String(err) };
  }
};

function api(answer: (path: string) => unknown): Api {
  const get = async (path: string) => {
    const a = answer(path);
    if (a instanceof Error) throw a;
    return a as never;
  };
  return {
    // The label selector joins the path, so an answer can depend on it.
    list: async (path: string, query?: { labelSelector?: string }) => get(query?.labelSelector ? `${path}?labelSelector=${query.labelSelector}` : path),
    object: get,
    configMap: async () => {
      throw new Error('not read here');
    },
    version: async () => ({ gitVersion: 'v1.33.13' }),
    preferredVersion: async () => 'v1',
    core: undefined as never,
  };
}

test('no ScaledObject: nothing is read', async () => {
  const asked: string[] = [];
  const k = await readKeda(
    reading,
    api((p) => asked.push(p)),
    [],
    [],
    '',
  );
  assert.equal(k, undefined);
  assert.deepEqual(asked, []);
});

test('refused Deployment and Lease lists leave the operator unknown: no keda-not-running; a refused target read is unknown too', async () => {
  const sos = [scaledObject('cart'), scaledObject('web')];
  const k = await readKeda(
    reading,
    api((p) => (p.includes('/deployments/cart') ? notFound(p) : p.includes('/events') ? { items: [] } : refused(p))),
    sos,
    [],
    '/namespaces/shop',
  );
  assert.equal(k?.operators, undefined);
  assert.equal(k?.leases, undefined);
  assert.deepEqual(k?.targetExists, { 'shop/cart': false, 'shop/web': undefined });
  // The API server's version, for KEDA's support matrix (keda-kubernetes-compatibility).
  assert.deepEqual(k?.serverVersion, { gitVersion: 'v1.33.13' });
  const findings = findingsOf(baseState({ now: NOW, scaledObjects: sos, keda: k }));
  assert.deepEqual(
    findings.filter((f) => f.id === 'keda-not-running'),
    [],
  );
  assert.deepEqual(
    findings.filter((f) => f.id === 'keda-scaledobject-not-ready').map((f) => f.message),
    ['ScaledObject layer: ScaledObject shop/cart scales Deployment/cart, which does not exist'],
  );
});

test("the operator's log: its Deployments' pods by their selector, the keda-operator container, terminating pods skipped", async () => {
  const dep = {
    metadata: { name: 'keda-operator', namespace: 'keda', labels: { 'app.kubernetes.io/name': 'keda-operator' } },
    spec: { selector: { matchLabels: { app: 'keda-operator' } }, template: { spec: { containers: [{ name: 'keda-operator', image: 'ghcr.io/kedacore/keda:2.21.1' }] } } },
  };
  const pod = (name: string, deleting = false) => ({
    metadata: { name, namespace: 'keda', ...(deleting ? { deletionTimestamp: '2026-12-06T10:29:00Z' } : {}) },
    spec: { containers: [{ name: 'sidecar' }, { name: 'keda-operator' }] },
  });
  const asked: string[] = [];
  const read: string[] = [];
  const k = await readKeda(
    reading,
    api((p) => {
      asked.push(p);
      if (p === '/api/v1/namespaces/keda/pods?labelSelector=app=keda-operator') return { items: [pod('keda-operator-old', true), pod('keda-operator-7d9c')] };
      if (p === '/apis/apps/v1/deployments?labelSelector=app.kubernetes.io/name=keda-operator') return { items: [dep] };
      return p.includes('/deployments/') ? {} : { items: [] };
    }),
    [scaledObject('cart')],
    [],
    '',
    async (p, container) => {
      read.push(`${p.metadata?.name}/${container}`);
      return { pod: p.metadata?.name ?? '', container, lines: ['a line'] };
    },
  );
  assert.deepEqual(read, ['keda-operator-7d9c/keda-operator']);
  assert.deepEqual(k?.operatorLogs, [{ pod: 'keda-operator-7d9c', container: 'keda-operator', lines: ['a line'] }]);
});

test("a refused KEDA read is a problem in the reader's language, its English unchanged", async () => {
  const problems: ReturnType<typeof toProblem>[] = [];
  const recording = async <T>(what: Activity, fn: () => Promise<T>): Promise<Read<T>> => {
    try {
      return { ok: true, value: await fn() };
    } catch (err) {
      problems.push(toProblem(err, what));
      return { ok: false, status: (err as KubeApiError).status, message: String(err) };
    }
  };
  await readKeda(
    recording,
    api((p) => (p.includes('/leases') ? refused(p) : { items: [] })),
    [scaledObject('cart')],
    [],
    '/namespaces/shop',
  );
  assert.equal(problems.length, 1);
  const [p] = problems;
  assert.match(problemText(p, 'en'), /The API server refused listing KEDA leader Leases\./);
  assert.ok(p.l10n, 'the activity is a template, so the problem is translatable');
  assert.match(problemText(p, 'ja'), /KEDA のリーダー Lease の一覧取得/);
  assert.match(problemText(p, 'zh-cn'), /列出 KEDA 的 leader Lease/);
});
