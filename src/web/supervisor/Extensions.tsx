/**
 * 延期审批: the units' extension requests awaiting the centre (S4 §2.1: asked before the deadline,
 * approved by the centre; the citizen is told the new deadline and why).
 */
import { Alert, Button, Card, Descriptions, Empty, Space, Spin } from 'antd';
import { Link } from 'react-router-dom';
import { get } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { Countdown, fmtTime } from '../shared/format';
import type { CaseDetail } from '../shared/types';
import { PageTitle, byDeadline, fetchCases, limitLabel, useMinuteTick } from '../unit/ui';
import { DecisionBar } from '../unit/DecisionBar';

/** The cases with a pending request, each with its details (the request's reason is on the case page only). */
async function loadPending(): Promise<CaseDetail[]> {
  const cases = (await fetchCases('state=dispatched,handling')).filter((c) => c.extensionPending).sort(byDeadline);
  return Promise.all(cases.map((c) => get<CaseDetail>(`/api/cases/${c.id}`)));
}

export function Extensions() {
  const { lang, t } = useLang();
  useMinuteTick();
  const { data, error, loading, reload } = useAsync(loadPending, []);
  const items = data ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <PageTitle extra={<Button onClick={reload}>{t('刷新', 'Refresh')}</Button>}>
        {t('延期审批', 'Extension requests')} ({items.length})
      </PageTitle>
      {error && <Alert type="error" title={error.message} showIcon />}
      {loading && !data && <Spin />}
      {data && items.length === 0 && <Empty description={t('没有待审批的延期申请', 'No extension request to decide')} />}
      {items.map((c) => {
        const x = [...c.extensions].reverse().find((e) => e.status === 'pending');
        return (
          <Card
            key={`${c.id}:${c.version}`}
            size="small"
            data-case={c.caseNo}
            title={
              <Space>
                <Link to={`/cases/${c.id}`}>{c.caseNo}</Link>
                <span>{c.title}</span>
              </Space>
            }
            extra={<Countdown dueAt={c.dueAt} status={c.deadlineStatus} lang={lang} />}
          >
            <Descriptions size="small" column={3} style={{ marginBottom: 8 }}>
              <Descriptions.Item label={t('承办单位', 'Unit')}>{c.leadUnit?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('当前期限', 'Due')}>{fmtTime(c.dueAt)}</Descriptions.Item>
              <Descriptions.Item label={t('申请时间', 'Requested')}>{x ? fmtTime(x.requestedAt) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('申请延长', 'Extend by')}>
                <strong>{x ? limitLabel(x.limit, t) : '—'}</strong>
              </Descriptions.Item>
              <Descriptions.Item label={t('延期理由', 'Reason')} span={2}>
                {x?.reason ?? '—'}
              </Descriptions.Item>
            </Descriptions>
            <DecisionBar
              compact
              id={`extension-${c.id}`}
              target={c}
              textLabel={t('审批意见（不同意时必填）', 'Note (required to refuse)')}
              onDone={reload}
              decisions={[
                { key: 'approve', path: 'extension-decision', label: t('同意延期', 'Approve'), field: 'note', primary: true, body: { approve: true }, done: t('已同意延期，将告知群众新的期限', 'Approved; the citizen will be told the new deadline') },
                { key: 'refuse', path: 'extension-decision', label: t('不同意', 'Refuse'), field: 'note', requiresText: true, danger: true, body: { approve: false }, done: t('已不同意延期', 'Refused') },
              ]}
            />
          </Card>
        );
      })}
    </Space>
  );
}
