// schema-invalid-field: what `kubectl apply --validate=strict` and the API server reject in the kinds we own, checked
// against the schemas generated from the upstream OpenAPI and CRDs: unknown fields with "did you mean", missing
// required fields, wrong types, values outside an enum, what CRD patterns and CEL rules refuse; Helm values and
// kinds we do not own are never judged.
// Long (~580 lines): realistic manifests of every owned kind, which the catalogue keeps in this one file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { schemaInvalidField } from '../../../src/core/lint/rules/schema-invalid-field';
import { applyTextEdits } from '../../../src/core/text/edits';
import { analyze, covered } from '../../helpers';
import { titleOf } from '../../helpers';

const rules = [schemaInvalidField];
const lint = (text: string) => analyze(text, { rules });
const fixed = (text: string) => {
  const f = lint(text);
  return applyTextEdits(
    text,
    f.flatMap((x) => x.fixes.filter((fix) => fix.safety === 'safe').flatMap((fix) => fix.edits)),
  );
};

// A checkout service's HPA as people write it from memory: two typos, one quoted number.
const TYPO_HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: checkout
  namespace: shop
  labels: {app.kubernetes.io/name: checkout}
spec:
  scalTargetRef:   # the Deployment below
    apiVersion: apps/v1
    kind: Deployment
    name: checkout
  minReplicas: "2"
  maxReplicas: 12
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtiliztion: 65
`;

test('a typo in an HPA: unknown field with did-you-mean on the key, the missing field it meant not reported twice', () => {
  const f = lint(TYPO_HPA);
  assert.deepEqual(
    f.map((x) => [x.message, covered(TYPO_HPA, x)]),
    [
      ['unknown field "spec.scalTargetRef": did you mean "scaleTargetRef"?', 'scalTargetRef'],
      ['spec.minReplicas must be of type integer, not string ("2")', '"2"'],
      ['unknown field "spec.metrics[0].resource.target.averageUtiliztion": did you mean "averageUtilization"?', 'averageUtiliztion'],
    ],
  );
  assert.ok(f.every((x) => x.severity === 'error'));
});

test('the rename fix keeps the value and the comment; lint --fix applies it (one letter off), never a type guess', () => {
  const f = lint(TYPO_HPA);
  assert.deepEqual(
    f.map((x) => x.fixes.map((fix) => `${titleOf(fix)}${fix.safety === 'safe' ? ' (safe)' : ''}`)),
    [['Rename to scaleTargetRef (safe)', 'Remove spec.scalTargetRef'], [], ['Rename to averageUtilization (safe)', 'Remove spec.metrics[0].resource.target.averageUtiliztion']],
  );
  const out = fixed(TYPO_HPA);
  assert.equal(out, TYPO_HPA.replace('scalTargetRef:   # the Deployment below', 'scaleTargetRef:   # the Deployment below').replace('averageUtiliztion', 'averageUtilization'));
  assert.deepEqual(
    lint(out).map((x) => x.message),
    ['spec.minReplicas must be of type integer, not string ("2")'],
  );
});

test('autoscaling/v2beta1 is checked against its own schema: a lower-case metricname is the metricName it meant', () => {
  const text = `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata: {name: queue-worker}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: queue-worker}
  maxReplicas: 30
  metrics:
  - type: Pods
    pods:
      metricname: jobs_in_flight
      targetAverageValue: "5"
`;
  const [finding, ...rest] = lint(text);
  assert.deepEqual(rest, []);
  assert.equal(finding.message, 'unknown field "spec.metrics[0].pods.metricname": did you mean "metricName"?');
  assert.equal(covered(text, finding), 'metricname');
  assert.equal(fixed(text), text.replace('metricname', 'metricName'));
  // targetAverageUtilization is a v2beta1 field: in autoscaling/v2 it is unknown (the half-done conversion).
  const v2 = `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n  maxReplicas: 4\n  metrics:\n  - type: Resource\n    resource: {name: cpu, targetAverageUtilization: 70}\n`;
  assert.deepEqual(
    lint(v2).map((x) => x.message),
    ['missing required field "spec.metrics[0].resource.target"', 'unknown field "spec.metrics[0].resource.targetAverageUtilization"'],
  );
});

test('KEDA ScaledObject: a miscased metricType, and a number where trigger metadata takes strings (quoted by the fix)', () => {
  const text = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: orders-consumer, namespace: orders}
spec:
  scaleTargetRef: {name: orders-consumer}
  maxReplicaCount: 20
  triggers:
  - type: rabbitmq
    metrictype: AverageValue
    metadata:
      queueName: orders
      mode: QueueLength
      value: 50
    authenticationRef: {name: rabbitmq-auth}
`;
  const f = lint(text);
  assert.deepEqual(
    f.map((x) => [x.message, covered(text, x)]),
    [
      ['unknown field "spec.triggers[0].metrictype": did you mean "metricType"?', 'metrictype'],
      ['spec.triggers[0].metadata.value must be of type string, not integer (50)', '50'],
    ],
  );
  assert.equal(fixed(text), text.replace('metrictype', 'metricType').replace('value: 50', 'value: "50"'));
});

