// Types of main-thread-profile.mjs for the TypeScript tests that import it.
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}
export interface Phase {
  name: string;
  fromUs: number;
  toUs: number;
}
export interface PhaseSplit {
  name: string;
  seconds: number;
  ours: number;
  probe: number;
  gc: number;
  rest: number;
  busy: number;
}
export function monotonicUs(): number;
export function attachInspector(pid: number, options?: { port?: number; timeoutMs?: number }): Promise<{ send(method: string, params?: object): Promise<any>; close(): void }>;
export function mainThreadProfiler(
  inspector: { send(method: string, params?: object): Promise<any> },
  options?: { intervalUs?: number },
): Promise<{ start(): Promise<unknown>; stop(): Promise<CpuProfile> }>;
export const PROBE_FUNCTION: string;
export function splitProfile(profile: CpuProfile, phases: Phase[], ourUrlPart: string, probeFunction?: string): PhaseSplit[];
export interface HeapProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children?: HeapProfileNode[];
}
export function allocationSampler(
  inspector: { send(method: string, params?: object): Promise<any> },
  options?: { intervalBytes?: number },
): Promise<{ start(): Promise<unknown>; stop(): Promise<{ head: HeapProfileNode }> }>;
export function allocations(profile: { head: HeapProfileNode }, ourUrlPart: string, n?: number): { total: number; ours: number; top: [string, number][] };
