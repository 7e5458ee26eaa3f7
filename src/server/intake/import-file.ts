/**
 * Batch import of cases that arrive outside the hotline's own intake (DOMAIN.md §3): online
 * messages, WeChat, cases transferred from the province, media, grassroots visits, social
 * liaisons, the leader line. Reads an .xlsx (first worksheet) or a UTF-8 CSV and turns each
 * row into a `RegisterCaseInput`, or into errors that name the row, the field and what is wrong
 * in Chinese and English. Registering the rows is the import job's business, not this file's.
 *
 * Row numbers are the spreadsheet's: the header is row 1. A CSV record with a quoted newline
 * still counts as one row, as it does when Excel opens the file.
 */
import ExcelJS from 'exceljs';
import type { RegisterCaseInput } from '../commands/register-case';
import {
  CHANNELS,
  CHANNEL_LABELS,
  KINDS,
  KIND_LABELS,
  URGENCIES,
  URGENCY_LABELS,
  type Channel,
  type Kind,
  type Urgency,
} from '../../core/enums';
import { isValidIdNumber, isValidCitizenPhone, normalizePhone } from '../../core/citizen';
import { DomainError } from '../../core/errors';

export interface ImportRowError {
  /** The spreadsheet's row number (the header is row 1). */
  row: number;
  /** The column key of IMPORT_COLUMNS. */
  field: string;
  message: string;
  messageEn: string;
}

export interface ImportRow {
  row: number;
  input: RegisterCaseInput & { externalId: string };
  /** When the source received the request; null when the file does not say. */
  receivedAt: Date | null;
}

export interface ParsedImport {
  rows: ImportRow[];
  errors: ImportRowError[];
  /** Non-empty data rows read (good and bad). */
  total: number;
}

export interface ParseImportOptions {
  /** Called with (0, total), at least every 500 rows, and once with (total, total). */
  onProgress?: (done: number, total: number) => void;
  /** The current time: bounds receivedAt and the birth date of ID numbers. */
  now?: Date;
  /** Non-empty data rows allowed; default 50,000. */
  maxRows?: number;
}

/**
 * Header names, Chinese or English, matched case- and space-insensitively (a trailing `*`
 * and a trailing note in brackets, as in `标题*` or `受理时间（YYYY-MM-DD HH:mm）`, are ignored).
 */
export const IMPORT_COLUMNS: { key: string; labels: string[]; required: boolean }[] = [
  { key: 'channel', labels: ['渠道', 'channel'], required: true },
  { key: 'externalId', labels: ['外部编号', '来源编号', 'externalId'], required: true },
  { key: 'source', labels: ['来源', 'source'], required: false },
  { key: 'kind', labels: ['诉求类型', '类型', 'kind'], required: true },
  { key: 'urgency', labels: ['紧急程度', 'urgency'], required: false },
  { key: 'title', labels: ['标题', 'title'], required: true },
  { key: 'content', labels: ['内容', '诉求内容', 'content'], required: true },
  { key: 'category', labels: ['分类', '分类编码', 'category'], required: false },
  { key: 'address', labels: ['地址', 'address'], required: false },
  { key: 'lng', labels: ['经度', 'lng'], required: false },
  { key: 'lat', labels: ['纬度', 'lat'], required: false },
  { key: 'name', labels: ['姓名', '诉求人', 'name'], required: false },
  { key: 'phone', labels: ['电话', '联系电话', 'phone'], required: false },
  { key: 'idNumber', labels: ['身份证号', 'idNumber'], required: false },
  { key: 'anonymous', labels: ['匿名', 'anonymous'], required: false },
  { key: 'confidential', labels: ['保密', 'confidential'], required: false },
  { key: 'receivedAt', labels: ['受理时间', '来电时间', 'receivedAt'], required: false },
];

const DEFAULT_MAX_ROWS = 50_000;
const PROGRESS_EVERY = 500;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const MAX = { title: 200, content: 10_000, externalId: 128, source: 50, category: 50, address: 500, name: 50 } as const;
const MIN_CONTENT = 5;

// ---------------------------------------------------------------------------------------------
// Vocabularies

/** Lower-case, no spaces: how a header or a vocabulary word is compared. */
function squash(s: string): string {
  return s.replace(/\s+/g, '').toLowerCase();
}

