/**
 * The seed document's data-cleanup tasks for the co-writing schema as purge presets: expired
 * sessions (30 days past expiry), completed AI generations older than 90 days, document versions
 * beyond the last 10 per document, exports older than 30 days and operation logs older than 180
 * days. Each cutoff is a literal fixed when the preset is made, so the dry run and the run count
 * the same rows (a condition on NOW() would match more rows by the time the run starts).
 */
import type { PurgePreset } from '../../../shared/contract/purge';
import { quoteQualified } from '../../../shared/sql-quote';

/** `YYYY-MM-DD hh:mm:ss` (UTC) of `now` minus `days`. */
export function cutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The presets for the co-writing schema living in `schema`, with cutoffs from `now`. */
export function cowritePresets(schema: string, now: Date): PurgePreset[] {
  const versions = quoteQualified(schema, 'document_versions');
  return [
    {
      id: 'expired-sessions',
      title: 'Expired sessions (30 days past expiry)',
      table: 'user_sessions',
      where: `expires_at < '${cutoff(now, 30)}'`,
      description: 'Login sessions whose token expired more than 30 days ago; the application rejects them already.',
    },
    {
      id: 'old-ai-generations',
      title: 'Completed AI generations older than 90 days',
      table: 'ai_generations',
      where: `created_at < '${cutoff(now, 90)}' AND status = 'completed'`,
      description: 'Finished AI generation records past their 90-day retention; pending and failed ones are kept.',
    },
    {
      id: 'surplus-document-versions',
      title: 'Document versions beyond the last 10 per document',
      table: 'document_versions',
      // A window over the table in a derived table: MySQL refuses a DELETE whose subquery reads the
      // same table directly (ERROR 1093), but a materialised derived table is allowed on both.
      where:
        `id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY document_id ORDER BY version_number DESC, id DESC) AS rn ` +
        `FROM ${versions}) AS ranked WHERE rn > 10)`,
      description: 'Keeps the 10 newest versions of each document (by version number) and deletes the older ones.',
    },
    {
      id: 'old-exports',
      title: 'Export records older than 30 days',
      table: 'document_exports',
      where: `created_at < '${cutoff(now, 30)}'`,
      description: 'Records of exported files past the 30-day download window.',
    },
    {
      id: 'old-operation-logs',
      title: 'Operation logs older than 180 days',
      table: 'operation_logs',
      where: `created_at < '${cutoff(now, 180)}'`,
      description: 'Audit-trail rows of the application past their 180-day retention.',
    },
  ];
}
