/**
 * The working-day calendar (DOMAIN.md §6): weekends, public holidays and the adjusted working
 * weekends (调休) the State Council publishes each year, plus the centre's own override rows.
 *
 * Dates are Asia/Shanghai civil dates, `YYYY-MM-DD`. Shanghai has been UTC+8 without daylight
 * saving since 1991, so a local date is the UTC date of the instant plus 8 hours; no Intl needed.
 * Internally a date is an *epoch day* (days since 1970-01-01), which keeps the hot path to
 * integer arithmetic and one typed-array read.
 */
import chineseDays from 'chinese-days';
import { DomainError } from './errors';

/** One row of the centre's calendar table; wins over the published schedule. */
export interface CalendarOverride {
  /** `YYYY-MM-DD`, Asia/Shanghai. */
  date: string;
  workday: boolean;
  note?: string;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

// ---------------------------------------------------------------------------------------------
// Shanghai civil time

/** The Asia/Shanghai civil date of an instant as an epoch day. */
export function shanghaiEpochDay(t: Date): number {
  return Math.floor((t.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The Asia/Shanghai civil date of an instant, `YYYY-MM-DD`. */
export function shanghaiDate(t: Date): string {
  return formatEpochDay(shanghaiEpochDay(t));
}

/** Minutes since local midnight in Asia/Shanghai (0–1439). */
export function shanghaiMinutesOfDay(t: Date): number {
  const ms = t.getTime() + SHANGHAI_OFFSET_MS;
  return Math.floor((ms - Math.floor(ms / DAY_MS) * DAY_MS) / MINUTE_MS);
}

/** The instant at `minutes` past local midnight of an epoch day in Asia/Shanghai. */
export function shanghaiInstantOf(epochDay: number, minutes: number): Date {
  return new Date(epochDay * DAY_MS + minutes * MINUTE_MS - SHANGHAI_OFFSET_MS);
}

/** The instant of a Shanghai wall-clock time, e.g. `shanghaiInstant('2026-10-09', '18:00')`. */
export function shanghaiInstant(date: string, hhmm: string): Date {
  return shanghaiInstantOf(parseEpochDay(date), parseClockTime(hhmm));
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → epoch day; throws `validation.failed` on a malformed or impossible date. */
export function parseEpochDay(date: string): number {
  const m = DATE_RE.exec(date);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const ms = Date.UTC(y, mo - 1, d);
    const check = new Date(ms);
    // Date.UTC maps years 0–99 to 1900–1999 and rolls 02-30 over to March; reject both.
    if (check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d) {
      return ms / DAY_MS;
    }
  }
  throw new DomainError('validation.failed', `日期格式错误：${date}（应为 YYYY-MM-DD）`, `bad date ${date} (expected YYYY-MM-DD)`);
}

/** Epoch day → `YYYY-MM-DD`. */
export function formatEpochDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

const CLOCK_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` (00:00–23:59) → minutes since midnight; throws `validation.failed` otherwise. */
export function parseClockTime(hhmm: string): number {
  const m = CLOCK_RE.exec(hhmm);
  if (!m) {
    throw new DomainError('validation.failed', `时间格式错误：${hhmm}（应为 HH:MM）`, `bad time ${hhmm} (expected HH:MM)`);
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

function weekdayOf(epochDay: number): number {
  // 1970-01-01 was a Thursday (4); 0 = Sunday.
  return (((epochDay + 4) % 7) + 7) % 7;
}

function yearOf(epochDay: number): number {
  return new Date(epochDay * DAY_MS).getUTCFullYear();
}

function yearStart(year: number): number {
  // Date.UTC treats years 0–99 as 1900–1999; setUTCFullYear does not.
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1);
  return d.getTime() / DAY_MS;
}

// ---------------------------------------------------------------------------------------------
// What chinese-days publishes, read once per year per process

/** Per day of a year: 1 = listed working day, 0 = listed rest day, -1 = not listed. */
interface PackageYear {
  covered: boolean;
  days: Int8Array;
}

const packageYears = new Map<number, PackageYear>();

/**
 * The package's own `isWorkday` is only right when the process's time zone is UTC or east of it:
 * it parses `YYYY-MM-DD` as UTC midnight but reads the weekday back in local time, so west of UTC
 * every plain weekend turns into a working day (≈25% of days wrong in America/New_York).
 * Its holiday and make-up lists are keyed consistently in any zone, so we read the listing
 * through `getDayDetail` (listed days carry a name like 'National Day,国庆节,3') and apply the
 * Monday–Friday rule ourselves. The result equals `isWorkday` in UTC and Asia/Shanghai
 * (calendar.test.ts checks every day of 2004–2026) and stays right elsewhere.
 */
function packageYear(year: number): PackageYear {
  let entry = packageYears.get(year);
  if (entry) return entry;
  const start = yearStart(year);
  const length = yearStart(year + 1) - start;
  const days = new Int8Array(length).fill(-1);
  let covered = false;
  if (year >= 1000 && year <= 9999) {
    for (let i = 0; i < length; i++) {
      const detail = chineseDays.getDayDetail(formatEpochDay(start + i));
      if (detail.name.includes(',')) {
        days[i] = detail.work ? 1 : 0;
        covered = true;
      }
    }
  }
  entry = { covered, days };
  packageYears.set(year, entry);
  return entry;
}

let coveredYearsMemo: number[] | undefined;

/** Years the package lists holidays for, found by scanning from 2000 until 3 empty years follow a listed one. */
function packageCoveredYears(): number[] {
  if (coveredYearsMemo) return coveredYearsMemo;
  const years: number[] = [];
  let emptyRun = 0;
  for (let y = 2000; y <= 2200 && !(years.length > 0 && emptyRun >= 3); y++) {
    if (packageYear(y).covered) {
      years.push(y);
      emptyRun = 0;
    } else {
      emptyRun++;
    }
  }
  coveredYearsMemo = years;
  return years;
}

// ---------------------------------------------------------------------------------------------
// The calendar

const CACHE_FIRST_DAY = yearStart(1900);
const CACHE_END_DAY = yearStart(2200);
const UNKNOWN = 0;
const WORK = 1;
const REST = 2;

/**
 * Working days in Asia/Shanghai: override rows first, then the official schedule as published
 * by `chinese-days`, then Monday–Friday. Years the package does not cover yet (2027 in 1.5.7)
 * and that have no override row are *estimated*: plain Monday–Friday until the State Council
 * notice (usually November of the year before) is entered as overrides or a new package ships.
 *
 * Answers are cached per instance in one byte per day for 1900–2199, filled a year at a time,
 * so repeated questions cost one array read.
 */
export class WorkCalendar {
  private readonly overrides = new Map<number, boolean>();
  private readonly overrideYears = new Set<number>();
  private readonly flags = new Uint8Array(CACHE_END_DAY - CACHE_FIRST_DAY);

  constructor(overrides: readonly CalendarOverride[] = []) {
    for (const o of overrides) {
      const day = parseEpochDay(o.date);
      const previous = this.overrides.get(day);
      if (previous !== undefined && previous !== o.workday) {
        throw new DomainError(
          'validation.failed',
          `日历调整重复且矛盾：${o.date}`,
          `conflicting calendar overrides for ${o.date}`,
          { date: o.date },
        );
      }
      this.overrides.set(day, o.workday);
      this.overrideYears.add(yearOf(day));
    }
  }

  /** Whether a Shanghai civil date (`YYYY-MM-DD`) is a working day. */
  isWorkday(date: string): boolean {
    return this.isWorkdayEpochDay(parseEpochDay(date));
  }

  /** The fast path of `isWorkday`, on an epoch day. */
  isWorkdayEpochDay(epochDay: number): boolean {
    const i = epochDay - CACHE_FIRST_DAY;
    if (i >= 0 && i < this.flags.length) {
      let flag = this.flags[i];
      if (flag === UNKNOWN) {
        this.fillYear(yearOf(epochDay));
        flag = this.flags[i];
      }
      return flag === WORK;
    }
    return this.compute(epochDay);
  }

  /**
   * True when the year's working days are a guess: the package has no official schedule for it
   * and no override row falls in it. Show this to users next to any deadline in such a year.
   */
  isEstimated(year: number): boolean {
    return !this.overrideYears.has(year) && !packageYear(year).covered;
  }

  /** Years for which `chinese-days` carries the official schedule (2004–2026 in 1.5.7). */
  coveredYears(): number[] {
    return [...packageCoveredYears()];
  }

  /** The n-th working day strictly after `date` (n ≥ 1); `date` itself never counts. */
  addWorkdays(date: string, n: number): string {
    return formatEpochDay(this.addWorkdaysEpochDay(parseEpochDay(date), n));
  }

  /** The fast path of `addWorkdays`, on epoch days. */
  addWorkdaysEpochDay(epochDay: number, n: number): number {
    if (!Number.isInteger(n) || n < 1) {
      throw new DomainError('validation.failed', `工作日数应为正整数：${n}`, `working days must be a positive integer, got ${n}`);
    }
    let day = epochDay;
    let left = n;
    while (left > 0) {
      day++;
      if (this.isWorkdayEpochDay(day)) left--;
    }
    return day;
  }

  /** `date` if it is a working day, else the first working day after it. */
  nextWorkdayOnOrAfter(date: string): string {
    return formatEpochDay(this.nextWorkdayOnOrAfterEpochDay(parseEpochDay(date)));
  }

  /** The fast path of `nextWorkdayOnOrAfter`, on epoch days. */
  nextWorkdayOnOrAfterEpochDay(epochDay: number): number {
    let day = epochDay;
    while (!this.isWorkdayEpochDay(day)) day++;
    return day;
  }

  private fillYear(year: number): void {
    const start = yearStart(year);
    const end = yearStart(year + 1);
    for (let day = start; day < end; day++) {
      this.flags[day - CACHE_FIRST_DAY] = this.compute(day) ? WORK : REST;
    }
  }

  private compute(epochDay: number): boolean {
    const override = this.overrides.get(epochDay);
    if (override !== undefined) return override;
    const year = yearOf(epochDay);
    const listed = packageYear(year).days[epochDay - yearStart(year)];
    if (listed === 1) return true;
    if (listed === 0) return false;
    const weekday = weekdayOf(epochDay);
    return weekday >= 1 && weekday <= 5;
  }
}

// ---------------------------------------------------------------------------------------------
// The override table as CSV (the admin screen's import)

const WORKDAY_WORDS: Record<string, boolean> = {
  '1': true,
  '0': false,
  true: true,
  false: false,
  上班: true,
  休息: false,
};

function csvError(line: number, zh: string, en: string): DomainError {
  return new DomainError('validation.failed', `日历文件第 ${line} 行：${zh}`, `calendar CSV line ${line}: ${en}`, { line });
}

/** Splits one CSV line; fields may be quoted with "…" and "" inside quotes is a quote. */
function splitCsvLine(text: string, line: number): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw csvError(line, '引号未闭合', 'unterminated quote');
        const ch = text[i];
        if (ch === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += ch;
        i++;
      }
      while (i < text.length && text[i] !== ',') {
        if (text[i] !== ' ' && text[i] !== '\t') throw csvError(line, '引号后有多余字符', 'text after closing quote');
        i++;
      }
    } else {
      const comma = text.indexOf(',', i);
      const end = comma === -1 ? text.length : comma;
      cell = text.slice(i, end);
      i = end;
    }
    cells.push(cell);
    if (i >= text.length) return cells;
    i++; // the comma
  }
}

/**
 * Reads the centre's calendar table: `date,workday,note`, one row per day that differs from (or
 * confirms) the published schedule. `workday` is 1/0, true/false or 上班/休息; the note is
 * optional; a `date,…` / `日期,…` header, blank lines and `#` comment lines are skipped.
 * Throws `validation.failed` naming the line of the first bad row.
 */
export function parseCalendarCsv(text: string): CalendarOverride[] {
  const rows: CalendarOverride[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let first = true;
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const raw = (lines[index] ?? '').trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const rawCells = splitCsvLine(raw, lineNo);
    const cells = rawCells.map((c) => c.trim());
    const isFirst = first;
    first = false;
    const dateCell = cells[0] ?? '';
    if (isFirst && /^(date|日期)$/i.test(dateCell)) continue;
    if (cells.length < 2) throw csvError(lineNo, '至少需要日期和是否上班两列', 'expected at least date and workday columns');
    if (!DATE_RE.test(dateCell)) throw csvError(lineNo, `日期格式错误：${dateCell}（应为 YYYY-MM-DD）`, `bad date "${dateCell}" (expected YYYY-MM-DD)`);
    try {
      parseEpochDay(dateCell);
    } catch {
      throw csvError(lineNo, `不存在的日期：${dateCell}`, `no such date "${dateCell}"`);
    }
    const workdayCell = cells[1] ?? '';
    const workday = WORKDAY_WORDS[workdayCell.toLowerCase()];
    if (workday === undefined) {
      throw csvError(lineNo, `无法识别是否上班：${workdayCell}（应为 1/0、true/false 或 上班/休息）`, `bad workday "${workdayCell}" (expected 1/0, true/false or 上班/休息)`);
    }
    const earlier = seen.get(dateCell);
    if (earlier !== undefined) throw csvError(lineNo, `日期 ${dateCell} 与第 ${earlier} 行重复`, `date ${dateCell} repeats line ${earlier}`);
    seen.set(dateCell, lineNo);
    // A note with unquoted commas is kept whole rather than rejected.
    const note = rawCells.slice(2).join(',').trim();
    rows.push(note ? { date: dateCell, workday, note } : { date: dateCell, workday });
  }
  return rows;
}