interface ChannelWord {
  channel: Channel;
  source?: string;
}

/** Channels with their own intake: never imported from a file. */
const REFUSED: ReadonlySet<Channel> = new Set<Channel>(['phone', 'sms', 'mailbox']);

const CHANNEL_WORDS: ReadonlyMap<string, ChannelWord> = (() => {
  const m = new Map<string, ChannelWord>();
  for (const c of CHANNELS) {
    m.set(squash(c), { channel: c });
    m.set(squash(CHANNEL_LABELS[c]), { channel: c });
  }
  const add = (words: string[], w: ChannelWord) => words.forEach((x) => m.set(squash(x), w));
  add(['网上留言', '网络', '网络留言', '网站留言', '网络问政'], { channel: 'online' });
  add(['微信', '微信留言', 'wechat'], { channel: 'online', source: 'wechat' });
  add(['人民网', '人民网留言'], { channel: 'online', source: 'people_cn' });
  add(['省长热线', '省长热线转办', '省平台', '省平台转办', '省转办', 'province'], { channel: 'online', source: 'province' });
  add(['媒体', '媒体热线', '热线联动'], { channel: 'media' });
  add(['走基层'], { channel: 'grassroots' });
  add(['联络员', '社会联络员'], { channel: 'liaison' });
  add(['领导接听'], { channel: 'leader_line' });
  add(['应急', '应急电话'], { channel: 'emergency' });
  // recognised only to be refused with a clear message
  add(['12345', '12345热线', '电话', '热线电话', '市长热线', '县长热线', '市长公开电话', '县长公开电话'], { channel: 'phone' });
  add(['短信', '市长短信热线', '县长信息手机', '局长手机短信'], { channel: 'sms' });
  add(['信箱', '县长信箱'], { channel: 'mailbox' });
  return m;
})();

/** What a 来源 cell may say about the known sub-sources (schema: 'province', 'wechat', 'people_cn'). */
const SOURCE_WORDS: ReadonlyMap<string, string> = new Map(
  (
    [
      [['province', '省长热线', '省长热线转办', '省平台', '省平台转办', '省转办', '省12345'], 'province'],
      [['wechat', '微信', '微信留言'], 'wechat'],
      [['people_cn', '人民网', '人民网留言'], 'people_cn'],
    ] as const
  ).flatMap(([words, source]) => words.map((w) => [squash(w), source] as const)),
);

function vocabulary<T extends string>(values: readonly T[], labels: Record<T, string>, extra: Record<string, T>): ReadonlyMap<string, T> {
  const m = new Map<string, T>();
  for (const v of values) {
    m.set(squash(v), v);
    m.set(squash(labels[v]), v);
  }
  for (const [w, v] of Object.entries(extra)) m.set(squash(w), v);
  return m;
}

const KIND_WORDS = vocabulary<Kind>(KINDS, KIND_LABELS, { 建议: 'suggestion', 意见: 'suggestion', 'tip-off': 'tip_off' });
const URGENCY_WORDS = vocabulary<Urgency>(URGENCIES, URGENCY_LABELS, { 普通: 'normal', 急办件: 'urgent', 领导批示件: 'leader_instructed' });

const TRUE_WORDS = new Set(['是', '1', 'true', 'y']);
const FALSE_WORDS = new Set(['否', '0', 'false', 'n']);

// ---------------------------------------------------------------------------------------------
// Cells

interface CellError {
  error: string;
}
/** A cell as read: CSV cells are strings; .xlsx cells keep their type. */
type Cell = string | number | boolean | Date | CellError | null;

function isCellError(c: Cell): c is CellError {
  return typeof c === 'object' && c !== null && !(c instanceof Date);
}

/** exceljs cell values (rich text, hyperlinks, formulas …) reduced to a plain cell. */
function fromExcel(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return o.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('');
    if ('error' in o && typeof o.error === 'string') return { error: o.error };
    if ('formula' in o || 'sharedFormula' in o) return fromExcel(o.result);
    if ('text' in o) return fromExcel(o.text);
  }
  return String(v);
}

function isEmpty(c: Cell): boolean {
  return c === null || (typeof c === 'string' && c.trim() === '');
}

