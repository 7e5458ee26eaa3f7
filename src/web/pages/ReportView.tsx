/**
 * One report (GET /api/reports/{id}): the period's totals against the previous period, its charts,
 * hot issues, important cases, supervision and overdue status and the units' table; downloads as
 * Word, PDF and Excel; 报送领导 for supervisors and admins.
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Space, Spin, Statistic, Table, Tag, Typography, message } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { get, post } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { TAG, fmtTime } from '../shared/format';
import { PageTitle, Panel, errorText } from '../shared/ui';
import { MetricsGlossary, RateHeader, RateTitle, pct, type Counters, type Rate, type StatsRow } from '../shared/metrics';
import { ReportCharts, UnitRatesChart } from './ReportCharts';
import type { ReportData } from '../../core/report-data';
import type { ReportSummary } from './ReportsPage';


const KPI_RATES: Rate[] = ['completionRate', 'feedbackRate', 'onTimeRate', 'satisfactionRate', 'responseRate', 'resolutionRate'];

export function ReportView({ id, canAuthor, onBack }: { id: string; canAuthor: boolean; onBack: () => void }) {
  const { t } = useLang();
  const { data: report, error, reload } = useAsync(() => get<ReportSummary & { data: ReportData }>(`/api/reports/${id}`), [id]);
  const [sending, setSending] = useState(false);
  async function send() {
    setSending(true);
    try {
      const r = await post<{ emailed: number }>(`/api/reports/${id}/send`);
      message.success(t(`已报送领导（通知已发出，邮件 ${r.emailed} 封）`, `Sent to the leaders (notified; ${r.emailed} emails)`));
      reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSending(false);
    }
  }
  if (error) return <Alert type="error" title={error.message} showIcon action={<Button onClick={onBack}>{t('返回列表', 'Back to the list')}</Button>} />;
  if (!report) return <Spin />;
  const d = report.data;
  const file = (format: string) => `/api/reports/${id}/${format}`;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <PageTitle
        extra={
          <Space wrap>
            <Button onClick={onBack}>{t('返回列表', 'Back to the list')}</Button>
            <Button href={file('docx')} icon={<FileWordOutlined />} download data-testid="download-docx">
              Word
            </Button>
            <Button href={file('pdf')} icon={<FilePdfOutlined />} target="_blank" rel="noopener">
              PDF
            </Button>
            <Button href={file('xlsx')} icon={<FileExcelOutlined />} download>
              Excel
            </Button>
            {canAuthor && (
              <Popconfirm title={t('通知全体领导并向有邮箱的领导发送邮件？', 'Notify the leaders and email those with an address?')} okText={t('报送', 'Send')} cancelText={t('取消', 'Cancel')} onConfirm={() => void send()}>
                <Button type="primary" loading={sending}>
                  {report.sentAt ? t('再次报送领导', 'Send to leaders again') : t('报送领导', 'Send to leaders')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        {report.title}
      </PageTitle>
      <Typography.Text type="secondary">
        {t(`统计期间 ${d.from} 至 ${d.to}（对比上期 ${d.previousFrom} 至 ${d.previousTo}）`, `${d.from} to ${d.to} (against ${d.previousFrom} to ${d.previousTo})`)} ·{' '}
        {report.scheduled ? t('定时生成', 'scheduled') : t('手动生成', 'made on demand')} {fmtTime(report.createdAt)} ·{' '}
        {report.sentAt ? t(`已报送领导 ${fmtTime(report.sentAt)}`, `sent to the leaders ${fmtTime(report.sentAt)}`) : t('未报送领导', 'not sent to the leaders yet')}
      </Typography.Text>
      <Totals d={d} />
      <ReportCharts d={d} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={10}>
          <Panel title={t('热点问题', 'Hot issues')}>
            <HotIssues d={d} />
          </Panel>
        </Col>
        <Col xs={24} xl={14}>
          <Panel title={t('督办与超期情况', 'Supervision and overdue')}>
            <Status d={d} />
          </Panel>
        </Col>
      </Row>
      <Panel title={t('重要诉求', 'Important cases')}>
        <ImportantCases d={d} />
      </Panel>
      <UnitRatesChart d={d} />
      <Panel title={t('承办单位', 'Units')} extra={<MetricsGlossary />}>
        <UnitsTable units={d.units} />
      </Panel>
    </Space>
  );
}

/** The period's totals, each with its change against the previous period. */
function Totals({ d }: { d: ReportData }) {
  const { t } = useLang();
  const c = d.totals.counters;
  const change = d.receivedChange === null ? t('上期无数据', 'no previous data') : t(`较上期 ${d.receivedChange >= 0 ? '+' : ''}${(d.receivedChange * 100).toFixed(1)}%`, `${d.receivedChange >= 0 ? '+' : ''}${(d.receivedChange * 100).toFixed(1)}% on the previous period`);
  const points = (r: Rate) => {
    const now = d.totals.rates[r];
    const before = d.previous.rates[r];
    if (now === null || before === null) return t(`上期 ${pct(before)}`, `previously ${pct(before)}`);
    const diff = (now - before) * 100;
    const s = `${diff >= 0 ? '+' : ''}${diff.toFixed(1)}`;
    return t(`较上期 ${s} 个百分点`, `${s} points on the previous period`);
  };
  return (
    <Row gutter={[8, 8]}>
      <Col xs={12} md={6} xl={3}>
        <Card size="small">
          <Statistic title={t('受理量', 'Received')} value={c.received} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {change}
          </Typography.Text>
        </Card>
      </Col>
      {KPI_RATES.map((r) => (
        <Col key={r} xs={12} md={6} xl={3}>
          <Card size="small">
            <Statistic title={<RateTitle rate={r} />} value={pct(d.totals.rates[r])} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {points(r)}
            </Typography.Text>
          </Card>
        </Col>
      ))}
      <Col xs={12} md={6} xl={3}>
        <Card size="small">
          <Statistic title={t('超期次数', 'Overdue stages')} value={c.overdue} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`上期 ${d.previous.counters.overdue}`, `previously ${d.previous.counters.overdue}`)}
          </Typography.Text>
        </Card>
      </Col>
    </Row>
  );
}

