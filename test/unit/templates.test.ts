// Templates that are not YAML (issue 13 part 5): Terraform templatefile, envsubst, sed placeholders, Jinja and ERB
// are recognised like Helm: their constructs are blanked keeping offsets, what then parses is checked, placeholders
// are never judged, and a file whose documents do not all parse gets one finding instead of a flood of syntax errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { parseFile } from '../../src/core/manifest/model';
import { analyzeFile } from '../../src/core/lint/analyzer';
import { withDefaults } from '../../src/core/lint/settings';
import { Workspace } from '../../src/core/manifest/workspace';
import { analyze, covered } from '../helpers';

const rulesOf = (text: string, uri = 'file:///t.yaml') => analyze({ [uri]: text }).map((f) => f.rule);

// terraform: templatefile("${path.module}/nodepools.yaml.tftpl", { node_pools = var.node_pools, ... })
const TERRAFORM = `# Rendered by templatefile() once per cluster.
%{ for pool in node_pools ~}
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: \${pool.name}
spec:
  template:
    metadata:
      labels:
        team: \${pool.team}
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: \${node_class}}
      requirements:
        - key: karpenter.sh/capacity-type
          operator: In
          values: \${jsonencode(pool.capacity_types)}
%{ if pool.gpu ~}
        - key: karpenter.k8s.aws/instance-gpu-count
          operator: Gt
          values: ["0"]
%{ endif ~}
  limits:
    cpu: \${pool.cpu_limit}
    memory: \${pool.memory_limit}
%{ endfor ~}
---
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: \${node_class}
spec:
  role: KarpenterNodeRole-\${cluster_name}
  amiSelectorTerms:
    - alias: al2023@latest
  subnetSelectorTerms:
    - tags: {karpenter.sh/discovery: "\${cluster_name}"}
`;

test('Terraform templatefile: directives and interpolations are blanked, both documents parse and nothing is judged on a placeholder', () => {
  const file = parseFile('file:///nodepools.yaml', TERRAFORM);
  assert.deepEqual(
    file.templates.map((t) => t.name),
    ['Terraform templatefile'],
  );
  assert.equal(file.parseErrors.length, 0);
  assert.deepEqual(
    file.docs.map((d) => d.kind),
    ['NodePool', 'EC2NodeClass'],
  );
  assert.equal(file.text.length, TERRAFORM.length);
  assert.deepEqual(rulesOf(TERRAFORM), [], 'no yaml-syntax, no invalid-quantity on ${pool.cpu_limit}');
});

test('a template whose documents do not all parse gets one finding saying how many, never one per syntax error', () => {
  // An inline `%{ if }` that chooses between a block list and `[]`: its shape exists only once rendered.
  const conditional = TERRAFORM.replace('  limits:\n', '      taints: %{ if pool.dedicated }\n        - {key: dedicated, value: ${pool.team}, effect: NoSchedule}%{ else }[]%{ endif }\n  limits:\n');
  assert.ok(parseAllDocuments(conditional).flatMap((d) => d.errors).length >= 10, 'read as plain YAML: an error per construct');
  const findings = analyze({ 'file:///nodepools.yaml': conditional });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.message]),
    [['template-not-checked', 'info', 'template (Terraform templatefile syntax), not checked: 1 of 2 documents could not be parsed (the others were checked)']],
  );
  // The one document that parses is still checked: a real mistake in it is reported.
  const wrong =
    conditional +
    '---\napiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: system\nspec:\n  template:\n    spec:\n' +
    '      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: ${node_class}}\n' +
    '      requirements: [{key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}]\n  limits:\n    cpu: "64"\n    memory: 256GB\n';
  const after = analyze({ 'file:///nodepools.yaml': wrong });
  assert.deepEqual(
    after.map((f) => f.rule),
    ['template-not-checked', 'invalid-quantity'],
  );
  assert.match(after[0].message, /1 of 3 documents could not be parsed/);
  assert.equal(covered(wrong, after[1]), '256GB', 'the documents that parse are still checked');
});

