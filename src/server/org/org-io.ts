/**
 * Import and export of the organisation's reference data (DOMAIN.md §2): the unit tree, each
 * unit's list of duties (权责清单), the dispatch catalogue built from them (派单目录) and the staff
 * registry (S4 annex 1). Each dataset is one table with Chinese headers, written as .xlsx or as
 * UTF-8 CSV with a BOM (so Excel opens it right) and read back from either.
 *
 * An import is all or nothing: every row is checked against the file and the database inside
 * one transaction, and a single bad row means nothing is written; the refusal lists every bad
 * row. Rows are upserted by their key, so importing an export again changes nothing. A column
 * left out of the file keeps what the database has; a column present but empty clears the value.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Executor } from '../cases/cases.repo';
import { createUnit, moveUnit } from './org.repo';
import { DomainError } from '../../core/errors';
import { isMobile, isValidPhone } from '../../core/citizen';
import type { UnitType } from '../../core/enums';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;
export const SHEET_FORMATS = ['xlsx', 'csv'] as const;
export type SheetFormat = (typeof SHEET_FORMATS)[number];

export interface RowError {
  /** The spreadsheet's row number: the header is row 1. */
  row: number;
  /** The column's key (`code`, `parent` …). */
  field: string;
  message: string;
  messageEn: string;
}
export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
}

interface Column {
  key: string;
  label: string;
  aliases?: readonly string[];
  /** The header must have it; other columns may be left out (their values are then kept). */
  required?: boolean;
}
/** A data row: its number and the trimmed text of each column the file has (absent: undefined). */
interface Row {
  row: number;
  cells: Record<string, string | undefined>;
}

export interface Dataset {
  key: 'units' | 'duties' | 'catalogue' | 'staff';
  title: string;
  titleEn: string;
  columns: readonly Column[];
  /** The table as exported, in column order. */
  rows(db: Executor): Promise<string[][]>;
  /** Checks every row, then writes; throws `refuse(errors)` before writing anything. */
  apply(db: Executor, rows: Row[], now: Date): Promise<ImportResult>;
}

export function refuse(errors: RowError[]): DomainError {
  const rows = [...errors].sort((a, b) => a.row - b.row);
  const n = new Set(rows.map((e) => e.row)).size;
  return new DomainError('validation.failed', `导入未执行：${n} 行有错误，未写入任何数据`, `nothing was imported: ${n} row(s) have errors`, { rows });
}

const fileError = (zh: string, en: string) => new DomainError('validation.failed', zh, en, { field: 'file' });

// ---------------------------------------------------------------------------------------------
// Tables in and out

