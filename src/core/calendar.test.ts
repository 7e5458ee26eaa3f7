import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import chineseDays from 'chinese-days';
import { DomainError } from './errors';
import {
  WorkCalendar,
  parseCalendarCsv,
  shanghaiDate,
  shanghaiInstant,
  shanghaiMinutesOfDay,
} from './calendar';

/**
 * The State Council notices, written out by hand: days off (ranges include the weekends inside
 * them) and adjusted working days (调休上班).
 * 2024: 国办发明电〔2023〕7号; 2025: 国办发明电〔2024〕12号; 2026: the November 2025 notice.
 */
const OFFICIAL: Record<number, { off: [string, string][]; makeUp: string[] }> = {
  2024: {
    off: [
      ['01-01', '01-01'], // 元旦
      ['02-10', '02-17'], // 春节
      ['04-04', '04-06'], // 清明
      ['05-01', '05-05'], // 劳动节
      ['06-10', '06-10'], // 端午
      ['09-15', '09-17'], // 中秋
      ['10-01', '10-07'], // 国庆
    ],
    makeUp: ['02-04', '02-18', '04-07', '04-28', '05-11', '09-14', '09-29', '10-12'],
  },
  2025: {
    off: [
      ['01-01', '01-01'],
      ['01-28', '02-04'],
      ['04-04', '04-06'],
      ['05-01', '05-05'],
      ['05-31', '06-02'],
      ['10-01', '10-08'], // 国庆 + 中秋
    ],
    makeUp: ['01-26', '02-08', '04-27', '09-28', '10-11'],
  },
  2026: {
    off: [
      ['01-01', '01-03'],
      ['02-15', '02-23'],
      ['04-04', '04-06'],
      ['05-01', '05-05'],
      ['06-19', '06-21'],
      ['09-25', '09-27'],
      ['10-01', '10-07'],
    ],
    makeUp: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
  },
};

function officialWorkday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  const md = date.slice(5);
  const sched = OFFICIAL[year];
  if (!sched) throw new Error(`no schedule for ${year}`);
  if (sched.makeUp.includes(md)) return true;
  if (sched.off.some(([a, b]) => md >= a && md <= b)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

function everyDay(year: number): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

const cal = new WorkCalendar();

describe('WorkCalendar on the official schedules', () => {
  it.each([2024, 2025, 2026])('matches the State Council notice on every day of %i', (year) => {
    const wrong = everyDay(year).filter((d) => cal.isWorkday(d) !== officialWorkday(d));
    expect(wrong).toEqual([]);
  });

  it.each([
    // long holidays
    ['2024-02-12', false, '2024 春节, a Monday'],
    ['2025-02-04', false, '2025 春节 last day, a Tuesday'],
    ['2026-02-23', false, '2026 春节 last day, a Monday'],
    ['2026-10-01', false, '2026 国庆, a Thursday'],
    ['2026-10-07', false, '2026 国庆 last day, a Wednesday'],
    ['2025-10-08', false, '2025 国庆+中秋 eighth day, a Wednesday'],
    // adjusted working weekends (调休上班)
    ['2024-02-04', true, '2024 Sunday before 春节'],
    ['2024-10-12', true, '2024 Saturday after 国庆'],
    ['2025-01-26', true, '2025 Sunday before 春节'],
    ['2025-10-11', true, '2025 Saturday after 国庆'],
    ['2026-01-04', true, '2026 Sunday after 元旦'],
    ['2026-02-14', true, '2026 Saturday before 春节'],
    ['2026-02-28', true, '2026 Saturday after 春节'],
    ['2026-09-20', true, '2026 Sunday before 国庆'],
    ['2026-10-10', true, '2026 Saturday after 国庆'],
    // ordinary days
    ['2026-10-08', true, 'Thursday after 国庆'],
    ['2026-10-11', false, 'ordinary Sunday'],
    ['2026-03-07', false, 'ordinary Saturday'],
    ['2026-03-09', true, 'ordinary Monday'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(cal.isWorkday(date)).toBe(expected);
  });

  // The package's isWorkday is only right when UTC midnight falls on the same local date.
  const packageReliableHere = new Date(Date.UTC(2024, 0, 1)).getDate() === 1;
  it.skipIf(!packageReliableHere)('agrees with chinese-days isWorkday on every day of 2004–2026', () => {
    const wrong: string[] = [];
    for (let year = 2004; year <= 2026; year++) {
      for (const d of everyDay(year)) if (cal.isWorkday(d) !== chineseDays.isWorkday(d)) wrong.push(d);
    }
    expect(wrong).toEqual([]);
  });

  it('stays right in a process west of UTC, where chinese-days isWorkday is not', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const script = `import('./src/core/calendar.ts').then(({ WorkCalendar }) => {
      const cal = new WorkCalendar();
      const cd = require('chinese-days');
      console.log(JSON.stringify({
        ours: ['2026-10-10', '2026-10-17', '2026-10-01', '2026-10-08'].map((d) => cal.isWorkday(d)),
        pkgSaturday: cd.isWorkday('2026-10-17'),
      }));
    });`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: root,
      env: { ...process.env, TZ: 'America/New_York' },
      encoding: 'utf8',
    });
    const result = JSON.parse(out.trim().split('\n').pop() ?? '');
    expect(result.ours).toEqual([true, false, false, true]);
    // The package itself calls an ordinary Saturday a working day there; if this ever turns false,
    // chinese-days fixed its time-zone handling and calendar.ts could call isWorkday directly.
    expect(result.pkgSaturday).toBe(true);
  }, 20_000);
});

