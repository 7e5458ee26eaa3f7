/**
 * fast-check arbitraries for the fuzz test (test/fuzz.test.ts, issue #9 §4): values drawn from a
 * route's JSON schema — mostly near-valid, with a field now and then replaced by something hostile —
 * and the request around them: path parameters, query string, headers and body encodings.
 */
import fc from 'fast-check';

/** The part of JSON Schema / OpenAPI 3 the routes use. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  /** a number (JSON Schema 2019+) or a flag on minimum (OpenAPI 3.0) */
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  additionalProperties?: boolean | JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

/** Real values of the database, so that near-valid input gets past the first lookup. */
export interface Pools {
  /** ids by table (cases, units, users …) */
  ids: Record<string, string[]>;
  unitCodes: string[];
  categoryCodes: string[];
  usernames: string[];
  caseNos: string[];
  queryCodes: string[];
  tokens: string[];
  callIds: string[];
  /** CAPTCHAs whose answer is `fuzz` */
  captchaIds: string[];
  /** the current version of each case and knowledge article, by id */
  versions: Map<string, number>;
}

// ---- hostile values ----

/** A JSON text spliced in as is: numbers JSON.stringify cannot write (-0, 1e400 → Infinity …). */
export class RawJson {
  constructor(readonly text: string) {}
}

const HUGE = 'x'.repeat(300_000);
const HUGE_ZH = '长'.repeat(100_000);

export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '   \t\n ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFFx',
  '\uFFFE\uFFFF',
  '\u202Eevil\u202C',
  '\u200B',
  '😀😀😀',
  '𠮷野家',
  '回音',
  '中文测试'.repeat(300),
  'ＡＢＣ１２３',
  "' OR '1'='1",
  "'; DROP TABLE cases; --",
  "Robert'); DELETE FROM users; --",
  '%',
  '_',
  '\\',
  '\\x00',
  '$1',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd\u0000.png',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '=cmd|" /C calc"!A0',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e308',
  '-1e308',
  '1e400',
  '9'.repeat(400),
  '0x1F',
  '00000000000000',
  '99999999999999',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '0001-01-01',
  '9999-12-31T23:59:59Z',
  '275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '1970-01-01T00:00:00Z',
  '2026-03-02T10:00:00+25:00',
  '2026-03-02T24:00:00Z',
  '2026-03-02T10:00:00',
  'today',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'not-a-uuid',
  '12345678-1234-1234-1234-1234567890abZ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\r\nSet-Cookie: x=1',
  'hy_fake_token',
  HUGE,
  HUGE_ZH,
];

/** An object with own keys that would pollute a prototype if merged carelessly. */
const PROTO_OBJECTS: readonly unknown[] = [
  JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  JSON.parse('{"__proto__": {"toString": "x"}, "toString": 1, "valueOf": null}'),
];

function deep(levels: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

const nastyNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(0, -1, 1.5, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 2 ** 63, 5e-324, 1e21),
  fc.constantFrom(new RawJson('-0'), new RawJson('1e400'), new RawJson('-1e400'), new RawJson('1' + '0'.repeat(400)), new RawJson('0.' + '0'.repeat(400) + '1')),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Anything a JSON body can hold, leaning to what breaks code: wrong types, extremes, deep nesting. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], [[]], [''], { '': '' }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(deep(2000, 'array'), deep(1000, 'object'), Array.from({ length: 20_000 }, () => 1), ...PROTO_OBJECTS) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

// ---- values from a schema ----

/** The test clock (test/app.ts MONDAY_10AM): dates near it pass the "not in the future" checks. */
const NOW = Date.parse('2026-03-02T02:00:00Z');
const DAY = 86_400_000;

const ZH_CHARS = '市民反映小区楼下烧烤店油烟噪音扰民希望尽快处理东华街道幸福路号栋单元供水停电道路破损投诉咨询建议'.split('');
const text = (minLength: number, maxLength: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...ZH_CHARS), minLength: Math.max(minLength, Math.min(4, maxLength)), maxLength }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
  );
const instant = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: NOW - 60 * DAY, max: NOW }) },
  { weight: 1, arbitrary: fc.integer({ min: NOW, max: NOW + 60 * DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: Date.parse('1990-01-01'), max: Date.parse('2040-12-31') }) },
);

