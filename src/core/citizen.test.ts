import { describe, it, expect } from 'vitest';
import { idCheckChar, isMobile, isValidIdNumber, isValidPhone, maskIdNumber, maskName, maskPhone, normalizePhone } from './citizen';
import { isValidCitizenPhone } from './citizen';

describe('isValidPhone', () => {
  it.each([
    '13800138000',
    '15912345678',
    '16612345678',
    '17712345678',
    '18612345678',
    '19912345678',
    '+8613800138000',
    '+86 138 0013 8000',
    '8613800138000',
    '138 0013 8000',
    ' 13800138000 ',
  ])('accepts the mobile number %s', (phone) => {
    expect(isValidPhone(phone)).toBe(true);
  });

  // BUG (citizen.ts:17-18): dashes between the groups of a mobile number are taken for
  // "area code - number - extension", so 138-0013-8000 normalises to 1380013-8000 and is rejected.
  it.each(['138-0013-8000', '+86 138-0013-8000', '+86-138-0013-8000', '138－0013－8000'])(
    'accepts the mobile number %s written with dashes',
    (phone) => {
      expect(isValidPhone(phone)).toBe(true);
    },
  );

  it.each([
    '010-12345678',
    '010-62345678',
    '01062345678',
    '0799-8123456',
    '0571-87654321',
    '(010) 62345678',
    '（0571）87654321',
    '0571-87654321-8001',
    '010-62345678-123',
    '87654321',
    '8123456',
  ])('accepts the landline %s', (phone) => {
    expect(isValidPhone(phone)).toBe(true);
  });

  it.each(['12345', '95598', '10086', '12315'])('accepts the service number %s', (phone) => {
    expect(isValidPhone(phone)).toBe(true);
  });

  it.each([
    ['12345678901', 'eleven digits starting 12'],
    ['11012345678', 'eleven digits starting 11'],
    ['10012345678', 'eleven digits starting 10'],
    ['1380013800', 'a mobile one digit short'],
    ['138001380001', 'a mobile one digit long'],
    ['1234', 'four digits'],
    ['110', 'the police number is not a citizen phone'],
    ['', 'empty'],
    ['1380013800a', 'a letter'],
    ['abcdefghijk', 'only letters'],
    ['0571-1234567', 'a local number cannot start with 1'],
    ['0571-123', 'a local number too short'],
    ['+87 13800138000', 'a foreign prefix'],
    ['23456', 'a five-digit number that is no service number'],
  ])('rejects %s (%s)', (phone) => {
    expect(isValidPhone(phone)).toBe(false);
  });
});

describe('normalizePhone and isMobile', () => {
  it.each([
    ['+86 138 0013 8000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['010-62345678', '01062345678'],
    ['0571-87654321-8001', '057187654321-8001'],
    ['（0571）87654321', '057187654321'],
  ])('%s → %s', (raw, normal) => {
    expect(normalizePhone(raw)).toBe(normal);
  });

  it('tells mobiles from landlines', () => {
    expect(isMobile('+86 138 0013 8000')).toBe(true);
    expect(isMobile('010-62345678')).toBe(false);
    expect(isMobile('12345')).toBe(false);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13800138000', '138****8000'],
    ['+86 138 0013 8000', '138****8000'],
    ['19912345678', '199****5678'],
  ])('masks the mobile %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it.each([
    ['010-62345678', '010****5678'],
    ['0571-87654321', '0571****4321'],
  ])('masks the landline %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('keeps the last four digits of a 4-digit area code with a 7-digit number and hides the middle', () => {
    const masked = maskPhone('0799-8123456');
    expect(masked).toMatch(/3456$/);
    expect(masked).not.toContain('8123');
    expect(masked).toHaveLength(11);
  });

  it('hides a number of four digits or fewer entirely', () => {
    expect(maskPhone('1234')).toBe('****');
  });

  it('passes nothing through', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone(undefined)).toBeNull();
    expect(maskPhone('')).toBe('');
  });
});

/*
 * GB 11643-1999 check characters worked out by hand: sum of digit × weight (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2),
 * mod 11, mapped 0→1 1→0 2→X 3→9 4→8 5→7 6→6 7→5 8→4 9→3 10→2.
 *   11010519491231002: 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167, 167 mod 11 = 2 → X
 *   11010119900307451: 7+9+0+5+0+4+2+9+54+0+0+27+0+35+32+20+2 = 206, mod 11 = 8 → 4
 *   44030819990101123: 28+36+0+15+0+32+2+9+54+27+0+9+0+5+8+8+6 = 239, mod 11 = 8 → 4
 *   32010619780515105: 21+18+0+5+0+24+2+9+42+24+0+45+10+25+8+0+10 = 243, mod 11 = 1 → 0
 *   32010619780515118: as above but 8+4+16 for the last three = 253, mod 11 = 0 → 1
 *   11010520000229001: 7+9+0+5+0+20+4+0+0+0+0+18+20+45+0+0+2 = 130, mod 11 = 9 → 3
 *   11010519000229001: total 137, mod 11 = 5 → 7 (1900 is no leap year: invalid date anyway)
 *   11010519990230001: total 183, mod 11 = 7 → 5 (30 February: invalid date anyway)
 *   11010520300101001: total 79, mod 11 = 2 → X
 *   Impossible dates below carry their correct check character, so only the date can reject them:
 *   11010519991301001 → 3, 11010519990001001 → 4, 11010519990100001 → 0, 11010519990431001 → 4,
 *   11010119900370451 → 2.
 */