test('Karpenter NodePool: wrong type, value outside the enum, missing required fields of nodeClassRef', () => {
  const text = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: general-purpose}
spec:
  template:
    spec:
      requirements:
        key: karpenter.sh/capacity-type
        operator: In
        values: [spot, on-demand]
      nodeClassRef:
        name: default
  disruption:
    consolidationPolicy: whenEmptyOrUnderutilized
    consolidateAfter: 1m
  limits: {cpu: 1000, memory: 1000Gi}
`;
  const f = lint(text);
  assert.deepEqual(
    f.map((x) => [x.message, covered(text, x)]),
    [
      ['spec.template.spec.requirements must be of type array, not object', 'key: karpenter.sh/capacity-type\n        operator: In\n        values: [spot, on-demand]\n'],
      ['missing required field "spec.template.spec.nodeClassRef.group"', 'nodeClassRef'],
      ['missing required field "spec.template.spec.nodeClassRef.kind"', 'nodeClassRef'],
      ['spec.disruption.consolidationPolicy: unsupported value "whenEmptyOrUnderutilized": supported values: "WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced"', 'whenEmptyOrUnderutilized'],
    ],
  );
  const enumFix = f[3].fixes[0];
  assert.equal(titleOf(enumFix), 'Change to WhenEmptyOrUnderutilized');
  assert.equal(enumFix.safety, 'safe');
  // Nothing is invented: a missing group or kind has no fix, and the list shape is left to a person.
  assert.deepEqual([f[0].fixes, f[1].fixes, f[2].fixes], [[], [], []]);
});

test('metadata is ObjectMeta: a typo in it is unknown, labels and annotations are free maps', () => {
  const text = `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
  anotations: {team: platform}
  labels: {anything.example.com/goes: "yes"}
spec:
  role: KarpenterNodeRole-prod
  amiSelectorTerms: [{alias: al2023@latest}]
  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: prod}}]
  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: prod}}]
`;
  assert.deepEqual(
    lint(text).map((x) => x.message),
    ['unknown field "metadata.anotations": did you mean "annotations"?'],
  );
});

test('Helm templates: templated values are not judged and nothing is called missing', () => {
  const text = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "app.fullname" . }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "app.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
  {{- with .Values.autoscaling.targetCPU }}
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: {{ . }}
  {{- end }}
`;
  assert.deepEqual(lint(text), []);
  // A typo beside the templates is still a typo.
  assert.deepEqual(
    lint(text.replace('    resource:\n', '    resourse:\n')).map((x) => x.message),
    ['unknown field "spec.metrics[0].resourse": did you mean "resource"?'],
  );
});

test('only the Deployments and ConfigMaps we own are checked', () => {
  const deployment = (container: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x, namespace: kube-system}\nspec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n      containers:\n      - ${container}\n        imagePullPolicy: IfNotPresent\n        resourses: {requests: {cpu: 100m}}\n`;
  assert.deepEqual(lint(deployment('name: web\n        image: nginx:1.27')), []);
  assert.deepEqual(
    lint(deployment('name: metrics-server\n        image: registry.k8s.io/metrics-server/metrics-server:v0.7.2')).map((x) => x.message),
    ['unknown field "spec.template.spec.containers[0].resourses": did you mean "resources"?'],
  );
  assert.deepEqual(
    lint(deployment('name: cluster-autoscaler\n        image: registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.0')).map((x) => x.message),
    ['unknown field "spec.template.spec.containers[0].resourses": did you mean "resources"?'],
  );
  const cm = (name: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: kube-system}\ndata:\n  Corefile: |\n    .:53 {\n        forward . /etc/resolv.conf\n    }\nbinaryDate: {}\n`;
  assert.deepEqual(lint(cm('app-config')), []);
  assert.deepEqual(
    lint(cm('coredns')).map((x) => x.message),
    ['unknown field "binaryDate": did you mean "binaryData"?'],
  );
});

