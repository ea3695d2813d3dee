#!/usr/bin/env node
// Loads the co-writing schema (../shared/corpus/cowrite/schema.sql: primary/unique keys only) into a
// server and fills it with deterministic generated data (same seed → same rows on every machine).
//   node scripts/sandbox/load-cowrite.mjs [--host 127.0.0.1] [--port 3307] [--user root] [--password ''] [--size small|medium|large] [--database cowrite]
// small ≈ 20 MB (tests), medium ≈ 200 MB, large ≈ 1.5 GB (benchmarks).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { draws } from '../lib/prng.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(here, '../../../shared/corpus/cowrite');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const sizes = {
  small: { users: 2_000, companies: 300, projects: 8_000, docsPerProject: 4, versionsPerDoc: 3, aiPerDoc: 2, sessions: 6_000, logs: 20_000, contentBytes: 300 },
  medium: {
    users: 20_000,
    companies: 2_000,
    projects: 60_000,
    docsPerProject: 5,
    versionsPerDoc: 4,
    aiPerDoc: 2,
    sessions: 60_000,
    logs: 200_000,
    contentBytes: 500,
  },
  large: {
    users: 100_000,
    companies: 10_000,
    projects: 300_000,
    docsPerProject: 6,
    versionsPerDoc: 5,
    aiPerDoc: 3,
    sessions: 300_000,
    logs: 2_000_000,
    contentBytes: 700,
  },
};
const size = arg('size', 'small');
const n = sizes[size];
if (!n) throw new Error(`unknown --size ${size} (small, medium, large)`);

const { rnd, int, pick } = draws(20261125);
const base = Date.UTC(2025, 0, 1) / 1000;
const ts = (offsetDays) => new Date((base + offsetDays * 86400 + int(0, 86399)) * 1000).toISOString().slice(0, 19).replace('T', ' ');
const words = 'report plan draft review budget policy market design summary proposal analysis audit brief guide notes memo'.split(' ');
const text = (bytes) => {
  let s = '';
  while (s.length < bytes) s += pick(words) + ' ';
  return s.slice(0, bytes);
};
const hex = (len) => {
  let s = '';
  while (s.length < len)
    s += Math.floor(rnd() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, len);
};

const conn = await mysql.createConnection({
  host: arg('host', '127.0.0.1'),
  port: Number(arg('port', '3307')),
  user: arg('user', 'root'),
  password: arg('password', ''),
  multipleStatements: true,
});
const t0 = Date.now();
const database = arg('database', 'cowrite');
if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error('--database takes letters, digits and _');
await conn.query(readFileSync(resolve(corpus, 'schema.sql'), 'utf8').replace(/\bcowrite\b/g, database));
await conn.query('SET unique_checks=0, foreign_key_checks=0');

