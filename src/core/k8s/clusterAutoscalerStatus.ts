// The `status` of ConfigMap kube-system/cluster-autoscaler-status in both forms Cluster Autoscaler writes: the plain
// text of releases up to 1.29 (clusterstate/api/utils.go GetReadableString, prefixed "Cluster-autoscaler status at …:"
// by clusterstate/utils/status.go) and the YAML of 1.30 and later (clusterstate/api/types.go, yaml.Marshal in
// utils/status.go; commit 11a084699c). Pure: one model for the doctor and the views, with the lines each value came from.
import { parse } from 'yaml';

export interface CaCondition {
  /** Healthy/Unhealthy, NoActivity/InProgress/Backoff/Unhealthy, NoCandidates/CandidatesPresent. */
  status: string;
  /** The line(s) the condition was read from, verbatim (text form) or as `key: value` (YAML form). */
  line: string;
}

export interface CaNodeGroup {
  name: string;
  health?: CaCondition;
  scaleUp?: CaCondition;
  scaleDown?: CaCondition;
  ready?: number;
  registered?: number;
  cloudProviderTarget?: number;
  minSize?: number;
  maxSize?: number;
  /** YAML form only (1.30+): why the group is in backoff. */
  backoff?: { errorCode?: string; errorMessage?: string };
}

export interface CaStatus {
  form: 'text' | 'yaml';
  /** When CA wrote it, as written. */
  time?: string;
  /** YAML form: Running or Initializing; the text form's "Initializing" message reads as Initializing too. */
  autoscalerStatus?: string;
  message?: string;
  clusterWide: { health?: CaCondition; scaleUp?: CaCondition; scaleDown?: CaCondition };
  nodeGroups: CaNodeGroup[];
}

export type CaStatusParse = { ok: true; status: CaStatus } | { ok: false; error: string };

const TEXT_HEADER = /^Cluster-autoscaler status at ([^\n]*?):\s*$/m;

export function parseClusterAutoscalerStatus(text: string): CaStatusParse {
  if (typeof text !== 'string' || !text.trim()) return { ok: false, error: 'the status is empty' };
  if (TEXT_HEADER.test(text) || /^Cluster-wide:\s*$/m.test(text)) return parseText(text);
  return parseYaml(text);
}

// ---- text form (≤ 1.29) ----

const CONDITION_LINE = /^\s*(Health|ScaleUp|ScaleDown):\s+(\S+)(?:\s+\((.*)\))?\s*$/;

function numbersOf(message: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of message.matchAll(/(\w+)=(\d+)/g)) out[m[1]] = Number(m[2]);
  return out;
}

function parseText(text: string): CaStatusParse {
  const header = TEXT_HEADER.exec(text);
  const body = header ? text.slice(header.index + header[0].length) : text;
  const status: CaStatus = { form: 'text', time: header?.[1], clusterWide: {}, nodeGroups: [] };
  // The first status of a starting CA is the word "Initializing" (utils/status.go NewStatusMapRecorder).
  if (body.trim() === 'Initializing') return { ok: true, status: { ...status, autoscalerStatus: 'Initializing' } };
  let section: 'cluster' | 'groups' | undefined;
  let group: CaNodeGroup | undefined;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (/^Cluster-wide:/.test(line)) section = 'cluster';
    else if (/^NodeGroups:/.test(line)) section = 'groups';
    else if (section === 'groups' && /^\s*Name:\s+/.test(line)) {
      group = { name: line.replace(/^\s*Name:\s+/, '').trim() };
      status.nodeGroups.push(group);
    } else {
      const m = CONDITION_LINE.exec(line);
      if (!m || !section) continue;
      const type = m[1] === 'Health' ? 'health' : m[1] === 'ScaleUp' ? 'scaleUp' : 'scaleDown';
      const condition = { status: m[2], line: line.trim() };
      if (section === 'cluster') status.clusterWide[type] = condition;
      else if (group) {
        group[type] = condition;
        const n = numbersOf(m[3] ?? '');
        if (type === 'health') Object.assign(group, pick(n, ['ready', 'registered', 'cloudProviderTarget', 'minSize', 'maxSize']));
      }
    }
  }
  if (!section) return { ok: false, error: 'no "Cluster-wide:" section' };
  status.autoscalerStatus = 'Running';
  return { ok: true, status };
}

