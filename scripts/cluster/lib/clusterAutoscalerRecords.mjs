// Cluster Autoscaler from what it publishes: CA cannot run here (it is not on the Go module proxy), so the ca-*
// scenarios write, through the real API server, what a named CA release writes — its Deployment and status ConfigMap
// (plain YAML in scenarios/<name>/), its events on the live pods, nodes and ConfigMap (scenarios/<name>/recorded-events.yaml,
// bound here to the objects' uids as CA's recorder does), and its log (scenarios/<name>/recorded-cluster-autoscaler.txt, as `kubectl logs` shows it), served
// by kwok through the real pods/log endpoint (a kwok `Logs` object for the CA pod). Objects outside the scenario's
// namespace carry the scenario label so that switching away removes them (removeStaleRecords).
// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { HERE, paths } from './state.mjs';

export const SCENARIO_LABEL = 'ksd.dev/scenario';
const CA_NS = 'kube-system';
const CA_SELECTOR = 'app=cluster-autoscaler';

const dirOf = (scenario) => path.join(HERE, 'scenarios', scenario);

/** The scenario's recorded events (recorded-events.yaml), or [] when it has none. */
export function recordedEvents(scenario) {
  const file = path.join(dirOf(scenario), 'recorded-events.yaml');
  return fs.existsSync(file) ? (YAML.parse(fs.readFileSync(file, 'utf8')) ?? []) : [];
}

/** The scenario's recorded CA log file, when it has one. */
export function recordedLogFile(scenario) {
  const file = path.join(dirOf(scenario), 'recorded-cluster-autoscaler.txt');
  return fs.existsSync(file) ? file : undefined;
}

/** The live objects an event template names: one by name, or every pod matching a label selector. */
async function targetsOf(core, on) {
  if (on.kind === 'Node') return [await core.readNode({ name: on.name })];
  if (on.kind === 'ConfigMap') return [await core.readNamespacedConfigMap({ namespace: on.namespace, name: on.name })];
  if (on.kind === 'Pod') return (await core.listNamespacedPod({ namespace: on.namespace, labelSelector: on.selector })).items.filter((p) => !p.metadata?.deletionTimestamp);
  throw new Error(`recorded-events.yaml: unsupported kind ${on.kind}`);
}

/**
 * One core/v1 Event as client-go's recorder builds it for CA (source.component cluster-autoscaler; namespace of the
 * object, `default` for cluster-scoped ones; name <object>.<hex>), with first/last times spread over `count` loops.
 */
export function eventFor(template, obj, scenario, now = Date.now()) {
  const kind = template.on.kind;
  const namespace = obj.metadata.namespace || 'default';
  const first = new Date(now - (template.count ?? 1) * 10_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const last = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
  const slug = Buffer.from(`${template.reason}|${template.message}`).toString('hex').slice(0, 12);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${obj.metadata.name}.${slug}`, namespace, labels: { [SCENARIO_LABEL]: scenario } },
    involvedObject: {
      apiVersion: kind === 'Node' || kind === 'Pod' || kind === 'ConfigMap' ? 'v1' : undefined,
      kind,
      name: obj.metadata.name,
      ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
    },
    reason: template.reason,
    message: template.message,
    type: template.type ?? 'Normal',
    source: { component: 'cluster-autoscaler' },
    reportingComponent: 'cluster-autoscaler',
    reportingInstance: '',
    firstTimestamp: first,
    lastTimestamp: last,
    count: template.count ?? 1,
  };
}

/**
 * The recorded klog text in the CRI container log format kwok serves (what kubelets keep under /var/log/pods): klog
 * writes to stderr; each line's time is its klog header's (month, day, time) in the current year, continuation lines
 * (an AWS error's "\tstatus code: 403, …") take the time of the line before.
 */
export function toCriLog(text, year = new Date().getUTCFullYear()) {
  let ts = new Date().toISOString();
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const m = /^[IWEF](\d{2})(\d{2}) (\d{2}:\d{2}:\d{2})\.(\d{6})/.exec(line);
      if (m) ts = `${year}-${m[1]}-${m[2]}T${m[3]}.${m[4]}000Z`;
      return `${ts} stderr F ${line}\n`;
    })
    .join('');
}

/**
 * Writes the scenario's records once its objects exist: false while they do not (a readiness step retries), true when
 * every event is written and `kubectl logs` of the CA pod returns the recorded log.
 * @param {{name: string, apis: ReturnType<typeof import('./process.mjs').apis>, kubectl: (args: string[], o?: object) => {code: number, stdout: string, stderr: string}}} ctx
 * @param {string} scenario
 */
export async function writeRecords(ctx, scenario) {
  const { core } = ctx.apis;
  const templates = recordedEvents(scenario);
  const events = [];
  for (const t of templates) {
    const objs = await targetsOf(core, t.on);
    if (t.on.kind === 'Pod' && !objs.some((p) => p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable'))) return false;
    if (!objs.length) return false;
    events.push(...objs.map((o) => eventFor(t, o, scenario)));
  }
  // Replaced, not merged: a re-run refreshes the times of the records left by the previous one.
  for (const e of events) {
    const r = ctx.kubectl(['replace', '--force', '-f', '-'], { input: JSON.stringify(e), allowFail: true });
    if (r.code !== 0) ctx.kubectl(['create', '-f', '-'], { input: JSON.stringify(e) });
  }
  const recorded = recordedLogFile(scenario);
  if (!recorded) return true;
  const logFile = path.join(paths({ name: ctx.name }).logsDir, `ksd-cluster-autoscaler-${scenario}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(logFile, toCriLog(fs.readFileSync(recorded, 'utf8')));
  const pods = (await core.listNamespacedPod({ namespace: CA_NS, labelSelector: CA_SELECTOR })).items.filter((p) => !p.metadata?.deletionTimestamp);
  const running = pods.filter((p) => p.status?.phase === 'Running');
  if (!running.length || running.length !== pods.length) return false;
  for (const pod of running) {
    const logs = {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: { name: pod.metadata.name, namespace: CA_NS, labels: { [SCENARIO_LABEL]: scenario } },
      spec: { logs: [{ containers: ['cluster-autoscaler'], logsFile: logFile, follow: false }] },
    };
    ctx.kubectl(['apply', '-f', '-'], { input: JSON.stringify(logs) });
  }
  const expected = fs.readFileSync(recorded, 'utf8').trim().split('\n').at(-1);
  return running.every((pod) => {
    const r = ctx.kubectl(['-n', CA_NS, 'logs', pod.metadata.name, '-c', 'cluster-autoscaler'], { allowFail: true });
    return r.code === 0 && r.stdout.includes(expected);
  });
}

/**
 * Removes what CA scenarios other than `scenario` left outside their namespaces (the CA Deployment, ServiceAccount and
 * status ConfigMap, kwok Logs, events on nodes and kube-system objects); their namespaces go with the other scenarios'.
 * @param {(args: string[], o?: object) => unknown} kubectl
 * @param {string} scenario
 */
export function removeStaleRecords(kubectl, scenario) {
  const selector = `${SCENARIO_LABEL},${SCENARIO_LABEL}!=${scenario}`;
  kubectl(['-n', CA_NS, 'delete', 'deployments,serviceaccounts,configmaps,events,logs.kwok.x-k8s.io', '-l', selector, '--ignore-not-found', '--wait=true', '--timeout=60s'], { timeoutMs: 90_000 });
  kubectl(['-n', 'default', 'delete', 'events', '-l', selector, '--ignore-not-found'], { timeoutMs: 60_000 });
}
