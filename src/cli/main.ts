// The `kube-scaling-doctor` command line: a small table of subcommands.
import { version } from '../../package.json';
import { doctorCommand } from './doctor';
import { topCommand } from './top';
import { lintCommand } from './lint';
import { lspCommand } from './lsp';
import { UsageError, type Command } from './command';

const commands: Command[] = [lintCommand, doctorCommand, topCommand, lspCommand];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `kube-scaling-doctor ${version}: makes Kubernetes autoscaling work, and says why when it doesn't.`,
    '',
    'Usage: kube-scaling-doctor <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options: --help, --version. Run `kube-scaling-doctor <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
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
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`kube-scaling-doctor: unknown command "${name}"\n\n${help()}`);
    return 2;
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