function pick(n: Record<string, number>, keys: string[]): Partial<CaNodeGroup> {
  return Object.fromEntries(keys.filter((k) => k in n).map((k) => [k, n[k]]));
}

// ---- YAML form (1.30+) ----

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function yamlCondition(v: unknown, where: string, extra: string[] = []): CaCondition | undefined {
  if (!isObj(v)) return undefined;
  const status = str(v.status);
  if (!status) return undefined;
  return { status, line: [`${where}.status: ${status}`, ...extra].join(', ') };
}

function parseYaml(text: string): CaStatusParse {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return { ok: false, error: `neither the text form nor YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  if (!isObj(doc) || !('clusterWide' in doc || 'autoscalerStatus' in doc || 'nodeGroups' in doc)) return { ok: false, error: 'neither the text form nor the YAML form of Cluster Autoscaler' };
  const cw = isObj(doc.clusterWide) ? doc.clusterWide : {};
  const status: CaStatus = {
    form: 'yaml',
    time: str(doc.time),
    autoscalerStatus: str(doc.autoscalerStatus),
    message: str(doc.message),
    clusterWide: { health: yamlCondition(cw.health, 'clusterWide.health'), scaleUp: yamlCondition(cw.scaleUp, 'clusterWide.scaleUp'), scaleDown: yamlCondition(cw.scaleDown, 'clusterWide.scaleDown') },
    nodeGroups: [],
  };
  for (const g of Array.isArray(doc.nodeGroups) ? doc.nodeGroups : []) {
    if (!isObj(g) || !str(g.name)) continue;
    const name = str(g.name)!;
    const health = isObj(g.health) ? g.health : {};
    const registered = isObj(health.nodeCounts) && isObj(health.nodeCounts.registered) ? health.nodeCounts.registered : {};
    const scaleUp = isObj(g.scaleUp) ? g.scaleUp : {};
    const info = isObj(scaleUp.backoffInfo) ? scaleUp.backoffInfo : undefined;
    const backoff = info && (str(info.errorCode) || str(info.errorMessage)) ? { errorCode: str(info.errorCode), errorMessage: str(info.errorMessage) } : undefined;
    const sizes = { cloudProviderTarget: num(health.cloudProviderTarget), minSize: num(health.minSize), maxSize: num(health.maxSize) };
    const at = `nodeGroups[${name}]`;
    status.nodeGroups.push({
      name,
      health: yamlCondition(
        g.health,
        `${at}.health`,
        Object.entries(sizes)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}: ${v}`),
      ),
      scaleUp: yamlCondition(g.scaleUp, `${at}.scaleUp`, backoff ? [`backoffInfo.errorCode: ${backoff.errorCode ?? ''}`, `backoffInfo.errorMessage: ${backoff.errorMessage ?? ''}`] : []),
      scaleDown: yamlCondition(g.scaleDown, `${at}.scaleDown`, num(isObj(g.scaleDown) ? g.scaleDown.candidates : undefined) ? [`candidates: ${(g.scaleDown as Obj).candidates}`] : []),
      ready: num(registered.ready),
      registered: num(registered.total),
      ...Object.fromEntries(Object.entries(sizes).filter(([, v]) => v !== undefined)),
      ...(backoff ? { backoff } : {}),
    });
  }
  return { ok: true, status };
}

/** A node group at its maximum: CA's target (cloudProviderTarget) has reached maxSize. */
export function isAtMax(g: CaNodeGroup): boolean {
  return g.maxSize !== undefined && g.cloudProviderTarget !== undefined && g.cloudProviderTarget >= g.maxSize;
}
