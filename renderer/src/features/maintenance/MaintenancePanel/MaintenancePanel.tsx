/** Maintenance: one panel, a tab per capability (statistics, and what the tab list adds). */
import { TabbedPanel } from '../../../app/Tabs/TabbedPanel';
import { maintenanceTabs } from '../tabs';

/** The maintenance panel. */
export default function MaintenancePanel() {
  return <TabbedPanel label="Maintenance" tabs={maintenanceTabs} />;
}