/** A text value of a cell; numbers keep their digits (1001 → '1001'). */
function textOf(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'string') return c.trim();
  if (typeof c === 'number') return Number.isInteger(c) ? c.toFixed(0) : String(c);
  if (typeof c === 'boolean') return c ? 'true' : 'false';
  if (c instanceof Date) return c.toISOString();
  return c.error;
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Milliseconds of an Asia/Shanghai civil date-time, or null when it does not exist. */
function shanghaiMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMs = SHANGHAI_OFFSET_MS): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(t);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return t - offsetMs;
}

const LOCAL_TIME = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Excel dates (exceljs gives a date cell as the sheet's wall-clock read as UTC; a bare number
 * is a serial day), 'YYYY-MM-DD HH:mm[:ss]' in Asia/Shanghai, and ISO instants with a zone.
 */
function parseReceivedAt(c: Cell, date1904: boolean): Date | null {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : new Date(c.getTime() - SHANGHAI_OFFSET_MS);
  if (typeof c === 'number') {
    if (!Number.isFinite(c) || c <= 0 || c >= 2_958_466) return null; // 9999-12-31 is Excel's last day
    const epochDays = c - (date1904 ? 24_107 : 25_569);
    return new Date(Math.round(epochDays * DAY_MS) - SHANGHAI_OFFSET_MS);
  }
  if (typeof c !== 'string') return null;
  const s = c.trim();
  const local = LOCAL_TIME.exec(s);
  if (local) {
    const [, y, mo, d, h, mi, sec] = local;
    // a date without a time is refused: the time of day matters for the time limits
    if (h === undefined) return null;
    const t = shanghaiMs(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec ?? 0), 0);
    return t === null ? null : new Date(t);
  }
  const iso = ISO_INSTANT.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec, frac, zone = 'Z'] = iso;
    let offset = 0;
    if (zone.toUpperCase() !== 'Z') {
      const z = zone.replace(':', '');
      const oh = Number(z.slice(1, 3));
      const om = Number(z.slice(3, 5));
      if (oh > 14 || om > 59) return null;
      offset = (z.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60_000;
    }
    const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
    const t = shanghaiMs(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec ?? 0), ms, offset);
    return t === null ? null : new Date(t);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Reading the file

interface Sheet {
  /** Column index (0-based) of each known key. */
  columns: Map<string, number>;
  /** Data rows with their spreadsheet row numbers, in order. */
  rows: { row: number; cells: Cell[] }[];
  date1904: boolean;
}

function fail(zh: string, en: string, details?: Record<string, unknown>): DomainError {
  return new DomainError('validation.failed', zh, en, details);
}

function notAFile(why: string): DomainError {
  return fail(`文件不是有效的 Excel 或 CSV 文件（${why}）`, `the file is not a valid Excel (.xlsx) or CSV file (${why})`);
}

function tooManyRows(maxRows: number): DomainError {
  return fail(
    `文件数据行超过上限 ${maxRows} 行，请拆分后分批导入`,
    `the file has more than ${maxRows} data rows; split it and import the parts separately`,
    { maxRows },
  );
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(data: Buffer, magic: number[]): boolean {
  return magic.every((b, i) => data[i] === b);
}

async function readXlsx(data: Buffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs types its argument as its own ArrayBuffer-like `Buffer`; a Node Buffer is what it reads
    await wb.xlsx.load(data as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch {
    throw notAFile('.xlsx 无法读取');
  }
  const ws = wb.worksheets[0];
  const date1904 = Boolean(wb.properties?.date1904);
  const header: Cell[] = [];
  ws?.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    header[col - 1] = fromExcel(cell.value);
  });
  const columns = mapHeader(header);
  const rows: Sheet['rows'] = [];
  ws?.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1) return;
    const cells: Cell[] = [];
    // only the known columns are read: a row with text only in an ignored column is empty
    for (const col of columns.values()) cells[col] = fromExcel(r.getCell(col + 1).value);
    rows.push({ row: n, cells });
  });
  return { columns, rows, date1904 };
}

/**
 * RFC 4180 with the leniency of spreadsheet programs: quoted fields may hold commas, quotes
 * ("") and newlines; CRLF, LF and CR all end a record; text after a closing quote is kept.
 */
