/**
 * Files named by a user (a CLI argument, a path sent to the app) are opened only when they are
 * regular files: opening a FIFO blocks until a writer comes, a device or /dev/zero never ends,
 * a socket cannot be read at all. Each is refused before it is opened, with a message that says
 * what it is.
 */
import { statSync, type Stats } from 'node:fs';
import { AppError } from '../../shared/contract/errors';

/** What a non-regular file is, for messages. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * The stats of `path` when it is a regular file (links followed); otherwise BAD_INPUT saying what
 * it is, or NOT_FOUND when it cannot be found or read.
 */
export function regularFile(path: string): Stats {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message;
    throw new AppError('NOT_FOUND', `Cannot read ${path}: ${why}`);
  }
  if (!st.isFile()) {
    throw new AppError('BAD_INPUT', `${path} is ${kindOf(st)}, not a regular file; give a file (or - to read standard input)`);
  }
  return st;
}
