/**
 * The metrics of docs/metrics.md as the screens name and explain them: each counter's and rate's
 * label, each rate's formula (a help popover beside every rate), percentages with one decimal.
 * The counting itself is core's (`src/core/metrics.ts`); the server sends the figures.
 */
import { Button, Popover, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { COUNTERS, type Counter, type Counters, type Rates } from '../../core/metrics';
import { useLang, type Lang } from './i18n';

export { COUNTERS, type Counter, type Counters, type Rates };

export type Rate = keyof Rates;

/** One breakdown row of /api/stats and of the reports. */
export interface StatsRow {
  key: string;
  label: string;
  counters: Counters;
  rates: Rates;
}

/** 0.8123 → 81.2%; null (nothing to divide by) → —. */
export const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);
/** A rate as a chart value: a percentage with one decimal, or null. */
export const pctValue = (r: number | null | undefined) => (r === null || r === undefined ? null : Math.round(r * 1000) / 10);

export const COUNTER_LABELS: Record<Counter, [string, string]> = {
  received: ['受理量', 'Received'],
  on_spot: ['当即答复', 'Answered on the spot'],
  dispatched: ['交办量', 'Dispatched'],
  responded: ['及时响应', 'Responded in time'],
  replied: ['已反馈', 'Replied'],
  replied_on_time: ['按时反馈', 'Replied on time'],
  closed: ['办结', 'Closed'],
  rated: ['已评价', 'Rated'],
  very_satisfied: ['非常满意', 'Very satisfied'],
  satisfied: ['满意', 'Satisfied'],
  basically_satisfied: ['基本满意', 'Basically satisfied'],
  dissatisfied: ['不满意', 'Dissatisfied'],
  very_dissatisfied: ['非常不满意', 'Very dissatisfied'],
  resolved: ['已解决', 'Resolved'],
  resolution_asked: ['询问解决', 'Asked if resolved'],
  reworked: ['退回重办', 'Reworked'],
  returned: ['回单', 'Returned'],
  extended: ['延期', 'Extended'],
  supervised: ['督办', 'Supervised'],
  overdue: ['超期次数', 'Overdue stages'],
};

interface RateInfo {
  label: [string, string];
  formula: [string, string];
  note?: [string, string];
  /** numerator and denominator, for "n / d" notes */
  of: [Counter | null, Counter];
}

/** In the order the screens show them: the volume-based rates first, then 三率, then the warning signs. */
export const RATES: Record<Rate, RateInfo> = {
  firstContactRate: {
    label: ['当即答复率', 'First-contact resolution'],
    formula: ['当即答复 ÷ 受理量', 'answered on the spot ÷ received'],
    note: ['当即答复：未交办即办结，且未并入其他诉求。', 'Answered on the spot: closed without dispatch and not merged into another case.'],
    of: ['on_spot', 'received'],
  },
  feedbackRate: {
    label: ['反馈率', 'Feedback rate'],
    formula: ['已反馈 ÷ 交办量（承办数）', 'replied ÷ dispatched'],
    note: ['主办单位已作出反馈的件数。', 'Cases whose lead unit has replied.'],
    of: ['replied', 'dispatched'],
  },
  onTimeRate: {
    label: ['按时反馈率', 'On-time reply rate'],
    formula: ['按时反馈 ÷ 已反馈', 'replied on time ÷ replied'],
    note: ['每一次反馈（首次交办、重办、延期……）都在该阶段期限之前，才算按时。', 'Every reply (first dispatch, rework, extension …) came before its stage’s due time.'],
    of: ['replied_on_time', 'replied'],
  },
  completionRate: {
    label: ['办结率', 'Completion rate'],
    formula: ['办结（含归档）÷ 受理量', 'closed or archived ÷ received'],
    of: ['closed', 'received'],
  },
  satisfactionRate: {
    label: ['满意率', 'Satisfaction rate'],
    formula: ['Σ 各满意度等级件数 × 权重 ÷ 已评价件数', 'Σ cases at each satisfaction level × its weight ÷ rated cases'],
    note: ['权重由管理员在“时限规则”页设置，默认非常满意、满意、基本满意计 1，不满意、非常不满意计 0。', 'The weights are a setting (Time limits page); by default very satisfied, satisfied and basically satisfied count 1, the others 0.'],
    of: [null, 'rated'],
  },
  responseRate: {
    label: ['响应率', 'Response rate'],
    formula: ['交办后在响应时限内签收的件数 ÷ 交办量', 'accepted within the response limit ÷ dispatched'],
    note: ['“三率”之一；响应时限默认 24 小时，可在设置中修改。', 'One of the “three rates”; the response limit (24 h by default) is a setting.'],
    of: ['responded', 'dispatched'],
  },
  resolutionRate: {
    label: ['解决率', 'Resolution rate'],
    formula: ['群众表示已解决 ÷ 回访询问了解决情况的件数', 'resolved ÷ callbacks that asked'],
    note: ['“三率”之一，来自结果回访。', 'One of the “three rates”, from the result callback.'],
    of: ['resolved', 'resolution_asked'],
  },
  reworkRate: {
    label: ['退回重办率', 'Rework rate'],
    formula: ['被退回重办过的件数 ÷ 已反馈', 'reworked at least once ÷ replied'],
    of: ['reworked', 'replied'],
  },
  misrouteRate: {
    label: ['回单率', 'Misroute rate'],
    formula: ['被回单（退单）过的件数 ÷ 交办量', 'returned as misrouted at least once ÷ dispatched'],
    note: ['按现主办单位统计；退单单位见回单分析。', 'Counted for the current lead unit; the returning unit is in the misroute report.'],
    of: ['returned', 'dispatched'],
  },
  extensionRate: {
    label: ['延期率', 'Extension rate'],
    formula: ['批准过延期的件数 ÷ 交办量', 'extended at least once ÷ dispatched'],
    of: ['extended', 'dispatched'],
  },
};
export const RATE_KEYS = Object.keys(RATES) as Rate[];

