/** Connections: saved MySQL-family and Redis endpoints, their test, and the detected flavor. */
import { z } from 'zod';
import { call } from './core';

/** TLS verification modes, as the mysql/mariadb clients name them. */
export const tlsMode = z.enum(['disabled', 'preferred', 'required', 'verify-ca', 'verify-full']);

/** TLS options; CA/cert/key are PEM text (not paths) so both hosts behave the same. */
export const tlsOptions = z.object({
  mode: tlsMode.default('preferred'),
  ca: z.string().max(100_000).optional(),
  cert: z.string().max(100_000).optional(),
  key: z.string().max(100_000).optional(),
});

/** What kind of server a connection points at. */
export const connectionKind = z.enum(['mysql', 'redis']);

const connectionFields = {
  name: z.string().trim().min(1).max(100),
  kind: connectionKind,
  host: z.string().trim().max(255).default('127.0.0.1'),
  port: z.number().int().min(1).max(65535),
  user: z.string().max(128).default(''),
  database: z.string().max(64).default(''),
  socket: z.string().max(1024).default(''),
  tls: tlsOptions.default({ mode: 'preferred' }),
  production: z.boolean().default(false),
  /** Statement time limit for reads on this connection, in ms (production connections always get one). */
  readTimeoutMs: z.number().int().min(100).max(3_600_000).default(30_000),
};

/** A connection as the user enters it. `password` is write-only: it is never sent back. */
export const connectionInput = z.object({
  ...connectionFields,
  id: z.string().optional(),
  /** undefined: keep the saved password; '' clears it. */
  password: z.string().max(1024).optional(),
});
/** Input form of a connection. */
export type ConnectionInput = z.input<typeof connectionInput>;

/** Server products the app recognises. */
export const product = z.enum(['mysql', 'mariadb', 'percona', 'redis']);

/** What a server can do; engines branch on these, never on version strings. */
export const capabilities = z.object({
  explainJsonVersions: z.array(z.number()),
  explainAnalyze: z.enum(['none', 'mysql-tree', 'mariadb-analyze']),
  setPersist: z.boolean(),
  indexVisibility: z.enum(['none', 'invisible', 'ignored']),
  queryCache: z.boolean(),
  sysSchema: z.boolean(),
  performanceSchemaDigests: z.boolean(),
  replicaStatusSyntax: z.enum(['SHOW REPLICA STATUS', 'SHOW SLAVE STATUS', 'none']),
  statementTimeLimit: z.enum(['max_execution_time', 'max_statement_time', 'none']),
  redoCapacityVariable: z.enum(['innodb_redo_log_capacity', 'innodb_log_file_size', 'none']),
});
/** Capability map. */
export type Capabilities = z.infer<typeof capabilities>;

/** A detected server flavor. */
export const flavor = z.object({
  product,
  version: z.string(),
  versionComment: z.string(),
  major: z.number(),
  minor: z.number(),
  patch: z.number(),
  /** "MariaDB 10.11", "MySQL 9.7", "Percona Server 8.0", "Redis 7.0". */
  label: z.string(),
  /** Where its documentation lives. */
  docsUrl: z.string(),
  capabilities,
});
/** Flavor of a server. */
export type Flavor = z.infer<typeof flavor>;

/** A saved connection as the renderer sees it: no secret, only whether one is saved. */
export const connectionInfo = z.object({
  ...connectionFields,
  tls: z.object({ mode: tlsMode, hasCa: z.boolean(), hasCert: z.boolean(), hasKey: z.boolean() }),
  id: z.string(),
  hasPassword: z.boolean(),
  /** Its saved secrets no longer open (the sealing key was removed or changed): the password must be entered again. */
  secretUnreadable: z.boolean(),
  lastFlavor: flavor.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A saved connection. */
export type ConnectionInfo = z.infer<typeof connectionInfo>;

/** Result of testing a connection. */
export const testResult = z.object({
  ok: z.literal(true),
  flavor,
  latencyMs: z.number(),
  serverInfo: z.record(z.string(), z.string()),
});

const idInput = z.object({ id: z.string() });

/** Whether the key that seals saved secrets is the one that sealed them, and what to do when not. */
export const secretKeyStatus = z.object({
  state: z.enum(['ok', 'changed']),
  /** Saved connections whose secrets do not open with the current key. */
  unreadable: z.number().int(),
  /** What happened and what to do, for a banner; null when all is well. */
  message: z.string().nullable(),
});
/** Key status. */
export type SecretKeyStatus = z.infer<typeof secretKeyStatus>;

/** The connections calls. */
export const connectionsContract = {
  'connections.list': call({ kind: 'query', summary: 'List saved connections', input: z.object({}), output: z.array(connectionInfo) }),
  'connections.save': call({ kind: 'mutation', summary: 'Add or edit a connection', input: connectionInput, output: connectionInfo }),
  'connections.remove': call({
    kind: 'mutation',
    summary: 'Remove a saved connection and its secret',
    input: idInput,
    output: z.object({ removed: z.boolean() }),
  }),
  'connections.keyStatus': call({
    kind: 'query',
    summary: 'Whether saved secrets still open with the current key',
    input: z.object({}),
    output: secretKeyStatus,
  }),
  'connections.test': call({
    kind: 'query',
    summary: 'Connect once and detect the flavor (a saved connection by id, or unsaved settings)',
    // Settings first: an edited connection carries its id too, and `idInput` alone would strip
    // the new settings (a re-entered password) and test the saved ones.
    input: z.union([connectionInput, idInput]),
    output: testResult,
  }),
  'connections.active': call({
    kind: 'query',
    summary: 'The connection chosen as active, kept in the workspace so it survives a reload or a new port',
    input: z.object({}),
    output: z.object({ id: z.string().nullable() }),
  }),
  'connections.setActive': call({
    kind: 'mutation',
    summary: 'Choose the active connection (null: none)',
    input: z.object({ id: z.string().nullable() }),
    output: z.object({ id: z.string().nullable() }),
  }),
} as const;