describe('addWorkdays and nextWorkdayOnOrAfter', () => {
  it.each([
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-30', 3, '2026-10-10'],
    ['2026-09-30', 4, '2026-10-12'],
    ['2026-10-09', 1, '2026-10-10'],
    ['2026-02-13', 2, '2026-02-24'],
    ['2025-01-24', 1, '2025-01-26'],
    ['2024-02-09', 1, '2024-02-18'],
    ['2025-12-31', 1, '2026-01-04'],
  ])('%s + %i working days = %s', (date, n, expected) => {
    expect(cal.addWorkdays(date, n)).toBe(expected);
  });

  it('counts neither the start date nor accepts n < 1', () => {
    expect(cal.addWorkdays('2026-10-08', 1)).toBe('2026-10-09');
    expect(() => cal.addWorkdays('2026-10-08', 0)).toThrow(DomainError);
    expect(() => cal.addWorkdays('2026-10-08', 1.5)).toThrow(DomainError);
  });

  it.each([
    ['2026-10-01', '2026-10-08'],
    ['2026-10-10', '2026-10-10'],
    ['2026-10-11', '2026-10-12'],
    ['2026-02-15', '2026-02-24'],
  ])('next working day on or after %s is %s', (date, expected) => {
    expect(cal.nextWorkdayOnOrAfter(date)).toBe(expected);
  });

  it('rejects malformed and impossible dates', () => {
    for (const bad of ['2026-02-30', '2026-2-3', '20261001', '', '0099-01-01', '2026-13-01']) {
      expect(() => cal.isWorkday(bad)).toThrow(DomainError);
    }
  });

  it('lands on a working day with exactly n working days in between (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2028, 11, 31) }), fc.integer({ min: 1, max: 40 }), (t, n) => {
        const start = new Date(t).toISOString().slice(0, 10);
        const end = cal.addWorkdays(start, n);
        expect(cal.isWorkday(end)).toBe(true);
        let count = 0;
        for (let d = Date.parse(`${start}T00:00:00Z`) + 86_400_000; d <= Date.parse(`${end}T00:00:00Z`); d += 86_400_000) {
          if (cal.isWorkday(new Date(d).toISOString().slice(0, 10))) count++;
        }
        expect(count).toBe(n);
      }),
    );
  });
});

