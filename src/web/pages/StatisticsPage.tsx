/**
 * 统计分析 (issue #8 §1–2, DOMAIN.md §9): the counters and rates of docs/metrics.md for a period,
 * by unit, district, category, channel or kind, and over time (GET /api/stats). For leaders,
 * supervisors, admins and dispatchers; loaded lazily with ECharts.
 */
import { useMemo, useState } from 'react';
import { Alert, Card, Col, DatePicker, Empty, Radio, Row, Select, Space, Spin, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { get, qs } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { PageTitle, Panel } from '../shared/ui';
import { channelLabel, kindLabel } from '../shared/format';
import { Chart, PALETTE, type ChartOption } from '../shared/Chart';
import { MetricHelp, MetricsGlossary, RATE_KEYS, RateTitle, pct, pctValue, rateBasis, rateLabel, type Rate, type StatsRow } from '../shared/metrics';
import { PRESETS, PRESET_LABELS, bucketLabel, periodKeys, presetRange, shanghaiToday, type Granularity, type Preset } from '../shared/periods';
import { addCounters, ratesOf, zeroCounters, type SatisfactionWeights } from '../../core/metrics';
import type { Channel, Kind } from '../../core/enums';
import { ExportCsvButton, StatsTable, downloadText, statsCsv } from './StatsTable';

type By = 'unit' | 'district' | 'category' | 'channel' | 'kind';
const BYS: [By, string, string][] = [
  ['unit', '承办单位', 'Unit'],
  ['district', '区县', 'District'],
  ['category', '分类', 'Category'],
  ['channel', '渠道', 'Channel'],
  ['kind', '类型', 'Kind'],
];
const GRANULARITIES: [Granularity, string, string][] = [
  ['day', '按日', 'By day'],
  ['week', '按周', 'By week'],
  ['month', '按月', 'By month'],
];
/** How many rows the bar charts draw (the table has them all). */
const CHART_ROWS = 20;
/** The rates on the KPI cards; the table has all ten. */
const KPI_RATES: Rate[] = ['firstContactRate', 'feedbackRate', 'onTimeRate', 'completionRate', 'satisfactionRate', 'responseRate', 'resolutionRate'];

interface StatsAnswer {
  from: string;
  to: string;
  by: string;
  total: { counters: StatsRow['counters']; rates: StatsRow['rates'] };
  rows: StatsRow[];
}

/** 江北区人民政府 → 江北区: a district as people say it. */
const shortName = (name: string) => name.replace(/人民政府$/, '');

function granularityFor(from: string, to: string): Granularity {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  return days <= 45 ? 'day' : days <= 180 ? 'week' : 'month';
}

/** `ownUnit`: a unit leader's view — the server answers only the own unit (and those below it), by unit or period. */
export function StatisticsPage({ ownUnit = false }: { ownUnit?: boolean } = {}) {
  const { lang, t } = useLang();
  const today = useMemo(() => shanghaiToday(), []);
  const [preset, setPreset] = useState<Preset | 'custom'>('30d');
  const [range, setRange] = useState(() => presetRange('30d', today));
  const [by, setBy] = useState<By>('unit');
  const [granularity, setGranularity] = useState<Granularity>('day');
  const [rate, setRate] = useState<Rate>('completionRate');
  const { from, to } = range;

  const breakdown = useAsync(() => get<StatsAnswer>(`/api/stats${qs({ by, from, to })}`), [by, from, to]);
  const series = useAsync(() => get<StatsAnswer>(`/api/stats${qs({ by: 'period', granularity, from, to })}`), [granularity, from, to]);
  // the channel breakdown comes as channel × kind; its rates are recomputed per channel with the centre's weights
  const settings = useAsync(() => get<{ satisfactionWeights: SatisfactionWeights }>('/api/policy-settings'), []);

  const choosePreset = (p: Preset) => {
    const r = presetRange(p, today);
    setPreset(p);
    setRange(r);
    setGranularity(granularityFor(r.from, r.to));
  };

  const rows = useMemo<StatsRow[]>(() => {
    const data = breakdown.data;
    if (!data || data.by !== by) return [];
    if (by === 'channel') {
      const weights = settings.data?.satisfactionWeights;
      const sums = new Map<string, StatsRow['counters']>();
      for (const r of data.rows) {
        const channel = r.key.split('/')[0]!;
        sums.set(channel, addCounters(sums.get(channel) ?? zeroCounters(), r.counters));
      }
      return [...sums]
        .map(([key, counters]) => ({ key, label: channelLabel(key as Channel, lang), counters, rates: ratesOf(counters, weights) }))
        .sort((a, b) => b.counters.received - a.counters.received);
    }
    if (by === 'kind') return data.rows.map((r) => ({ ...r, label: kindLabel(r.key as Kind, lang) }));
    if (by === 'district') return data.rows.map((r) => ({ ...r, label: shortName(r.label) }));
    return data.rows;
  }, [breakdown.data, by, lang, settings.data]);

  const periodRows = useMemo(() => {
    const data = series.data;
    if (!data) return [];
    const got = new Map(data.rows.map((r) => [r.key, r]));
    return periodKeys(granularity, data.from, data.to).map((key) => got.get(key) ?? { key, label: key, counters: zeroCounters(), rates: ratesOf(zeroCounters()) });
  }, [series.data, granularity]);

  const byName = t(...(BYS.find((b) => b[0] === by)!.slice(1) as [string, string]));
  const rName = rateLabel(rate, lang);
  const total: StatsRow | null = breakdown.data ? { key: 'total', label: t('合计', 'Total'), ...breakdown.data.total } : null;

  const charts = useMemo(() => {
    const top = rows.slice(0, CHART_ROWS);
    const volume = [...top].reverse();
    const rated = top.filter((r) => r.rates[rate] !== null).sort((a, b) => (a.rates[rate] ?? 0) - (b.rates[rate] ?? 0));
    const received = t('受理量', 'Received');
    const closed = t('办结', 'Closed');
    const hbar = (names: string[], values: (number | null)[], name: string, color: string, percent: boolean): ChartOption => ({
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? (percent ? `${v}%` : String(v)) : '—') },
      xAxis: percent ? { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } } : { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: names, axisLabel: { width: 130, overflow: 'truncate', interval: 0 } },
      series: [{ type: 'bar', name, data: values, itemStyle: { color }, barMaxWidth: 16, label: { show: true, position: 'right', formatter: percent ? '{c}%' : '{c}' } }],
    });
    const trend: ChartOption = {
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [received, closed, rName] },
      xAxis: { type: 'category', data: periodRows.map((r) => bucketLabel(granularity, r.key, lang)) },
      yAxis: [
        { type: 'value', minInterval: 1, name: t('件', 'cases') },
        { type: 'value', max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: received, data: periodRows.map((r) => r.counters.received), itemStyle: { color: PALETTE[1] }, barMaxWidth: 18 },
        { type: 'bar', name: closed, data: periodRows.map((r) => r.counters.closed), itemStyle: { color: PALETTE[3] }, barMaxWidth: 18 },
        { type: 'line', name: rName, yAxisIndex: 1, data: periodRows.map((r) => pctValue(r.rates[rate])), itemStyle: { color: PALETTE[0] }, connectNulls: true, tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') } },
      ],
    };
    return {
      volume: hbar(volume.map((r) => r.label), volume.map((r) => r.counters.received), received, PALETTE[1]!, false),
      rate: hbar(rated.map((r) => r.label), rated.map((r) => pctValue(r.rates[rate])), rName, PALETTE[0]!, true),
      rated: rated.length,
      trend,
      shown: top.length,
    };
  }, [rows, periodRows, rate, rName, granularity, lang, t]);

  const empty = breakdown.loading || series.loading ? <Spin /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('本期暂无数据', 'No data for the period')} />;
  const barHeight = Math.max(160, charts.shown * 24 + 30);
  const topNote = rows.length > CHART_ROWS ? t(`（受理量前 ${CHART_ROWS}）`, ` (top ${CHART_ROWS} by received)`) : '';
  const exportCsv = () => downloadText(statsCsv(rows, total, byName, lang), `${t('统计分析', 'statistics')}_${byName}_${from}_${to}.csv`);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <PageTitle>{t('统计分析', 'Statistics')}</PageTitle>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }} role="group" aria-label={t('统计条件', 'What to count')}>
        <Radio.Group
          aria-label={t('统计期间', 'Period')}
          optionType="button"
          buttonStyle="solid"
          value={preset}
          onChange={(e) => (e.target.value === 'custom' ? setPreset('custom') : choosePreset(e.target.value as Preset))}
          options={[...PRESETS.map((p) => ({ value: p, label: t(...PRESET_LABELS[p]) })), { value: 'custom', label: t('自定义', 'Custom') }]}
        />
        <DatePicker.RangePicker
          aria-label={t('起止日期', 'From and to')}
          allowClear={false}
          value={[dayjs(from), dayjs(to)]}
          disabledDate={(d) => d.format('YYYY-MM-DD') > today}
          onChange={(v) => {
            if (!v?.[0] || !v[1]) return;
            const r = { from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') };
            setPreset('custom');
            setRange(r);
            setGranularity(granularityFor(r.from, r.to));
          }}
        />
        <Typography.Text type="secondary">{t('按登记日（北京时间）统计', 'By registration day (Beijing time)')}</Typography.Text>
      </div>
      {breakdown.error && <Alert type="error" title={breakdown.error.message} showIcon />}
      {total && <Kpis total={total} />}
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        {!ownUnit && (
          <>
            <span id="stats-by">{t('分组', 'Break down by')}</span>
            <Radio.Group aria-labelledby="stats-by" optionType="button" value={by} onChange={(e) => setBy(e.target.value as By)} options={BYS.map(([v, zh, en]) => ({ value: v, label: t(zh, en) }))} />
          </>
        )}
        <span id="stats-rate">{t('图示比率', 'Rate to chart')}</span>
        <Select aria-labelledby="stats-rate" value={rate} onChange={setRate} style={{ width: 170 }} options={RATE_KEYS.map((r) => ({ value: r, label: rateLabel(r, lang) }))} />
      </div>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Panel title={t(`各${byName}受理量${topNote}`, `Received by ${byName.toLowerCase()}${topNote}`)}>
            {rows.length ? <Chart option={charts.volume} height={barHeight} label={t(`各${byName}受理量条形图`, `Bar chart of cases received by ${byName.toLowerCase()}`)} /> : empty}
          </Panel>
        </Col>
        <Col xs={24} xl={12}>
          <Panel title={t(`各${byName}${rName}${topNote}`, `${rName} by ${byName.toLowerCase()}${topNote}`)} extra={<MetricHelp rate={rate} />}>
            {charts.rated ? <Chart option={charts.rate} height={barHeight} label={t(`各${byName}${rName}条形图，由高到低`, `Bar chart of the ${rName.toLowerCase()} by ${byName.toLowerCase()}, highest on top`)} /> : empty}
          </Panel>
        </Col>
      </Row>
      <Panel
        title={t(`受理、办结与${rName}趋势`, `Received, closed and ${rName.toLowerCase()} over time`)}
        extra={<Radio.Group size="small" aria-label={t('时间粒度', 'Period length')} optionType="button" value={granularity} onChange={(e) => setGranularity(e.target.value as Granularity)} options={GRANULARITIES.map(([v, zh, en]) => ({ value: v, label: t(zh, en) }))} />}
      >
        {series.error && <Alert type="error" title={series.error.message} showIcon />}
        {periodRows.length ? <Chart option={charts.trend} label={t(`按${granularity === 'day' ? '日' : granularity === 'week' ? '周' : '月'}的受理量、办结量柱状图与${rName}折线图`, `Bars of cases received and closed and a line of the ${rName.toLowerCase()} per ${granularity}`)} /> : empty}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('“办结”为该期登记的诉求中至今已办结的件数；近期数据会随办理进展继续变化。', '“Closed”: of the cases registered in that period, those closed by now; recent periods keep changing as cases are handled.')}
        </Typography.Text>
      </Panel>
      <Panel title={t(`各${byName}明细`, `By ${byName.toLowerCase()}`)} extra={
          <Space>
            <MetricsGlossary />
            <ExportCsvButton onClick={exportCsv} disabled={!rows.length} />
          </Space>
        }
      >
        <StatsTable rows={rows} total={total} nameTitle={byName} loading={breakdown.loading} />
      </Panel>
    </Space>
  );
}

function Kpis({ total }: { total: StatsRow }) {
  const { lang, t } = useLang();
  const c = total.counters;
  return (
    <Row gutter={[8, 8]}>
      <Col xs={12} md={6} xl={3}>
        <Card size="small">
          <Statistic title={t('受理量', 'Received')} value={c.received} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`交办 ${c.dispatched} · 办结 ${c.closed}`, `${c.dispatched} dispatched · ${c.closed} closed`)}
          </Typography.Text>
        </Card>
      </Col>
      {KPI_RATES.map((r) => (
        <Col key={r} xs={12} md={6} xl={3}>
          <Card size="small">
            <Statistic title={<RateTitle rate={r} />} value={pct(total.rates[r])} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {rateBasis(r, c, lang)}
            </Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
