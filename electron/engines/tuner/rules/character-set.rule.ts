/** Server default character set: utf8mb4 rather than utf8mb3/latin1. */
import { defineRule } from '../rule';

/** The rule. */
export const characterSetRule = defineRule({
  id: 'character-set',
  area: 'server',
  severity: 'info',
  title: 'Default character set is not utf8mb4',
  rationale:
    'utf8mb3 (what "utf8" means today) stores at most 3 bytes per character, so emoji and some CJK characters fail or get mangled; it is deprecated in MySQL. latin1 cannot store most text at all. The server default applies to new databases and tables only; existing tables need ALTER TABLE … CONVERT TO.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/charset-unicode-utf8mb3.html',
  evaluate(r, { caps }) {
    const cs = r.text('character_set_server');
    if (cs === null) return null;
    const fires = cs.toLowerCase() !== 'utf8mb4';
    const threeByte = /^utf8(mb3)?$/i.test(cs);
    return {
      fires,
      // utf8mb3 silently fails on 4-byte characters (emoji, rarer CJK): a data problem, not a nicety.
      ...(threeByte ? { severity: 'warning' as const } : {}),
      message: `character_set_server = ${cs}${cs.toLowerCase() === 'utf8' ? ' (= utf8mb3)' : ''}.`,
      formula: 'fires when character_set_server ≠ utf8mb4',
      result: { name: 'character_set_server', value: cs, unit: 'text' },
      recommendation: {
        text: `Set character_set_server = utf8mb4 and collation_server = ${caps.utf8mb4Collation}; convert existing tables separately.`,
        computation: `collation: the server's modern utf8mb4 default (${caps.utf8mb4Collation})`,
      },
      changes: fires ? [r.change('character_set_server', 'utf8mb4'), r.change('collation_server', caps.utf8mb4Collation)] : [],
    };
  },
});
