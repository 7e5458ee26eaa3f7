/**
 * Information filings (信息报备) as the screens read them (src/server/routes/filings.routes.ts), and the
 * bulletin board's list (公告栏): filings by type with their unit, period, area and late flag. The
 * bulletin page, the operator's call panel and the desk's matches all draw them with `FilingLine`.
 */
import type { ReactNode } from 'react';
import { Empty, Tag, Typography } from 'antd';
import { FILING_TYPE_LABELS, type FilingType } from '../../core/filings';
import { TAG, fmtTime } from './format';
import { useLang } from './i18n';

export interface Filing {
  id: string;
  unit: { id: string; code: string; name: string };
  type: FilingType;
  typeLabel: string;
  title: string;
  content: string;
  startsAt: string;
  endsAt: string;
  area: { kind: 'city' | 'units' | 'polygon'; units: { id: string; code: string; name: string; type: string }[]; polygon: unknown };
  areaNames: string[];
  late: boolean;
  status: 'active' | 'withdrawn';
  phase: 'upcoming' | 'ongoing' | 'ended' | 'withdrawn';
  filedBy: string | null;
  filedAt: string;
  withdrawnAt: string | null;
  withdrawNote: string | null;
}

export interface BulletinGroup {
  type: string;
  typeLabel: string;
  filings: Filing[];
}

/** POST /api/filings/match: a filing that explains the case being typed, and why. */
export interface FilingMatch {
  filing: Filing;
  score: number;
  why: { words: string[]; tokens: string[]; area: 'city' | 'region' | 'polygon' | 'part_of_region'; areaText: string };
}

export const filingTypeLabel = (type: string, lang: 'zh' | 'en') => FILING_TYPE_LABELS[type as FilingType]?.[lang] ?? type;

const PHASES: Record<Filing['phase'], [string, string, string]> = {
  upcoming: ['即将开始', 'Upcoming', TAG.blue],
  ongoing: ['进行中', 'Under way', TAG.orange],
  ended: ['已结束', 'Ended', TAG.grey],
  withdrawn: ['已撤回', 'Withdrawn', TAG.grey],
};

export function PhaseTag({ phase }: { phase: Filing['phase'] }) {
  const { lang } = useLang();
  const [zh, en, color] = PHASES[phase];
  return <Tag color={color}>{lang === 'en' ? en : zh}</Tag>;
}

export function LateTag({ late }: { late: boolean }) {
  const { t } = useLang();
  return late ? <Tag color={TAG.red}>{t('迟报', 'Late')}</Tag> : null;
}

/** 11-23 09:00 – 11-23 17:00 (the year is left out: filings run for days, not years). */
export const period = (f: { startsAt: string; endsAt: string }) => `${fmtTime(f.startsAt).slice(5)} – ${fmtTime(f.endsAt).slice(5)}`;

/** One filing: title and phase, then unit · period · area, the content, and whatever the caller adds. */
export function FilingLine({ f, compact, extra }: { f: Filing; compact?: boolean; extra?: ReactNode }) {
  const { t } = useLang();
  return (
    <div data-filing={f.title}>
      <div style={{ display: 'flex', gap: 6, alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Typography.Text strong>{f.title}</Typography.Text>
        <PhaseTag phase={f.phase} />
        <LateTag late={f.late} />
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
        {f.unit.name} · {period(f)} · {t('范围', 'Area')}：{f.areaNames.join('、') || t('全市', 'Whole city')}
      </Typography.Text>
      {!compact && <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{f.content}</Typography.Paragraph>}
      {compact && (
        <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }} ellipsis={{ rows: 2, tooltip: f.content }}>
          {f.content}
        </Typography.Paragraph>
      )}
      {extra}
    </div>
  );
}

/** Filings in the bulletin's groups (by type, in the server's order), or grouped here from a flat list. */
export function groupFilings(filings: Filing[], lang: 'zh' | 'en'): BulletinGroup[] {
  const groups: BulletinGroup[] = [];
  for (const f of filings) {
    const g = groups.find((x) => x.type === f.type);
    if (g) g.filings.push(f);
    else groups.push({ type: f.type, typeLabel: f.typeLabel || filingTypeLabel(f.type, lang), filings: [f] });
  }
  return groups;
}

/** The bulletin board: a heading per type, its filings below. */
export function BulletinList({ groups, compact, headingLevel = 2 }: { groups: BulletinGroup[]; compact?: boolean; headingLevel?: 2 | 3 }) {
  const { t } = useLang();
  if (groups.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('公告栏暂无报备', 'Nothing on the bulletin board')} style={{ margin: '8px 0' }} />;
  return (
    <div data-testid="bulletin">
      {groups.map((g) => (
        <section key={g.type} aria-label={g.typeLabel} style={{ marginBottom: compact ? 8 : 16 }}>
          <Typography.Title level={headingLevel} style={{ fontSize: compact ? 13 : 15, margin: '4px 0', color: '#7f1d1d' }}>
            {g.typeLabel} ({g.filings.length})
          </Typography.Title>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {g.filings.map((f) => (
              <li key={f.id} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
                <FilingLine f={f} compact={compact} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
