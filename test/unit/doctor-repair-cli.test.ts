// `doctor --fix` / `--undo` end to end (dist/cli.js) against a stateful fake API server: --yes applies only the
// plan the user reviewed (--plan HASH), undo is previewed and dry-run like a repair and refused on another
// cluster, and verification passes on what the repair changes while other HPAs' problems are listed. Build first.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { LOG } from './doctor/fixtures';
import { AUTOSCALING_DISCOVERY_PATH, AUTOSCALING_GROUP } from './autoscalingDiscovery';
import { tempDir } from '../tempDir';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const dir = tempDir('ksd-review-');
const DEPLOYMENT = '/apis/apps/v1/namespaces/kube-system/deployments/metrics-server';
const FIXED = '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname';

type Obj = Record<string, any>;
let deployment: Obj;
let rv = 100;
/** Every request that is not a GET, with " dryRun" when it was one. */
const writes: string[] = [];
let server: Server;
let kubeconfig: string;
let serverUrl: string;

function freshDeployment(): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'metrics-server', namespace: 'kube-system', uid: 'dep-uid', resourceVersion: String(++rv), labels: { 'k8s-app': 'metrics-server' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'metrics-server' } },
      template: {
        metadata: { labels: { 'k8s-app': 'metrics-server' } },
        spec: { containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', args: ['--cert-dir=/tmp', '--kubelet-preferred-address-types=Hostname'] }] },
      },
    },
  };
}

const args = () => deployment.spec.template.spec.containers[0].args as string[];
const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
const list = (items: unknown[]) => ({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items });

function merge(target: any, patch: any): any {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

/** An HPA on an External metric with no external-metrics adapter: not what a metrics-server repair changes. */
const externalHpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { namespace: 'shop', name: 'queue' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' },
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [{ type: 'External', external: { metric: { name: 'queue_depth' }, target: { type: 'Value', value: '10' } } }],
  },
  status: {
    conditions: [
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetExternalMetric',
        message:
          'the HPA was unable to compute the replica count: unable to get external metric shop/queue_depth/nil: unable to fetch metrics from external metrics API: the server could not find the requested resource (get queue_depth.external.metrics.k8s.io)',
      },
    ],
  },
};

before(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const p = url.pathname;
      const json = (code: number, body: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const dry = url.searchParams.get('dryRun') === 'All';
      if (req.method !== 'GET') {
        writes.push(`${req.method} ${p}${dry ? ' dryRun' : ''}`);
        if (req.method !== 'PATCH' || p !== DEPLOYMENT) return json(405, status(405, 'MethodNotAllowed', 'not in this fake'));
        const body = JSON.parse(text);
        if (body.metadata?.resourceVersion && body.metadata.resourceVersion !== deployment.metadata.resourceVersion) {
          return json(409, status(409, 'Conflict', 'Operation cannot be fulfilled on deployments.apps "metrics-server": the object has been modified'));
        }
        const next = merge(deployment, body);
        next.metadata = { ...next.metadata, resourceVersion: dry ? deployment.metadata.resourceVersion : String(++rv) };
        if (!dry) deployment = next;
        return json(200, next);
      }
      if (p === '/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io')
        return json(200, {
          apiVersion: 'apiregistration.k8s.io/v1',
          kind: 'APIService',
          metadata: { name: 'v1beta1.metrics.k8s.io' },
          spec: { service: { name: 'metrics-server', namespace: 'kube-system' }, groupPriorityMinimum: 100, versionPriority: 100 },
          status: { conditions: [{ type: 'Available', status: 'True', reason: 'Passed' }] },
        });
      if (p === '/api/v1/nodes')
        return json(
          200,
          list([
            {
              metadata: { name: 'ksd-node-1' },
              status: {
                addresses: [
                  { type: 'InternalIP', address: '10.0.0.1' },
                  { type: 'Hostname', address: 'ksd-node-1' },
                ],
                conditions: [{ type: 'Ready', status: 'True' }],
              },
            },
          ]),
        );
      // Metrics flow once metrics-server connects by InternalIP, as on the real cluster.
      const flowing = args().includes(FIXED);
      if (p === '/apis/metrics.k8s.io/v1beta1/nodes') return json(200, list(flowing ? [{ metadata: { name: 'ksd-node-1' }, usage: { cpu: '50m', memory: '100Mi' } }] : []));
      if (p === '/apis/metrics.k8s.io/v1beta1/pods') return json(200, list([]));
      if (p === DEPLOYMENT) return json(200, deployment);
      if (p === '/api/v1/namespaces/kube-system/pods' && url.searchParams.get('labelSelector'))
        return json(200, list([{ metadata: { name: 'metrics-server-6f7dd4c4c4-rwb6t', namespace: 'kube-system' }, spec: { containers: [{ name: 'metrics-server' }] }, status: { phase: 'Running' } }]));
      if (p === '/api/v1/namespaces/kube-system/pods/metrics-server-6f7dd4c4c4-rwb6t/log') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return res.end(`${LOG.serving}\n${LOG.noSuchHost('ksd-node-1')}\n`);
      }
      if (p === AUTOSCALING_DISCOVERY_PATH) return json(200, AUTOSCALING_GROUP);
      if (p === '/apis/autoscaling/v2/horizontalpodautoscalers') return json(200, list([externalHpa]));
      if (p === '/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication')
        return json(200, {
          metadata: { name: 'extension-apiserver-authentication' },
          data: { 'requestheader-client-ca-file': 'x', 'requestheader-allowed-names': 'x', 'requestheader-username-headers': 'x' },
        });
      if (/^\/api\/v1\/(pods|events)$|\/replicasets$/.test(p)) return json(200, list([]));
      return json(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: "${serverUrl}", insecure-skip-tls-verify: true}}]
