// States for the doctor's diagnosis tests (one file per DiagnosisId beside this one), built from real evidence:
// log lines as metrics-server prints them (v0.7.2 on the local cluster; v0.6 and v0.3 forms from their issue
// reports), conditions and events as the HPA controller and the scheduler write them. Not a test file itself.
import type * as k8s from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { parseClusterAutoscalerStatus } from '../../../src/core/k8s/clusterAutoscalerStatus';
import { findingsOf } from '../../../src/core/doctor/diagnose';
import type { AdapterApiService } from '../../../src/core/doctor/customMetricsReads';
import type { PodMetrics } from '../../../src/core/cluster/objects';
import type { DoctorState } from '../../../src/core/doctor/state';
import type { DiagnosisId, DoctorFinding } from '../../../src/core/doctor/types';

/**
 * Every diagnosis run() made, with the cluster's own text (every string of the state it read): the l10n test renders
 * these real findings in every language and tells quoted cluster text from words of ours left in English.
 */
export const observed: { findings: DoctorFinding[]; clusterText: string }[] = [];

/** The findings of `s`, only those of diagnosis `id` when given. */
export const run = (s: DoctorState, id?: DiagnosisId): DoctorFinding[] => {
  const findings = findingsOf(s);
  if (findings.length) observed.push({ findings, clusterText: stringsOf(s).join('\n') });
  return findings.filter((f) => !id || f.id === id);
};

function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Date) out.push(value.toISOString());
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}
export const repairIds = (f: DoctorFinding) => f.repairs.map((r) => r.id);

export const LOG = {
  // metrics-server v0.7.2, local cluster scenario metrics-server-tls (kubectl logs deploy/metrics-server).
  unknownAuthority: (node: string, t = '00:47:18.454092') =>
    `E1122 ${t}   22221 scraper.go:149] "Failed to scrape node" err="Get \\"https://127.0.0.1:32757/metrics/nodes/${node}/metrics/resource\\": tls: failed to verify certificate: x509: certificate signed by unknown authority" node="${node}"`,
  // metrics-server v0.7.2, scenario metrics-server-dns.
  noSuchHost: (node: string) =>
    `E1122 00:57:58.020532    4061 scraper.go:149] "Failed to scrape node" err="Get \\"https://${node}:32757/metrics/nodes/${node}/metrics/resource\\": dial tcp: lookup ${node} on 10.255.255.53:53: no such host" node="${node}"`,
  // metrics-server v0.6.x form (kubernetes-sigs/metrics-server issue reports).
  ipSans: (node: string, ip: string) =>
    `E0422 12:08:39.161612       1 scraper.go:140] "Failed to scrape node" err="Get \\"https://${ip}:10250/metrics/resource\\": x509: cannot validate certificate for ${ip} because it doesn't contain any IP SANs" node="${node}"`,
  validFor: (node: string, names: string, not: string) =>
    `E0422 12:08:39.161612       1 scraper.go:140] "Failed to scrape node" err="Get \\"https://${not}:10250/metrics/resource\\": tls: failed to verify certificate: x509: certificate is valid for ${names}, not ${not}" node="${node}"`,
  timeout: (node: string, ip: string) =>
    `E0610 09:14:03.118212       1 scraper.go:140] "Failed to scrape node" err="Get \\"https://${ip}:10250/metrics/resource\\": dial tcp ${ip}:10250: i/o timeout" node="${node}"`,
  // metrics-server v0.3.x: one line, several nodes.
  v03dns:
    'E0903 08:27:16.583467       1 manager.go:111] unable to fully collect metrics: [unable to fully scrape metrics from source kubelet_summary:node-1: unable to fetch metrics from Kubelet node-1 (node-1): Get https://node-1:10250/stats/summary?only_cpu_and_memory=true: dial tcp: lookup node-1 on 10.96.0.10:53: no such host, unable to fully scrape metrics from source kubelet_summary:node-2: unable to fetch metrics from Kubelet node-2 (node-2): Get https://node-2:10250/stats/summary?only_cpu_and_memory=true: dial tcp: lookup node-2 on 10.96.0.10:53: no such host]',
  // Aggregation layer: authenticator errors and the missing requestheader CA.
  authX509:
    'E0312 10:01:44.000417       1 authentication.go:63] "Unable to authenticate the request" err="[x509: certificate signed by unknown authority, verifying certificate SN=2952372582, SKID=, AKID= failed: x509: certificate signed by unknown authority]"',
  noRequestHeader:
    'W0312 10:01:40.100200       1 configmap_cafile_content.go:102] unable to load initial CA bundle for: "client-ca::kube-system::extension-apiserver-authentication::requestheader-client-ca-file" due to: configmap "extension-apiserver-authentication" not found',
  clusterNoRequestHeader:
    'E0312 10:01:40.100100       1 run.go:74] "command failed" err="cluster doesn\'t provide requestheader-client-ca-file in configmap/extension-apiserver-authentication in kube-system, so request-header client certificate authentication won\'t work"',
  serving: 'I1122 00:47:18.462315   22221 secure_serving.go:213] Serving securely on 127.0.0.1:45085',
};

