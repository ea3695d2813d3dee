/**
 * The co-writing example estate, bundled so the panel works offline. Copied verbatim from
 * shared/corpus/cowrite/ (schema.sql, workload.sql, seed-indexes.sql) of the project workspace;
 * the app never reads that folder at run time. Re-copy them if the corpus changes.
 */

/** The schema: primary and unique keys only. */
export const cowriteSchema = `-- cowrite: document co-writing platform, example workload of the DBA workbench.
-- InnoDB, utf8mb4. Deliberately ONLY primary keys plus the unique keys on
-- users.username, users.email and user_sessions.token_hash: no secondary indexes
-- and no FOREIGN KEY constraints (InnoDB would silently create an index for each).
DROP DATABASE IF EXISTS cowrite;
CREATE DATABASE cowrite CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
USE cowrite;

CREATE TABLE users (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  username      VARCHAR(64)  NOT NULL,
  email         VARCHAR(255) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  full_name     VARCHAR(100) NULL,
  avatar_url    VARCHAR(500) NULL,
  role          VARCHAR(20)  NOT NULL DEFAULT 'user',
  is_active     TINYINT(1)   NOT NULL DEFAULT 1,
  is_verified   TINYINT(1)   NOT NULL DEFAULT 0,
  created_at    DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_login_at DATETIME     NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_users_username (username),
  UNIQUE KEY uk_users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE user_sessions (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id    BIGINT UNSIGNED NOT NULL,
  token_hash CHAR(64)        NOT NULL,
  expires_at DATETIME        NOT NULL,
  created_at DATETIME        NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uk_user_sessions_token_hash (token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE companies (
  id                          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  name                        VARCHAR(200) NOT NULL,
  unified_social_credit_code  CHAR(18)     NULL,
  industry                    VARCHAR(100) NULL,
  business_scope              TEXT         NULL,
  created_at                  DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE projects (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id      BIGINT UNSIGNED NOT NULL,
  company_id   BIGINT UNSIGNED NULL,
  name         VARCHAR(200) NOT NULL,
  type         VARCHAR(50)  NOT NULL,
  status       VARCHAR(20)  NOT NULL DEFAULT 'draft',
  description  TEXT         NULL,
  metadata     JSON         NULL,
  created_at   DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at   DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  completed_at DATETIME     NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE project_forms (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  project_id BIGINT UNSIGNED NOT NULL,
  form_type  VARCHAR(50) NOT NULL,
  created_at DATETIME    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE form_fields (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  form_id    BIGINT UNSIGNED NOT NULL,
  field_name VARCHAR(100) NOT NULL,
  sort_order INT NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE documents (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  project_id BIGINT UNSIGNED NOT NULL,
  title      VARCHAR(255) NOT NULL,
  content    LONGTEXT     NULL,
  format     VARCHAR(20)  NOT NULL DEFAULT 'markdown',
  status     VARCHAR(20)  NOT NULL DEFAULT 'draft',
  metadata   JSON         NULL,
  created_at DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE document_versions (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  document_id     BIGINT UNSIGNED NOT NULL,
  version_number  INT UNSIGNED    NOT NULL,
  content         LONGTEXT        NULL,
  changes_summary JSON            NULL,
  created_by      BIGINT UNSIGNED NULL,
  created_at      DATETIME        NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE document_exports (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  document_id BIGINT UNSIGNED NOT NULL,
  user_id     BIGINT UNSIGNED NOT NULL,
  format      VARCHAR(20) NOT NULL,
  created_at  DATETIME    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE ai_generations (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  document_id       BIGINT UNSIGNED NOT NULL,
  user_id           BIGINT UNSIGNED NOT NULL,
  status            VARCHAR(20) NOT NULL DEFAULT 'pending',
  prompt            TEXT        NULL,
  generated_content LONGTEXT    NULL,
  generation_config JSON        NULL,
  metadata          JSON        NULL,
  created_at        DATETIME    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  completed_at      DATETIME    NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE operation_logs (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id    BIGINT UNSIGNED NOT NULL,
  action     VARCHAR(50) NOT NULL,
  created_at DATETIME    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
`;

