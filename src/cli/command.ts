import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ProblemKind } from '../core/cluster/types';
import { msg, textOf, type Message } from '../core/l10n';

// What a subcommand is. `run` returns the exit code, or -1 when the command keeps the process running.
export interface Command {
  name: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

/**
 * Bad arguments or unreadable inputs: exit code 2; the usage is shown for bad arguments only. The message is rendered
 * in the run's language when thrown (after --lang chose it); a plain string is node's own text (parseArgs).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string | Message,
    readonly showUsage = true,
  ) {
    super(textOf(message));
  }

  // By name: the commands loaded on first use (dist/cli-cluster.js, dist/cli-lsp.js) have their own copy of this class.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'UsageError';
  }
}

/** node:util parseArgs; its errors (unknown option, missing value) become a UsageError. */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>(config);
  } catch (err) {
    throw new UsageError(parseArgsProblem(err as NodeJS.ErrnoException));
  }
}

/** node's parseArgs errors in our words (its own English text where we know no better: a newer node's new error). */
function parseArgsProblem(err: NodeJS.ErrnoException): string | Message {
  const quoted = /'([^']+)'/.exec(err.message)?.[1];
  if (quoted === undefined) return err.message;
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return msg('unknown option {option}', { option: quoted });
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return msg('unexpected argument "{argument}"', { argument: quoted });
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && / argument missing$/.test(err.message)) return msg('{option} needs a value', { option: quoted.replace(/ <value>$/, '') });
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && / does not take an argument$/.test(err.message)) return msg('{option} does not take a value', { option: quoted });
  return err.message;
}

/** The `--format` value, checked against the command's formats. */
export function formatOption<F extends string>(value: unknown, formats: readonly F[]): F {
  if (!formats.includes(value as F)) throw new UsageError(msg('--format must be one of {formats}, not "{value}"', { formats: formats.join(', '), value: String(value) }));
  return value as F;
}

/** Options that take a value must not be given an empty one (`--context=`). */
export function requireValues(values: Record<string, unknown>, flags: readonly string[]): void {
  for (const flag of flags) if (values[flag] === '') throw new UsageError(msg('--{flag} needs a value', { flag }));
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, ki: 1024, kib: 1024, m: 1e6, mb: 1e6, mi: 1024 ** 2, mib: 1024 ** 2, g: 1e9, gb: 1e9, gi: 1024 ** 3, gib: 1024 ** 3 };
/** The largest size a size option accepts: a V8 string holds at most about 512 MiB of one-byte text. */
export const MAX_BYTE_SIZE = 512 * 1024 ** 2;

/** A size option such as `--max-file-size 10MiB`: bytes, or a number with k/M/G (powers of 1000) or Ki/Mi/Gi (powers of 1024), with or without `B`, any case. */
export function byteSizeOption(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? BYTE_UNITS[m[2].toLowerCase()] : undefined;
  const bytes = m && unit ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!(bytes >= 1 && bytes <= MAX_BYTE_SIZE))
    throw new UsageError(msg('--{flag} must be a size such as 10MiB, 512KiB or 1000000 (at most {max}), not "{value}"', { flag, max: formatBytes(MAX_BYTE_SIZE), value }));
  return bytes;
}

/** `1000 B`, `2.9 KiB`, `10 MiB`: sizes in messages. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toFixed(1))} ${units[unit]}`;
}

/**
 * Exit codes shared by the commands that read a cluster (`top`, `doctor`), by problem kind
 * (docs/cli.md). 3 stays the internal-error code of every command.
 */
export const CLUSTER_EXIT: Record<ProblemKind, number> = {
  'metrics-pending': 0,
  'metrics-api-missing': 1,
  'metrics-api-unavailable': 1,
  kubeconfig: 2,
  unreachable: 4,
  unauthorized: 5,
  forbidden: 6,
  error: 7,
};
