// The `doctor` command end to end against a hand-written fake API server (edge cases the real local
// cluster cannot produce: a forbidden read, no cluster at all), its exit codes, JSON/SARIF shapes,
// --fix resolution, and reading the local kubectl's version. Uses dist/cli.js: build first.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { resolveFix, toJson } from '../../src/cli/doctor';
import { findingsOf } from '../../src/core/doctor/diagnose';
import { parseKubectlVersion, readKubectl } from '../../src/core/doctor/state';
import { baseState, LOG, withLogs } from './doctor/fixtures';
import { AUTOSCALING_DISCOVERY_PATH, AUTOSCALING_GROUP } from './autoscalingDiscovery';
import { DIAGNOSIS_IDS } from '../../src/core/doctor/checks';
import { REPAIR_IDS } from '../../src/core/doctor/repairs';
import { englishLeft } from '../helpers';
import { tempDir } from '../tempDir';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const dir = tempDir('ksd-doctor-');
let server: Server;
let kubeconfig: string;
const requests: string[] = [];

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function writeKubeconfig(file: string, server: string) {
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]
users: [{name: dev, user: {token: not-a-real-token}}]
contexts: [{name: fake, context: {cluster: fake, user: dev}}]
current-context: fake
`,
  );
}

before(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(`${req.method} ${url}`);
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.startsWith('/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io'))
      return send(404, status(404, 'NotFound', 'apiservices.apiregistration.k8s.io "v1beta1.metrics.k8s.io" not found'));
    if (url.startsWith('/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication')) {
      return send(
        403,
        status(403, 'Forbidden', 'configmaps "extension-apiserver-authentication" is forbidden: User "dev" cannot get resource "configmaps" in API group "" in the namespace "kube-system"'),
      );
    }
    if (url === AUTOSCALING_DISCOVERY_PATH) return send(200, AUTOSCALING_GROUP);
    if (/^\/api\/v1\/(nodes|pods|events)|^\/apis\/autoscaling\/v2\/horizontalpodautoscalers|^\/apis\/apps\/v1\/namespaces\/kube-system\/deployments\?/.test(url))
      return send(200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] });
    return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  kubeconfig = join(dir, 'kubeconfig.yaml');
  writeKubeconfig(kubeconfig, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

after(() => server.close());

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, KUBECONFIG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('JSON: findings with id, severity, message, object, evidence, repairs first; a forbidden read is a problem, not a failure', async () => {
  const r = await runCli(['doctor', '--kubeconfig', kubeconfig, '--format', 'json', '--kubectl', join(dir, 'no-kubectl')]);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['findings', 'hpaApiVersion', 'hpas', 'karpenter', 'problems']);
  assert.equal(out.hpaApiVersion, 'autoscaling/v2');
  // karpenter.sh/v1 is not served here (404): "not installed", no finding and no problem.
  assert.deepEqual(out.karpenter, { installed: false, controllerRunning: null, nodePools: null, nodeClaims: null, pending: [] });
  assert.deepEqual(out.hpas, [], 'HPAs were read: none');
  const [f] = out.findings;
  assert.deepEqual(Object.keys(f).slice(0, 6), ['id', 'severity', 'message', 'object', 'evidence', 'repairs']);
  assert.equal(f.id, 'metrics-api-missing');
  assert.deepEqual(f.evidence, ['apiservices.apiregistration.k8s.io "v1beta1.metrics.k8s.io" not found']);
  assert.deepEqual(
    f.repairs.map((x: { id: string }) => x.id),
    ['install-metrics-server'],
  );
  assert.equal(out.findings.filter((x: { id: string }) => x.id === 'aggregation-layer-off').length, 0, 'no claim about an unreadable ConfigMap');
  const forbidden = out.problems.find((p: { kind: string }) => p.kind === 'forbidden');
  assert.ok(forbidden, JSON.stringify(out.problems));
  assert.match(r.stderr, /note: .*forbidden|note: .*Forbidden|note: .*configmaps/i);
  assert.ok(!r.stdout.includes('not-a-real-token') && !r.stderr.includes('not-a-real-token'), 'the token never appears');
});

test('SARIF: one rule per diagnosis, results with logical locations', async () => {
  const r = await runCli(['doctor', '--kubeconfig', kubeconfig, '--format', 'sarif', '--kubectl', join(dir, 'no-kubectl')]);
  assert.equal(r.code, 1, r.stderr);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.deepEqual(
    run.tool.driver.rules.map((x: { id: string }) => x.id),
    ['metrics-api-missing'],
  );
  assert.equal(run.results[0].ruleId, 'metrics-api-missing');
  assert.equal(run.results[0].level, 'error');
  assert.equal(run.results[0].locations[0].logicalLocations[0].fullyQualifiedName, 'APIService/v1beta1.metrics.k8s.io');
  assert.deepEqual(run.results[0].properties.repairs, ['install-metrics-server']);
});

test('text output, and --fix of a diagnosis that is not present does nothing (exit 0)', async () => {
  const r = await runCli(['doctor', '--kubeconfig', kubeconfig, '--kubectl', join(dir, 'no-kubectl')]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^error\s+metrics-api-missing\s+The resource metrics API is not registered/m);
  assert.match(r.stdout, /repair:\s+kube-scaling-doctor doctor --fix install-metrics-server/);
  assert.match(r.stdout, /docs:\s+docs\/doctor\/metrics-api-missing\.md/);
  const before = requests.filter((x) => !x.startsWith('GET')).length;
  const fix = await runCli(['doctor', '--kubeconfig', kubeconfig, '--fix', 'metrics-server-node-dns', '--yes', '--kubectl', join(dir, 'no-kubectl')]);
  assert.equal(fix.code, 0, fix.stderr);
  assert.match(fix.stdout, /No current metrics-server-node-dns finding; nothing to repair\./);
  assert.equal(requests.filter((x) => !x.startsWith('GET')).length, before, 'no write request');
});

test('--fix metrics-server-insecure-tls (the repair id before its rename) still means metrics-server-skip-kubelet-tls-verify', async () => {
  const tls = findingsOf(withLogs([LOG.unknownAuthority('ksd-node-1')]));
  const resolved = resolveFix('metrics-server-insecure-tls', tls) as { finding: { id: string }; repairId: string };
  assert.equal(resolved.repairId, 'metrics-server-skip-kubelet-tls-verify');
  assert.equal(resolved.finding.id, 'metrics-server-kubelet-tls');
  // The CLI accepts the old id (not a usage error) and names the new one.
  const r = await runCli(['doctor', '--kubeconfig', kubeconfig, '--fix', 'metrics-server-insecure-tls', '--kubectl', join(dir, 'no-kubectl')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /No current finding offers repair metrics-server-skip-kubelet-tls-verify; nothing to repair\./);
  // An undo record saved under the old id is read and shown with the new one.
  const undoFile = join(dir, 'undo-old-id.json');
  writeFileSync(
    undoFile,
    JSON.stringify({
      repairId: 'metrics-server-insecure-tls',
      appliedAt: '2026-11-22T01:00:00.000Z',
      objects: [{ object: { kind: 'Deployment', namespace: 'kube-system', name: 'metrics-server' }, action: 'patch', before: {}, resourceVersionAfter: '7' }],
    }),
  );
  // The record (of that older version) names no cluster: refused unless the context is named explicitly.
  const unnamed = await runCli(['doctor', '--kubeconfig', kubeconfig, '--undo', undoFile]);
  assert.equal(unnamed.code, 1, unnamed.stderr);
  assert.match(unnamed.stderr, /does not say which cluster it was applied to.*nothing was written.*--context NAME/);
  const u = await runCli(['doctor', '--kubeconfig', kubeconfig, '--context', 'fake', '--undo', undoFile]);
  // This fake cluster has no such Deployment: the undo cannot be planned, and says so.
  assert.equal(u.code, 1, u.stderr);
  assert.match(u.stderr, /^Cannot undo: Deployment kube-system\/metrics-server was not found, so it cannot be put back; nothing was written\.$/m);
  assert.match(u.stdout, /^Undo metrics-server-skip-kubelet-tls-verify \(applied 2026-11-22T01:00:00\.000Z\):$/m);
  assert.match(u.stdout, /restore Deployment kube-system\/metrics-server/);
});

test('exit codes: 2 for usage errors and a missing kubeconfig, 4 when the cluster cannot be reached', async () => {
  for (const args of [['--format', 'xml'], ['--yes'], ['--fix', 'no-such-repair'], ['--fix', 'install-metrics-server', '--format', 'json'], ['--bogus']]) {
    const r = await runCli(['doctor', '--kubeconfig', kubeconfig, ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
  }
  const missing = await runCli(['doctor', '--kubeconfig', join(dir, 'does-not-exist.yaml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /does-not-exist\.yaml/);
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const unreachable = join(dir, 'unreachable.yaml');
  writeKubeconfig(unreachable, `http://127.0.0.1:${port}`);
  const r = await runCli(['doctor', '--kubeconfig', unreachable, '--format', 'json']);
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /unreachable|connection refused/i);
  assert.equal(r.stdout, '');
});

