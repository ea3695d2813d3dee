/** Every dbw subcommand. */
import type { CliCommand } from './command';
import { serveCommand } from './serve.command';
import { tuneCommand } from './tune.command';

/** Subcommands in the order `dbw --help` lists them. */
export const commands: readonly CliCommand[] = [serveCommand, tuneCommand];