/** exceljs cell values (rich text, formulas, hyperlinks …) as trimmed text; 1001 stays '1001'. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return o.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('').trim();
    if ('formula' in o || 'sharedFormula' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v).trim();
}

type Grid = { row: number; cells: string[] }[];

const tooManyRows = () => fileError(`数据行超过 ${MAX_IMPORT_ROWS} 行，请拆分后分批导入`, `more than ${MAX_IMPORT_ROWS} data rows; split the file`);

async function readXlsx(data: Buffer): Promise<Grid> {
  if (!(data[0] === 0x50 && data[1] === 0x4b)) throw fileError('文件不是有效的 .xlsx 文件', 'not a valid .xlsx file');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch {
    throw fileError('文件不是有效的 .xlsx 文件', 'not a valid .xlsx file');
  }
  const ws = wb.worksheets[0];
  if (!ws) return [];
  if (ws.actualRowCount > MAX_IMPORT_ROWS + 1) throw tooManyRows();
  const grid: Grid = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    const cells: string[] = [];
    r.eachCell({ includeEmpty: false }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    grid.push({ row: n, cells: Array.from(cells, (c) => c ?? '') });
  });
  return grid;
}

/** RFC 4180: quoted fields may hold commas, "" and newlines; a record is one spreadsheet row. */
function readCsv(data: Buffer): Grid {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw fileError('CSV 不是 UTF-8 编码，请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”', 'the CSV is not UTF-8; save it as "CSV UTF-8" in Excel');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) throw fileError('CSV 含有二进制内容', 'the CSV holds binary content');
  const grid: Grid = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let row = 1;
  const endRecord = () => {
    fields.push(field);
    if (fields.some((f) => f.trim() !== '')) grid.push({ row, cells: fields.map((f) => f.trim()) });
    fields = [];
    field = '';
    row++;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += ch;
  }
  if (quoted) throw fileError(`CSV 第 ${row} 行的引号没有闭合`, `CSV row ${row}: a quoted field is never closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return grid;
}

/** Header words compared without spaces, case, `_`/`-`, a trailing `*` or a note in brackets. */
const squash = (s: string) =>
  s
    .replace(/\s+/g, '')
    .toLowerCase()
    .replace(/[*＊]+$/, '')
    .replace(/[（(][^（）()]*[）)]$/, '')
    .replace(/[_-]/g, '');

function toRows(grid: Grid, columns: readonly Column[]): Row[] {
  const [head, ...body] = grid;
  if (!head) throw fileError('文件没有内容', 'the file is empty');
  const lookup = new Map(columns.flatMap((c) => [c.label, c.key, ...(c.aliases ?? [])].map((w) => [squash(w), c.key] as const)));
  const index = new Map<string, number>();
  const errors: RowError[] = [];
  head.cells.forEach((h, i) => {
    const key = lookup.get(squash(h));
    if (!key) return; // other columns are ignored
    if (index.has(key)) errors.push({ row: head.row, field: key, message: `表头重复：${h}`, messageEn: `the header repeats ${key}` });
    else index.set(key, i);
  });
  for (const c of columns) {
    if (c.required && !index.has(c.key)) errors.push({ row: head.row, field: c.key, message: `缺少必填列“${c.label}”`, messageEn: `missing column ${c.label} (${c.key})` });
  }
  if (errors.length) throw refuse(errors);
  const rows = body
    .map((r) => ({ row: r.row, cells: Object.fromEntries(columns.map((c) => [c.key, index.has(c.key) ? (r.cells[index.get(c.key)!] ?? '') : undefined])) }))
    .filter((r) => Object.values(r.cells).some((v) => v));
  if (rows.length > MAX_IMPORT_ROWS) throw tooManyRows();
  return rows;
}

const csvField = (s: string) => (/[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

async function writeTable(format: SheetFormat, ds: Dataset, rows: string[][]): Promise<Buffer> {
  const header = ds.columns.map((c) => c.label);
  if (format === 'csv') return Buffer.from('\uFEFF' + [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n', 'utf8');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(ds.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((col, i) => {
    const longest = Math.max(...[header, ...rows.slice(0, 500)].map((r) => Array.from(r[i] ?? '').length));
    col.width = Math.min(60, Math.max(10, longest * 2 + 2));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ExportedFile {
  data: Buffer;
  mime: string;
  filename: string;
  /** An ASCII name for clients that ignore `filename*`. */
  asciiFilename: string;
}

export async function exportDataset(db: Executor, ds: Dataset, format: SheetFormat, now: Date): Promise<ExportedFile> {
  const data = await writeTable(format, ds, await ds.rows(db));
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10); // Asia/Shanghai
  return {
    data,
    mime: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: `${ds.title}-${day}.${format}`,
    asciiFilename: `${ds.key}-${day}.${format}`,
  };
}

// one key for every import of this file: two admins importing at once take turns
const IMPORT_LOCK = 12345_0204;

export async function importDataset(db: Kysely<DB>, ds: Dataset, data: Buffer, format: SheetFormat, now: Date): Promise<ImportResult> {
  const rows = toRows(format === 'xlsx' ? await readXlsx(data) : readCsv(data), ds.columns);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
    return ds.apply(trx, rows, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Cells to values

function words<T extends string>(entries: Record<T, readonly string[]>): ReadonlyMap<string, T> {
  return new Map(Object.entries<readonly string[]>(entries).flatMap(([v, ws]) => [v, ...ws].map((w) => [squash(w), v as T] as const)));
}
const YES = new Set(['是', 'y', 'yes', 'true', '1', '启用', '有效']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '停用', '无效']);
const LIST_SEPARATORS = /[、,，;；\s]+/;
const splitList = (s: string) => [...new Set(s.split(LIST_SEPARATORS).filter(Boolean))];

/** Reads one row's cells, recording each problem; a bad cell reads as empty. */
function rowReader(columns: readonly Column[], errors: RowError[], r: Row) {
  const label = (key: string) => columns.find((c) => c.key === key)?.label ?? key;
  const fail = (key: string, zh: string, en: string) => {
    errors.push({ row: r.row, field: key, message: `${label(key)}：${zh}`, messageEn: `${key}: ${en}` });
  };
  const text = (key: string, max: number, required = false): string | null | undefined => {
    const v = r.cells[key];
    if (v === undefined) return undefined;
    if (v === '') {
      if (required) fail(key, '不能为空', 'is required');
      return null;
    }
    const n = Array.from(v).length;
    if (n > max) {
      fail(key, `不能超过 ${max} 个字（现有 ${n} 个）`, `longer than ${max} characters (${n})`);
      return null;
    }
    return v;
  };
  return {
    fail,
    text,
    /** A required column's text; '' after a recorded error. */
    required: (key: string, max: number) => text(key, max, true) ?? '',
    word<T extends string>(key: string, vocabulary: ReadonlyMap<string, T>, hint: string): T | null {
      const v = text(key, 50, true);
      if (!v) return null;
      const w = vocabulary.get(squash(v));
      if (!w) fail(key, `“${v}”无效，应为 ${hint}`, `"${v}" is not one of ${[...new Set(vocabulary.values())].join(', ')}`);
      return w ?? null;
    },
    /** A column left out reads as undefined; an empty cell as `empty`. */
    bool(key: string, empty: boolean): boolean | undefined {
      const v = r.cells[key];
      if (v === undefined) return undefined;
      const s = squash(v);
      if (s === '') return empty;
      if (YES.has(s)) return true;
      if (NO.has(s)) return false;
      fail(key, `“${v}”无效，应为 是 或 否`, `"${v}" is not yes or no`);
      return undefined;
    },
    phone(key: string, mobileOnly = false): string | null | undefined {
      const v = text(key, 32);
      if (!v) return v;
      if (mobileOnly ? !isMobile(v) : !isValidPhone(v)) {
        fail(key, `“${v}”不是有效的${mobileOnly ? '手机号码' : '电话号码'}`, `"${v}" is not a valid ${mobileOnly ? 'mobile' : 'phone'} number`);
        return null;
      }
      return v;
    },
  };
}

/** Adds `row` under `key`, or records the duplicate against the later row. */
function claim<T extends { row: number }>(seen: Map<string, T>, key: string, value: T, fail: () => void): boolean {
  const first = seen.get(key);
  if (first) {
    fail();
    return false;
  }
  seen.set(key, value);
  return true;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

async function unitCodes(db: Executor) {
  const units = await db.selectFrom('units').select(['id', 'code', 'type']).execute();
  return { byCode: new Map(units.map((u) => [u.code, u])), codeOf: new Map(units.map((u) => [u.id, u.code])) };
}

// ---------------------------------------------------------------------------------------------
// 单位树

export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  government: '人民政府',
  centre: '热线中心',
  district: '区县',
  street: '街道乡镇',
  department: '职能部门',
  enterprise: '公共服务企业',
  secondary_hotline: '二级热线',
  discipline: '纪检监察',
  political_legal: '政法',
};
const UNIT_TYPE_WORDS = words<UnitType>({
  government: ['人民政府', '政府', '市政府'],
  centre: ['热线中心', '12345热线中心', '一级平台'],
  district: ['区县', '区县政府', '区', '县'],
  street: ['街道乡镇', '街道', '乡镇', '街道办事处'],
  department: ['职能部门', '部门'],
  enterprise: ['公共服务企业', '企业'],
  secondary_hotline: ['二级热线', '二级平台'],
  discipline: ['纪检监察'],
  political_legal: ['政法', '政法机关'],
});
const UNIT_CODE = /^[a-z0-9][a-z0-9_-]*$/;

interface WantedUnit {
  row: number;
  code: string;
  name: string;
  type: UnitType;
  parent: string | null | undefined;
  phone: string | null | undefined;
  active: boolean | undefined;
}

const units: Dataset = {
  key: 'units',
  title: '单位树',
  titleEn: 'unit tree',
  columns: [
    { key: 'code', label: '编码', aliases: ['单位编码'], required: true },
    { key: 'name', label: '名称', aliases: ['单位名称'], required: true },
    { key: 'type', label: '类型', aliases: ['单位类型'], required: true },
    { key: 'parent', label: '上级编码', aliases: ['上级单位编码', '上级单位'] },
    { key: 'phone', label: '电话', aliases: ['联系电话'] },
    { key: 'active', label: '启用', aliases: ['是否启用'] },
  ],
  async rows(db) {
    const rows = await db
      .selectFrom('units as u')
      .leftJoin('units as p', 'p.id', 'u.parent_id')
      .select(['u.code', 'u.name', 'u.type', 'p.code as parent', 'u.phone', 'u.active'])
      .orderBy('u.path')
      .execute();
    return rows.map((u) => [u.code, u.name, UNIT_TYPE_LABELS[u.type as UnitType] ?? u.type, u.parent ?? '', u.phone ?? '', u.active ? '是' : '否']);
  },
  async apply(db, rows) {
    const errors: RowError[] = [];
    const wanted = new Map<string, WantedUnit>();
    for (const r of rows) {
      const c = rowReader(this.columns, errors, r);
      const code = c.required('code', 64);
      if (code && !UNIT_CODE.test(code)) c.fail('code', `“${code}”只能由小写字母、数字、- 和 _ 组成`, `"${code}" must be lower-case letters, digits, - and _`);
      const w = { row: r.row, code, name: c.required('name', 100), type: c.word('type', UNIT_TYPE_WORDS, Object.values(UNIT_TYPE_LABELS).join('、')) ?? 'department', parent: c.text('parent', 64), phone: c.phone('phone'), active: c.bool('active', true) };
      if (code) claim(wanted, code, w, () => c.fail('code', `“${code}”在文件中重复（第 ${wanted.get(code)?.row} 行）`, `"${code}" repeats row ${wanted.get(code)?.row}`));
    }
    const existing = await db.selectFrom('units').select(['id', 'code', 'name', 'type', 'parent_id', 'phone', 'active']).execute();
    const byCode = new Map(existing.map((u) => [u.code, u]));
    const codeOf = new Map(existing.map((u) => [u.id, u.code]));
    const currentParent = (code: string) => {
      const pid = byCode.get(code)?.parent_id;
      return pid ? (codeOf.get(pid) ?? null) : null;
    };
    // the tree as it will be: the file's parent where it names one, the database's otherwise
    const parentOf = (code: string) => {
      const p = wanted.get(code)?.parent;
      return p === undefined ? currentParent(code) : p;
    };
    const err = (w: WantedUnit, zh: string, en: string) => errors.push({ row: w.row, field: 'parent', message: `上级编码：${zh}`, messageEn: `parent: ${en}` });
    const depth = new Map<string, number>();
    for (const w of wanted.values()) {
      if (w.parent && !wanted.has(w.parent) && !byCode.has(w.parent)) err(w, `单位“${w.parent}”不存在`, `no unit "${w.parent}" in the file or the database`);
      if (w.parent === null && currentParent(w.code)) err(w, '已有上级的单位不能改为顶级单位', 'a unit with a parent cannot become a top-level unit');
      const chain = [w.code];
      for (let p = parentOf(w.code); p && (wanted.has(p) || byCode.has(p)); p = parentOf(p)) {
        if (p === w.code) {
          err(w, `上下级关系成环：${[...chain, p].join(' → ')}`, `the parents form a cycle: ${[...chain, p].join(' → ')}`);
          break;
        }
        if (chain.includes(p)) break; // a cycle above this unit: its members report it
        chain.push(p);
      }
      depth.set(w.code, chain.length);
    }
    if (errors.length) throw refuse(errors);

    // parents first, in the tree as it will be: each move then goes under a unit already in place
    const result = { created: 0, updated: 0, unchanged: 0 };
    const idOf = new Map(existing.map((u) => [u.code, u.id]));
    for (const w of [...wanted.values()].sort((a, b) => (depth.get(a.code) ?? 0) - (depth.get(b.code) ?? 0))) {
      const e = byCode.get(w.code);
      const parentId = w.parent ? idOf.get(w.parent) : undefined;
      if (!e) {
        const u = await createUnit(db, { code: w.code, name: w.name, type: w.type, parent: parentId ?? null, phone: w.phone ?? null });
        if (w.active === false) await db.updateTable('units').set({ active: false }).where('id', '=', u.id).execute();
        idOf.set(w.code, u.id);
        result.created++;
        continue;
      }
      const patch = {
        ...(w.name !== e.name ? { name: w.name } : {}),
        ...(w.type !== e.type ? { type: w.type } : {}),
        ...(w.phone !== undefined && w.phone !== e.phone ? { phone: w.phone } : {}),
        ...(w.active !== undefined && w.active !== e.active ? { active: w.active } : {}),
      };
      const move = Boolean(parentId) && parentId !== e.parent_id;
      if (move) await moveUnit(db, e.id, parentId!);
      if (Object.keys(patch).length) await db.updateTable('units').set(patch).where('id', '=', e.id).execute();
      result[move || Object.keys(patch).length ? 'updated' : 'unchanged']++;
    }
    return result;
  },
};

// ---------------------------------------------------------------------------------------------
// 权责清单

const duties: Dataset = {
  key: 'duties',
  title: '权责清单',
  titleEn: 'list of duties',
  columns: [
    { key: 'unit', label: '单位编码', required: true },
    { key: 'item', label: '职责事项', aliases: ['事项', '职责'], required: true },
    { key: 'category', label: '分类编码', aliases: ['诉求分类编码'] },
    { key: 'keywords', label: '关键词' },
    { key: 'basis', label: '依据', aliases: ['设定依据', '法律依据'] },
  ],
  async rows(db) {
    const rows = await db
      .selectFrom('unit_duties as d')
      .innerJoin('units as u', 'u.id', 'd.unit_id')
      .select(['u.code', 'd.item', 'd.category_code', 'd.keywords', 'd.basis'])
      .orderBy('u.code')
      .orderBy('d.item')
      .execute();
    return rows.map((d) => [d.code, d.item, d.category_code ?? '', d.keywords.join('、'), d.basis ?? '']);
  },
  async apply(db, rows, now) {
    const errors: RowError[] = [];
    const { byCode } = await unitCodes(db);
    const categories = new Set((await db.selectFrom('categories').select('code').execute()).map((c) => c.code));
    const existing = new Map((await db.selectFrom('unit_duties').selectAll().execute()).map((d) => [`${d.unit_id}\n${d.item}`, d]));
    const wanted = new Map<string, { row: number; unitId: string; item: string; category?: string | null; keywords?: string[]; basis?: string | null }>();
    for (const r of rows) {
      const c = rowReader(this.columns, errors, r);
      const unit = c.required('unit', 64);
      const item = c.required('item', 200);
      const category = c.text('category', 50);
      const keywordText = c.text('keywords', 1000);
      const basis = c.text('basis', 2000);
      const unitId = byCode.get(unit)?.id;
      if (unit && !unitId) c.fail('unit', `单位“${unit}”不存在`, `no unit "${unit}"`);
      if (category && !categories.has(category)) c.fail('category', `分类“${category}”不存在`, `no category "${category}"`);
      const keywords = keywordText === undefined ? undefined : splitList(keywordText ?? '');
      const long = keywords?.find((k) => Array.from(k).length > 50);
      if (long) c.fail('keywords', `关键词“${long}”超过 50 个字`, `keyword "${long}" is longer than 50 characters`);
      const key = `${unitId}\n${item}`;
      if (unitId && item) claim(wanted, key, { row: r.row, unitId, item, category, keywords, basis }, () => c.fail('item', `“${unit} / ${item}”在文件中重复（第 ${wanted.get(key)?.row} 行）`, `"${unit} / ${item}" repeats row ${wanted.get(key)?.row}`));
    }
    if (errors.length) throw refuse(errors);

    const result = { created: 0, updated: 0, unchanged: 0 };
    const inserts = [];
    for (const [key, w] of wanted) {
      const e = existing.get(key);
      if (!e) {
        inserts.push({ id: randomUUID(), unit_id: w.unitId, item: w.item, category_code: w.category ?? null, keywords: JSON.stringify(w.keywords ?? []), basis: w.basis ?? null, created_at: now });
        continue;
      }
      const patch = {
        ...(w.category !== undefined && w.category !== e.category_code ? { category_code: w.category } : {}),
        ...(w.keywords !== undefined && !same(w.keywords, e.keywords) ? { keywords: JSON.stringify(w.keywords) } : {}),
        ...(w.basis !== undefined && w.basis !== e.basis ? { basis: w.basis } : {}),
      };
      if (Object.keys(patch).length) await db.updateTable('unit_duties').set(patch).where('id', '=', e.id).execute();
      result[Object.keys(patch).length ? 'updated' : 'unchanged']++;
    }
    await insertInChunks(inserts, (chunk) => db.insertInto('unit_duties').values(chunk).execute());
    result.created = inserts.length;
    return result;
  },
};

// ---------------------------------------------------------------------------------------------
// 派单目录

const catalogue: Dataset = {
  key: 'catalogue',
  title: '派单目录',
  titleEn: 'dispatch catalogue',
  columns: [
    { key: 'category', label: '分类编码', required: true },
    { key: 'region', label: '区域单位编码', aliases: ['区域编码', '区域'] },
    { key: 'territorial', label: '属地', aliases: ['属地管理'] },
    { key: 'lead', label: '主办单位编码', aliases: ['主办单位'] },
    { key: 'co', label: '协办单位编码', aliases: ['协办单位'] },
    { key: 'note', label: '备注' },
  ],
  async rows(db) {
    const { codeOf } = await unitCodes(db);
    const rows = await db.selectFrom('dispatch_catalogue').selectAll().execute();
    return rows
      .map((r) => [r.category_code, codeOf.get(r.region_unit_id ?? '') ?? '', r.territorial ? '是' : '否', codeOf.get(r.lead_unit_id ?? '') ?? '', r.co_unit_ids.map((id) => codeOf.get(id) ?? id).join('、'), r.note ?? ''])
      .sort((a, b) => (a[0]! + '\n' + a[1]).localeCompare(b[0]! + '\n' + b[1], 'en'));
  },
  async apply(db, rows, now) {
    const errors: RowError[] = [];
    const { byCode } = await unitCodes(db);
    const categories = new Set((await db.selectFrom('categories').select('code').execute()).map((c) => c.code));
    const existing = new Map((await db.selectFrom('dispatch_catalogue').selectAll().execute()).map((r) => [`${r.category_code}\n${r.region_unit_id ?? ''}`, r]));
    type Wanted = { row: number; category: string; regionId: string | null; territorial: boolean; leadId: string | null; coIds: string[]; note?: string | null };
    const wanted = new Map<string, Wanted>();
    for (const r of rows) {
      const c = rowReader(this.columns, errors, r);
      const unitId = (key: string, code: string) => {
        const id = byCode.get(code)?.id;
        if (!id) c.fail(key, `单位“${code}”不存在`, `no unit "${code}"`);
        return id ?? null;
      };
      const category = c.required('category', 50);
      if (category && !categories.has(category)) c.fail('category', `分类“${category}”不存在`, `no category "${category}"`);
      const region = c.text('region', 64);
      const regionId = region ? unitId('region', region) : null;
      const regionType = region ? byCode.get(region)?.type : undefined;
      if (regionType && regionType !== 'district' && regionType !== 'street') c.fail('region', `“${region}”不是区县或街道乡镇`, `"${region}" is not a district or a street`);
      const key = `${category}\n${regionId ?? ''}`;
      const e = existing.get(key);
      const territorial = c.bool('territorial', false) ?? e?.territorial ?? false;
      const lead = c.text('lead', 64);
      const leadId = lead === undefined ? (e?.lead_unit_id ?? null) : lead ? unitId('lead', lead) : null;
      const coText = c.text('co', 2000);
      const coIds = coText === undefined ? (e?.co_unit_ids ?? []) : splitList(coText ?? '').map((code) => unitId('co', code) ?? '');
      if (!territorial && !leadId && !lead) c.fail('lead', '非属地的目录行必须填写主办单位', 'required unless the row is territorial (属地)');
      if (leadId && coIds.includes(leadId)) c.fail('co', '协办单位不能包含主办单位', 'the lead unit cannot also be a co-unit');
      const w = { row: r.row, category, regionId, territorial, leadId, coIds, note: c.text('note', 500) };
      if (category && (!region || regionId)) claim(wanted, key, w, () => c.fail('region', `“${category} / ${region || '不限区域'}”在文件中重复（第 ${wanted.get(key)?.row} 行）`, `"${category} / ${region || 'anywhere'}" repeats row ${wanted.get(key)?.row}`));
    }
    if (errors.length) throw refuse(errors);

    const result = { created: 0, updated: 0, unchanged: 0 };
    const inserts = [];
    for (const [key, w] of wanted) {
      const e = existing.get(key);
      const values = { territorial: w.territorial, lead_unit_id: w.leadId, co_unit_ids: JSON.stringify(w.coIds), note: w.note === undefined ? (e?.note ?? null) : w.note, updated_at: now };
      if (!e) inserts.push({ id: randomUUID(), category_code: w.category, region_unit_id: w.regionId, ...values });
      else if (e.territorial === w.territorial && e.lead_unit_id === w.leadId && same(e.co_unit_ids, w.coIds) && e.note === values.note) result.unchanged++;
      else {
        await db.updateTable('dispatch_catalogue').set(values).where('id', '=', e.id).execute();
        result.updated++;
      }
    }
    await insertInChunks(inserts, (chunk) => db.insertInto('dispatch_catalogue').values(chunk).execute());
    result.created = inserts.length;
    return result;
  },
};

export interface BuildResult {
  created: number;
  /** Categories claimed by several units: the first by code leads, the others are co-units. */
  conflicts: { category: string; units: string[] }[];
}

/**
 * 派单目录 from 权责清单: each category that some active unit's duty names and that has no
 * catalogue row for "anywhere" gets one, led by the claiming unit (谁主管、谁负责).
 */
export async function buildCatalogueFromDuties(db: Kysely<DB>, now: Date): Promise<BuildResult> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
    const claims = await trx
      .selectFrom('unit_duties as d')
      .innerJoin('units as u', 'u.id', 'd.unit_id')
      .select(['d.category_code', 'u.id', 'u.code'])
      .where('d.category_code', 'is not', null)
      .where('u.active', '=', true)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('dispatch_catalogue as c').select('c.id').whereRef('c.category_code', '=', 'd.category_code').where('c.region_unit_id', 'is', null))))
      .orderBy('d.category_code')
      .orderBy('u.code')
      .execute();
    const byCategory = new Map<string, { id: string; code: string }[]>();
    for (const c of claims) {
      const list = byCategory.get(c.category_code!) ?? [];
      if (!list.some((u) => u.id === c.id)) list.push({ id: c.id, code: c.code });
      byCategory.set(c.category_code!, list);
    }
    const rows = [...byCategory].map(([category, [lead, ...co]]) => ({
      id: randomUUID(),
      category_code: category,
      region_unit_id: null,
      territorial: false,
      lead_unit_id: lead!.id,
      co_unit_ids: JSON.stringify(co.map((u) => u.id)),
      note: '由权责清单生成',
      updated_at: now,
    }));
    await insertInChunks(rows, (chunk) => trx.insertInto('dispatch_catalogue').values(chunk).execute());
    const conflicts = [...byCategory].filter(([, us]) => us.length > 1).map(([category, us]) => ({ category, units: us.map((u) => u.code) }));
    return { created: rows.length, conflicts };
  });
}

// ---------------------------------------------------------------------------------------------
// 单位人员名录 (S4 annex 1)

export const STAFF_DUTIES = ['principal', 'leader_in_charge', 'office_director', 'liaison'] as const;
export type StaffDuty = (typeof STAFF_DUTIES)[number];
export const STAFF_DUTY_LABELS: Record<StaffDuty, string> = { principal: '总负责人', leader_in_charge: '具体负责人', office_director: '直接承办人', liaison: '联络员' };
/** The registry's order: by unit code, then the four duties in S4's order, then name. */
const byUnitDutyName =
  <T extends { duty: StaffDuty; name: string }>(unitCode: (s: T) => string) =>
  (a: T, b: T) =>
    unitCode(a).localeCompare(unitCode(b), 'en') || STAFF_DUTIES.indexOf(a.duty) - STAFF_DUTIES.indexOf(b.duty) || a.name.localeCompare(b.name, 'zh');
const STAFF_DUTY_WORDS = words<StaffDuty>({ principal: ['总负责人'], leader_in_charge: ['具体负责人'], office_director: ['直接承办人'], liaison: ['联络员'] });

const staff: Dataset = {
  key: 'staff',
  title: '单位人员名录',
  titleEn: 'staff registry',
  columns: [
    { key: 'unit', label: '单位编码', required: true },
    { key: 'duty', label: '职务类别', aliases: ['类别', '人员类别'], required: true },
    { key: 'name', label: '姓名', required: true },
    { key: 'title', label: '职务' },
    { key: 'officePhone', label: '办公电话', aliases: ['座机'] },
    { key: 'mobile', label: '手机', aliases: ['手机号码', '移动电话'] },
  ],
  async rows(db) {
    const rows = await db
      .selectFrom('unit_staff as s')
      .innerJoin('units as u', 'u.id', 's.unit_id')
      .select(['u.code', 's.duty', 's.name', 's.title', 's.office_phone', 's.mobile'])
      .execute();
    rows.sort(byUnitDutyName((s) => s.code));
    return rows.map((s) => [s.code, STAFF_DUTY_LABELS[s.duty], s.name, s.title ?? '', s.office_phone ?? '', s.mobile ?? '']);
  },
  async apply(db, rows, now) {
    const errors: RowError[] = [];
    const { byCode } = await unitCodes(db);
    const existing = new Map((await db.selectFrom('unit_staff').selectAll().execute()).map((s) => [`${s.unit_id}\n${s.duty}\n${s.name}`, s]));
    type Wanted = { row: number; unitId: string; duty: StaffDuty; name: string; title?: string | null; officePhone?: string | null; mobile?: string | null };
    const wanted = new Map<string, Wanted>();
    for (const r of rows) {
      const c = rowReader(this.columns, errors, r);
      const unit = c.required('unit', 64);
      const unitId = byCode.get(unit)?.id;
      if (unit && !unitId) c.fail('unit', `单位“${unit}”不存在`, `no unit "${unit}"`);
      const duty = c.word('duty', STAFF_DUTY_WORDS, Object.values(STAFF_DUTY_LABELS).join('、'));
      const name = c.required('name', 50);
      const w = { row: r.row, unitId: unitId ?? '', duty: duty ?? 'liaison', name, title: c.text('title', 100), officePhone: c.phone('officePhone'), mobile: c.phone('mobile', true) };
      const key = `${unitId}\n${duty}\n${name}`;
      if (unitId && duty && name) claim(wanted, key, w, () => c.fail('name', `“${unit} / ${STAFF_DUTY_LABELS[duty]} / ${name}”在文件中重复（第 ${wanted.get(key)?.row} 行）`, `"${unit} / ${duty} / ${name}" repeats row ${wanted.get(key)?.row}`));
    }
    if (errors.length) throw refuse(errors);

    const result = { created: 0, updated: 0, unchanged: 0 };
    const inserts = [];
    for (const [key, w] of wanted) {
      const e = existing.get(key);
      if (!e) {
        inserts.push({ id: randomUUID(), unit_id: w.unitId, duty: w.duty, name: w.name, title: w.title ?? null, office_phone: w.officePhone ?? null, mobile: w.mobile ?? null, updated_at: now });
        continue;
      }
      const patch = {
        ...(w.title !== undefined && w.title !== e.title ? { title: w.title } : {}),
        ...(w.officePhone !== undefined && w.officePhone !== e.office_phone ? { office_phone: w.officePhone } : {}),
        ...(w.mobile !== undefined && w.mobile !== e.mobile ? { mobile: w.mobile } : {}),
      };
      if (Object.keys(patch).length) await db.updateTable('unit_staff').set({ ...patch, updated_at: now }).where('id', '=', e.id).execute();
      result[Object.keys(patch).length ? 'updated' : 'unchanged']++;
    }
    await insertInChunks(inserts, (chunk) => db.insertInto('unit_staff').values(chunk).execute());
    result.created = inserts.length;
    return result;
  },
};

export const DATASETS: readonly Dataset[] = [units, duties, catalogue, staff];

// ---------------------------------------------------------------------------------------------
// Lists for the web app

export async function listDuties(db: Executor, f: { unit?: string; category?: string }) {
  let q = db
    .selectFrom('unit_duties as d')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .leftJoin('categories as c', 'c.code', 'd.category_code')
    .select(['d.id', 'u.id as unit_id', 'u.code as unit_code', 'u.name as unit_name', 'd.item', 'd.category_code', 'c.name as category_name', 'd.keywords', 'd.basis']);
  if (f.unit) q = q.where('u.code', '=', f.unit);
  if (f.category) q = q.where('d.category_code', '=', f.category);
  const rows = await q.orderBy('u.code').orderBy('d.item').execute();
  return rows.map((d) => ({ id: d.id, unit: { id: d.unit_id, code: d.unit_code, name: d.unit_name }, item: d.item, categoryCode: d.category_code, categoryName: d.category_name, keywords: d.keywords, basis: d.basis }));
}

export async function listCatalogue(db: Executor, f: { category?: string }) {
  const unitsById = new Map((await db.selectFrom('units').select(['id', 'code', 'name']).execute()).map((u) => [u.id, u]));
  let q = db.selectFrom('dispatch_catalogue as d').leftJoin('categories as c', 'c.code', 'd.category_code').selectAll('d').select('c.name as category_name');
  if (f.category) q = q.where('d.category_code', '=', f.category);
  const rows = await q.orderBy('d.category_code').execute();
  const ref = (id: string | null) => (id ? (unitsById.get(id) ?? null) : null);
  return rows.map((r) => ({
    id: r.id,
    categoryCode: r.category_code,
    categoryName: r.category_name,
    region: ref(r.region_unit_id),
    territorial: r.territorial,
    lead: ref(r.lead_unit_id),
    coUnits: r.co_unit_ids.map(ref).filter((u) => u !== null),
    note: r.note,
    updatedAt: r.updated_at,
  }));
}

export async function listStaff(db: Executor, f: { unit?: string }) {
  let q = db.selectFrom('unit_staff as s').innerJoin('units as u', 'u.id', 's.unit_id').selectAll('s').select(['u.code as unit_code', 'u.name as unit_name']);
  if (f.unit) q = q.where('u.code', '=', f.unit);
  const rows = await q.execute();
  rows.sort(byUnitDutyName((s) => s.unit_code));
  return rows.map((s) => ({ id: s.id, unit: { id: s.unit_id, code: s.unit_code, name: s.unit_name }, duty: s.duty, dutyLabel: STAFF_DUTY_LABELS[s.duty], name: s.name, title: s.title, officePhone: s.office_phone, mobile: s.mobile, updatedAt: s.updated_at }));
}
