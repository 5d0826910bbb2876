// Scenario definitions: how metrics-server is deployed (absent, or the official v0.7.2 manifest
// with some container args changed, as users do in the field) and what "ready" means, i.e. the
// checks `up`/`switchScenario` wait for. The workloads of each scenario are plain YAML in
// scenarios/<name>/*.yaml. A scenario's `components` (components/index.mjs) are started before its YAML is applied.
// @ts-check
import * as k8s from '@kubernetes/client-node';
import { karpenterScenarios } from './karpenter-scenarios.mjs';
import { writeRecords } from './lib/clusterAutoscalerRecords.mjs';
import { customMetricsScenarios } from './scenarios-custom-metrics.mjs';
import { kedaScenarios } from './scenarios-keda.mjs';

const MS_NS = 'kube-system';

async function hpa(ctx, namespace, name) {
  return ctx.apis.autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace, name });
}

export function condition(h, type) {
  return (h?.status?.conditions || []).find((c) => c.type === type);
}

export async function nodeMetrics(ctx) {
  const r = await ctx.apis.custom.listClusterCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes' });
  return r.items || [];
}

export async function podMetrics(ctx, namespace) {
  const r = await ctx.apis.custom.listNamespacedCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', namespace, plural: 'pods' });
  return r.items || [];
}

async function nodeCount(ctx) {
  const l = await ctx.apis.core.listNode({ labelSelector: 'type=kwok' });
  return l.items.length;
}

async function metricsApiAbsent(ctx) {
  try {
    await ctx.apis.apireg.readAPIService({ name: 'v1beta1.metrics.k8s.io' });
    return false;
  } catch (e) {
    return e.code === 404;
  }
}

const metricsFlow = {
  what: 'metrics API serves node metrics for every node',
  timeoutMs: 180_000,
  test: async (ctx) => (await nodeMetrics(ctx)).length >= (await nodeCount(ctx)),
};

function hpaCondition(namespace, name, type, status, reason, messageIncludes) {
  return {
    what: `HPA ${namespace}/${name} condition ${type}=${status}${reason ? ` reason ${reason}` : ''}${messageIncludes ? ` message contains "${messageIncludes}"` : ''}`,
    timeoutMs: 180_000,
    test: async (ctx) => {
      const c = condition(await hpa(ctx, namespace, name), type);
      return c && c.status === status && (!reason || c.reason === reason) && (!messageIncludes || c.message.includes(messageIncludes));
    },
  };
}

function logMatches(re, what) {
  return {
    what: `metrics-server logs show ${what}`,
    timeoutMs: 120_000,
    test: async (ctx) => re.test(ctx.metricsServerLogs()),
  };
}

const runnerFollows = {
  what: 'the metrics-server runner runs the current pod of kube-system/metrics-server',
  timeoutMs: 120_000,
  test: async (ctx) => {
    const st = ctx.runnerStatus();
    if (!st?.pod || !st.pid) return false;
    const l = await ctx.apis.core.listNamespacedPod({ namespace: MS_NS, labelSelector: 'k8s-app=metrics-server' });
    return l.items.some((p) => p.metadata.name === st.pod && !p.metadata.deletionTimestamp);
  },
};

/**
 * metrics-server runs a pod created after ClusterRole `name` last changed: a running metrics-server keeps the
 * watches it opened with the old rules, so the scenario's edit shows only after a restart (done once here).
 */
function restartedAfterClusterRole(name) {
  return {
    what: `metrics-server restarted after ClusterRole ${name} changed`,
    timeoutMs: 120_000,
    test: async (ctx) => {
      const role = await ctx.apis.kc.makeApiClient(k8s.RbacAuthorizationV1Api).readClusterRole({ name });
      const changed = Math.max(...(role.metadata.managedFields || []).map((f) => new Date(f.time).getTime()), new Date(role.metadata.creationTimestamp).getTime());
      const pods = (await ctx.apis.core.listNamespacedPod({ namespace: MS_NS, labelSelector: 'k8s-app=metrics-server' })).items.filter((p) => !p.metadata.deletionTimestamp);
      if (pods.length && pods.every((p) => new Date(p.metadata.creationTimestamp).getTime() > changed)) return true;
      if (!pods.some((p) => new Date(p.metadata.creationTimestamp).getTime() > changed)) ctx.kubectl(['-n', MS_NS, 'rollout', 'restart', 'deployment/metrics-server']);
      return false;
    },
  };
}