/** The hot queries, each with a `-- name | peak QPS | SLO` header. */
export const cowriteWorkload = `-- The co-writing platform's hot queries, from the seed document (shared/seed/).
-- Each query is preceded by: -- name | peak QPS | response-time SLO.
-- Placeholders are '?'. Reads should stay under 200 ms, writes under 500 ms.

-- login | 100 | 100ms
SELECT id, username, email, password_hash, role, is_active FROM users WHERE username = ? OR email = ?;

-- user_info | 50 | 150ms
SELECT id, username, email, full_name, avatar_url, role, created_at, last_login_at FROM users WHERE id = ?;

-- session_check | 100 | 100ms
SELECT us.id, us.user_id, us.expires_at, u.username, u.role FROM user_sessions us JOIN users u ON us.user_id = u.id WHERE us.token_hash = ? AND us.expires_at > NOW();

-- project_list | 80 | 200ms
SELECT p.id, p.name, p.type, p.status, p.description, p.created_at, p.updated_at, c.name AS company_name, u.username AS user_name FROM projects p LEFT JOIN companies c ON p.company_id = c.id JOIN users u ON p.user_id = u.id WHERE p.user_id = ? ORDER BY p.updated_at DESC LIMIT ? OFFSET ?;

-- project_detail | 40 | 200ms
SELECT p.*, c.name AS company_name, u.username AS user_name, (SELECT COUNT(*) FROM documents WHERE project_id = p.id) AS documents_count, (SELECT COUNT(*) FROM project_forms WHERE project_id = p.id) AS forms_count FROM projects p LEFT JOIN companies c ON p.company_id = c.id JOIN users u ON p.user_id = u.id WHERE p.id = ?;

-- document_list | 120 | 200ms
SELECT d.id, d.title, d.format, d.status, d.created_at, d.updated_at, (SELECT COUNT(*) FROM document_versions WHERE document_id = d.id) AS versions_count, (SELECT COUNT(*) FROM ai_generations WHERE document_id = d.id) AS ai_generations_count FROM documents d WHERE d.project_id = ? ORDER BY d.updated_at DESC LIMIT ? OFFSET ?;

-- document_content | 150 | 150ms
SELECT d.id, d.title, d.content, d.format, d.status, d.metadata, d.created_at, d.updated_at FROM documents d WHERE d.id = ?;

-- document_versions | 30 | 250ms
SELECT dv.id, dv.version_number, dv.changes_summary, dv.created_at, u.username AS created_by_name FROM document_versions dv JOIN users u ON dv.created_by = u.id WHERE dv.document_id = ? ORDER BY dv.version_number DESC;

-- ai_generation_list | 90 | 200ms
SELECT ag.id, ag.status, ag.created_at, ag.completed_at, d.title AS document_title FROM ai_generations ag JOIN documents d ON ag.document_id = d.id WHERE ag.user_id = ? AND ag.document_id = ? ORDER BY ag.created_at DESC;

-- ai_generation_status | 200 | 100ms
SELECT id, status, generated_content, metadata, completed_at FROM ai_generations WHERE id = ?;

-- ai_generation_completed | 20 | 200ms
SELECT ag.*, d.title AS document_title FROM ai_generations ag JOIN documents d ON ag.document_id = d.id WHERE ag.user_id = ? AND ag.status = 'completed' ORDER BY ag.created_at DESC LIMIT 20;

-- document_search | 10 | 200ms
SELECT d.*, p.name AS project_name FROM documents d JOIN projects p ON d.project_id = p.id WHERE p.user_id = ? AND (d.title LIKE ? OR d.content LIKE ?) ORDER BY d.updated_at DESC LIMIT 20;

-- sessions_this_year | 1 | 500ms
SELECT * FROM user_sessions WHERE YEAR(expires_at) = YEAR(NOW());

-- cleanup_expired_sessions | 1 | 500ms
DELETE FROM user_sessions WHERE expires_at < ?;

-- cleanup_old_ai_generations | 1 | 500ms
DELETE FROM ai_generations WHERE created_at < ? AND status = 'completed';

-- versions_over_limit | 1 | 500ms
SELECT document_id FROM document_versions GROUP BY document_id HAVING COUNT(*) > ?;
`;

