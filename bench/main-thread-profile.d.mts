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
