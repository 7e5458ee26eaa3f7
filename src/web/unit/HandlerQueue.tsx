/**
 * 本单位诉求: the handler's desk. The unit's cases by deadline in four tabs — to accept, handling,
 * co-handled, replied — with the steps of each row at hand: accept, return with a reason, reply
 * with photos, request an extension, a co-unit's opinion, and contacting the citizen (logged).
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Dropdown, Space, Tabs, Tag, message } from 'antd';
import { DownOutlined } from '@ant-design/icons';
import { post } from '../shared/api';
import { useT } from '../shared/i18n';
import { useMe } from '../shared/session';
import { useAsync } from '../shared/useAsync';
import { CaseTable } from '../shared/CaseTable';
import { TAG } from '../shared/format';
import type { CaseView } from '../shared/types';
import { EXTENSION_LIMITS, PageTitle, SEND_BACK_STYLE, WarnTag, byDeadline, errorText, fetchCases, useMinuteTick } from './ui';
import { StepModal, type StepSpec } from './StepModal';
import { ReplyDrawer } from '../shared/ReplyDrawer';
import { ContactModal } from './ContactModal';
import { NotificationsButton } from './Notifications';
import { useCaseEvents } from '../shared/useCaseEvents';
import { LiveBadge } from '../shared/LiveBadge';

type TabKey = 'dispatched' | 'handling' | 'co' | 'replied';
type Open = { kind: 'step'; spec: StepSpec; c: CaseView } | { kind: 'reply'; c: CaseView } | { kind: 'contact'; c: CaseView } | null;

const AFTER_REPLY = ['pending_signoff', 'replied', 'pending_callback', 'dissatisfied', 'returned'];
const CO_OPEN = ['dispatched', 'handling', 'pending_signoff'];

export function HandlerQueue() {
  const t = useT();
  const me = useMe();
  useMinuteTick();
  const [chosen, setTab] = useState<TabKey>();
  const [open, setOpen] = useState<Open>(null);
  const [busyId, setBusyId] = useState<string>();
  const { data, error, loading, reload } = useAsync(() => fetchCases(`state=dispatched,handling,${AFTER_REPLY.join(',')}`), []);
  // a case dispatched to the unit, or taken from it, shows at once (the server sends only the unit's cases)
  const live = useCaseEvents(reload, { debounceMs: 500 });

  const tabs = useMemo(() => {
    const all = [...(data ?? [])].sort(byDeadline);
    const lead = (c: CaseView) => c.leadUnit?.id === me.unit.id;
    return {
      dispatched: all.filter((c) => lead(c) && c.state === 'dispatched'),
      handling: all.filter((c) => lead(c) && c.state === 'handling'),
      co: all.filter((c) => !lead(c) && c.coUnits.some((u) => u.id === me.unit.id) && CO_OPEN.includes(c.state)),
      replied: all.filter((c) => lead(c) && AFTER_REPLY.includes(c.state)),
    };
  }, [data, me.unit.id]);

  // open where the work is: the first tab with cases, until the user picks one
  const tab: TabKey = chosen ?? (['dispatched', 'handling', 'co', 'replied'] as const).find((k) => tabs[k].length > 0) ?? 'dispatched';

  const steps = {
    return: (): StepSpec => ({ path: 'return', title: t('回单（非本单位职责）', 'Return as not ours'), okText: t('确认回单', 'Return'), field: 'reason', label: t('回单理由', 'Reason'), required: true, hint: t('说明为什么不属于本单位职责，最好指明应由哪个单位办理', 'Say why it is not ours and, if you can, whose it is') }),
    extension: (): StepSpec => ({ path: 'extension-requests', title: t('申请延期', 'Request an extension'), okText: t('提交申请', 'Request'), field: 'reason', label: t('延期理由', 'Reason'), required: true, limit: { options: EXTENSION_LIMITS, required: true, label: t('延长时限', 'Extend by') } }),
    coReply: (): StepSpec => ({ path: 'co-reply', title: t('协办意见', 'Co-unit opinion'), okText: t('提交意见', 'Submit'), field: 'content', label: t('协办意见', 'Opinion'), required: true, minLength: 2 }),
  };

  async function accept(c: CaseView) {
    setBusyId(c.id);
    try {
      await post(`/api/cases/${c.id}/accept`, { version: c.version });
      message.success(t(`已签收 ${c.caseNo}`, `Accepted ${c.caseNo}`));
      reload();
    } catch (e) {
      message.error(errorText(e));
      reload();
    } finally {
      setBusyId(undefined);
    }
  }

  function actions(c: CaseView) {
    const can = (a: string) => c.allowedActions.includes(a as never);
    const mayContact = !c.anonymous && !c.confidential && c.leadUnit?.id === me.unit.id && ['dispatched', 'handling'].includes(c.state);
    const more = [
      ...(can('request_extension') ? [{ key: 'extension', label: t('申请延期', 'Request extension') }] : []),
      ...(can('return') && c.state === 'handling' ? [{ key: 'return', label: t('回单', 'Return') }] : []),
      ...(mayContact ? [{ key: 'contact', label: t('联系群众', 'Contact citizen') }] : []),
    ];
    const onMore = (key: string) => {
      if (key === 'extension') setOpen({ kind: 'step', spec: steps.extension(), c });
      if (key === 'return') setOpen({ kind: 'step', spec: steps.return(), c });
      if (key === 'contact') setOpen({ kind: 'contact', c });
    };
    return (
      <Space size={4} wrap>
        {can('accept') && (
          <Button size="small" type="primary" loading={busyId === c.id} onClick={() => void accept(c)} aria-label={t(`签收 ${c.caseNo}`, `Accept ${c.caseNo}`)}>
            {t('签收', 'Accept')}
          </Button>
        )}
        {can('return') && c.state === 'dispatched' && (
          <Button size="small" style={SEND_BACK_STYLE} onClick={() => setOpen({ kind: 'step', spec: steps.return(), c })} aria-label={t(`回单 ${c.caseNo}`, `Return ${c.caseNo}`)}>
            {t('回单', 'Return')}
          </Button>
        )}
        {can('reply') && (
          <Button size="small" type="primary" onClick={() => setOpen({ kind: 'reply', c })} aria-label={t(`反馈 ${c.caseNo}`, `Reply to ${c.caseNo}`)}>
            {t('反馈', 'Reply')}
          </Button>
        )}
        {can('co_reply') && (
          <Button size="small" type="primary" onClick={() => setOpen({ kind: 'step', spec: steps.coReply(), c })} aria-label={t(`协办意见 ${c.caseNo}`, `Opinion on ${c.caseNo}`)}>
            {t('协办意见', 'Opinion')}
          </Button>
        )}
        {more.length > 0 && (
          <Dropdown menu={{ items: more, onClick: ({ key }) => onMore(key) }} trigger={['click']}>
            <Button size="small" aria-label={t(`更多操作 ${c.caseNo}`, `More for ${c.caseNo}`)}>
              {t('更多', 'More')} <DownOutlined />
            </Button>
          </Dropdown>
        )}
        {c.extensionPending && <Tag color="blue">{t('延期审批中', 'Extension pending')}</Tag>}
        {c.openOrders > 0 && (
          <Tag color={TAG.purple} title={t('到诉求页面提交督办反馈', 'Answer it on the case page')}>
            {t('督办待反馈', 'Order to answer')}
          </Tag>
        )}
        {c.siteCheck && c.state === 'handling' && <Tag color={TAG.orange}>{t('需现场照片', 'Site photos')}</Tag>}
        {c.urgeCount > 0 && <WarnTag>{t(`催办 ${c.urgeCount} 次`, `Urged ×${c.urgeCount}`)}</WarnTag>}
        {c.reworkCount > 0 && c.state === 'handling' && <Tag color="magenta">{t('重办', 'Rework')}</Tag>}
      </Space>
    );
  }

  const label = (zh: string, en: string, n: number) => `${t(zh, en)} (${n})`;
  const table = (cases: CaseView[]) => <CaseTable cases={cases} loading={loading} extra={[{ title: t('操作', 'Actions'), render: actions }]} />;
  const overdue = [...tabs.dispatched, ...tabs.handling].filter((c) => c.deadlineStatus === 'overdue').length;
  const warning = [...tabs.dispatched, ...tabs.handling].filter((c) => c.deadlineStatus === 'warning').length;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <PageTitle
        extra={
          <>
            {overdue > 0 && <Tag color="red">{t(`超期 ${overdue} 件`, `${overdue} overdue`)}</Tag>}
            {warning > 0 && <WarnTag>{t(`临期 ${warning} 件`, `${warning} due soon`)}</WarnTag>}
            <NotificationsButton />
            <LiveBadge live={live} />
            <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
          </>
        }
      >
        {t('本单位诉求', 'Our cases')}
      </PageTitle>
      {error && <Alert type="error" title={error.message} showIcon />}
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as TabKey)}
        items={[
          { key: 'dispatched', label: label('待签收', 'To accept', tabs.dispatched.length), children: table(tabs.dispatched) },
          { key: 'handling', label: label('办理中', 'Handling', tabs.handling.length), children: table(tabs.handling) },
          { key: 'co', label: label('协办', 'Co-handling', tabs.co.length), children: table(tabs.co) },
          { key: 'replied', label: label('已反馈', 'Replied', tabs.replied.length), children: table(tabs.replied) },
        ]}
      />
      {open?.kind === 'step' && <StepModal target={open.c} spec={open.spec} onClose={() => setOpen(null)} onDone={() => (setOpen(null), reload())} />}
      {open?.kind === 'reply' && <ReplyDrawer target={open.c} onClose={() => setOpen(null)} onDone={() => (setOpen(null), reload())} />}
      {open?.kind === 'contact' && <ContactModal target={open.c} onClose={() => setOpen(null)} />}
    </Space>
  );
}
