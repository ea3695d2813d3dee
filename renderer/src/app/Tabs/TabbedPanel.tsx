/** One tab strip for panels that several features share (Maintenance, Shards & replicas): each feature adds a tab, none owns the panel. */
import { Suspense, useState, type ComponentType, type LazyExoticComponent } from 'react';

/** A tab a feature contributes to a shared panel. */
export interface TabDef {
  id: string;
  title: string;
  component: LazyExoticComponent<ComponentType>;
}

/** Renders the tabs' strip and the chosen tab; the choice survives switching panels only within the page. */
export function TabbedPanel({ label, tabs, initial }: { label: string; tabs: readonly TabDef[]; initial?: string }) {
  const [active, setActive] = useState(initial ?? tabs[0]?.id ?? '');
  const tab = tabs.find((t) => t.id === active) ?? tabs[0];
  if (!tab) return null;
  const View = tab.component;
  return (
    <div className="tabbed-panel">
      <div className="row panel-tabs" role="tablist" aria-label={label}>
        {tabs.map((t) => (
          <button key={t.id} role="tab" aria-selected={t.id === tab.id} className={t.id === tab.id ? 'tab active' : 'tab'} onClick={() => setActive(t.id)}>
            {t.title}
          </button>
        ))}
      </div>
      <Suspense fallback={<div className="muted">Loading…</div>}>
        <View />
      </Suspense>
    </div>
  );
}
