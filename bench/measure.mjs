// Measuring tools shared by the benchmark parts: a process's CPU seconds, peak RSS and wall time,
// series statistics, and ratios to a yardstick measured in the same run. Nothing here asserts time.
import { spawnSync } from 'node:child_process';

/**
 * Runs `cmd args` under /usr/bin/time and returns wall ms, CPU seconds (user + system, children
 * included) and peak RSS in MiB, with the exit status and output. Throws when time(1) is missing.
 */
export function measure(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '@@KSD_TIME %U %S %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const wallMs = performance.now() - t0;
  if (r.error) throw new Error(`cannot run /usr/bin/time ${cmd}: ${r.error.message}`);
  const lines = (r.stderr ?? '').split('\n');
  const at = lines.findLastIndex((l) => l.startsWith('@@KSD_TIME '));
  if (at === -1) throw new Error(`/usr/bin/time printed no figures for ${cmd}: ${r.stderr?.slice(0, 300)}`);
  const [user, sys, rssKb] = lines[at].split(' ').slice(1).map(Number);
  lines.splice(at, 1);
  return { wallMs, cpuS: user + sys, rssMiB: rssKb / 1024, status: r.status, stdout: r.stdout, stderr: lines.join('\n') };
}

/** Runs `measure` `n` times and returns the runs and the median of each figure. */
export function measureMedian(n, cmd, args, opts) {
  const runs = Array.from({ length: n }, () => measure(cmd, args, opts));
  const med = (f) => median(runs.map(f));
  return { runs, wallMs: med((r) => r.wallMs), cpuS: med((r) => r.cpuS), rssMiB: Math.max(...runs.map((r) => r.rssMiB)), last: runs[runs.length - 1] };
}

/**
 * Runs each command `n` times, taking turns (a, b, a, b…), so a machine whose speed drifts affects each alike; returns
 * per command its runs, medians and the sum of its CPU seconds (the figure to pair: `ratio` of two sums).
 */
export function measureInterleaved(n, commands) {
  const runs = commands.map(() => []);
  for (let i = 0; i < n; i++) commands.forEach(([cmd, args, opts], c) => runs[c].push(measure(cmd, args, opts)));
  return runs.map((rs) => ({
    runs: rs,
    wallMs: median(rs.map((r) => r.wallMs)),
    cpuS: median(rs.map((r) => r.cpuS)),
    cpuSumS: rs.reduce((sum, r) => sum + r.cpuS, 0),
    rssMiB: Math.max(...rs.map((r) => r.rssMiB)),
  }));
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { min: s[0], median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

/** CPU seconds this process has used so far (user + system). */
export function ownCpuS() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export const fmtMs = (x) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
export const fmtS = (x) => `${x.toFixed(2)} s`;
export const fmtMiB = (x) => `${Math.round(x)} MiB`;
/** "1.12× <yardstick>": the figure over the yardstick measured in the same run. */
export const ratio = (x, yardstick, name) => `${(x / yardstick).toFixed(2)}× ${name}`;

/** A row of figures: prints it and keeps it for the summary table at the end of `npm run bench`. */
export const results = [];
export function report(part, what, figure, yardstick) {
  results.push({ part, what, figure, yardstick });
  console.log(`${part}: ${what}: ${figure}${yardstick ? ` (${yardstick})` : ''}`);
}

/** The summary as a Markdown table, ratios first, for docs/benchmarks.md. */
export function summaryTable() {
  const rows = results.map((r) => `| ${r.part} | ${r.what} | ${r.yardstick ?? '—'} | ${r.figure} |`);
  return ['| part | what | ratio to the yardstick of the same run | figure |', '|---|---|---|---|', ...rows].join('\n');
}