/** The indexes the estate grew over time (duplicates, low-selectivity and secret-bearing ones included). */
export const cowriteSeedIndexes = `CREATE UNIQUE INDEX idx_users_username ON users(username);
CREATE UNIQUE INDEX idx_users_email ON users(email);
CREATE UNIQUE INDEX idx_companies_unified_social_credit_code ON companies(unified_social_credit_code);
CREATE UNIQUE INDEX idx_user_sessions_token_hash ON user_sessions(token_hash);
CREATE UNIQUE INDEX idx_document_versions_doc_version ON document_versions(document_id, version_number);
CREATE INDEX idx_users_is_active ON users(is_active);
CREATE INDEX idx_users_is_verified ON users(is_verified);
CREATE INDEX idx_users_role ON users(role);
CREATE INDEX idx_users_last_login_at ON users(last_login_at);
CREATE INDEX idx_projects_user_id ON projects(user_id);
CREATE INDEX idx_projects_company_id ON projects(company_id);
CREATE INDEX idx_projects_type ON projects(type);
CREATE INDEX idx_projects_status ON projects(status);
CREATE INDEX idx_projects_created_at ON projects(created_at);
CREATE INDEX idx_projects_updated_at ON projects(updated_at);
CREATE INDEX idx_projects_completed_at ON projects(completed_at);
CREATE INDEX idx_documents_project_id ON documents(project_id);
CREATE INDEX idx_documents_title ON documents(title);
CREATE INDEX idx_documents_format ON documents(format);
CREATE INDEX idx_documents_status ON documents(status);
CREATE INDEX idx_documents_created_at ON documents(created_at);
CREATE INDEX idx_documents_updated_at ON documents(updated_at);
CREATE INDEX idx_ai_generations_document_id ON ai_generations(document_id);
CREATE INDEX idx_ai_generations_user_id ON ai_generations(user_id);
CREATE INDEX idx_ai_generations_status ON ai_generations(status);
CREATE INDEX idx_ai_generations_created_at ON ai_generations(created_at);
CREATE INDEX idx_ai_generations_completed_at ON ai_generations(completed_at);
CREATE INDEX idx_user_sessions_user_id ON user_sessions(user_id);
CREATE INDEX idx_user_sessions_expires_at ON user_sessions(expires_at);
CREATE INDEX idx_companies_name ON companies(name);
CREATE INDEX idx_companies_industry ON companies(industry);
CREATE INDEX idx_companies_created_at ON companies(created_at);
CREATE INDEX idx_project_forms_project_id ON project_forms(project_id);
CREATE INDEX idx_project_forms_form_type ON project_forms(form_type);
CREATE INDEX idx_project_forms_created_at ON project_forms(created_at);
CREATE INDEX idx_form_fields_form_id ON form_fields(form_id);
CREATE INDEX idx_form_fields_field_name ON form_fields(field_name);
CREATE INDEX idx_form_fields_sort_order ON form_fields(sort_order);
CREATE INDEX idx_document_versions_document_id ON document_versions(document_id);
CREATE INDEX idx_document_versions_created_by ON document_versions(created_by);
CREATE INDEX idx_document_versions_created_at ON document_versions(created_at);
CREATE INDEX idx_document_exports_document_id ON document_exports(document_id);
CREATE INDEX idx_document_exports_user_id ON document_exports(user_id);
CREATE INDEX idx_document_exports_format ON document_exports(format);
CREATE INDEX idx_document_exports_created_at ON document_exports(created_at);
CREATE INDEX idx_users_auth ON users(username, password_hash, is_active);
CREATE INDEX idx_users_email_auth ON users(email, password_hash, is_active);
CREATE INDEX idx_projects_user_status ON projects(user_id, status);
CREATE INDEX idx_projects_user_updated ON projects(user_id, updated_at DESC);
CREATE INDEX idx_projects_type_status ON projects(type, status);
CREATE INDEX idx_projects_company_status ON projects(company_id, status);
CREATE INDEX idx_documents_project_status ON documents(project_id, status);
CREATE INDEX idx_documents_project_updated ON documents(project_id, updated_at DESC);
CREATE INDEX idx_documents_status_updated ON documents(status, updated_at DESC);
CREATE INDEX idx_ai_generations_document_status ON ai_generations(document_id, status);
CREATE INDEX idx_ai_generations_user_created ON ai_generations(user_id, created_at DESC);
CREATE INDEX idx_ai_generations_status_created ON ai_generations(status, created_at DESC);
CREATE INDEX idx_ai_generations_document_user ON ai_generations(document_id, user_id);
CREATE INDEX idx_user_sessions_user_expires ON user_sessions(user_id, expires_at);
CREATE INDEX idx_document_versions_doc_created ON document_versions(document_id, created_at DESC);
CREATE INDEX idx_document_versions_doc_version ON document_versions(document_id, version_number DESC);
CREATE INDEX idx_document_exports_user_created ON document_exports(user_id, created_at DESC);
CREATE INDEX idx_document_exports_document_format ON document_exports(document_id, format);
CREATE FULLTEXT INDEX idx_documents_fulltext ON documents(title, content);
CREATE FULLTEXT INDEX idx_ai_generations_fulltext ON ai_generations(prompt, generated_content);
CREATE FULLTEXT INDEX idx_companies_fulltext ON companies(name, business_scope);
`;
