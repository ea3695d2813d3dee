/**
 * `dbw alerts export`: the alert rules (shipped, or a rule file) as a Prometheus rule file over
 * mysqld_exporter's metric names (`promtool check rules` accepts it), or as the JSON rule file
 * `dbw monitor --alerts` and the app read, to copy and edit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultRules } from '../../../engines/monitor/default-rules';
import { exportPrometheusRules } from '../../../engines/monitor/prometheus-rules';
import { parseRuleFile } from '../../../engines/monitor/rule-file';
import type { CliCommand } from './command';
import { parseFlags, UsageError } from './flags';

const usage = `Usage:
  dbw alerts export --format prometheus|json [--rules FILE] [--out FILE]

  --format F    prometheus: a rule file for Prometheus (mysqld_exporter metrics; host rules use
                node_exporter's); json: the rules as data, to edit and pass to --rules / dbw monitor --alerts
  --rules FILE  a JSON rule file instead of the shipped rules
  --out FILE    write there instead of stdout

Exit codes: 0 written, 2 bad usage or an invalid rule file.`;

/** The alerts command. */
export const alertsCommand: CliCommand = {
  name: 'alerts',
  usage,
  async run(args, io) {
    try {
      const flags = parseFlags(args, { format: 'string', rules: 'string', out: 'string', help: 'boolean' });
      if (flags.help) {
        io.stdout.write(usage + '\n');
        return 0;
      }
      if (flags._[0] !== 'export' || flags._.length !== 1) throw new UsageError('The subcommand is export');
      if (flags.format !== 'prometheus' && flags.format !== 'json') throw new UsageError('--format must be prometheus or json');
      const rules = flags.rules ? parseRuleFile(readFileSync(flags.rules, 'utf8'), flags.rules) : [...defaultRules];
      const text = flags.format === 'prometheus' ? exportPrometheusRules(rules) : JSON.stringify({ rules }, null, 2) + '\n';
      if (flags.out) writeFileSync(flags.out, text);
      else io.stdout.write(text);
      return 0;
    } catch (e) {
      io.stderr.write(`dbw alerts: ${(e as Error).message}\n${e instanceof UsageError ? `\n${usage}\n` : ''}`);
      return 2;
    }
  },
};
