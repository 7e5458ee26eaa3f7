/**
 * 超期与催办: every overdue case, most overdue first, with how often it was urged; the supervisor
 * urges the unit (催办) or issues a supervision order (督办单) from the row (S2, S4 annex 3).
 * The steps' forms are the case page's own (ActionPanel); the columns are the board's, not every
 * queue's: how long overdue and how often urged matter here, channel and kind do not.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useLang } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { Countdown, urgencyLabel } from '../shared/format';
import { ActionPanel } from '../shared/ActionPanel';
import type { CaseAction } from '../../core/case-lifecycle';
import type { CaseDetail, CaseView } from '../shared/types';
import { PageTitle, WarnTag, byDeadline, fetchCases, useMinuteTick } from '../unit/ui';

/** The row's case as the action forms read it, offering only the given steps. */
function withSteps(c: CaseView, steps: CaseAction[]): CaseDetail {
  return { ...c, allowedActions: c.allowedActions.filter((a) => steps.includes(a)), events: [], replies: [], callbacks: [], extensions: [], attachments: [], promises: [], instructions: [], orders: [], specialReports: [] };
}

export function OverdueBoard() {
  const { lang, t } = useLang();
  useMinuteTick();
  const [unit, setUnit] = useState<string>();
  const { data, error, loading, reload } = useAsync(() => fetchCases('overdue=true'), []);
  const all = useMemo(() => [...(data ?? [])].sort(byDeadline), [data]);
  const units = useMemo(() => {
    const m = new Map<string, { name: string; n: number }>();
    for (const c of all) if (c.leadUnit) m.set(c.leadUnit.id, { name: c.leadUnit.name, n: (m.get(c.leadUnit.id)?.n ?? 0) + 1 });
    return [...m.entries()].sort((a, b) => b[1].n - a[1].n).map(([id, u]) => ({ value: id, label: `${u.name}（${u.n}）` }));
  }, [all]);
  const shown = unit ? all.filter((c) => c.leadUnit?.id === unit) : all;
  const urged = all.filter((c) => c.urgeCount > 0).length;
  const supervised = all.filter((c) => c.supervised).length;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <PageTitle
        extra={
          <>
            <Tag color="red">{t(`超期 ${all.length} 件`, `${all.length} overdue`)}</Tag>
            <WarnTag>{t(`已催办 ${urged} 件`, `${urged} urged`)}</WarnTag>
            <Tag color="purple">{t(`督办 ${supervised} 件`, `${supervised} supervised`)}</Tag>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('全部承办单位', 'All units')} aria-label={t('按承办单位筛选', 'Filter by unit')} style={{ width: 260 }} value={unit} onChange={setUnit} options={units} />
            <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
          </>
        }
      >
        {t('超期与催办', 'Overdue and urging')}
      </PageTitle>
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<CaseView>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={shown}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        locale={{ emptyText: t('没有超期诉求', 'No overdue case') }}
        columns={[
          { title: t('编号', 'No.'), dataIndex: 'caseNo', width: 150, render: (v: string, c) => <Link to={`/cases/${c.id}`}>{v}</Link> },
          {
            title: t('标题', 'Title'),
            dataIndex: 'title',
            ellipsis: true,
            render: (v: string, c) => (
              <>
                {c.urgency !== 'normal' && <Tag color="red">{urgencyLabel(c.urgency, lang)}</Tag>}
                {c.supervised && <Tag color="purple">{t('督办', 'Supervised')}</Tag>}
                {v}
              </>
            ),
          },
          { title: t('主办单位', 'Lead unit'), dataIndex: ['leadUnit', 'name'], width: 190, ellipsis: true },
          { title: t('状态', 'State'), dataIndex: 'stateLabel', width: 100 },
          { title: t('超期', 'Overdue by'), dataIndex: 'dueAt', width: 140, render: (_: unknown, c) => <Countdown dueAt={c.dueAt} status={c.deadlineStatus} lang={lang} /> },
          { title: t('已催办', 'Urged'), dataIndex: 'urgeCount', width: 80, render: (n: number) => <span data-urges={n}>{n > 0 ? <WarnTag>{t(`${n} 次`, `×${n}`)}</WarnTag> : t('0 次', '×0')}</span> },
          { title: t('催办 / 督办', 'Urge / supervise'), key: 'steps', width: lang === 'en' ? 250 : 160, render: (_: unknown, c) => <ActionPanel detail={withSteps(c, ['urge', 'supervise'])} onDone={reload} /> },
        ]}
      />
    </Space>
  );
}
