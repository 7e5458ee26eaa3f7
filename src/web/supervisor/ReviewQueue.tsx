/**
 * 待审核: the centre reads each reply beside the case it answers — with the reply checks as they
 * stood when it was submitted, how often the case was sent back, and whether the unit principal
 * signed it off — and approves it (the citizen is then called back) or sends it back for rework
 * with a reason (S1, S4 §2.2: no perfunctory replies).
 */
import { Alert, Button, Space, Spin } from 'antd';
import { get } from '../shared/api';
import { useT } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import type { CaseDetail, CaseView } from '../shared/types';
import { PageTitle, REWORK_LIMITS, fetchCases, useMinuteTick } from '../unit/ui';
import { fmtTime } from '../shared/format';
import { MasterDetail } from '../unit/MasterDetail';
import { CaseReplyPane } from '../unit/CaseReplyPane';
import { DecisionBar } from '../unit/DecisionBar';
import { CaseLine } from '../unit/CaseLine';

/** The list carries when the reply came in, though the web types do not name it yet. */
const repliedAt = (c: CaseView) => c.repliedAt ?? c.createdAt;

export function ReviewQueue() {
  const t = useT();
  useMinuteTick();
  const { data, error, loading, reload } = useAsync(() => fetchCases('state=replied'), []);
  // first replied, first reviewed: the unit's clock has stopped, the citizen's wait has not
  const items = [...(data ?? [])].sort((a, b) => (repliedAt(a) ?? '').localeCompare(repliedAt(b) ?? ''));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <PageTitle extra={<Button onClick={reload}>{t('刷新', 'Refresh')}</Button>}>
        {t('待审核', 'To review')} ({items.length})
      </PageTitle>
      {error && <Alert type="error" title={error.message} showIcon />}
      <MasterDetail
        items={items}
        loading={loading}
        getKey={(c) => c.id}
        listLabel={t('待审核的反馈', 'Replies to review')}
        detailLabel={t('诉求与反馈', 'Case and reply')}
        emptyText={t('没有待审核的反馈', 'No reply to review')}
        renderItem={(c) => <CaseLine c={c} extra={` · ${t('反馈于', 'replied')} ${fmtTime(repliedAt(c))}`} />}
        renderDetail={(c) => <ReviewDetail key={`${c.id}:${c.version}`} c={c} onDone={reload} />}
      />
    </Space>
  );
}

function ReviewDetail({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const t = useT();
  const d = useAsync(() => get<CaseDetail>(`/api/cases/${c.id}`), [c.id, c.version]);
  if (d.error) return <Alert type="error" title={d.error.message} showIcon />;
  if (!d.data) return <Spin />;
  const detail = d.data;
  return (
    <CaseReplyPane detail={detail}>
      <DecisionBar
        id={`review-${detail.id}`}
        target={detail}
        textLabel={t('审核意见 / 退回重办理由（退回时必填）', 'Note / reason for rework (required to send back)')}
        onDone={onDone}
        decisions={[
          {
            key: 'approve_reply',
            path: 'approve',
            label: t('审核通过', 'Approve'),
            field: 'note',
            primary: true,
            done: detail.anonymous ? t('已审核通过，匿名件已办结', 'Approved; the anonymous case is closed') : t('已审核通过，转入结果回访', 'Approved; now awaiting the result callback'),
          },
          { key: 'rework', path: 'rework', label: t('退回重办', 'Send back for rework'), field: 'reason', requiresText: true, danger: true, limits: REWORK_LIMITS, done: t('已退回重办', 'Sent back for rework') },
        ]}
      />
    </CaseReplyPane>
  );
}