/** Values that pass the field's own checks (a phone number, an 18-digit id …), by the field's name. */
function realisticFor(name: string, pools: Pools): fc.Arbitrary<unknown> | null {
  const n = name.toLowerCase();
  const ids = (table: string) => pools.ids[table] ?? [];
  const from = (xs: string[]) => (xs.length ? fc.constantFrom(...xs) : null);
  if (/phone|mobile|^caller$|^callee$/.test(n)) return fc.oneof(fc.constantFrom('13800138000', '010-12345678', '12345'), fc.stringMatching(/^1[3-9]\d{9}$/));
  if (n === 'idnumber') return fc.constantFrom('11010519491231002X', '110101199003074514', '440524188001010014');
  if (n === 'lng' || n === 'long') return fc.double({ min: 118.5, max: 119.5, noNaN: true });
  if (n === 'lat') return fc.double({ min: 31.5, max: 32.5, noNaN: true });
  if (n === 'version') return fc.integer({ min: 1, max: 12 });
  if (/url$/.test(n)) return fc.constantFrom('http://127.0.0.1:9/hook', 'https://example.com/a.png', 'https://example.com/recording.mp3');
  if (n === 'attachmentids') return from(ids('attachments'));
  if (/^(unit|units|counits|parent|parentunit|suggestedunit|lead|leadunit|region|areaunits)$/.test(n)) return from(pools.unitCodes);
  if (/^(category|categorycode|service_code)$/.test(n)) return from(pools.categoryCodes);
  if (/^(user|username)$/.test(n)) return from(pools.usernames);
  if (/^(case|caseref|caseno|into|of|origincaseno|service_request_id|no)$/.test(n)) return from(pools.caseNos);
  if (/^(querycode|code)$/.test(n)) return from([...pools.queryCodes, ...pools.categoryCodes]);
  if (/^(api_key|token)$/.test(n)) return from(pools.tokens);
  if (n === 'callid') return from(pools.callIds);
  if (n === 'captchaid') return from(pools.captchaIds);
  if (n === 'captchaanswer') return fc.constant('fuzz');
  return null;
}

function uuidFor(name: string, pools: Pools): string[] {
  const n = name.toLowerCase();
  const ids = (table: string) => pools.ids[table] ?? [];
  if (/leadersession/.test(n)) return ids('leader_sessions');
  if (/case|request|repeat|merge|excludeid/.test(n)) return ids('cases');
  if (/unit|lead|region/.test(n)) return ids('units');
  if (/user|handler|assignee/.test(n)) return ids('users');
  if (/article|knowledge/.test(n)) return ids('knowledge_articles');
  if (/liaison/.test(n)) return ids('liaisons');
  if (/activit/.test(n)) return ids('grassroots_activities');
  if (/attachment|photo|file/.test(n)) return ids('attachments');
  if (/filing/.test(n)) return ids('filings');
  if (/platform/.test(n)) return ids('platforms');
  if (/promise/.test(n)) return ids('promises');
  if (/order/.test(n)) return ids('supervision_orders');
  return Object.values(pools.ids).flat();
}

function stringFor(s: JsonSchema, name: string, pools: Pools): fc.Arbitrary<unknown> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 40, 40));
  if (s.format === 'uuid') {
    // a random id is one of the defects (withDefect); valid means an id that exists
    const real = uuidFor(name, pools);
    return real.length ? fc.constantFrom(...real) : fc.uuid();
  }
  if (s.format === 'date-time') return instant.map((ms) => new Date(ms).toISOString());
  if (s.format === 'date') return instant.map((ms) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10));
  if (s.format === 'email') return fc.emailAddress();
  if (s.format === 'uri' || s.format === 'url') return fc.webUrl();
  // a pattern says more than the name (a new unit's `code` is not an existing code)
  const real = s.pattern ? null : realisticFor(name, pools);
  if (real) return real;
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern), { maxLength: Math.max(max, 20) });
    } catch {
      return text(min, max);
    }
  }
  return text(min, max);
}

/** The range of a number schema: minimum / maximum, or the exclusive bounds of either draft. */
function bounds(s: JsonSchema, lo: number, hi: number): [number, number] {
  const min = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : (s.minimum ?? lo);
  const max = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : (s.maximum ?? Math.max(hi, min + 1));
  return [min, max];
}

