// docs/walkthroughs.md: each article's own manifests (test/fixtures/articles/<nnn>/, taken from ../shared/seeds/), linted with
// that article's versions, give exactly the findings the walkthrough explains (rule id, severity, file:line), and no others.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { analyzeFile } from '../../src/core/lint/analyzer';
import { withDefaults, type Settings } from '../../src/core/lint/settings';
import { Workspace } from '../../src/core/manifest/workspace';
import { LineIndex } from '../../src/core/text/positions';

const ARTICLES = join(__dirname, '..', 'fixtures', 'articles');

/** `file:line severity rule` of every finding over one article's folder, as `lint <dir> --kube-version …` reports them. */
function lintArticle(dir: string, settings: Partial<Settings>): string[] {
  const ws = new Workspace();
  const files = readdirSync(join(ARTICLES, dir)).filter((f) => f.endsWith('.yaml'));
  for (const f of files) ws.set(pathToFileURL(join(ARTICLES, dir, f)).href, readFileSync(join(ARTICLES, dir, f), 'utf8'));
  const out: string[] = [];
  for (const f of files) {
    const uri = pathToFileURL(join(ARTICLES, dir, f)).href;
    const index = new LineIndex(ws.get(uri)!.text);
    for (const x of analyzeFile(ws, uri, withDefaults(settings))) out.push(`${f}:${index.positionAt(x.range.start).line + 1} ${x.severity} ${x.rule}`);
  }
  return out;
}

test('article 001, kubeadm 1.12.3 (CoreDNS 1.2.2): proxy and extensions/v1beta1 still work there, so upgrade warnings; the kubectl-edit dump; the insecure-TLS hint', () => {
  assert.deepEqual(lintArticle('001', { kubernetesVersion: '1.12' }), [
    'coredns.yaml:22 warning coredns-proxy-removed',
    'coredns.yaml:30 error live-object-dump',
    'metrics-server-deployment.yaml:10 warning workload-removed-api',
    'metrics-server-deployment.yaml:37 hint metrics-server-insecure-tls',
  ]);
  // The same manifests on a current cluster: CoreDNS would not start and the Deployment would not apply.
  assert.deepEqual(
    lintArticle('001', { kubernetesVersion: '1.33' }).filter((l) => /proxy|removed-api/.test(l)),
    ['coredns.yaml:22 error coredns-proxy-removed', 'metrics-server-deployment.yaml:10 error workload-removed-api'],
  );
});

test('article 002, binary control plane (Kubernetes 1.12): the extensions/v1beta1 scale target and Deployment work until 1.16; the tomcat Deployment is not among its files', () => {
  assert.deepEqual(lintArticle('002', { kubernetesVersion: '1.12' }), [
    'hpa.yaml:8 warning hpa-target-removed-api',
    'hpa.yaml:10 info hpa-target-not-found',
    'metrics-server-deployment.yaml:9 warning workload-removed-api',
  ]);
  // From 1.16 the HPA controller cannot resolve the target (FailedGetScale), and from 1.22 v2beta1 is deprecated.
  assert.deepEqual(lintArticle('002', { kubernetesVersion: '1.23' }), [
    'hpa.yaml:2 warning hpa-deprecated-api',
    'hpa.yaml:8 error hpa-target-removed-api',
    'hpa.yaml:10 info hpa-target-not-found',
    'metrics-server-deployment.yaml:9 error workload-removed-api',
  ]);
});

test('article 004, EKS 1.22 with Karpenter v0.27: the Cluster Autoscaler, Karpenter and HPA test manifests are clean', () => {
  assert.deepEqual(lintArticle('004-eks-1.22', { kubernetesVersion: '1.22', karpenterVersion: '0.27' }), []);
});

test('article 004, EKS 1.23 with KEDA 2.9: the podinfo HPA and the ScaledObject both scale podinfo and flap (no webhook, no AmbiguousSelector yet)', () => {
  const found = lintArticle('004-eks-1.23', { kubernetesVersion: '1.23', kedaVersion: '2.9' });
  assert.deepEqual(found, [
    'cm-adapter.yaml:21 warning prometheus-adapter-query-placeholders',
    'hpa-requests.yaml:3 warning hpa-deprecated-api',
    'hpa-requests.yaml:12 error autoscaler-conflict',
    'scaledobject.yaml:10 error autoscaler-conflict',
  ]);
});