test('--fix resolution: a diagnosis id means its first secure repair; an insecure-only diagnosis must be named explicitly', () => {
  const dns = findingsOf(withLogs([LOG.noSuchHost('ksd-node-1')], ['--kubelet-preferred-address-types=Hostname']));
  assert.deepEqual(resolveFix('metrics-server-node-dns', dns), { finding: dns.find((f) => f.id === 'metrics-server-node-dns'), repairId: 'metrics-server-address-types' });
  assert.equal((resolveFix('coredns-node-hosts', dns) as { repairId: string }).repairId, 'coredns-node-hosts');
  const tls = findingsOf(withLogs([LOG.unknownAuthority('ksd-node-1')]));
  assert.match((resolveFix('metrics-server-kubelet-tls', tls) as { usage: string }).usage, /no secure repair.*metrics-server-skip-kubelet-tls-verify \(insecure\)/);
  assert.equal((resolveFix('metrics-server-skip-kubelet-tls-verify', tls) as { repairId: string }).repairId, 'metrics-server-skip-kubelet-tls-verify');
  assert.match((resolveFix('install-metrics-server', tls) as { none: string }).none, /No current finding offers repair install-metrics-server/);
  assert.deepEqual(JSON.parse(toJson([], [])), { findings: [], problems: [] });
  assert.deepEqual(findingsOf(baseState()), []);
});

