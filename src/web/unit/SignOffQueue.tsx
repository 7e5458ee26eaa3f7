/**
 * 待审签: the unit principal reads each reply that needs their sign-off (DOMAIN.md §7) beside the
 * case, and signs it off to the centre or sends it back to the handler with a reason.
 */
import { Alert, Button, Space, Spin } from 'antd';
import { get } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import type { CaseDetail, CaseView } from '../shared/types';
import { PageTitle, byDeadline, fetchCases, useMinuteTick } from './ui';
import { MasterDetail } from './MasterDetail';
import { CaseReplyPane } from './CaseReplyPane';
import { DecisionBar } from './DecisionBar';
import { CaseLine } from './CaseLine';

export function SignOffQueue() {
  const { t } = useLang();
  useMinuteTick();
  const { data, error, loading, reload } = useAsync(() => fetchCases('state=pending_signoff'), []);
  const items = [...(data ?? [])].sort(byDeadline);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <PageTitle extra={<Button onClick={reload}>{t('刷新', 'Refresh')}</Button>}>
        {t('待审签', 'To sign off')} ({items.length})
      </PageTitle>
      {error && <Alert type="error" title={error.message} showIcon />}
      <MasterDetail
        items={items}
        loading={loading}
        getKey={(c) => c.id}
        listLabel={t('待审签诉求', 'Cases to sign off')}
        detailLabel={t('诉求与反馈', 'Case and reply')}
        emptyText={t('没有待审签的反馈', 'Nothing to sign off')}
        renderItem={(c) => <CaseLine c={c} />}
        renderDetail={(c) => <SignOffDetail key={`${c.id}:${c.version}`} c={c} onDone={reload} />}
      />
    </Space>
  );
}

function SignOffDetail({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const { t } = useLang();
  const d = useAsync(() => get<CaseDetail>(`/api/cases/${c.id}`), [c.id, c.version]);
  if (d.error) return <Alert type="error" title={d.error.message} showIcon />;
  if (!d.data) return <Spin />;
  const detail = d.data;
  return (
    <CaseReplyPane detail={detail}>
      <DecisionBar
        id={`signoff-${detail.id}`}
        target={detail}
        textLabel={t('审签意见（退回时必填）', 'Note (required to refuse)')}
        onDone={onDone}
        decisions={[
          { key: 'sign_off', path: 'sign-off', label: t('审签通过', 'Sign off'), field: 'note', primary: true, done: t('已审签，报热线中心审核', 'Signed off; sent to the centre') },
          { key: 'reject_sign_off', path: 'refuse-sign-off', label: t('退回承办人', 'Send back'), field: 'reason', requiresText: true, danger: true, done: t('已退回承办人修改', 'Sent back to the handler') },
        ]}
      />
    </CaseReplyPane>
  );
}
