// Opt-in measurement for bench/cluster-extension-host.mjs: with KSD_BENCH_EVENT_LOOP_FILE set in the
// extension host's environment, a 20 ms timer notes each second's longest gap between its turns (the event
// loop held up), the main thread's CPU time during that gap, the most CPU time of any gap in that second, and the
// time that gap's thread spent runnable but waiting for a core, and that second's garbage-collection pauses of the
// main thread (Node's `gc` performance entries), appended to that file as
// `<epoch ms> <gap ms> <CPU ms> <most CPU ms> <waiting ms> <minor GC ms> <major GCs> <major GC ms> <other GC ms>` lines.
// CPU and waiting tell our work from a loaded machine: a 400 ms gap with 30 ms of CPU and 370 ms waiting is the
// process descheduled, not a stall of ours. Major GCs (full mark-compacts) tell how often the heap is marked again,
// most of it on V8's worker threads, which the main thread's CPU does not show.
// Unset (always, for users), nothing runs.
import fs from 'node:fs';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

const TICK_MS = 20;

interface ThreadTimes {
  cpuMs: number;
  /** Time runnable but not running (waiting for a core); 0 where the system does not say. */
  waitingMs: number;
}

function processTimes(): ThreadTimes {
  const c = process.cpuUsage();
  return { cpuMs: (c.user + c.system) / 1000, waitingMs: 0 };
}

/**
 * The main thread's CPU and run-queue wait (Linux: /proc/self/task/<pid>/schedstat, in ns), without the GC and
 * thread-pool threads that run beside it and hold nothing up; undefined elsewhere (then the process's CPU).
 */
function mainThreadTimes(): (() => ThreadTimes) | undefined {
  const file = `/proc/self/task/${process.pid}/schedstat`;
  const read = (): ThreadTimes => {
    const [cpuNs, waitNs] = fs.readFileSync(file, 'utf8').split(' ').map(Number);
    if (!Number.isFinite(cpuNs) || !Number.isFinite(waitNs)) throw new Error(`unreadable ${file}`);
    return { cpuMs: cpuNs / 1e6, waitingMs: waitNs / 1e6 };
  };
  try {
    read();
    return read;
  } catch {
    return undefined;
  }
}

/** Main-thread GC pauses since the last `take()`: scavenges, full mark-compacts (count and ms), the rest (incremental marking steps, weak callbacks). */
function gcPauses(): { take(): [minorMs: number, majorCount: number, majorMs: number, otherMs: number]; dispose(): void } {
  let minorMs = 0;
  let majorCount = 0;
  let majorMs = 0;
  let otherMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
      const kind = e.detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) minorMs += e.duration;
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        majorCount++;
        majorMs += e.duration;
      } else otherMs += e.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    take: () => {
      const out: [number, number, number, number] = [minorMs, majorCount, majorMs, otherMs];
      minorMs = majorCount = majorMs = otherMs = 0;
      return out;
    },
    dispose: () => observer.disconnect(),
  };
}

export function startEventLoopProbe(env: NodeJS.ProcessEnv = process.env): { dispose(): void } {
  const asked = env.KSD_BENCH_EVENT_LOOP_FILE;
  if (!asked) return { dispose: () => undefined };
  const file: string = asked; // narrowed once: the tick below is a declaration, where the check does not reach
  const times = mainThreadTimes() ?? processTimes;
  let last = performance.now();
  let lastTimes = times();
  let longest = { gapMs: 0, cpuMs: 0, waitingMs: 0 };
  let mostCpuMs = 0;
  let second = Math.floor(Date.now() / 1000);
  const gc = gcPauses();
  // A named declaration (the build drops the names of function expressions): the bench's profile of the main thread
  // counts this tick apart from the view's work.
  function eventLoopProbeTick(): void {
    const now = performance.now();
    const t = times();
    // The gap beyond the timer's own period is the delay.
    const gapMs = now - last - TICK_MS;
    const gapCpuMs = Math.max(0, t.cpuMs - lastTimes.cpuMs);
    const gapWaitingMs = Math.max(0, t.waitingMs - lastTimes.waitingMs);
    if (gapMs > longest.gapMs) longest = { gapMs, cpuMs: gapCpuMs, waitingMs: gapWaitingMs };
    mostCpuMs = Math.max(mostCpuMs, gapCpuMs);
    last = now;
    lastTimes = t;
    const s = Math.floor(Date.now() / 1000);
    if (s !== second) {
      const [minorMs, majorCount, majorMs, otherMs] = gc.take();
      const line = [Date.now(), ...[longest.gapMs, longest.cpuMs, mostCpuMs, longest.waitingMs, minorMs].map((x) => x.toFixed(1)), majorCount, majorMs.toFixed(1), otherMs.toFixed(1)].join(' ');
      fs.appendFile(file, `${line}\n`, () => undefined);
      longest = { gapMs: 0, cpuMs: 0, waitingMs: 0 };
      mostCpuMs = 0;
      second = s;
    }
  }
  const timer = setInterval(eventLoopProbeTick, TICK_MS);
  timer.unref();
  return {
    dispose: () => {
      clearInterval(timer);
      gc.dispose();
    },
  };
}
