/** The "Shards & replicas" panel's tabs, in order: shard planning, replication, read/write split. Each adds its entry at the end. */
import { lazy } from 'react';
import type { TabDef } from '../../app/Tabs/TabbedPanel';

/** Every tab of the Shards & replicas panel. */
export const shardTabs: readonly TabDef[] = [
  { id: 'shard-plan', title: 'Shard plan', component: lazy(() => import('./ShardPlanTab/ShardPlanTab')) },
  { id: 'replication', title: 'Replication', component: lazy(() => import('../replication/ReplicationTab/ReplicationTab')) },
  { id: 'rwsplit', title: 'Read/write split', component: lazy(() => import('../replication/RwSplitTab/RwSplitTab')) },
  { id: 'migration', title: 'Migration', component: lazy(() => import('./MigrationTab/MigrationTab')) },
];
