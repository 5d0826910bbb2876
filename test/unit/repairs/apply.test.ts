// The repair engine every repair goes through (doctor/apply.ts, repairKit/objects.ts), against the fake
// API server: dry run, optimistic concurrency, undo, verification. The real end-to-end path is test/cluster/doctor-repair.test.mjs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applyPlan,
  applyUndo,
  clusterIdentity,
  dryRun,
  planHash,
  planUndo,
  serverWithoutCredentials,
  undoClusterMismatch,
  undoPlanHash,
  undoRepair,
  unifiedDiff,
  verifyRepair,
} from '../../../src/core/doctor/apply';
import { planRepair, RepairRefusedError } from '../../../src/core/doctor/repairs/index';
import { mergePatchOf, objectYaml } from '../../../src/core/doctor/repairKit/objects';
import { ConcurrentChangeError } from '../../../src/core/doctor/types';
import { fake, objects, requests, kc, MS_PATH, metricsServer, nodes, tls, useFakeApiServer } from './helpers';
import { errorText, render, type Message } from '../../../src/core/l10n';

const english = (m: Message | undefined) => (m ? render(m, 'en') : '');

useFakeApiServer();

describe('apply, concurrency and undo (fake server)', () => {
  test('dry-run sends the same patch with dryRun=All and writes nothing', async () => {
    metricsServer({ args: ['--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify');
    await dryRun(kc, plan);
    const patch = requests.filter((r) => r.method === 'PATCH');
    assert.equal(patch.length, 1);
    assert.match(patch[0].query, /dryRun=All/);
    assert.deepEqual(patch[0].body, plan.changes[0].body);
    assert.deepEqual(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, ['--cert-dir=/tmp']);
  });

  test('a change between plan and apply: ConcurrentChangeError, the concurrent version stays', async () => {
    metricsServer({ args: ['--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify');
    const live = objects.get(MS_PATH)!;
    live.spec.template.spec.containers[0].args = ['--cert-dir=/tmp', '-v=4'];
    live.metadata.resourceVersion = '8';
    await assert.rejects(applyPlan(kc, plan), (e: Error) => e instanceof ConcurrentChangeError && /changed since the preview; nothing was written/.test(e.message));
    assert.deepEqual(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, ['--cert-dir=/tmp', '-v=4']);
  });

  test('undo restores the previous args; refuses when the object was edited after the repair', async () => {
    metricsServer({ args: ['--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify');
    const record = await applyPlan(kc, plan);
    assert.deepEqual(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, ['--cert-dir=/tmp', '--kubelet-insecure-tls']);
    // A metadata-only change (controllers bump resourceVersion, annotations) does not block undo.
    objects.get(MS_PATH)!.metadata.resourceVersion = '500';
    await undoRepair(kc, record);
    assert.deepEqual(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, ['--cert-dir=/tmp']);
    const undoPatch = requests.filter((r) => r.method === 'PATCH').pop()!;
    assert.equal(undoPatch.body.metadata.resourceVersion, '500');

    const plan2 = await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify');
    const record2 = await applyPlan(kc, plan2);
    objects.get(MS_PATH)!.spec.template.spec.containers[0].args.push('-v=2');
    await assert.rejects(undoRepair(kc, record2), (e: Error) => e instanceof ConcurrentChangeError && /nothing was written/.test(e.message));
    assert.deepEqual(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, ['--cert-dir=/tmp', '--kubelet-insecure-tls', '-v=2']);
  });

  test('undo of args that did not exist before removes the field (merge patch null)', async () => {
    metricsServer({});
    const record = await applyPlan(kc, await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify'));
    assert.deepEqual(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, ['--kubelet-insecure-tls']);
    await undoRepair(kc, record);
    assert.equal(objects.get(MS_PATH)!.spec.template.spec.containers[0].args, undefined);
  });
});

describe('verify', () => {
  const plan = (repairId: string): any => ({ repairId, findingId: 'metrics-api-missing', title: '', changes: [], warnings: [], verifies: '' });
  const hpa = (message: string) => ({
    metadata: { namespace: 'shop', name: 'web' },
    status: { conditions: [{ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message }] },
  });
  test('metrics for every ready node and no HPA blocked by the metrics pipeline: ok at once', async () => {
    nodes([
      ['a', '10.0.0.1'],
      ['b', '10.0.0.2'],
    ]);
    objects.set('/apis/metrics.k8s.io/v1beta1/nodes/a', { metadata: { name: 'a' } });
    objects.set('/apis/metrics.k8s.io/v1beta1/nodes/b', { metadata: { name: 'b' } });
    objects.set('/apis/metrics.k8s.io/v1beta1/pods/web-1', { metadata: { name: 'web-1', namespace: 'shop' } });
    // An HPA failing for another reason (missing request) is another finding, not this symptom.
    objects.set('/apis/autoscaling/v2/horizontalpodautoscalers/web', hpa('failed to get cpu utilization: missing request for cpu in container app of Pod web-1'));
    const progress: string[] = [];
    const shown: string[] = [];
    const { localized, ...r } = await verifyRepair(kc, plan('metrics-server-address-types'), {
      onProgress: (d, seen) => {
        progress.push(d);
        shown.push(render(seen, 'zh-cn'));
      },
    });
    assert.deepEqual(r, {
      ok: true,
      detail: 'node metrics for 2 of 2 ready nodes; pod metrics available; every HPA on resource metrics has them',
      remaining: ['HorizontalPodAutoscaler shop/web: FailedGetResourceMetric: failed to get cpu utilization: missing request for cpu in container app of Pod web-1'],
    });
    assert.deepEqual(progress, [r.detail]);
    // The same in the reader's language: the CLI's progress lines and "Verified:", the VS Code notification.
    assert.equal(render(localized, 'en'), r.detail);
    assert.deepEqual(shown, ['2 个就绪节点中有 2 个有节点指标；Pod 指标可用；所有使用资源指标的 HPA 都已拿到指标']);
    assert.equal(render(localized, 'ja'), 'Ready のノード 2 台のうち 2 台にノードメトリクスあり。Pod のメトリクスを取得可能。リソースメトリクスを使う HPA はすべてメトリクスを取得済み');
  });

  test("an HPA on an External metric with no external-metrics adapter is not this repair's symptom: ok, listed as remaining (issue 11 item 21)", async () => {
    nodes([['a', '10.0.0.1']]);
    objects.set('/apis/metrics.k8s.io/v1beta1/nodes/a', { metadata: { name: 'a' } });
    objects.set('/apis/metrics.k8s.io/v1beta1/pods/web-1', { metadata: { name: 'web-1', namespace: 'shop' } });
    objects.set('/apis/autoscaling/v2/horizontalpodautoscalers/queue', {
      metadata: { namespace: 'shop', name: 'queue' },
      spec: { metrics: [{ type: 'External', external: { metric: { name: 'queue_depth' }, target: { type: 'Value', value: '10' } } }] },
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
    });
    const r = await verifyRepair(kc, plan('metrics-server-address-types'), { timeoutMs: 0 });
    assert.equal(r.ok, true, r.detail);
    assert.deepEqual(r.remaining, [
      'HorizontalPodAutoscaler shop/queue: FailedGetExternalMetric: the HPA was unable to compute the replica count: unable to get external metric shop/queue_depth/nil: unable to fetch metrics from external metrics API: the server could not find the requested resource (get queue_depth.external.metrics.k8s.io)',
    ]);
    // The same HPA on a Resource metric, blocked by the metrics pipeline, is this repair's symptom: not cleared.
    objects.set('/apis/autoscaling/v2/horizontalpodautoscalers/web', {
      metadata: { namespace: 'shop', name: 'web' },
      spec: { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] },
      status: {
        conditions: [
          {
            type: 'ScalingActive',
            status: 'False',
            reason: 'FailedGetResourceMetric',
            message: 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
          },
        ],
      },
    });
    const blocked = await verifyRepair(kc, plan('metrics-server-address-types'), { timeoutMs: 0 });
    assert.equal(blocked.ok, false);
    assert.match(blocked.detail, /HPAs on resource metrics still without them: shop\/web/);
  });

  test('undo is planned like a repair: a diff of what it restores, dry-run first, and a record of another cluster is refused (issue 11 item 19)', async () => {
    metricsServer({ args: ['--cert-dir=/tmp'] });
    const record = await applyPlan(kc, await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify'));
    assert.deepEqual(record.cluster, clusterIdentity(kc));
    const undo = await planUndo(kc, record);
    assert.match(unifiedDiff(undo), /\n- +- --kubelet-insecure-tls\n/);
    requests.length = 0;
    await undoRepair(kc, record);
    assert.deepEqual(
      requests.filter((r) => r.method !== 'GET').map((r) => `${r.method}${/dryRun=All/.test(r.query) ? ' dry' : ''}`),
      ['PATCH dry', 'PATCH'],
    );
    const elsewhere = undoClusterMismatch(kc, { ...record, cluster: { context: 'prod', server: 'https://prod.example:6443' } });
    assert.ok(elsewhere);
    assert.match(render(elsewhere, 'en'), /applied to context prod \(https:\/\/prod\.example:6443\)/);
    assert.match(render(elsewhere, 'ja'), /コンテキスト prod（https:\/\/prod\.example:6443）/);
    assert.equal(undoClusterMismatch(kc, record), undefined);
  });

  test('an undo record without a cluster is refused unless a context was chosen explicitly; the undo plan has its own hash (issue 11 review)', async () => {
    metricsServer({ args: ['--cert-dir=/tmp'] });
    const record = await applyPlan(kc, await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify'));
    const { cluster: _cluster, ...old } = record;
    assert.match(english(undoClusterMismatch(kc, old)), /does not say which cluster.*nothing was written.*--context/);
    assert.equal(undoClusterMismatch(kc, old, { explicitContext: true }), undefined);
    // An explicit --context does not override a record that names another cluster.
    assert.match(english(undoClusterMismatch(kc, { ...record, cluster: { context: 'prod', server: 'https://prod.example:6443' } }, { explicitContext: true })), /applied to context prod/);
    const undo = await planUndo(kc, record);
    const hash = undoPlanHash(record, undo, clusterIdentity(kc));
    assert.match(hash, /^[0-9a-f]{12}$/);
    assert.notEqual(hash, planHash({ repairId: record.repairId, changes: undo.changes }, clusterIdentity(kc)));
    assert.equal(undoPlanHash(record, await planUndo(kc, record), clusterIdentity(kc)), hash);
  });

  test('the cluster an undo record names never carries credentials', () => {
    assert.equal(serverWithoutCredentials('https://admin:PASSWORD@host.example:6443/k8s?token=x'), 'https://host.example:6443/k8s');
  });

  test('not cleared: the last state is reported when the time is up, or when cancelled', async () => {
    nodes([['a', '10.0.0.1']]);
    objects.set('/apis/autoscaling/v2/horizontalpodautoscalers/web', hpa('unable to get metrics for resource cpu: no metrics returned from resource metrics API'));
    const r = await verifyRepair(kc, plan('install-metrics-server'), { timeoutMs: 0 });
    assert.equal(r.ok, false);
    assert.match(
      r.detail,
      /^not cleared after 0 s: APIService v1beta1\.metrics\.k8s\.io not registered; node metrics for 0 of 1 ready nodes \(metrics API: .*not found\); pod metrics not available \(.*not found\); HPAs on resource metrics still without them: shop\/web\. Run the doctor again/,
    );
    // In Japanese the cluster's and Node's own words stay quoted as they are, around the translated frame.
    assert.match(
      render(r.localized, 'ja'),
      /^0 秒経っても症状が解消しません: APIService v1beta1\.metrics\.k8s\.io は未登録。Ready のノード 1 台のうち 0 台にノードメトリクスあり（メトリクスAPI: .*not found）。Pod のメトリクスを取得できない（.*not found）。リソースメトリクスを使う HPA のうち、まだメトリクスを得ていないもの: shop\/web。原因は診断/,
    );
    const abort = new AbortController();
    abort.abort();
    const { localized, ...c } = await verifyRepair(kc, plan('install-metrics-server'), { signal: abort.signal });
    assert.deepEqual(c, { ok: false, detail: 'verification cancelled; last seen: nothing yet', remaining: [] });
    assert.equal(render(localized, 'zh-cn'), '验证已取消；最后一次看到：尚无结果');
  });

  test('an unreachable API server ends in a clear detail, not a rejection', async () => {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const dead = new KubeConfig();
    dead.loadFromOptions({
      clusters: [{ name: 'd', server: 'http://127.0.0.1:1', skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'c', cluster: 'd', user: 'u' }],
      currentContext: 'c',
    });
    const r = await verifyRepair(dead, plan('metrics-server-skip-kubelet-tls-verify'), { timeoutMs: 0 });
    assert.equal(r.ok, false);
    assert.match(r.detail, /cluster not readable: .*ECONNREFUSED/);
    assert.match(render(r.localized, 'zh-cn'), /无法读取集群：.*ECONNREFUSED/);
  });
});

describe('objects helpers', () => {
  test('merge patch: changed keys, removed keys as null, lists whole', () => {
    assert.deepEqual(mergePatchOf({ a: 1, b: { c: [1, 2], d: 'x' }, e: 1 }, { a: 1, b: { c: [1, 3], d: 'x' }, f: 2 }), { b: { c: [1, 3] }, e: null, f: 2 });
    assert.equal(mergePatchOf({ a: [1] }, { a: [1] }), undefined);
  });

  test('preview YAML: sorted keys, no managedFields/status/last-applied', () => {
    const y = objectYaml({
      kind: 'X',
      apiVersion: 'v1',
      metadata: { name: 'n', managedFields: [{}], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
      status: { a: 1 },
      data: { z: '1', a: 'line1\nline2\n' },
    });
    assert.equal(y, 'apiVersion: v1\ndata:\n  a: |\n    line1\n    line2\n  z: "1"\nkind: X\nmetadata:\n  name: n\n');
  });
});

describe("refusals and write errors in the reader's language (issue 19)", () => {
  const missing = { ...tls, id: 'metrics-api-missing' as const };

  test('a repair that cannot be planned says why in Japanese and Chinese; names and versions stay as they are', async () => {
    await assert.rejects(planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify'), (e: Error) => {
      assert.ok(e instanceof RepairRefusedError);
      assert.match(e.message, /^No metrics-server Deployment found/);
      assert.equal(
        errorText(e, 'ja'),
        'metrics-server の Deployment が見つかりません（kube-system/metrics-server、またはラベル k8s-app=metrics-server 付きのもの）。先にインストールしてください: 修復 install-metrics-server。',
      );
      return true;
    });
    fake.version = { major: '1', minor: '7', gitVersion: 'v1.7.16' };
    await assert.rejects(planRepair(kc, missing, 'install-metrics-server'), (e: Error) => {
      assert.match(e.message, /^Kubernetes 1\.7 is older than any bundled metrics-server supports \(v[\d.]+ needs 1\.\d+\+\)\. No metrics-server release supports it/);
      assert.match(errorText(e, 'zh-cn'), /^Kubernetes 1\.7 比任何内置的 metrics-server 所支持的版本都旧（v[\d.]+ 需要 1\.\d+\+）。没有任何 metrics-server 版本支持它/);
      return true;
    });
  });

  test("a refused dry run, an undo of a deleted object and an undo that failed: the server's words quoted inside the reader's sentence", async () => {
    fake.failCreate = true;
    const install = await planRepair(kc, missing, 'install-metrics-server');
    await assert.rejects(dryRun(kc, install), (e: Error) => {
      assert.match(e.message, /^The server refused the dry-run of create APIService v1beta1\.metrics\.k8s\.io: .*APIService is invalid/);
      assert.match(errorText(e, 'ja'), /^APIService v1beta1\.metrics\.k8s\.io の作成のドライランをサーバーが拒否しました: .*APIService is invalid/);
      return true;
    });
    metricsServer({ args: ['--cert-dir=/tmp'] });
    const record = await applyPlan(kc, await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify'));
    objects.delete(MS_PATH);
    await assert.rejects(planUndo(kc, record), (e: Error) => {
      assert.equal(errorText(e, 'en'), 'Deployment kube-system/metrics-server was not found, so it cannot be put back; nothing was written.');
      assert.equal(errorText(e, 'zh-cn'), '找不到 Deployment kube-system/metrics-server，无法恢复原状；没有写入任何内容。');
      return true;
    });
    const gone = {
      action: 'patch' as const,
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kube-system', name: 'metrics-server' },
      resourceVersion: '7',
      before: '',
      after: '',
      body: {},
    };
    await assert.rejects(applyUndo(kc, { changes: [gone] }), (e: Error) => {
      assert.match(e.message, /^Undo did not complete: Deployment kube-system\/metrics-server: .*not found/);
      assert.match(errorText(e, 'ja'), /^元に戻す処理が完了しませんでした: Deployment kube-system\/metrics-server: .*not found/);
      return true;
    });
  });
});
