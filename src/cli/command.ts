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
