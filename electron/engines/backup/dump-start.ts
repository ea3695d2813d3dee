/**
 * When mariadb-dump / mysqldump has opened its consistent snapshot, read from its --verbose lines
 * on stderr (written unbuffered as it goes, where its stdout is buffered). It announces
 * `-- Starting transaction...` before START TRANSACTION WITH CONSISTENT SNAPSHOT; every later line
 * (`-- Setting savepoint...`, `-- Retrieving table structure for table t...`, ...) is written after
 * it. Its end proves it too. The --verbose lines are progress, never part of a failure's message.
 */
const STARTING = '-- Starting transaction...';

/** Whether a line of the tool's stderr is one of its --verbose progress lines. */
export function isVerboseLine(line: string): boolean {
  return line.startsWith('-- ');
}

/** Reads the tool's stderr, in the pieces it arrives in, for the first line after the transaction started. */
export class DumpStartWatch {
  private rest = '';
  private starting = false;
  private seen = false;

  /** Whether the snapshot is known to be open once `text` has been read (true from then on). */
  feed(text: string): boolean {
    if (this.seen) return true;
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop() ?? '';
    for (const raw of lines) {
      const line = raw.replace(/\r$/, '');
      if (!isVerboseLine(line)) continue;
      if (this.starting) {
        this.seen = true;
        return true;
      }
      if (line.startsWith(STARTING)) this.starting = true;
    }
    return false;
  }
}