function readCsv(data: Buffer, maxRows: number): Sheet {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw fail(
      '文件不是 UTF-8 编码的 CSV，请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后再导入',
      'the CSV file is not UTF-8 encoded; in Excel use "Save As → CSV UTF-8 (Comma delimited)"',
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) throw notAFile('含有二进制内容');

  const records: { row: number; cells: Cell[] }[] = [];
  let columns: Map<string, number> | null = null;
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let quotedStart = 0;
  let rowNo = 1;
  let dataRows = 0;
  let sawAny = false;

  const endRecord = () => {
    fields.push(field);
    field = '';
    const cells = fields;
    fields = [];
    if (columns === null) columns = mapHeader(cells);
    else if (cells.some((c) => c.trim() !== '')) {
      dataRows++;
      if (dataRows > maxRows) throw tooManyRows(maxRows);
      records.push({ row: rowNo, cells });
    }
    rowNo++;
    sawAny = false;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += ch;
      continue;
    }
    sawAny = true;
    if (ch === '"' && field === '') {
      inQuotes = true;
      quotedStart = rowNo;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += ch;
  }
  if (inQuotes) {
    throw fail(`CSV 第 ${quotedStart} 行的引号没有闭合`, `CSV row ${quotedStart}: a quoted field is never closed`, { row: quotedStart });
  }
  if (sawAny || field !== '' || fields.length > 0) endRecord();
  return { columns: columns ?? mapHeader([]), rows: records, date1904: false };
}

// ---------------------------------------------------------------------------------------------
// Headers

function headerKey(c: Cell): string {
  return squash(textOf(c))
    .replace(/[*＊]+$/, '')
    .replace(/[（(][^（）()]*[）)]$/, '')
    .replace(/[_-]/g, '');
}

const LABEL_TO_KEY: ReadonlyMap<string, string> = new Map(
  IMPORT_COLUMNS.flatMap((c) => c.labels.map((l) => [squash(l).replace(/[_-]/g, ''), c.key] as const)),
);

/** Column index (0-based) of each known key; throws when a required column is missing. */
function mapHeader(header: Cell[]): Map<string, number> {
  const byKey = new Map<string, number>();
  const duplicates: string[] = [];
  header.forEach((cell, col) => {
    const key = LABEL_TO_KEY.get(headerKey(cell));
    if (!key) return; // unknown headers are ignored
    if (byKey.has(key)) duplicates.push(textOf(cell));
    else byKey.set(key, col);
  });
  if (duplicates.length > 0) {
    throw fail(`表头有重复的列：${duplicates.join('、')}`, `the header repeats columns: ${duplicates.join(', ')}`, { duplicates });
  }
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !byKey.has(c.key));
  if (missing.length > 0) {
    throw fail(
      `缺少必填列：${missing.map((c) => `${c.labels[0]}（${c.key}）`).join('、')}`,
      `missing required columns: ${missing.map((c) => `${c.key} (${c.labels[0]})`).join(', ')}`,
      { missing: missing.map((c) => c.key) },
    );
  }
  return byKey;
}

// ---------------------------------------------------------------------------------------------
// Rows

const LABEL_OF: Record<string, string> = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, c.labels[0] ?? c.key]));

type Fields = Record<string, Cell>;

interface RowContext {
  row: number;
  errors: ImportRowError[];
}

function err(ctx: RowContext, field: string, message: string, messageEn: string): void {
  ctx.errors.push({ row: ctx.row, field, message, messageEn });
}

function listOf(words: readonly string[]): string {
  return words.join('、');
}

function requiredText(ctx: RowContext, f: Fields, key: string, max: number, min = 1): string | null {
  const s = textOf(f[key] ?? null);
  if (s === '') {
    err(ctx, key, `${LABEL_OF[key]}不能为空`, `${key} is required`);
    return null;
  }
  const n = Array.from(s).length;
  if (n > max) {
    err(ctx, key, `${LABEL_OF[key]}不能超过 ${max} 个字（现有 ${n} 个）`, `${key} is longer than ${max} characters (${n})`);
    return null;
  }
  if (n < min) {
    err(ctx, key, `${LABEL_OF[key]}至少 ${min} 个字`, `${key} needs at least ${min} characters`);
    return null;
  }
  return s;
}

