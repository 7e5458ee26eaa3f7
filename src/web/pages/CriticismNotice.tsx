/**
 * 季度通报（草稿）(S1 §3, issue #8 §3; GET /api/reports/criticism-notice): the units to be
 * criticised with their reasons and case numbers, and the units to be praised with their rates;
 * downloads as Word and PDF. Shown on the criticism page and among the reports.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Col, Empty, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { get, qs } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { TAG } from '../shared/format';
import { Panel } from '../shared/ui';
import { Chart, PALETTE, type ChartOption } from '../shared/Chart';
import { MetricsGlossary, RateHeader, pct, pctValue, rateLabel, type Counters, type Rate, type Rates } from '../shared/metrics';
import { quarterLabel, recentQuarters } from '../shared/periods';
import { CRITICISM_REASON_LABELS, type CriticismReason } from '../../core/criticism';

interface UnitRef {
  id: string;
  code: string;
  name: string;
}
interface Notice {
  quarter: string;
  from: string;
  to: string;
  totals: { counters: Counters; rates: Rates };
  criticised: { unit: UnitRef; reasons: { reason: CriticismReason; label: string; count: number; cases: string[]; details: string[] }[] }[];
  praised: { unit: UnitRef; counters: Counters; rates: Rates; score: number }[];
}
type Praised = Notice['praised'][number];

/** The praise score is the mean of these (criticism-notice.ts). */
const SCORE_RATES: Rate[] = ['completionRate', 'onTimeRate', 'satisfactionRate'];

export function CriticismNotice({ quarter: fixed }: { quarter?: string }) {
  const { lang, t } = useLang();
  const quarters = useMemo(() => recentQuarters(), []);
  const [chosen, setChosen] = useState(quarters[0]!);
  const quarter = fixed ?? chosen;
  const { data, error, loading } = useAsync(() => get<Notice>(`/api/reports/criticism-notice${qs({ quarter })}`), [quarter]);
  const file = (format: 'docx' | 'pdf') => `/api/reports/criticism-notice/${format}${qs({ quarter })}`;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
        {!fixed && <Select aria-label={t('季度', 'Quarter')} style={{ width: 150 }} value={chosen} onChange={setChosen} options={quarters.map((q) => ({ value: q, label: quarterLabel(q, lang) }))} />}
        <Typography.Text type="secondary" style={{ marginInlineEnd: 'auto' }}>
          {t(
            `${quarterLabel(quarter, lang)}通报草稿：依据本季度通报事由（系统认定与人工登记）及超期未说明情况生成，供审定后印发。`,
            `Draft notice for ${quarter}: from the quarter's criticism entries (found by the platform or recorded) and unexplained overdue cases, for review before issue.`,
          )}
        </Typography.Text>
        <Button href={file('docx')} icon={<FileWordOutlined />} download>
          {t('下载 Word', 'Word')}
        </Button>
        <Button href={file('pdf')} icon={<FilePdfOutlined />} target="_blank" rel="noopener">
          PDF
        </Button>
      </div>
      {error && <Alert type="error" title={error.message} showIcon />}
      {!data && loading && <Spin />}
      {data && (
        <>
          <Typography.Text>
            {t(
              `${data.from} 至 ${data.to}：受理 ${data.totals.counters.received} 件，办结率 ${pct(data.totals.rates.completionRate)}，按时反馈率 ${pct(data.totals.rates.onTimeRate)}，满意率 ${pct(data.totals.rates.satisfactionRate)}。`,
              `${data.from} to ${data.to}: ${data.totals.counters.received} cases received, completion ${pct(data.totals.rates.completionRate)}, on time ${pct(data.totals.rates.onTimeRate)}, satisfaction ${pct(data.totals.rates.satisfactionRate)}.`,
            )}
          </Typography.Text>
          <Panel title={t(`拟通报批评单位（${data.criticised.length}）`, `Units to be criticised (${data.criticised.length})`)}>
            <Criticised items={data.criticised} />
          </Panel>
          <Panel title={t(`拟通报表扬单位（${data.praised.length}）`, `Units to be praised (${data.praised.length})`)} extra={<MetricsGlossary />}>
            <Praise items={data.praised} />
          </Panel>
        </>
      )}
    </Space>
  );
}

function Criticised({ items }: { items: Notice['criticised'] }) {
  const { lang, t } = useLang();
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('本季度没有应通报批评的单位', 'No unit to criticise this quarter')} />;
  return (
    <ol style={{ margin: 0, paddingLeft: 24 }} data-testid="notice-criticised">
      {items.map((u) => (
        <li key={u.unit.id} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{u.unit.name}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingLeft: 16 }}>
            {u.reasons.map((r) => (
              <li key={r.reason} style={{ marginBottom: 4 }}>
                <Space size={4} wrap>
                  <Tag color={TAG.red}>{CRITICISM_REASON_LABELS[r.reason]?.[lang] ?? r.label}</Tag>
                  <span>{t(`${r.count} 次`, `${r.count}×`)}</span>
                  {r.cases.map((no) => (
                    <Link key={no} to={`/cases/${no}`}>
                      {no}
                    </Link>
                  ))}
                </Space>
                {r.details.map((d, i) => (
                  <div key={i} style={{ color: '#595959', fontSize: 13 }}>
                    {d}
                  </div>
                ))}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function Praise({ items }: { items: Praised[] }) {
  const { lang, t } = useLang();
  const option = useMemo<ChartOption>(() => {
    const units = [...items].reverse();
    return {
      grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
      legend: { top: 0, data: SCORE_RATES.map((r) => rateLabel(r, lang)) },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: units.map((u) => u.unit.name), axisLabel: { width: 150, overflow: 'truncate', interval: 0 } },
      series: SCORE_RATES.map((r, i) => ({ type: 'bar', name: rateLabel(r, lang), data: units.map((u) => pctValue(u.rates[r])), itemStyle: { color: [PALETTE[3], PALETTE[1], PALETTE[0]][i] }, barMaxWidth: 8 })),
    };
  }, [items, lang]);
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('本季度没有符合表扬条件的单位（至少 5 件且未被通报）', 'No unit qualifies for praise (5 cases or more and no criticism)')} />;
  const rate = (r: Rate) => ({ title: <RateHeader rate={r} />, key: r, width: 120, align: 'right' as const, render: (_: unknown, u: Praised) => pct(u.rates[r]) });
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xxl={14}>
        <Table<Praised>
          size="small"
          rowKey={(u) => u.unit.id}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('单位', 'Unit'), key: 'unit', render: (_: unknown, u) => u.unit.name },
            { title: t('承办', 'Cases'), key: 'dispatched', width: 70, align: 'right', render: (_: unknown, u) => u.counters.dispatched },
            ...SCORE_RATES.map(rate),
            { title: t('综合得分', 'Score'), dataIndex: 'score', width: 90, align: 'right', render: (s: number) => pct(s) },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('综合得分为办结率、按时反馈率、满意率的平均值；参与排名的单位本季度至少 5 件且未被通报批评。', 'The score is the mean of the completion, on-time and satisfaction rates; units need 5 cases or more in the quarter and no criticism.')}
        </Typography.Text>
      </Col>
      <Col xs={24} xxl={10}>
        <Chart option={option} height={Math.max(200, items.length * 34 + 50)} label={t('拟表扬单位的办结率、按时反馈率与满意率条形图', 'Bar chart of the completion, on-time and satisfaction rates of the units to be praised')} />
      </Col>
    </Row>
  );
}