// One well-formed document of every kind we own, written as their docs show them: none may be flagged.
const WELL_FORMED = `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: legacy, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: legacy}
  minReplicas: 1
  maxReplicas: 5
  targetCPUUtilizationPercentage: 80
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 20
  metrics:
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 512Mi}}
  - type: ContainerResource
    containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 60}}
  - type: External
    external:
      metric: {name: sqs_messages_visible, selector: {matchLabels: {queue: orders}}}
      target: {type: AverageValue, averageValue: 30}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
      selectPolicy: Min
      policies: [{type: Percent, value: 10, periodSeconds: 60}]
---
apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 8
  metrics:
  - type: Object
    object:
      describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: api}
      metric: {name: requests_per_second}
      target: {type: Value, value: 2k}
---
apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata: {name: api-old}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 8
  metrics:
  - type: Resource
    resource: {name: cpu, targetAverageUtilization: 70}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: orders}
spec:
  scaleTargetRef: {name: orders}
  pollingInterval: 15
  minReplicaCount: 0
  maxReplicaCount: 10
  fallback: {failureThreshold: 3, replicas: 2}
  advanced:
    restoreToOriginalReplicaCount: true
    horizontalPodAutoscalerConfig:
      behavior: {scaleDown: {stabilizationWindowSeconds: 60}}
  triggers:
  - type: prometheus
    metadata: {serverAddress: "http://prometheus.monitoring:9090", query: "sum(rate(http_requests_total[2m]))", threshold: "100"}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: {name: video-encoder}
spec:
  jobTargetRef:
    parallelism: 1
    backoffLimit: 2
    template:
      spec:
        restartPolicy: Never
        containers:
        - name: encoder
          image: ghcr.io/example/encoder:2.3
          resources: {requests: {cpu: "1", memory: 2Gi}}
  maxReplicaCount: 50
  triggers:
  - type: aws-sqs-queue
    metadata: {queueURL: "https://sqs.eu-west-1.amazonaws.com/123456789012/videos", queueLength: "1", awsRegion: eu-west-1}
    authenticationRef: {name: aws-irsa}
---
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata: {name: rabbitmq-auth}
spec:
  secretTargetRef:
  - {parameter: host, name: rabbitmq-conn, key: uri}
---
apiVersion: keda.sh/v1alpha1
kind: ClusterTriggerAuthentication
metadata: {name: aws-irsa}
spec:
  podIdentity: {provider: aws}
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: default}
spec:
  template:
    metadata: {labels: {team: platform}}
    spec:
      requirements:
      - {key: kubernetes.io/arch, operator: In, values: [amd64]}
      - {key: karpenter.sh/capacity-type, operator: In, values: [spot, on-demand]}
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      expireAfter: 720h
      taints: [{key: dedicated, value: batch, effect: NoSchedule}]
  limits: {cpu: 1000, memory: 1000Gi}
  disruption:
    consolidationPolicy: WhenEmptyOrUnderutilized
    consolidateAfter: 1m
    budgets: [{nodes: "10%"}]
---
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata: {name: default}
spec:
  role: KarpenterNodeRole-prod
  amiSelectorTerms: [{alias: al2023@latest}]
  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: prod}}]
  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: prod}}]
  blockDeviceMappings:
  - deviceName: /dev/xvda
    ebs: {volumeSize: 100Gi, volumeType: gp3, encrypted: true}
  metadataOptions: {httpTokens: required, httpPutResponseHopLimit: 1}
---
apiVersion: karpenter.sh/v1beta1
kind: NodePool
metadata: {name: beta}
spec:
  template:
    spec:
      requirements:
      - {key: karpenter.k8s.aws/instance-category, operator: In, values: [c, m, r]}
      nodeClassRef: {name: default}
  disruption: {consolidationPolicy: WhenUnderutilized, expireAfter: 720h}
---
apiVersion: karpenter.k8s.aws/v1beta1
kind: EC2NodeClass
metadata: {name: beta}
spec:
  amiFamily: AL2
  role: KarpenterNodeRole-prod
  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: prod}}]
  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: prod}}]
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: web-vpa}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  updatePolicy: {updateMode: "Off"}
  resourcePolicy:
    containerPolicies:
    - {containerName: "*", minAllowed: {cpu: 50m, memory: 64Mi}, controlledResources: [cpu, memory]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cluster-autoscaler, namespace: kube-system, labels: {app: cluster-autoscaler}}
spec:
  replicas: 1
  selector: {matchLabels: {app: cluster-autoscaler}}
  template:
    metadata: {labels: {app: cluster-autoscaler}}
    spec:
      serviceAccountName: cluster-autoscaler
      priorityClassName: system-cluster-critical
      containers:
      - name: cluster-autoscaler
        image: registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.0
        command: [./cluster-autoscaler, --cloud-provider=aws, --node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled]
        resources: {limits: {cpu: 100m, memory: 600Mi}, requests: {cpu: 100m, memory: 600Mi}}
        volumeMounts: [{name: ssl-certs, mountPath: /etc/ssl/certs/ca-certificates.crt, readOnly: true}]
      volumes: [{name: ssl-certs, hostPath: {path: /etc/ssl/certs/ca-bundle.crt}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    .:53 {
        errors
        health
        kubernetes cluster.local in-addr.arpa ip6.arpa
        forward . /etc/resolv.conf
        cache 30
    }
`;