export function node(name: string, ip = '127.0.0.1'): k8s.V1Node {
  return {
    metadata: { name },
    status: {
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
    },
  };
}

export function msDeployment(args: string[], revision = '1'): k8s.V1Deployment {
  return {
    metadata: { name: 'metrics-server', namespace: 'kube-system', uid: 'dep-uid', annotations: { 'deployment.kubernetes.io/revision': revision } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'metrics-server' } },
      template: { spec: { containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', args }] } },
    },
  };
}

export function msReplicaSet(args: string[], revision: string): k8s.V1ReplicaSet {
  return {
    metadata: {
      name: `metrics-server-${revision}`,
      namespace: 'kube-system',
      annotations: { 'deployment.kubernetes.io/revision': revision },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'metrics-server', uid: 'dep-uid' }],
    },
    spec: { selector: { matchLabels: { 'k8s-app': 'metrics-server' } }, template: { spec: { containers: [{ name: 'metrics-server', args }] } } },
  };
}

/** The args of metrics-server v0.7.2's release manifest. */
export const MANIFEST_ARGS = [
  '--cert-dir=/tmp',
  '--secure-port=10250',
  '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
  '--kubelet-use-node-status-port',
  '--metric-resolution=15s',
];

export const AVAILABLE: k8s.V1APIService = {
  metadata: { name: 'v1beta1.metrics.k8s.io' },
  spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, service: { name: 'metrics-server', namespace: 'kube-system' } },
  status: { conditions: [{ type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed' }] },
};

export const AUTH_CONFIG = {
  'client-ca-file': '-----BEGIN CERTIFICATE-----…',
  'requestheader-client-ca-file': '-----BEGIN CERTIFICATE-----…',
  'requestheader-allowed-names': '["front-proxy-client"]',
  'requestheader-username-headers': '["X-Remote-User"]',
  'requestheader-group-headers': '["X-Remote-Group"]',
  'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
};

/** A healthy cluster: 3 nodes with metrics, metrics-server running the manifest's args, no HPAs. */
export function baseState(over: Partial<DoctorState> = {}): DoctorState {
  const nodes = ['ksd-node-1', 'ksd-node-2', 'ksd-node-3'].map((n) => node(n));
  return {
    apiService: AVAILABLE,
    metricsServer: { namespace: 'kube-system', deployment: msDeployment(MANIFEST_ARGS), replicaSets: [msReplicaSet(MANIFEST_ARGS, '1')], pods: [], logs: [] },
    authConfig: AUTH_CONFIG,
    nodes,
    nodeMetrics: nodes.map((n) => n.metadata!.name!),
    hpas: [],
    targets: {},
    pendingPods: [],
    events: [],
    reached: true,
    problems: [],
    ...over,
  };
}

/** metrics-server with these args and log lines, and no node metrics (scrapes failing). */
export function withLogs(lines: string[], args = MANIFEST_ARGS, over: Partial<DoctorState> = {}): DoctorState {
  const s = baseState({ nodeMetrics: [], ...over });
  // The nodes the lines name exist, as on the cluster that logged them (errors about gone nodes are dropped as stale).
  if (!over.nodes) {
    for (const [, name] of lines.join('\n').matchAll(/node="([^"]+)"/g)) if (!s.nodes.some((n) => n.metadata?.name === name)) s.nodes.push(node(name));
  }
  s.metricsServer = {
    ...s.metricsServer!,
    deployment: msDeployment(args, '2'),
    replicaSets: [msReplicaSet(args, '2')],
    logs: [{ pod: 'metrics-server-6f7dd4c4c4-rwb6t', container: 'metrics-server', lines }],
  };
  return s;
}

export function hpa(
  name: string,
  namespace: string,
  opts: {
    target?: string;
    metrics?: k8s.V2MetricSpec[];
    conditions?: k8s.V2HorizontalPodAutoscalerCondition[];
    labels?: Record<string, string>;
    status?: Partial<k8s.V2HorizontalPodAutoscalerStatus>;
    max?: number;
  } = {},
): k8s.V2HorizontalPodAutoscaler {
  return {
    metadata: { name, namespace, labels: opts.labels },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: opts.target ?? name },
      minReplicas: 1,
      maxReplicas: opts.max ?? 10,
      metrics: opts.metrics ?? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
    status: { currentReplicas: 2, desiredReplicas: 2, conditions: opts.conditions ?? [], ...opts.status } as k8s.V2HorizontalPodAutoscalerStatus,
  };
}

export function pod(name: string, namespace: string, spec: Partial<k8s.V1PodSpec>, extra: Partial<k8s.V1Pod> = {}): k8s.V1Pod {
  return { metadata: { name, namespace, uid: `uid-${name}`, ...(extra.metadata ?? {}) }, spec: { containers: [], ...spec }, status: extra.status ?? { phase: 'Running' } };
}

/**
 * `n` Running, Ready pods `<name>-0…` of one container with `requests`, started at `since`, and a metrics.k8s.io
 * sample taken at `sampledAt` for each pod `usage(i)` gives one (undefined: the pod has no sample yet).
 */
export function sampledPods(
  name: string,
  namespace: string,
  n: number,
  requests: Record<string, string>,
  usage: (i: number) => Record<string, string> | undefined,
  since: Date,
  sampledAt: string,
): { pods: k8s.V1Pod[]; podMetrics: PodMetrics[] } {
  const pods: k8s.V1Pod[] = [];
  const podMetrics: PodMetrics[] = [];
  for (let i = 0; i < n; i++) {
    const podName = `${name}-${i}`;
    pods.push(
      pod(
        podName,
        namespace,
        { containers: [{ name, image: `${name}:1`, resources: { requests } }] },
        { status: { phase: 'Running', startTime: since, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }] } },
      ),
    );
    const used = usage(i);
    if (used) podMetrics.push({ metadata: { name: podName, namespace }, timestamp: sampledAt, window: '10s', containers: [{ name, usage: used }] });
  }
  return { pods, podMetrics };
}

