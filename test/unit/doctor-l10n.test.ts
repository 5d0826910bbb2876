// The doctor in Chinese and Japanese: the real findings of the diagnosis tests (their fixtures, run again here through
// fixtures.ts's `observed`) rendered in zh-cn, ja and the pseudo-locale; the CLI's text and JSON in another language;
// the docs page in the reader's language.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
// The diagnosis tests of the converted checks: importing them registers their tests first, so their findings are in
// `observed` when the tests below run.
import './doctor/aggregation-layer-off.test';
import './doctor/apiserver-cannot-reach-metrics-server.test';
import './doctor/autoscaler-conflict.test';
import './doctor/cluster-autoscaler-backoff.test';
import './doctor/cluster-autoscaler-cloud-access.test';
import './doctor/cluster-autoscaler-group-at-max.test';
import './doctor/cluster-autoscaler-no-node-groups.test';
import './doctor/cluster-autoscaler-scale-down-blocked.test';
import './doctor/cluster-autoscaler-version-skew.test';
import './doctor/custom-metric-no-value.test';
import './doctor/custom-metric-not-listed.test';
import './doctor/custom-metrics-api-missing.test';
import './doctor/custom-metrics-api-unavailable.test';
import './doctor/front-proxy-name-not-allowed.test';
import './doctor/heapster-leftover.test';
import './doctor/hpa-at-max.test';
import './doctor/hpa-at-min.test';
import './doctor/hpa-event-history.test';
import './doctor/hpa-missing-request.test';
import './doctor/hpa-replicas-held.test';
import './doctor/hpa-target-removed-api.test';
import './doctor/hpa-unknown-metric.test';
import './doctor/karpenter-no-nodepool-matches.test';
import './doctor/karpenter-nodeclaim-failed.test';
import './doctor/karpenter-nodeclass-not-ready.test';
import './doctor/karpenter-nodepool-limits.test';
import './doctor/karpenter-not-running.test';
import './doctor/karpenter-unreadable.test';
import './doctor/keda-external-metrics-taken.test';
import './doctor/keda-kubernetes-compatibility.test';
import './doctor/keda-not-running.test';
import './doctor/keda-scaledobject-not-ready.test';
import './doctor/keda-scaledobject-paused.test';
import './doctor/keda-trigger-failing.test';
import './doctor/kubectl-too-old.test';
import './doctor/metrics-api-missing.test';
import './doctor/metrics-api-unavailable.test';
import './doctor/metrics-server-kubelet-tls.test';
import './doctor/metrics-server-node-dns.test';
import './doctor/metrics-server-rbac.test';
import './doctor/metrics-server-unreachable-kubelets.test';
import './doctor/metrics-server-warming-up.test';
import './doctor/node-autoscalers-overlap.test';
import './doctor/pending-pods.test';
import './doctor/vpa-hpa-conflict.test';
import { baseState, LOG, observed, run, withLogs } from './doctor/fixtures';
import { inflatePod, karpenter, karpenterEvent, nodePool, NOW, READY_CONDITIONS } from './karpenter-fixtures';
import { toJson, toText } from '../../src/cli/doctor';
import { CHECKS, DIAGNOSIS_IDS } from '../../src/core/doctor/checks';
import { localizedFinding } from '../../src/core/doctor/findingText';
import { localizedDocsPath } from '../../src/core/l10n/docs';
import type { DiagnosisId, DoctorFinding, DoctorText } from '../../src/core/doctor/types';
import { isMessage, render, setLocale, type Locale, type Message } from '../../src/core/l10n';
import { englishLeft, quotedBy } from '../helpers';

