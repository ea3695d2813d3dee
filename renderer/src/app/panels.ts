/** The panels the shell shows, in navigation order. Only panels that work are listed. */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { PanelId } from './ui.store';

/** A navigable panel. */
export interface PanelDef {
  id: PanelId;
  title: string;
  /** Alt+<key> opens it. */
  key: string;
  needsConnection: boolean;
  component: LazyExoticComponent<ComponentType>;
}

/**
 * Every panel. Alt+key: 1 slow log, 2 SQL editor & EXPLAIN, 3 index advisor, 4 tuner, 5 connections,
 * 6 maintenance, 7 audit log, 8 Redis, 9 monitor, 0 partitions, s shards & replicas, b benchmark. Features add their entry here in that order.
 */
export const panels: readonly PanelDef[] = [
  { id: 'slow-log', title: 'Slow log', key: '1', needsConnection: false, component: lazy(() => import('../features/slow-log/SlowLogPanel/SlowLogPanel')) },
  { id: 'editor', title: 'SQL editor', key: '2', needsConnection: false, component: lazy(() => import('../features/editor/EditorPanel/EditorPanel')) },
  { id: 'advisor', title: 'Index advisor', key: '3', needsConnection: false, component: lazy(() => import('../features/advisor/AdvisorPanel/AdvisorPanel')) },
  { id: 'tuner', title: 'Tuner', key: '4', needsConnection: false, component: lazy(() => import('../features/tuner/TunerPanel/TunerPanel')) },
  {
    id: 'connections',
    title: 'Connections',
    key: '5',
    needsConnection: false,
    component: lazy(() => import('../features/connections/ConnectionsPanel/ConnectionsPanel')),
  },
  {
    id: 'maintenance',
    title: 'Maintenance',
    key: '6',
    needsConnection: true,
    component: lazy(() => import('../features/maintenance/MaintenancePanel/MaintenancePanel')),
  },
  { id: 'audit', title: 'Audit log', key: '7', needsConnection: false, component: lazy(() => import('../features/audit/AuditPanel/AuditPanel')) },
  { id: 'redis', title: 'Redis', key: '8', needsConnection: false, component: lazy(() => import('../features/redis/RedisPanel/RedisPanel')) },
  { id: 'monitor', title: 'Monitor', key: '9', needsConnection: true, component: lazy(() => import('../features/monitor/MonitorPanel/MonitorPanel')) },
  {
    id: 'partitions',
    title: 'Partitions',
    key: '0',
    needsConnection: false,
    component: lazy(() => import('../features/partitions/PartitionsPanel/PartitionsPanel')),
  },
  { id: 'shards', title: 'Shards & replicas', key: 's', needsConnection: false, component: lazy(() => import('../features/shards/ShardsPanel/ShardsPanel')) },
  {
    id: 'benchmark',
    title: 'Benchmark',
    key: 'b',
    needsConnection: true,
    component: lazy(() => import('../features/benchmark/BenchmarkPanel/BenchmarkPanel')),
  },
];
