import { describe, expect, it } from 'vitest';
import { sysbenchSpec } from '../../../shared/contract/sysbench';
import { estimatePreparedBytes, sysbenchCommand, sysbenchConfigText, sysbenchFailure } from './args';

const spec = sysbenchSpec.parse({ workload: 'oltp_read_write', tables: 2, tableSize: 500, threads: 4, timeSec: 3, rate: 100 });
const endpoint = { host: '127.0.0.1', port: 3307, user: 'dbw_sb_abc', database: 'dbw_sb_abc', configFile: '/run/x/sysbench.cfg' };

describe('sysbench command lines', () => {
  it('keeps the password in the option file, never on the command line', () => {
    const run = sysbenchCommand(endpoint, spec, 'run');
    expect(run.program).toBe('sysbench');
    expect(run.args.some((a) => /password/.test(a))).toBe(false);
    expect(run.args).toContain('--config-file=/run/x/sysbench.cfg');
    expect(sysbenchConfigText('Abc123')).toBe('mysql-password=Abc123\n');
    expect(() => sysbenchConfigText('a\nmysql-host=evil')).toThrow(/line break/);
  });

  it('asks run for per-second reports and the histogram; prepare and cleanup take only the data shape', () => {
    const run = sysbenchCommand(endpoint, spec, 'run').args;
    expect(run[0]).toBe('oltp_read_write');
    expect(run.at(-1)).toBe('run');
    expect(run).toEqual(
      expect.arrayContaining(['--threads=4', '--time=3', '--rate=100', '--report-interval=1', '--histogram=on', '--tables=2', '--table-size=500']),
    );
    const prepare = sysbenchCommand(endpoint, spec, 'prepare').args;
    expect(prepare.at(-1)).toBe('prepare');
    expect(prepare.some((a) => a.startsWith('--threads') || a.startsWith('--time'))).toBe(false);
    expect(sysbenchCommand(endpoint, spec, 'cleanup').args).toContain('--mysql-db=dbw_sb_abc');
  });

  it('estimates the prepared size from rows and tables, at least two pages per table', () => {
    expect(estimatePreparedBytes({ tables: 1, tableSize: 1 })).toBe(32_768);
    expect(estimatePreparedBytes({ tables: 1, tableSize: 10_000 })).toBe(2_800_000);
    const one = estimatePreparedBytes({ tables: 1, tableSize: 100_000 });
    expect(one).toBeGreaterThan(15e6);
    expect(one).toBeLessThan(40e6);
    expect(estimatePreparedBytes({ tables: 4, tableSize: 100_000 })).toBe(4 * one);
  });

  it("reaches the connection's own server: TCP for localhost (not libmariadb's default socket), or the socket given", () => {
    const tcp = sysbenchCommand({ ...endpoint, host: 'localhost' }, spec, 'run').args;
    expect(tcp).toEqual(expect.arrayContaining(['--mysql-host=127.0.0.1', '--mysql-port=3307']));
    const sock = sysbenchCommand({ ...endpoint, socket: '/run/mysqld/a.sock' }, spec, 'run').args;
    expect(sock).toEqual(expect.arrayContaining(['--mysql-host=localhost', '--mysql-socket=/run/mysqld/a.sock']));
    expect(sock.some((a) => a.startsWith('--mysql-port'))).toBe(false);
  });

  it("quotes sysbench's FATAL lines (it prints its errors on standard output)", () => {
    const out =
      "Initializing worker threads...\n\nFATAL: unable to connect to MySQL server on host '127.0.0.1', port 3599, aborting...\nFATAL: error 2002: Can't connect to server on '127.0.0.1' (115)\n";
    expect(sysbenchFailure(out)).toBe(
      "unable to connect to MySQL server on host '127.0.0.1', port 3599, aborting... | error 2002: Can't connect to server on '127.0.0.1' (115)",
    );
    expect(sysbenchFailure('all fine')).toBeNull();
  });
});