/** The VPA's status has a recommendation for every container (written by the recommender of the `vpa` component). */
function vpaRecommendation(namespace, name) {
  return {
    what: `VerticalPodAutoscaler ${namespace}/${name} has a recommendation (RecommendationProvided=True)`,
    // The recommender needs a metrics read or two after the pods start (its interval: components/vpa.mjs).
    timeoutMs: 180_000,
    test: async (ctx) => {
      const vpa = await ctx.apis.custom.getNamespacedCustomObject({ group: 'autoscaling.k8s.io', version: 'v1', namespace, plural: 'verticalpodautoscalers', name });
      const provided = (vpa.status?.conditions || []).find((c) => c.type === 'RecommendationProvided');
      return provided?.status === 'True' && (vpa.status?.recommendation?.containerRecommendations || []).length > 0;
    },
  };
}

// metrics-server variants (null = not installed). `setArgs` adds or replaces container args of the
// official manifest, `removeArgs` drops them.
export const METRICS_SERVER_VARIANTS = {
  // What kind/minikube/Docker Desktop users are told to do for kubelets with self-signed certs.
  insecureTls: { setArgs: { '--kubelet-insecure-tls': true } },
  // The official manifest, verbatim.
  official: {},
  // metrics-server v0.3.x behaviour (Hostname first), kept by old copy-pasted manifests.
  hostnameFirst: { setArgs: { '--kubelet-preferred-address-types': 'Hostname', '--kubelet-insecure-tls': true } },
  // metrics-server's own default resolution (60 s), as the v0.3 manifests of articles 000 and 001 run it; it wins
  // over the profile's shorter loop so the warm-up lasts long enough to be seen.
  defaultResolution: { setArgs: { '--kubelet-insecure-tls': true, '--metric-resolution': '60s' } },
};

/** The pods of `namespace/app` Pending, the scheduler having marked them Unschedulable. */
function unschedulable(namespace, app) {
  return {
    what: `pods of ${namespace}/${app} Pending (Unschedulable)`,
    timeoutMs: 120_000,
    test: async (ctx) => {
      const pods = (await ctx.apis.core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })).items;
      return pods.length > 0 && pods.every((p) => p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable'));
    },
  };
}

/** Cluster Autoscaler scenarios: what a CA release publishes, written through the API server (lib/clusterAutoscalerRecords.mjs). */
function clusterAutoscalerScenario(name, description, pending) {
  return {
    description: `${description} (Cluster Autoscaler's recorded output, not a running autoscaler)`,
    metricsServer: METRICS_SERVER_VARIANTS.insecureTls,
    ready: [
      runnerFollows,
      // The metrics pipeline works in these scenarios: on a new cluster, wait for it, or the doctor's first finding is a
      // metrics API still coming up rather than Cluster Autoscaler's.
      metricsFlow,
      ...(pending ? [unschedulable(name, pending)] : []),
      { what: "Cluster Autoscaler's events written and its log served by kubectl logs", timeoutMs: 120_000, test: (ctx) => writeRecords(ctx, name) },
    ],
  };
}

