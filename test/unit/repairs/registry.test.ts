// The repair registry (repairs/index.ts): the ids and offers, unknown ids refused, the former id
// metrics-server-insecure-tls still accepted as an alias of metrics-server-skip-kubelet-tls-verify.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalRepairId, isRepairId, planRepair, REPAIR_OFFERS, RepairRefusedError } from '../../../src/core/doctor/repairs/index';
import { kc, metricsServer, dns, tls, container, useFakeApiServer } from './helpers';

useFakeApiServer();

describe('repair offers', () => {
  test('four stable ids; the insecure one warns and names the secure alternative', () => {
    assert.deepEqual(Object.keys(REPAIR_OFFERS), ['metrics-server-address-types', 'metrics-server-skip-kubelet-tls-verify', 'coredns-node-hosts', 'install-metrics-server']);
    for (const [id, o] of Object.entries(REPAIR_OFFERS)) assert.equal(o.id, id);
    const insecure = REPAIR_OFFERS['metrics-server-skip-kubelet-tls-verify'];
    assert.equal(insecure.insecure, true);
    assert.match(insecure.warning!, /serverTLSBootstrap/);
    assert.match(insecure.warning!, /kubelet-serving/);
    assert.match(insecure.warning!, /cluster CA/);
  });

  test('an unknown repair id is refused with the list of ids', async () => {
    await assert.rejects(planRepair(kc, dns, 'reboot-cluster'), (e: Error) => e instanceof RepairRefusedError && /metrics-server-address-types/.test(e.message));
  });

  test('the former repair id metrics-server-insecure-tls resolves to metrics-server-skip-kubelet-tls-verify', async () => {
    assert.equal(canonicalRepairId('metrics-server-insecure-tls'), 'metrics-server-skip-kubelet-tls-verify');
    assert.equal(isRepairId('metrics-server-insecure-tls'), false, 'an alias, not an id offered to findings');
    assert.equal(canonicalRepairId('coredns-node-hosts'), 'coredns-node-hosts');
    assert.equal(canonicalRepairId('reboot-cluster'), undefined);
    metricsServer({ args: ['--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-insecure-tls');
    assert.equal(plan.repairId, 'metrics-server-skip-kubelet-tls-verify');
    assert.equal(plan.title, REPAIR_OFFERS['metrics-server-skip-kubelet-tls-verify'].title);
    assert.deepEqual(container(plan.changes[0].after).args, ['--cert-dir=/tmp', '--kubelet-insecure-tls']);
  });
});
