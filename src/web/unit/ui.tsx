/**
 * Small pieces the unit and supervisor desks share: the page heading, deadline order, time-limit
 * labels, a minute tick for the countdowns, and the phrases that make a reply perfunctory.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Tag, Typography } from 'antd';
import { ApiError, get } from '../shared/api';
import type { CaseList, CaseView } from '../shared/types';

/** Every page's one h1: modest, so the work stays above the fold at 1366×768. */
export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
      <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
        {children}
      </Typography.Title>
      {extra && <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginLeft: 'auto' }}>{extra}</div>}
    </div>
  );
}

/** Soonest deadline first; cases without a running clock last. */
export function byDeadline(a: CaseView, b: CaseView): number {
  if (a.dueAt && b.dueAt) return a.dueAt.localeCompare(b.dueAt);
  return a.dueAt ? -1 : b.dueAt ? 1 : a.createdAt.localeCompare(b.createdAt);
}

/** All pages of a case list (the API gives at most 200 a page). */
export async function fetchCases(query: string, maxPages = 5): Promise<CaseView[]> {
  const out: CaseView[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: CaseList = await get<CaseList>(`/api/cases?limit=200${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** Re-render every minute so the countdowns stay true while the page is open. */
export function useMinuteTick(): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const id = window.setInterval(() => setTick((t) => t + 1), 60_000);
    return () => window.clearInterval(id);
  }, []);
  return tick;
}

export function errorText(e: unknown): string {
  return e instanceof ApiError || e instanceof Error ? e.message : String(e);
}

type T = (zh: string, en: string) => string;

/** Time limits as the server writes them (5wd, 2h, 15m, 3d) in words. */
export function limitLabel(limit: string, t: T): string {
  const m = /^(\d+)(wd|d|h|m)$/.exec(limit);
  if (!m) return limit === 'sameday' ? t('当日', 'same day') : limit;
  const n = m[1];
  const unit = { wd: t('个工作日', ' working day(s)'), d: t('天', ' day(s)'), h: t('小时', ' hour(s)'), m: t('分钟', ' minutes') }[m[2] as 'wd' | 'd' | 'h' | 'm'];
  return `${n}${unit}`;
}

export const EXTENSION_LIMITS = ['15m', '30m', '2h', '4h', '1wd', '2wd', '3wd', '5wd', '7wd', '10wd', '15wd'];
export const REWORK_LIMITS = ['1wd', '2wd', '3wd', '5wd'];

/** S4 §2.2: replies made only of these are perfunctory and get sent back. */
export const PERFUNCTORY_PHRASES = ['正在联系处理中', '已前去执法', '将现场核实', '已解释', '正在处理', '已转交'];

export function perfunctoryPhrases(text: string): string[] {
  return PERFUNCTORY_PHRASES.filter((p) => text.includes(p));
}

/** Ctrl+Enter (⌘+Enter) submits the form the key was pressed in. */
export function submitOnCtrlEnter(submit: () => void) {
  return (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };
}

/** Secondary text dark enough to read (antd's secondary grey is below 4.5:1 on white). */
export function Muted({ children, small }: { children: ReactNode; small?: boolean }) {
  return <span style={{ color: '#595959', fontSize: small ? 12 : undefined }}>{children}</span>;
}

/** A red outline for steps that send work back; antd's danger red is below 4.5:1 on white. */
export const SEND_BACK_STYLE = { color: '#a8071a', borderColor: '#a8071a' } as const;

/** An amber tag readable at 12px (antd's orange and volcano tags are below 4.5:1). */
export function WarnTag({ children }: { children: ReactNode }) {
  return <Tag style={{ color: '#ad4e00', background: '#fff7e6', borderColor: '#ffd591' }}>{children}</Tag>;
}