describe('years the package does not cover', () => {
  it('covers 2004–2026 officially and treats 2027 as estimated', () => {
    const years = cal.coveredYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2024);
    expect(years).toContain(2025);
    expect(years).toContain(2026);
    expect(years).not.toContain(2027);
    expect(cal.isEstimated(2026)).toBe(false);
    expect(cal.isEstimated(2027)).toBe(true);
    expect(cal.isEstimated(2003)).toBe(true);
  });

  it('uses plain Monday–Friday in an estimated year', () => {
    // 2027-01-01 and 2027-10-01 are Fridays; the real 元旦 and 国庆 are not known to the package yet.
    expect(cal.isWorkday('2027-01-01')).toBe(true);
    expect(cal.isWorkday('2027-10-01')).toBe(true);
    expect(cal.isWorkday('2027-02-06')).toBe(false); // Saturday
    expect(cal.addWorkdays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('stops estimating a year once an override row falls in it', () => {
    const withRows = new WorkCalendar([{ date: '2027-01-01', workday: false, note: '元旦' }]);
    expect(withRows.isEstimated(2027)).toBe(false);
    expect(withRows.isWorkday('2027-01-01')).toBe(false);
    expect(withRows.addWorkdays('2026-12-31', 1)).toBe('2027-01-04');
    expect(withRows.isEstimated(2028)).toBe(true);
  });
});

describe('overrides', () => {
  it('win over the published schedule both ways', () => {
    const local = new WorkCalendar([
      { date: '2026-10-10', workday: false, note: '本地调整：不补班' },
      { date: '2026-10-17', workday: true, note: '防汛值守' },
      { date: '2026-10-08', workday: false },
    ]);
    expect(local.isWorkday('2026-10-10')).toBe(false);
    expect(local.isWorkday('2026-10-17')).toBe(true);
    expect(local.addWorkdays('2026-09-30', 1)).toBe('2026-10-09');
    expect(local.addWorkdays('2026-09-30', 2)).toBe('2026-10-12');
    // the shared default calendar is untouched
    expect(cal.isWorkday('2026-10-10')).toBe(true);
  });

  it('reject contradicting rows for the same date and accept repeated identical ones', () => {
    expect(
      () =>
        new WorkCalendar([
          { date: '2026-10-10', workday: false },
          { date: '2026-10-10', workday: true },
        ]),
    ).toThrow(DomainError);
    expect(() => new WorkCalendar([{ date: '2026-10-10', workday: true }, { date: '2026-10-10', workday: true }])).not.toThrow();
    expect(() => new WorkCalendar([{ date: '2026/10/10', workday: true }])).toThrow(DomainError);
  });

  it('work far outside the cached range too', () => {
    const far = new WorkCalendar([{ date: '2250-01-02', workday: false }]);
    expect(far.isWorkday('2250-01-02')).toBe(false); // a Wednesday
    expect(far.isWorkday('2250-01-01')).toBe(true); // a Tuesday
    expect(far.isWorkday('1850-01-05')).toBe(false); // a Saturday
  });
});

describe('Shanghai civil time', () => {
  it.each([
    ['2026-10-09T15:59:59.999Z', '2026-10-09', 1439],
    ['2026-10-09T16:00:00.000Z', '2026-10-10', 0],
    ['2026-10-09T10:00:00.000Z', '2026-10-09', 1080],
    ['2026-12-31T16:30:00.000Z', '2027-01-01', 30],
    ['1969-12-31T16:00:00.000Z', '1970-01-01', 0],
    ['1969-12-31T15:59:00.000Z', '1969-12-31', 1439],
  ])('%s is %s, minute %i', (iso, date, minutes) => {
    expect(shanghaiDate(new Date(iso))).toBe(date);
    expect(shanghaiMinutesOfDay(new Date(iso))).toBe(minutes);
  });

  it('builds instants from wall-clock times', () => {
    expect(shanghaiInstant('2026-10-09', '18:00').toISOString()).toBe('2026-10-09T10:00:00.000Z');
    expect(shanghaiInstant('2026-10-10', '00:00').toISOString()).toBe('2026-10-09T16:00:00.000Z');
    expect(shanghaiInstant('2024-02-29', '23:59').toISOString()).toBe('2024-02-29T15:59:00.000Z');
    for (const bad of ['24:00', '9:00', '18:60', '1800', '']) {
      expect(() => shanghaiInstant('2026-10-09', bad)).toThrow(DomainError);
    }
  });

  it('round-trips (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const t = new Date(Math.floor(ms / 60_000) * 60_000);
        const m = shanghaiMinutesOfDay(t);
        const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        expect(shanghaiInstant(shanghaiDate(t), hhmm).getTime()).toBe(t.getTime());
      }),
    );
  });
});

describe('parseCalendarCsv', () => {
  it('reads rows with or without a header, in all the accepted spellings', () => {
    const text = [
      '\uFEFFdate,workday,note',
      '2027-01-01,0,元旦',
      '',
      '# 春节 2027',
      '2027-02-06,休息,春节',
      '2027-02-20,上班,"春节调休, 上班"',
      '2027-10-01,false',
      '2027-09-26 , TRUE , 国庆调休 ',
      '2027-10-09,1,"说""调休"""',
    ].join('\r\n');
    expect(parseCalendarCsv(text)).toEqual([
      { date: '2027-01-01', workday: false, note: '元旦' },
      { date: '2027-02-06', workday: false, note: '春节' },
      { date: '2027-02-20', workday: true, note: '春节调休, 上班' },
      { date: '2027-10-01', workday: false },
      { date: '2027-09-26', workday: true, note: '国庆调休' },
      { date: '2027-10-09', workday: true, note: '说"调休"' },
    ]);
    expect(parseCalendarCsv('日期,是否上班,备注\n2027-01-01,休息\n')).toEqual([{ date: '2027-01-01', workday: false }]);
    expect(parseCalendarCsv('2027-01-01,0,元旦, 全国放假')).toEqual([{ date: '2027-01-01', workday: false, note: '元旦, 全国放假' }]);
    expect(parseCalendarCsv('')).toEqual([]);
  });

  it.each([
    ['2027-01-01,0\n2027-13-01,0', 2, 'no such date'],
    ['date,workday\n2027-01-01,0\n2027/01/02,0', 3, 'bad date'],
    ['2027-01-01,0\n\n2027-01-02,maybe', 3, 'bad workday'],
    ['2027-01-01,0\n2027-01-01,1', 2, 'repeats line 1'],
    ['2027-01-01', 1, 'expected at least'],
    ['2027-01-01,0,"unterminated', 1, 'unterminated quote'],
    ['header,row\n2027-01-01,0', 1, 'bad date'],
  ])('names the line of a bad row: %j', (text, line, fragment) => {
    let error: unknown;
    try {
      parseCalendarCsv(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const de = error as DomainError;
    expect(de.code).toBe('validation.failed');
    expect(de.details).toEqual({ line });
    expect(de.messageEn).toContain(`line ${line}:`);
    expect(de.messageEn).toContain(fragment);
    expect(de.message).toContain(`第 ${line} 行`);
  });

  it('feeds a calendar', () => {
    const local = new WorkCalendar(parseCalendarCsv('2026-10-10,休息,不补班'));
    expect(local.isWorkday('2026-10-10')).toBe(false);
  });
});