function optionalText(ctx: RowContext, f: Fields, key: string, max: number): string | null {
  const s = textOf(f[key] ?? null);
  if (s === '') return null;
  const n = Array.from(s).length;
  if (n > max) {
    err(ctx, key, `${LABEL_OF[key]}不能超过 ${max} 个字（现有 ${n} 个）`, `${key} is longer than ${max} characters (${n})`);
    return null;
  }
  return s;
}

function parseBool(ctx: RowContext, f: Fields, key: string): boolean {
  const c = f[key] ?? null;
  if (isEmpty(c)) return false;
  if (typeof c === 'boolean') return c;
  const w = squash(textOf(c));
  if (TRUE_WORDS.has(w)) return true;
  if (FALSE_WORDS.has(w)) return false;
  err(ctx, key, `${LABEL_OF[key]}只能填 是/否（或 1/0、true/false、Y/N），不能是“${textOf(c)}”`, `${key} must be 是/否, 1/0, true/false or Y/N, not "${textOf(c)}"`);
  return false;
}

function parseCoordinate(ctx: RowContext, f: Fields, key: 'lng' | 'lat'): number | null | undefined {
  const c = f[key] ?? null;
  if (isEmpty(c)) return null;
  const n = typeof c === 'number' ? c : typeof c === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(c.trim()) ? Number(c.trim()) : NaN;
  const limit = key === 'lng' ? 180 : 90;
  if (!Number.isFinite(n) || Math.abs(n) > limit) {
    err(
      ctx,
      key,
      `${LABEL_OF[key]}须是 -${limit} 到 ${limit} 之间的数字，不能是“${textOf(c)}”`,
      `${key} must be a number between -${limit} and ${limit}, not "${textOf(c)}"`,
    );
    return undefined; // bad, already reported
  }
  return n;
}

