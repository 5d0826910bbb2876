// What hpa-target-removed-api and `lint --kube-version auto` rely on, on the local cluster's real kube-apiserver and HPA
// controller: the controller resolves a scale target by API group (an `extensions/v1beta1` Deployment target fails with
// FailedGetScale, `apps/v1beta1` still resolves through apps/v1), and `lint --kube-version auto` (dist/cli.js, as users
// run it) lints for the version the current context's API server reports; and hpa-behavior-ineffective agrees with
// the API server: each `behavior` it calls refused is refused with the message it quotes, each it only warns about is
// accepted.
import { before, after, test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { up, kubectl, waitFor, paths, VERSIONS } from '../../scripts/cluster/lib.mjs';
import { loadKubeConfig } from '../../src/core/cluster/connect.ts';
import { readInstalledVersions } from '../../src/core/cluster/installedVersions.ts';
import { hpaBehaviorIneffective } from '../../src/core/lint/rules/hpa-behavior-ineffective.ts';
import { analyze } from '../helpers.ts';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const NS = 'removed-api';
const MIN = 60_000;
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const ARTICLE_002 = join(import.meta.dirname, '..', 'fixtures', 'articles', '002');

const hpa = (name, targetApiVersion) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}, namespace: ${NS}}
spec:
  scaleTargetRef: {apiVersion: ${targetApiVersion}, kind: Deployment, name: tomcat}
  minReplicas: 1
  maxReplicas: 2
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
`;

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: ${NS}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: tomcat, namespace: ${NS}}
spec:
  replicas: 1
  selector: {matchLabels: {app: tomcat}}
  template:
    metadata: {labels: {app: tomcat}}
    spec:
      containers:
      - {name: tomcat, image: tomcat, resources: {requests: {cpu: 100m}}}
---
${hpa('via-extensions', 'extensions/v1beta1')}---
${hpa('via-apps-v1beta1', 'apps/v1beta1')}`;

