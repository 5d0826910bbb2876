// karpenter-unreadable: the reads of Karpenter's objects the API server refused, each permission named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { karpenter, nodePool, NOW } from '../karpenter-fixtures';
import { baseState, run } from './fixtures';

test('karpenter-unreadable: NodeClaims and Leases forbidden: one warning naming both permissions with the server words', () => {
  const forbidden = [
    {
      what: 'listing NodeClaims',
      verb: 'list',
      resource: 'nodeclaims',
      group: 'karpenter.sh',
      message: 'nodeclaims.karpenter.sh is forbidden: User "dev" cannot list resource "nodeclaims" in API group "karpenter.sh" at the cluster scope',
    },
    {
      what: 'listing Karpenter leader Leases',
      verb: 'list',
      resource: 'leases',
      group: 'coordination.k8s.io',
      message: 'leases.coordination.k8s.io is forbidden: User "dev" cannot list resource "leases" in API group "coordination.k8s.io" at the cluster scope',
    },
  ];
  const [f, ...rest] = run(baseState({ now: NOW, karpenter: karpenter([nodePool('default')], { nodeClaims: undefined, leases: undefined, forbidden }) }), 'karpenter-unreadable');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'Karpenter could not be checked fully: your user may not list nodeclaims.karpenter.sh, list leases.coordination.k8s.io');
  assert.deepEqual(f.evidence, [`listing NodeClaims: ${forbidden[0].message}`, `listing Karpenter leader Leases: ${forbidden[1].message}`]);
  assert.match(f.explanation, /"list" on "nodeclaims\.karpenter\.sh"/);
  assert.deepEqual(run(baseState({ now: NOW, karpenter: karpenter([nodePool('default')]) }), 'karpenter-unreadable'), []);
});