async function insert(table, columns, count, row) {
  const batch = 1000;
  for (let start = 0; start < count; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + batch); i++) rows.push(row(i + 1));
    await conn.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ?`, [rows]);
  }
}

await insert(
  'users',
  ['id', 'username', 'email', 'password_hash', 'full_name', 'role', 'is_active', 'is_verified', 'created_at', 'last_login_at'],
  n.users,
  (id) => [
    id,
    `user${id}`,
    `user${id}@example.com`,
    hex(60),
    `User ${id}`,
    rnd() < 0.02 ? 'admin' : 'user',
    rnd() < 0.95 ? 1 : 0,
    rnd() < 0.7 ? 1 : 0,
    ts(int(0, 300)),
    rnd() < 0.8 ? ts(int(300, 690)) : null,
  ],
);
await insert('companies', ['id', 'name', 'unified_social_credit_code', 'industry', 'business_scope', 'created_at'], n.companies, (id) => [
  id,
  `Company ${id}`,
  rnd() < 0.9 ? hex(18).toUpperCase() : null,
  pick(['tech', 'finance', 'retail', 'health', 'energy']),
  text(120),
  ts(int(0, 300)),
]);
await insert(
  'projects',
  ['id', 'user_id', 'company_id', 'name', 'type', 'status', 'description', 'metadata', 'created_at', 'updated_at', 'completed_at'],
  n.projects,
  (id) => {
    const created = int(0, 600);
    return [
      id,
      int(1, n.users),
      rnd() < 0.6 ? int(1, n.companies) : null,
      `Project ${id}`,
      pick(['proposal', 'report', 'plan', 'tender']),
      pick(['draft', 'active', 'active', 'completed', 'archived']),
      text(200),
      JSON.stringify({ tags: [pick(words)] }),
      ts(created),
      ts(created + int(0, 60)),
      rnd() < 0.3 ? ts(created + 60) : null,
    ];
  },
);
await insert('project_forms', ['id', 'project_id', 'form_type', 'created_at'], n.projects * 2, (id) => [
  id,
  int(1, n.projects),
  pick(['basic', 'finance', 'team', 'schedule']),
  ts(int(0, 600)),
]);
await insert('form_fields', ['id', 'form_id', 'field_name', 'sort_order'], n.projects * 6, (id) => [id, int(1, n.projects * 2), pick(words), int(0, 20)]);
const docs = n.projects * n.docsPerProject;
await insert('documents', ['id', 'project_id', 'title', 'content', 'format', 'status', 'metadata', 'created_at', 'updated_at'], docs, (id) => {
  const created = int(0, 600);
  return [
    id,
    int(1, n.projects),
    `${pick(words)} ${id}`,
    text(n.contentBytes),
    pick(['markdown', 'markdown', 'html', 'docx']),
    pick(['draft', 'review', 'final']),
    JSON.stringify({ words: int(100, 9000) }),
    ts(created),
    ts(created + int(0, 90)),
  ];
});
let versionId = 0;
await insert(
  'document_versions',
  ['id', 'document_id', 'version_number', 'content', 'changes_summary', 'created_by', 'created_at'],
  docs * n.versionsPerDoc,
  (id) => {
    versionId = id;
    const doc = Math.ceil(id / n.versionsPerDoc);
    return [id, doc, ((id - 1) % n.versionsPerDoc) + 1, text(n.contentBytes / 2), JSON.stringify({ added: int(0, 500) }), int(1, n.users), ts(int(0, 690))];
  },
);
await insert(
  'ai_generations',
  ['id', 'document_id', 'user_id', 'status', 'prompt', 'generated_content', 'generation_config', 'metadata', 'created_at', 'completed_at'],
  docs * n.aiPerDoc,
  (id) => {
    const created = int(0, 690);
    const status = pick(['completed', 'completed', 'completed', 'failed', 'pending']);
    return [
      id,
      int(1, docs),
      int(1, n.users),
      status,
      text(80),
      status === 'completed' ? text(n.contentBytes) : null,
      JSON.stringify({ model: 'm1' }),
      null,
      ts(created),
      status === 'completed' ? ts(created) : null,
    ];
  },
);
await insert('document_exports', ['id', 'document_id', 'user_id', 'format', 'created_at'], docs / 2, (id) => [
  id,
  int(1, docs),
  int(1, n.users),
  pick(['pdf', 'docx']),
  ts(int(0, 690)),
]);
await insert('user_sessions', ['id', 'user_id', 'token_hash', 'expires_at', 'created_at'], n.sessions, (id) => [
  id,
  int(1, n.users),
  hex(64),
  ts(int(500, 760)),
  ts(int(400, 690)),
]);
await insert('operation_logs', ['id', 'user_id', 'action', 'created_at'], n.logs, (id) => [
  id,
  int(1, n.users),
  pick(['login', 'edit', 'export', 'generate']),
  ts(int(0, 690)),
]);
await conn.query(
  'ANALYZE TABLE users, user_sessions, companies, projects, project_forms, form_fields, documents, document_versions, document_exports, ai_generations, operation_logs',
);
await conn.end();
console.error(`[load-cowrite] ${size}: loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s (${versionId} versions)`);
