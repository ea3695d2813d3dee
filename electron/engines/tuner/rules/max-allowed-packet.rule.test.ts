import { describe, expect, it } from 'vitest';
import { maxAllowedPacketRule } from './max-allowed-packet.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

describe.each(fixtureNames)('max-allowed-packet on %s', (name) => {
  it('is quiet at 16 MiB or more (captured)', () => {
    expect(maxAllowedPacketRule.check(fixtureInput(name))).toBeNull();
  });
  it('flags 4 MiB and proposes 64 MiB', () => {
    const f = maxAllowedPacketRule.check(fixtureInput(name, { variables: { max_allowed_packet: 4194304 } }))!;
    expect(f.changes[0]).toMatchObject({ recommended: '67108864', dynamic: true });
  });
});
