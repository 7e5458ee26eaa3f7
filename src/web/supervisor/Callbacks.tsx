/**
 * 回访 (DOMAIN.md §8): the result callbacks of approved cases, the process callbacks and look-backs
 * the timers open, and the cases a citizen was dissatisfied with — reworked or closed with an
 * explanation. SMS and online citizens are first sent a link to rate the result on the portal
 * (method `link`); only when they have not rated it by the due time does it become a phone call.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Segmented, Space, Spin, Tabs, Tag } from 'antd';
import { get } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { TAG, channelLabel, fmtTime, satisfactionLabel } from '../shared/format';
import type { CaseDetail, CaseView } from '../shared/types';
import type { CallbackType, Channel, Satisfaction } from '../../core/enums';
import { Muted, PageTitle, REWORK_LIMITS, byDeadline, fetchCases, useMinuteTick } from '../unit/ui';
import { MasterDetail } from '../unit/MasterDetail';
import { CaseReplyPane } from '../unit/CaseReplyPane';
import { DecisionBar } from '../unit/DecisionBar';
import { CaseLine } from '../unit/CaseLine';
import { CallbackForm } from './CallbackForm';

export interface CallbackTask {
  id: string | null;
  type: CallbackType;
  /** phone: an operator calls; link: the citizen was sent a link to rate on the portal. */
  method: 'phone' | 'link';
  caseId: string;
  caseNo: string;
  title: string;
  channel: Channel;
  createdAt: string;
  dueAt: string | null;
  overdue: boolean;
}

type TabKey = CallbackType | 'dissatisfied';
type MethodFilter = 'all' | 'phone' | 'link';