describe('isValidIdNumber (GB 11643)', () => {
  it.each([
    ['11010519491231002X', 'the standard sample, check X'],
    ['110101199003074514', 'check 4'],
    ['440308199901011234', 'Shenzhen, check 4'],
    ['320106197805151050', 'check 0'],
    ['320106197805151181', 'check 1'],
    ['110105200002290013', '29 February of a leap year'],
  ])('accepts %s (%s)', (id) => {
    expect(isValidIdNumber(id)).toBe(true);
  });

  it.each([
    ['11010519491231002x', 'lower-case x'],
    [' 110101199003074514 ', 'surrounding spaces'],
  ])('accepts %j (%s)', (id) => {
    expect(isValidIdNumber(id)).toBe(true);
  });

  it.each([
    ['110105194912310021', 'check 1 instead of X'],
    ['110101199003074515', 'check 5 instead of 4'],
    ['320106197805151051', 'check 1 instead of 0'],
    ['440308199901011235', 'last digit off by one'],
  ])('rejects %s (%s)', (id) => {
    expect(isValidIdNumber(id)).toBe(false);
  });

  it.each([
    ['110105199902300015', '30 February 1999 (check character correct)'],
    ['110105190002290017', '29 February 1900, no leap year (check character correct)'],
    ['110105199913010013', 'month 13'],
    ['110105199900010014', 'month 00'],
    ['110105199901000010', 'day 00'],
    ['110105199904310014', '31 April'],
    ['110101199003704512', 'two digits of the date swapped: month 37'],
    ['110105170001010010', 'born in 1700'],
  ])('rejects %s (%s)', (id) => {
    expect(isValidIdNumber(id)).toBe(false);
  });

  it.each([
    ['', 'empty'],
    ['11010519491231002', '17 characters'],
    ['11010519491231002X0', '19 characters'],
    ['01010519491231002X', 'address code starting with 0'],
    ['110105194912310X2X', 'X inside the sequence'],
    ['110105491231002', 'the old 15-digit form'],
    ['11010519491231002Y', 'Y as check character'],
  ])('rejects %j (%s)', (id) => {
    expect(isValidIdNumber(id)).toBe(false);
  });

  it('rejects a birth date after today', () => {
    // 110105 2030-01-01 001, check X
    expect(isValidIdNumber('11010520300101001X', new Date('2026-06-01T00:00:00Z'))).toBe(false);
    expect(isValidIdNumber('11010520300101001X', new Date('2030-01-01T00:00:00Z'))).toBe(true);
    expect(isValidIdNumber('11010520300101001X', new Date('2029-12-31T23:59:59Z'))).toBe(false);
  });

  it('accepts a future birth date when no today is given', () => {
    expect(isValidIdNumber('11010520300101001X')).toBe(true);
  });

  it.each([
    ['11010519491231002', 'X'],
    ['11010119900307451', '4'],
    ['32010619780515105', '0'],
    ['32010619780515118', '1'],
    ['11010520000229001', '3'],
  ])('idCheckChar(%s) = %s', (first17, check) => {
    expect(idCheckChar(first17)).toBe(check);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['110101199003074514', '110101********4514'],
    ['11010519491231002X', '110105********002X'],
    ['110105491231002', '110105*****1002'],
    ['123456789', '*********'],
  ])('%s → %s', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });

  it('passes nothing through', () => {
    expect(maskIdNumber(null)).toBeNull();
    expect(maskIdNumber(undefined)).toBeNull();
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskName', () => {
  it.each([
    ['张三丰', '张**'],
    ['张三', '张*'],
    ['张', '张*'],
    ['欧阳娜娜', '欧***'],
    ['𠮷野家', '𠮷**'],
    ['Li Lei', 'L*****'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('passes nothing through', () => {
    expect(maskName(null)).toBeNull();
    expect(maskName(undefined)).toBeNull();
    expect(maskName('')).toBe('');
  });
});

describe('isValidCitizenPhone', () => {
  it('accepts mobiles and landlines a citizen can be called back on', () => {
    expect(isValidCitizenPhone('138 0013 8000')).toBe(true);
    expect(isValidCitizenPhone('0799-8123456')).toBe(true);
  });
  it('refuses service short numbers', () => {
    expect(isValidCitizenPhone('12345')).toBe(false);
    expect(isValidCitizenPhone('95598')).toBe(false);
  });
});
