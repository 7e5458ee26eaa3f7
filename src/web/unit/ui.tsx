/**
 * Small pieces the unit and supervisor desks share: the page heading, deadline order, time-limit
 * labels, a minute tick for the countdowns. (Perfunctory phrases are the server's list, checked there.)
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Tag } from 'antd';
import { get } from '../shared/api';
import { limitText } from '../shared/format';
// the page frame pieces moved to shared/ui; re-exported for the desks that import them from here
export { PageTitle, errorText, byDeadline, submitOnCtrlEnter } from '../shared/ui';
import type { CaseList, CaseView } from '../shared/types';

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

type T = (zh: string, en: string) => string;

/** Time limits as the server writes them (5wd, 2h, 15m) in words, in the language `t` speaks. */
export function limitLabel(limit: string, t: T): string {
  return limitText(limit, t('zh', 'en') as 'zh' | 'en');
}

export const EXTENSION_LIMITS = ['15m', '30m', '2h', '4h', '1wd', '2wd', '3wd', '5wd', '7wd', '10wd', '15wd'];
export const REWORK_LIMITS = ['1wd', '2wd', '3wd', '5wd'];


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
