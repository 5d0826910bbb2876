// What the doctor's reads and the Corefile reader say is wrong, in the reader's language: a malformed field of an
// object the API server sent (reads.ts, and an autoscaling/v1 HPA's annotations in state.ts), a Corefile syntax error
// and a refused hosts merge are templates with the object, field and token quoted as they are. The English stays as
// the tests of the doctor and the repair read it; `qps-ploc` shows no English word of ours left.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { toProblem } from '../../src/core/cluster/problems';
import { localizedProblem } from '../../src/core/cluster/problemText';
import { UnexpectedAnswerError } from '../../src/core/cluster/request';
import { diagnose } from '../../src/core/doctor/diagnose';
import { apiOf, foundText, malformedField, type JsonType } from '../../src/core/doctor/reads';
import { mergeHostsEntries, parseCorefile } from '../../src/core/k8s/corefile';
import { errorText, msg, render, type Message } from '../../src/core/l10n';
import { answeringApiServer, type FakeApi } from './fakeApiServer';
import { englishLeft, valuesOf } from '../helpers';
import { AUTOSCALING_DISCOVERY_PATH } from './autoscalingDiscovery';

const LOCALES = ['zh-cn', 'ja'] as const;
const HPAS = '/apis/autoscaling/v2/horizontalpodautoscalers';
const V1_HPAS = '/apis/autoscaling/v1/horizontalpodautoscalers';
const POD = '/api/v1/namespaces/kube-system/pods/ms-1';
const SCALED_JOBS = '/apis/keda.sh/v1alpha1/scaledjobs';

const list = (kind: string, items: unknown[]) => ({ kind, apiVersion: 'v1', metadata: { resourceVersion: '1' }, items });
const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
// An API server that serves autoscaling/v1 only, so the doctor reads HPAs as v1 and maps their annotations.
const V1_ONLY = {
  kind: 'APIGroup',
  apiVersion: 'v1',
  name: 'autoscaling',
  versions: [{ groupVersion: 'autoscaling/v1', version: 'v1' }],
  preferredVersion: { groupVersion: 'autoscaling/v1', version: 'v1' },
};

function answer(path: string): [number, unknown] {
  if (path === HPAS)
    return [
      200,
      list('HorizontalPodAutoscalerList', [
        { metadata: { name: 'good', namespace: 'shop' }, spec: { scaleTargetRef: target, maxReplicas: 3 } },
        { metadata: { name: 'bad', namespace: 'shop' }, spec: { scaleTargetRef: target, maxReplicas: 3, metrics: [null] } },
      ]),
    ];
  if (path === POD) return [200, { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'ms-1', namespace: 'kube-system' }, spec: { containers: 'x' } }];
  if (path === AUTOSCALING_DISCOVERY_PATH) return [200, V1_ONLY];
  if (path === V1_HPAS)
    return [
      200,
      list('HorizontalPodAutoscalerList', [
        {
          metadata: { name: 'old', namespace: 'shop', annotations: { 'autoscaling.alpha.kubernetes.io/conditions': '[{"type":"ScalingActive","status":"True","reason":7}]' } },
          spec: { scaleTargetRef: target, maxReplicas: 3 },
          status: { currentReplicas: 1, desiredReplicas: 1 },
        },
      ]),
    ];
  if (path === SCALED_JOBS) return [200, list('ScaledJobList', [{ metadata: { name: 'nightly', namespace: 'batch' }, spec: { jobTargetRef: {}, triggers: [] }, status: 7 }])];
  if (/\/(pods|events|nodes|replicasets)$/.test(path)) return [200, list('List', [])];
  return [404, { kind: 'Status', apiVersion: 'v1', code: 404, status: 'Failure', message: `${path} not found`, reason: 'NotFound' }];
}

let kc: k8s.KubeConfig;

let api: FakeApi;
before(async () => {
  api = await answeringApiServer((url) => answer(url.pathname));
  kc = api.kc;
});
after(() => api.close());

/** The problem's text in the pseudo-locale: every word comes from a template or is a value the templates carry. */
function assertNoEnglishLeft(problem: ReturnType<typeof toProblem>, quoted: string[]) {
  const { title, message } = localizedProblem(problem, 'qps-ploc');
  const templates = [problem.l10n?.title, problem.l10n?.message].filter((m): m is Message => typeof m === 'object');
  assert.equal(templates.length, 2, 'the problem has its templates');
  const values = [...quoted, ...templates.flatMap(valuesOf)];
  assert.deepEqual(englishLeft(title, values), [], title);
  assert.deepEqual(englishLeft(message, values), [], message);
}