function parseRow(ctx: RowContext, f: Fields, now: Date, date1904: boolean): Omit<ImportRow, 'row'> | null {
  const before = ctx.errors.length;

  // a formula that failed in Excel (#N/A, #REF! …) is reported once for its column
  const broken = new Set<string>();
  for (const [key, c] of Object.entries(f)) {
    if (isCellError(c)) {
      broken.add(key);
      err(ctx, key, `${LABEL_OF[key]}单元格是错误值 ${c.error}`, `${key} holds the error value ${c.error}`);
    }
  }
  const cell = (key: string): Cell => (broken.has(key) ? null : (f[key] ?? null));
  const g: Fields = Object.fromEntries(Object.keys(f).map((k) => [k, cell(k)]));
  const check = (key: string) => !broken.has(key);

  // channel and source
  let channel: Channel | null = null;
  let impliedSource: string | undefined;
  if (check('channel')) {
    const raw = textOf(g.channel ?? null);
    const word = raw === '' ? undefined : CHANNEL_WORDS.get(squash(raw));
    if (raw === '') err(ctx, 'channel', '渠道不能为空', 'channel is required');
    else if (!word) {
      err(
        ctx,
        'channel',
        `渠道无法识别：“${raw}”（可填：网上留言、微信、省长热线转办、媒体热线、走基层、社会联络员、领导接听、应急电话）`,
        `unknown channel "${raw}" (use online, leader_line, media, grassroots, liaison or emergency, or their Chinese names)`,
      );
    } else if (REFUSED.has(word.channel)) {
      err(
        ctx,
        'channel',
        `“${raw}”（${CHANNEL_LABELS[word.channel]}）渠道的诉求由其专门的受理入口登记，不能批量导入`,
        `"${raw}" is the ${word.channel} channel, which has its own intake and cannot be imported from a file`,
      );
    } else {
      channel = word.channel;
      impliedSource = word.source;
    }
  }
  let source: string | null = null;
  if (check('source')) {
    const raw = optionalText(ctx, g, 'source', MAX.source);
    source = raw === null ? null : (SOURCE_WORDS.get(squash(raw)) ?? raw);
    if (raw !== null && impliedSource && source !== impliedSource) {
      err(
        ctx,
        'source',
        `来源“${raw}”与渠道“${textOf(g.channel ?? null)}”不一致`,
        `source "${raw}" contradicts channel "${textOf(g.channel ?? null)}" (which means source ${impliedSource})`,
      );
    }
    if (source === null && impliedSource) source = impliedSource;
  }

  // external id (uniqueness within the file is checked by the caller)
  const externalId = check('externalId') ? requiredText(ctx, g, 'externalId', MAX.externalId) : null;

  // kind and urgency
  let kind: Kind | null = null;
  if (check('kind')) {
    const raw = textOf(g.kind ?? null);
    kind = raw === '' ? null : (KIND_WORDS.get(squash(raw)) ?? null);
    if (raw === '') err(ctx, 'kind', '诉求类型不能为空', 'kind is required');
    else if (!kind) {
      err(
        ctx,
        'kind',
        `诉求类型无法识别：“${raw}”（可填：${listOf(KINDS.map((k) => KIND_LABELS[k]))}）`,
        `unknown kind "${raw}" (use ${KINDS.join(', ')})`,
      );
    }
  }
  let urgency: Urgency = 'normal';
  if (check('urgency')) {
    const raw = textOf(g.urgency ?? null);
    if (raw !== '') {
      const u = URGENCY_WORDS.get(squash(raw));
      if (u) urgency = u;
      else {
        err(
          ctx,
          'urgency',
          `紧急程度无法识别：“${raw}”（可填：${listOf(URGENCIES.map((u) => URGENCY_LABELS[u]))}）`,
          `unknown urgency "${raw}" (use ${URGENCIES.join(', ')})`,
        );
      }
    }
  }

  const title = check('title') ? requiredText(ctx, g, 'title', MAX.title) : null;
  const content = check('content') ? requiredText(ctx, g, 'content', MAX.content, MIN_CONTENT) : null;
  const categoryCode = check('category') ? optionalText(ctx, g, 'category', MAX.category) : null;
  const address = check('address') ? optionalText(ctx, g, 'address', MAX.address) : null;

  // location: both or neither
  const lng = check('lng') ? parseCoordinate(ctx, g, 'lng') : undefined;
  const lat = check('lat') ? parseCoordinate(ctx, g, 'lat') : undefined;
  let location: { lng: number; lat: number } | null = null;
  if (typeof lng === 'number' && typeof lat === 'number') location = { lng, lat };
  else if (typeof lng === 'number' && lat === null) err(ctx, 'lat', '填写了经度就必须同时填写纬度', 'lat is required when lng is given');
  else if (lng === null && typeof lat === 'number') err(ctx, 'lng', '填写了纬度就必须同时填写经度', 'lng is required when lat is given');

  const anonymous = check('anonymous') ? parseBool(ctx, g, 'anonymous') : false;
  const confidential = check('confidential') ? parseBool(ctx, g, 'confidential') : false;

  // the citizen: an anonymous request keeps no personal data at all (as registerCase does)
  let citizen: RegisterCaseInput['citizen'] = null;
  if (!anonymous) {
    const name = check('name') ? optionalText(ctx, g, 'name', MAX.name) : null;
    let phone: string | null = null;
    const phoneCell = g.phone ?? null;
    const rawPhone = textOf(phoneCell);
    if (rawPhone !== '') {
      if (isValidCitizenPhone(rawPhone)) phone = normalizePhone(rawPhone);
      else {
        const hint = typeof phoneCell === 'number' ? '；号码以 0 开头时请把该列设为文本格式' : '';
        err(ctx, 'phone', `电话号码格式不正确：“${rawPhone}”${hint}`, `"${rawPhone}" is not a valid Chinese mobile, landline or service number`);
      }
    }
    let idNumber: string | null = null;
    const idCell = g.idNumber ?? null;
    const rawId = textOf(idCell).toUpperCase();
    if (typeof idCell === 'number') {
      err(
        ctx,
        'idNumber',
        '身份证号须以文本格式填写（数字格式会丢失末几位，请把该列设为文本后重新录入）',
        'the ID number is stored as a number, which loses its last digits; format the column as text and type it again',
      );
    } else if (rawId !== '') {
      if (isValidIdNumber(rawId, now)) idNumber = rawId;
      else err(ctx, 'idNumber', `身份证号码无效（校验位或出生日期不符合 GB 11643）：“${rawId}”`, `"${rawId}" is not a valid GB 11643 identity number`);
    }
    const hasName = name !== null || textOf(g.name ?? null) !== '';
    if (!hasName && rawPhone === '' && !broken.has('phone') && !broken.has('name')) {
      err(ctx, 'name', '非匿名诉求须填写诉求人姓名或联系电话', 'a non-anonymous case needs the citizen’s name or phone');
    }
    citizen = { name, phone, idNumber };
  }

  // received at
  let receivedAt: Date | null = null;
  if (check('receivedAt')) {
    const c = g.receivedAt ?? null;
    if (!isEmpty(c)) {
      const t = parseReceivedAt(c, date1904);
      if (!t) {
        err(
          ctx,
          'receivedAt',
          `受理时间无法识别：“${textOf(c)}”（请填 YYYY-MM-DD HH:mm[:ss]，北京时间）`,
          `cannot read receivedAt "${textOf(c)}" (use YYYY-MM-DD HH:mm[:ss] in Beijing time, or an ISO instant with a zone)`,
        );
      } else if (t.getTime() > now.getTime()) {
        err(ctx, 'receivedAt', `受理时间不能晚于当前时间：“${textOf(c)}”`, `receivedAt "${textOf(c)}" is in the future`);
      } else receivedAt = t;
    }
  }

  if (ctx.errors.length > before || !channel || !kind || externalId === null || title === null || content === null) return null;
  return {
    input: {
      channel,
      source,
      externalId,
      kind,
      urgency,
      title,
      content,
      categoryCode,
      address,
      location,
      anonymous,
      confidential,
      citizen,
    },
    receivedAt,
  };
}

