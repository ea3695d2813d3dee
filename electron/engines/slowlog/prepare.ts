/**
 * The digest's event preparation and fingerprint stages, as pt-query-digest runs them: Schema→db
 * alias, db/ts inheritance, zeroed row counts for admin commands, rate-limit folding, then the
 * statement's class (its fingerprint, cached by statement key).
 */
import { fingerprint, fingerprintKey } from './fingerprint';
import { unquoteDb, type DigestRun } from './digest-run';

const FP_CACHE_MAX = 50_000;

/** The row counts pt's preparation sets to 0 for an admin command (`administrator command: Quit`...). */
export const ADMIN_ZEROED: readonly string[] = ['Rows_sent', 'Rows_examined', 'Rows_read', 'Rows_affected'];

/** The fingerprint stage: the statement's class, its fingerprint cached by statement key. */
export function classify(st: DigestRun, arg: string): string {
  const key = fingerprintKey(arg) ?? arg;
  let fp = st.fpCache.get(key);
  if (fp === undefined) {
    fp = fingerprint(arg);
    if (st.fpCache.size >= FP_CACHE_MAX) st.fpCache.clear();
    st.fpCache.set(key, fp);
  }
  return fp;
}

/** pt's event preparation (Schema→db, db/ts inheritance, admin row counts, rate limit). */
export function prepare(st: DigestRun, props: Map<string, string>, arg: string): void {
  let db = props.get('db');
  const schema = props.get('Schema');
  // pt's sanitize_event: `use \`cowrite\`` and `use cowrite` name one database (pt bug 1176010).
  if (db !== undefined) {
    const bare = unquoteDb(db);
    if (bare !== db) props.set('db', (db = bare));
  }
  if (schema !== undefined) {
    props.delete('Schema');
    if (db === undefined) props.set('db', (db = unquoteDb(schema)));
  }
  if (db !== undefined) st.lastDb = db;
  else if (st.lastDb !== undefined) props.set('db', st.lastDb);
  const ts = props.get('ts');
  if (ts !== undefined) st.lastTs = ts;
  else if (st.lastTs !== undefined) props.set('ts', st.lastTs);
  if (arg.startsWith('administrator')) {
    for (const k of ADMIN_ZEROED) if (props.has(k)) props.set(k, '0');
  }
  const rateLimit = props.get('Log_slow_rate_limit');
  if (rateLimit && rateLimit !== '0') {
    props.set('rate_limit', `${props.get('Log_slow_rate_type') || 'session'}:${rateLimit}`);
    props.delete('Log_slow_rate_limit');
    props.delete('Log_slow_rate_type');
  }
}

/** `prepare` as it ran for an event that inherited `dbBefore`/`tsBefore` (a worst sample, read again in full). */
export function prepareAs(st: DigestRun, props: Map<string, string>, arg: string, dbBefore: string | undefined, tsBefore: string | undefined): void {
  const db = st.lastDb;
  const lts = st.lastTs;
  st.lastDb = dbBefore;
  st.lastTs = tsBefore;
  prepare(st, props, arg);
  st.lastDb = db;
  st.lastTs = lts;
}
