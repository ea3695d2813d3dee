import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/contract/actions';
import { auditCsv, auditJson, filterAudit, NO_FILTER, utcStamp } from './audit.filter';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: '2026-12-06T20:58:05.123Z',
  actor: 'dba',
  connectionId: 'c1',
  connectionName: 'Prod',
  planner: 'sql-statement',
  planTitle: 'Run CREATE from the editor',
  planHash: 'abc',
  stepId: 'statement',
  sql: 'CREATE DATABASE x',
  status: 'ok',
  message: 'done',
  durationMs: 12,
  rollback: 'DROP DATABASE `x`',
  ...over,
});

const entries = [
  entry({}),
  entry({
    id: 2,
    connectionId: 'c2',
    planner: 'index-advisor',
    sql: 'ALTER TABLE t ADD INDEX ix (a)',
    status: 'failed',
    message: 'Duplicate key name, "ix"',
    rollback: null,
  }),
  entry({ id: 3, planner: 'tuner', sql: 'SET GLOBAL long_query_time = 1', rollback: 'SET GLOBAL long_query_time = 0' }),
];

describe('audit filter', () => {
  it('filters by connection, planner, outcome and text together', () => {
    expect(filterAudit(entries, NO_FILTER).map((e) => e.id)).toEqual([1, 2, 3]);
    expect(filterAudit(entries, { ...NO_FILTER, connectionId: 'c1' }).map((e) => e.id)).toEqual([1, 3]);
    expect(filterAudit(entries, { ...NO_FILTER, planner: 'index-advisor' }).map((e) => e.id)).toEqual([2]);
    expect(filterAudit(entries, { ...NO_FILTER, status: 'ok', text: 'LONG_QUERY' }).map((e) => e.id)).toEqual([3]);
    expect(filterAudit(entries, { ...NO_FILTER, text: 'drop database' }).map((e) => e.id)).toEqual([1]);
    expect(filterAudit(entries, { ...NO_FILTER, connectionId: 'c2', status: 'ok' })).toEqual([]);
  });

  it('writes times in UTC like the rest of the app', () => {
    expect(utcStamp('2026-12-06T20:58:05.123Z')).toBe('2026-12-06 20:58:05 UTC');
    expect(utcStamp('2026-12-06T22:58:05+02:00')).toBe('2026-12-06 20:58:05 UTC');
    expect(utcStamp('not a time')).toBe('not a time');
  });

  it('exports CSV with quoting and JSON with every field', () => {
    const csv = auditCsv(entries.slice(0, 2)).split('\n');
    expect(csv[0]).toBe('id,at,actor,connectionName,planner,planTitle,planHash,stepId,sql,status,message,durationMs,rollback');
    expect(csv[1]).toBe(
      '1,2026-12-06T20:58:05.123Z,dba,Prod,sql-statement,Run CREATE from the editor,abc,statement,CREATE DATABASE x,ok,done,12,DROP DATABASE `x`',
    );
    expect(csv[2]).toBe(
      '2,2026-12-06T20:58:05.123Z,dba,Prod,index-advisor,Run CREATE from the editor,abc,statement,ALTER TABLE t ADD INDEX ix (a),failed,"Duplicate key name, ""ix""",12,',
    );
    expect(JSON.parse(auditJson(entries))).toEqual(entries);
  });
});