/**
 * The state the doctor reads on a ca-* scenario of the local cluster, from the scenario's recorded files
 * (scripts/cluster/scenarios/<scenario>/: workloads.yaml, recorded-events.yaml, recorded-cluster-autoscaler.txt): the CA
 * Deployment, its parsed status ConfigMap, its log, its events, and one Unschedulable pod per recorded pod event.
 */
export function caState(scenario: string, over: Partial<DoctorState> = {}): DoctorState {
  const dir = join(__dirname, '..', '..', '..', 'scripts', 'cluster', 'scenarios', scenario);
  const docs = parseAllDocuments(readFileSync(join(dir, 'workloads.yaml'), 'utf8')).map((d) => d.toJSON());
  const deployment = docs.find((d) => d?.kind === 'Deployment' && d.metadata?.name === 'cluster-autoscaler') ?? null;
  const cm = docs.find((d) => d?.kind === 'ConfigMap' && d.metadata?.name === 'cluster-autoscaler-status');
  const eventsFile = join(dir, 'recorded-events.yaml');
  const templates: { on: { kind: string; namespace?: string; name?: string; selector?: string }; reason: string; message: string; type?: string }[] = existsSync(eventsFile)
    ? parse(readFileSync(eventsFile, 'utf8'))
    : [];
  const logFile = join(dir, 'recorded-cluster-autoscaler.txt');
  const lines = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : [];
  const pendingPods: k8s.V1Pod[] = [];
  const events: k8s.CoreV1Event[] = [];
  const caEvents: k8s.CoreV1Event[] = [];
  for (const t of templates) {
    const name = t.on.kind === 'Pod' ? `${t.on.selector!.split('=')[1]}-5f4c8d9f4f-abcde` : t.on.name!;
    const e = {
      metadata: { name: `${name}.1` },
      involvedObject: { kind: t.on.kind, namespace: t.on.namespace, name, uid: `uid-${name}` },
      reason: t.reason,
      message: t.message,
      type: t.type ?? 'Normal',
      source: { component: 'cluster-autoscaler' },
    };
    if (t.on.kind !== 'Pod') {
      caEvents.push(e);
      continue;
    }
    events.push(e);
    if (!pendingPods.some((p) => p.metadata?.name === name))
      pendingPods.push(
        pod(
          name,
          t.on.namespace!,
          {},
          { status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }] } },
        ),
      );
  }
  return baseState({
    pendingPods,
    events,
    clusterAutoscalerStatus: cm?.data?.status ?? null,
    clusterAutoscaler: {
      deployment,
      pods: [],
      logs: lines.length ? [{ pod: 'cluster-autoscaler-797dfd8554-drxbd', container: 'cluster-autoscaler', lines }] : [],
      events: caEvents,
      status: cm ? parseClusterAutoscalerStatus(cm.data.status) : undefined,
      serverVersion: { gitVersion: 'v1.33.13', major: '1', minor: '33' },
    },
    ...over,
  });
}

