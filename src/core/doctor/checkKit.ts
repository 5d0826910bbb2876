// The kit of the checks in checks/: the Check contract (id, title, run), the Draft a check returns, and
// helpers they share (evidence capping, HPA conditions, container flags). Kept out of checks/ so it lists ids only.
import type * as k8s from '@kubernetes/client-node';
import type { RepairId } from './repairs';
import type { DoctorState } from './state';
import type { DiagnosisId, DoctorFinding, DoctorText } from './types';
import { msg, render, type Message } from '../l10n';

/**
 * A finding before diagnose() adds the docs link and resolves repair ids to offers. Its words are templates
 * (msg('…', {…})); quoted cluster lines are plain strings; diagnose() renders the English fields from them.
 */
export type Draft = Omit<DoctorFinding, 'docs' | 'repairs' | 'message' | 'evidence' | 'explanation' | 'l10n'> & {
  message: DoctorText;
  evidence: DoctorText[];
  explanation: DoctorText;
  repairs: RepairId[];
};

export interface Check {
  id: DiagnosisId;
  /** One line: SARIF rule description, docs page heading (TITLES has it in English). */
  title: Message;
  run(state: DoctorState): Draft[];
}

export const MAX_EVIDENCE = 8;

/** Distinct lines (by `key`, default the line itself) in order, at most `max`, with a "+N more" line when cut. */
export function capEvidence<T extends DoctorText>(lines: Iterable<T>, opts: { max?: number; key?: (line: string) => string } = {}): (T | Message)[] {
  const max = opts.max ?? MAX_EVIDENCE;
  const seen = new Set<string>();
  const out: (T | Message)[] = [];
  let more = 0;
  for (const line of lines) {
    // Our own lines (messages) are told apart by their English text; the key function reads quoted cluster lines.
    const k = typeof line !== 'string' ? render(line, 'en') : opts.key ? opts.key(line) : line;
    if (seen.has(k)) continue;
    seen.add(k);
    if (out.length < max) out.push(line);
    else more++;
  }
  if (more) out.push(more === 1 ? msg('(+1 more similar line)') : msg('(+{count} more similar lines)', { count: more }));
  return out;
}

/** A klog line without its header (`E1122 00:47:18.454092   22221 scraper.go:149] `). */
export function klogMessage(line: string): string {
  return line.replace(/^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [^\]]+\] /, '');
}

export function condition(hpa: k8s.V2HorizontalPodAutoscaler, type: string): k8s.V2HorizontalPodAutoscalerCondition | undefined {
  return hpa.status?.conditions?.find((c) => c.type === type);
}

/** `ScalingActive=False FailedGetResourceMetric: the HPA was unable…`, as `kubectl describe hpa` lists it. */
export function conditionLine(c: { type: string; status: string; reason?: string; message?: string }): string {
  return `${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`;
}

/** The HPA as a finding names it: with the API version it was read as (state.hpaVersion). */
export function hpaRef(hpa: k8s.V2HorizontalPodAutoscaler) {
  return { apiVersion: hpa.apiVersion ?? 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: hpa.metadata?.namespace, name: hpa.metadata?.name ?? '' };
}

export const hpaKey = (hpa: k8s.V2HorizontalPodAutoscaler) => `${hpa.metadata?.namespace}/${hpa.metadata?.name}`;

/** The metrics-server container of its Deployment (by name, then by image). */
export function metricsServerContainer(state: DoctorState): k8s.V1Container | undefined {
  const containers = state.metricsServer?.deployment?.spec?.template?.spec?.containers ?? [];
  return containers.find((c) => c.name === 'metrics-server') ?? containers.find((c) => (c.image ?? '').includes('metrics-server'));
}

/** `--flag=value` or `--flag value` from a container's command and args; `''` for a bare flag; undefined when absent. */
export function flagValue(container: k8s.V1Container | undefined, flag: string): string | undefined {
  const items = [...(container?.command ?? []), ...(container?.args ?? [])];
  let found: string | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === flag) {
      const next = items[i + 1];
      found = next !== undefined && !next.startsWith('-') && flag !== '--kubelet-insecure-tls' ? next : '';
    } else if (item.startsWith(`${flag}=`)) found = item.slice(flag.length + 1);
  }
  return found;
}

