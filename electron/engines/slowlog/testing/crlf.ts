/**
 * What a CRLF copy of a log must share with its LF original: everything in the digest report
 * except where things are (file sizes, byte offsets) and the order of classes that tie (ranking
 * breaks ties on a byte offset). Used by the CRLF tests on the corpus and on the sandbox servers' logs.
 */
import type { DigestReport } from '../../../../shared/contract/slow-log';

/** The LF log with every `\n` written as `\r\n`, as a Windows editor or transfer leaves it. */
export function toCrlf(lf: Buffer): Buffer {
  return Buffer.from(lf.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
}

/** The report without file sizes, byte offsets and ranks, classes in queryId order: equal for a log and its CRLF copy. */
export function digestWithoutOffsets(r: DigestReport): unknown {
  const { files: _files, bytes: _bytes, ...header } = r.header;
  return {
    header,
    warnings: r.warnings.map((w) => w.kind),
    skippedLines: r.skippedLines,
    findings: r.findings,
    profile: r.profile.map(({ rank: _rank, ...row }) => row).sort((a, b) => (a.queryId < b.queryId ? -1 : a.queryId > b.queryId ? 1 : 0)),
    classes: r.classes
      .map(({ rank: _rank, sample, ...c }) => {
        const { posInLog: _pos, ...rest } = sample;
        return { ...c, sample: rest };
      })
      .sort((a, b) => (a.queryId < b.queryId ? -1 : a.queryId > b.queryId ? 1 : 0)),
  };
}
