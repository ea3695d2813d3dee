/** The co-writing workload and its captured schema snapshot (tests only). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExplainSchema } from '../../../../shared/contract/explain';
import { fixtureSchema } from '../../explain/testing/fixtures';

const here = dirname(fileURLToPath(import.meta.url));

/** Text of the shared corpus's cowrite/workload.sql. */
export const workloadSql = (): string => readFileSync(join(here, '../../../../../shared/corpus/cowrite/workload.sql'), 'utf8');

/** The PK-only co-writing schema as captured from MariaDB. */
export const cowriteSchema = (): ExplainSchema => fixtureSchema('mariadb', 'before');