users: [{name: dev, user: {token: not-a-real-token}}]
contexts: [{name: fake, context: {cluster: fake, user: dev}}]
current-context: fake
`,
  );
});

after(() => server.close());

beforeEach(() => {
  deployment = freshDeployment();
  writes.length = 0;
});

function doctor(...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'doctor', '--kubeconfig', kubeconfig, '--kubectl', join(dir, 'no-kubectl'), ...extra], { env: { ...process.env, KUBECONFIG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const realWrites = () => writes.filter((w) => !w.endsWith(' dryRun'));
const planOf = (stdout: string) => /^Plan: +([0-9a-f]{12})$/m.exec(stdout)?.[1];

test('item 18: --yes applies only the previewed plan (--plan HASH); a plan the cluster no longer yields is refused, nothing written', async () => {
  const preview = await doctor('--fix', 'metrics-server-node-dns');
  assert.equal(preview.code, 0, preview.stdout + preview.stderr);
  const reviewed = planOf(preview.stdout);
  assert.ok(reviewed, `the preview prints the plan hash:\n${preview.stdout}`);
  assert.match(preview.stdout, new RegExp(`--fix metrics-server-node-dns --yes --plan ${reviewed}`));
  assert.deepEqual(realWrites(), []);

  // --yes without the reviewed plan: refused before anything is sent.
  const blind = await doctor('--fix', 'metrics-server-node-dns', '--yes');
  assert.equal(blind.code, 2, blind.stdout + blind.stderr);
  assert.match(blind.stderr, /--plan/);
  assert.deepEqual(realWrites(), []);

  // Someone edits the Deployment after the preview: the reviewed plan is no longer what would be applied.
  const theirs = [...args(), '--v=2'];
  deployment = { ...deployment, metadata: { ...deployment.metadata, resourceVersion: String(++rv) } };
  deployment.spec.template.spec.containers[0].args = theirs;
  const stale = await doctor('--fix', 'metrics-server-node-dns', '--yes', '--plan', reviewed);
  assert.equal(stale.code, 1, stale.stdout + stale.stderr);
  assert.match(stale.stderr, /no longer yields the plan you reviewed.*nothing was written/i);
  assert.deepEqual(realWrites(), []);
  assert.deepEqual(args(), theirs);

  // The new plan, reviewed, is applied; verification passes (item 21) and the External HPA is listed as remaining.
  const again = await doctor('--fix', 'metrics-server-node-dns');
  const current = planOf(again.stdout);
  assert.ok(current && current !== reviewed, 'another object state is another plan');
  const undoFile = join(dir, 'undo-18.json');
  const applied = await doctor('--fix', 'metrics-server-node-dns', '--yes', '--plan', current, '--undo-file', undoFile, '--timeout', '10');
  assert.equal(applied.code, 0, applied.stdout + applied.stderr);
  assert.ok(args().includes(FIXED));
  assert.deepEqual(realWrites(), [`PATCH ${DEPLOYMENT}`]);
  assert.match(applied.stdout, /^Verified: /m);
  assert.match(applied.stdout, /Remaining[^\n]*\n[^\n]*HorizontalPodAutoscaler shop\/queue: FailedGetExternalMetric/);
  const record = JSON.parse(readFileSync(undoFile, 'utf8'));
  assert.deepEqual(record.cluster, { context: 'fake', server: serverUrl });
  assert.ok(!readFileSync(undoFile, 'utf8').includes('not-a-real-token'));
});

test('item 21: after fixing node DNS, an unrelated HPA on an External metric does not fail verification (exit 0, listed as remaining)', async () => {
  const preview = await doctor('--fix', 'metrics-server-address-types');
  const plan = planOf(preview.stdout)!;
  const r = await doctor('--fix', 'metrics-server-address-types', '--yes', '--plan', plan, '--undo-file', join(dir, 'undo-21.json'), '--timeout', '3');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /Not verified/);
  assert.match(r.stdout, /HorizontalPodAutoscaler shop\/queue/);
});

test('item 19: undo shows its diff and is dry-run first; --yes restores; a record of another cluster is refused', async () => {
  const plan = planOf((await doctor('--fix', 'metrics-server-node-dns')).stdout)!;
  const undoFile = join(dir, 'undo-19.json');
  assert.equal((await doctor('--fix', 'metrics-server-node-dns', '--yes', '--plan', plan, '--undo-file', undoFile, '--timeout', '10')).code, 0);
  writes.length = 0;

  const show = await doctor('--undo', undoFile);
  assert.equal(show.code, 0, show.stdout + show.stderr);
  assert.match(show.stdout, /^- +- --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname$/m);
  assert.match(show.stdout, /^\+ +- --kubelet-preferred-address-types=Hostname$/m);
  assert.match(show.stdout, /Server-side dry run: accepted/);
  assert.deepEqual(writes, [`PATCH ${DEPLOYMENT} dryRun`]);

  const record = JSON.parse(readFileSync(undoFile, 'utf8'));
  const elsewhere = join(dir, 'undo-19-elsewhere.json');
  writeFileSync(elsewhere, JSON.stringify({ ...record, cluster: { context: 'prod', server: 'https://prod.example:6443' } }));
  writes.length = 0;
  const refused = await doctor('--undo', elsewhere, '--yes', '--plan', planOf(show.stdout)!);
  assert.equal(refused.code, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /applied to context prod \(https:\/\/prod\.example:6443\).*nothing was written/i);
  assert.deepEqual(writes, []);
  assert.ok(args().includes(FIXED));

  const done = await doctor('--undo', undoFile, '--yes', '--plan', planOf(show.stdout)!);
  assert.equal(done.code, 0, done.stdout + done.stderr);
  assert.deepEqual(args(), ['--cert-dir=/tmp', '--kubelet-preferred-address-types=Hostname']);
  assert.deepEqual(writes, [`PATCH ${DEPLOYMENT} dryRun`, `PATCH ${DEPLOYMENT}`]);
});

test('review item 1: --undo --yes applies only the reviewed undo plan (--plan HASH), like --fix', async () => {
  const plan = planOf((await doctor('--fix', 'metrics-server-node-dns')).stdout)!;
  const undoFile = join(dir, 'undo-r1.json');
  const applied = await doctor('--fix', 'metrics-server-node-dns', '--yes', '--plan', plan, '--undo-file', undoFile, '--timeout', '10');
  assert.equal(applied.code, 0, applied.stdout + applied.stderr);
  // The hint after applying leads to the undo preview, not straight to --yes.
  assert.match(applied.stdout, new RegExp(`undo with: kube-scaling-doctor doctor --undo ${undoFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
  assert.doesNotMatch(applied.stdout, /--undo [^\n]*--yes/);
  writes.length = 0;

  const preview = await doctor('--undo', undoFile);
  assert.equal(preview.code, 0, preview.stdout + preview.stderr);
  const undoPlan = planOf(preview.stdout);
  assert.ok(undoPlan, preview.stdout);
  assert.notEqual(undoPlan, plan, 'the undo is another plan than the repair');
  assert.ok(preview.stdout.includes(`--undo ${undoFile} --yes --plan ${undoPlan}`), preview.stdout);

  const blind = await doctor('--undo', undoFile, '--yes');
  assert.equal(blind.code, 2, blind.stdout + blind.stderr);
  assert.match(blind.stderr, /--plan/);
  assert.ok(blind.stderr.includes(`--undo ${undoFile} --yes --plan ${undoPlan}`), blind.stderr);
  assert.deepEqual(realWrites(), []);
  assert.ok(args().includes(FIXED));

  // Someone edits the Deployment's metadata after the preview: the undo plan (resourceVersion) is another one.
  deployment = { ...deployment, metadata: { ...deployment.metadata, resourceVersion: String(++rv) } };
  const stale = await doctor('--undo', undoFile, '--yes', '--plan', undoPlan!);
  assert.equal(stale.code, 1, stale.stdout + stale.stderr);
  assert.match(stale.stderr, /no longer yields the undo plan you reviewed.*nothing was written/i);
  assert.deepEqual(realWrites(), []);
  assert.ok(args().includes(FIXED));

  const current = planOf((await doctor('--undo', undoFile)).stdout)!;
  const done = await doctor('--undo', undoFile, '--yes', '--plan', current);
  assert.equal(done.code, 0, done.stdout + done.stderr);
  assert.deepEqual(args(), ['--cert-dir=/tmp', '--kubelet-preferred-address-types=Hostname']);
  assert.deepEqual(realWrites(), [`PATCH ${DEPLOYMENT}`]);
});

