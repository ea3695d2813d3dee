/**
 * Counts on the server what a shard plan needs measured: rows per shard of each sharded table
 * under MOD(key, N) (joining along the lookup path where the key is not carried yet), and for
 * each candidate key its cardinality, most common value's share and whether it is AUTO_INCREMENT.
 */
import type { KeyStats, ShardPlan, SkewMeasure } from '../../../shared/contract/shards';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { skewFrom, skewQueries, type ShardMeasurements } from '../../engines/shards/shard-plan';
import type { SqlReader } from '../sql-reader';

/** Measures the plan's tables and candidates in `database` (reads only). */
export async function measureShardPlan(reader: SqlReader, plan: ShardPlan, database: string): Promise<ShardMeasurements> {
  const skew: Record<string, SkewMeasure> = {};
  for (const q of skewQueries(plan, database)) skew[q.table] = skewFrom(await reader.query<{ shard: unknown; n: unknown }>(q.sql), plan.shards, q.sql);
  const stats: Record<string, KeyStats> = {};
  for (const c of plan.candidates) {
    const t = quoteQualified(database, c.table);
    const col = quoteIdent(c.column);
    const [r] = await reader.query<{ rows: number; card: number; top: number | null }>(
      `SELECT COUNT(*) AS \`rows\`, COUNT(DISTINCT ${col}) AS card, (SELECT MAX(k) FROM (SELECT COUNT(*) AS k FROM ${t} GROUP BY ${col}) AS g) AS top FROM ${t}`,
    );
    const [x] = await reader.query<{ extra: string | null }>(
      'SELECT EXTRA AS extra FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?',
      [database, c.table, c.column],
    );
    const rows = Number(r?.rows ?? 0);
    stats[`${c.table}.${c.column}`] = {
      rows,
      cardinality: Number(r?.card ?? 0),
      mostCommonFrequency: rows > 0 ? Number(r?.top ?? 0) / rows : 0,
      monotonic: /auto_increment/i.test(String(x?.extra ?? '')),
    };
  }
  return { skew, stats };
}
