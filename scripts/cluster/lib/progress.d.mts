// Types of progress.mjs for the TypeScript test of the local cluster's progress (test/unit/local-cluster-progress.test.ts).
export interface BuildProgress {
  phase: 'listing' | 'compiling' | 'done' | 'failed';
  group: string;
  done: number;
  total: number;
  compileSeconds: number;
  listSeconds: number;
  log: string;
}
export interface BuildTimings {
  packages: number;
  compileSeconds: number;
  listSeconds: number;
}
export interface ClusterProgress {
  phase: 'building' | 'starting' | 'ready' | 'failed';
  done?: number;
  total?: number;
  etaSeconds?: number;
  message: string;
  log?: string;
  pid: number;
  updatedAt: string;
}
export const CLUSTER_PROGRESS_FILE: string;
export function parseBuildProgress(raw: unknown): BuildProgress | undefined;
export function parseTimings(raw: unknown): BuildTimings | undefined;
export function readBuildProgress(cacheDir: string): BuildProgress | undefined;
export function readTimings(cacheDir: string): BuildTimings | undefined;
export function estimateSecondsLeft(p: BuildProgress, timings: BuildTimings | undefined, listingSeconds?: number): number | undefined;
export function percent(done: number, total: number): number;
export function timeLeftText(seconds: number | undefined): string;
export function buildProgressLine(p: BuildProgress, eta: number | undefined): string;
export function writeClusterProgress(clusterDir: string, progress: Omit<ClusterProgress, 'pid' | 'updatedAt'>): void;
export function clusterProgressOfBuild(p: BuildProgress, eta: number | undefined): Omit<ClusterProgress, 'pid' | 'updatedAt'>;