test('a malformed list item is skipped as an unexpected answer whose Chinese and Japanese say it whole', async () => {
  const skipped: UnexpectedAnswerError[] = [];
  const { items } = await apiOf(kc, (err) => skipped.push(err)).list<{ metadata: { name: string } }>(HPAS);
  assert.deepEqual(
    items.map((h) => h.metadata.name),
    ['good'],
    'the well-formed HPA is still read',
  );
  assert.equal(skipped.length, 1);
  const err = skipped[0];
  assert.equal(err.why, 'has HorizontalPodAutoscaler shop/bad with spec.metrics[0] (null), not the type Kubernetes sends: skipped');
  const problem = toProblem(err, msg('listing HorizontalPodAutoscalers ({version})', { version: 'v2' }));
  assert.equal(localizedProblem(problem, 'en').message, problem.message, 'English is the problem as it always was');
  assert.match(problem.message, /^GET \/apis\/autoscaling\/v2\/horizontalpodautoscalers has HorizontalPodAutoscaler shop\/bad with spec\.metrics\[0\] \(null\), not the type/);
  assertNoEnglishLeft(problem, []);
  const zh = localizedProblem(problem, 'zh-cn').message;
  assert.ok(zh.includes('GET /apis/autoscaling/v2/horizontalpodautoscalers 返回的 HorizontalPodAutoscaler shop/bad 的 spec.metrics[0]（null）不是 Kubernetes 会发送的类型：已跳过'), zh);
  const ja = localizedProblem(problem, 'ja').message;
  assert.ok(
    ja.includes('GET /apis/autoscaling/v2/horizontalpodautoscalers の応答の HorizontalPodAutoscaler shop/bad の spec.metrics[0]（null）が Kubernetes の送る型ではありません。スキップしました'),
    ja,
  );
});

test('a skipped item is named by the kind its list says (ScaledJobList: ScaledJob), not a guess from the path', async () => {
  const skipped: UnexpectedAnswerError[] = [];
  const { items } = await apiOf(kc, (err) => skipped.push(err)).list(SCALED_JOBS);
  assert.equal(items.length, 0);
  assert.equal(skipped[0]?.why, 'has ScaledJob batch/nightly with status (a number), not the type Kubernetes sends: skipped');
});

test('a malformed object answering a GET is an unexpected answer naming the field and what was found, in each language', async () => {
  const err = await apiOf(kc, () => assert.fail('an object GET skips nothing'))
    .object(POD)
    .then(
      () => assert.fail('a Pod whose containers are a string is not read'),
      (e: unknown) => e,
    );
  assert.ok(err instanceof UnexpectedAnswerError);
  assert.equal(err.why, 'is Pod kube-system/ms-1 with spec.containers (a string), not the type Kubernetes sends');
  const problem = toProblem(err, msg('reading {kind} {name}', { kind: 'Pod', name: 'kube-system/ms-1' }));
  assertNoEnglishLeft(problem, []);
  assert.ok(localizedProblem(problem, 'zh-cn').message.includes('返回的是 Pod kube-system/ms-1，其 spec.containers（字符串）不是 Kubernetes 会发送的类型'));
  assert.ok(localizedProblem(problem, 'ja').message.includes('の応答は Pod kube-system/ms-1 で、その spec.containers（文字列）が Kubernetes の送る型ではありません'));
});

test('what was found is a word of its own in each language, for every JSON type', () => {
  const cases: [unknown, string, JsonType, string][] = [
    [{ spec: { metrics: 'x' } }, 'spec.metrics', 'string', 'a string'],
    [{ status: { containerStatuses: [{ restartCount: '3' }] } }, 'status.containerStatuses[0].restartCount', 'string', 'a string'],
    [{ spec: { template: 5 } }, 'spec.template', 'number', 'a number'],
    [{ spec: { metrics: true } }, 'spec.metrics', 'boolean', 'true or false'],
    [{ spec: { metrics: [null] } }, 'spec.metrics[0]', 'null', 'null'],
    [{ spec: { metrics: [[1]] } }, 'spec.metrics[0]', 'list', 'a list'],
    [{ metadata: { name: { first: 'web' } } }, 'metadata.name', 'object', 'an object'],
  ];
  for (const [value, field, found, english] of cases) {
    assert.deepEqual(malformedField(value), { field, found }, JSON.stringify(value));
    const text = foundText(found);
    assert.equal(render(text, 'en'), english);
    assert.deepEqual(englishLeft(render(text, 'qps-ploc')), [], english);
    for (const locale of LOCALES) {
      if (found !== 'null') assert.notEqual(render(text, locale), english, `${locale}: ${english} is translated`);
      assert.doesNotMatch(render(text, locale), /[a-z]/i.test(english) && found !== 'null' ? /[A-Za-z]/ : /^$/, `${locale}: ${english}`);
    }
  }
  assert.equal(malformedField({ spec: { metrics: [{ type: 'Pods' }] }, metadata: { annotations: { a: 'b' } } }), undefined, 'a well-formed object has no malformed field');
});

