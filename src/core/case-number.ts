/**
 * Human identifiers of a case: the case number read out on the phone and the query code
 * a citizen uses on the portal.
 */

/** `YYYYMMDD` + 6-digit daily sequence, e.g. 20261121000042. Unique, not necessarily gap-free. */
export function formatCaseNo(shanghaiDate: string, sequence: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(shanghaiDate)) throw new Error(`bad date ${shanghaiDate}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) throw new Error(`bad sequence ${sequence}`);
  return shanghaiDate.replace(/-/g, '') + String(sequence).padStart(6, '0');
}

export const CASE_NO_PATTERN = '^\\d{14}$';

/** No 0/O, 1/I/L: a code read over the phone must not be misheard or misread. */
export const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const QUERY_CODE_PATTERN = '^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$';

/** A 6-character query code from caller-supplied random bytes (the server passes crypto bytes). */
export function queryCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 6) throw new Error('need 6 random bytes');
  let code = '';
  for (let i = 0; i < 6; i++) code += QUERY_CODE_ALPHABET[(bytes[i] ?? 0) % QUERY_CODE_ALPHABET.length];
  return code;
}

/** Citizens type codes in lower case and with spaces; compare in canonical form. */
export function normalizeQueryCode(raw: string): string {
  return raw.replace(/\s/g, '').toUpperCase();
}
