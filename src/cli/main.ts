// The `kube-scaling-doctor` command line: a small table of subcommands. `lint` is in this bundle; the
// language server and the cluster commands (with the Kubernetes client) are bundles of their own, loaded
// when their command runs (scripts/build.mjs), so `lint`, `--help` and `--version` start fast.
import { version } from '../../package.json';
import { lintCommand } from './lint';
import { UsageError, type Command } from './command';
import { loadBundle, MissingBundleError } from '../core/missingBundle';
import type * as ClusterCommands from './clusterCommands';
import type * as Lsp from './lsp';
import type * as Top from './top';
import { takeLangOption } from './language';
import { localeFromEnv, setLocale, t } from '../core/l10n';

// The bundle keeps these require()s as run-time loads of dist/cli-cluster.js, dist/cli-top.js and dist/cli-lsp.js.
// `top` has a bundle of its own: it needs only client-node's KubeConfig of the client, and loading the 5 MB of
// the doctor's bundle cost more CPU than `kubectl top pods` on a small cluster.
/* eslint-disable @typescript-eslint/no-require-imports */
const clusterCommands = () => loadBundle('cli-cluster.js', () => require('./clusterCommands') as typeof ClusterCommands);
const lsp = () => loadBundle('cli-lsp.js', () => require('./lsp') as typeof Lsp);
const top = () => loadBundle('cli-top.js', () => require('./top') as typeof Top);
/* eslint-enable @typescript-eslint/no-require-imports */

interface CommandEntry {
  name: string;
  /** One line in `--help`, rendered in the run's language when shown. */
  summary: () => string;
  load(): Command;
}

const commands: CommandEntry[] = [
  { name: 'lint', summary: () => t('Check manifests: {usage}', { usage: 'lint <files|dirs…> [--format text|json|sarif] [--fix]' }), load: () => lintCommand },
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