export const SCENARIOS = {
  healthy: {
    description: 'Nodes, Deployments with requests, autoscaling/v2 HPAs whose targets show numbers; checkout scales up under simulated load.',
    metricsServer: METRICS_SERVER_VARIANTS.insecureTls,
    ready: [
      runnerFollows,
      metricsFlow,
      {
        what: 'pod metrics for namespace healthy',
        timeoutMs: 120_000,
        test: async (ctx) => (await podMetrics(ctx, 'healthy')).length >= 3,
      },
      hpaCondition('healthy', 'web', 'ScalingActive', 'True', 'ValidMetricFound'),
      {
        what: 'HPA healthy/web reports current CPU and memory utilization',
        timeoutMs: 120_000,
        test: async (ctx) => {
          const h = await hpa(ctx, 'healthy', 'web');
          const cur = h.status?.currentMetrics || [];
          return cur.length === 2 && cur.every((m) => typeof m.resource?.current?.averageUtilization === 'number');
        },
      },
      {
        what: 'HPA healthy/checkout scaled the Deployment up under simulated load',
        timeoutMs: 180_000,
        test: async (ctx) => (await hpa(ctx, 'healthy', 'checkout')).status?.desiredReplicas > 1,
      },
    ],
  },
  'no-metrics-server': {
    description: 'No metrics-server, no metrics API: kubectl top fails, the HPA shows <unknown> and FailedGetResourceMetric.',
    metricsServer: null,
    ready: [
      { what: 'APIService v1beta1.metrics.k8s.io absent', timeoutMs: 60_000, test: metricsApiAbsent },
      hpaCondition('no-metrics-server', 'web', 'ScalingActive', 'False', 'FailedGetResourceMetric', 'the server could not find the requested resource'),
    ],
  },
  'metrics-server-tls': {
    description: 'metrics-server without --kubelet-insecure-tls against kubelets with self-signed certificates: x509 errors, no metrics.',
    metricsServer: METRICS_SERVER_VARIANTS.official,
    ready: [
      runnerFollows,
      logMatches(/x509: certificate signed by unknown authority/, '"x509: certificate signed by unknown authority"'),
      hpaCondition('metrics-server-tls', 'web', 'ScalingActive', 'False', 'FailedGetResourceMetric'),
    ],
  },
  'metrics-server-dns': {
    description: 'metrics-server preferring Hostname while node names do not resolve: "no such host".',
    metricsServer: METRICS_SERVER_VARIANTS.hostnameFirst,
    ready: [
      runnerFollows,
      logMatches(/lookup ksd-node-\d+[^"]*: (no such host|server misbehaving)/, '"lookup ksd-node-N ...: no such host"'),
      hpaCondition('metrics-server-dns', 'web', 'ScalingActive', 'False', 'FailedGetResourceMetric'),
    ],
  },
  'missing-requests': {
    description: 'An HPA whose Deployment has a container and a sidecar without CPU request: "missing request for cpu".',
    metricsServer: METRICS_SERVER_VARIANTS.insecureTls,
    ready: [runnerFollows, metricsFlow, hpaCondition('missing-requests', 'orders', 'ScalingActive', 'False', 'FailedGetResourceMetric', 'missing request for cpu')],
  },
  'autoscaler-conflict': {
    description: 'Two HPAs on one Deployment: AmbiguousSelector.',
    metricsServer: METRICS_SERVER_VARIANTS.insecureTls,
    ready: [
      runnerFollows,
      metricsFlow,
      {
        what: 'an HPA on autoscaler-conflict/cart reports AmbiguousSelector',
        timeoutMs: 120_000,
        test: async (ctx) => {
          for (const n of ['cart', 'keda-hpa-cart']) {
            const c = condition(await hpa(ctx, 'autoscaler-conflict', n), 'ScalingActive');
            if (c?.reason === 'AmbiguousSelector') return true;
          }
          return false;
        },
      },
    ],
  },
  'hpa-replicas': {
    description: 'Three HPAs at a steady count (50 % of a 50 % target) for test/cluster/hpa-replicas.test.mjs to move: a scale-down window, a scale-up policy, new pods without metrics.',
    metricsServer: METRICS_SERVER_VARIANTS.insecureTls,
    ready: [runnerFollows, metricsFlow, ...['drop', 'capped', 'newpods'].map((n) => hpaCondition('hpa-replicas', n, 'ScalingActive', 'True', 'ValidMetricFound'))],
  },
  'vpa-hpa-conflict': {
    description: 'A VPA in its default mode (Recreate) and an HPA on cpu utilization on one Deployment; the real VPA recommender writes its recommendation.',
    metricsServer: METRICS_SERVER_VARIANTS.insecureTls,
    components: ['vpa'],
    ready: [runnerFollows, metricsFlow, hpaCondition('vpa-hpa-conflict', 'web', 'ScalingActive', 'True', 'ValidMetricFound'), vpaRecommendation('vpa-hpa-conflict', 'web')],
  },
  'metrics-server-rbac': {
    description: 'ClusterRole system:metrics-server without nodes: metrics-server is refused listing nodes and scrapes nothing; an HPA on extensions/v1beta1 gets FailedGetScale.',
    metricsServer: METRICS_SERVER_VARIANTS.insecureTls,
    ready: [
      restartedAfterClusterRole('system:metrics-server'),
      runnerFollows,
      logMatches(
        /nodes is forbidden: User \\?"system:serviceaccount:kube-system:metrics-server\\?" cannot list resource \\?"nodes\\?"/,
        '"nodes is forbidden: User system:serviceaccount:kube-system:metrics-server cannot list resource nodes"',
      ),
      hpaCondition('metrics-server-rbac', 'legacy', 'AbleToScale', 'False', 'FailedGetScale', 'no matches for kind "Deployment" in group "extensions"'),
    ],
  },
  'metrics-server-warmup': {
    description: 'metrics-server restarted just now at its default 60 s resolution: no metrics until its first scrapes.',
    metricsServer: METRICS_SERVER_VARIANTS.defaultResolution,
    ready: [
      runnerFollows,
      {
        what: 'pods of metrics-server-warmup/web Running',
        timeoutMs: 60_000,
        test: async (ctx) => {
          const pods = await ctx.apis.core.listNamespacedPod({ namespace: 'metrics-server-warmup', labelSelector: 'app=web' });
          return pods.items.length >= 2 && pods.items.every((p) => p.status?.phase === 'Running');
        },
      },
    ],
  },
  pending: {
    description: 'Pods that cannot be scheduled (Insufficient cpu), with FailedScheduling events.',
    metricsServer: METRICS_SERVER_VARIANTS.insecureTls,
    ready: [
      runnerFollows,
      metricsFlow,
      {
        what: 'pods of pending/batch Pending with a FailedScheduling "Insufficient cpu" event',
        timeoutMs: 120_000,
        test: async (ctx) => {
          const pods = await ctx.apis.core.listNamespacedPod({ namespace: 'pending', labelSelector: 'app=batch' });
          if (pods.items.length < 3 || !pods.items.every((p) => p.status?.phase === 'Pending')) return false;
          const ev = await ctx.apis.core.listNamespacedEvent({ namespace: 'pending', fieldSelector: 'reason=FailedScheduling' });
          return ev.items.some((e) => /Insufficient cpu/.test(e.message || ''));
        },
      },
      {
        what: 'pods of pending/api Running',
        timeoutMs: 60_000,
        test: async (ctx) => {
          const pods = await ctx.apis.core.listNamespacedPod({ namespace: 'pending', labelSelector: 'app=api' });
          return pods.items.length >= 2 && pods.items.every((p) => p.status?.phase === 'Running');
        },
      },
    ],
  },
  // Real Karpenter (KWOK provider) scenarios: karpenter-scenarios.mjs.
  ...karpenterScenarios(METRICS_SERVER_VARIANTS.insecureTls),
  'ca-group-at-max': clusterAutoscalerScenario('ca-group-at-max', 'Cluster Autoscaler v1.33.6: node group at its maximum, NotTriggerScaleUp "max node group size reached"', 'web'),
  'ca-backoff': clusterAutoscalerScenario('ca-backoff', 'Cluster Autoscaler v1.29.4 (text status): GPU node group in backoff after a failed scale-up; v1.29 on a 1.33 cluster', 'trainer'),
  'ca-no-node-groups': clusterAutoscalerScenario('ca-no-node-groups', 'Cluster Autoscaler v1.33.6 with the auto-discovery tag still <YOUR CLUSTER NAME>: no node groups', 'inflate'),
  'ca-cloud-access': clusterAutoscalerScenario('ca-cloud-access', 'Cluster Autoscaler v1.33.6 refused by AWS (AccessDenied on DescribeAutoScalingGroups): fails at start-up', 'checkout'),
  'ca-scale-down': clusterAutoscalerScenario('ca-scale-down', 'Cluster Autoscaler v1.33.6 scaling down: a node unneeded for 7m2s, another pinned by a safe-to-evict: "false" pod'),
  ...customMetricsScenarios({ hpaCondition, metricsServer: METRICS_SERVER_VARIANTS.insecureTls }),
  ...kedaScenarios({ hpaCondition, metricsServer: METRICS_SERVER_VARIANTS.insecureTls, metricsFlow }),
};

export function scenarioNames() {
  return Object.keys(SCENARIOS);
}
