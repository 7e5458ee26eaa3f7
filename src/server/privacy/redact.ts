/**
 * Taking a citizen out of free text (issue #9 §2): what the anonymisation of a case does to its
 * title, content, replies, messages … Pure functions, so the rules are tested without a database.
 *
 * Two passes: first everything shaped like a resident ID number, a mobile or a landline number
 * (whoever's it is: in a case being anonymised no number needs to stay readable), then the
 * citizen's own name, phone, ID number and address wherever they appear as written.
 */
import { maskIdNumber, maskPhone, normalizePhone } from '../../core/citizen';

/** Who the citizen was on one case, as the case held it. */
export interface CitizenValues {
  name: string | null;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
}

/** The name an anonymised case shows where the citizen's name was. */
export const ANONYMISED_NAME = '（已匿名）';
/** What stands in the text for the citizen's name and address. */
export const NAME_MARK = '某某';
export const ADDRESS_MARK = '（地址已删除）';

const ID_NUMBER = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g;
const LANDLINE = /(?<!\d)0\d{2,3}[- ]?[2-9]\d{6,7}(?:-\d{1,6})?(?!\d)/g;

const stars = (m: string) => '*'.repeat(m.replace(/[- ]/g, '').length);

/** The forms a phone number is written in: as stored, and with the usual separators of a mobile. */
function phoneForms(phone: string): string[] {
  const p = normalizePhone(phone);
  const forms = new Set([phone.trim(), p]);
  if (/^1\d{10}$/.test(p)) {
    forms.add(`${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`);
    forms.add(`${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`);
  }
  return [...forms].filter((f) => f.length >= 5);
}

function replaceAll(text: string, needle: string, mark: string): string {
  return needle ? text.split(needle).join(mark) : text;
}

/** The text with the citizen (and any phone or ID number) taken out. */
export function redactText(text: string, c: CitizenValues): string {
  let out = text.replace(ID_NUMBER, stars).replace(MOBILE, stars).replace(LANDLINE, stars);
  const exact: [string, string][] = [];
  if (c.idNumber) for (const f of new Set([c.idNumber, c.idNumber.toLowerCase()])) exact.push([f, '*'.repeat(f.length)]);
  if (c.phone) for (const f of phoneForms(c.phone)) exact.push([f, stars(f)]);
  const address = c.address?.trim();
  if (address && Array.from(address).length >= 4) exact.push([address, ADDRESS_MARK]);
  const name = c.name?.trim();
  if (name && name !== ANONYMISED_NAME && Array.from(name).length >= 2) exact.push([name, NAME_MARK]);
  // longest first, so that an address containing the name is replaced whole
  for (const [needle, mark] of exact.sort((a, b) => b[0].length - a[0].length)) out = replaceAll(out, needle, mark);
  return out;
}

/** `redactText` on every string inside a JSON value (a message's payload, a compiled report). */
export function redactJson<T>(value: T, c: CitizenValues): T {
  if (typeof value === 'string') return redactText(value, c) as T;
  if (Array.isArray(value)) return value.map((v) => redactJson(v, c)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v, c)])) as T;
  }
  return value;
}

/** How a citizen is named in the audit record: masked, so the record keeps nothing an erasure removed. */
export function maskedSubject(phone: string | null | undefined, idNumber: string | null | undefined): string {
  return [phone ? maskPhone(phone) : null, idNumber ? maskIdNumber(idNumber) : null].filter(Boolean).join(' / ');
}
