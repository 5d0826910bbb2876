// The extension's text without VS Code (row text, actions, table columns, rollout and lint-version lines, the local
// cluster's progress) in the pseudo-locale `qps-ploc`: every sentence comes from a template (accented, inside ⟦ ⟧),
// and what is left outside the templates is the cluster's own text (names, numbers, kinds), never English words of
// ours that escaped translation. The HPA panel's replay and the live CodeLens too.
import type * as k8s from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AutoscalerRow, NodeRow, PodRow } from '../../src/core/cluster/types';
import { replayOf } from '../../src/core/doctor/hpaReplayInputs';
import { setLocale, t } from '../../src/core/l10n';
import { parseFile } from '../../src/core/manifest/model';
import { whyView } from '../../src/extension/hpaPanel/why';
import { waitingLens } from '../../src/extension/live/access';
import { liveLenses } from '../../src/extension/live/liveLenses';
import { hpa as fixtureHpa, sampledPods } from './doctor/fixtures';
import { englishLeft } from '../helpers';
import { lintVersionLine } from '../../src/extension/cluster/lintVersionText';
import { localClusterText } from '../../src/extension/cluster/localCluster';
import { cancelLabel } from '../../src/extension/doctor/choices';
import { deploymentRollout } from '../../src/extension/doctor/rollout';
import { problemActions } from '../../src/extension/explorer/children';
import { nodeColumns, podColumns } from '../../src/extension/table/tableModel';
import { autoscalerText, clusterAutoscalerText, containerText, karpenterText, nodeAutoscalingText, nodeText, podText, problemText, rootText, workloadText } from '../../src/extension/explorer/rowText';

before(() => setLocale('qps-ploc'));
after(() => setLocale('en'));

/** Every template's words come out accented; unaccented words are the fixtures' own (names, kinds, versions, messages). */
function assertTranslated(what: string, text: string, quoted = ''): void {
  assert.match(text, /⟦/, `${what} comes from a template: ${text}`);
  assert.deepEqual(englishLeft(text, [FIXTURES, quoted]), [], `${what} has English outside its templates: ${text}`);
}

const pod: PodRow = {
  namespace: 'shop',
  name: 'web-1',
  workload: { kind: 'Deployment', name: 'web' },
  status: 'Running',
  restarts: 2,
  containers: [],
  request: { cpuMilli: 100, memoryBytes: 128 * 1024 * 1024 },
  usage: { cpuMilli: 45, memoryBytes: 64 * 1024 * 1024 },
  cpuPercentOfRequest: 45,
  memoryPercentOfRequest: 50,
  metrics: 'ok',
};

const node: NodeRow = {
  name: 'kwok-node-0',
  ready: true,
  unschedulable: false,
  allocatable: { cpuMilli: 4000, memoryBytes: 8 * 1024 ** 3 },
  requested: { cpuMilli: 1400, memoryBytes: 1024 ** 3 },
  usage: { cpuMilli: 250, memoryBytes: 700 * 1024 * 1024 },
  cpuPercent: 6,
  memoryPercent: 8,
  cpuRequestedPercent: 35,
  memoryRequestedPercent: 12,
  madeBy: { kind: 'NodePool', name: 'default' },
};

const hpa: AutoscalerRow = {
  kind: 'HorizontalPodAutoscaler',
  namespace: 'shop',
  name: 'web',
  target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
  metrics: [{ name: 'cpu', text: 'cpu: 45%/50%', current: '45%', target: '50%' }],
  minReplicas: 1,
  maxReplicas: 3,
  currentReplicas: 3,
  desiredReplicas: 2,
  conditions: [],
  atMax: true,
  apiVersion: 'autoscaling/v2',
};

const info = { context: 'kind-dev', cluster: 'dev', server: 'https://127.0.0.1:6443', namespace: 'default', version: 'v1.33.1', allNamespaces: true };
const unreachable = { kind: 'unreachable', title: 'Cluster unreachable', message: 'dial tcp 127.0.0.1:1: connect: connection refused' } as const;

/**
 * The cluster's own text the rows below are given (names, kinds, versions, a problem's words), kubectl's status words
 * (Ready, like a phase, stays as kubectl writes it) and the short kind HPA: shown as they are.
 */
const FIXTURES = JSON.stringify([pod, node, hpa, info, unreachable, 'no NodePool fits', 'Deployment/web', 'app', 'Off', 'metrics-server', 'Ready', 'HPA']);

