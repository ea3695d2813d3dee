/** Every dbw subcommand, in the order of the DBA's loop. */
import { adviseCommand } from './advise.command';
import type { CliCommand } from './command';
import { digestCommand } from './digest.command';
import { explainCommand } from './explain.command';
import { serveCommand } from './serve.command';
import { tuneCommand } from './tune.command';

/** Subcommands in the order `dbw --help` lists them. */
export const commands: readonly CliCommand[] = [digestCommand, explainCommand, adviseCommand, tuneCommand, serveCommand];
