/**
 * The slow-log digest engine's entry points: digest a string or Buffer in this thread, or
 * build a report from states that worker threads produced. Pure: no I/O; the runner in
 * electron/services/slow-log reads files and drives workers.
 */
import type { DigestReport } from '../../../shared/contract/slow-log';
import type { DigestState } from './digest-state';
import { createDigester, type DigestOptions } from './digester';
import { mergeDigestStates } from './merge-states';
import { buildReport, type ReportOptions } from './report';

export { createDigester, type DigestOptions, type DigestFilter, type Digester } from './digester';
export { mergeDigestStates } from './merge-states';
export { buildReport, type ReportOptions } from './report';
export { compareDigests } from './compare';
export type { DigestState } from './digest-state';

/** Options of a one-shot digest. */
export type DigestTextOptions = DigestOptions & Omit<ReportOptions, 'ptCompatible' | 'orderBy'>;

/** Digests a whole log held in memory (a paste, a small file) and returns the report. */
export function digestText(input: string | Buffer, options: DigestTextOptions = {}): DigestReport {
  const d = createDigester(options);
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const step = 4 * 1024 * 1024;
  for (let i = 0; i < buf.length; i += step) d.push(buf.subarray(i, i + step));
  const state = mergeDigestStates([d.end()]);
  return buildReport(state, { ...options, files: options.files ?? [{ name: '-', size: buf.length }] });
}

/** Builds one report from the states of consecutive ranges of a log. */
export function reportFromStates(states: DigestState[], options: DigestTextOptions = {}): DigestReport {
  return buildReport(mergeDigestStates(states), options);
}