describe("what lint relies on, on the local cluster's API server and HPA controller", { skip }, () => {
  before(
    async () => {
      await up({ scenario: 'healthy', name: NAME, profile: 'test' });
      const r = kubectl(['apply', '-f', '-'], { name: NAME, input: MANIFESTS });
      assert.equal(r.code ?? 0, 0, r.stderr);
    },
    { timeout: 75 * MIN },
  );

  after(() => {
    kubectl(['delete', 'namespace', NS, '--wait=false'], { name: NAME, allowFail: true });
  });

  /** The AbleToScale condition of one HPA, once the controller has set it. */
  async function ableToScale(name) {
    return waitFor(
      `HPA ${NS}/${name} with an AbleToScale condition`,
      async () => {
        const out = kubectl(['get', 'hpa', name, '-n', NS, '-o', 'json'], { name: NAME });
        return JSON.parse(out.stdout).status?.conditions?.find((c) => c.type === 'AbleToScale');
      },
      { timeoutMs: 3 * MIN },
    );
  }

  test('the HPA controller resolves the scale target by group: extensions/v1beta1 fails (FailedGetScale), apps/v1beta1 resolves', { timeout: 8 * MIN }, async () => {
    const extensions = await ableToScale('via-extensions');
    assert.equal(extensions.status, 'False');
    assert.equal(extensions.reason, 'FailedGetScale');
    assert.match(extensions.message, /no matches for kind "Deployment" in group "extensions"/);
    const appsBeta = await ableToScale('via-apps-v1beta1');
    assert.equal(appsBeta.status, 'True', appsBeta.message);
  });

  test('lint --kube-version auto lints for the connected server (article 002: the extensions target is an error there)', { timeout: 3 * MIN }, () => {
    const r = spawnSync(process.execPath, [CLI, 'lint', ARTICLE_002, '--kube-version', 'auto'], {
      encoding: 'utf8',
      timeout: 2 * MIN,
      env: { ...process.env, KUBECONFIG: paths({ name: NAME }).kubeconfig, NO_COLOR: '' },
    });
    const minor = `${VERSIONS.KUBE_MAJOR}.${VERSIONS.KUBE_MINOR}`;
    assert.match(r.stdout, new RegExp(`^Linting for Kubernetes ${minor.replace('.', '\\.')} \\(from context .+: API server v${minor.replace('.', '\\.')}\\.`));
    assert.match(r.stdout, /hpa\.yaml:8:\d+: error hpa-target-removed-api scaleTargetRef extensions\/v1beta1 Deployment: Kubernetes 1\.\d+ serves no Deployment/);
    assert.equal(r.status, 1, r.stderr);
  });

  test("the editor's KEDA version for lint comes from the KEDA operator's Deployment the API server lists (chart label, image tag)", { timeout: 3 * MIN }, async () => {
    // KEDA itself does not run here (issue 17); its release manifest's operator Deployment, as kubectl applies it, does.
    const operator = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: keda-operator
  namespace: ${NS}
  labels: {app.kubernetes.io/name: keda-operator, app.kubernetes.io/part-of: keda-operator}
spec:
  replicas: 0
  selector: {matchLabels: {app: keda-operator}}
  template:
    metadata: {labels: {app: keda-operator}}
    spec:
      containers:
      - {name: keda-operator, image: 'ghcr.io/kedacore/keda:2.9.0'}
`;
    const r = kubectl(['apply', '-f', '-'], { name: NAME, input: operator });
    assert.equal(r.code ?? 0, 0, r.stderr);
    const found = await readInstalledVersions(loadKubeConfig({ kubeconfig: paths({ name: NAME }).kubeconfig }));
    assert.deepEqual(found.keda, { version: '2.9.0', from: `Deployment ${NS}/keda-operator (ghcr.io/kedacore/keda:2.9.0)` });
    assert.equal(found.karpenter, undefined, 'no Karpenter controller in this cluster');
    assert.equal(found.unread, undefined);
  });

  const behaviorHpa = (behavior, metric = 'cpu') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: behavior-probe, namespace: ${NS}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: tomcat}
  minReplicas: 1
  maxReplicas: 4
  metrics:
  - type: Resource
    resource: {name: ${metric}, target: {type: Utilization, averageUtilization: 80}}
  behavior:
${behavior}`;

  test('hpa-behavior-ineffective and the API server agree: what it calls refused is refused with the quoted message, what it warns about is accepted', { timeout: 3 * MIN }, () => {
    const dryRun = (text) => kubectl(['apply', '--dry-run=server', '-f', '-'], { name: NAME, input: text, allowFail: true });
    const refused = [
      '    scaleUp:\n      policies:\n      - {type: Percent, value: 100, periodSeconds: 1801}\n',
      '    scaleUp:\n      policies:\n      - {type: Pods, value: 0, periodSeconds: 15}\n',
      '    scaleDown:\n      stabilizationWindowSeconds: 3601\n',
      '    scaleDown:\n      stabilizationWindowSeconds: -1\n',
      '    scaleDown:\n      policies: []\n',
    ];
    for (const behavior of refused) {
      const text = behaviorHpa(behavior);
      const findings = analyze(text, { rules: [hpaBehaviorIneffective] });
      assert.equal(findings.length, 1, behavior);
      assert.equal(findings[0].severity, 'error');
      const quoted = /\(([^()]*(?:\([^()]*\)[^()]*)*)\)(?:; |$)/.exec(findings[0].message)?.[1];
      assert.ok(quoted, findings[0].message);
      const r = dryRun(text);
      assert.notEqual(r.code ?? 0, 0, `${behavior}: accepted\n${r.stdout}`);
      assert.ok(r.stderr.includes(quoted), `${quoted}\n---\n${r.stderr}`);
    }
    const accepted = [
      behaviorHpa('    scaleUp:\n      policies:\n      - {type: Percent, value: 100, periodSeconds: 1800}\n    scaleDown:\n      stabilizationWindowSeconds: 3600\n'),
      behaviorHpa('    scaleUp: {selectPolicy: Disabled}\n    scaleDown: {selectPolicy: Disabled}\n'),
      behaviorHpa('    scaleDown:\n      stabilizationWindowSeconds: 0\n', 'memory'),
    ];
    assert.deepEqual(
      accepted.map((text) => analyze(text, { rules: [hpaBehaviorIneffective] }).map((f) => f.severity)),
      [[], ['warning'], ['warning']],
    );
    for (const text of accepted) {
      const r = dryRun(text);
      assert.equal(r.code ?? 0, 0, r.stderr);
    }
  });
});
