/**
 * What the admin screen and the start-up log say about the calendar's coverage (issue #3 §1).
 */
import { shanghaiDate, type WorkCalendar } from './calendar';

export interface CalendarStatus {
  year: number;
  coveredYears: number[];
  /** Years near today whose working days are guessed (Mon–Fri), not official. */
  estimatedYears: number[];
  /** From 1 December, whether next year's official schedule is still missing. */
  nextYearMissing: boolean;
}

export function calendarStatus(now: Date, cal: WorkCalendar): CalendarStatus {
  const [y, m] = shanghaiDate(now).split('-').map(Number) as [number, number];
  const years = [y - 1, y, y + 1];
  return {
    year: y,
    coveredYears: cal.coveredYears(),
    estimatedYears: years.filter((x) => cal.isEstimated(x)),
    nextYearMissing: m === 12 && cal.isEstimated(y + 1),
  };
}

/**
 * The State Council publishes next year's holidays around November; from 1 December on, a missing
 * schedule is worth a warning at every start, since deadlines after New Year would be guesses.
 */
export function missingScheduleWarning(now: Date, cal: WorkCalendar): string | null {
  const s = calendarStatus(now, cal);
  if (!s.nextYearMissing) return null;
  const next = s.year + 1;
  return `${next} 年的法定节假日和调休安排尚未录入，${next} 年的工作日按周一至周五估算；请管理员导入国务院办公厅公布的安排（POST /api/calendar/overrides/import）。 / The official ${next} holiday schedule is missing; working days in ${next} are estimated (Mon–Fri). Import it at POST /api/calendar/overrides/import.`;
}
