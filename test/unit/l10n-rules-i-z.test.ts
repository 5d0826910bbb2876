// The lint rules invalid-quantity … workload-removed-api in other languages: over the examples/ and test/fixtures corpora
// (and a few manifests for the rules those do not trigger), every finding renders in the pseudo-locale with no English
// word left outside its values, and two common findings read as written in Japanese and in Chinese.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readInputs } from '../../src/cli/inputs';
import { render } from '../../src/core/l10n';
import { analyzeFile } from '../../src/core/lint/analyzer';
import { allRules } from '../../src/core/lint/rules';
import { withDefaults, type Settings } from '../../src/core/lint/settings';
import type { Finding } from '../../src/core/lint/types';
import { Workspace } from '../../src/core/manifest/workspace';
import { analyze, englishLeft, SERVER_REFUSAL, valuesOf } from '../helpers';

const root = join(__dirname, '..', '..');
/** The rules of this part: ids from i to z. */
const RULES = allRules.filter((r) => r.id >= 'i');

/** Targets that make version-dependent findings appear (old Kubernetes, Karpenter and KEDA as well as the defaults). */
const SETTINGS: Partial<Settings>[] = [{}, { karpenterVersion: '0.32', kedaVersion: '2.12', kubernetesVersion: '1.22' }, { karpenterVersion: '1.0', kedaVersion: '2.15' }];

/** Manifests for the rules the shipped corpora never trigger, one small case each. */
const CASES: Record<string, string> = {
  'file:///cases/quantity.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: api:1
        resources:
          requests: {memory: 512m, cpu: "2000", ephemeral-storage: 1GB}
          limits: {cpu: 1Gi, memory: 100Mi}
      - name: side
        image: side:1
        resources:
          requests: {memory: 1 Gi, cpu: -1, nvidia.com/gpu: [1]}
`,
  'file:///cases/nodepool.yaml': `apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: graviton}
spec:
  limits: {cpu: 100}
  disruption:
    consolidationPolicy: WhenEmptyOrUnderutilized
    consolidateAfter: Never
    budgets:
    - nodes: "0"
  template:
    metadata:
      labels: {team: web}
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
      - key: karpenter.k8s.aws/instance-family
        operator: In
        values: [m6g, c7g]
      - key: karpenter.sh/capacity-type
        operator: In
        values: [spot]
      - key: karpenter.sh/capacity-type
        operator: In
        values: [on-demand]
      - key: team
        operator: In
        values: [api]
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: x86}
spec:
  limits: {cpu: 100}
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
      - key: karpenter.k8s.aws/instance-family
        operator: In
        values: [m5]
      - key: kubernetes.io/arch
        operator: In
        values: [arm64]
---
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata: {name: default}
spec:
  amiFamily: AL2
  role: KarpenterNodeRole
  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
  userData: |
    #!/bin/bash
    /etc/eks/bootstrap.sh demo --kubelet-extra-args '--max-pods=110'
`,
  'file:///cases/keda.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: jobs}
spec:
  selector: {matchLabels: {app: worker}}
  template:
    metadata: {labels: {app: worker}}
    spec:
      containers:
      - {name: worker, image: worker:1}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: other, namespace: jobs}
spec:
  selector: {matchLabels: {app: other}}
  template:
    metadata: {labels: {app: other}}
    spec:
      containers:
      - {name: other, image: other:1}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: keda-hpa-worker, namespace: jobs}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: other}
  minReplicas: 1
  maxReplicas: 4
  metrics:
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 100Mi}}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker, namespace: jobs}
spec:
  scaleTargetRef: {name: worker}
  fallback: {failureThreshold: 3, replicas: 2}
  triggers:
  - type: rabbitmq
    metadata:
      host: amqp://guest:secret@rabbit.jobs:5672/
      queueName: jobs
      password: hunter2
  - type: prometheus
    metadata:
      query: sum(rate(jobs_total[1m]))
      threshold: ten
  - type: cpu
    metadata: {value: "60"}
  - type: postgresql
    metricType: Utilization
    metadata:
      connection: "host=db user=app Password=abc"
      query: select 1
      targetQueryValue: "5"
`,
  'file:///cases/vpa.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: web:1
        resources: {requests: {cpu: 100m, memory: 128Mi}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  updatePolicy: {updateMode: Recreate}
---
kind: Service
piVersion: v1
metadata: {name: web, namespace: shop}
spec:
  ports: [{port: 80}]
`,
  'file:///cases/adapter.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: adapter-config, namespace: monitoring}
data:
  config.yaml: |
    rules:
    - seriesQuery: 'http_requests_total{namespace!=""}'
      name: {matches: "^(?!go_)(.*)_total$", as: "$1_per_second"}
      metricsQuery: sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)
      resources: {overrides: {namespace: {resource: namespace}, pod: {resource: pod}}}
    - seriesQuery: 'http_requests_total{namespace!=""}'
      name: {matches: "^(.*)_(total)$"}
      metricsQuery: sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)
    - seriesQuery: 'queue_depth'
      name: {matches: "^(.*)_total$", as: "$1_per_second"}
      resources: {overrides: {pod: {resource: pod}}}
      metricsQuery: sum(queue_depth)
    - resources: {overrides: {namespace: {resource: namespace}}}
      metricsQuery: sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)
    externalRules:
    - seriesQuery: 'queue_messages'
      metricsQuery: sum(<<.Series>>{<<.LabelMatchers>>})
`,
};

