import { describe, expect, it } from 'vitest';
import { AppError as FromCore, errorEnvelope } from '../../shared/contract/core';
import { AppError } from '../../shared/contract/errors';

describe('AppError without the schema library', () => {
  it('is the class the contract exports', () => {
    expect(FromCore).toBe(AppError);
    expect(new AppError('BAD_INPUT', 'x')).toBeInstanceOf(FromCore);
  });

  it('revives exactly the envelopes the errorEnvelope schema accepts', () => {
    const values: unknown[] = [
      { code: 'NOT_FOUND', message: 'gone' },
      { code: 'BAD_INPUT', message: '', details: { line: 3 } },
      { code: 'TOO_LARGE', message: 'big', details: undefined, extra: 1 },
      { code: 'NOPE', message: 'unknown code' },
      { code: 'NOT_FOUND' },
      { code: 'NOT_FOUND', message: 5 },
      { code: 7, message: 'm' },
      ['NOT_FOUND', 'm'],
      null,
      undefined,
      'NOT_FOUND',
      42,
    ];
    for (const v of values) {
      const parsed = errorEnvelope.safeParse(v);
      const e = AppError.fromEnvelope(v);
      if (parsed.success)
        expect(e.toEnvelope(), JSON.stringify(v)).toEqual(new AppError(parsed.data.code, parsed.data.message, parsed.data.details).toEnvelope());
      else expect([e.code, e.message], JSON.stringify(v)).toEqual(['INTERNAL', 'Malformed error from the host']);
    }
  });
});
