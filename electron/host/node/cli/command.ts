import { createInterface } from 'node:readline';
import { UsageError } from './flags';

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

/** One subcommand's body: the arguments after its name; resolves to the exit code. */
export type SubcommandRun = (args: readonly string[], io: CliIO) => Promise<number>;

/**
 * A command made of subcommands (`dbw partition check …`, `dbw shard plan …`): no subcommand prints
 * the usage (exit 2; `help`/`--help`, also after a subcommand, exit 0), an unknown one is a usage error, and any error ends in
 * its message on standard error with exit 2 (the usage too for a usage error).
 */
export function subcommands(name: string, usage: string, subs: Readonly<Record<string, SubcommandRun>>): CliCommand {
  return {
    name,
    usage,
    async run(args, io) {
      try {
        const [sub, ...rest] = args;
        if (!sub || sub === '--help' || sub === 'help') {
          io.stdout.write(`${usage}\n`);
          return sub ? 0 : 2;
        }
        const run = Object.hasOwn(subs, sub) ? subs[sub] : undefined;
        if (!run) throw new UsageError(`Unknown ${name} subcommand ${sub}`);
        // `dbw partition rotate --help`: the usage, whatever other flags are given.
        if (rest.includes('--help')) {
          io.stdout.write(`${usage}\n`);
          return 0;
        }
        return await run(rest, io);
      } catch (e) {
        io.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        if (e instanceof UsageError) io.stderr.write(`\n${usage}\n`);
        return 2;
      }
    },
  };
}

/** Asks a question on the terminal; true only when the answer is "yes". */
export async function confirm(io: CliIO, question: string): Promise<boolean> {
  io.stdout.write(question);
  const rl = createInterface({ input: io.stdin, terminal: false });
  try {
    for await (const line of rl) return line.trim().toLowerCase() === 'yes';
    return false;
  } finally {
    rl.close();
  }
}
