/**
 * 集中诉求: open alerts of many citizens raising the same issue in the same area within 48 hours —
 * the dispatcher sees them before dispatching more of the same. Supervisors acknowledge them.
 */
import { Alert, Button, Flex, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useT } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { useCategories } from '../operator/categories';

export interface ConcentrationAlert {
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

export function ConcentratedAlerts() {
  const t = useT();
  const categories = useCategories();
  const { data, error, loading, reload } = useAsync(() => get<ConcentrationAlert[]>('/api/alerts?open=true'), []);
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="baseline">
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('集中诉求预警', 'Concentrated requests')}
        </Typography.Title>
        <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
      </Flex>
      <Typography.Text type="secondary">{t('48 小时内同一区域、同一问题的多件诉求；确认由督办人员进行。', 'Several requests on the same issue in the same area within 48 hours; supervisors acknowledge them.')}</Typography.Text>
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<ConcentrationAlert>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        locale={{ emptyText: t('没有未确认的集中诉求预警', 'No open alert') }}
        columns={[
          { title: t('预警', 'Alert'), dataIndex: 'title', ellipsis: true, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('区域', 'Area'), dataIndex: ['region', 'name'], width: 200, render: (v?: string) => v ?? '—' },
          { title: t('分类', 'Category'), dataIndex: 'categoryCode', width: 220, render: (v: string | null) => categories.nameOf(v) },
          { title: t('件数', 'Cases'), dataIndex: 'cases', width: 80, render: (v: number) => <Typography.Text strong type={v >= 5 ? 'danger' : undefined}>{v}</Typography.Text> },
          { title: t('预警时间', 'Raised'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtTime(v) },
          {
            title: t('相关诉求', 'Cases'),
            key: 'links',
            width: 260,
            render: (_: unknown, a) => (
              <Space size={4} wrap>
                {a.caseIds.slice(0, 8).map((id, i) => (
                  <Link key={id} to={`/cases/${id}`} aria-label={t(`相关诉求 ${i + 1}`, `Case ${i + 1}`)}>
                    #{i + 1}
                  </Link>
                ))}
                {a.caseIds.length > 8 && <span>…</span>}
              </Space>
            ),
          },
        ]}
      />
    </Flex>
  );
}