/** An APIService of the custom/external metrics pipeline: Available, not Available with `reason`, or null (absent). */
export function metricsApiService(name: string, available: true | string | null, service = { namespace: 'monitoring', name: 'prometheus-adapter' }): AdapterApiService {
  const group = name.includes('external') ? 'external' : 'custom';
  if (available === null) return { name, group, apiService: null, notFound: `apiservices.apiregistration.k8s.io "${name}" not found` };
  const cond =
    available === true
      ? { type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed' }
      : { type: 'Available', status: 'False', reason: available, message: `endpoints for service/${service.name} in "${service.namespace}" have no addresses with port name "https"` };
  return {
    name,
    group,
    apiService: { metadata: { name }, spec: { service: { ...service, port: 443 }, groupPriorityMinimum: 100, versionPriority: 100 }, status: { conditions: [cond] } } as k8s.V1APIService,
    service: { metadata: { ...service, labels: { 'app.kubernetes.io/name': service.name } }, spec: { type: 'ClusterIP', selector: { 'app.kubernetes.io/name': service.name } } },
  };
}

/** A Pods-metric HPA (AverageValue 100) and its ScalingActive condition. */
export function podsMetricHpa(name: string, namespace: string, metric: string, conditions: k8s.V2HorizontalPodAutoscalerCondition[] = []): k8s.V2HorizontalPodAutoscaler {
  return hpa(name, namespace, { metrics: [{ type: 'Pods', pods: { metric: { name: metric }, target: { type: 'AverageValue', averageValue: '100' } } }], conditions });
}
