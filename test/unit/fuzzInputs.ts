// Inputs of the fuzz tests: the manifests mutations start from, the fragments they insert, and the mutations.
// Shared by fuzz.test.ts (analyzer and editor features) and fix-fuzz.test.ts (lint --fix).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/** Manifests the mutations start from: every fixture, plus shapes fixtures may lack. */
export function corpus(withExamples = false): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(join(__dirname, '..', 'fixtures'));
  if (withExamples) walk(join(__dirname, '..', '..', 'examples'));
  out.push(
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: metrics-server, namespace: kube-system, labels: {k8s-app: metrics-server}}
spec:
  template:
    spec:
      containers:
      - name: metrics-server
        image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
        args: [--cert-dir=/tmp, --secure-port=10250, --kubelet-insecure-tls]
`,
    `apiVersion: karpenter.sh/v1alpha5
kind: Provisioner
metadata: {name: default}
spec:
  requirements:
  - {key: karpenter.sh/capacity-type, operator: In, values: ["on-demand"]}
  limits: {resources: {cpu: "1000"}}
  providerRef: {name: default}
  ttlSecondsAfterEmpty: 30
---
apiVersion: karpenter.k8s.aws/v1alpha1
kind: AWSNodeTemplate
metadata: {name: default}
spec:
  subnetSelector: {karpenter.sh/discovery: my-cluster}
`,
    `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker}
spec:
  scaleTargetRef: {name: worker}
  minReplicaCount: 0
  triggers:
  - type: cpu
    metricType: Utilization
    metadata: {value: "60"}
---
apiVersion: v1
kind: LimitRange
metadata: {name: defaults}
spec:
  limits:
  - type: Container
    defaultRequest: {cpu: 100m, memory: 128Mi}
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: worker, namespace: {{ .Release.Namespace }}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}
  maxReplicas: {{ .Values.max }}
  targetCPUUtilizationPercentage: 80
`,
  );
  return out;
}

export const FRAGMENTS = [
  '{{ .Values.x }}',
  '{{- if .X }}',
  '{{ end }}',
  '\t',
  '  ',
  '\r\n',
  '\n',
  '- ',
  ': ',
  '---\n',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '!!str ',
  '|',
  '>-',
  '%',
  '@',
  '`',
  '日本語',
  '扩容',
  '😀',
  '👩‍💻',
  '\u00a0',
  '\ufeff',
  'apiVersion: autoscaling/v2beta1',
  'kind: Deployment',
  'resources: {requests: {cpu: 1}}',
  'targetAverageUtilization: 70',
  '512m',
  '1e3',
  '-1',
  '~',
  'null',
  '0x1F',
];

export type Mutation =
  | { op: 'delete'; at: number; len: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'dupLine'; line: number }
  | { op: 'dropLine'; line: number }
  | { op: 'indent'; line: number; text: string }
  | { op: 'crlf' };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })),
  }),
  fc.record({ op: fc.constant('dupLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('dropLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), line: fc.nat(), text: fc.constantFrom(' ', '  ', '\t', '    ', '') }),
  fc.constant({ op: 'crlf' as const }),
);

export function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.op) {
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.len);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'dupLine': {
      const i = m.line % lines.length;
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 'dropLine':
      lines.splice(m.line % lines.length, 1);
      return lines.join('\n');
    case 'indent': {
      const i = m.line % lines.length;
      lines[i] = m.text === '' ? lines[i].replace(/^\s{1,2}/, '') : m.text + lines[i];
      return lines.join('\n');
    }
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
  }
}
