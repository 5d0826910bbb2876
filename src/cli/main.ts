// The `kube-scaling-doctor` command line: a small table of subcommands. Each command is a bundle of its own, loaded
// when it runs (scripts/build.mjs) and compiled from V8's code cache after its first run (codeCache.ts): `--help` and
// `--version` load this file only, `lint` never loads the Kubernetes client, `top` never loads the rules.
import { version } from '../../package.json';
import { UsageError, type Command } from './command';
import { MissingBundleError } from '../core/missingBundle';
import type * as ClusterCommands from './clusterCommands';
import type * as Lint from './lint';
import type * as Lsp from './lsp';
import type * as Top from './top';
import { takeLangOption } from './language';
import { loadCliBundle, saveCodeCaches } from './codeCache';
import { localeFromEnv, setLocale, t } from '../core/l10n';

// The bundle keeps these require()s as run-time loads of dist/cli-lint.js, cli-cluster.js, cli-top.js and cli-lsp.js.
// `top` has a bundle of its own: it needs only client-node's KubeConfig of the client, and loading the 5 MB of
// the doctor's bundle cost more CPU than `kubectl top pods` on a small cluster; `lint` has one so that `top` does
// not load the rules (about 35 ms of every `top` run when they were in this bundle).
/* eslint-disable @typescript-eslint/no-require-imports */
const lint = () => loadCliBundle('cli-lint.js', () => require('./lint') as typeof Lint);
const clusterCommands = () => loadCliBundle('cli-cluster.js', () => require('./clusterCommands') as typeof ClusterCommands);
const lsp = () => loadCliBundle('cli-lsp.js', () => require('./lsp') as typeof Lsp);
const top = () => loadCliBundle('cli-top.js', () => require('./top') as typeof Top);
/* eslint-enable @typescript-eslint/no-require-imports */

interface CommandEntry {
  name: string;
  /** One line in `--help`, rendered in the run's language when shown. */
  summary: () => string;
  load(): Command;
}

const commands: CommandEntry[] = [
  { name: 'lint', summary: () => t('Check manifests: {usage}', { usage: 'lint <files|dirs…> [--format text|json|sarif] [--fix]' }), load: () => lint().lintCommand },
  {
    name: 'doctor',
    summary: () => t('Diagnose the live cluster: {usage}', { usage: 'doctor [--context C] [--namespace N] [--format text|json|sarif] [--fix ID [--yes]]' }),
    load: () => clusterCommands().doctorCommand,
  },
  {
    name: 'top',
    summary: () => t('Usage of nodes or pods with % of requests: {usage}', { usage: 'top nodes|pods [-A|-n NS] [--requests] [--format text|json]' }),
    load: () => top().topCommand,
  },
  { name: 'lsp', summary: () => t('Run the language server (for Neovim, Helix, Emacs, … ): {usage}', { usage: 'lsp --stdio' }), load: () => lsp().lspCommand },
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    t("kube-scaling-doctor {version}: makes Kubernetes autoscaling work, and says why when it doesn't.", { version }),
    '',
    t('Usage: {usage}', { usage: 'kube-scaling-doctor <command> [options]' }),
    '',
    t('Commands:'),
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary()}`),
    '',
    t('Options: --help, --version, --lang en|zh-cn|ja (the language of text output; default: LC_ALL, LC_MESSAGES, LANG). Run `kube-scaling-doctor <command> --help` for the options of a command.'),
    '',
  ].join('\n');
}

async function main(given: string[]): Promise<number> {
  let argv: string[];
  try {
    // The environment's language until --lang is read, so a mistyped --lang is reported in it.
    setLocale(localeFromEnv(process.env));
    const lang = takeLangOption(given, process.env);
    setLocale(lang.locale);
    argv = lang.args;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`kube-scaling-doctor: ${err.message}\n`);
    return 2;
  }
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(help());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`kube-scaling-doctor: ${t('unknown command "{name}"', { name })}\n\n${help()}`);
    return 2;
  }
  let command: Command;
  try {
    command = entry.load();
  } catch (err) {
    // Before the --help check: `doctor --help` needs the bundle too. A broken install, not a bug: no stack trace.
    if (!(err instanceof MissingBundleError)) throw err;
    process.stderr.write(`kube-scaling-doctor: ${err.message}\n`);
    return 3;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`kube-scaling-doctor ${command.name}: ${err.message}\n${err.showUsage ? `\n${command.usage}\n` : ''}`);
      return 2;
    }
    throw err;
  }
}

// At exit, so the cache also holds what the command compiled while it ran.
process.on('exit', saveCodeCaches);

// A reader that stops early (`top pods -A | head`) closes the pipe: end as kubectl and the shell's own tools do when
// SIGPIPE ends them (exit 141, nothing printed), not with an unhandled 'error' event and its stack trace.
const BROKEN_PIPE_EXIT = 141;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(BROKEN_PIPE_EXIT);
});

main(process.argv.slice(2)).then(
  (code) => {
    // The language server keeps running; it exits through the LSP exit notification.
    if (code >= 0) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`kube-scaling-doctor: internal error: ${(err as Error)?.stack ?? err}\n`);
    process.exitCode = 3;
  },
);