test('a well-formed document of each owned kind gives no finding', () => {
  assert.deepEqual(
    lint(WELL_FORMED).map((x) => `${x.message} @${covered(WELL_FORMED, x)}`),
    [],
  );
  // metrics-server's own release manifest (shipped in assets/) too.
  const release = readFileSync(join(__dirname, '../../../assets/metrics-server/metrics-server-v0.7.2.yaml'), 'utf8');
  assert.deepEqual(
    lint(release).map((x) => x.message),
    [],
  );
});

test('a kustomize overlay patch is partial by design: nothing is missing, its typos still are', () => {
  const patch = `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: checkout}\nspec:\n  maxReplicas: 40\n  behavior:\n    scaleDown:\n      $patch: replace\n      stabilizationWindowSeconds: 600\n`;
  const files = {
    'file:///repo/overlays/prod/hpa-patch.yaml': patch,
    'file:///repo/overlays/prod/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../../base]\npatches:\n- path: hpa-patch.yaml\n',
  };
  assert.deepEqual(analyze(files, { rules }), []);
  assert.deepEqual(
    analyze({ ...files, 'file:///repo/overlays/prod/hpa-patch.yaml': patch.replace('maxReplicas', 'maxReplica') }, { rules }).map((x) => x.message),
    ['unknown field "spec.maxReplica": did you mean "maxReplicas"?'],
  );
  // The same file that no kustomization names is a whole object, and lacks scaleTargetRef.
  assert.deepEqual(
    lint(patch).map((x) => x.message),
    ['missing required field "spec.scaleTargetRef"'],
  );
});

// ---- what a CRD's patterns and CEL rules refuse (x-kubernetes-validations, run offline by src/core/schema/cel) ----

const celFindings = (files: string | Record<string, string>, uri?: string) =>
  analyze(files, { rules })
    .filter((f) => !uri || f.uri === uri)
    .map((f) => [f.message, covered(typeof files === 'string' ? files : files[f.uri], f)]);

// A batch team's NodePool migrated from v1beta1 by hand: a day count Karpenter v1 does not parse, the label
// Karpenter itself sets on every node, and a "no disruption during office hours" budget without its duration.
const BATCH_NODEPOOL = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: batch
spec:
  template:
    metadata:
      labels:
        team: data
        karpenter.sh/nodepool: batch   # copied from a node's labels
    spec:
      expireAfter: 30d
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
      - key: karpenter.k8s.aws/instance-category
        operator: In
        values: [c, m]
  disruption:
    consolidationPolicy: WhenEmpty
    consolidateAfter: 5m
    budgets:
    - nodes: "0"
      schedule: "0 9 * * mon-fri"
`;

test('Karpenter v1 NodePool: a pattern and two CEL rules refuse it, each with the server message, on the field at fault', () => {
  assert.deepEqual(celFindings(BATCH_NODEPOOL), [
    ['spec.template.metadata.labels: Invalid value: "object": label "karpenter.sh/nodepool" is restricted', 'labels'],
    [`spec.template.spec.expireAfter: Invalid value: "30d": spec.template.spec.expireAfter in body should match '^(([0-9]+(s|m|h))+|Never)$'`, '30d'],
    [`spec.disruption.budgets: Invalid value: "array": 'schedule' must be set with 'duration'`, 'budgets'],
  ]);
  // Nothing is invented: which label, which duration and which expiry are a person's call.
  assert.deepEqual(
    analyze(BATCH_NODEPOOL, { rules }).flatMap((f) => f.fixes),
    [],
  );
});

test('the same NodePool written as v1 accepts it gives no finding; defaults apply before the rules (consolidateAfter)', () => {
  const fixed = BATCH_NODEPOOL.replace("        karpenter.sh/nodepool: batch   # copied from a node's labels\n", '')
    .replace('expireAfter: 30d', 'expireAfter: 720h')
    .replace('      schedule: "0 9 * * mon-fri"\n', '      schedule: "0 9 * * mon-fri"\n      duration: 8h\n');
  assert.deepEqual(celFindings(fixed), []);
  // consolidateAfter omitted: the CRD's default (0s) is what the rule that reads it sees, as on the server.
  assert.deepEqual(celFindings(fixed.replace('    consolidateAfter: 5m\n', '')), []);
  assert.deepEqual(celFindings(fixed.replace('expireAfter: 720h', 'expireAfter: Never')), []);
});

test('EC2NodeClass: role and instanceProfile together break the exactly-one rule on spec', () => {
  const text = `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  role: KarpenterNodeRole-prod
  instanceProfile: KarpenterNodeInstanceProfile-prod
  amiSelectorTerms:
  - alias: al2023@latest
  subnetSelectorTerms:
  - tags: {karpenter.sh/discovery: prod}
  securityGroupSelectorTerms:
  - tags: {karpenter.sh/discovery: prod}