/** The checks whose every word is a template; the others still write English only (their findings have no l10n). */
const CONVERTED: ReadonlySet<DiagnosisId> = new Set<DiagnosisId>([
  'aggregation-layer-off',
  'apiserver-cannot-reach-metrics-server',
  'autoscaler-conflict',
  'cluster-autoscaler-backoff',
  'cluster-autoscaler-cloud-access',
  'cluster-autoscaler-group-at-max',
  'cluster-autoscaler-no-node-groups',
  'cluster-autoscaler-scale-down-blocked',
  'cluster-autoscaler-version-skew',
  'custom-metric-no-value',
  'custom-metric-not-listed',
  'custom-metrics-api-missing',
  'custom-metrics-api-unavailable',
  'front-proxy-name-not-allowed',
  'heapster-leftover',
  'hpa-at-max',
  'hpa-at-min',
  'hpa-event-history',
  'hpa-missing-request',
  'hpa-replicas-held',
  'hpa-target-removed-api',
  'hpa-unknown-metric',
  'karpenter-no-nodepool-matches',
  'karpenter-nodeclaim-failed',
  'karpenter-nodeclass-not-ready',
  'karpenter-nodepool-limits',
  'karpenter-not-running',
  'karpenter-unreadable',
  'keda-external-metrics-taken',
  'keda-kubernetes-compatibility',
  'keda-not-running',
  'keda-scaledobject-not-ready',
  'keda-scaledobject-paused',
  'keda-trigger-failing',
  'kubectl-too-old',
  'metrics-api-missing',
  'metrics-api-unavailable',
  'metrics-server-kubelet-tls',
  'metrics-server-node-dns',
  'metrics-server-rbac',
  'metrics-server-unreachable-kubelets',
  'metrics-server-warming-up',
  'node-autoscalers-overlap',
  'pending-pods',
  'vpa-hpa-conflict',
]);

after(() => setLocale('en'));

/** The converted findings the diagnosis tests produced, each with the cluster text of its state. */
function converted(): { f: DoctorFinding; clusterText: string }[] {
  return observed.flatMap(({ findings, clusterText }) => findings.filter((f) => CONVERTED.has(f.id)).map((f) => ({ f, clusterText })));
}

/** The texts of a finding in `locale`: message, explanation, every evidence line and repair title and warning. */
function textsIn(f: DoctorFinding, locale: Locale): string[] {
  const l = localizedFinding(f, locale);
  return [l.message, l.explanation, ...l.evidence, ...l.repairs.flatMap((r) => [r.title, r.warning ?? ''])];
}

test('every finding of a converted check carries its templates, and they render to its English fields', () => {
  const all = converted();
  assert.equal(new Set(all.map(({ f }) => f.id)).size, CONVERTED.size, 'every converted check has findings among the fixtures');
  for (const { f } of all) {
    assert.ok(f.l10n, `${f.id}: no templates`);
    assert.ok(isMessage(f.l10n.message) && isMessage(f.l10n.explanation), `${f.id}: message and explanation are templates`);
    assert.equal(render(f.l10n.message as Message, 'en'), f.message);
    assert.equal(render(f.l10n.explanation as Message, 'en'), f.explanation);
    assert.deepEqual(
      f.l10n.evidence.map((e: DoctorText) => (typeof e === 'string' ? e : render(e, 'en'))),
      f.evidence,
    );
  }
});

test('pseudo-locale: no English of ours is left in any converted finding, only the cluster text it quotes', () => {
  const all = converted();
  assert.ok(all.length >= 30, `${all.length} findings`);
  for (const { f, clusterText } of all) {
    const l = localizedFinding(f, 'qps-ploc');
    assert.ok(l.message.startsWith('⟦') && l.explanation.startsWith('⟦'), `${f.id}: ${l.message}`);
    for (const text of textsIn(f, 'qps-ploc')) assert.deepEqual(englishLeft(text, quotedBy(f, clusterText)), [], `${f.id}: ${text}`);
  }
});

for (const locale of ['zh-cn', 'ja'] as const) {
  test(`${locale}: every converted finding reads in the language, with no placeholder left and the cluster's words kept`, () => {
    const cjk = /[\u3040-\u30ff\u4e00-\u9fff]/;
    for (const { f, clusterText } of converted()) {
      const l = localizedFinding(f, locale);
      assert.match(l.message, cjk, `${f.id}: ${l.message}`);
      assert.match(l.explanation, cjk, `${f.id}: ${l.explanation}`);
      for (const text of textsIn(f, locale)) {
        assert.doesNotMatch(text, /\{[A-Za-z]\w*\}/, `${f.id}: a placeholder left in ${text}`);
        assert.doesNotMatch(text, /\[object Object\]/, `${f.id}: ${text}`);
      }
      // Quoted log lines stay byte for byte.
      for (const [i, e] of f.evidence.entries()) if (typeof f.l10n!.evidence[i] === 'string') assert.equal(l.evidence[i], e);
      assert.ok(clusterText.length > 0);
    }
  });
}

