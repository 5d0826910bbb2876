// The VS Code repair flow's plain parts: the order of a question's buttons (secure first, Cancel, the insecure flag
// last) and when a Deployment's rollout is done, as `kubectl rollout status` decides it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerOf, cancelLabel, noticeButtons, noticeText } from '../../src/extension/doctor/choices';
import { deploymentRollout, rolloutTargets } from '../../src/extension/doctor/rollout';

test('question buttons: the secure choice first, then Cancel, the insecure choice last; Cancel answers undefined', () => {
  const CANCEL = cancelLabel();
  assert.equal(CANCEL, 'Cancel');
  const secure = 'Set up kubelet serving certificates (secure)';
  const insecure = 'Make metrics-server skip kubelet certificate verification (--kubelet-insecure-tls) (insecure)';
  assert.deepEqual(noticeButtons({ choices: [secure, insecure], risky: insecure }), [secure, CANCEL, insecure]);
  // The flow may list the risky one first: the order shown does not depend on it.
  assert.deepEqual(noticeButtons({ choices: [insecure, secure], risky: insecure }), [secure, CANCEL, insecure]);
  assert.deepEqual(noticeButtons({ choices: ['Re-preview'] }), ['Re-preview', CANCEL]);
  assert.equal(answerOf(CANCEL), undefined);
  assert.equal(answerOf(undefined), undefined);
  assert.equal(answerOf(secure), secure);
  assert.equal(noticeText({ message: 'Apply "x"?', detail: 'one\n\ntwo' }), 'Apply "x"? one two');
});

const deployment = (metadata: object, spec: object, status: object) => ({ metadata: { name: 'metrics-server', ...metadata }, spec, status });

test('rollout: done only when the new generation is observed, all replicas updated, no old ones left, and the new ones available', () => {
  const notObserved = deploymentRollout(deployment({ generation: 3 }, { replicas: 1 }, { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1 }));
  assert.equal(notObserved.done, false, 'right after the patch the controller has not seen it: the old status says nothing');
  const starting = deploymentRollout(deployment({ generation: 3 }, { replicas: 1 }, { observedGeneration: 3, replicas: 2, updatedReplicas: 1, availableReplicas: 1 }));
  assert.deepEqual(starting, { done: false, message: 'waiting for the new pod: 1 old replicas pending termination' });
  const notAvailable = deploymentRollout(deployment({ generation: 3 }, { replicas: 1 }, { observedGeneration: 3, replicas: 1, updatedReplicas: 1, availableReplicas: 0 }));
  assert.deepEqual(notAvailable, { done: false, message: 'waiting for the new pod: 0 of 1 updated replicas available' });
  const notUpdated = deploymentRollout(deployment({ generation: 3 }, { replicas: 2 }, { observedGeneration: 3, replicas: 2, updatedReplicas: 1, availableReplicas: 2 }));
  assert.deepEqual(notUpdated, { done: false, message: 'waiting for the new pod: 1 of 2 new replicas updated' });
  const done = deploymentRollout(deployment({ generation: 3 }, { replicas: 1 }, { observedGeneration: 3, replicas: 1, updatedReplicas: 1, availableReplicas: 1 }));
  assert.equal(done.done, true);
  // spec.replicas defaults to 1.
  assert.equal(deploymentRollout(deployment({ generation: 1 }, {}, { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 })).done, true);
  const stuck = deploymentRollout(
    deployment(
      { generation: 3 },
      { replicas: 1 },
      { observedGeneration: 3, replicas: 2, updatedReplicas: 1, availableReplicas: 1, conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }] },
    ),
  );
  assert.deepEqual(stuck, { done: false, failed: true, message: 'metrics-server exceeded its progress deadline' });
  assert.equal(deploymentRollout({}).done, false, 'a Deployment without status is not rolled out');
});

test('rollout targets: the Deployments a plan writes, not the ones it deletes nor other kinds', () => {
  const ref = (kind: string, name: string) => ({ kind, namespace: 'kube-system', name });
  assert.deepEqual(
    rolloutTargets([
      { object: ref('Deployment', 'metrics-server'), action: 'patch' },
      { object: ref('Deployment', 'gone'), action: 'delete' },
      { object: ref('ConfigMap', 'coredns'), action: 'patch' },
      { object: ref('Deployment', 'new'), action: 'create' },
    ]),
    [ref('Deployment', 'metrics-server'), ref('Deployment', 'new')],
  );
});