`;
  assert.deepEqual(celFindings(text), [[`spec: Invalid value: "object": must specify exactly one of ['role', 'instanceProfile']`, 'spec']]);
  assert.deepEqual(celFindings(text.replace('  instanceProfile: KarpenterNodeInstanceProfile-prod\n', '')), []);
});

test('Helm chart NodePool: templated values are not judged, nor CEL rules in a templated file; a literal bad value still is', () => {
  const chart = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: {{ .Release.Name }}-batch
spec:
  template:
    metadata:
      labels:
        {{- toYaml .Values.nodeLabels | nindent 8 }}
    spec:
      expireAfter: {{ .Values.expireAfter | quote }}
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
      - key: kubernetes.io/arch
        operator: In
        values: [arm64]
  disruption:
    budgets:
    - nodes: "0"
      schedule: "0 9 * * mon-fri"
      {{- with .Values.budgetDuration }}
      duration: {{ . }}
      {{- end }}
`;
  assert.deepEqual(celFindings(chart), []);
  assert.deepEqual(celFindings(chart.replace('{{ .Values.expireAfter | quote }}', '30d')), [
    [`spec.template.spec.expireAfter: Invalid value: "30d": spec.template.spec.expireAfter in body should match '^(([0-9]+(s|m|h))+|Never)$'`, '30d'],
  ]);
});

test('a kustomize patch of a NodePool is partial: a budget rule that needs the base is not judged, a bad expiry is', () => {
  const patch = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: batch}
spec:
  template:
    spec:
      expireAfter: 30d
  disruption:
    budgets:
    - nodes: "0"
      schedule: "0 9 * * mon-fri"
`;
  const uri = 'file:///infra/overlays/prod/nodepool-patch.yaml';
  const files = { [uri]: patch, 'file:///infra/overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n- path: nodepool-patch.yaml\n' };
  assert.deepEqual(celFindings(files, uri), [[`spec.template.spec.expireAfter: Invalid value: "30d": spec.template.spec.expireAfter in body should match '^(([0-9]+(s|m|h))+|Never)$'`, '30d']]);
});

test('a status block (a dump, or `status: {}` from --dry-run -o yaml) is not judged: the server resets it on create and update', () => {
  const clean = TYPO_HPA.replace('scalTargetRef:', 'scaleTargetRef:').replace('minReplicas: "2"', 'minReplicas: 2').replace('averageUtiliztion', 'averageUtilization');
  assert.deepEqual(
    lint(clean).map((f) => f.message),
    [],
  );
  assert.deepEqual(
    lint(`${clean}status: {}\n`).map((f) => f.message),
    [],
  );
  assert.deepEqual(
    lint(`${clean}status:\n  currentReplicas: "many"\n  lastScaleTime: yesterday\n`).map((f) => f.message),
    [],
  );
});

test('a v1alpha5 Provisioner is checked against the karpenter-core v0.31.0 CRD: a misspelt ttl and a string for a boolean', () => {
  const text = `apiVersion: karpenter.sh/v1alpha5
kind: Provisioner
metadata:
  name: default
spec:
  limits:
    resources:
      cpu: 1000
  providerRef:
    name: default
  ttlSecondsAfterEmtpy: 30
  consolidation:
    enabled: "yes"
`;
  assert.deepEqual(
    lint(text).map((f) => f.message),
    ['unknown field "spec.ttlSecondsAfterEmtpy": did you mean "ttlSecondsAfterEmpty"?', 'spec.consolidation.enabled must be of type boolean, not string ("yes")'],
  );
});