// ---------------------------------------------------------------------------------------------

function fileKind(data: Buffer, filename: string): 'xlsx' | 'csv' {
  const ext = /\.([^.]+)$/.exec(filename.trim().toLowerCase())?.[1] ?? '';
  if (ext === 'xlsx' || ext === 'xlsm') return 'xlsx';
  if (ext === 'csv' || ext === 'txt') return startsWith(data, ZIP_MAGIC) ? 'xlsx' : 'csv';
  if (ext === 'xls' || startsWith(data, OLE_MAGIC)) throw notAFile('旧版 .xls 格式不受支持，请另存为 .xlsx');
  if (startsWith(data, ZIP_MAGIC)) return 'xlsx';
  throw notAFile(`不支持的文件类型“${ext ? `.${ext}` : filename}”，请上传 .xlsx 或 .csv`);
}

/**
 * Reads the first worksheet of an .xlsx, or a UTF-8 CSV (BOM or not), and validates every row.
 * Throws a DomainError ('validation.failed') when the file cannot be read, a required column
 * is missing, a column is repeated, or there are more than `maxRows` data rows.
 */
export async function parseImportFile(data: Buffer, filename: string, opts: ParseImportOptions = {}): Promise<ParsedImport> {
  const now = opts.now ?? new Date();
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;

  const sheet = fileKind(data, filename) === 'xlsx' ? await readXlsx(data) : readCsv(data, maxRows);

  const toFields = (cells: Cell[]): Fields => {
    const f: Fields = {};
    for (const [key, col] of sheet.columns) f[key] = cells[col] ?? null;
    return f;
  };
  // empty rows (nothing in any known column) are skipped
  const pending = sheet.rows.map((r) => ({ row: r.row, fields: toFields(r.cells) })).filter((r) => Object.values(r.fields).some((c) => !isEmpty(c)));
  const total = pending.length;
  if (total > maxRows) throw tooManyRows(maxRows);

  const rows: ImportRow[] = [];
  const errors: ImportRowError[] = [];
  const firstRowOf = new Map<string, number>();
  opts.onProgress?.(0, total);
  for (let i = 0; i < total; i++) {
    const { row, fields } = pending[i]!;
    const ctx: RowContext = { row, errors };
    const before = errors.length;
    const parsed = parseRow(ctx, fields, now, sheet.date1904);
    const extId = isCellError(fields.externalId ?? null) ? '' : textOf(fields.externalId ?? null);
    if (extId !== '') {
      const first = firstRowOf.get(extId);
      if (first === undefined) firstRowOf.set(extId, row);
      else err(ctx, 'externalId', `外部编号“${extId}”与第 ${first} 行重复`, `externalId "${extId}" repeats row ${first}`);
    }
    if (parsed && errors.length === before) rows.push({ row, ...parsed });

    const done = i + 1;
    if (done % PROGRESS_EVERY === 0 || done === total) {
      opts.onProgress?.(done, total);
      // 50,000 rows take a while: let the server breathe between batches
      if (done < total) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return { rows, errors, total };
}
