import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tuneCommand } from './tune.command';
import { sqlServers } from '../../../testing/servers';

describe.each(sqlServers)('dbw tune --connection on $label', (server) => {
  it('samples the server and prints findings with evidence and the plan SQL', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d) => (out += String(d)));
    const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough() };
    const url = `mysql://${server.user}:${server.password}@${server.host}:${server.port}/`;
    const code = await tuneCommand.run(['--connection', url, '--interval', '1s', '--ram', '4G'], io);
    expect(code).toBe(0);
    expect(out).toMatch(/sampled over 1\.\d+ s; host RAM 4 GiB \(user\)/);
    expect(out).toContain('== plan (not applied');
    expect(out).toMatch(/formula: /);
  });

  it('prints JSON findings that name their rule and inputs', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d) => (out += String(d)));
    const code = await tuneCommand.run(['--connection', `mariadb://root:@${server.host}:${server.port}`, '--interval', '200ms', '--json'], {
      stdout,
      stderr: new PassThrough(),
      stdin: new PassThrough(),
    });
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.host.source).toBe('os');
    expect(Array.isArray(r.findings)).toBe(true);
    expect(r.plan.planner).toBe('tuner');
  });
});