/** The findings of this part's rules, in every workspace (one per examples/ and test/fixtures/ folder, and the cases above). */
async function corpusFindings(): Promise<Finding[]> {
  const folders = ['examples', join('test', 'fixtures')].flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(root, dir, e.name)),
  );
  const workspaces: { ws: Workspace; uris: string[] }[] = [];
  for (const folder of folders) {
    const { files } = await readInputs([folder], { maxBytes: 5_000_000 });
    const ws = new Workspace();
    for (const f of files) ws.set(f.input.uri, f.text.replace(/^\uFEFF/, ''));
    workspaces.push({ ws, uris: files.map((f) => f.input.uri) });
  }
  const cases = new Workspace();
  for (const [uri, text] of Object.entries(CASES)) cases.set(uri, text);
  workspaces.push({ ws: cases, uris: Object.keys(CASES) });
  return workspaces.flatMap(({ ws, uris }) => SETTINGS.flatMap((s) => uris.flatMap((uri) => analyzeFile(ws, uri, withDefaults(s), RULES)))).filter((f) => RULES.some((r) => r.id === f.rule));
}

/** The API server's own refusal (a pattern, a bound, a CEL rule's message) is quoted as it is, like a log line. */
const isServerText = (f: Finding) => f.rule === 'schema-invalid-field' && SERVER_REFUSAL.test(f.message);

test('every finding of rules i–z over the corpora is a template, and in the pseudo-locale no English is left outside its values', async () => {
  const findings = await corpusFindings();
  const rules = new Set(findings.map((f) => f.rule));
  // The corpora and the cases reach every rule of the part: a rule nothing triggers would pass unread.
  assert.deepEqual(
    RULES.map((r) => r.id).filter((id) => !rules.has(id)),
    [],
    'rules that found nothing in the corpora',
  );
  const plain = findings.filter((f) => !f.l10n && !isServerText(f)).map((f) => `${f.rule}: ${f.message}`);
  assert.deepEqual([...new Set(plain)], [], 'findings still built as plain English text');
  const leftover = findings
    .filter((f) => f.l10n)
    .map((f) => ({ f, words: englishLeft(render(f.l10n!, 'qps-ploc'), valuesOf(f.l10n!)) }))
    .filter((x) => x.words.length > 0)
    .map((x) => `${x.f.rule}: ${render(x.f.l10n!, 'qps-ploc')} [${x.words.join(' ')}]`);
  assert.deepEqual([...new Set(leftover)], [], 'English words left untranslated');
  // The English text is the template rendered in English: what CI consumers match on does not change.
  for (const f of findings) if (f.l10n) assert.equal(f.message, render(f.l10n, 'en'));
});

const MEMORY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: api:1
        resources: {requests: {memory: 512m}}
`;

const REPLICAS = {
  'file:///app/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: web:1, resources: {requests: {cpu: 100m}}}
`,
  'file:///app/hpa.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`,
};

function only(findings: Finding[], rule: string): Finding {
  const found = findings.filter((f) => f.rule === rule);
  assert.equal(found.length, 1, `${rule}: ${found.map((f) => f.message).join(' | ')}`);
  assert.ok(found[0].l10n);
  return found[0];
}

test('Japanese: memory: 512m and spec.replicas beside an HPA', () => {
  const memory = only(analyze(MEMORY), 'invalid-quantity');
  assert.equal(memory.message, 'memory: 512m means 0.512 bytes; did you mean 512Mi?');
  assert.equal(render(memory.l10n!, 'ja'), 'memory: 512m は 0.512 バイトを意味します。512Mi のことですか？');
  const replicas = only(analyze(REPLICAS), 'replicas-set-with-hpa');
  assert.equal(
    render(replicas.l10n!, 'ja'),
    'spec.replicas は HorizontalPodAutoscaler shop/web が管理しています。kubectl apply のたびにレプリカ数がこの値に戻り、オートスケーラーが再びスケーリングするまでそのままです。削除してください',
  );
});

test('Chinese: memory: 512m and spec.replicas beside an HPA', () => {
  const memory = only(analyze(MEMORY), 'invalid-quantity');
  assert.equal(render(memory.l10n!, 'zh-cn'), 'memory: 512m 表示 0.512 字节；是否想写 512Mi？');
  const replicas = only(analyze(REPLICAS), 'replicas-set-with-hpa');
  assert.equal(
    replicas.message,
    'spec.replicas is managed by HorizontalPodAutoscaler shop/web: every kubectl apply resets the replica count to this value until the autoscaler scales again; remove it',
  );
  assert.equal(render(replicas.l10n!, 'zh-cn'), 'spec.replicas 由 HorizontalPodAutoscaler shop/web 管理：每次 kubectl apply 都会把副本数重置为这个值，直到自动扩缩器再次扩缩；请删除它');
});
