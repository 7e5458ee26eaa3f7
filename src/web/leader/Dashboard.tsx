/**
 * 领导驾驶舱: the period's volumes, where requests come from and what they are about, how far they
 * have got, the units' on-time and satisfaction rates and the week's hot words (GET /api/dashboard,
 * read from the statistics rollups: every count is of the cases registered in the period).
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Empty, Radio, Row, Space, Spin, Statistic, Table, Typography } from 'antd';
import { get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { TAG, channelLabel, kindLabel } from '../shared/format';
import { Panel } from '../shared/ui';
import { pct } from '../shared/metrics';
import type { Channel, Kind } from '../../core/enums';
import { Chart, PALETTE, type ChartOption } from '../shared/Chart';

interface Rates {
  onTimeRate: number | null;
  satisfactionRate: number | null;
}
interface UnitRow extends Rates {
  unit: { id: string; code: string; name: string };
  received: number;
  replied: number;
  onTime: number;
  callbacks: number;
  satisfied: number;
  overdue: number;
}
export interface DashboardData {
  days: number;
  from: string;
  to: string;
  daily: { date: string; received: number; closed: number }[];
  byChannel: { channel: Channel; count: number }[];
  byKind: { kind: Kind; count: number }[];
  byCategory: { code: string; name: string; count: number }[];
  byDistrict: { code: string; name: string | null; count: number }[];
  totals: Rates & { received: number; closed: number; open: number; dispatched: number; replied: number; onTime: number; callbacks: number; satisfied: number; overdue: number };
  units: UnitRow[];
  hotWords: { word: string; count: number }[];
  /** Where the period's cases stand now: progress buckets, not case states. */
  states: { state: Progress; count: number }[];
}

type Progress = 'registered' | 'handling' | 'replied' | 'closed';
const PROGRESS_LABELS: Record<Progress, [string, string]> = {
  registered: ['待派单', 'Awaiting dispatch'],
  handling: ['办理中', 'With a unit'],
  replied: ['已反馈未办结', 'Replied, not closed'],
  closed: ['已办结', 'Closed'],
};

const PERIODS = [7, 30, 90] as const;

/** 东城区人民政府 → 东城区: the district's name as people say it. */
const shortName = (name: string) => name.replace(/人民政府$/, '');

/** A horizontal bar chart of names and counts, largest on top. */
function barOption(rows: { name: string; value: number }[], seriesName: string, color = PALETTE[0]): ChartOption {
  const r = [...rows].reverse();
  return {
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: r.map((x) => x.name), axisLabel: { width: 110, overflow: 'truncate', interval: 0, fontSize: rows.length > 12 ? 11 : 12 } },
    series: [{ type: 'bar', name: seriesName, data: r.map((x) => x.value), itemStyle: { color }, label: { show: true, position: 'right' }, barMaxWidth: 18 }],
  };
}

