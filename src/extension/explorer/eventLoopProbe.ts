// Opt-in measurement for bench/cluster-extension-host.mjs: with KSD_BENCH_EVENT_LOOP_FILE set in the
// extension host's environment, a 20 ms timer notes each second's longest gap between its turns (the event
// loop held up), the main thread's CPU time during that gap, and the most CPU time of any gap in that second,
// appended to that file as `<epoch ms> <gap ms> <CPU ms> <most CPU ms>` lines. The CPU tells our work from waiting for a core on a loaded machine: a 400 ms gap with 30 ms
// of CPU is the process descheduled, not a stall of ours. Unset (always, for users), nothing runs.
import fs from 'node:fs';

const TICK_MS = 20;
/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

const processCpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/**
 * The main thread's CPU time (Linux: its /proc task, in 10 ms ticks), without the GC and thread-pool threads that run
 * beside it and hold nothing up; undefined elsewhere (then the process's).
 */
function mainThreadCpuMs(): (() => number) | undefined {
  const stat = `/proc/self/task/${process.pid}/stat`;
  const read = () => {
    const f = fs.readFileSync(stat, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  };
  try {
    read();
    return read;
  } catch {
    return undefined;
  }
}

export function startEventLoopProbe(env: NodeJS.ProcessEnv = process.env): { dispose(): void } {
  const file = env.KSD_BENCH_EVENT_LOOP_FILE;
  if (!file) return { dispose: () => undefined };
  const cpuMs = mainThreadCpuMs() ?? processCpuMs;
  let last = performance.now();
  let lastCpu = cpuMs();
  let longest = { gapMs: 0, cpuMs: 0 };
  let mostCpuMs = 0;
  let second = Math.floor(Date.now() / 1000);
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = cpuMs();
    // The gap beyond the timer's own period is the delay.
    const gapMs = now - last - TICK_MS;
    const gapCpuMs = Math.max(0, cpu - lastCpu);
    if (gapMs > longest.gapMs) longest = { gapMs, cpuMs: gapCpuMs };
    mostCpuMs = Math.max(mostCpuMs, gapCpuMs);
    last = now;
    lastCpu = cpu;
    const s = Math.floor(Date.now() / 1000);
    if (s !== second) {
      fs.appendFile(file, `${Date.now()} ${longest.gapMs.toFixed(1)} ${longest.cpuMs.toFixed(1)} ${mostCpuMs.toFixed(1)}\n`, () => undefined);
      longest = { gapMs: 0, cpuMs: 0 };
      mostCpuMs = 0;
      second = s;
    }
  }, TICK_MS);
  timer.unref();
  return { dispose: () => clearInterval(timer) };
}