/** A valid value for `s` (as far as a schema can tell), with real ids and codes where the name suggests them. */
export function validFrom(s: JsonSchema | undefined, pools: Pools, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  const types = [s.type ?? []].flat();
  let valid: fc.Arbitrary<unknown>;
  if (s.enum?.length) valid = fc.constantFrom(...s.enum);
  else if (s.oneOf?.length || s.anyOf?.length) valid = fc.oneof(...(s.oneOf ?? s.anyOf)!.map((x) => validFrom(x, pools, name, depth + 1)));
  else if (types.includes('object') || s.properties) {
    const props = s.properties ?? {};
    const required = (s.required ?? []).filter((k) => k in props);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, sub] of Object.entries(props)) model[k] = validFrom(sub, pools, k, depth + 1);
    valid = Object.keys(model).length
      ? fc.record(model, { requiredKeys: required })
      : s.additionalProperties
        ? fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
        : fc.constant({});
  } else if (types.includes('array')) {
    const real = realisticFor(name, pools);
    valid = fc.array(real && s.items?.type === 'string' && !s.items.enum ? real : validFrom(s.items, pools, name, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
  } else if (types.includes('integer')) {
    const real = realisticFor(name, pools);
    const [lo, hi] = bounds(s, -5, 100_000);
    const min = Math.ceil(lo === s.exclusiveMinimum || s.exclusiveMinimum === true ? lo + 1 : lo);
    const max = Math.floor(hi === s.exclusiveMaximum || s.exclusiveMaximum === true ? hi - 1 : hi);
    valid = real ?? fc.oneof(fc.integer({ min, max: Math.min(max, min + 30) }), fc.integer({ min, max }));
  } else if (types.includes('number')) {
    const [min, max] = bounds(s, -200, 200);
    valid = realisticFor(name, pools) ?? fc.double({ min, max, minExcluded: s.exclusiveMinimum !== undefined && s.exclusiveMinimum !== false, maxExcluded: s.exclusiveMaximum !== undefined && s.exclusiveMaximum !== false, noNaN: true, noDefaultInfinity: true });
  } else if (types.includes('boolean')) {
    valid = fc.boolean();
  } else if (types.includes('string')) {
    valid = stringFor(s, name, pools);
  } else valid = fc.jsonValue({ maxDepth: 2 });
  return s.nullable ? fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(null) }) : valid;
}

/** Defines a key as an own property ("__proto__" included, which a plain assignment would not). */
function defineKey(o: object, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

type Defect = { kind: 'replace'; value: unknown } | { kind: 'drop' } | { kind: 'add'; key: string; value: unknown };

const defect: fc.Arbitrary<Defect> = fc.oneof(
  { weight: 4, arbitrary: nastyValue.map((value) => ({ kind: 'replace' as const, value })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', '', '$where', 'id', 'version'), nastyValue).map(([key, value]) => ({ kind: 'add' as const, key, value })) },
);

/** `value` with one defect at the `at`-th place (the whole value, a field, an item). */
function withDefect(value: unknown, at: number, d: Defect): unknown {
  const root = { v: structuredClone(value) as unknown };
  const places: [Record<string, unknown> | unknown[], string | number][] = [[root as Record<string, unknown>, 'v']];
  const containers: object[] = [];
  for (let i = 0; i < places.length; i++) {
    const [parent, key] = places[i]!;
    const v = (parent as Record<string | number, unknown>)[key];
    if (v && typeof v === 'object') {
      containers.push(v);
      for (const k of Array.isArray(v) ? v.keys() : Object.keys(v)) places.push([v as Record<string, unknown>, k]);
    }
  }
  if (d.kind === 'add') {
    const target = containers.filter((c) => !Array.isArray(c));
    if (target.length) defineKey(target[at % target.length]!, d.key, d.value);
    return root.v;
  }
  // the whole value is replaced often enough by nearValid itself: a field or an item, where there is one
  const [parent, key] = places.length > 1 ? places[1 + (at % (places.length - 1))]! : places[0]!;
  if (d.kind === 'drop' && parent !== (root as object) && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string];
  else if (d.kind === 'replace' || parent === (root as object)) (parent as Record<string | number, unknown>)[key] = d.kind === 'replace' ? d.value : undefined;
  return root.v;
}

/**
 * Near-valid input for `s`: a valid value (about 4 in 10), the same with one defect — a field
 * replaced by something hostile, a required field dropped, a prototype-polluting key added —
 * (about 5 in 10), or something hostile outright.
 */
export function nearValid(s: JsonSchema | undefined, pools: Pools, name = ''): fc.Arbitrary<unknown> {
  const valid = validFrom(s, pools, name);
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 5, arbitrary: fc.tuple(valid, fc.noBias(fc.nat()), defect).map(([v, at, d]) => withDefect(v, at, d)) },
    { weight: 1, arbitrary: nastyValue },
  );
}

/** JSON text of a generated value, with RawJson pieces spliced in. */
export function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0001raw${raws.length - 1}\u0001`;
    }
    return v;
  });
  if (text === undefined) return 'null';
  return raws.length ? text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]!) : text;
}

/** A value as one query-string or path value (arrays repeat the key in the query string). */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof RawJson) return v.text;
  if (v === undefined) return '';
  return typeof v === 'object' && v !== null ? toJson(v) : String(v);
}

/**
 * encodeURIComponent that does not throw on a lone surrogate: it becomes the bytes a careless
 * encoder would send (CESU-8, e.g. %ED%A0%80), which are not valid UTF-8.
 */
export function encodePart(s: string): string {
  return s
    .split(/([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/)
    .map((piece) => (piece.length === 1 && /[\uD800-\uDFFF]/.test(piece) ? [0xe0 | (piece.charCodeAt(0) >> 12), 0x80 | ((piece.charCodeAt(0) >> 6) & 0x3f), 0x80 | (piece.charCodeAt(0) & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('') : encodeURIComponent(piece)))
    .join('');
}

// ---- bodies that are not JSON ----

export interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: Buffer;
}

export function multipart(parts: Part[], boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`), p.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** A real 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const ZIP_BOMBISH = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(2000, 0)]);

