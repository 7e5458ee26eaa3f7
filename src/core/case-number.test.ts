import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CASE_NO_PATTERN, QUERY_CODE_ALPHABET, QUERY_CODE_PATTERN, formatCaseNo, normalizeQueryCode, queryCodeFromBytes } from './case-number';

describe('formatCaseNo', () => {
  it.each([
    ['2026-11-21', 42, '20261121000042'],
    ['2026-11-21', 1, '20261121000001'],
    ['2026-01-05', 999_999, '20260105999999'],
    ['2027-02-28', 123_456, '20270228123456'],
  ] as const)('%s #%i → %s', (date, seq, no) => {
    expect(formatCaseNo(date, seq)).toBe(no);
  });

  it('always gives 14 digits', () => {
    expect(formatCaseNo('2026-11-21', 7)).toMatch(new RegExp(CASE_NO_PATTERN));
    expect(CASE_NO_PATTERN).toBe('^\\d{14}$');
  });

  it.each(['20261121', '2026/11/21', '2026-1-21', '26-11-21', '', '2026-11-21T00:00'])('refuses the date %j', (date) => {
    expect(() => formatCaseNo(date, 1)).toThrow('bad date');
  });

  it.each([0, -1, 1_000_000, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses the sequence %d', (seq) => {
    expect(() => formatCaseNo('2026-11-21', seq)).toThrow('bad sequence');
  });
});

describe('queryCodeFromBytes', () => {
  it('uses an alphabet without 0, O, 1, I or L', () => {
    expect(QUERY_CODE_ALPHABET).toBe('23456789ABCDEFGHJKMNPQRSTUVWXYZ');
    expect(QUERY_CODE_ALPHABET).toHaveLength(31);
    for (const c of ['0', 'O', '1', 'I', 'L']) expect(QUERY_CODE_ALPHABET).not.toContain(c);
  });

  it.each([
    [[0, 1, 2, 3, 4, 5], '234567'],
    [[6, 7, 8, 9, 10, 11], '89ABCD'],
    [[30, 29, 28, 27, 26, 25], 'ZYXWVU'],
    [[31, 32, 62, 255, 254, 0], '232982'],
    [[15, 16, 17, 18, 19, 20], 'HJKMNP'],
  ])('%j → %s', (bytes, code) => {
    expect(queryCodeFromBytes(Uint8Array.from(bytes))).toBe(code);
  });

  it('reads only the first six bytes', () => {
    expect(queryCodeFromBytes(Uint8Array.from([0, 0, 0, 0, 0, 0, 9, 9, 9]))).toBe('222222');
  });

  it('needs six bytes', () => {
    expect(() => queryCodeFromBytes(Uint8Array.from([1, 2, 3, 4, 5]))).toThrow('need 6 random bytes');
    expect(() => queryCodeFromBytes(new Uint8Array(0))).toThrow('need 6 random bytes');
  });

  it('always gives six unambiguous characters', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 16 }), (bytes) => {
        const code = queryCodeFromBytes(bytes);
        expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
        expect(code).toMatch(new RegExp(QUERY_CODE_PATTERN));
        expect(code).not.toMatch(/[01OIL]/);
      }),
    );
  });

  it('reaches every character of the alphabet', () => {
    const seen = new Set<string>();
    for (let b = 0; b < 256; b++) seen.add(queryCodeFromBytes(Uint8Array.from([b, 0, 0, 0, 0, 0]))[0] as string);
    expect(seen.size).toBe(31);
  });
});

describe('normalizeQueryCode', () => {
  it.each([
    ['abc234', 'ABC234'],
    [' ab c2 34 ', 'ABC234'],
    ['AbC\t234\n', 'ABC234'],
    ['XYZ789', 'XYZ789'],
    ['', ''],
  ])('%j → %s', (raw, code) => {
    expect(normalizeQueryCode(raw)).toBe(code);
  });

  it('makes a typed code match the issued one', () => {
    const issued = queryCodeFromBytes(Uint8Array.from([10, 20, 30, 5, 6, 7]));
    expect(issued).toBe('CPZ789');
    expect(normalizeQueryCode(' cpz 789 ')).toBe(issued);
  });
});
