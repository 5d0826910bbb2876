// Which clusters a test run may use. Two runs at once on one cluster name (a developer's run beside CI's, both on
// ksd-test) tear each other's scenarios down and both fail in ways that look like product bugs: a run claims its base
// name for as long as it lives, and a second run picks names of its own or, when told a name, stops and says who has it.
// @ts-check
import fs from 'node:fs';
import path from 'node:path';

/** Whether `pid` is a live process (EPERM: alive, but someone else's). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM';
  }
}

/** The holder recorded in a claim file, or null when there is none, it is unreadable or its process is gone. */
function liveHolder(file) {
  let holder;
  try {
    holder = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  return Number.isInteger(holder?.pid) && holder.pid !== process.pid && alive(holder.pid) ? holder : null;
}

/** Takes `file` for this process; false when a live process holds it. A claim left by a dead process is taken over. */
function tryClaim(file) {
  const record = JSON.stringify({ pid: process.pid, started: new Date().toISOString(), cwd: process.cwd() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, record, { flag: 'wx' });
      return true;
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EEXIST') throw e;
      if (liveHolder(file)) return false;
      fs.rmSync(file, { force: true });
    }
  }
  return false;
}

/**
 * Claims the base cluster name of a test run until the process exits.
 * @param {string} base the name the shards' clusters derive from (scripts/test-shards.mjs)
 * @param {{dir: string, chosen: boolean}} options dir: where claims live; chosen: the user named the cluster
 *   (KSD_TEST_CLUSTER), so another name would not be what they asked for
 * @returns {{ok: true, base: string, note?: string} | {ok: false, message: string}}
 */
export function claimTestClusters(base, { dir, chosen }) {
  fs.mkdirSync(dir, { recursive: true });
  const claimFile = (name) => path.join(dir, `${name}.test-run.json`);
  const release = (file) => () => {
    if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
  };
  if (tryClaim(claimFile(base))) {
    process.on('exit', release(claimFile(base)));
    return { ok: true, base };
  }
  const holder = liveHolder(claimFile(base));
  const who = holder ? `pid ${holder.pid}, started ${holder.started} in ${holder.cwd}` : 'another run';
  if (chosen) return { ok: false, message: `the test cluster ${base} is in use by another test run (${who}); wait for it, or choose another KSD_TEST_CLUSTER` };
  const own = `${base}-run${process.pid}`;
  if (!tryClaim(claimFile(own))) return { ok: false, message: `cannot claim the test cluster ${own}` };
  process.on('exit', release(claimFile(own)));
  return { ok: true, base: own, note: `the test cluster ${base} is in use by another test run (${who}): this run uses ${own} instead` };
}

function readPid(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).pid;
  } catch {
    return null;
  }
}
