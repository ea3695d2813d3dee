/**
 * Where the integration tests find the real servers that .ci/run (or scripts/sandbox) started.
 * Ports come from the environment so a developer can point the suite elsewhere.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
export interface TestServer {
  readonly label: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** MariaDB 10.11 from Debian (scripts/sandbox/mariadb.sh). */
export const mariadbServer: TestServer = {
  label: 'MariaDB 10.11',
  host: '127.0.0.1',
  port: Number(process.env.DBW_MARIADB_PORT ?? 3307),
  user: 'root',
  password: '',
};

/** Oracle MySQL 9.7 in the sid chroot (../shared/servers/mysql-sid). */
export const mysqlServer: TestServer = {
  label: 'MySQL 9.7',
  host: '127.0.0.1',
  port: Number(process.env.DBW_MYSQL_PORT ?? 3308),
  user: 'root',
  password: '',
};

/** Redis from Debian (scripts/sandbox/redis.sh). */
export const redisServer = {
  host: '127.0.0.1',
  port: Number(process.env.DBW_REDIS_PORT ?? 6380),
};

/** Both SQL flavors, for `describe.each`. */
export const sqlServers: readonly TestServer[] = [mariadbServer, mysqlServer];

/** The sandbox folder the scripts in scripts/sandbox/ use (DBW_SANDBOX_DIR, with their default). */
export const sandboxDir = process.env.DBW_SANDBOX_DIR ?? join(tmpdir(), 'dbw-sandbox');

/** Path of the MariaDB sandbox's slow log. */
export const mariadbSlowLog = `${sandboxDir}/mariadb-${mariadbServer.port}/slow.log`;
/** Path of the MySQL 9.7 sandbox's slow log. */
export const mysqlSlowLog = join(process.env.MYSQL_CHROOT ?? join(tmpdir(), 'mysql-sid-chroot'), 'var/log/mysql-test/slow.log');

/** The three-primary Redis Cluster (one replica each) of scripts/sandbox/redis-cluster.sh. */
export const redisClusterServer = {
  host: '127.0.0.1',
  ports: (process.env.DBW_REDIS_CLUSTER_PORTS ?? '7001 7002 7003 7004 7005 7006').split(' ').map(Number),
};

/** The standalone Redis the bench and the lint test own (scripts/sandbox/redis-cluster.sh). */
export const redisBenchServer = { host: '127.0.0.1', port: Number(process.env.DBW_REDIS_BENCH_PORT ?? 6390) };

/** The MariaDB replica of the MariaDB sandbox, replicating only dbw_repl (scripts/sandbox/replica.sh). */
export const mariadbReplicaServer: TestServer = {
  label: 'MariaDB 10.11 replica',
  host: '127.0.0.1',
  port: Number(process.env.DBW_REPLICA_PORT ?? 3327),
  user: 'root',
  password: '',
};

/** The MariaDB Spider front and its two shard backends (scripts/sandbox/spider.sh). */
export const spiderServers = {
  front: { label: 'MariaDB Spider front', host: '127.0.0.1', port: Number(process.env.DBW_SPIDER_PORT ?? 3340), user: 'root', password: '' } as TestServer,
  shards: (process.env.DBW_SHARD_PORTS ?? '3341 3342')
    .split(/\s+/)
    .filter(Boolean)
    .map((p, i): TestServer => ({ label: `shard backend ${i}`, host: '127.0.0.1', port: Number(p), user: 'root', password: '' })),
};

/** First port of the scratch servers a physical backup is verified on (DBW_RESTORE_PORT; the product reads the same variable). */
export const restorePort = Number(process.env.DBW_RESTORE_PORT ?? 3350);
