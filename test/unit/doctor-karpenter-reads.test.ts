// readKarpenter on a user whose NodePool list is refused: RBAC answers 403 before the API server looks for the
// resource, so the group's discovery decides between "not installed" and karpenter-unreadable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeApiError } from '../../src/core/cluster/request';
import { readKarpenter } from '../../src/core/doctor/karpenterReads';
import type { Api } from '../../src/core/doctor/reads';

const forbidden = (resource: string) => new KubeApiError(403, `${resource}.karpenter.sh is forbidden: User "dev" cannot list resource "${resource}"`, 'Forbidden', '');

function api(discovery: 'served' | 'not served'): Api {
  return {
    list: async (path: string) => {
      throw forbidden(path.split('/').pop()!);
    },
    object: async () => {
      throw new Error('not read here');
    },
    configMap: async () => {
      throw new Error('not read here');
    },
    version: async () => ({ gitVersion: 'v1.33.13' }),
    preferredVersion: async () => {
      if (discovery === 'not served') throw new KubeApiError(404, 'the server could not find the requested resource', 'NotFound', '');
      return 'v1';
    },
    core: undefined as never,
  };
}

const noProblems = async <T>(_what: string, fn: () => Promise<T>) => ({ ok: true as const, value: await fn() });

test('a refused NodePool list on a cluster that does not serve karpenter.sh is "not installed", not a finding', async () => {
  const k = await readKarpenter(noProblems as never, api('not served'));
  assert.equal(k.installed, false);
  assert.deepEqual(k.forbidden, []);
});

test('a refused NodePool list on a cluster that serves karpenter.sh keeps the permission it lacks', async () => {
  const k = await readKarpenter(noProblems as never, api('served'));
  assert.equal(k.installed, true);
  assert.ok(
    k.forbidden.some((f) => f.resource === 'nodepools' && f.verb === 'list'),
    JSON.stringify(k.forbidden),
  );
});

test('refused reads are listed in the order they were asked, however the answers arrive (one stable message)', async () => {
  // The NodeClaims answer comes last, after the Leases one: the message must still name NodeClaims first.
  const slow: Api = {
    ...api('served'),
    list: async (path: string) => {
      if (path.endsWith('/nodepools')) return { items: [] } as never;
      await new Promise((r) => setTimeout(r, path.endsWith('/nodeclaims') ? 30 : 0));
      throw forbidden(path.split('/').pop()!);
    },
  };
  const k = await readKarpenter(noProblems as never, slow);
  assert.deepEqual(
    k.forbidden.map((f) => f.resource),
    ['nodeclaims', 'deployments', 'leases'],
  );
});
