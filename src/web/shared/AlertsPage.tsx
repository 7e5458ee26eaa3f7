/**
 * 集中诉求预警: many citizens on the same issue in the same area within 48 hours. Dispatchers see
 * the open ones before sending out more of the same; supervisors acknowledge them.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, Space, Table, Tag, message } from 'antd';
import { Link } from 'react-router-dom';
import { get, post } from './api';
import { useT } from './i18n';
import { useAsync } from './useAsync';
import { TAG, fmtTime } from './format';
import type { Category } from './types';
import { PageTitle, errorText } from './ui';

interface AlertRow {
  id: string;
  kind: string;
  title: string;
  region: { code: string; name: string } | null;
  categoryCode: string | null;
  caseIds: string[];
  cases: number;
  createdAt: string;
  acknowledgedAt: string | null;
}

export function AlertsPage({ canAcknowledge }: { canAcknowledge: boolean }) {
  const t = useT();
  const [openOnly, setOpenOnly] = useState(true);
  const [busy, setBusy] = useState<string>();
  const { data, error, loading, reload } = useAsync(() => get<AlertRow[]>(`/api/alerts${openOnly ? '?open=true' : ''}`), [openOnly]);
  const categories = useAsync(() => get<Category[]>('/api/categories'), []);
  const categoryName = (code: string | null) => (code ? (categories.data?.find((c) => c.code === code)?.name ?? code) : '—');

  async function ack(a: AlertRow) {
    setBusy(a.id);
    try {
      await post(`/api/alerts/${a.id}/ack`);
      message.success(t('已确认预警', 'Alert acknowledged'));
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
            {canAcknowledge && (
              <Checkbox checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)}>
                {t('只看未确认', 'Unacknowledged only')}
              </Checkbox>
            )}
            <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
          </>
        }
      >
        {t('集中诉求预警', 'Concentrated requests')}
      </PageTitle>
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<AlertRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        locale={{ emptyText: t('没有预警', 'No alerts') }}
        columns={[
          { title: t('预警', 'Alert'), dataIndex: 'title', render: (v: string) => <strong>{v}</strong> },
          { title: t('区域', 'Area'), dataIndex: ['region', 'name'], width: 180, render: (v?: string) => v ?? '—' },
          { title: t('分类', 'Category'), dataIndex: 'categoryCode', width: 130, render: categoryName },
          { title: t('件数', 'Cases'), dataIndex: 'cases', width: 70, render: (n: number) => <Tag color={n >= 10 ? TAG.red : TAG.orange}>{n}</Tag> },
          {
            title: t('相关诉求', 'Cases'),
            key: 'caseIds',
            width: 220,
            render: (_: unknown, a) => (
              <Space size={4} wrap>
                {a.caseIds.map((id, i) => (
                  <Link key={id} to={`/cases/${id}`} aria-label={t(`打开第 ${i + 1} 件诉求`, `Open case ${i + 1}`)}>
                    {t(`第${i + 1}件`, `#${i + 1}`)}
                  </Link>
                ))}
              </Space>
            ),
          },
          { title: t('预警时间', 'Raised'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtTime(v) },
          ...(!canAcknowledge ? [] : [{
            title: t('处理', 'Handle'),
            key: 'ack',
            width: 120,
            render: (_: unknown, a: AlertRow) =>
              a.acknowledgedAt ? (
                <span>
                  {t('已确认', 'Acknowledged')} {fmtTime(a.acknowledgedAt)}
                </span>
              ) : (
                <Button size="small" type="primary" loading={busy === a.id} onClick={() => void ack(a)} aria-label={t(`确认预警：${a.title}`, `Acknowledge: ${a.title}`)}>
                  {t('确认', 'Acknowledge')}
                </Button>
              ),
          }]),
        ]}
      />
    </Space>
  );
}