test('kubectl version: JSON, the version.Info text of old kubectl, the short form; no kubectl → undefined', async () => {
  assert.deepEqual(parseKubectlVersion('{"clientVersion":{"major":"1","minor":"33","gitVersion":"v1.33.13"},"kustomizeVersion":"v5.6.0"}'), {
    gitVersion: 'v1.33.13',
    major: 1,
    minor: 33,
    raw: 'Client Version: v1.33.13',
  });
  const info =
    'Client Version: version.Info{Major:"1", Minor:"9", GitVersion:"v1.9.11", GitCommit:"1bfeeb6f212135a22dc787b73e1980e5bccef13d", GitTreeState:"clean", BuildDate:"2018-09-28T21:35:22Z", GoVersion:"go1.9.3", Compiler:"gc", Platform:"linux/amd64"}';
  assert.equal(parseKubectlVersion(info)?.minor, 9);
  assert.equal(parseKubectlVersion('Client Version: v1.18.20\nKustomize Version: v4.5.4')?.minor, 18);
  assert.equal(parseKubectlVersion('command not found'), undefined);
  // An old kubectl that rejects `-o json` and prints the text form.
  const fake = join(dir, 'kubectl-1.9');
  writeFileSync(fake, `#!/bin/sh\nif [ "$3" = "-o" ]; then echo "Error: unknown shorthand flag: 'o' in -o" >&2; exit 1; fi\necho '${info}'\n`);
  chmodSync(fake, 0o755);
  const k = await readKubectl(fake);
  assert.equal(k?.minor, 9);
  assert.equal(k?.path, fake);
  const [f] = findingsOf(baseState({ kubectl: k }));
  assert.equal(f.id, 'kubectl-too-old');
  assert.equal(f.evidence[0], info.slice(0, info.indexOf(', GitCommit')));
  assert.equal(await readKubectl(join(dir, 'no-kubectl')), undefined);
});

/**
 * A fake cluster for the repair flow of metrics-server-node-dns (metrics-server logs "no such host"): GETs answer a
 * metrics-server Deployment, its pod and log; writes are accepted, refused at the dry run, or meet a concurrent change.
 */
