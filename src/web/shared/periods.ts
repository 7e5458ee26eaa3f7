/**
 * Periods on the Shanghai calendar as the statistics screens pick them (this week, month, quarter,
 * year, the last 30 days), the buckets of `GET /api/stats?by=period` (each named by its first day,
 * weeks from Monday), and assessment quarters like 2026Q4.
 */
import { quarterOf, quarterDays } from '../../core/criticism';
import { shanghaiDate } from '../../core/calendar';
import type { Lang } from './i18n';

export type Granularity = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const PRESETS = ['week', 'month', 'quarter', 'year', '30d'] as const;
export type Preset = (typeof PRESETS)[number];
export const PRESET_LABELS: Record<Preset, [string, string]> = {
  week: ['本周', 'This week'],
  month: ['本月', 'This month'],
  quarter: ['本季度', 'This quarter'],
  year: ['本年', 'This year'],
  '30d': ['近 30 天', 'Last 30 days'],
};

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD plus `days`. */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** Today in Asia/Shanghai, whatever the browser's zone. */
export const shanghaiToday = (now = new Date()) => shanghaiDate(now);

/** The first day of the bucket `day` falls in. */
export function periodStart(g: Granularity, day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  if (g === 'day') return day;
  if (g === 'week') return shiftDay(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
  if (g === 'month') return `${y}-${pad(m)}-01`;
  if (g === 'quarter') return `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`;
  return `${y}-01-01`;
}

function nextStart(g: Granularity, start: string): string {
  if (g === 'day') return shiftDay(start, 1);
  if (g === 'week') return shiftDay(start, 7);
  const [y, m] = start.split('-').map(Number) as [number, number];
  const months = g === 'month' ? 1 : g === 'quarter' ? 3 : 12;
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return d.toISOString().slice(0, 10);
}

/** The bucket keys from..to, so a chart shows the periods without cases as zero, not as a gap. */
export function periodKeys(g: Granularity, from: string, to: string): string[] {
  const keys: string[] = [];
  for (let k = periodStart(g, from); k <= to && keys.length < 1000; k = nextStart(g, k)) keys.push(k);
  return keys;
}

/** A bucket's name: 11-16, 11-16 周, 2026-11, 2026Q4, 2026. */
export function bucketLabel(g: Granularity, key: string, lang: Lang): string {
  if (g === 'day') return key.slice(5);
  if (g === 'week') return lang === 'en' ? `wk ${key.slice(5)}` : `${key.slice(5)}起`;
  if (g === 'month') return key.slice(0, 7);
  if (g === 'quarter') return `${key.slice(0, 4)}Q${Math.floor((Number(key.slice(5, 7)) - 1) / 3) + 1}`;
  return key.slice(0, 4);
}

/** The range of a preset, up to today. */
export function presetRange(p: Preset, today: string): { from: string; to: string } {
  if (p === '30d') return { from: shiftDay(today, -29), to: today };
  return { from: periodStart(p, today), to: today };
}

/** The current quarter in Asia/Shanghai and the seven before it, newest first. */
export function recentQuarters(now = new Date()): string[] {
  const [y, q] = quarterOf(now).split('Q').map(Number) as [number, number];
  return Array.from({ length: 8 }, (_, i) => {
    const n = y * 4 + (q - 1) - i;
    return `${Math.floor(n / 4)}Q${(n % 4) + 1}`;
  });
}

/** 2026Q4 → 2026年第4季度. */
export const quarterLabel = (q: string, lang: Lang) => (lang === 'en' ? q : `${q.slice(0, 4)}年第${q.slice(5)}季度`);

export { quarterDays };
