/** Dates in Asia/Shanghai as Chinese users read them, and the coloured deadline countdown. */
import { Tag } from 'antd';
import { CHANNEL_LABELS, KIND_LABELS, URGENCY_LABELS, SATISFACTION_LABELS, type Channel, type Kind, type Urgency, type Satisfaction } from '../../core/enums';
import type { Lang } from './i18n';
import { describeLimit, parseLimit } from '../../core/time-limits';

const EN_CHANNEL: Record<Channel, string> = { phone: 'Phone', mailbox: 'Mailbox', sms: 'SMS', online: 'Online', emergency: 'Emergency', leader_line: 'Leader line', media: 'Media', grassroots: 'Grassroots', liaison: 'Liaison' };
const EN_KIND: Record<Kind, string> = { consultation: 'Consultation', help: 'Help', complaint: 'Complaint', tip_off: 'Tip-off', suggestion: 'Suggestion', criticism: 'Criticism', praise: 'Praise' };
const EN_URGENCY: Record<Urgency, string> = { normal: 'Normal', urgent: 'Urgent', general_emergency: 'Emergency', major_emergency: 'Major emergency', leader_instructed: 'Leader-instructed' };
const EN_SAT: Record<Satisfaction, string> = { very_satisfied: 'Very satisfied', satisfied: 'Satisfied', basically_satisfied: 'Basically satisfied', dissatisfied: 'Dissatisfied', very_dissatisfied: 'Very dissatisfied' };

export const channelLabel = (c: Channel, lang: Lang) => (lang === 'en' ? EN_CHANNEL[c] : CHANNEL_LABELS[c]);
export const kindLabel = (k: Kind, lang: Lang) => (lang === 'en' ? EN_KIND[k] : KIND_LABELS[k]);
export const urgencyLabel = (u: Urgency, lang: Lang) => (lang === 'en' ? EN_URGENCY[u] : URGENCY_LABELS[u]);
export const satisfactionLabel = (s: Satisfaction, lang: Lang) => (lang === 'en' ? EN_SAT[s] : SATISFACTION_LABELS[s]);

/** 5wd → 5个工作日: a time limit as people read it, worded by core (`describeLimit`). */
export function limitText(limit: string | null | undefined, lang: Lang): string {
  if (!limit) return '—';
  try {
    return describeLimit(parseLimit(limit), lang);
  } catch {
    return limit;
  }
}

/** 2026-03-02 10:00, in Shanghai time whatever the browser's zone. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

function span(ms: number, lang: Lang): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  if (lang === 'en') return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m`;
  return d > 0 ? `${d}天${h}小时` : h > 0 ? `${h}小时${m}分` : `${m}分钟`;
}

/**
 * Solid tag colours dark enough for white text at WCAG AA (Ant Design's light preset tags are not).
 * Use these, not the preset names, for every Tag.
 */
export const TAG = {
  green: '#15803d',
  amber: '#b45309',
  orange: '#c2410c',
  red: '#b91c1c',
  purple: '#6d28d9',
  blue: '#1d4ed8',
  grey: '#4b5563',
} as const;

/** Normal green, warning orange, overdue red; the time left or past. */
export function Countdown({ dueAt, status, lang, now = Date.now() }: { dueAt: string | null; status: 'normal' | 'warning' | 'overdue' | null; lang: Lang; now?: number }) {
  if (!dueAt || !status) return <span>—</span>;
  const left = new Date(dueAt).getTime() - now;
  const color = status === 'overdue' ? TAG.red : status === 'warning' ? TAG.amber : TAG.green;
  const text = left < 0 ? (lang === 'en' ? `overdue ${span(left, lang)}` : `超期 ${span(left, lang)}`) : lang === 'en' ? `${span(left, lang)} left` : `剩余 ${span(left, lang)}`;
  return (
    <Tag color={color} data-deadline={status}>
      {text}
    </Tag>
  );
}
