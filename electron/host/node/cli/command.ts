/** A `dbw` subcommand. Each lives in its own `<name>.command.ts` and is listed, with its one-line
 * summary, in commands.ts (which loads it only when it runs). */
export interface CliCommand {
  readonly name: string;
  /** Full usage text for `dbw <name> --help`. */
  readonly usage: string;
  /** Runs with the arguments after the subcommand name; resolves to the process exit code. */
  run(args: readonly string[], io: CliIO): Promise<number>;
}

/** The process streams, passed in so commands are testable without spawning. */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}