test('Cluster view rows: root, node, pod, workload, container, autoscaler and node autoscaling', () => {
  for (const [what, t] of [
    ['root', rootText(info, true)],
    ['root, one namespace', rootText(info, false)],
    ['node', nodeText(node)],
    ['node without metrics', nodeText({ ...node, usage: undefined, cpuPercent: undefined, memoryPercent: undefined })],
    ['pod', podText(pod)],
    ['new pod', podText({ ...pod, usage: undefined, metrics: 'pending', whyNoNode: 'no NodePool fits' })],
    ['workload', workloadText({ namespace: 'shop', name: 'Deployment/web', pods: ['shop/web-1'] }, [pod], hpa)],
    ['autoscaler', autoscalerText(hpa, false)],
    ['container', containerText({ name: 'app', request: { cpuMilli: 100 } })],
    [
      'container with a VPA',
      containerText({
        name: 'app',
        request: { cpuMilli: 100 },
        recommendation: { vpa: 'web', updateMode: 'Off', target: { cpuMilli: 200 }, lowerBound: { cpuMilli: 100 }, upperBound: { cpuMilli: 400 } },
      } as Parameters<typeof containerText>[0]),
    ],
    ['node autoscaling', nodeAutoscalingText({ karpenter: { installed: false, nodePools: [], nodeClaims: [] }, clusterAutoscaler: { installed: false, nodeGroups: [] } })],
    ['Karpenter', karpenterText({ installed: false, nodePools: [], nodeClaims: [] })],
    ['Cluster Autoscaler', clusterAutoscalerText({ installed: false, nodeGroups: [] })],
    ['a problem', problemText(unreachable)],
  ] as const) {
    assertTranslated(`${what} (label for screen readers)`, t.aria);
    // A problem's description is its message's first line: the cluster's text, not a template of ours.
    if (t.description && what !== 'a problem') assertTranslated(`${what} (description)`, t.description);
    else if (t.description) assert.deepEqual(englishLeft(t.description, FIXTURES), [], t.description);
  }
});

test("a problem's next steps, the local cluster's progress, the rollout, the lint versions, Cancel and the table's columns", () => {
  for (const row of problemActions({ kind: 'kubeconfig', title: 'No kubeconfig found', message: 'x' }, 'p')) {
    assert.equal(row.kind, 'action');
    if (row.kind === 'action') assertTranslated(`action ${row.id}`, row.title);
  }
  const building = localClusterText({ phase: 'building', done: 41, total: 100, etaSeconds: 540, message: '' });
  assertTranslated('local cluster (status bar)', building.label);
  assertTranslated('local cluster (tooltip)', building.tooltip);
  const rolling = deploymentRollout({ metadata: { name: 'metrics-server', generation: 3 }, spec: { replicas: 1 }, status: { observedGeneration: 3, replicas: 2, updatedReplicas: 1 } });
  assertTranslated('rollout', rolling.message);
  assertTranslated('lint version', lintVersionLine('v1.33.1', 'kind-dev', undefined).line);
  assertTranslated('Cancel', cancelLabel());
  for (const c of [...podColumns(t), ...nodeColumns(t)]) assertTranslated(`table column ${c.title}`, c.description);
});

test("the HPA panel's replay, the live CodeLens with the cluster's HPA, and the Restricted Mode lens", () => {
  const now = Date.parse('2026-12-06T14:00:00.000Z');
  const cpu: k8s.V2MetricSpec = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } };
  const h = fixtureHpa('web', 'shop', { metrics: [cpu], status: { currentReplicas: 3, desiredReplicas: 3 } });
  h.spec!.behavior = { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
  const pods = sampledPods('web', 'shop', 3, { cpu: '250m' }, () => ({ cpu: '230m' }), new Date(now - 2 * 3600_000), '2026-12-06T13:59:50Z');
  const why = whyView({ replay: replayOf(h, { ...pods, replicas: { spec: 3, status: 3 } }, [], now) });
  const replayed = JSON.stringify([h, pods, 'cpu', 'max']);
  assertTranslated('HPA panel summary', why.summary ?? '', replayed);
  for (const [i, step] of why.chain.entries()) assertTranslated(`HPA panel chain step ${i}`, step, replayed);
  for (const [i, note] of why.notes.entries()) assertTranslated(`HPA panel note ${i}`, note, replayed);

  const manifest =
    'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n';
  const file = parseFile('file:///w.yaml', manifest);
  const lenses = liveLenses(file, { info, nodes: [node], pods: [pod], autoscalers: [hpa], problems: [] });
  assert.ok(lenses.length > 0, 'the HPA has live lenses');
  for (const lens of lenses) {
    // A metric's lens is its numbers (`cpu 45%/50%`), no sentence of ours; the tooltip explains it.
    assert.deepEqual(englishLeft(lens.title, FIXTURES), [], `live lens ${lens.title}`);
    assertTranslated(`live lens tooltip ${lens.title}`, lens.tooltip);
  }
  const waiting = waitingLens(file);
  assert.ok(waiting);
  assertTranslated('Restricted Mode lens', waiting.title);
  assertTranslated('Restricted Mode lens tooltip', waiting.tooltip);
});