export function Dashboard() {
  const { lang, t } = useLang();
  const [days, setDays] = useState<number>(30);
  const { data, error, loading, reload } = useAsync(() => get<DashboardData>(`/api/dashboard?days=${days}`), [days]);

  const charts = useMemo(() => {
    if (!data) return null;
    const received = t('受理', 'Received');
    const closed = t('其中已办结', 'Of which closed');
    const trend: ChartOption = {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [received, closed] },
      xAxis: { type: 'category', boundaryGap: false, data: data.daily.map((d) => d.date.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'line', name: received, data: data.daily.map((d) => d.received), showSymbol: data.days <= 30, areaStyle: { opacity: 0.12 } },
        { type: 'line', name: closed, data: data.daily.map((d) => d.closed), showSymbol: data.days <= 30 },
      ],
    };
    // the legend names every slice with its count; labels around a small pie would collide
    const pie = (rows: { name: string; value: number }[], name: string): ChartOption => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle', itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 }, formatter: (n: string) => `${n}  ${rows.find((r) => r.name === n)?.value ?? ''}` },
      series: [{ type: 'pie', name, radius: ['34%', '60%'], center: ['28%', '50%'], data: rows, label: { show: false }, labelLine: { show: false } }],
    });
    const onTime = t('按时反馈率', 'On-time rate');
    const satisfied = t('满意率', 'Satisfaction');
    const units = [...data.units].reverse();
    const rates: ChartOption = {
      grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
      legend: { top: 0, data: [onTime, satisfied] },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: units.map((u) => shortName(u.unit.name)), axisLabel: { width: 120, overflow: 'truncate' } },
      series: [
        { type: 'bar', name: onTime, data: units.map((u) => (u.onTimeRate === null ? null : +(u.onTimeRate * 100).toFixed(1))), itemStyle: { color: PALETTE[1] }, barMaxWidth: 10 },
        { type: 'bar', name: satisfied, data: units.map((u) => (u.satisfactionRate === null ? null : +(u.satisfactionRate * 100).toFixed(1))), itemStyle: { color: PALETTE[3] }, barMaxWidth: 10 },
      ],
    };
    return {
      trend,
      channel: pie(data.byChannel.map((c) => ({ name: channelLabel(c.channel, lang), value: c.count })), t('渠道', 'Channel')),
      kind: pie(data.byKind.map((k) => ({ name: kindLabel(k.kind, lang), value: k.count })), t('类型', 'Kind')),
      category: barOption(data.byCategory.map((c) => ({ name: c.name, value: c.count })), t('诉求量', 'Cases')),
      district: barOption(data.byDistrict.map((d) => ({ name: d.code === 'unknown' ? t('未知', 'Unknown') : shortName(d.name ?? d.code), value: d.count })), t('诉求量', 'Cases'), PALETTE[1]),
      hot: barOption(data.hotWords.map((h) => ({ name: h.word, value: h.count })), t('出现次数', 'Titles'), PALETTE[2]),
      rates,
    };
  }, [data, lang, t]);

  const periodLabel = t(`近 ${days} 天`, `last ${days} days`);
  const tot = data?.totals;
  const kpis: [string, ReactNode, string?][] = tot
    ? [
        [t('受理量', 'Received'), tot.received],
        [t('办结量', 'Closed'), tot.closed],
        [t('未办结（本期受理）', 'Not closed yet'), tot.open],
        [t('按时反馈率', 'On-time replies'), pct(tot.onTimeRate), t(`${tot.onTime}/${tot.replied} 件按时`, `${tot.onTime} of ${tot.replied} on time`)],
        [t('满意率', 'Satisfaction'), pct(tot.satisfactionRate), t(`${tot.callbacks} 件已评价（按满意度权重）`, `${tot.callbacks} rated (weighted by level)`)],
        [t('超期', 'Overdue'), tot.overdue, t('超期记录', 'overdue records')],
      ]
    : [];
  // the three bar charts side by side share the height the 20 hot words need
  const barHeight = Math.max(280, (data?.hotWords.length ?? 0) * 16 + 20);
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无数据', 'No data')} />;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 16, flexWrap: 'wrap' }}>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('领导驾驶舱', 'Leader dashboard')}
        </Typography.Title>
        <Radio.Group
          aria-label={t('统计周期', 'Period')}
          optionType="button"
          buttonStyle="solid"
          value={days} onChange={(e) => setDays(e.target.value as number)} options={PERIODS.map((d) => ({ value: d, label: t(`近${d}天`, `${d} days`) }))}
        />
        <Button onClick={reload} loading={loading}>
          {t('刷新', 'Refresh')}
        </Button>
        {data && (
          <Typography.Text type="secondary">
            {t(`统计区间：${data.daily[0]?.date} 至 ${data.daily.at(-1)?.date}（北京时间）`, `${data.daily[0]?.date} to ${data.daily.at(-1)?.date} (Beijing time)`)}
          </Typography.Text>
        )}
      </div>
      {error && <Alert type="error" title={error.message} showIcon />}
      {!data && loading && <Spin />}
      {data && charts && (
        <>
          <Row gutter={[12, 12]}>
            {kpis.map(([title, value, note]) => (
              <Col key={title} xs={12} md={8} xl={4}>
                <Card size="small">
                  <Statistic title={title} value={value as string | number} />
                  {note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{note}</Typography.Text>}
                </Card>
              </Col>
            ))}
          </Row>
          <ProgressBar states={data.states} />
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <Panel title={t(`每日受理及其中已办结（${periodLabel}）`, `Received per day, and of those closed by now (${periodLabel})`)}>
                <Chart option={charts.trend} label={t('每日受理量及当日受理诉求中至今已办结件数的折线图', 'Line chart of the cases received each day and how many of them are closed by now')} />
              </Panel>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Panel title={t('来源渠道', 'By channel')}>{data.byChannel.length ? <Chart option={charts.channel} label={t('按渠道分布饼图', 'Pie chart of cases by channel')} /> : empty}</Panel>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Panel title={t('诉求类型', 'By kind')}>{data.byKind.length ? <Chart option={charts.kind} label={t('按诉求类型分布饼图', 'Pie chart of cases by kind')} /> : empty}</Panel>
            </Col>
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} md={8}>
              <Panel title={t('诉求分类（前 10）', 'Top 10 categories')}>{data.byCategory.length ? <Chart option={charts.category} label={t('按一级分类的诉求量条形图', 'Bar chart of cases by top-level category')} height={barHeight} /> : empty}</Panel>
            </Col>
            <Col xs={24} md={8}>
              <Panel title={t('区县分布', 'By district')}>{data.byDistrict.length ? <Chart option={charts.district} label={t('按区县的诉求量条形图', 'Bar chart of cases by district')} height={barHeight} /> : empty}</Panel>
            </Col>
            <Col xs={24} md={8}>
              <Panel title={t('近 7 天热词', 'Hot words, last 7 days')}>{data.hotWords.length ? <Chart option={charts.hot} label={t('近 7 天诉求标题热词条形图', 'Bar chart of the most frequent words in titles of the last 7 days')} height={barHeight} /> : empty}</Panel>
            </Col>
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={14}>
              <Panel title={t('承办单位（按承办量前 15）', 'Units (top 15 by cases received)')}>
                <UnitTable units={data.units} />
              </Panel>
            </Col>
            <Col xs={24} xl={10}>
              <Panel title={t('单位按时反馈率与满意率', 'Units’ on-time and satisfaction rates')}>
                {data.units.length ? <Chart option={charts.rates} label={t('各单位按时反馈率与满意率条形图', 'Bar chart of each unit’s on-time and satisfaction rates')} height={Math.max(240, data.units.length * 26 + 50)} /> : empty}
              </Panel>
            </Col>
          </Row>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(
              '口径：所有数字均按本期登记的诉求及其当前结果统计（见“统计分析”的指标说明）。“其中已办结”为当日登记的诉求中至今已办结的件数；单位承办量为本期登记、现由该单位主办的件数，按时反馈率为其中每次反馈均在期限内的比例；满意率按各满意度等级的权重（管理员设置）计算。',
              'Definitions: every figure counts the cases registered in the period with their current outcome (see the metric notes on the Statistics screen). “Of which closed”: of the cases registered that day, those closed by now; a unit’s cases are the period’s cases it now leads, its on-time rate the share whose every reply came before its due time; the satisfaction rate weights each level as the admins set.',
            )}
          </Typography.Text>
        </>
      )}
    </Space>
  );
}

