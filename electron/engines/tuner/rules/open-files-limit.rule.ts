/** Open files against open_files_limit. */
import { defineRule } from '../rule';
import { fmtPct } from '../units';

/** The rule. */
export const openFilesLimitRule = defineRule({
  id: 'open-files-limit',
  area: 'caches',
  severity: 'warning',
  title: 'Open files close to open_files_limit',
  rationale:
    'When the server runs out of file descriptors, opening tables fails with "Too many open files" (errno 24). open_files_limit is bounded by the service manager (LimitNOFILE in systemd), so raising it may need a unit override too.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/not-enough-file-handles.html',
  evaluate(r) {
    const limit = r.v('open_files_limit');
    const open = r.lifetime('Open_files');
    if (limit === null || open === null || limit <= 0) return null;
    const usage = open / limit;
    const recommended = Math.ceil((limit * 2) / 1024) * 1024;
    return {
      fires: usage > 0.75,
      message: `Open_files ${open} of open_files_limit ${limit} (${fmtPct(usage)}).`,
      formula: 'usage = Open_files / open_files_limit; fires above 75%',
      result: { name: 'open files usage', value: usage, unit: 'ratio' },
      recommendation: {
        text: `Raise open_files_limit to ${recommended} (my.cnf and LimitNOFILE; restart needed).`,
        computation: `roundUp(2 × ${limit}, 1024) = ${recommended}`,
      },
      changes: usage > 0.75 ? [r.change('open_files_limit', recommended)] : [],
    };
  },
});
