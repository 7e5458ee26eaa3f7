/**
 * 通报批评 (DOMAIN.md §9, S1 §3): the reasons a unit is named in the quarterly criticism notice.
 * Some are found by the platform (two reworks in a row, three unexplained overdue cases in a quarter,
 * an unanswered duty phone); the others are recorded by a supervisor.
 */
import { shanghaiDate } from './calendar';

export const CRITICISM_REASONS = [
  'consecutive_rework', // 连续两次被退回重办
  'missing_written_feedback', // 应书面反馈而未反馈
  'overdue_unexplained', // 一季度内 3 件以上超期且未说明
  'contradicts_reality', // 答复与事实不符
  'repeated_complaints', // 同一问题群众反复投诉而未处理
  'duty_phone_unanswered', // 值班电话无人接听
] as const;
export type CriticismReason = (typeof CRITICISM_REASONS)[number];

export const CRITICISM_REASON_LABELS: Record<CriticismReason, { zh: string; en: string }> = {
  consecutive_rework: { zh: '连续两次被退回重办', en: 'Returned for rework twice in a row' },
  missing_written_feedback: { zh: '未按要求书面反馈', en: 'Required written feedback missing' },
  overdue_unexplained: { zh: '一季度内超期 3 件以上且未说明', en: '3 or more overdue without explanation in a quarter' },
  contradicts_reality: { zh: '答复与事实不符', en: 'Reply contradicts reality' },
  repeated_complaints: { zh: '同一问题群众反复投诉未处理', en: 'Repeated complaints on the same issue without handling' },
  duty_phone_unanswered: { zh: '值班电话无人接听', en: 'Duty phone unanswered' },
};

/** S1 §3: returned for rework this many times in a row puts the unit on the list. */
export const CONSECUTIVE_REWORKS_CRITICISED = 2;

/** The assessment quarter of an instant, in Asia/Shanghai: '2026Q4'. */
export function quarterOf(t: Date): string {
  const [y, m] = shanghaiDate(t).split('-');
  return `${y}Q${Math.floor((Number(m) - 1) / 3) + 1}`;
}

/** The first and last day (YYYY-MM-DD) of a quarter like '2026Q4'; throws on another shape. */
export function quarterDays(quarter: string): { from: string; to: string } {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) throw new Error(`not a quarter: ${quarter}`);
  const y = Number(m[1]);
  const q = Number(m[2]);
  const first = (q - 1) * 3 + 1;
  const lastMonth = first + 2;
  const lastDay = new Date(Date.UTC(y, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(lastMonth)}-${pad(lastDay)}` };
}
