/**
 * 公开数据 — the regular publication of volumes and results by kind and the satisfaction rate
 * (DOMAIN.md §9, S4 §3.3), a selection of replies to closed cases, and the 热线联动 column of the
 * cases reported with the newspaper and broadcaster (S4 annex 6), without personal data.
 */
import { useState } from 'react';
import { Alert, Empty, Segmented, Spin, Table, Tag, Typography } from 'antd';
import { get, qs } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { kindLabel } from '../shared/format';
import type { Kind } from '../../core/enums';
import type { PublicReply, PublicStats } from './portal-api';
import { Page, Section } from './Page';

const PERIODS = [3, 6, 12] as const;
const BAR_RECEIVED = '#c0392b';
const BAR_CLOSED = '#52c41a';

const card = { background: '#fff', border: '1px solid #e3e3e3', borderRadius: 8, padding: 16 } as const;

export function StatsPage() {
  const { t } = useLang();
  const [months, setMonths] = useState<number>(6);
  const stats = useAsync(() => get<PublicStats>(`/api/public/stats${qs({ months })}`), [months]);
  const replies = useAsync(() => get<{ items: PublicReply[] }>(`/api/public/replies${qs({ limit: 10 })}`), []);
  const linked = useAsync(() => get<{ items: PublicReply[] }>(`/api/public/replies${qs({ limit: 10, linked: true })}`), []);
  return (
    <Page title={t('公开数据', 'Public data')}>
      <div role="group" aria-label={t('统计周期', 'Period')} style={{ marginBottom: 16 }}>
        <span style={{ marginRight: 8 }}>{t('统计周期', 'Period')}</span>
        <Segmented
          value={months}
          onChange={(v) => setMonths(Number(v))}
          options={PERIODS.map((m) => ({ value: m, label: t(`近 ${m} 个月`, `${m} months`) }))}
        />
      </div>
      {stats.error && <Alert type="error" showIcon title={stats.error.message} />}
      {stats.loading && !stats.data && <Spin />}
      {stats.data && <Figures s={stats.data} />}

      <Section title={t('办理回复选登', 'Selected replies')}>
        {replies.error && <Alert type="error" showIcon title={replies.error.message} />}
        {replies.data && (replies.data.items.length === 0 ? <Empty description={t('暂无公开的办理回复', 'No published replies yet')} /> : <Replies items={replies.data.items} />)}
      </Section>

      <Section title={t('热线联动', 'Hotline and media')}>
        <p style={{ color: '#555', marginTop: 0 }}>
          {t('市民通过报纸、电台等媒体热线反映、由 12345 热线联动有关部门办理的诉求及其答复。', 'Requests raised through the newspaper’s and broadcaster’s hotlines and handled with the departments through 12345, with their replies.')}
        </p>
        {linked.error && <Alert type="error" showIcon title={linked.error.message} />}
        {linked.data && (linked.data.items.length === 0 ? <Empty description={t('暂无热线联动的办理回复', 'No media-linked replies yet')} /> : <Replies items={linked.data.items} />)}
      </Section>
    </Page>
  );
}

const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

function Figures({ s }: { s: PublicStats }) {
  const { lang, t } = useLang();
  const period = s.months.length ? `${s.months[0]} — ${s.months[s.months.length - 1]}` : '';
  const max = Math.max(1, ...s.totals.byKind.map((k) => Math.max(k.received, k.closed)));
  return (
    <>
      <p style={{ color: '#555' }}>{t(`统计期间：${period}（北京时间，含本月）`, `Period: ${period} (Beijing time, this month included)`)}</p>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(100px, 1fr))', gap: 8 }}>
        <Figure label={t('受理总量', 'Received')} value={String(s.totals.received)} unit={t('件', '')} />
        <Figure label={t('办结总量', 'Closed')} value={String(s.totals.closed)} unit={t('件', '')} />
        <Figure label={t('满意率', 'Satisfaction rate')} value={pct(s.satisfaction.rate)} note={t(`${s.satisfaction.rated} 件办结诉求参与评价`, `${s.satisfaction.rated} closed cases rated`)} />
      </div>
      <p style={{ color: '#595959', fontSize: 13, marginTop: 8 }}>
        {t('满意率 = 评价为非常满意、满意、基本满意的件数 ÷ 参与评价的办结件数。', 'Satisfaction rate = cases rated very satisfied, satisfied or basically satisfied ÷ closed cases rated.')}
      </p>

      <Section title={t('按诉求类型', 'By kind')}>
        <div style={card}>
          <p style={{ margin: '0 0 8px', fontSize: 13, color: '#555' }}>
            <Swatch color={BAR_RECEIVED} /> {t('受理', 'Received')} <Swatch color={BAR_CLOSED} /> {t('办结', 'Closed')}
          </p>
          {s.totals.byKind.length === 0 && <Empty description={t('本期暂无数据', 'Nothing in this period')} />}
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {s.totals.byKind.map((k) => (
              <li key={k.kind} style={{ padding: '6px 0' }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <strong>{kindLabel(k.kind, lang)}</strong>
                  <span>{t(`受理 ${k.received} 件 · 办结 ${k.closed} 件`, `received ${k.received} · closed ${k.closed}`)}</span>
                </div>
                <Bar value={k.received} max={max} color={BAR_RECEIVED} />
                <Bar value={k.closed} max={max} color={BAR_CLOSED} />
              </li>
            ))}
          </ul>
        </div>
      </Section>

      <Section title={t('按月份', 'By month')}>
        <MonthTable s={s} />
      </Section>
    </>
  );
}