/** metrics-server's default when the flag is absent (cmd/metrics-server/app/options). */
export const DEFAULT_ADDRESS_TYPES = 'Hostname,InternalDNS,InternalIP,ExternalDNS,ExternalIP';

export function addressTypes(state: DoctorState): { value: string; explicit: boolean } {
  const v = flagValue(metricsServerContainer(state), '--kubelet-preferred-address-types');
  return v ? { value: v, explicit: true } : { value: DEFAULT_ADDRESS_TYPES, explicit: false };
}

export function metricsServerRef(state: DoctorState) {
  const d = state.metricsServer?.deployment;
  return d ? { apiVersion: 'apps/v1', kind: 'Deployment', namespace: d.metadata?.namespace, name: d.metadata?.name ?? 'metrics-server' } : undefined;
}

/** Every log line of metrics-server (current runs first, then previous runs). */
export function metricsServerLines(state: DoctorState): string[] {
  const logs = state.metricsServer?.logs ?? [];
  return [...logs.flatMap((l) => l.lines), ...logs.flatMap((l) => l.previous ?? [])];
}

/** Seconds since the newest metrics-server container started, when known. */
export function metricsServerAge(state: DoctorState): number | undefined {
  const now = state.now ? Date.parse(state.now) : NaN;
  const starts = (state.metricsServer?.pods ?? [])
    .flatMap((p) => p.status?.containerStatuses ?? [])
    .map((c) => c.state?.running?.startedAt)
    .filter((t): t is Date => !!t)
    .map((t) => new Date(t).getTime());
  if (!starts.length || Number.isNaN(now)) return undefined;
  return Math.max(0, Math.round((now - Math.max(...starts)) / 1000));
}

export interface ControllerHealth {
  /** True: a ready replica or a fresh leader Lease; false: neither; undefined: could not be told (reads refused). */
  running?: boolean;
  evidence: DoctorText[];
}

/** A leader Lease renewed this long before the read still counts as held (controllers renew every few seconds). */
const LEASE_FRESH_SECONDS = 120;

/**
 * Whether a controller runs, from its Deployments (a ready replica) and its leader-election Leases (renewed lately: a
 * controller run outside the cluster shows only as its Lease). `nothing`: the evidence line when neither exists.
 */
export function controllerHealth(o: { deployments?: k8s.V1Deployment[]; leases?: k8s.V1Lease[]; now?: string; nothing: DoctorText }): ControllerHealth {
  const evidence: DoctorText[] = [];
  for (const d of o.deployments ?? []) {
    const counts = { name: `${d.metadata?.namespace}/${d.metadata?.name}`, ready: d.status?.readyReplicas ?? 0, replicas: d.spec?.replicas ?? 1 };
    const image = d.spec?.template?.spec?.containers?.[0]?.image;
    evidence.push(image ? msg('Deployment {name}: {ready}/{replicas} ready ({image})', { ...counts, image }) : msg('Deployment {name}: {ready}/{replicas} ready', counts));
    for (const c of d.status?.conditions ?? []) if (c.status !== 'True') evidence.push(`Deployment ${d.metadata?.name}: ${conditionLine(c)}`);
  }
  const now = o.now ? Date.parse(o.now) : NaN;
  let freshLease = false;
  for (const l of o.leases ?? []) {
    const renew = l.spec?.renewTime ? new Date(l.spec.renewTime as unknown as string).getTime() : NaN;
    const age = Number.isNaN(renew) || Number.isNaN(now) ? undefined : Math.round((now - renew) / 1000);
    if (age !== undefined && age <= LEASE_FRESH_SECONDS) freshLease = true;
    evidence.push(
      msg('Lease {name}: holder {holder}, renewed {renewed}', {
        name: `${l.metadata?.namespace}/${l.metadata?.name}`,
        holder: l.spec?.holderIdentity ?? msg('(none)'),
        renewed: age === undefined ? msg('never') : msg('{seconds}s before this read', { seconds: age }),
      }),
    );
  }
  const readyReplica = (o.deployments ?? []).some((d) => (d.status?.readyReplicas ?? 0) > 0);
  if (readyReplica || freshLease) return { running: true, evidence };
  if (o.deployments === undefined || o.leases === undefined) return { running: undefined, evidence };
  if (!o.deployments.length && !o.leases.length) evidence.push(o.nothing);
  return { running: false, evidence };
}