async function repairFake(write: 'ok' | 'refuse-dry-run' | 'conflict'): Promise<{ fake: Server; kubeconfig: string; writes: string[]; dep: Record<string, any> }> {
  const dep = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'metrics-server', namespace: 'kube-system', uid: 'dep-uid', resourceVersion: '100', labels: { 'k8s-app': 'metrics-server' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'metrics-server' } },
      template: {
        metadata: { labels: { 'k8s-app': 'metrics-server' } },
        spec: {
          containers: [
            {
              name: 'metrics-server',
              image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2',
              args: ['--cert-dir=/tmp', '--kubelet-preferred-address-types=Hostname', '--kubelet-insecure-tls'],
            },
          ],
        },
      },
    },
  };
  const writes: string[] = [];
  const list = (items: unknown[]) => ({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items });
  const fake = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') {
      writes.push(`${req.method} ${url.pathname}${url.searchParams.get('dryRun') ? ' dryRun' : ''}`);
      if (url.searchParams.get('dryRun') === 'All')
        return write === 'refuse-dry-run'
          ? json(422, status(422, 'Invalid', 'Deployment.apps "metrics-server" is invalid: spec.template.spec.containers[0].args: Too many: 4: must have at most 3 items'))
          : json(200, dep);
      if (write === 'ok') return json(200, { ...dep, metadata: { ...dep.metadata, resourceVersion: '101' } });
      return json(
        409,
        status(409, 'Conflict', 'Operation cannot be fulfilled on deployments.apps "metrics-server": the object has been modified; please apply your changes to the latest version and try again'),
      );
    }
    const p = url.pathname;
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
            },
          },
        ]),
      );
    if (p === '/apis/metrics.k8s.io/v1beta1/nodes') return json(200, list([]));
    if (p === '/apis/apps/v1/namespaces/kube-system/deployments/metrics-server') return json(200, dep);
    if (p === '/api/v1/namespaces/kube-system/pods' && url.searchParams.get('labelSelector'))
      return json(200, list([{ metadata: { name: 'metrics-server-6f7dd4c4c4-rwb6t', namespace: 'kube-system' }, spec: { containers: [{ name: 'metrics-server' }] }, status: { phase: 'Running' } }]));
    if (p === '/api/v1/namespaces/kube-system/pods/metrics-server-6f7dd4c4c4-rwb6t/log') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return res.end(`${LOG.serving}\n${LOG.noSuchHost('ksd-node-1')}\n`);
    }
    if (p === AUTOSCALING_DISCOVERY_PATH) return json(200, AUTOSCALING_GROUP);
    if (/^\/api\/v1\/(pods|events)$|^\/apis\/autoscaling\/v2\/horizontalpodautoscalers$|\/replicasets$|^\/api\/v1\/namespaces\/kube-system\/configmaps\/extension-apiserver-authentication$/.test(p)) {
      return p.endsWith('extension-apiserver-authentication')
        ? json(200, {
            metadata: { name: 'extension-apiserver-authentication' },
            data: { 'requestheader-client-ca-file': 'x', 'requestheader-allowed-names': 'x', 'requestheader-username-headers': 'x' },
          })
        : json(200, list([]));
    }
    return json(404, status(404, 'NotFound', 'the server could not find the requested resource'));
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  const file = join(dir, `repair-${write}.yaml`);
  writeKubeconfig(file, `http://127.0.0.1:${(fake.address() as AddressInfo).port}`);
  return { fake, kubeconfig: file, writes, dep };
}

test('--fix --yes when the object changed since the preview: the conflict message, exit 1, nothing written, no undo record', async () => {
  const { fake, kubeconfig: kcFile, writes } = await repairFake('conflict');
  try {
    const undoFile = join(dir, 'undo-conflict.json');
    const preview = await runCli(['doctor', '--kubeconfig', kcFile, '--fix', 'metrics-server-node-dns', '--kubectl', join(dir, 'no-kubectl')]);
    const plan = /^Plan: +([0-9a-f]{12})$/m.exec(preview.stdout)?.[1];
    assert.ok(plan, preview.stdout);
    writes.length = 0;
    // The reviewed plan is still what the cluster yields, but the write itself meets a concurrent change (409).
    const r = await runCli(['doctor', '--kubeconfig', kcFile, '--fix', 'metrics-server-node-dns', '--yes', '--plan', plan, '--undo-file', undoFile, '--kubectl', join(dir, 'no-kubectl')]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^Finding: {2}metrics-server-node-dns: metrics-server cannot resolve node names \(1 node: ksd-node-1\): no such host$/m);
    assert.match(r.stdout, /^\+.*--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname$/m);
    assert.match(r.stdout, /Server-side dry run: accepted\./);
    assert.match(r.stderr, /Deployment kube-system\/metrics-server changed since the preview; nothing was written/);
    assert.doesNotMatch(r.stdout, /Applied\./);
    assert.ok(!existsSync(undoFile), 'no undo record for a change that was not made');
    assert.deepEqual(writes, ['PATCH /apis/apps/v1/namespaces/kube-system/deployments/metrics-server dryRun', 'PATCH /apis/apps/v1/namespaces/kube-system/deployments/metrics-server']);
  } finally {
    fake.close();
  }
});

