// karpenter-nodeclaim-failed: NodeClaims whose launch failed, whose node never registered or initialized (conditions
// as controllers/nodeclaim/lifecycle writes them), and NodePools with NodeRegistrationHealthy=False.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inflatePod, karpenter, karpenterEvent, nodeClaim, nodePool, NOW, READY_CONDITIONS, T0 } from '../karpenter-fixtures';
import { baseState, run } from './fixtures';

const awaiting = (type: string) => ({ type, status: 'Unknown', reason: 'AwaitingReconciliation', message: 'object is awaiting reconciliation', lastTransitionTime: T0 });
const ok = (type: string, at = T0) => ({ type, status: 'True', reason: type, message: '', lastTransitionTime: at });

test('karpenter-nodeclaim-failed: a launch failure with the cloud provider message, and the pods nominated for that NodeClaim', () => {
  const pod = inflatePod();
  const launch = {
    type: 'Launched',
    status: 'Unknown',
    reason: 'LaunchFailed',
    message: 'creating instance, insufficient capacity, all requested instance types were unavailable during launch',
    lastTransitionTime: T0,
  };
  const state = baseState({
    now: NOW,
    pendingPods: [pod],
    events: [karpenterEvent(pod, 'Nominated', 'Pod should schedule on: nodeclaim/default-x7k2p')],
    karpenter: karpenter([nodePool('default', { labels: { type: 'karpenter' } })], {
      nodeClaims: [nodeClaim('default-x7k2p', [launch, awaiting('Registered'), awaiting('Initialized'), awaiting('Ready')])],
    }),
  });
  const [f, ...rest] = run(state, 'karpenter-nodeclaim-failed');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'NodeClaim default-x7k2p (NodePool default) failed to launch: LaunchFailed; pods waiting for it: other/inflate-7d9c6b-abcde');
  assert.deepEqual(f.evidence, [`NodeClaim default-x7k2p: Launched=Unknown LaunchFailed: ${launch.message}`, 'Launched last changed 600s before this read']);
  assert.match(f.explanation, /capacity or quota/);
});

test('karpenter-nodeclaim-failed: never registered after 5 minutes (warning), not while fresh; never initialized with the startup taint', () => {
  const notRegistered = { type: 'Registered', status: 'Unknown', reason: 'NodeNotFound', message: 'Node not registered with cluster', lastTransitionTime: T0 };
  const claim = (at: string) => nodeClaim('default-abcde', [ok('Launched', at), notRegistered, awaiting('Initialized')], { providerID: 'kwok://default-abcde' });
  const [f] = run(baseState({ now: NOW, karpenter: karpenter([nodePool('default')], { nodeClaims: [claim('2026-12-06T01:04:00Z')] }) }), 'karpenter-nodeclaim-failed');
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'NodeClaim default-abcde (NodePool default) launched but its node never registered: NodeNotFound');
  assert.ok(f.evidence.includes('NodeClaim default-abcde: Registered=Unknown NodeNotFound: Node not registered with cluster'));
  assert.ok(f.evidence.includes('providerID kwok://default-abcde'));
  assert.deepEqual(run(baseState({ now: NOW, karpenter: karpenter([nodePool('default')], { nodeClaims: [claim('2026-12-06T01:08:00Z')] }) }), 'karpenter-nodeclaim-failed'), []);
  const taint = { type: 'Initialized', status: 'Unknown', reason: 'StartupTaintsExist', message: 'StartupTaint "node.cilium.io/agent-not-ready:NoExecute" still exists', lastTransitionTime: T0 };
  const [g] = run(
    baseState({ now: NOW, karpenter: karpenter([nodePool('default')], { nodeClaims: [nodeClaim('default-q', [ok('Launched'), ok('Registered'), taint], { nodeName: 'default-q' })] }) }),
    'karpenter-nodeclaim-failed',
  );
  assert.equal(g.message, 'NodeClaim default-q (NodePool default) registered but its node never initialized: StartupTaintsExist');
  assert.match(g.explanation, /startup taint/);
  // A healthy NodeClaim says nothing.
  assert.deepEqual(
    run(
      baseState({ now: NOW, karpenter: karpenter([nodePool('default')], { nodeClaims: [nodeClaim('ok', [ok('Launched'), ok('Registered'), ok('Initialized'), ok('Ready')])] }) }),
      'karpenter-nodeclaim-failed',
    ),
    [],
  );
});

test('karpenter-nodeclaim-failed: a NodePool with NodeRegistrationHealthy=False (the failed NodeClaims are gone)', () => {
  const np = nodePool('default', {
    status: {
      conditions: [
        ...READY_CONDITIONS.filter((c) => c.type !== 'NodeRegistrationHealthy'),
        { type: 'NodeRegistrationHealthy', status: 'False', reason: 'RegistrationFailed', message: 'Failed to register node' },
      ],
    },
  });
  const [f] = run(baseState({ now: NOW, karpenter: karpenter([np]) }), 'karpenter-nodeclaim-failed');
  assert.equal(f.message, 'NodePool default: recent NodeClaims failed to launch or register (NodeRegistrationHealthy=False RegistrationFailed)');
  assert.deepEqual(f.evidence, ['NodePool default: NodeRegistrationHealthy=False RegistrationFailed: Failed to register node']);
});
