// Opt-in measurement for bench/cluster-extension-host.mjs: with KSD_BENCH_EVENT_LOOP_FILE set in the
// extension host's environment, the longest event-loop delay of each second (perf_hooks
// monitorEventLoopDelay) is appended to that file as `<epoch ms> <max ms>` lines. Unset (always, for
// users), nothing runs.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export function startEventLoopProbe(env: NodeJS.ProcessEnv = process.env): { dispose(): void } {
  const file = env.KSD_BENCH_EVENT_LOOP_FILE;
  if (!file) return { dispose: () => undefined };
  const delays = monitorEventLoopDelay({ resolution: 10 });
  delays.enable();
  const timer = setInterval(() => {
    fs.appendFile(file, `${Date.now()} ${(delays.max / 1e6).toFixed(1)}\n`, () => undefined);
    delays.reset();
  }, 1000);
  timer.unref();
  return {
    dispose: () => {
      clearInterval(timer);
      delays.disable();
    },
  };
}