test('review item 2: an undo record without a cluster is refused unless --context names one; the choice is printed', async () => {
  const plan = planOf((await doctor('--fix', 'metrics-server-node-dns')).stdout)!;
  const undoFile = join(dir, 'undo-r2.json');
  assert.equal((await doctor('--fix', 'metrics-server-node-dns', '--yes', '--plan', plan, '--undo-file', undoFile, '--timeout', '10')).code, 0);
  const { cluster: _cluster, ...old } = JSON.parse(readFileSync(undoFile, 'utf8'));
  const oldFile = join(dir, 'undo-r2-old.json');
  writeFileSync(oldFile, JSON.stringify(old));
  writes.length = 0;

  const refused = await doctor('--undo', oldFile);
  assert.equal(refused.code, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /does not say which cluster.*--context/i);
  assert.deepEqual(writes, []);
  const refusedYes = await doctor('--undo', oldFile, '--yes', '--plan', '0123456789ab');
  assert.equal(refusedYes.code, 1, refusedYes.stdout + refusedYes.stderr);
  assert.deepEqual(writes, []);

  const chosen = await doctor('--undo', oldFile, '--context', 'fake');
  assert.equal(chosen.code, 0, chosen.stdout + chosen.stderr);
  assert.ok(chosen.stdout.includes(`--context fake (${serverUrl})`), chosen.stdout);
  const undoPlan = planOf(chosen.stdout)!;
  assert.ok(chosen.stdout.includes(`--undo ${oldFile} --yes --plan ${undoPlan} --context fake`), chosen.stdout);
  const done = await doctor('--undo', oldFile, '--yes', '--plan', undoPlan, '--context', 'fake');
  assert.equal(done.code, 0, done.stdout + done.stderr);
  assert.deepEqual(args(), ['--cert-dir=/tmp', '--kubelet-preferred-address-types=Hostname']);
});
