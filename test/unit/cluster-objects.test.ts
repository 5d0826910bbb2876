// Semantics of live objects shared by rows and doctor checks: a pod's workload.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workloadOf } from '../../src/core/cluster/objects';
import { pod } from './cluster-rows-fixtures';

test('workload: ReplicaSet resolved to its Deployment, with the pod-template-hash convention as fallback', () => {
  const owned = (kind: string, name: string, labels: Record<string, string> = {}) =>
    pod({}, { phase: 'Running' }, { labels, ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: 'u', controller: true }] });
  const rsPod = owned('ReplicaSet', 'web-6df9cffb98', { 'pod-template-hash': '6df9cffb98' });
  assert.deepEqual(
    workloadOf(rsPod, () => ({ kind: 'Deployment', name: 'web' })),
    { kind: 'Deployment', name: 'web' },
  );
  assert.deepEqual(
    workloadOf(rsPod, () => undefined),
    { kind: 'Deployment', name: 'web' },
  );
  assert.deepEqual(
    workloadOf(rsPod, () => null),
    { kind: 'ReplicaSet', name: 'web-6df9cffb98' },
  );
  // A hand-made ReplicaSet whose name does not end in the hash stays a ReplicaSet.
  assert.deepEqual(workloadOf(owned('ReplicaSet', 'legacy', { 'pod-template-hash': 'abc' })), { kind: 'ReplicaSet', name: 'legacy' });
  // The convention is not used when the ReplicaSet is known to belong to something else.
  assert.deepEqual(
    workloadOf(rsPod, () => ({ kind: 'Rollout', name: 'canary' })),
    { kind: 'Rollout', name: 'canary' },
  );
  assert.deepEqual(workloadOf(owned('StatefulSet', 'db')), { kind: 'StatefulSet', name: 'db' });
  assert.deepEqual(workloadOf(owned('DaemonSet', 'kube-proxy')), { kind: 'DaemonSet', name: 'kube-proxy' });
  assert.equal(workloadOf(pod({})), undefined);
});
