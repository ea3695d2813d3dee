/** Shards & replicas: shard-key plans and their exports, migration, replication state, read/write split. */
import { TabbedPanel } from '../../../app/Tabs/TabbedPanel';
import { shardTabs } from '../tabs';

/** The shards & replicas panel. */
export default function ShardsPanel() {
  return <TabbedPanel label="Shards and replicas" tabs={shardTabs} />;
}
