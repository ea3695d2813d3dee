import { describe, expect, it } from 'vitest';
import { cellView } from './cells';

describe('cellView', () => {
  it('pretty-prints JSON and keeps long text whole', () => {
    expect(cellView('{"a":[1,2],"b":{"c":null}}')).toEqual({
      kind: 'json',
      text: '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {\n    "c": null\n  }\n}',
      note: 'JSON, 26 characters',
    });
    const long = 'x'.repeat(5000);
    expect(cellView(long)).toEqual({ kind: 'text', text: long, note: 'text, 5,000 characters' });
    expect(cellView('{not json}').kind).toBe('text');
  });
  it('shows binary as a hex dump and says how much the host kept', () => {
    const v = cellView({ hex: '00ff'.repeat(10), bytes: 100 });
    expect(v.kind).toBe('binary');
    expect(v.text.split('\n')).toEqual(['00000000  00 ff 00 ff 00 ff 00 ff 00 ff 00 ff 00 ff 00 ff', '00000010  00 ff 00 ff']);
    expect(v.note).toBe('binary, 100 bytes; the first 20 are shown');
  });
  it('names NULL and numbers', () => {
    expect(cellView(null)).toMatchObject({ kind: 'null', text: 'NULL' });
    expect(cellView(42)).toMatchObject({ kind: 'number', text: '42' });
  });
});
