// `lint --fix` never invents a value (issue 13 part 4): a guessed request or version stays a quick fix a person
// chooses in the editor, marked as a guess; --fix writes only safe fixes and says, per file, what it left and why.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixAllSafe, fixLeftForPerson } from '../../src/core/lint/fixAll';
import { withDefaults } from '../../src/core/lint/settings';
import { Workspace } from '../../src/core/manifest/workspace';
import { analyzeFile } from '../../src/core/lint/analyzer';
import { applyTextEdits } from '../../src/core/text/edits';
import { textOf } from '../../src/core/l10n';
import { titleOf } from '../helpers';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

// A read-only PostgreSQL pool scaled on cpu: the postgres container has a memory limit but no cpu request, so the
// HPA cannot compute utilization. 100m for a database is a guess a person must replace with a measured value.
const DATABASE = `# Read replicas of the orders database, streaming from the primary.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-db-replicas
  namespace: orders
spec:
  replicas: 2 # at least two readers during business hours
  selector:
    matchLabels: {app: orders-db, role: replica}
  template:
    metadata:
      labels: {app: orders-db, role: replica}
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
          args: ["-c", "hot_standby=on", "-c", "max_connections=200"]
          ports: [{containerPort: 5432, name: pg}]
          resources:
            limits:
              memory: 4Gi
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
      volumes:
        - name: data
          emptyDir: {sizeLimit: 20Gi}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: orders-db-replicas
  namespace: orders
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: orders-db-replicas}
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 65}
`;