const filename = fc.oneof(
  fc.constantFrom('photo.png', '现场照片.png', 'cases.csv', 'units.xlsx', 'report.pdf', 'a.exe', '.png', 'x.csv.exe', '../../etc/passwd', '..\\..\\x.png', 'a\u0000.png', 'a"b.png', `${'长'.repeat(300)}.png`, ''),
  fc.string({ maxLength: 30 }).map((s) => `${s}.csv`),
);

/**
 * Multipart bodies: a real file, a file of the wrong kind, garbage bytes, a CSV made from `csvBases`
 * with cells replaced by hostile text, several files, fields only.
 */
export function multipartArb(csvBases: string[], fieldNames: string[], pools: Pools): fc.Arbitrary<Part[]> {
  const csv = fc
    .tuple(fc.constantFrom(...(csvBases.length ? csvBases : ['a,b\n1,2\n'])), fc.array(fc.tuple(fc.nat(), nastyString.filter((s) => s.length < 5000)), { maxLength: 4 }))
    .map(([base, edits]) => {
      const cells = base.split(/(,|\n)/);
      for (const [i, v] of edits) cells[(i * 2) % cells.length] = v.replace(/[,\n]/g, ' ');
      return Buffer.from(cells.join(''));
    });
  const data = fc.oneof(
    fc.constant(PNG),
    fc.constant(PDF),
    fc.constant(ZIP_BOMBISH),
    csv,
    fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    fc.constant(Buffer.alloc(0)),
  );
  const file = fc.record({
    name: fc.constantFrom('file', 'file', 'photos', 'photo', 'upload', ''),
    filename,
    type: fc.constantFrom('image/png', 'text/csv', 'application/pdf', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/html', ''),
    data,
  });
  const field: fc.Arbitrary<Part> = fc
    .constantFrom(...fieldNames, '__proto__', 'constructor', 'x')
    .chain((name) => fc.oneof({ weight: 4, arbitrary: validFrom({ type: 'string', maxLength: 200 }, pools, name) }, { weight: 1, arbitrary: nastyString }).map((v) => ({ name, data: Buffer.from(asText(v)) })));
  return fc.tuple(fc.array(file, { minLength: 0, maxLength: 3 }), fc.array(field, { maxLength: 8 })).map(([files, fields]) => [...fields, ...files]);
}

/** Text that is not a valid JSON document of the body. */
export const brokenJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('{', '{"a":', '{,}', "{'a':1}", '{"a":1,}', '[1,2', 'nul', '{"a":"\\u00"}', '{"a":"\\uD800"}', '\uFEFF{}', '{"a":1}{"b":2}', '{"__proto__":', '\u0000', ' ', '1e999999'),
  fc.string({ unit: 'binary', maxLength: 50 }),
);

export const OVERSIZED = '{"title":"' + 'x'.repeat(1_100_000) + '"}';
