/**
 * The reports as documents: the same figures laid out for leaders (Word and PDF through
 * print/report-document.ts) and for analysts (an Excel workbook, one sheet per breakdown).
 */
import ExcelJS from 'exceljs';
import type { ReportBlock, ReportDocument } from '../print/report-document';
import type { Breakdown, ReportData } from './report-data';
import type { CriticismNotice } from '../assessment/criticism-notice';
import { chineseNumeral } from '../print/pdf';
import type { Rates } from '../../core/metrics';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? null : `${(x * 100).toFixed(1)}%`);
const change = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '上升' : '下降'}${Math.abs(x * 100).toFixed(1)}%`);
const dateZh = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

const RATE_COLUMNS: [keyof Rates, string][] = [
  ['feedbackRate', '反馈率'],
  ['onTimeRate', '按时反馈率'],
  ['completionRate', '办结率'],
  ['satisfactionRate', '满意率'],
];

function breakdownTable(rows: Breakdown[], first: string, caption?: string, limit = 30): ReportBlock {
  return {
    type: 'table',
    caption,
    columns: [first, '受理量', '办结量', ...RATE_COLUMNS.map(([, l]) => l)],
    widths: [3, 1, 1, 1, 1, 1, 1],
    rows: rows.slice(0, limit).map((r) => [r.label, r.counters.received, r.counters.closed, ...RATE_COLUMNS.map(([k]) => pct(r.rates[k]))]),
  };
}

function unitTable(rows: Breakdown[]): ReportBlock {
  return {
    type: 'table',
    columns: ['承办单位', '承办数', '反馈率', '按时反馈率', '办结率', '满意率', '退回重办', '超期'],
    widths: [4, 1, 1, 1.2, 1, 1, 1, 1],
    rows: rows.map((r) => [r.label, r.counters.dispatched, pct(r.rates.feedbackRate), pct(r.rates.onTimeRate), pct(r.rates.completionRate), pct(r.rates.satisfactionRate), r.counters.reworked, r.counters.overdue]),
  };
}

/** The report as a document for leaders. */
export function reportDocument(title: string, data: ReportData, issuer: string, createdAt: Date): ReportDocument {
  const t = data.totals;
  const blocks: ReportBlock[] = [];
  let n = 0;
  const section = (text: string) => blocks.push({ type: 'heading', level: 1, text: `${chineseNumeral(++n)}、${text}` });

  section('总体情况');
  blocks.push({
    type: 'paragraph',
    text:
      `${dateZh(data.from)}至${dateZh(data.to)}，共受理群众诉求${t.counters.received}件，较上期（${t.counters.received - data.previous.counters.received >= 0 ? '+' : ''}${t.counters.received - data.previous.counters.received}件）${change(data.receivedChange)}；` +
      `当即答复${t.counters.on_spot}件，当即答复率${pct(t.rates.firstContactRate) ?? '—'}；交办${t.counters.dispatched}件，已反馈${t.counters.replied}件，反馈率${pct(t.rates.feedbackRate) ?? '—'}，按时反馈率${pct(t.rates.onTimeRate) ?? '—'}；` +
      `办结${t.counters.closed}件，办结率${pct(t.rates.completionRate) ?? '—'}；回访评价${t.counters.rated}件，满意率${pct(t.rates.satisfactionRate) ?? '—'}，解决率${pct(t.rates.resolutionRate) ?? '—'}。`,
  });
  blocks.push({ type: 'chart', title: data.kind === 'annual' ? '各月受理量' : data.kind === 'quarterly' ? '各周受理量' : '每日受理量', labels: data.series.map((s) => s.key.slice(5)), values: data.series.map((s) => s.received), unit: '件' });

  section('诉求来源与类型');
  blocks.push(breakdownTable(data.byChannel, '渠道 · 类型', '按来源渠道和诉求类型'));
  blocks.push({ type: 'chart', title: '诉求类型', labels: data.byKind.map((k) => k.label), values: data.byKind.map((k) => k.counters.received), unit: '件' });
  if (data.kind === 'monthly') {
    blocks.push({ type: 'chart', title: '受理时段分布（时）', labels: data.hourOfDay.map((_, h) => `${h}时`), values: data.hourOfDay, unit: '件' });
    blocks.push({ type: 'paragraph', text: `本月咨询类诉求${data.consultations.received}件，其中当即答复${data.consultations.answeredOnSpot}件。` });
  }

  section('诉求分类与区域分布');
  blocks.push(breakdownTable(data.byCategory, '诉求分类', '按诉求分类（一级）'));
  blocks.push(breakdownTable(data.byDistrict, '区县', '按区县'));

  section('热点问题');
  if (data.hotIssues.length === 0) blocks.push({ type: 'paragraph', text: '本期未发现集中反映的热点问题。' });
  else {
    blocks.push({
      type: 'list',
      items: data.hotIssues.map((h) => `${h.keywords.join('、')}：${h.count}件（如 ${h.cases.map((c) => `${c.caseNo}「${c.title}」`).join('，')}）`),
    });
  }

  section('重要诉求');
  if (data.importantCases.length === 0) blocks.push({ type: 'paragraph', text: '本期无领导批示、督办、紧急或专报诉求。' });
  else {
    blocks.push({
      type: 'table',
      columns: ['诉求编号', '标题', '类别', '承办单位', '状态'],
      widths: [2, 4, 1.5, 2.5, 1.2],
      rows: data.importantCases.map((c) => [c.caseNo, c.title, c.reasons.join('、'), c.unit, c.state]),
    });
  }

  section('超期与督办情况');
  const s = data.supervision;
  blocks.push({
    type: 'paragraph',
    text:
      `本期超期${data.overdue.stages}次，目前仍超期未办结${data.overdue.openOverdue}件；催办${s.urges}次；` +
      `签发督办单、重点事项交办单${s.ordersIssued}件，已反馈${s.ordersResponded}件，未反馈${s.ordersOpen}件，其中逾期${s.ordersOverdue}件；` +
      `领导批示${s.instructions}件次，报送专报${s.specialReports}期；热线联动（媒体）诉求${data.mediaLinked}件。`,
  });

  section('承办单位办理情况');
  blocks.push(data.units.length ? unitTable(data.units) : { type: 'paragraph', text: '本期无交办诉求。' });

  return { title, subtitle: `${dateZh(data.from)}—${dateZh(data.to)}`, issuer, createdAt, blocks };
}

/** The quarterly notice as a draft document. */
export function noticeDocument(n: CriticismNotice, issuer: string, createdAt: Date): ReportDocument {
  const [y, q] = n.quarter.split('Q');
  const blocks: ReportBlock[] = [
    { type: 'heading', level: 1, text: '一、总体情况' },
    {
      type: 'paragraph',
      text: `${y}年第${chineseNumeral(Number(q))}季度，共受理群众诉求${n.totals.counters.received}件，交办${n.totals.counters.dispatched}件，办结率${pct(n.totals.rates.completionRate) ?? '—'}，按时反馈率${pct(n.totals.rates.onTimeRate) ?? '—'}，满意率${pct(n.totals.rates.satisfactionRate) ?? '—'}。`,
    },
    { type: 'heading', level: 1, text: '二、通报表扬' },
    n.praised.length
      ? {
          type: 'table',
          columns: ['单位', '承办数', '办结率', '按时反馈率', '满意率'],
          widths: [4, 1, 1, 1.2, 1],
          rows: n.praised.map((p) => [p.unit.name, p.counters.dispatched, pct(p.rates.completionRate), pct(p.rates.onTimeRate), pct(p.rates.satisfactionRate)]),
        }
      : { type: 'paragraph', text: '本季度无符合条件的单位。' },
    { type: 'heading', level: 1, text: '三、通报批评' },
  ];
  if (n.criticised.length === 0) blocks.push({ type: 'paragraph', text: '本季度无应予通报批评的情形。' });
  for (const c of n.criticised) {
    blocks.push({ type: 'heading', level: 2, text: c.unit.name });
    blocks.push({ type: 'list', items: c.reasons.map((r) => `${r.label}（${r.count}次）${r.cases.length ? `：${r.cases.join('、')}` : ''}`) });
  }
  blocks.push({ type: 'heading', level: 1, text: '四、信息报备情况' });
  blocks.push(
    n.lateFilings.length
      ? {
          type: 'table',
          caption: '计划性事项未提前 3 天报备的单位（S4 附件4：报备工作纳入考核）',
          columns: ['单位', '计划性报备', '不及时', '不及时率'],
          widths: [4, 1, 1, 1],
          rows: n.lateFilings.map((f) => [f.unit.name, f.planned, f.late, pct(f.lateRate)]),
        }
      : { type: 'paragraph', text: '本季度各单位计划性事项均按规定提前报备。' },
  );
  blocks.push({ type: 'heading', level: 1, text: '五、工作要求' });
  blocks.push({
    type: 'paragraph',
    text: '被通报批评的单位要认真查找原因，逐件整改，于通报印发之日起十个工作日内将整改情况书面报送热线中心。各承办单位要严格落实首问负责制和办理时限，切实提高办理质量，做到件件有着落、事事有回音。',
  });
  return { title: `关于${y}年第${chineseNumeral(Number(q))}季度12345热线承办工作情况的通报（草稿）`, issuer, createdAt, blocks };
}

/** The report's figures as an Excel workbook, one sheet per breakdown. */
export async function reportWorkbook(title: string, data: ReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '回音 Huiyin';
  const sheet = (name: string, header: string[], rows: (string | number | null)[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(header).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((c, i) => (c.width = i === 0 ? 28 : 14));
  };
  const t = data.totals;
  sheet('总体', ['指标', '本期', '上期'], [
    ['报告', title, null],
    ['期间', `${data.from} 至 ${data.to}`, `${data.previousFrom} 至 ${data.previousTo}`],
    ...(['received', 'on_spot', 'dispatched', 'replied', 'replied_on_time', 'closed', 'rated', 'resolved', 'reworked', 'returned', 'extended', 'supervised', 'overdue'] as const).map((k) => [k, t.counters[k], data.previous.counters[k]]),
    ...(Object.keys(t.rates) as (keyof Rates)[]).map((k) => [k, t.rates[k], data.previous.rates[k]]),
  ]);
  const breakdownRows = (rows: Breakdown[]) =>
    rows.map((r) => [r.label, r.counters.received, r.counters.dispatched, r.counters.replied, r.counters.closed, r.counters.rated, r.rates.feedbackRate, r.rates.onTimeRate, r.rates.completionRate, r.rates.satisfactionRate]);
  const head = ['', '受理量', '交办量', '反馈量', '办结量', '评价量', '反馈率', '按时反馈率', '办结率', '满意率'];
  sheet('趋势', ['日期', '受理量', '办结量'], data.series.map((s) => [s.key, s.received, s.closed]));
  sheet('渠道', ['渠道 · 类型', ...head.slice(1)], breakdownRows(data.byChannel));
  sheet('类型', ['诉求类型', ...head.slice(1)], breakdownRows(data.byKind));
  sheet('分类', ['诉求分类', ...head.slice(1)], breakdownRows(data.byCategory));
  sheet('区县', ['区县', ...head.slice(1)], breakdownRows(data.byDistrict));
  sheet('单位', ['承办单位', ...head.slice(1)], breakdownRows(data.units));
  sheet('时段', ['时', '受理量'], data.hourOfDay.map((v, h) => [h, v]));
  sheet('热点', ['关键词', '件数', '示例'], data.hotIssues.map((h) => [h.keywords.join('、'), h.count, h.cases.map((c) => `${c.caseNo} ${c.title}`).join('；')]));
  sheet('重要诉求', ['诉求编号', '标题', '类别', '承办单位', '状态'], data.importantCases.map((c) => [c.caseNo, c.title, c.reasons.join('、'), c.unit, c.state]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