test('x509 (unknown authority) in Japanese and Chinese: the nodes and the log words are kept, the sentence is translated', () => {
  const lines = ['ksd-node-1', 'ksd-node-2'].map((n, i) => LOG.unknownAuthority(n, `00:47:${18 + i}.000000`));
  const [f] = run(withLogs(lines), 'metrics-server-kubelet-tls');
  const ja = localizedFinding(f, 'ja');
  assert.equal(ja.message, 'metrics-server が 2 ノード（ksd-node-1, ksd-node-2）の kubelet のサービング証明書を信頼していません（x509: certificate signed by unknown authority）');
  assert.match(ja.explanation, /自己署名証明書.*`serverTLSBootstrap: true`/);
  assert.deepEqual(ja.evidence, f.evidence);
  assert.equal(ja.repairs[0].title, 'metrics-server に kubelet 証明書の検証をスキップさせる（--kubelet-insecure-tls）');
  const zh = localizedFinding(f, 'zh-cn');
  assert.equal(zh.message, 'metrics-server 不信任 2 个节点（ksd-node-1, ksd-node-2）上 kubelet 的服务证书（x509: certificate signed by unknown authority）');
  assert.match(zh.repairs[0].warning ?? '', /仅用于测试集群/);
  // English stays as it was.
  assert.equal(localizedFinding(f, 'en').message, f.message);
});

test('node names that do not resolve, in Japanese: the repairs in the language, the DNS error as metrics-server wrote it', () => {
  const [f] = run(withLogs([LOG.noSuchHost('ksd-node-1')]), 'metrics-server-node-dns');
  const ja = localizedFinding(f, 'ja');
  assert.equal(ja.message, 'metrics-server がノード名を名前解決できません（1 ノード: ksd-node-1）: no such host');
  assert.deepEqual(
    ja.repairs.map((r) => r.id),
    f.repairs.map((r) => r.id),
  );
  assert.match(ja.repairs.at(-1)!.title, /ノード名をクラスター DNS に追加する/);
});

test("a NodePool out of limits, in Chinese and Japanese: Karpenter's event stays as Karpenter wrote it, the limits in the reader's words", () => {
  const pod = inflatePod();
  const event = 'Failed to schedule pod, all available instance types exceed limits for nodepool (NodePool=default)';
  const spent = nodePool('default', {
    labels: { type: 'karpenter' },
    spec: { limits: { cpu: '4' } },
    status: { conditions: READY_CONDITIONS, nodes: 1, resources: { cpu: '4' } },
  });
  const [f] = run(baseState({ now: NOW, pendingPods: [pod], events: [karpenterEvent(pod, 'FailedScheduling', event)], karpenter: karpenter([spent]) }), 'karpenter-nodepool-limits');
  const zh = localizedFinding(f, 'zh-cn');
  assert.equal(zh.message, 'NodePool default 已用尽其 limits；有 1 个 Pending Pod 在等待它（Deployment other/inflate）');
  assert.equal(zh.evidence[0], 'NodePool default：所有可用的实例类型都超出了该 NodePool 的 limits（cpu：上限 4 中已用 4）');
  assert.equal(zh.evidence.at(-1), `FailedScheduling: ${event}`);
  const ja = localizedFinding(f, 'ja');
  assert.equal(ja.message, 'NodePool default は limits を使い切っています。この NodePool を待つ Pending の Pod が 1 個あります（Deployment other/inflate）');
  assert.equal(ja.evidence[1], 'spec.limits: cpu=4');
  assert.match(ja.explanation, /^Karpenter は NodePool の spec\.limits から/);
  assert.equal(localizedFinding(f, 'en').evidence[0], 'NodePool default: all available instance types exceed limits for nodepool (cpu: 4 in use of limit 4)');
});

