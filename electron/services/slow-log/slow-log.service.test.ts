import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestReport } from '../../../shared/contract/slow-log';
import type { ConnectionsRepo } from '../../store/connections.repo';
import { DEMO_TITLE, engineOptions, findAssetsDir, slowLogHandlers, uploadPath } from './slow-log.service';

const percona = readFileSync(join(__dirname, '../../../../shared/corpus/slowlogs/percona/slow002.txt'), 'utf8');
const demoLog = readFileSync(join(__dirname, '../../assets/demo/cowrite-slow.log'));
let ws: string;
const noConnections = {} as ConnectionsRepo;
const ctx = (over: Partial<{ signal: AbortSignal }> = {}) => {
  const events: { done: number; total: number | null; message?: string }[] = [];
  return {
    events,
    requestId: 't',
    signal: over.signal ?? new AbortController().signal,
    progress: (e: { done: number; total: number | null; message?: string }) => void events.push(e),
  };
};

beforeAll(() => {
  ws = mkdtempSync(join(tmpdir(), 'dbw-slowlog-svc-'));
  mkdirSync(join(ws, 'uploads'));
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('slow-log service', () => {
  const h = () => slowLogHandlers({ workspaceDir: ws, connections: noConnections });

  it('digests a pasted Percona log into a valid report', async () => {
    const r = await h()['slowLog.digestText']({ text: percona }, ctx());
    expect(digestReport.safeParse(r).success).toBe(true);
    expect(r.header.events).toBeGreaterThan(0);
    expect(r.classes.some((c) => /update d\?tuningdetail/.test(c.fingerprint))).toBe(true);
    expect(r.header.files[0]!.name).toBe('pasted text');
  });

  it('applies filters (text search) by re-running the digest', async () => {
    const all = await h()['slowLog.digestText']({ text: percona }, ctx());
    const some = await h()['slowLog.digestText']({ text: percona, options: { text: 'tuningdetail' } }, ctx());
    expect(some.classes.length).toBeGreaterThan(0);
    expect(some.classes.length).toBeLessThan(all.classes.length);
    expect(some.classes.every((c) => c.sample.text.toLowerCase().includes('tuningdetail'))).toBe(true);
  });

  it('maps request options to engine options, dropping empty filters', () => {
    expect(engineOptions({ limit: 5 })).toEqual({ ptCompatible: undefined, orderBy: undefined, limit: 5 });
    expect(engineOptions({ db: ['cowrite'], minQueryTime: 0.5 }).filter).toMatchObject({ db: ['cowrite'], minQueryTime: 0.5 });
    expect(engineOptions({ db: [], text: '' }).filter).toBeUndefined();
  });

  it('digests a file by path with progress and the same result as a paste', async () => {
    const path = join(ws, 'demo.log');
    writeFileSync(path, demoLog);
    const c = ctx();
    const r = await h()['slowLog.digestFile']({ source: { kind: 'path', path } }, c);
    const pasted = await h()['slowLog.digestText']({ text: demoLog.toString('utf8') }, ctx());
    expect(r.header.events).toBe(pasted.header.events);
    expect(r.classes.map((x) => x.checksum)).toEqual(pasted.classes.map((x) => x.checksum));
    expect(r.header.files).toEqual([{ name: 'demo.log', size: demoLog.length }]);
    expect(c.events.at(-1)!.done).toBe(demoLog.length);
  });

  it('digests an upload by id and deletes the upload afterwards', async () => {
    const id = '0f0e0d0c-0b0a-4998-8776-655443322110';
    writeFileSync(join(ws, 'uploads', id), demoLog);
    const r = await h()['slowLog.digestFile']({ source: { kind: 'upload', uploadId: id, name: 'mine.log' } }, ctx());
    expect(r.header.files[0]!.name).toBe('mine.log');
    expect(r.header.events).toBeGreaterThan(500);
    expect(existsSync(join(ws, 'uploads', id))).toBe(false);
  });

  it('refuses upload ids that are not ids', () => {
    expect(() => uploadPath(ws, '../../etc/passwd')).toThrow(/upload id/);
    expect(uploadPath(ws, '0f0e0d0c-0b0a-4998-8776-655443322110')).toBe(join(ws, 'uploads', '0f0e0d0c-0b0a-4998-8776-655443322110'));
  });

  it('stops a file digest when cancelled, and still deletes the upload', async () => {
    const id = '1f0e0d0c-0b0a-4998-8776-655443322110';
    const big = Buffer.concat(Array.from({ length: 30 }, () => demoLog));
    writeFileSync(join(ws, 'uploads', id), big);
    const ac = new AbortController();
    const c = ctx({ signal: ac.signal });
    const run = h()['slowLog.digestFile']({ source: { kind: 'upload', uploadId: id } }, { ...c, progress: (e) => (c.progress(e), e.done > 0 && ac.abort()) });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(join(ws, 'uploads', id))).toBe(false);
  });

  it('gives a warning and a partial report for a log cut short in the middle of an entry', async () => {
    const text = demoLog.toString('utf8');
    const cutAt = text.indexOf('# Query_time:', Math.floor(text.length / 2));
    const path = join(ws, 'truncated.log');
    writeFileSync(path, text.slice(0, cutAt + 40));
    const r = await h()['slowLog.digestFile']({ source: { kind: 'path', path } }, ctx());
    expect(r.warnings.map((w) => w.kind)).toContain('truncated-entry');
    expect(r.header.events).toBeGreaterThan(100);
    expect(r.header.events).toBeLessThan(660);
  });

  it('reads a gzipped upload like the plain log', async () => {
    const id = '2f0e0d0c-0b0a-4998-8776-655443322110';
    writeFileSync(join(ws, 'uploads', id), gzipSync(demoLog));
    const r = await h()['slowLog.digestFile']({ source: { kind: 'upload', uploadId: id, name: 'slow.log.gz' } }, ctx());
    const plain = await h()['slowLog.digestText']({ text: demoLog.toString('utf8') }, ctx());
    expect(r.header.events).toBe(plain.header.events);
  });

  it('says a binary file is not a slow log instead of inventing classes', async () => {
    const path = join(ws, 'image.bin');
    writeFileSync(path, Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 131 + 7) % 256)));
    const r = await h()['slowLog.digestFile']({ source: { kind: 'path', path } }, ctx());
    expect(r.warnings[0]).toMatchObject({ kind: 'binary-input' });
    expect(r.classes).toEqual([]);
  });

  it('says a missing file is missing', async () => {
    await expect(h()['slowLog.digestFile']({ source: { kind: 'path', path: join(ws, 'nope.log') } }, ctx())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('serves the bundled demo: title, schema text and a report with the workload and its N+1 bursts', async () => {
    expect(findAssetsDir()).toMatch(/electron[/\\]assets$/);
    const d = await h()['slowLog.demo']({}, ctx());
    expect(d.title).toBe(DEMO_TITLE);
    expect(d.schemaSql).toContain('CREATE TABLE documents');
    expect(d.report.header.events).toBeGreaterThan(500);
    const ids = d.report.findings.map((f) => f.id);
    expect(ids).toContain('n-plus-one');
    expect(ids).toContain('rows-examined-ratio');
    expect(d.report.classes[0]!.tables.length).toBeGreaterThan(0);
    const filtered = await h()['slowLog.demo']({ options: { text: 'user_sessions' } }, ctx());
    expect(filtered.report.classes.length).toBeLessThan(d.report.classes.length);
    expect(filtered.report.classes.every((c) => c.tables.some((t) => t.includes('user_sessions')))).toBe(true);
  });

  it('compares two digests: the filtered one lacks classes the full one has', async () => {
    const full = await h()['slowLog.digestText']({ text: percona }, ctx());
    const part = await h()['slowLog.digestText']({ text: percona, options: { text: 'tuningdetail' } }, ctx());
    const cmp = await h()['slowLog.compare']({ before: full, after: part }, ctx());
    expect(cmp.changes.some((c) => c.status === 'gone')).toBe(true);
    expect(cmp.changes.some((c) => c.status === 'new')).toBe(false);
  });
});