function lint(args: string[], cwd: string) {
  const res = spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '' } });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function withDatabaseFile(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-fix-guesses-'));
  try {
    writeFileSync(join(dir, 'orders-db.yaml'), DATABASE);
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('lint --fix leaves a database Deployment missing requests unchanged and says what it left, per file, and why', () => {
  withDatabaseFile((dir) => {
    const { code, stdout } = lint(['--fix', 'orders-db.yaml'], dir);
    assert.equal(readFileSync(join(dir, 'orders-db.yaml'), 'utf8'), DATABASE, 'no guessed request, no removed replicas');
    assert.doesNotMatch(stdout, /^fixed |^Applied /m);
    const left = stdout.split('\n').filter((l) => l.startsWith('  orders-db.yaml:'));
    assert.deepEqual(left, [
      '  orders-db.yaml:8 replicas-set-with-hpa (to review): with client-side kubectl apply, removing the field scales the live workload to 1 replica once',
      '  orders-db.yaml:16 hpa-missing-request (a guess): cpu: 100m is a default, not what this workload uses: set requests from its measured usage (kube-scaling-doctor top pods)',
      '  orders-db.yaml:40 hpa-missing-request (a guess): cpu: 100m is a default, not what this workload uses: set requests from its measured usage (kube-scaling-doctor top pods)',
    ]);
    assert.match(stdout, /^Left for a person \(quick fixes the editor offers; --fix applies only fixes that invent nothing\):$/m);
    // The findings stay in the report and decide the exit code as without --fix.
    assert.match(stdout, /^orders-db\.yaml:16:17: error hpa-missing-request missing request for cpu in container "postgres"/m);
    assert.equal(code, 1);
  });
});

test('lint --fix in JSON and SARIF: each finding whose fix was left carries the fix, its safety and why', () => {
  withDatabaseFile((dir) => {
    const json = lint(['--fix', '--format', 'json', 'orders-db.yaml'], dir);
    assert.equal(json.code, 1);
    const findings = JSON.parse(json.stdout).findings as { rule: string; line: number; leftForPerson?: { fix: string; safety: string; why: string } }[];
    const missing = findings.find((f) => f.rule === 'hpa-missing-request' && f.line === 16);
    assert.deepEqual(missing?.leftForPerson, {
      fix: 'Add requests (cpu: 100m) to container "postgres" (a guess: a placeholder, not measured; measure with kube-scaling-doctor top pods)',
      safety: 'guess',
      why: 'cpu: 100m is a default, not what this workload uses: set requests from its measured usage (kube-scaling-doctor top pods)',
    });
    assert.equal(findings.find((f) => f.rule === 'replicas-set-with-hpa')?.leftForPerson?.safety, 'review');
    assert.equal(readFileSync(join(dir, 'orders-db.yaml'), 'utf8'), DATABASE);

    const sarif = JSON.parse(lint(['--fix', '--format', 'sarif', 'orders-db.yaml'], dir).stdout);
    const results = sarif.runs[0].results as { ruleId: string; properties?: { leftForPerson?: { safety: string } } }[];
    assert.deepEqual(
      results.map((r) => [r.ruleId, r.properties?.leftForPerson?.safety]),
      [
        ['replicas-set-with-hpa', 'review'],
        ['hpa-missing-request', 'guess'],
        ['hpa-missing-request', 'guess'],
      ],
    );
    // Without --fix nothing was left: the report does not render fixes at all.
    assert.ok(!lint(['--format', 'json', 'orders-db.yaml'], dir).stdout.includes('leftForPerson'));
  });
});

test('the editor still offers the guessed request, marked as a guess and never preferred; Fix all skips it', () => {
  const uri = 'file:///orders-db.yaml';
  const ws = new Workspace();
  ws.set(uri, DATABASE);
  const settings = withDefaults({});
  const missing = analyzeFile(ws, uri, settings).find((f) => f.rule === 'hpa-missing-request' && DATABASE.slice(f.range.start, f.range.end) === 'postgres');
  assert.ok(missing);
  const [fix] = missing.fixes;
  assert.equal(titleOf(fix), 'Add requests (cpu: 100m) to container "postgres" (a guess: a placeholder, not measured; measure with kube-scaling-doctor top pods)');
  assert.equal(fix.safety, 'guess');
  assert.ok(!fix.preferred);
  assert.equal(fixLeftForPerson(missing), fix);
  assert.match(applyTextEdits(DATABASE, fix.edits), /memory: 4Gi\n {12}requests:\n {14}cpu: 100m\n/, 'chosen by a person, it inserts the value its title shows');

  const result = fixAllSafe(ws, [uri], settings);
  assert.equal(result.applied.length, 0);
  assert.equal(ws.get(uri)!.text, DATABASE, 'Fix all (lint --fix and source.fixAll) applies only safe fixes');
});

test('every guess says so in its title and is never preferred; every fix left for a person says why', () => {
  // The golden inputs exercise every rule with fixes (requests, versions, quantities, replicas, conversions).
  const dir = join(__dirname, '..', 'fixtures', 'fix-golden', 'input');
  const ws = new Workspace();
  const uris = readdirSync(dir).map((name) => ws.set(`file:///golden/${name}`, readFileSync(join(dir, name), 'utf8')).uri);
  ws.set('file:///orders-db.yaml', DATABASE);
  ws.set('file:///quantities.yaml', DATABASE.replace('memory: 4Gi', 'memory: 4GB').replace('image: postgres:16.4', 'image: postgres:16.4\n          resources: {requests: {cpu: "2000"}}'));
  const seen = new Set<string>();
  for (const uri of [...uris, 'file:///orders-db.yaml', 'file:///quantities.yaml']) {
    for (const f of analyzeFile(ws, uri, withDefaults({}))) {
      for (const fix of f.fixes) {
        seen.add(`${f.rule} ${fix.safety}`);
        if (fix.safety === 'safe') continue;
        assert.ok(textOf(fix.why, 'en').length > 10, `${f.rule}: ${titleOf(fix)}`);
        if (fix.safety === 'guess') {
          assert.match(titleOf(fix), /\(a guess\b/, f.rule);
          assert.ok(!fix.preferred, `${f.rule}: ${titleOf(fix)}`);
        }
      }
    }
  }
  for (const kind of [
    'hpa-missing-request guess',
    'cluster-autoscaler-version-skew guess',
    'invalid-quantity guess',
    'replicas-set-with-hpa review',
    'karpenter-deprecated-api review',
    'hpa-deprecated-api safe',
  ]) {
    assert.ok(seen.has(kind), `the inputs exercise ${kind}: ${[...seen].join(', ')}`);
  }
});
