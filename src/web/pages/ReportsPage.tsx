/**
 * 报告 (issue #8 §4–5, DOMAIN.md §9, S1 §2, S4 annex 5): the weekly reports to the leaders (周报),
 * the monthly consultation statistics (月度会商), the quarterly and annual reports, and the
 * quarterly criticism notice's draft. Supervisors and admins generate a report now; a report opens
 * in place (`?id=`), with its downloads and 报送领导. Loaded lazily with ECharts.
 */
import { lazy, Suspense, useState } from 'react';
import { Alert, Button, DatePicker, Form, Modal, Radio, Space, Spin, Table, Tabs, Tag, Typography, message } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { get, post, qs } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { useMe } from '../shared/session';
import { TAG, fmtTime } from '../shared/format';
import { PageTitle, errorText } from '../shared/ui';
import { shanghaiToday } from '../shared/periods';
import { ReportView } from './ReportView';

import { REPORT_KINDS, REPORT_KIND_LABELS, lastFullPeriod, type ReportKind } from '../../core/report-data';

const CriticismNotice = lazy(() => import('./CriticismNotice').then((m) => ({ default: m.CriticismNotice })));

const NOTICE = 'notice';

export interface ReportSummary {
  id: string;
  kind: ReportKind;
  title: string;
  from: string;
  to: string;
  scheduled: boolean;
  createdAt: string;
  sentAt: string | null;
}

export function ReportsPage() {
  const { t } = useLang();
  const me = useMe();
  const canAuthor = me.role === 'supervisor' || me.role === 'admin';
  const [params, setParams] = useSearchParams();
  const tab = params.get('kind') ?? 'weekly';
  const id = params.get('id');
  const [generating, setGenerating] = useState(false);
  const open = (kind: string, reportId?: string) => setParams(reportId ? { kind, id: reportId } : { kind });

  if (id) return <ReportView id={id} canAuthor={canAuthor} onBack={() => open(tab)} />;
  const kind = (REPORT_KINDS as readonly string[]).includes(tab) ? (tab as ReportKind) : null;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <PageTitle
        extra={
          canAuthor && (
            <Button type="primary" onClick={() => setGenerating(true)}>
              {t('生成报告', 'Generate a report')}
            </Button>
          )
        }
      >
        {t('报告', 'Reports')}
      </PageTitle>
      <Tabs
        activeKey={tab}
        onChange={(k) => open(k)}
        items={[
          ...REPORT_KINDS.map((k) => ({ key: k, label: t(REPORT_KIND_LABELS[k].zh, REPORT_KIND_LABELS[k].en) })),
          { key: NOTICE, label: t('季度通报（草稿）', 'Quarterly notice (draft)') },
        ]}
      />
      {kind && <ReportList kind={kind} onOpen={(r) => open(r.kind, r.id)} />}
      {tab === NOTICE && (
        <Suspense fallback={<Spin />}>
          <CriticismNotice />
        </Suspense>
      )}
      {generating && <GenerateModal initialKind={kind ?? 'weekly'} onClose={() => setGenerating(false)} onDone={(r) => (setGenerating(false), open(r.kind, r.id))} />}
    </Space>
  );
}

function ReportList({ kind, onOpen }: { kind: ReportKind; onOpen: (r: ReportSummary) => void }) {
  const { t } = useLang();
  const { data, error, loading } = useAsync(() => get<ReportSummary[]>(`/api/reports${qs({ kind })}`), [kind]);
  return (
    <>
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<ReportSummary>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('暂无报告。定时报告在每个周期开始当天 8 时后生成。', 'No report yet. Scheduled reports are made after 08:00 on the first day of each period.') }}
        columns={[
          {
            title: t('标题', 'Title'),
            dataIndex: 'title',
            render: (title: string, r) => (
              <Link to={`/reports${qs({ kind: r.kind, id: r.id })}`} data-testid="report-link">
                {title}
              </Link>
            ),
          },
          { title: t('统计期间', 'Period'), key: 'period', width: 220, render: (_: unknown, r) => `${r.from} — ${r.to}` },
          {
            title: t('生成方式', 'Made'),
            dataIndex: 'scheduled',
            width: 110,
            render: (s: boolean) => <Tag color={s ? TAG.blue : TAG.purple}>{s ? t('定时生成', 'Scheduled') : t('手动生成', 'On demand')}</Tag>,
          },
          { title: t('生成时间', 'Made at'), dataIndex: 'createdAt', width: 150, render: fmtTime },
          {
            title: t('报送领导', 'Sent to leaders'),
            dataIndex: 'sentAt',
            width: 150,
            render: (s: string | null) => (s ? fmtTime(s) : <Tag color={TAG.grey}>{t('未报送', 'Not sent')}</Tag>),
          },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, r) => (
              <Button size="small" onClick={() => onOpen(r)} aria-label={t(`查看${r.title}`, `Open ${r.title}`)}>
                {t('查看', 'Open')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}

function GenerateModal({ initialKind, onClose, onDone }: { initialKind: ReportKind; onClose: () => void; onDone: (r: ReportSummary) => void }) {
  const { t } = useLang();
  const today = shanghaiToday();
  const [form] = Form.useForm<{ kind: ReportKind; period: 'last' | 'custom'; range?: [Dayjs, Dayjs] }>();
  const kind = Form.useWatch('kind', form) ?? initialKind;
  const period = Form.useWatch('period', form) ?? 'last';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const last = lastFullPeriod(kind, today);
  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const body = v.period === 'custom' && v.range ? { kind: v.kind, from: v.range[0].format('YYYY-MM-DD'), to: v.range[1].format('YYYY-MM-DD') } : { kind: v.kind };
      const r = await post<ReportSummary>('/api/reports', body);
      message.success(t(`已生成：${r.title}`, `Generated: ${r.title}`));
      onDone(r);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={t('生成报告', 'Generate a report')}
      onCancel={busy ? undefined : onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okText={t('生成', 'Generate')}
      cancelText={t('取消', 'Cancel')}
      cancelButtonProps={{ disabled: busy }}
      maskClosable={!busy}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="vertical" initialValues={{ kind: initialKind, period: 'last' }} disabled={busy}>
        <Form.Item name="kind" label={t('报告类型', 'Kind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={REPORT_KINDS.map((k) => ({ value: k, label: t(REPORT_KIND_LABELS[k].zh, REPORT_KIND_LABELS[k].en) }))} />
        </Form.Item>
        <Form.Item name="period" label={t('统计期间', 'Period')}>
          <Radio.Group
            options={[
              { value: 'last', label: t(`上一个完整周期（${last.from} 至 ${last.to}）`, `The last full period (${last.from} to ${last.to})`) },
              { value: 'custom', label: t('自定义起止日期（最长一年）', 'Other dates (a year at most)') },
            ]}
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          />
        </Form.Item>
        {period === 'custom' && (
          <Form.Item name="range" label={t('起止日期', 'From and to')} rules={[{ required: true, message: t('请选择起止日期', 'Choose the dates') }]}>
            <DatePicker.RangePicker disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
          </Form.Item>
        )}
      </Form>
      {busy && (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          <Spin size="small" /> {t('正在汇总本期数据、热点问题和督办情况，可能需要几秒钟……', 'Counting the period’s cases, hot issues and supervision; this can take a few seconds…')}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