export function Callbacks() {
  const { lang, t } = useLang();
  useMinuteTick();
  const [tab, setTab] = useState<TabKey>('result');
  const [method, setMethod] = useState<MethodFilter>('all');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const tasks = useAsync(() => get<CallbackTask[]>('/api/callback-tasks?limit=500'), []);
  const dissatisfied = useAsync(() => fetchCases('state=dissatisfied'), []);
  const reload = () => (tasks.reload(), dissatisfied.reload());
  const byType = useMemo(() => {
    const all = (tasks.data ?? []).filter((x) => (method === 'all' || x.method === method) && (!overdueOnly || x.overdue));
    const of = (type: CallbackType) => all.filter((x) => x.type === type).sort((a, b) => (a.dueAt ?? a.createdAt).localeCompare(b.dueAt ?? b.createdAt));
    return { result: of('result'), process: of('process'), look_back: of('look_back') };
  }, [tasks.data, method, overdueOnly]);
  const links = (tasks.data ?? []).filter((x) => x.method === 'link').length;
  const unhappy = [...(dissatisfied.data ?? [])].sort(byDeadline);

  const taskList = (type: CallbackType) => (
    <MasterDetail
      items={byType[type]}
      loading={tasks.loading}
      getKey={(x) => `${x.type}:${x.id ?? x.caseId}`}
      listLabel={t('回访任务', 'Callback tasks')}
      detailLabel={t('回访登记', 'Callback record')}
      emptyText={t('没有待办的回访', 'No callback to make')}
      above={235}
      renderItem={(x) => (
        <>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <Muted small>{x.caseNo}</Muted>
            {x.dueAt ? (
              <Tag color={x.overdue ? TAG.red : TAG.blue} data-overdue={x.overdue}>
                {x.overdue ? t('超期', 'overdue') : t('限', 'by')} {fmtTime(x.dueAt)}
              </Tag>
            ) : (
              <Muted small>{fmtTime(x.createdAt)}</Muted>
            )}
          </div>
          <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{x.title}</div>
          <Muted small>
            {channelLabel(x.channel, lang)} · {x.method === 'link' ? t('已发评价链接', 'rating link sent') : t('电话回访', 'phone')}
          </Muted>
        </>
      )}
      renderDetail={(x) => (
        <Space key={`${x.type}:${x.caseId}`} orientation="vertical" style={{ width: '100%' }}>
          {x.method === 'link' && (
            <Alert
              type="info"
              showIcon
              data-testid="rating-link"
              title={t(`已发送评价链接，等待市民评价，截至 ${fmtTime(x.dueAt)}`, `Rating link sent; waiting for the citizen to rate until ${fmtTime(x.dueAt)}`)}
              description={t('市民逾期未评价的，转为电话回访；如需要，也可现在电话回访。', 'If they have not rated by then it becomes a phone callback; you may call now if needed.')}
            />
          )}
          <CallbackForm task={x} onDone={reload} />
        </Space>
      )}
    />
  );

  const label = (zh: string, en: string, n: number) => `${t(zh, en)} (${n})`;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <PageTitle
        extra={
          <>
            <Segmented<MethodFilter>
              value={method}
              onChange={setMethod}
              aria-label={t('回访方式', 'Method')}
              options={[
                { value: 'all', label: t('全部', 'All') },
                { value: 'phone', label: t('电话回访', 'Phone') },
                { value: 'link', label: t(`等待网上评价 (${links})`, `Awaiting rating (${links})`) },
              ]}
            />
            <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)}>
              {t('只看超期', 'Overdue only')}
            </Checkbox>
            <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
          </>
        }
      >
        {t('回访', 'Callbacks')}
      </PageTitle>
      {tasks.error && <Alert type="error" title={tasks.error.message} showIcon />}
      {dissatisfied.error && <Alert type="error" title={dissatisfied.error.message} showIcon />}
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as TabKey)}
        destroyOnHidden
        items={[
          { key: 'result', label: label('结果回访', 'Result', byType.result.length), children: taskList('result') },
          { key: 'process', label: label('过程回访', 'Process', byType.process.length), children: taskList('process') },
          { key: 'look_back', label: label('回头看', 'Look-back', byType.look_back.length), children: taskList('look_back') },
          {
            key: 'dissatisfied',
            label: label('不满意', 'Dissatisfied', unhappy.length),
            children: (
              <MasterDetail
                items={unhappy}
                loading={dissatisfied.loading}
                getKey={(c) => c.id}
                listLabel={t('不满意诉求', 'Dissatisfied cases')}
                detailLabel={t('诉求与回访', 'Case and callbacks')}
                emptyText={t('没有不满意待研判的诉求', 'No dissatisfied case')}
                above={235}
                renderItem={(c) => <CaseLine c={c} extra={c.satisfaction ? ` · ${satisfactionLabel(c.satisfaction as Satisfaction, lang)}` : undefined} />}
                renderDetail={(c) => <DissatisfiedDetail key={`${c.id}:${c.version}`} c={c} onDone={reload} />}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}

/** A dissatisfied case: what the citizen said, then rework or close with an explanation. */
function DissatisfiedDetail({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const { lang, t } = useLang();
  const d = useAsync(() => get<CaseDetail>(`/api/cases/${c.id}`), [c.id, c.version]);
  if (d.error) return <Alert type="error" title={d.error.message} showIcon />;
  if (!d.data) return <Spin />;
  const detail = d.data;
  const last = [...detail.callbacks].reverse().find((x) => x.type === 'result');
  return (
    <CaseReplyPane detail={detail}>
      {last && (
        <Alert
          type="warning"
          showIcon
          title={`${t('结果回访', 'Result callback')} ${fmtTime(last.at)}：${last.satisfaction ? satisfactionLabel(last.satisfaction as Satisfaction, lang) : last.contacted === false ? t('群众称无人联系', 'the citizen says nobody contacted them') : '—'}`}
          description={last.comment ?? undefined}
        />
      )}
      <DecisionBar
        id={`dissatisfied-${detail.id}`}
        target={detail}
        textLabel={t('退回理由 / 办结说明', 'Reason / explanation')}
        onDone={onDone}
        decisions={[
          { key: 'rework', path: 'rework', label: t('退回重办', 'Send back for rework'), field: 'reason', requiresText: true, primary: true, limits: REWORK_LIMITS, done: t('已退回重办', 'Sent back for rework') },
          { key: 'close', path: 'close', label: t('说明后办结', 'Close with explanation'), field: 'explanation', requiresText: true, done: t('已说明并办结', 'Closed with an explanation') },
        ]}
      />
    </CaseReplyPane>
  );
}