export const rateLabel = (r: Rate, lang: Lang) => RATES[r].label[lang === 'en' ? 1 : 0];
export const counterLabel = (c: Counter, lang: Lang) => COUNTER_LABELS[c][lang === 'en' ? 1 : 0];

/** "97 / 130": the counts a rate is made of (the satisfaction rate's numerator is weighted, so only its base). */
export function rateBasis(r: Rate, c: Counters, lang: Lang): string {
  const [n, d] = RATES[r].of;
  if (n === null) return lang === 'en' ? `${c[d]} rated` : `${c[d]} 件已评价`;
  return `${c[n]} / ${c[d]}`;
}

/** A "?" beside a rate's name: its formula and notes, as in docs/metrics.md. */
export function MetricHelp({ rate }: { rate: Rate }) {
  const { lang, t } = useLang();
  const info = RATES[rate];
  const i = lang === 'en' ? 1 : 0;
  return (
    <Popover
      trigger={['click', 'hover']}
      title={info.label[i]}
      content={
        <div style={{ maxWidth: 320 }}>
          <div>
            <Typography.Text strong>{info.formula[i]}</Typography.Text>
          </div>
          {info.note && <div style={{ marginTop: 4 }}>{info.note[i]}</div>}
          <div style={{ marginTop: 4, color: '#595959' }}>
            {t('按登记日统计本期受理的诉求及其当前结果；分母为 0 时显示“—”。', 'Counts the cases registered in the period with their current outcome; “—” when there is nothing to divide by.')}
          </div>
        </div>
      }
    >
      <Button
        type="text"
        size="small"
        icon={<QuestionCircleOutlined />}
        aria-label={t(`${info.label[0]}的计算口径`, `How the ${info.label[1].toLowerCase()} is computed`)}
        onClick={(e) => e.stopPropagation()}
        style={{ color: '#595959', width: 20, height: 20, minWidth: 20 }}
      />
    </Popover>
  );
}

/**
 * A rate's name as a table's column head: the formula as its tooltip. (A help button would sit in
 * the hidden row antd measures columns with, where axe counts it as a hidden focusable.)
 */
export function RateHeader({ rate }: { rate: Rate }) {
  const { lang } = useLang();
  const i = lang === 'en' ? 1 : 0;
  return <span title={`${RATES[rate].label[i]} = ${RATES[rate].formula[i]}`}>{RATES[rate].label[i]}</span>;
}

/** Every rate's formula in one popover: the legend of a table of rates. */
export function MetricsGlossary() {
  const { lang, t } = useLang();
  const i = lang === 'en' ? 1 : 0;
  return (
    <Popover
      trigger="click"
      title={t('指标口径（docs/metrics.md）', 'How the rates are computed (docs/metrics.md)')}
      content={
        <dl style={{ maxWidth: 460, margin: 0 }}>
          {RATE_KEYS.map((r) => (
            <div key={r} style={{ marginBottom: 6 }}>
              <dt style={{ fontWeight: 600, display: 'inline' }}>{RATES[r].label[i]}：</dt>
              <dd style={{ display: 'inline', margin: 0 }}>
                {RATES[r].formula[i]}
                {RATES[r].note && <span style={{ color: '#595959' }}> {RATES[r].note![i]}</span>}
              </dd>
            </div>
          ))}
          <div style={{ color: '#595959' }}>{t('所有数字按登记日统计本期受理的诉求及其当前结果；分母为 0 时显示“—”。', 'Every figure counts the cases registered in the period with their current outcome; “—” when there is nothing to divide by.')}</div>
        </dl>
      }
    >
      <Button size="small" icon={<QuestionCircleOutlined />}>
        {t('指标口径', 'Definitions')}
      </Button>
    </Popover>
  );
}

/** A rate's name with its help. */
export function RateTitle({ rate }: { rate: Rate }) {
  const { lang } = useLang();
  return (
    <span>
      {rateLabel(rate, lang)}
      <MetricHelp rate={rate} />
    </span>
  );
}
