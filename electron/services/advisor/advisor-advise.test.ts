import { describe, expect, it } from 'vitest';
import { workloadFromSlowLog } from './advisor-advise';

const log = `# Time: 2024-05-01T10:00:00.000000Z
# User@Host: app[app] @ localhost []
# Query_time: 0.500000  Lock_time: 0.000100 Rows_sent: 1  Rows_examined: 30000
SET timestamp=1714557600;
SELECT * FROM documents WHERE project_id = 7 ORDER BY updated_at DESC LIMIT 20;
# Time: 2024-05-01T10:00:01.000000Z
# User@Host: app[app] @ localhost []
# Query_time: 0.300000  Lock_time: 0.000100 Rows_sent: 1  Rows_examined: 10000
SET timestamp=1714557601;
SELECT * FROM documents WHERE project_id = 9 ORDER BY updated_at DESC LIMIT 20;
`;

describe('workloadFromSlowLog', () => {
  it('turns each class into one weighted query: worst sample, count, total time, rows examined', () => {
    const { workload, notes } = workloadFromSlowLog(log);
    expect(workload).toHaveLength(1);
    expect(workload[0]!.sql).toBe('SELECT * FROM documents WHERE project_id = 7 ORDER BY updated_at DESC LIMIT 20');
    expect(workload[0]!.weight.count).toBe(2);
    expect(workload[0]!.weight.totalTimeSec).toBeCloseTo(0.8, 6);
    expect(workload[0]!.rowsExamined).toBe(20000);
    expect(notes[0]).toContain('2 events in 1 query classes');
  });
});
