// Deterministic corpus of realistic autoscaling manifests for benchmarks.
// writeCorpus(dir, files) writes `files` files of 6 documents each; bigFile(lines) returns one long file;
// writeManyFiles(dir, docs) and writeOneFile(path, docs) write the same first `docs` documents as one file
// per app (6 documents each) or as one multi-document file (what `helm template` or `kustomize build` prints).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function app(i, r) {
  const ns = `team-${i % 37}`;
  const name = `svc-${i}`;
  const sidecarRequests = r() < 0.8 ? '\n          resources:\n            requests: {cpu: 50m, memory: 64Mi}' : '';
  const hpaV = r() < 0.3 ? 'v2beta1' : r() < 0.5 ? 'v2beta2' : 'v2';
  const metric =
    hpaV === 'v2beta1'
      ? '  - type: Resource\n    resource:\n      name: cpu\n      targetAverageUtilization: 70'
      : '  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: 70';
  return `# ${name}: generated for benchmarks
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app: ${name}}
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: registry.example.com/${name}:1.${i % 10}.0
          ports: [{containerPort: 8080}]
          resources:
            requests: {cpu: ${100 + (i % 5) * 50}m, memory: ${128 * (1 + (i % 4))}Mi}
            limits: {memory: ${256 * (1 + (i % 4))}Mi}
        - name: proxy
          image: envoyproxy/envoy:v1.31.0${sidecarRequests}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: autoscaling/${hpaV}
kind: HorizontalPodAutoscaler
metadata: {name: ${name}, namespace: ${ns}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}
  minReplicas: 2
  maxReplicas: ${5 + (i % 20)}
  metrics:
${metric}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}-config, namespace: ${ns}}
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b,c"
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: ${name}-worker, namespace: ${ns}}
spec:
  scaleTargetRef: {name: ${name}-worker}
  minReplicaCount: 1
  maxReplicaCount: 30
  triggers:
    - type: prometheus
      metadata:
        serverAddress: http://prometheus.monitoring:9090
        query: sum(rate(jobs_total{app="${name}"}[2m]))
        threshold: "50"
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}-worker, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${name}-worker}}
  template:
    metadata: {labels: {app: ${name}-worker}}
    spec:
      containers:
        - name: worker
          image: registry.example.com/${name}-worker:2.0.${i % 7}
          resources: {requests: {cpu: 250m, memory: 256Mi}}
`;
}

export const DOCS_PER_FILE = 6;

export function writeCorpus(dir, files) {
  mkdirSync(dir, { recursive: true });
  const r = rng(42);
  for (let i = 0; i < files; i++) writeFileSync(join(dir, `app-${String(i).padStart(5, '0')}.yaml`), app(i, r));
  return files * DOCS_PER_FILE;
}

/** One file of at least `lines` lines, made of whole app blocks. */
export function bigFile(lines) {
  const r = rng(7);
  const parts = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const block = app(i, r);
    parts.push(block);
    count += block.split('\n').length;
  }
  return parts.join('---\n');
}

/** The first `docs` documents of the corpus, grouped by app (the last app cut short when `docs` is not a multiple of 6). */
function appsOf(docs) {
  const r = rng(42);
  const apps = [];
  for (let i = 0, left = docs; left > 0; i++, left -= DOCS_PER_FILE) {
    const parts = app(i, r).split('\n---\n');
    apps.push(left >= parts.length ? parts.join('\n---\n') : parts.slice(0, left).join('\n---\n') + '\n');
  }
  return apps;
}

/** `docs` documents as files of one app each (the layout writeCorpus writes). Returns the number of files. */
export function writeManyFiles(dir, docs) {
  mkdirSync(dir, { recursive: true });
  const apps = appsOf(docs);
  apps.forEach((text, i) => writeFileSync(join(dir, `app-${String(i).padStart(5, '0')}.yaml`), text));
  return apps.length;
}

/** The same `docs` documents as writeManyFiles, in one file. Returns its size in bytes. */
export function writeOneFile(path, docs) {
  const text = appsOf(docs).join('---\n');
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}
