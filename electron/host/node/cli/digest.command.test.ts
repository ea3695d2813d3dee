import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { digestReport } from '../../../../shared/contract/slow-log';
import { digestCommand } from './digest.command';
import { corpusPath } from '../../../testing/paths';

const FIXTURE = join(__dirname, '../../../engines/slowlog/fixtures/mariadb-10.11-explain.log');
const SLOW002 = corpusPath('slowlogs/percona/slow002.txt');

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await digestCommand.run(args, { stdout, stderr, stdin: Readable.from([Buffer.from(stdin)]) });
  return { code, out, err };
}

describe('dbw digest', () => {
  it('prints a pt-style text report', async () => {
    const { code, out } = await run([SLOW002]);
    expect(code).toBe(0);
    expect(out).toMatch(/# Overall: 8 total, 7 unique/);
    expect(out).toMatch(/# Profile/);
    expect(out).toMatch(/# Query 1: .*ID 0x66825DDC008FFA89 at byte \d+/);
    expect(out).toMatch(/# Query_time distribution\n# {4}1us/);
  });

  it('prints JSON that matches the schema, with options applied', async () => {
    const { code, out } = await run([FIXTURE, '--json', '--limit', '2', '--order-by', 'Rows_examined', '--pt-compatible']);
    expect(code).toBe(0);
    const report = digestReport.parse(JSON.parse(out));
    expect(report.classes).toHaveLength(2);
    expect(report.options).toEqual({ ptCompatible: true, orderBy: 'Rows_examined', limit: 2 });
    expect(report.classes[0]!.metrics.Rows_examined!.sum).toBeGreaterThanOrEqual(report.classes[1]!.metrics.Rows_examined!.sum);
  });

  it('filters by database and time, and reads standard input', async () => {
    const log = `# Time: 2024-05-01T10:00:00Z\n# Query_time: 1  Lock_time: 0\nuse a;\nSELECT 1;\n# Time: 2024-05-02T10:00:00Z\n# Query_time: 2  Lock_time: 0\nuse b;\nSELECT 2;\n`;
    const byDb = JSON.parse((await run(['-', '--json', '--filter-db', 'b'], log)).out);
    expect(byDb.header.events).toBe(1);
    const bySince = JSON.parse((await run(['-', '--json', '--since', '2024-05-01T12:00:00Z'], log)).out);
    expect(bySince.classes[0].sample.text).toBe('SELECT 2');
  });

  it('fails clearly on unreadable input and bad options', async () => {
    const missing = await run(['/nonexistent/slow.log']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Cannot read \/nonexistent\/slow.log: no such file/);
    expect((await run(['/tmp'])).err).toMatch(/\/tmp is a directory, not a regular file/);
    expect((await run([SLOW002, '--limit', 'x'])).code).toBe(2);
    expect((await run([])).err).toMatch(/at least one FILE/);
    const notALog = await run(['-'], 'just some words\n');
    expect(notALog.code).toBe(1);
    expect(notALog.err).toMatch(/no slow-log entries/);
  });

  it('refuses a FIFO, a socket and a device before reading them, instead of waiting forever', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbw-digest-special-'));
    const server = createServer();
    try {
      const fifo = join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      const sock = join(dir, 'sock');
      await new Promise<void>((ok) => server.listen(sock, ok));
      for (const [path, what] of [
        [fifo, 'a named pipe (FIFO)'],
        [sock, 'a socket'],
        ['/dev/zero', 'a device'],
      ] as const) {
        const r = await run([path]);
        expect(r.code).toBe(1);
        expect(r.err).toContain(`${path} is ${what}, not a regular file`);
      }
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what an input that is not a slow log looks like, and exits 1', async () => {
    const cases: [string, RegExp][] = [
      ['{"query_block": {"select_id": 1}}\n', /this looks like JSON/],
      ['Time\t\t    Id Command\tArgument\n241126 10:00:00\t    5 Query\tSELECT 1\n\t\t    5 Quit\t\n', /general query log/],
      ['SELECT 1;\nUPDATE t SET a = 1;\n', /SQL statements without the `# Query_time:` header lines/],
      ['\0\0\0\x01binary\0junk'.repeat(100), /looks binary/],
    ];
    for (const [input, says] of cases) {
      const r = await run(['-'], input);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(says);
    }
  });
});
