// Runs a command with its stdout and stderr appended to a file in the CRI container log format (what kubelets write
// under /var/log/pods: `<RFC3339Nano time> <stream> F <line>`), the only format kwok's Logs and ClusterLogs serve through
// the real pods/log endpoint. The local cluster runs KEDA's operator through it, so `kubectl logs` of its pod, and the
// doctor, read the real operator's log (components/keda.mjs). Signals are passed on; it exits with the command's code.
//
//   node scripts/cluster/lib/criLog.mjs <log file> <command> [args...]
// @ts-check
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';

// RFC3339Nano as the kubelet writes it (millisecond precision padded to nanoseconds).
const criTimestamp = () => new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');

const [file, command, ...args] = process.argv.slice(2);
if (!file || !command) {
  process.stderr.write('usage: node criLog.mjs <log file> <command> [args...]\n');
  process.exit(2);
}
const out = fs.createWriteStream(file, { flags: 'a' });
/** @param {'stdout' | 'stderr'} stream @param {string} line */
const write = (stream, line) => out.write(`${criTimestamp()} ${stream} F ${line}\n`);

const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
child.on('error', (err) => {
  write('stderr', `criLog: could not start ${command}: ${err.message}`);
  out.end(() => process.exit(127));
});
for (const stream of /** @type {const} */ (['stdout', 'stderr'])) readline.createInterface({ input: child[stream] }).on('line', (line) => write(stream, line));
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP'])) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => out.end(() => process.exit(code ?? (signal ? 128 : 1))));
