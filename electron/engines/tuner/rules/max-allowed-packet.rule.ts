/** max_allowed_packet large enough for the biggest row or statement the application sends. */
import { defineRule } from '../rule';
import { fmtBytes, SIZE } from '../units';

const FLOOR = 16 * SIZE.MIB;
const RECOMMENDED = 64 * SIZE.MIB;

/** The rule. */
export const maxAllowedPacketRule = defineRule({
  id: 'max-allowed-packet',
  area: 'server',
  severity: 'info',
  title: 'max_allowed_packet small for large documents',
  rationale:
    'A statement or row larger than max_allowed_packet fails with ER_NET_PACKET_TOO_LARGE ("Got a packet bigger than max_allowed_packet"). Documents, JSON metadata and bulk inserts need headroom; the buffer grows only on demand, so 64 MiB (MySQL 8 default) costs nothing until used.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/packet-too-large.html',
  evaluate(r) {
    const v = r.v('max_allowed_packet', 'bytes');
    if (v === null) return null;
    const fires = v < FLOOR;
    return {
      fires,
      message: `max_allowed_packet = ${fmtBytes(v)}.`,
      formula: `fires below ${fmtBytes(FLOOR)}`,
      result: { name: 'max_allowed_packet', value: v, unit: 'bytes' },
      recommendation: { text: `Set max_allowed_packet = ${fmtBytes(RECOMMENDED)}.`, computation: 'MySQL 8.0+ default, allocated on demand' },
      changes: fires ? [r.change('max_allowed_packet', RECOMMENDED)] : [],
    };
  },
});