// envsubst < deployment.yaml | kubectl apply -f -
const ENVSUBST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: \${APP_NAME}
  namespace: $NAMESPACE
spec:
  selector:
    matchLabels:
      app: \${APP_NAME}
  template:
    metadata:
      labels:
        app: \${APP_NAME}
    spec:
      containers:
        - name: api
          image: \${REGISTRY}/shop/api:$TAG
          resources:
            requests:
              cpu: \${CPU_REQUEST}
              memory: $MEMORY_REQUEST
            limits:
              memory: \${MEMORY_LIMIT:-512Mi}
`;

test('envsubst placeholders in plain YAML: the file parses as it is and no placeholder value is judged', () => {
  const file = parseFile('file:///deployment.yaml', ENVSUBST);
  assert.equal(file.templated, false, 'it parses without blanking anything: plain YAML');
  assert.deepEqual(rulesOf(ENVSUBST), [], 'no invalid-quantity on ${CPU_REQUEST}, $MEMORY_REQUEST or ${MEMORY_LIMIT:-512Mi}');
  assert.equal(file.docs[0].namespace, 'default', '$NAMESPACE is not a namespace');
});

test('envsubst placeholders that break the YAML are blanked instead of reported line by line', () => {
  // `${VAR}` in a flow map (`{` cannot be in a plain scalar there), and a whole block substituted in on a line of its own.
  const text = ENVSUBST.replace('    matchLabels:\n      app: ${APP_NAME}\n', '    matchLabels: {app: ${APP_NAME}}\n').replace(
    '          resources:\n',
    '          $EXTRA_CONTAINER_FIELDS\n          resources:\n',
  );
  assert.ok(
    parseAllDocuments(text).some((d) => d.errors.length > 0),
    'as plain YAML it does not parse',
  );
  const file = parseFile('file:///d.yaml', text);
  assert.deepEqual(
    file.templates.map((t) => t.name),
    ['envsubst'],
  );
  assert.equal(file.parseErrors.length, 0);
  assert.deepEqual(rulesOf(text), []);
});

// sed -e "s/{CLUSTER_NAME}/$CLUSTER/g" -e "s/{ACCOUNT_ID}/$ACCOUNT/g" cluster-autoscaler.yaml | kubectl apply -f -
const SED = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: {CLUSTER_NAME}-autoscaler
  namespace: kube-system
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::{ACCOUNT_ID}:role/{CLUSTER_NAME}-cluster-autoscaler
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cluster-autoscaler
  namespace: kube-system
spec:
  selector:
    matchLabels: {app: cluster-autoscaler}
  template:
    metadata:
      labels: {app: cluster-autoscaler}
      annotations: {cluster-autoscaler.kubernetes.io/safe-to-evict: "false"}
    spec:
      serviceAccountName: {CLUSTER_NAME}-autoscaler
      containers:
        - name: cluster-autoscaler
          image: registry.k8s.io/autoscaling/cluster-autoscaler:v1.35.0
          command:
            - ./cluster-autoscaler
            - --node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/{CLUSTER_NAME}
          resources:
            requests: {cpu: 100m, memory: 600Mi}
`;

test('sed {PLACEHOLDER} files: the placeholders that break YAML are blanked and both documents are checked', () => {
  const file = parseFile('file:///cluster-autoscaler.yaml', SED);
  assert.deepEqual(
    file.templates.map((t) => t.name),
    ['sed {PLACEHOLDER}'],
  );
  assert.equal(file.parseErrors.length, 0);
  assert.deepEqual(rulesOf(SED), []);
  const skewed = SED.replace('v1.35.0', 'v1.27.3');
  assert.deepEqual(rulesOf(skewed), ['cluster-autoscaler-version-skew'], 'the Deployment is still checked');
});

test('sed {PLACEHOLDER} closing a nested flow map ({cpu: {CPU_REQUEST}}}) is a placeholder too, not a map', () => {
  const text = SED.replace('requests: {cpu: 100m, memory: 600Mi}', 'limits: {memory: {MEMORY_LIMIT}}\n            requests: {memory: 600Mi, cpu: {CPU_REQUEST}}');
  assert.deepEqual(rulesOf(text), [], 'no invalid-quantity or schema type error on {CPU_REQUEST} or {MEMORY_LIMIT}');
});

// An Ansible role's templates/hpa.yaml.j2, applied with kubernetes.core.k8s.
const JINJA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ app_name }}
  namespace: {{ namespace | default('default') }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ app_name }}
  minReplicas: {{ hpa_min }}
  maxReplicas: {{ hpa_max }}
  metrics:
{% for m in hpa_metrics %}
    - type: Resource
      resource:
        name: {{ m.resource }}
        target:
          type: Utilization
          averageUtilization: {{ m.target }}
{% endfor %}
`;

// A Chef cookbook's templates/default/deployment.yaml.erb.
const ERB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: <%= @name %>
  labels: {app: <%= @name %>}
spec:
  replicas: <%= @replicas %>
  selector:
    matchLabels: {app: <%= @name %>}
  template:
    metadata:
      labels: {app: <%= @name %>}
    spec:
      containers:
<% @containers.each do |c| -%>
        - name: <%= c['name'] %>
          image: <%= c['image'] %>
          resources:
            requests: {cpu: "<%= c['cpu'] %>", memory: <%= c['memory'] %>}
<% end -%>
`;

