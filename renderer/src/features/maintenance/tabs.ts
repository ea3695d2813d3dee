/** The Maintenance panel's tabs, in order. Each maintenance capability adds its entry at the end. */
import { lazy } from 'react';
import type { TabDef } from '../../app/Tabs/TabbedPanel';

/** Every tab of the Maintenance panel: the table's state first, then what changes it, then what keeps it safe and on time. */
export const maintenanceTabs: readonly TabDef[] = [
  { id: 'analyze', title: 'Statistics', component: lazy(() => import('./MaintenancePanel/AnalyzeView')) },
  { id: 'health', title: 'Health', component: lazy(() => import('../health/HealthView/HealthView')) },
  { id: 'purge', title: 'Purge', component: lazy(() => import('../purge/PurgeView/PurgeView')) },
  { id: 'backups', title: 'Backups', component: lazy(() => import('../backup/BackupsView')) },
  { id: 'schedule', title: 'Schedule', component: lazy(() => import('../scheduler/ScheduleView/ScheduleView')) },
];
