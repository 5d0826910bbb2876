import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ProblemKind } from '../core/cluster/types';

// What a subcommand is. `run` returns the exit code, or -1 when the command keeps the process running.
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

/** Bad arguments or unreadable inputs: exit code 2; the usage is shown for bad arguments only. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}

/** node:util parseArgs; its errors (unknown option, missing value) become a UsageError. */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The `--format` value, checked against the command's formats. */
export function formatOption<F extends string>(value: unknown, formats: readonly F[]): F {
  if (!formats.includes(value as F)) throw new UsageError(`--format must be one of ${formats.join(', ')}, not "${String(value)}"`);
  return value as F;
}

/** Options that take a value must not be given an empty one (`--context=`). */
export function requireValues(values: Record<string, unknown>, flags: readonly string[]): void {
  for (const flag of flags) if (values[flag] === '') throw new UsageError(`--${flag} needs a value`);
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
