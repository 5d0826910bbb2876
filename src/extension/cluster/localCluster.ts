// The local cluster on its way up: `npm start` serves VS Code first and builds and starts the local cluster in the
// background, writing a progress file beside the cluster's kubeconfig (scripts/cluster/lib/progress.mjs). This reads
// it and says where the cluster is, for the status bar and the Cluster view. No `vscode` import: unit-tested directly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { t } from '../../core/l10n';

/** The file's name in the cluster's state dir (scripts/cluster/lib/progress.mjs, CLUSTER_PROGRESS_FILE). */
export const LOCAL_PROGRESS_FILE = 'ksd-progress.json';

export interface LocalClusterProgress {
  /** building its binaries, starting (control plane, nodes, scenario), ready, failed. */
  phase: 'building' | 'starting' | 'ready' | 'failed';
  /** Packages compiled of `total` (building, once counted). */
  done?: number;
  total?: number;
  etaSeconds?: number;
  /** One line from the writer, for the tooltip. */
  message: string;
  log?: string;
}

const PHASES = ['building', 'starting', 'ready', 'failed'] as const;

/** Whether a process runs (signal 0 only checks); EPERM: it runs as another user. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined);

/**
 * The progress in a file's JSON, or undefined when it is not a progress file or it is stale: a build or start whose
 * writer (`pid`, npm start) is gone will never finish (a killed `npm start`), and its failure is old news.
 */
export function parseLocalProgress(raw: unknown, alive: (pid: number) => boolean = processAlive): LocalClusterProgress | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const phase = PHASES.find((p) => p === r.phase);
  if (!phase) return undefined;
  const pid = count(r.pid);
  // A cluster that is up outlives `npm start`; anything else of a writer that is gone is over.
  if (phase !== 'ready' && (!pid || !alive(pid))) return undefined;
  const total = count(r.total);
  const done = count(r.done);
  return {
    phase,
    ...(total ? { total, done: Math.min(done ?? 0, total) } : {}),
    ...(count(r.etaSeconds) !== undefined ? { etaSeconds: count(r.etaSeconds) } : {}),
    message: typeof r.message === 'string' ? r.message : '',
    ...(typeof r.log === 'string' && r.log ? { log: r.log } : {}),
  };
}

/** The progress file of the cluster whose kubeconfig is `kubeconfigPath`; undefined without one file. */
export function progressFileFor(kubeconfigPath: string | undefined): string | undefined {
  return kubeconfigPath ? path.join(path.dirname(kubeconfigPath), LOCAL_PROGRESS_FILE) : undefined;
}

export function readLocalProgress(file: string | undefined, alive: (pid: number) => boolean = processAlive): LocalClusterProgress | undefined {
  if (!file) return undefined;
  try {
    return parseLocalProgress(JSON.parse(fs.readFileSync(file, 'utf8')), alive);
  } catch {
    return undefined;
  }
}

/** Whether the cluster is still on its way (a row and a status bar item say so). */
export function inProgress(p: LocalClusterProgress | undefined): p is LocalClusterProgress {
  return p?.phase === 'building' || p?.phase === 'starting';
}

/** "≈ 9 min left" and the like (as the terminal says it, scripts/cluster/lib/progress.mjs). */
export function timeLeft(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  if (seconds < 60) return t('less than a minute left');
  const min = Math.round(seconds / 60);
  return min < 60 ? t('≈ {minutes} min left', { minutes: min }) : t('≈ {hours} h {minutes} min left', { hours: Math.floor(min / 60), minutes: min % 60 });
}

export interface LocalClusterText {
  /** "Local cluster: building 41 % (≈ 9 min left)": `title (detail)`. */
  label: string;
  /** "Local cluster: building 41 %": what a tree row shows first (rows are cut at the sidebar's width). */
  title: string;
  /** "≈ 9 min left", when known: the row's description. */
  detail?: string;
  /** Longer, for the tooltip (plain text). */
  tooltip: string;
}

/** What the status bar and the Cluster view say about the local cluster. */
export function localClusterText(p: LocalClusterProgress): LocalClusterText {
  const left = timeLeft(p.etaSeconds);
  let title: string;
  let detail: string | undefined;
  switch (p.phase) {
    case 'building': {
      // Never 100 % before the build ends: the link steps come after the last package.
      if (p.total) {
        title = t('Local cluster: building {percent} %', { percent: Math.min(99, Math.floor(((p.done ?? 0) * 100) / p.total)) });
        detail = left;
      } else {
        // Before the packages are counted, its modules download.
        title = t('Local cluster: building');
        detail = left ?? t('downloading modules');
      }
      break;
    }
    case 'starting':
      title = t('Local cluster: starting');
      break;
    case 'ready':
      title = t('Local cluster: up');
      break;
    case 'failed':
      title = t('Local cluster: did not come up');
      break;
  }
  const what =
    p.phase === 'building'
      ? p.total
        ? t("npm start is building the local cluster's binaries (first run on this machine): {done} of {total} packages compiled. The Cluster view connects by itself when the cluster is up.", {
            done: p.done ?? 0,
            total: p.total,
          })
        : t("npm start is building the local cluster's binaries (first run on this machine). The Cluster view connects by itself when the cluster is up.")
      : p.phase === 'starting'
        ? t('npm start is starting the local cluster. The Cluster view connects by itself when it is up.')
        : p.message;
  return {
    label: detail ? t('{title} ({detail})', { title, detail }) : title,
    title,
    ...(detail ? { detail } : {}),
    tooltip: [what, p.log ? t('Log: {log}', { log: p.log }) : undefined].filter(Boolean).join('\n'),
  };
}
