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
  constructor(message: string, readonly showUsage = true) {
    super(message);
  }
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
