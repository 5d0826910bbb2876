// The status ConfigMap parser (src/core/k8s/clusterAutoscalerStatus.ts) on the texts the ca-* scenarios record: the plain
// text of CA 1.29 (ca-backoff) and the YAML of CA 1.30+ (ca-group-at-max, ca-no-node-groups), upstream's own test file
// of the YAML form (clusterstate/utils/status_test.yaml at cluster-autoscaler-1.30.0), and input that is neither.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { isAtMax, parseClusterAutoscalerStatus, type CaStatus } from '../../src/core/k8s/clusterAutoscalerStatus';

/** data.status of the scenario's ConfigMap kube-system/cluster-autoscaler-status. */
function recorded(scenario: string): string {
  const file = join(__dirname, '..', '..', 'scripts', 'cluster', 'scenarios', scenario, 'workloads.yaml');
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJSON());
  const cm = docs.find((d) => d?.kind === 'ConfigMap' && d.metadata?.name === 'cluster-autoscaler-status');
  return cm.data.status;
}

function parsed(text: string): CaStatus {
  const r = parseClusterAutoscalerStatus(text);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.status;
}

test('text form (CA 1.29): cluster-wide conditions, node groups with sizes, the Backoff line verbatim', () => {
  const s = parsed(recorded('ca-backoff'));
  assert.equal(s.form, 'text');
  assert.equal(s.time, '2026-12-05 21:20:11.873220113 +0000 UTC');
  assert.equal(s.clusterWide.health?.status, 'Healthy');
  assert.equal(s.clusterWide.scaleUp?.status, 'NoActivity');
  assert.deepEqual(
    s.nodeGroups.map((g) => [g.name.split('-')[1], g.health?.status, g.scaleUp?.status, g.cloudProviderTarget, g.minSize, g.maxSize]),
    [
      ['general', 'Healthy', 'NoActivity', 3, 1, 6],
      ['gpu', 'Healthy', 'Backoff', 0, 0, 4],
    ],
  );
  assert.equal(s.nodeGroups[1].scaleUp?.line, 'ScaleUp:     Backoff (ready=0 cloudProviderTarget=0)');
  assert.equal(s.nodeGroups[1].backoff, undefined, 'the text form carries no backoff reason');
  assert.equal(s.nodeGroups.filter(isAtMax).length, 0);
});

test('YAML form (CA 1.30+): node groups, sizes and the group at its maximum', () => {
  const s = parsed(recorded('ca-group-at-max'));
  assert.equal(s.form, 'yaml');
  assert.equal(s.autoscalerStatus, 'Running');
  assert.deepEqual(
    s.nodeGroups.map((g) => [g.name.split('-')[1], g.ready, g.registered, g.cloudProviderTarget, g.minSize, g.maxSize, isAtMax(g)]),
    [
      ['general', 3, 3, 3, 1, 3, true],
      ['graviton', 0, 0, 0, 0, 5, false],
    ],
  );
  assert.match(s.nodeGroups[0].health!.line, /health\.status: Healthy, cloudProviderTarget: 3, minSize: 1, maxSize: 3$/);
});

test('YAML form with no node group (auto-discovery found none)', () => {
  const s = parsed(recorded('ca-no-node-groups'));
  assert.equal(s.form, 'yaml');
  assert.equal(s.autoscalerStatus, 'Running');
  assert.deepEqual(s.nodeGroups, []);
  assert.equal(s.clusterWide.health?.status, 'Healthy');
});

test("upstream's YAML test file: backoffInfo (errorCode, errorMessage) and the sequence written as '-' on its own line", () => {
  const upstream = [
    'time: "2023-11-24 04:28:19.546750398 +0000 UTC"',
    'message: "TEST_MSG"',
    'autoscalerStatus: "Running"',
    'clusterWide:',
    '  health:',
    '    status: "Healthy"',
    'nodeGroups:',
    '  -',
    '    name: "sample-node-group"',
    '    health:',
    '      status: "Healthy"',
    '      cloudProviderTarget: 8',
    '      minSize: 2',
    '      maxSize: 12',
    '    scaleUp:',
    '      status: "Backoff"',
    '      backoffInfo:',
    '        errorCode: "QUOTA_EXCEEDED"',
    `        errorMessage: "Instance 'sample-node-group-40ce0341-t28s' creation failed: Quota 'CPUS' exceeded. Limit: 57.0 in region us-central1."`,
    '    scaleDown:',
    '      status: "NoCandidates"',
    '      candidates: 2',
  ].join('\n');
  const s = parsed(upstream);
  assert.equal(s.message, 'TEST_MSG');
  const [g] = s.nodeGroups;
  assert.equal(g.scaleUp?.status, 'Backoff');
  assert.deepEqual(g.backoff, { errorCode: 'QUOTA_EXCEEDED', errorMessage: "Instance 'sample-node-group-40ce0341-t28s' creation failed: Quota 'CPUS' exceeded. Limit: 57.0 in region us-central1." });
  assert.match(g.scaleUp!.line, /backoffInfo\.errorCode: QUOTA_EXCEEDED/);
  assert.equal(g.scaleDown?.status, 'NoCandidates');
  assert.equal(isAtMax(g), false);
});

test('a starting CA: "Initializing" in both forms', () => {
  assert.equal(parsed('Cluster-autoscaler status at 2026-12-05 10:00:00.1 +0000 UTC:\nInitializing').autoscalerStatus, 'Initializing');
  assert.equal(parsed('time: 2026-12-05 10:00:00.1 +0000 UTC\nautoscalerStatus: Initializing\n').autoscalerStatus, 'Initializing');
});

test('anything else is a clear error, never a throw', () => {
  for (const text of ['', '   ', 'hello', '- a\n- b', 'key: [unclosed', '{"clusterWide": 3}', 'nodeGroups: 7']) {
    const r = parseClusterAutoscalerStatus(text);
    if (r.ok) assert.ok(Array.isArray(r.status.nodeGroups), text);
    else assert.ok(r.error.length > 5, text);
  }
  assert.equal(parseClusterAutoscalerStatus('hello').ok, false);
  assert.equal(parseClusterAutoscalerStatus('').ok, false);
});