function Figure({ label, value, unit, note }: { label: string; value: string; unit?: string; note?: string }) {
  return (
    <div style={card}>
      <div style={{ color: '#555' }}>{label}</div>
      <div style={{ fontSize: 28, fontWeight: 700, color: '#a93226' }}>
        {value}
        {unit && <span style={{ fontSize: 14, marginLeft: 4, color: '#555', fontWeight: 400 }}>{unit}</span>}
      </div>
      {note && <div style={{ color: '#595959', fontSize: 12 }}>{note}</div>}
    </div>
  );
}

/** A bar that only illustrates the number written next to it. */
function Bar({ value, max, color }: { value: number; max: number; color: string }) {
  return (
    <div aria-hidden style={{ height: 8, background: '#f0f0f0', borderRadius: 4, marginTop: 4 }}>
      <div style={{ width: `${(value / max) * 100}%`, minWidth: value > 0 ? 4 : 0, height: '100%', background: color, borderRadius: 4 }} />
    </div>
  );
}

function Swatch({ color }: { color: string }) {
  return <span aria-hidden style={{ display: 'inline-block', width: 10, height: 10, background: color, borderRadius: 2, marginLeft: 8 }} />;
}

interface MonthRow {
  key: string;
  month: string;
  kind: Kind | null;
  received: number;
  closed: number;
  /** rows of this month, on its first row; 0 on the others (the month cell spans them) */
  span: number;
}

function MonthTable({ s }: { s: PublicStats }) {
  const { lang, t } = useLang();
  const rows: MonthRow[] = [];
  for (const month of [...s.months].reverse()) {
    const of = s.rows.filter((r) => r.month === month);
    if (of.length === 0) rows.push({ key: month, month, kind: null, received: 0, closed: 0, span: 1 });
    of.forEach((r, i) => rows.push({ key: `${month}-${r.kind}`, month, kind: r.kind, received: r.received, closed: r.closed, span: i === 0 ? of.length : 0 }));
  }
  return (
    <Table<MonthRow>
      size="small"
      pagination={false}
      dataSource={rows}
      bordered
      columns={[
        { title: t('月份', 'Month'), dataIndex: 'month', onCell: (r) => ({ rowSpan: r.span }) },
        { title: t('诉求类型', 'Kind'), dataIndex: 'kind', render: (k: Kind | null) => (k ? kindLabel(k, lang) : '—') },
        { title: t('受理', 'Received'), dataIndex: 'received', align: 'right' },
        { title: t('办结', 'Closed'), dataIndex: 'closed', align: 'right' },
      ]}
    />
  );
}

function Replies({ items }: { items: PublicReply[] }) {
  const { lang, t } = useLang();
  return (
    <ol style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 12 }}>
      {items.map((r, i) => (
        <li key={i}>
          <article style={card}>
            <Typography.Title level={3} style={{ fontSize: 16, overflowWrap: 'anywhere' }}>
              {r.title}
            </Typography.Title>
            <div style={{ color: '#666', fontSize: 13, marginBottom: 8 }}>
              <Tag>{kindLabel(r.kind, lang)}</Tag>
              {r.leadUnit && <span>{t(`承办单位：${r.leadUnit}`, `Handled by ${r.leadUnit}`)} · </span>}
              <span>{t(`办结于 ${r.closedOn}`, `closed ${r.closedOn}`)}</span>
            </div>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              <strong>{t('答复：', 'Reply: ')}</strong>
              {r.reply}
            </Typography.Paragraph>
          </article>
        </li>
      ))}
    </ol>
  );
}
