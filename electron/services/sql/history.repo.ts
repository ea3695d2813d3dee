/** Editor history in the workspace `history` table: appended on every run, listed and searched per connection. */
import type Database from 'better-sqlite3';
import type { HistoryEntry } from '../../../shared/contract/sql.calls';
import { redactSecrets } from '../../store/redact-secrets';

const MAX_TEXT = 100_000;

/** History of statements run in the editor. */
export class HistoryRepo {
  constructor(private readonly db: Database.Database) {}

  /** Appends an entry. */
  append(connectionId: string | null, kind: string, text: string): void {
    this.db
      .prepare('INSERT INTO history (at, connection_id, kind, text) VALUES (?, ?, ?, ?)')
      .run(new Date().toISOString(), connectionId, kind, redactSecrets(text.slice(0, MAX_TEXT)));
  }

  /** Newest first; `search` matches anywhere in the text (case-insensitive for ASCII). */
  list(connectionId: string | null, search: string, limit: number): HistoryEntry[] {
    const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.db
      .prepare(
        `SELECT id, at, connection_id AS connectionId, kind, text FROM history
          WHERE (? IS NULL OR connection_id = ?) AND text LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ?`,
      )
      .all(connectionId, connectionId, like, limit);
    return (rows as HistoryEntry[]).map((r) => ({ ...r, text: redactSecrets(r.text) }));
  }
}