test('Jinja and ERB templates are read like Helm: blanked, parsed, nothing judged on a placeholder', () => {
  for (const [text, name] of [
    [JINJA, 'Jinja'],
    [ERB, 'ERB'],
  ]) {
    const file = parseFile('file:///t.yaml', text);
    assert.deepEqual(
      file.templates.map((t) => t.name),
      [name],
    );
    assert.equal(file.parseErrors.length, 0, name);
    assert.deepEqual(rulesOf(text), [], name);
  }
});

test('plain YAML with $ in strings stays plain: its syntax errors are still reported one by one', () => {
  const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: shop/api:1.4.2
          command: ["sh", "-c", "echo $HOME && exec ./migrate --dsn=$DATABASE_URL"]
          env: [{name: PGHOST, value: db}
`;
  const file = parseFile('file:///job.yaml', text);
  assert.equal(file.templated, false);
  assert.ok(rulesOf(text).includes('yaml-syntax'));
  assert.ok(!rulesOf(text).includes('template-not-checked'));
});

test('an edit of a template file re-reads it as a fresh parse does', () => {
  const ws = new Workspace();
  const uri = 'file:///nodepools.yaml';
  ws.set(uri, TERRAFORM);
  for (const text of [
    TERRAFORM.replace('cpu: ${pool.cpu_limit}', 'cpu: 1000GB'),
    TERRAFORM.replace('%{ endif ~}', '%{ endif ~}\n%{ if pool.arm ~}\n        - {key: kubernetes.io/arch, operator: In, values: [arm64]}\n%{ endif ~}'),
    SED,
    ENVSUBST,
    TERRAFORM,
  ]) {
    const edited = ws.set(uri, text);
    const fresh = parseFile(uri, text);
    assert.deepEqual(
      edited.templates.map((t) => t.name),
      fresh.templates.map((t) => t.name),
    );
    assert.deepEqual(
      edited.docs.map((d) => [d.kind, d.range]),
      fresh.docs.map((d) => [d.kind, d.range]),
    );
    assert.deepEqual(
      analyze({ [uri]: text }).map((f) => [f.rule, f.range]),
      analyzeFile(ws, uri, withDefaults({})).map((f) => [f.rule, f.range]),
    );
  }
});