function HotIssues({ d }: { d: ReportData }) {
  const { t } = useLang();
  if (!d.hotIssues.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('本期没有集中反映的问题', 'No issue raised repeatedly this period')} />;
  return (
    <ol style={{ margin: 0, paddingLeft: 20 }}>
      {d.hotIssues.map((h, i) => (
        <li key={i} style={{ marginBottom: 8 }}>
          <Space size={4} wrap>
            {h.keywords.map((k) => (
              <Tag key={k} color={TAG.red}>
                {k}
              </Tag>
            ))}
            <span>{t(`${h.count} 件`, `${h.count} cases`)}</span>
          </Space>
          <ul style={{ margin: '2px 0 0', paddingLeft: 16 }}>
            {h.cases.map((c) => (
              <li key={c.caseNo}>
                <Link to={`/cases/${c.caseNo}`} style={{ textDecoration: 'underline' }}>
                  {c.caseNo}
                </Link>{' '}
                {c.title}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function Status({ d }: { d: ReportData }) {
  const { t } = useLang();
  const s = d.supervision;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'orders', label: t('督办单', 'Supervision orders'), children: t(`下发 ${s.ordersIssued}，已回复 ${s.ordersResponded}，未回复 ${s.ordersOpen}，逾期 ${s.ordersOverdue}`, `${s.ordersIssued} issued, ${s.ordersResponded} answered, ${s.ordersOpen} open, ${s.ordersOverdue} late`) },
        { key: 'urges', label: t('催办', 'Urges'), children: s.urges },
        { key: 'instructions', label: t('领导批示', 'Leaders’ instructions'), children: s.instructions },
        { key: 'special', label: t('专报', 'Special reports'), children: s.specialReports },
        { key: 'stages', label: t('本期超期次数', 'Overdue stages this period'), children: d.overdue.stages },
        { key: 'open', label: t('目前超期未办结', 'Overdue and still open now'), children: d.overdue.openOverdue },
        { key: 'consult', label: t('咨询类', 'Consultations'), children: t(`受理 ${d.consultations.received}，当即答复 ${d.consultations.answeredOnSpot}`, `${d.consultations.received} received, ${d.consultations.answeredOnSpot} answered on the spot`) },
        { key: 'media', label: t('媒体热线联动', 'Media-linked'), children: t(`${d.mediaLinked} 件`, `${d.mediaLinked} cases`) },
      ]}
    />
  );
}

function ImportantCases({ d }: { d: ReportData }) {
  const { t } = useLang();
  return (
    <Table<ReportData['importantCases'][number]>
      size="small"
      rowKey="caseNo"
      dataSource={d.importantCases}
      pagination={d.importantCases.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      locale={{ emptyText: t('本期没有重大紧急、批示、督办或专报的诉求', 'No emergency, instructed, supervised or reported case this period') }}
      columns={[
        { title: t('编号', 'Case no.'), dataIndex: 'caseNo', width: 150, render: (no: string) => <Link to={`/cases/${no}`}>{no}</Link> },
        { title: t('标题', 'Title'), dataIndex: 'title', ellipsis: true },
        {
          title: t('重要原因', 'Why'),
          dataIndex: 'reasons',
          width: 200,
          render: (rs: string[]) => (
            <Space size={2} wrap>
              {rs.map((r) => (
                <Tag key={r} color={TAG.orange}>
                  {r}
                </Tag>
              ))}
            </Space>
          ),
        },
        { title: t('状态', 'State'), dataIndex: 'state', width: 100 },
        { title: t('主办单位', 'Lead unit'), dataIndex: 'unit', width: 220, ellipsis: true, render: (u: string | null) => u ?? '—' },
      ]}
    />
  );
}

function UnitsTable({ units }: { units: StatsRow[] }) {
  const { t } = useLang();
  const rate = (r: Rate) => ({
    title: <RateHeader rate={r} />,
    key: r,
    width: 120,
    align: 'right' as const,
    sorter: (a: StatsRow, b: StatsRow) => (a.rates[r] ?? -1) - (b.rates[r] ?? -1),
    render: (_: unknown, u: StatsRow) => pct(u.rates[r]),
  });
  const count = (c: keyof Counters, zh: string, en: string) => ({
    title: t(zh, en),
    key: c,
    width: 80,
    align: 'right' as const,
    sorter: (a: StatsRow, b: StatsRow) => a.counters[c] - b.counters[c],
    render: (_: unknown, u: StatsRow) => u.counters[c],
  });
  return (
    <Table<StatsRow>
      size="small"
      rowKey="key"
      dataSource={units}
      scroll={{ x: 'max-content' }}
      pagination={units.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      columns={[
        { title: t('单位', 'Unit'), dataIndex: 'label', fixed: 'left', width: 220, ellipsis: true },
        count('dispatched', '承办', 'Cases'),
        count('replied', '已反馈', 'Replied'),
        rate('feedbackRate'),
        rate('onTimeRate'),
        rate('completionRate'),
        rate('satisfactionRate'),
        rate('responseRate'),
        count('reworked', '重办', 'Reworked'),
        count('overdue', '超期', 'Overdue'),
      ]}
    />
  );
}
