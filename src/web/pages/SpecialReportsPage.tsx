/**
 * 专报 (DOMAIN.md §5, S1): chosen cases compiled for the leaders. The centre compiles, edits a draft
 * and submits it (each case's history records it, the leaders are told); leaders read the submitted
 * ones here and write their instructions on the case page. Each report prints as a PDF.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Popconfirm, Space, Spin, Table, Tag, Typography, message } from 'antd';
import { Link } from 'react-router-dom';
import { get, post } from '../shared/api';
import { useT } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { TAG, fmtTime } from '../shared/format';
import { PageTitle, errorText } from '../shared/ui';
import { PdfLink } from '../shared/orders';
import type { SpecialReport } from '../shared/types';
import { SpecialReportEditor } from './SpecialReportEditor';

export function SpecialReportsPage({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const { data, error, loading, reload } = useAsync(() => get<SpecialReport[]>('/api/special-reports'), []);
  const [viewing, setViewing] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [busy, setBusy] = useState<string>();

  async function submit(r: SpecialReport) {
    setBusy(r.id);
    try {
      await post(`/api/special-reports/${r.id}/submit`);
      message.success(t(`${r.reportNo} 已报送领导`, `${r.reportNo} sent to the leaders`));
      reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <PageTitle
        extra={
          <>
            {canEdit && (
              <Button type="primary" onClick={() => setEditing('new')}>
                {t('编制专报', 'Compile a report')}
              </Button>
            )}
            <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
          </>
        }
      >
        {t('专报', 'Special reports')}
      </PageTitle>
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<SpecialReport>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        locale={{ emptyText: canEdit ? t('还没有专报', 'No special report yet') : t('没有报送的专报', 'No report submitted') }}
        columns={[
          { title: t('编号', 'No.'), dataIndex: 'reportNo', width: 150 },
          {
            title: t('标题', 'Title'),
            dataIndex: 'title',
            ellipsis: true,
            render: (v: string, r) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setViewing(r.id)}>
                {v}
              </Button>
            ),
          },
          { title: t('诉求数', 'Cases'), dataIndex: 'caseCount', width: 80, align: 'center' },
          {
            title: t('状态', 'Status'),
            dataIndex: 'status',
            width: 90,
            render: (s: SpecialReport['status']) => <Tag color={s === 'submitted' ? TAG.green : TAG.grey}>{s === 'submitted' ? t('已报送', 'Submitted') : t('草稿', 'Draft')}</Tag>,
          },
          { title: t('编制人', 'Author'), dataIndex: 'author', width: 140, ellipsis: true },
          { title: t('时间', 'Date'), key: 'at', width: 140, render: (_: unknown, r) => fmtTime(r.submittedAt ?? r.updatedAt) },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 230,
            render: (_: unknown, r) => (
              <Space size={8} wrap>
                <PdfLink href={`/api/special-reports/${r.id}/pdf`} label={t('打印/PDF', 'PDF')} />
                {canEdit && r.status === 'draft' && (
                  <>
                    <Button size="small" onClick={() => setEditing(r.id)} aria-label={t(`修改 ${r.reportNo}`, `Edit ${r.reportNo}`)}>
                      {t('修改', 'Edit')}
                    </Button>
                    <Popconfirm title={t('报送后不能再修改，将通知领导阅示。报送？', 'Once sent it cannot change; the leaders are told. Send?')} okText={t('报送', 'Send')} cancelText={t('取消', 'Cancel')} onConfirm={() => submit(r)}>
                      <Button size="small" type="primary" loading={busy === r.id} aria-label={t(`报送 ${r.reportNo}`, `Send ${r.reportNo}`)}>
                        {t('报送', 'Send')}
                      </Button>
                    </Popconfirm>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      {viewing && <ReportDrawer id={viewing} onClose={() => setViewing(null)} />}
      {editing && (
        <SpecialReportEditor
          id={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(r) => {
            setEditing(null);
            reload();
            setViewing(r.id);
          }}
        />
      )}
    </Space>
  );
}

/** The report as the leaders read it: the summary, then each case as compiled. */
function ReportDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const t = useT();
  const { data: r, error } = useAsync(() => get<SpecialReport>(`/api/special-reports/${id}`), [id]);
  return (
    <Drawer open size={760} title={r ? `${r.reportNo}《${r.title}》` : t('专报', 'Special report')} onClose={onClose} destroyOnHidden extra={<PdfLink href={`/api/special-reports/${id}/pdf`} />}>
      {error && <Alert type="error" showIcon title={error.message} />}
      {!r && !error && <Spin />}
      {r && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('状态', 'Status')}>{r.status === 'submitted' ? t('已报送', 'Submitted') : t('草稿', 'Draft')}</Descriptions.Item>
            <Descriptions.Item label={t('编制人', 'Author')}>{r.author}</Descriptions.Item>
            <Descriptions.Item label={t('编制时间', 'Compiled')}>{fmtTime(r.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('报送时间', 'Submitted')}>{fmtTime(r.submittedAt)}</Descriptions.Item>
          </Descriptions>
          {r.summary && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15 }}>{r.summary}</Typography.Paragraph>}
          {r.cases.map((c, i) => (
            <Card
              key={c.caseId}
              size="small"
              title={
                <span>
                  {i + 1}.{' '}
                  <Link to={`/cases/${c.caseId}`} style={{ textDecoration: 'underline' }}>
                    {c.caseNo}
                  </Link>{' '}
                  {c.title}
                </span>
              }
            >
              <Descriptions size="small" column={2}>
                <Descriptions.Item label={t('类型', 'Kind')}>
                  {c.kindLabel} · {c.channelLabel} · {c.urgencyLabel}
                </Descriptions.Item>
                <Descriptions.Item label={t('登记时间', 'Registered')}>{fmtTime(c.createdAt)}</Descriptions.Item>
                <Descriptions.Item label={t('诉求人', 'Citizen')}>{c.citizen ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('地址', 'Address')}>{c.address ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('主办单位', 'Lead unit')}>{c.leadUnit ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('状态', 'State')}>{c.stateLabel}</Descriptions.Item>
              </Descriptions>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0' }}>{c.content}</Typography.Paragraph>
              {(c.finalReply ?? c.latestReply) && (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 8, margin: 0 }}>
                  <strong>{c.finalReply ? t('答复：', 'Reply: ') : t('最近反馈：', 'Latest reply: ')}</strong>
                  {c.finalReply ?? c.latestReply}
                </Typography.Paragraph>
              )}
              {c.instructions.map((x, j) => (
                <div key={j} style={{ marginTop: 8, color: TAG.red }}>
                  <strong>{t('领导批示：', 'Instruction: ')}</strong>
                  {x.text} — {x.by} {fmtTime(x.at)}
                </div>
              ))}
            </Card>
          ))}
        </Space>
      )}
    </Drawer>
  );
}
