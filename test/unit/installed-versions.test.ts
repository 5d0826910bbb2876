// The KEDA and Karpenter releases a connected cluster runs, for lint (core/cluster/installedVersions.ts), and the
// status bar's words about every version lint uses (extension/cluster/lintVersionText.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as k8s from '@kubernetes/client-node';
import { installedVersionsOf, kedaVersionOfHpas, versionFromImage } from '../../src/core/cluster/installedVersions';
import { installedVersionsLines, lintVersionLine } from '../../src/extension/cluster/lintVersionText';

test('the release an image names: tags with or without v, digests, registries with ports; none for latest or a bare digest', () => {
  assert.equal(versionFromImage('ghcr.io/kedacore/keda:2.9.0'), '2.9.0');
  assert.equal(versionFromImage('public.ecr.aws/karpenter/controller:v0.27.0@sha256:0a9f1e3c'), '0.27.0');
  assert.equal(versionFromImage('registry.internal:5000/mirror/keda:2.10.1-amd64'), '2.10.1');
  assert.equal(versionFromImage('public.ecr.aws/karpenter/controller:1.0.8'), '1.0.8');
  assert.equal(versionFromImage('registry.internal:5000/keda'), undefined, 'a registry port is not a tag');
  assert.equal(versionFromImage('ghcr.io/kedacore/keda:latest'), undefined);
  assert.equal(versionFromImage('public.ecr.aws/karpenter/controller@sha256:0a9f1e3c'), undefined);
});

const deployment = (namespace: string, name: string, label: string, images: string[]): k8s.V1Deployment => ({
  metadata: { namespace, name, labels: { 'app.kubernetes.io/name': label } },
  spec: { selector: {}, template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } },
});

test("each project's controller by its chart label: the first container that names a release, and where it was read", () => {
  const found = installedVersionsOf([
    deployment('keda', 'keda-operator', 'keda-operator', ['ghcr.io/kedacore/keda:2.9.0']),
    deployment('karpenter', 'karpenter', 'karpenter', ['public.ecr.aws/karpenter/controller:v0.27.0@sha256:0a9f', 'public.ecr.aws/karpenter/webhook:v0.27.0']),
    deployment('other', 'keda-operator-copy', 'keda-operator', ['ghcr.io/kedacore/keda:2.12.0']),
  ]);
  assert.deepEqual(found.keda, { version: '2.9.0', from: 'Deployment keda/keda-operator (ghcr.io/kedacore/keda:2.9.0)' });
  assert.equal(found.karpenter?.version, '0.27.0');
  assert.deepEqual(installedVersionsOf([deployment('keda', 'keda-operator', 'keda-operator', ['ghcr.io/kedacore/keda:latest'])]), {}, 'latest names no release');
});

test("lint's versions: the cluster's where the user set none, the user's setting over the cluster's, and a read that failed said", () => {
  const installed = { keda: { version: '2.9.0', from: 'Deployment keda/keda-operator (ghcr.io/kedacore/keda:2.9.0)' } };
  const fromCluster = installedVersionsLines(installed, {});
  assert.deepEqual(fromCluster.send, { kedaVersion: '2.9.0' });
  assert.deepEqual(fromCluster.lines, ['KEDA 2.9.0 (from Deployment keda/keda-operator (ghcr.io/kedacore/keda:2.9.0))']);
  const userSet = installedVersionsLines(installed, { keda: '2.12' });
  assert.deepEqual(userSet.send, {}, 'the user setting wins: nothing sent');
  assert.deepEqual(userSet.lines, ['KEDA 2.12 (your kubeScalingDoctor.kedaVersion setting; the cluster runs 2.9.0)']);
  const refused = installedVersionsLines({ unread: 'Forbidden: deployments.apps is forbidden' }, {});
  assert.deepEqual(refused.send, {});
  assert.match(refused.lines[0], /not read from the cluster \(Forbidden: deployments\.apps is forbidden\): the settings' versions apply/);
  assert.deepEqual(lintVersionLine('v1.23.17-eks-0a21954', 'eks-prod', undefined), { target: '1.23', line: 'Linting for Kubernetes 1.23 (from the connected cluster, context eks-prod)' });
});

test("KEDA's release from the version label its operator writes on its HPAs: the newest, never a development build's", () => {
  const hpa = (name: string, version: string) => ({ metadata: { namespace: 'shop', name, labels: { 'app.kubernetes.io/version': version, 'app.kubernetes.io/managed-by': 'keda-operator' } } });
  assert.deepEqual(kedaVersionOfHpas([hpa('keda-hpa-a', '2.9.0'), hpa('keda-hpa-b', '2.21.1'), hpa('keda-hpa-c', '2.10.0')]), { version: '2.21.1', hpa: hpa('keda-hpa-b', '2.21.1') });
  assert.equal(kedaVersionOfHpas([hpa('keda-hpa-a', 'v2.20.0')])?.version, '2.20.0');
  assert.equal(kedaVersionOfHpas([hpa('keda-hpa-a', 'main')]), undefined);
  assert.equal(kedaVersionOfHpas([]), undefined);
});