function UnitTable({ units }: { units: UnitRow[] }) {
  const { t } = useLang();
  const rate = (r: number | null) => <span style={{ color: r === null ? undefined : r < 0.8 ? '#c0392b' : r < 0.9 ? '#874d00' : '#237804' }}>{pct(r)}</span>;
  return (
    <Table<UnitRow>
      size="small"
      rowKey={(u) => u.unit.id}
      dataSource={units}
      pagination={false}
      columns={[
        { title: t('单位', 'Unit'), dataIndex: ['unit', 'name'], ellipsis: true },
        { title: t('承办', 'Cases'), dataIndex: 'received', width: 78, align: 'right', sorter: (a, b) => a.received - b.received },
        { title: t('已反馈', 'Replied'), dataIndex: 'replied', width: 88, align: 'right', sorter: (a, b) => a.replied - b.replied },
        { title: t('按时率', 'On time'), dataIndex: 'onTimeRate', width: 92, align: 'right', render: rate, sorter: (a, b) => (a.onTimeRate ?? -1) - (b.onTimeRate ?? -1) },
        { title: t('满意率', 'Satisfied'), dataIndex: 'satisfactionRate', width: 100, align: 'right', render: rate, sorter: (a, b) => (a.satisfactionRate ?? -1) - (b.satisfactionRate ?? -1) },
        { title: t('超期', 'Overdue'), dataIndex: 'overdue', width: 92, align: 'right', sorter: (a, b) => a.overdue - b.overdue },
      ]}
    />
  );
}

/** How far the period's cases have got: one stacked bar, its figures in words beside it. */
function ProgressBar({ states }: { states: DashboardData['states'] }) {
  const { lang, t } = useLang();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 28, bottom: 0, containLabel: true },
      tooltip: { trigger: 'item', formatter: '{a}: {c}' },
      legend: { top: 0, left: 0, data: states.map((s) => PROGRESS_LABELS[s.state][lang === 'en' ? 1 : 0]) },
      xAxis: { type: 'value', show: false, max: Math.max(1, states.reduce((n, s) => n + s.count, 0)) },
      yAxis: { type: 'category', show: false, data: [''] },
      series: states.map((s, i) => ({
        type: 'bar',
        stack: 'all',
        name: PROGRESS_LABELS[s.state][lang === 'en' ? 1 : 0],
        data: [s.count],
        barWidth: 22,
        itemStyle: { color: [TAG.amber, TAG.blue, TAG.purple, TAG.green][i] },
        label: { show: s.count > 0, color: '#fff', formatter: '{c}' },
      })),
    }),
    [states, lang],
  );
  if (!states.length) return null;
  const words = states.map((s) => `${PROGRESS_LABELS[s.state][lang === 'en' ? 1 : 0]} ${s.count}`).join(lang === 'en' ? ', ' : '，');
  return (
    <Panel title={t('本期诉求办理进度', 'How far the period’s cases have got')}>
      <Chart option={option} height={64} label={t(`本期诉求办理进度堆叠条形图：${words}`, `Stacked bar of the period’s cases by progress: ${words}`)} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {words}
      </Typography.Text>
    </Panel>
  );
}
