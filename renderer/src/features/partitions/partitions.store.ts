/**
 * The Partitions panel's state: the DDL being preflighted and its findings; the tables of a
 * database, the chosen table's partitions on a timeline; and the plan (rotation or conversion)
 * through preview → apply like every other plan.
 */
import { create } from 'zustand';
import type { OutputOf } from '../../../../shared/contract/core';
import type { AppContract } from '../../../../shared/contract';
import type { PlanRequest } from '../../../../shared/contract/actions';
import type { CheckResult, DesignResult, PartitionTableSummary, PruneReport } from '../../../../shared/contract/partitions';
import { applyFlow, previewFlow, type PlanFlow } from '../../app/plan/plan-flow';
import { api, errorMessage } from '../../lib/api';

type PartitionRequest = Extract<PlanRequest, { planner: 'partition-rotate' | 'partition-convert' }>;
type Inspect = OutputOf<AppContract, 'partitions.inspect'>;
/** A preflight target flavor. */
export type Flavor = 'mariadb-10.11' | 'mysql-8.4' | 'mysql-9.7';

interface PartitionsState {
  tab: 'preflight' | 'tables';
  ddl: string;
  schemaSql: string;
  /** The workload the designer weighs (the example's hot queries when loaded). */
  workloadSql: string;
  flavor: Flavor;
  /** Check against the active connection's live tables (else the schema text). */
  live: boolean;
  check: CheckResult | null;
  /** The statement whose fix is shown. */
  selected: number;
  schema: string;
  tables: PartitionTableSummary[];
  table: string | null;
  inspect: Inspect | null;
  design: DesignResult | null;
  /** The design's pruning check on a scratch copy (partitions each workload statement reads). */
  prune: PruneReport | null;
  retention: string;
  premake: number;
  /** The rotation or conversion plan, once previewed (its own busy and error). */
  plan: PlanFlow<PartitionRequest> | null;
  busy: 'example' | 'check' | 'tables' | 'inspect' | 'design' | 'prune' | null;
  progress: string | null;
  error: string | null;
  setTab(tab: PartitionsState['tab']): void;
  setDdl(ddl: string): void;
  setFlavor(flavor: Flavor): void;
  setLive(live: boolean): void;
  select(index: number): void;
  loadExample(): Promise<void>;
  runCheck(connectionId: string | null): Promise<void>;
  setSchema(schema: string): void;
  setWorkload(sql: string): void;
  loadTables(connectionId: string): Promise<void>;
  openTable(connectionId: string, table: string): Promise<void>;
  runDesign(connectionId: string): Promise<void>;
  runPrune(connectionId: string, confirmation: string | undefined): Promise<void>;
  setRotation(retention: string, premake: number): void;
  previewRotation(connectionId: string): Promise<void>;
  previewConversion(connectionId: string, table: string, ddl: string): Promise<void>;
  apply(connectionId: string, confirmation: string | undefined): Promise<void>;
  reset(): void;
}

const initial = {
  tab: 'preflight' as const,
  ddl: '',
  schemaSql: '',
  workloadSql: '',
  flavor: 'mariadb-10.11' as Flavor,
  live: false,
  check: null,
  selected: 0,
  schema: '',
  tables: [],
  table: null,
  inspect: null,
  design: null,
  prune: null,
  retention: '12m',
  premake: 3,
  plan: null,
  busy: null,
  progress: null,
  error: null,
};

/** The partitions store. */
export const usePartitions = create<PartitionsState>()((set, get) => ({
  ...initial,
  setTab: (tab) => set({ tab }),
  setDdl: (ddl) => set({ ddl }),
  setFlavor: (flavor) => set({ flavor }),
  setLive: (live) => set({ live }),
  select: (selected) => set({ selected }),
  async loadExample() {
    set({ busy: 'example', error: null });
    try {
      const ex = await api().partitions.example({});
      set({ ddl: ex.ddl, schemaSql: ex.schemaSql, workloadSql: ex.workloadSql, check: null, busy: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  async runCheck(connectionId) {
    const s = get();
    set({ busy: 'check', error: null });
    try {
      const check = await api().partitions.check(
        s.live && connectionId
          ? { ddl: s.ddl, connectionId, database: s.schema || undefined, flavor: s.flavor }
          : { ddl: s.ddl, schemaSql: s.schemaSql || undefined, flavor: s.flavor },
      );
      const firstBad = check.statements.findIndex((x) => x.findings.length > 0);
      set({ check, selected: Math.max(0, firstBad), busy: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  setSchema: (schema) => set({ schema }),
  setWorkload: (workloadSql) => set({ workloadSql }),
  async loadTables(connectionId) {
    const schema = get().schema;
    if (!schema) return;
    set({ busy: 'tables', error: null, tables: [], table: null, inspect: null, plan: null });
    try {
      set({ tables: await api().partitions.tables({ connectionId, schema }), busy: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  async openTable(connectionId, table) {
    const { schema, retention } = get();
    set({ busy: 'inspect', error: null, table, inspect: null, design: null, prune: null, plan: null });
    try {
      set({ inspect: await api().partitions.inspect({ connectionId, schema, table, retention }), busy: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  async runDesign(connectionId) {
    const { schema, table, premake } = get();
    if (!table) return;
    set({ busy: 'design', error: null });
    try {
      set({
        design: await api().partitions.design({ connectionId, schema, table, premake, workloadSql: get().workloadSql || undefined }),
        prune: null,
        busy: null,
      });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  async runPrune(connectionId, confirmation) {
    const { schema, table, design } = get();
    if (!table || !design?.ddl || design.statements.length === 0) return;
    set({ busy: 'prune', error: null, prune: null });
    try {
      const queries = design.statements.map((q) => ({ name: q.name, sql: q.sql }));
      set({ prune: await api().partitions.prune({ connectionId, schema, table, ddl: design.ddl, queries, sampleRows: 5000, confirmation }), busy: null });
    } catch (err) {
      set({ error: errorMessage(err), busy: null });
    }
  },
  setRotation: (retention, premake) => set({ retention, premake, plan: null }),
  async previewRotation(connectionId) {
    const { schema, table, retention, premake } = get();
    if (!table) return;
    await previewFlow(connectionId, { planner: 'partition-rotate', params: { schema, table, retention, premake, archive: 'drop' } }, (plan) => set({ plan }));
  },
  async previewConversion(connectionId, table, ddl) {
    const schema = get().schema;
    if (!schema) {
      set({ error: 'Pick the database first (Tables tab).' });
      return;
    }
    await previewFlow(connectionId, { planner: 'partition-convert', params: { schema, table, ddl } }, (plan) => set({ plan }));
  },
  async apply(connectionId, confirmation) {
    const { plan } = get();
    if (!plan) return;
    set({ progress: 'Starting…' });
    const done = await applyFlow(connectionId, plan, confirmation, (next) => set({ plan: next }), {
      onProgress: (e) => set({ progress: e.message ?? `${e.done}/${e.total}` }),
    });
    set({ progress: null });
    // The rotated table's timeline is read again so it shows the partitions the plan left.
    const { table, schema, retention } = get();
    if (done.applied && table && done.request.planner === 'partition-rotate') {
      try {
        set({ inspect: await api().partitions.inspect({ connectionId, schema, table, retention }) });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    }
  },
  reset: () => set({ ...initial }),
}));
