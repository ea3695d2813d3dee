/**
 * The one way to print a command meant to be pasted into a POSIX shell (bash, zsh, dash). Every
 * argument that is not made only of characters no shell treats specially is wrapped in single
 * quotes, where nothing is special; a single quote inside becomes `'\''`. So a table named
 * ``big$(touch pwned)`` reaches the tool as one literal argument and nothing runs.
 * https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_02_02_02
 */

// `=` only after the first character: zsh expands a word starting with `=` to a program's path.
const SAFE = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

/** Quotes one argument for a POSIX shell; a NUL cannot be passed to a program at all, so it is refused. */
export function shellQuote(arg: string): string {
  if (arg.includes('\u0000')) throw new Error('A shell argument cannot contain a NUL character');
  if (SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A whole command line: the program and its arguments, each quoted by shellQuote. */
export function shellCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('Empty command');
  return argv.map(shellQuote).join(' ');
}

/**
 * One value of a Percona Toolkit DSN (`D=db,t=table`). The tools split a DSN at commas not
 * preceded by a backslash and turn `\,` back into `,`; the first `=` ends the key, so `=` in a
 * value needs nothing. A value with a backslash right before a comma or at its end cannot be
 * written at all (the tool would read a different name), so it is refused.
 * https://docs.percona.com/percona-toolkit/dsn_data_source_name_specifications.html
 */
export function ptDsnValue(value: string): string {
  if (value.length === 0) throw new Error('An empty DSN value');
  if (/\\(,|$)/.test(value)) throw new Error(`${JSON.stringify(value)} cannot be written in a Percona Toolkit DSN (a backslash before a comma or at the end)`);
  return value.replace(/,/g, '\\,');
}

/** A Percona Toolkit DSN from its parts, in the given order (`{ D: 'cowrite', t: 'docs' }` → `D=cowrite,t=docs`). */
export function ptDsn(parts: Readonly<Record<string, string>>): string {
  return Object.entries(parts)
    .map(([k, v]) => {
      if (!/^[A-Za-z]$/.test(k)) throw new Error(`DSN keys are one letter, not ${JSON.stringify(k)}`);
      return `${k}=${ptDsnValue(v)}`;
    })
    .join(',');
}

/** Programs whose command lines plan notes print (each alone on its line, through shellCommand), so the UI can offer them to copy. */
export const pastedPrograms: readonly string[] = ['pt-online-schema-change', 'gh-ost', 'mariadbd'];

/** True when a note is a command line built by shellCommand for one of pastedPrograms. */
export function isCommandNote(note: string): boolean {
  return pastedPrograms.some((p) => note.startsWith(`${p} `));
}