test('--fix in the pseudo-locale: the preview, a refused dry run, the apply and a verification that did not clear say nothing in English of ours (issue 19)', async () => {
  const PLAN_HASH = /(?<![0-9a-f])([0-9a-f]{12})(?![0-9a-f])/;
  /** The lines that are ours: the unified diff (the objects, quoted) is left out, from the empty line before it to the plan hash. */
  const ourLines = (text: string) => {
    const lines = text.split('\n').filter((l) => l.trim());
    const diffStart = lines.findIndex((l) => l.startsWith('--- a/'));
    const planLine = lines.findIndex((l, i) => i > diffStart && !/^[-+ @]/.test(l) && PLAN_HASH.test(l));
    return diffStart >= 0 && planLine > diffStart ? [...lines.slice(0, diffStart), ...lines.slice(planLine)] : lines;
  };
  const kubectl = join(dir, 'no-kubectl');
  for (const write of ['refuse-dry-run', 'ok'] as const) {
    const { fake, kubeconfig: kcFile, dep } = await repairFake(write);
    try {
      const undoFile = join(dir, `undo-pseudo-${write}.json`);
      // What the output may quote as it is: the cluster's objects, log and refusals, the ids and the command lines.
      const quoted = [
        JSON.stringify(dep),
        LOG.noSuchHost('ksd-node-1'),
        'Deployment.apps "metrics-server" is invalid: spec.template.spec.containers[0].args: Too many: 4: must have at most 3 items',
        'the server could not find the requested resource',
        'kube-scaling-doctor doctor --fix --yes --plan --undo --kubeconfig --context HorizontalPodAutoscaler APIService',
        ...DIAGNOSIS_IDS,
        ...REPAIR_IDS,
        undoFile,
      ];
      const preview = await runCli(['doctor', '--lang', 'qps-ploc', '--kubeconfig', kcFile, '--fix', 'metrics-server-node-dns', '--kubectl', kubectl]);
      const runs = [preview];
      if (write === 'refuse-dry-run') {
        assert.equal(preview.code, 1, preview.stdout + preview.stderr);
        assert.match(preview.stderr, /Too many: 4: must have at most 3 items/, 'the server refusal is quoted');
      } else {
        const plan = PLAN_HASH.exec(ourLines(preview.stdout).join('\n'))?.[1];
        assert.ok(plan, preview.stdout);
        const applied = await runCli([
          'doctor',
          '--lang',
          'qps-ploc',
          '--kubeconfig',
          kcFile,
          '--fix',
          'metrics-server-node-dns',
          '--yes',
          '--plan',
          plan,
          '--undo-file',
          undoFile,
          '--timeout',
          '0.01',
          '--kubectl',
          kubectl,
        ]);
        // Applied, then the symptom has not cleared (no pod metrics here): exit 1, with the verification's own words.
        assert.equal(applied.code, 1, applied.stdout + applied.stderr);
        assert.ok(existsSync(undoFile), applied.stdout);
        assert.match(applied.stdout, /^ {2}… /m, 'a progress line');
        runs.push(applied);
      }
      for (const r of runs) {
        // A plan hash is a value (`c2b300fcf71a`), not words: it is taken out before the words are checked.
        for (const line of ourLines(r.stdout + '\n' + r.stderr)) assert.deepEqual(englishLeft(line.replace(/[0-9a-f]{12}/g, ' '), quoted), [], `English left in: ${line}`);
      }
    } finally {
      fake.close();
    }
  }
});
