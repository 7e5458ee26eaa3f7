import { describe, expect, it } from 'vitest';
import { WorkCalendar } from './calendar';
import { calendarStatus, missingScheduleWarning } from './calendar-status';

describe('calendar status', () => {
  it('says nothing in November about next year', () => {
    expect(missingScheduleWarning(new Date('2026-11-21T04:00:00Z'), new WorkCalendar())).toBeNull();
  });

  it('warns from 1 December (Shanghai) when next year’s schedule is missing', () => {
    // 30 November 16:30 UTC is already 1 December 00:30 in Shanghai
    const msg = missingScheduleWarning(new Date('2026-11-30T16:30:00Z'), new WorkCalendar());
    expect(msg).toContain('2027');
    expect(calendarStatus(new Date('2026-12-02T04:00:00Z'), new WorkCalendar()).nextYearMissing).toBe(true);
  });

  it('stops warning once next year has override rows', () => {
    const cal = new WorkCalendar([{ date: '2027-01-01', workday: false, note: '元旦' }]);
    expect(missingScheduleWarning(new Date('2026-12-02T04:00:00Z'), cal)).toBeNull();
  });

  it('lists the estimated years around today', () => {
    const s = calendarStatus(new Date('2026-06-01T04:00:00Z'), new WorkCalendar());
    expect(s.year).toBe(2026);
    expect(s.estimatedYears).toEqual([2027]);
    expect(s.coveredYears).toContain(2024);
    expect(s.coveredYears).toContain(2026);
  });
});