test('an autoscaling/v1 HPA whose annotations hold a malformed metric is skipped, said whole in each language', async () => {
  const r = await diagnose(kc, { kubectlPath: '/nonexistent/kubectl' });
  const problem = r.problems.find((p) => p.message.includes('(from its annotations)'));
  assert.ok(problem, JSON.stringify(r.problems.map((p) => p.message)));
  assert.match(problem.message, /has HorizontalPodAutoscaler shop\/old with status\.conditions\[0\]\.reason \(a number\) \(from its annotations\), not the type Kubernetes sends: skipped/);
  assertNoEnglishLeft(problem, []);
  assert.ok(localizedProblem(problem, 'zh-cn').message.includes('HorizontalPodAutoscaler shop/old 中由注解转换来的 status.conditions[0].reason（数字）不是'));
  assert.ok(localizedProblem(problem, 'ja').message.includes('HorizontalPodAutoscaler shop/old で、アノテーションから読み取った status.conditions[0].reason（数値）が'));
});

test('a Corefile syntax error is a template quoting the token as written', () => {
  const braces = parseCorefile('.:53 {\n    health {lameduck 5s}\n}\n');
  assert.ok(!braces.ok);
  assert.equal(render(braces.error, 'en'), 'braces must be separated by spaces: "{lameduck"');
  assert.equal(render(braces.error, 'zh-cn'), '花括号必须用空格与其他内容隔开："{lameduck"');
  assert.equal(render(braces.error, 'ja'), '波括弧は空白で区切る必要があります: "{lameduck"');
  assert.deepEqual(englishLeft(render(braces.error, 'qps-ploc'), ['{lameduck']), []);
  const after = parseCorefile('.:53 {\n    hosts {\n        1.2.3.4 a\n    } extra\n}\n');
  assert.ok(!after.ok);
  assert.equal(render(after.error, 'en'), 'unexpected "extra" after "}"');
  assert.equal(render(after.error, 'zh-cn'), '"}" 之后出现了意外的 "extra"');
  assert.equal(render(after.error, 'ja'), '"}" の後に予期しない "extra" があります');
  const unclosed = parseCorefile('.:53 {\n    forward . /etc/resolv.conf {\n        max_concurrent 1000\n}\n');
  assert.ok(!unclosed.ok);
  assert.deepEqual(englishLeft(render(unclosed.error, 'qps-ploc'), valuesOf(unclosed.error)), [], render(unclosed.error, 'en'));
});

test('a refused hosts merge says why in each language, with the nested parse error and the quoted line', () => {
  const entry = [{ ip: '10.0.0.1', names: ['node-a'] }];
  const unparsable = mergeHostsEntries('.:53 {\n    forward . "/etc/resolv.conf\n}\n', entry);
  assert.ok(!unparsable.ok);
  assert.equal(render(unparsable.error, 'en'), 'the Corefile could not be parsed (unterminated quoted string); edit it by hand');
  assert.equal(render(unparsable.error, 'zh-cn'), '无法解析 Corefile（带引号的字符串没有结束）；请手动编辑');
  assert.equal(render(unparsable.error, 'ja'), 'Corefile を解析できません（引用符で囲んだ文字列が閉じていません）。手で編集してください');
  assert.deepEqual(englishLeft(render(unparsable.error, 'qps-ploc')), []);
  const badLine = mergeHostsEntries('.:53 {\n    hosts {\n        not-an-address node-b\n    }\n}\n', entry);
  assert.ok(!badLine.ok);
  assert.equal(render(badLine.error, 'en'), 'unexpected line in the hosts block: not-an-address');
  assert.equal(render(badLine.error, 'zh-cn'), 'hosts 块中有无法识别的行：not-an-address');
  assert.equal(render(badLine.error, 'ja'), 'hosts ブロックに想定外の行があります: not-an-address');
  const twoAddresses = mergeHostsEntries('.:53 {\n    log\n}\n', [...entry, { ip: '10.0.0.2', names: ['node-a'] }]);
  assert.ok(!twoAddresses.ok);
  assert.equal(render(twoAddresses.error, 'ja'), 'node-a に 2 つのアドレスが指定されています: 10.0.0.1 と 10.0.0.2');
  const conflict = mergeHostsEntries('.:53 {\n    hosts {\n        10.0.0.9 node-a db\n        fallthrough\n    }\n}\n', entry);
  assert.ok(conflict.ok);
  assert.deepEqual(
    conflict.conflicts.map((c) => render(c, 'zh-cn')),
    ['node-a 已映射到 10.0.0.9，而不是 10.0.0.1'],
  );
});

test("an unexpected answer shown as an error (errorText) is whole in the reader's language, its English as thrown", () => {
  const err = new UnexpectedAnswerError('GET /apis/external.metrics.k8s.io/v1beta1', msg('has no "items" list'));
  assert.equal(errorText(err, 'en'), err.message);
  assert.equal(errorText(err, 'ja'), 'API サーバーからの想定外の応答: GET /apis/external.metrics.k8s.io/v1beta1 の応答に "items" のリストがありません');
});
