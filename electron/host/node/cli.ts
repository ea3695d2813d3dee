/** The `dbw` command line: `dbw <command> [options]`, `dbw --help`, `dbw <command> --help`. */
import { commands } from './cli/commands';
import type { CliIO } from './cli/command';
import { UsageError } from './cli/flags';
import { appVersion } from './paths';

/** Top-level help text. */
export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `DBA Workbench ${appVersion} — find and fix what makes MySQL/MariaDB and Redis slow`,
    '',
    'Usage: dbw <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `dbw <command> --help` for a command's options.",
  ].join('\n');
}

/** Runs the CLI and resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText() + '\n');
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${appVersion}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`dbw: unknown command "${name}"\n\n${helpText()}\n`);
    return 2;
  }
  const cmd = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(cmd.usage + '\n');
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`dbw ${name}: ${err.message}\n\n${cmd.usage}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`dbw ${name}: ${message}\n`);
    return 1;
  }
}

// Entry point when bundled as dist/cli.mjs.
if (process.env.DBW_CLI_ENTRY === '1') {
  void main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then((code) => {
    process.exitCode = code;
  });
}
