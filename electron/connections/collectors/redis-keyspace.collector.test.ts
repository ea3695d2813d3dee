import { describe, expect, it } from 'vitest';
import { parseScriptBatch } from './redis-keyspace.collector';

describe('parseScriptBatch', () => {
  it('splits the joined reads: strings by encoding, collections by type:encoding, vanished keys as none', () => {
    const reply = [
      '1536',
      ['user:info:1', 'user:sessions:1', 'gone:1', 'n:1'],
      'embstr,3599000,96,-1,hash:listpack,691199000,152,2,none,-2,-1,-1,int,-1,56,-1',
    ];
    const { cursor, reads } = parseScriptBatch(reply, 'n1');
    expect(cursor).toBe('1536');
    expect(reads).toEqual([
      { key: 'user:info:1', type: 'string', encoding: 'embstr', pttlMs: 3599000, bytes: 96, elements: null, node: 'n1' },
      { key: 'user:sessions:1', type: 'hash', encoding: 'listpack', pttlMs: 691199000, bytes: 152, elements: 2, node: 'n1' },
      { key: 'gone:1', type: 'none', encoding: '', pttlMs: -2, bytes: null, elements: null, node: 'n1' },
      { key: 'n:1', type: 'string', encoding: 'int', pttlMs: -1, bytes: 56, elements: null, node: 'n1' },
    ]);
  });

  it('takes an empty step (SCAN returned no keys) and refuses a reply whose fields do not match its keys', () => {
    expect(parseScriptBatch([0, [], ''], 'n1')).toEqual({ cursor: '0', reads: [] });
    expect(() => parseScriptBatch(['0', ['a', 'b'], 'embstr,-1,50,-1'], 'n1')).toThrow(/4 fields for 2 keys/);
  });
});