test('CLI text in Japanese: labels, severity and the finding in the language; the English report is unchanged', () => {
  const [f] = run(withLogs([LOG.unknownAuthority('ksd-node-1')]), 'metrics-server-kubelet-tls');
  const english = toText([f], [], 'kind-ksd', false);
  try {
    setLocale('ja');
    const text = toText([f], [], 'kind-ksd', false);
    const lines = text.split('\n');
    assert.equal(lines[0], 'コンテキスト kind-ksd: 検出結果 1 件');
    assert.match(lines[2], /^エラー  metrics-server-kubelet-tls  metrics-server が 1 ノード（ksd-node-1）の kubelet/);
    assert.ok(lines.includes('  根拠：'));
    assert.ok(lines.some((l) => l.startsWith('  理由：    kubelet は自己署名証明書')));
    assert.ok(
      lines.some((l) => l.startsWith('  修復：    kube-scaling-doctor doctor --fix metrics-server-skip-kubelet-tls-verify   metrics-server に') && l.endsWith('【安全でない: 先に警告を表示します】')),
    );
    assert.ok(lines.includes('  文書：    docs/ja/doctor/metrics-server-kubelet-tls.md'));
    assert.equal(lines.at(-1), 'エラー 1 件、警告 0 件、情報 0 件。');
  } finally {
    setLocale('en');
  }
  assert.equal(toText([f], [], 'kind-ksd', false), english);
  assert.match(english, /^Context kind-ksd: 1 finding\n\nerror   metrics-server-kubelet-tls  metrics-server does not trust/);
});

test('CLI JSON: English fields and shape unchanged; another language adds localized fields beside them', () => {
  const [f] = run(withLogs([LOG.unknownAuthority('ksd-node-1')]), 'metrics-server-kubelet-tls');
  const english = JSON.parse(toJson([f], []));
  assert.deepEqual(Object.keys(english.findings[0]), ['id', 'severity', 'message', 'object', 'evidence', 'repairs', 'explanation', 'docs']);
  assert.deepEqual(Object.keys(english.findings[0].repairs[0]), ['id', 'title', 'insecure', 'warning']);
  try {
    setLocale('zh-cn');
    const zh = JSON.parse(toJson([f], []));
    const row = zh.findings[0];
    for (const key of Object.keys(english.findings[0])) assert.deepEqual(row[key], english.findings[0][key], key);
    assert.equal(row.locale, 'zh-cn');
    assert.match(row.localizedMessage, /metrics-server 不信任 1 个节点/);
    assert.match(row.localizedExplanation, /自签名证书/);
    assert.deepEqual(row.localizedEvidence, f.evidence);
    assert.equal(row.localizedRepairs[0].id, 'metrics-server-skip-kubelet-tls-verify');
    assert.equal(row.localizedDocs, 'docs/zh-cn/doctor/metrics-server-kubelet-tls.md');
  } finally {
    setLocale('en');
  }
});

test('docs link: the page in the reader language when the package has it, the English page otherwise', () => {
  const root = mkdtempSync(join(tmpdir(), 'ksd-docs-'));
  try {
    mkdirSync(join(root, 'docs/ja/doctor'), { recursive: true });
    writeFileSync(join(root, 'docs/ja/doctor/metrics-api-missing.md'), '# metrics-api-missing\n');
    const inRoot = (path: string) => existsSync(join(root, path));
    assert.equal(localizedDocsPath('docs/doctor/metrics-api-missing.md', 'ja', inRoot), 'docs/ja/doctor/metrics-api-missing.md');
    assert.equal(localizedDocsPath('docs/doctor/metrics-api-missing.md', 'zh-cn', inRoot), 'docs/doctor/metrics-api-missing.md');
    assert.equal(localizedDocsPath('docs/doctor/pending-pods.md', 'ja', inRoot), 'docs/doctor/pending-pods.md');
    assert.equal(localizedDocsPath('docs/doctor/metrics-api-missing.md', 'en', inRoot), 'docs/doctor/metrics-api-missing.md');
    assert.equal(localizedDocsPath('https://example.invalid/page', 'ja', inRoot), 'https://example.invalid/page');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('every check title is translated (SARIF keeps the English TITLES)', () => {
  for (const id of DIAGNOSIS_IDS) {
    for (const locale of ['zh-cn', 'ja'] as const) {
      const title = render(CHECKS[id].title, locale);
      assert.notEqual(title, render(CHECKS[id].title, 'en'), `${id} ${locale}`);
      assert.match(title, /[\u3040-\u30ff\u4e00-\u9fff]/, `${id} ${locale}: ${title}`);
    }
  }
});
