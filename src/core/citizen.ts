/**
 * Citizen personal data: phone numbers and resident ID numbers as Chinese users write them,
 * and the masking rule of DOMAIN.md §4 ("personal data: visible only to those who need it").
 */

const MOBILE = /^1[3-9]\d{9}$/;
/** Landline: optional area code 0xx / 0xxx, then a 7–8 digit number, optional extension. */
const LANDLINE = /^(0\d{2,3})?[2-9]\d{6,7}(-\d{1,6})?$/;
/** Short service numbers such as 12345, 95598, 10086. */
const SERVICE = /^(1\d{4}|9\d{4})$/;

/** Removes the separators people type (spaces, dashes between groups, +86 / 86 before a mobile). */
export function normalizePhone(raw: string): string {
  const s = raw.trim().replace(/[\s()（）]/g, '').replace(/[－—–]/g, '-');
  const digits = s.replace(/-/g, '');
  const mobile = digits.replace(/^\+?86(?=1[3-9]\d{9}$)/, '');
  if (MOBILE.test(mobile)) return mobile;
  // landline: keep a dash only before an extension: 0571-87654321-8001 → 057187654321-8001
  const parts = s.replace(/^\+?86-?(?=0)/, '').split('-');
  if (parts.length === 3) return `${parts[0]}${parts[1]}-${parts[2]}`;
  if (parts.length === 2 && /^0\d{2,3}$/.test(parts[0] ?? '')) return `${parts[0]}${parts[1]}`;
  return s;
}

export function isValidPhone(raw: string): boolean {
  const s = normalizePhone(raw);
  return MOBILE.test(s) || LANDLINE.test(s) || SERVICE.test(s);
}

/** A number a citizen can be called back on: a mobile or a landline, not a service short number. */
export function isValidCitizenPhone(raw: string): boolean {
  const s = normalizePhone(raw);
  return MOBILE.test(s) || LANDLINE.test(s);
}

export function isMobile(raw: string): boolean {
  return MOBILE.test(normalizePhone(raw));
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999: the check character of an 18-character citizen identity number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '';
}

/**
 * GB 11643-1999 citizen identity number: 6-digit address code, 8-digit birth date that exists,
 * 3-digit sequence, check character (ISO 7064 MOD 11-2). `today` bounds the birth date.
 */
export function isValidIdNumber(raw: string, today?: Date): boolean {
  const s = raw.trim().toUpperCase();
  if (!/^[1-9]\d{5}(18|19|20)\d{2}\d{2}\d{2}\d{3}[\dX]$/.test(s)) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  if (today && birth.getTime() > today.getTime()) return false;
  return idCheckChar(s.slice(0, 17)) === s[17];
}

/** 13800138000 → 138****8000; landlines keep area code and last 4 digits. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  const s = normalizePhone(phone);
  if (s.length <= 4) return '*'.repeat(s.length);
  if (MOBILE.test(s)) return `${s.slice(0, 3)}****${s.slice(7)}`;
  const [number = s, ext] = s.split('-');
  // landline: the area code (010, 02x: 3 digits; others 4) and the last 4 digits of the number stay
  const area = /^0[12]/.test(number) ? 3 : number.startsWith('0') ? 4 : 0;
  const keepStart = Math.min(area, Math.max(0, number.length - 4));
  const masked = `${number.slice(0, keepStart)}${'*'.repeat(number.length - keepStart - 4)}${number.slice(-4)}`;
  return ext ? `${masked}-${ext}` : masked;
}

/** 110101199003074514 → 110101********4514 (region kept, birth date hidden). */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return id ?? null;
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 张三丰 → 张**; keeps the surname only. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return name ?? null;
  const chars = Array.from(name);
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
