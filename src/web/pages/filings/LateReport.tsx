/**
 * 迟报统计 (GET /api/filings/late, S4 annex 4 第七条): per unit, the filings made in a period, the planned
 * ones, the late ones and the late rate, as a table (each unit's late filings below it) and a bar chart.
 */
import { useMemo, useState } from 'react';
import { Alert, Col, DatePicker, Row, Space, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { get, qs } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useLang } from '../../shared/i18n';
import { Panel } from '../../shared/ui';
import { fmtTime } from '../../shared/format';
import { shiftDay, shanghaiToday } from '../../shared/periods';
import { Chart, type ChartOption } from '../../shared/Chart';

interface LateFiling {
  id: string;
  type: string;
  typeLabel: string;
  title: string;
  filedAt: string;
  startsAt: string;
  noticeHours: number;
  status: 'active' | 'withdrawn';
}
interface UnitRow {
  unit: { id: string; code: string; name: string };
  filings: number;
  planned: number;
  late: number;
  lateRate: number | null;
  lateFilings: LateFiling[];
}
interface Report {
  from: string;
  to: string;
  total: { filings: number; planned: number; late: number; lateRate: number | null };
  units: UnitRow[];
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function LateReport() {
  const { t } = useLang();
  const today = useMemo(() => shanghaiToday(), []);
  const [range, setRange] = useState({ from: shiftDay(today, -29), to: today });
  const report = useAsync(() => get<Report>(`/api/filings/late${qs(range)}`), [range.from, range.to]);
  const d = report.data;

  const chart = useMemo<ChartOption | null>(() => {
    const rows = (d?.units ?? []).filter((u) => u.planned > 0).sort((a, b) => (a.lateRate ?? 0) - (b.lateRate ?? 0));
    if (rows.length === 0) return null;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%` },
      grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: rows.map((u) => u.unit.name.replace(/(有限公司|人民政府)$/, '')) },
      series: [{ type: 'bar', name: t('迟报率', 'Late rate'), barMaxWidth: 24, data: rows.map((u) => Math.round((u.lateRate ?? 0) * 1000) / 10), label: { show: true, position: 'right', formatter: '{c}%' } }],
    };
  }, [d, t]);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="late-report">
      <Space wrap>
        <Typography.Text>{t('报备时间', 'Filed between')}</Typography.Text>
        <DatePicker.RangePicker
          aria-label={t('报备时间范围', 'Period filed')}
          allowClear={false}
          value={[dayjs(range.from), dayjs(range.to)]}
          onChange={(v) => v?.[0] && v[1] && setRange({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
        />
        <Typography.Text type="secondary">{t('计划事项距开始不足 72 小时报备即为迟报；突发事件不计。', 'A planned event filed less than 72 hours ahead is late; emergencies never are.')}</Typography.Text>
      </Space>
      {report.error && <Alert type="error" showIcon title={report.error.message} />}
      {d && (
        <Row gutter={[12, 12]}>
          <Col xs={12} md={6}>
            <Statistic title={t('报备', 'Filings')} value={d.total.filings} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('计划事项', 'Planned')} value={d.total.planned} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('迟报', 'Late')} value={d.total.late} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('迟报率', 'Late rate')} value={pct(d.total.lateRate)} />
          </Col>
          <Col xs={24} xl={14}>
            <Table<UnitRow>
              rowKey={(r) => r.unit.id}
              size="small"
              loading={report.loading}
              dataSource={d.units}
              pagination={false}
              locale={{ emptyText: t('该时段没有报备', 'No filing in the period') }}
              expandable={{
                rowExpandable: (r) => r.lateFilings.length > 0,
                expandedRowRender: (r) => (
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {r.lateFilings.map((f) => (
                      <li key={f.id}>
                        {f.typeLabel} · {f.title} · {t('报备', 'filed')} {fmtTime(f.filedAt)} · {t('开始', 'starts')} {fmtTime(f.startsAt)} ·{' '}
                        {f.noticeHours < 0 ? t(`开始后 ${-f.noticeHours} 小时才报备`, `filed ${-f.noticeHours} h after the start`) : t(`提前 ${f.noticeHours} 小时`, `${f.noticeHours} h ahead`)}
                        {f.status === 'withdrawn' ? ` · ${t('已撤回', 'withdrawn')}` : ''}
                      </li>
                    ))}
                  </ul>
                ),
              }}
              columns={[
                { title: t('单位', 'Unit'), key: 'unit', render: (_: unknown, r) => r.unit.name },
                { title: t('报备', 'Filings'), dataIndex: 'filings', width: 70, align: 'right' },
                { title: t('计划事项', 'Planned'), dataIndex: 'planned', width: 90, align: 'right' },
                { title: t('迟报', 'Late'), dataIndex: 'late', width: 70, align: 'right' },
                { title: t('迟报率', 'Late rate'), dataIndex: 'lateRate', width: 90, align: 'right', render: pct },
              ]}
            />
          </Col>
          <Col xs={24} xl={10}>
            <Panel title={t('各单位迟报率', 'Late rate by unit')}>
              {chart ? <Chart option={chart} label={t('各单位报备迟报率柱状图', 'Late filing rate by unit, bar chart')} height={Math.max(180, (d.units.length + 1) * 30)} /> : <Typography.Text type="secondary">{t('该时段没有计划事项报备', 'No planned filing in the period')}</Typography.Text>}
            </Panel>
          </Col>
        </Row>
      )}
    </Space>
  );
}
