/** The whole contract: every call the renderer can make, declared once. */
import { actionsContract } from './actions';
import { advisorContract } from './advisor.calls';
import { connectionsContract } from './connections';
import { schemaContract } from './schema';
import { slowLogContract } from './slow-log.calls';
import { sqlContract } from './sql.calls';
import { systemContract } from './system';
import { tunerContract } from './tuner.calls';
import { monitorContract } from './monitor.calls';
import { redisContract } from './redis';
import { partitionsContract } from './partitions';
import { replicationContract } from './replication';
import { backupContract } from './backup';
import { schedulerContract } from './scheduler';
import { benchContract } from './bench';
import { purgeContract } from './purge';
import { healthContract } from './health';
import { shardsContract } from './shards';
import { sysbenchContract } from './sysbench.calls';

/** Every method, by name ("feature.verb"). */
export const contract = {
  ...systemContract,
  ...connectionsContract,
  ...schemaContract,
  ...actionsContract,
  ...slowLogContract,
  ...sqlContract,
  ...advisorContract,
  ...tunerContract,
  ...monitorContract,
  ...redisContract,
  ...partitionsContract,
  ...replicationContract,
  ...backupContract,
  ...schedulerContract,
  ...benchContract,
  ...purgeContract,
  ...healthContract,
  ...shardsContract,
  ...sysbenchContract,
} as const;

/** The contract's type. */
export type AppContract = typeof contract;
/** A method name. */
export type Method = keyof AppContract;
/** All method names, for the preload's allow-list. */
export const methods = Object.keys(contract) as Method[];

export * from './core';
