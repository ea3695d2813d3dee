/**
 * The last digest kept across a reload: the report (with the filters it ran with) goes to the
 * renderer's localStorage under a size bound, so an analysis of a large log does not vanish with
 * the page and cannot fill the storage either. A file is kept by name only (its bytes stay where
 * they are); when the report is too large, the class table stays whole and the raw samples are
 * dropped beyond the top classes, which the panel then says.
 */
import type { QueryClass } from '../../../../shared/contract/slow-log';
import type { Digest, DigestInput, Filters } from './slow-log.store';

/** The localStorage key of the kept digest. */
export const SAVED_DIGEST_KEY = 'dbw.slowLog.lastDigest';
/** Characters the kept digest may take (localStorage holds about 5 M characters per origin, shared by the app). */
export const SAVED_DIGEST_BUDGET = 1_500_000;
/** A paste longer than this is kept by name only (it cannot be re-run after the reload). */
export const SAVED_PASTE_CHARS = 200_000;
/** Reading warnings kept when the report has to shrink. */
const SAVED_WARNINGS = 100;

/** What a restored digest says about itself. */
export interface RestoredNote {
  savedAt: string;
  /** Classes (by rank) whose raw sample was kept; the others show their fingerprint only. */
  samplesKept: number;
  classes: number;
}

/** A digest as stored. */
interface SavedDigest {
  version: 1;
  savedAt: string;
  filters: Filters;
  samplesKept: number;
  digest: Omit<Digest, 'input' | 'restored'> & { input: DigestInput };
}

/** The input as it can be kept: a file or a large paste by name only. */
function savedInput(input: DigestInput, label: string): DigestInput {
  if (input.kind === 'file') return { kind: 'restored', name: input.file.name };
  if (input.kind === 'paste' && input.text.length > SAVED_PASTE_CHARS) return { kind: 'restored', name: label };
  return input;
}

/** The class without its raw sample (text, attributes, EXPLAIN): the statistics stay. */
function withoutSample(c: QueryClass): QueryClass {
  return { ...c, sample: { ...c.sample, text: '', attributes: {}, explain: [] } };
}

/**
 * The text to store for `digest`, the largest that fits `budget`: whole, else raw samples kept
 * for the top 50, 20, then 0 classes (warnings capped), else null (nothing fits).
 */
export function savedDigestText(digest: Digest, filters: Filters, now: Date, budget = SAVED_DIGEST_BUDGET): string | null {
  const { restored: _restored, ...plain } = digest;
  const classes = digest.report.classes;
  for (const keep of [classes.length, 50, 20, 0]) {
    if (keep > classes.length) continue;
    const report =
      keep === classes.length
        ? digest.report
        : { ...digest.report, warnings: digest.report.warnings.slice(0, SAVED_WARNINGS), classes: classes.map((c, i) => (i < keep ? c : withoutSample(c))) };
    const saved: SavedDigest = {
      version: 1,
      savedAt: now.toISOString(),
      filters,
      samplesKept: keep,
      digest: { ...plain, report, input: savedInput(digest.input, digest.label) },
    };
    const text = JSON.stringify(saved);
    if (text.length <= budget) return text;
  }
  return null;
}

/** The digest and filters kept in `text`, or null when there is none or it is not one this build wrote. */
export function restoreDigest(text: string | null): { digest: Digest; filters: Filters } | null {
  if (!text) return null;
  try {
    const saved = JSON.parse(text) as SavedDigest;
    if (saved?.version !== 1 || !Array.isArray(saved.digest?.report?.classes) || !saved.digest.input) return null;
    const restored: RestoredNote = { savedAt: saved.savedAt, samplesKept: saved.samplesKept, classes: saved.digest.report.classes.length };
    return { digest: { ...saved.digest, restored }, filters: saved.filters };
  } catch {
    return null;
  }
}

/** The renderer's storage, absent outside a browser. */
function storage(): Storage | null {
  return typeof localStorage === 'undefined' ? null : localStorage;
}

/** Keeps `digest` for the next start; a digest too large for the bound (or a full storage) clears the kept one instead. */
export function keepDigest(digest: Digest, filters: Filters): boolean {
  const s = storage();
  if (!s) return false;
  const text = savedDigestText(digest, filters, new Date());
  try {
    if (text) {
      s.setItem(SAVED_DIGEST_KEY, text);
      return true;
    }
  } catch {
    // Quota exceeded: fall through and drop the older digest rather than show a stale one.
  }
  s.removeItem(SAVED_DIGEST_KEY);
  return false;
}

/** The digest kept by the last start, if any. */
export function keptDigest(): { digest: Digest; filters: Filters } | null {
  return restoreDigest(storage()?.getItem(SAVED_DIGEST_KEY) ?? null);
}

/** Forgets the kept digest (the panel was reset). */
export function forgetDigest(): void {
  storage()?.removeItem(SAVED_DIGEST_KEY);
}
