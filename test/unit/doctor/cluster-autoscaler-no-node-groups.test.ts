// cluster-autoscaler-no-node-groups: the auto-discovery tag left as `<YOUR CLUSTER NAME>` (the ca-no-node-groups
// scenario's records: CA v1.33.6 from the AWS example manifest), an empty status, and NotTriggerScaleUp without reasons.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseClusterAutoscalerStatus } from '../../../src/core/k8s/clusterAutoscalerStatus';
import { caState, run } from './fixtures';

test('placeholder tag: named in the message, the flag and the empty status quoted; first finding', () => {
  const findings = run(caState('ca-no-node-groups'));
  assert.deepEqual(
    findings.map((f) => f.id),
    ['cluster-autoscaler-no-node-groups', 'pending-pods'],
  );
  const [f] = findings;
  assert.equal(f.severity, 'error');
  assert.equal(
    f.message,
    'Cluster Autoscaler manages no node group: --node-group-auto-discovery still names the placeholder "<YOUR CLUSTER NAME>"; 1 pending pod (ca-no-node-groups/inflate-5f4c8d9f4f-abcde) get no node',
  );
  assert.deepEqual(f.object, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kube-system', name: 'cluster-autoscaler' });
  assert.deepEqual(f.evidence, [
    '--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/<YOUR CLUSTER NAME>',
    'cluster-autoscaler-status: no nodeGroups (autoscalerStatus Running)',
    "Pod ca-no-node-groups/inflate-5f4c8d9f4f-abcde: NotTriggerScaleUp: pod didn't trigger scale-up: ",
  ]);
  assert.match(findings[1].explanation, /See finding cluster-autoscaler-no-node-groups/);
});

test('real tag but no group discovered: the empty status and reasonless events say it', () => {
  const s = caState('ca-no-node-groups');
  const c = s.clusterAutoscaler!.deployment!.spec!.template.spec!.containers[0];
  c.command = c.command!.map((a) => a.replace('<YOUR CLUSTER NAME>', 'shop-prod'));
  const [f] = run(s, 'cluster-autoscaler-no-node-groups');
  assert.match(f.message, /^Cluster Autoscaler manages no node group: its status lists no node groups; 1 pending pod/);
});

test('a CAPITALISED stand-in (…/cluster-autoscaler/CLUSTER_NAME) counts too; groups discovered: nothing', () => {
  const s = caState('ca-group-at-max');
  const c = s.clusterAutoscaler!.deployment!.spec!.template.spec!.containers[0];
  c.command = c.command!.map((a) => a.replace('shop-prod', 'CLUSTER_NAME'));
  assert.match(run(s, 'cluster-autoscaler-no-node-groups')[0].message, /placeholder "CLUSTER_NAME"/);
  assert.deepEqual(run(caState('ca-group-at-max'), 'cluster-autoscaler-no-node-groups'), []);
  // A starting CA (status "Initializing") has no groups yet: no finding.
  const init = caState('ca-no-node-groups');
  const c2 = init.clusterAutoscaler!.deployment!.spec!.template.spec!.containers[0];
  c2.command = c2.command!.map((a) => a.replace('<YOUR CLUSTER NAME>', 'shop-prod'));
  init.clusterAutoscaler!.status = parseClusterAutoscalerStatus('time: 2026-12-05 21:25:10 +0000 UTC\nautoscalerStatus: Initializing\n');
  assert.deepEqual(run(init, 'cluster-autoscaler-no-node-groups'), []);
});
