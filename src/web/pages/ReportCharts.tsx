/**
 * A report's charts: cases received and closed over the period, by channel, kind, hour of day
 * (the monthly consultation's 时段分布, S4 annex 5), category and district, and the units' rates.
 */
import { useMemo } from 'react';
import { Col, Empty, Row } from 'antd';
import { useLang } from '../shared/i18n';
import { channelLabel, kindLabel } from '../shared/format';
import { Panel } from '../shared/ui';
import { Chart, PALETTE, type ChartOption } from '../shared/Chart';
import { pctValue, rateLabel, type Rate, type StatsRow } from '../shared/metrics';
import { bucketLabel, periodKeys } from '../shared/periods';
import type { Channel, Kind } from '../../core/enums';
import { REPORT_SERIES_GRANULARITY, type ReportData } from '../../core/report-data';

const UNIT_RATES: Rate[] = ['completionRate', 'onTimeRate', 'satisfactionRate'];
const UNITS_CHARTED = 15;

/** 江北区人民政府 → 江北区 */
const shortName = (name: string) => name.replace(/人民政府$/, '');

function hbar(rows: { name: string; value: number }[], seriesName: string, color: string): ChartOption {
  const r = [...rows].reverse();
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: r.map((x) => x.name), axisLabel: { width: 110, overflow: 'truncate', interval: 0 } },
    series: [{ type: 'bar', name: seriesName, data: r.map((x) => x.value), itemStyle: { color }, barMaxWidth: 16, label: { show: true, position: 'right' } }],
  };
}

function pie(rows: { name: string; value: number }[], name: string): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle', itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 }, formatter: (n: string) => `${n}  ${rows.find((r) => r.name === n)?.value ?? ''}` },
    series: [{ type: 'pie', name, radius: ['34%', '60%'], center: ['28%', '50%'], data: rows, label: { show: false }, labelLine: { show: false } }],
  };
}

/** Channel × kind rows summed per channel. */
function perChannel(rows: StatsRow[]): { key: string; value: number }[] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.key.split('/')[0]!, (m.get(r.key.split('/')[0]!) ?? 0) + r.counters.received);
  return [...m].map(([key, value]) => ({ key, value })).sort((a, b) => b.value - a.value);
}

export function ReportCharts({ d }: { d: ReportData }) {
  const { lang, t } = useLang();
  const cases = t('诉求量', 'Cases');
  const o = useMemo(() => {
    const received = t('受理', 'Received');
    const closed = t('其中已办结', 'Of which closed');
    const g = REPORT_SERIES_GRANULARITY[d.kind];
    // periods without cases are zero, not gaps
    const got = new Map(d.series.map((s) => [s.key, s]));
    const series = periodKeys(g, d.from, d.to).map((key) => got.get(key) ?? { key, received: 0, closed: 0 });
    return {
      series: {
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [received, closed] },
        xAxis: { type: 'category', data: series.map((s) => bucketLabel(g, s.key, lang)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { type: 'line', name: received, data: series.map((s) => s.received), areaStyle: { opacity: 0.12 } },
          { type: 'line', name: closed, data: series.map((s) => s.closed) },
        ],
      } as ChartOption,
      channel: pie(perChannel(d.byChannel).map((c) => ({ name: channelLabel(c.key as Channel, lang), value: c.value })), t('渠道', 'Channel')),
      kind: pie(d.byKind.map((k) => ({ name: kindLabel(k.key as Kind, lang), value: k.counters.received })), t('类型', 'Kind')),
      hours: {
        grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'category', data: d.hourOfDay.map((_, h) => `${h}`), name: t('时', 'h'), axisLabel: { interval: 1 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', name: cases, data: d.hourOfDay, itemStyle: { color: PALETTE[4] }, barMaxWidth: 16 }],
      } as ChartOption,
      category: hbar(d.byCategory.map((c) => ({ name: c.label, value: c.counters.received })), cases, PALETTE[0]!),
      district: hbar(d.byDistrict.map((c) => ({ name: shortName(c.label), value: c.counters.received })), cases, PALETTE[1]!),
    };
  }, [d, lang, t, cases]);
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('本期暂无数据', 'No data')} />;
  const barHeight = Math.max(220, Math.max(d.byCategory.length, d.byDistrict.length) * 22 + 30);
  const peak = d.hourOfDay.reduce((best, n, h) => (n > d.hourOfDay[best]! ? h : best), 0);
  return (
    <>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Panel title={t('受理及其中已办结', 'Received, and of those closed by now')}>
            {d.series.length ? <Chart option={o.series} label={t('本期各时段受理量及其中已办结件数折线图', 'Line chart of cases received in the period and how many of them are closed')} /> : empty}
          </Panel>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Panel title={t('来源渠道', 'By channel')}>{d.byChannel.length ? <Chart option={o.channel} label={t('按渠道分布饼图', 'Pie chart of cases by channel')} /> : empty}</Panel>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Panel title={t('诉求类型', 'By kind')}>{d.byKind.length ? <Chart option={o.kind} label={t('按诉求类型分布饼图', 'Pie chart of cases by kind')} /> : empty}</Panel>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={10}>
          <Panel title={t('来电来件时段分布', 'Hour of day')}>
            {d.hourOfDay.some((n) => n > 0) ? (
              <Chart option={o.hours} height={barHeight} label={t(`按登记时刻（0–23 时）的诉求量柱状图，最多在 ${peak} 时`, `Bar chart of cases by hour registered (0–23), most at ${peak}:00`)} />
            ) : (
              empty
            )}
          </Panel>
        </Col>
        <Col xs={24} md={12} xl={7}>
          <Panel title={t('诉求分类（前 15）', 'Top 15 categories')}>{d.byCategory.length ? <Chart option={o.category} height={barHeight} label={t('按一级分类的诉求量条形图', 'Bar chart of cases by top-level category')} /> : empty}</Panel>
        </Col>
        <Col xs={24} md={12} xl={7}>
          <Panel title={t('区县分布', 'By district')}>{d.byDistrict.length ? <Chart option={o.district} height={barHeight} label={t('按区县的诉求量条形图', 'Bar chart of cases by district')} /> : empty}</Panel>
        </Col>
      </Row>
    </>
  );
}

/** The units with the most cases: completion, on-time and satisfaction rates side by side. */
export function UnitRatesChart({ d }: { d: ReportData }) {
  const { lang, t } = useLang();
  const units = useMemo(() => [...d.units].sort((a, b) => b.counters.dispatched - a.counters.dispatched).slice(0, UNITS_CHARTED).reverse(), [d.units]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
      legend: { top: 0, data: UNIT_RATES.map((r) => rateLabel(r, lang)) },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: units.map((u) => u.label), axisLabel: { width: 150, overflow: 'truncate', interval: 0 } },
      series: UNIT_RATES.map((r, i) => ({ type: 'bar', name: rateLabel(r, lang), data: units.map((u) => pctValue(u.rates[r])), itemStyle: { color: [PALETTE[3], PALETTE[1], PALETTE[0]][i] }, barMaxWidth: 8 })),
    }),
    [units, lang],
  );
  if (!units.length) return null;
  return (
    <Panel title={t(`承办量前 ${UNITS_CHARTED} 的单位：办结率、按时反馈率与满意率`, `The ${UNITS_CHARTED} units with the most cases: completion, on-time and satisfaction rates`)}>
      <Chart option={option} height={Math.max(240, units.length * 34 + 50)} label={t('各单位办结率、按时反馈率与满意率条形图', 'Bar chart of each unit’s completion, on-time and satisfaction rates')} />
    </Panel>
  );
}
