/**
 * 值班 (issue #12 §4, S1 §1): a unit's handler and leader keep their 24-hour duty roster week by week;
 * the centre sees every unit's duty person for a day, records a duty phone nobody answered (S1 §3 (七))
 * and reads the quarter's unanswered calls; supervisors and admins may set any unit's roster.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Select, Space, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { CENTRE_ROLES } from '../../../core/case-lifecycle';
import { quarterOf, quarterDays } from '../../../core/criticism';
import { get, qs } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useLang } from '../../shared/i18n';
import { useMe } from '../../shared/session';
import { PageTitle } from '../../shared/ui';
import { TAG, fmtTime } from '../../shared/format';
import { shiftDay, shanghaiToday } from '../../shared/periods';
import { Filter, matches } from '../../admin/ui';
import type { RosterDay } from '../../shared/directories';
import type { Unit } from '../../shared/types';
import { RosterModal, RosterWeek } from './RosterWeek';
import { DutyFailureModal } from './DutyFailureModal';

export function DutyPage() {
  const { t } = useLang();
  const me = useMe();
  const centre = me.atCentre && (CENTRE_ROLES as readonly string[]).includes(me.role);
  const [tab, setTab] = useState(centre ? 'day' : 'roster');
  const failures = <Failures />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <PageTitle>{centre ? t('值班', 'Duty') : t(`值班 · ${me.unit.name}`, `Duty · ${me.unit.name}`)}</PageTitle>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={
          centre
            ? [
                { key: 'day', label: t('各单位值班', 'Every unit’s duty'), children: <DayDuty canEdit={me.role === 'supervisor' || me.role === 'admin'} /> },
                { key: 'failures', label: t('值班电话未接记录', 'Unanswered duty phones'), children: tab === 'failures' && failures },
              ]
            : [
                { key: 'roster', label: t('排班表', 'Roster'), children: <RosterWeek rootUnitId={me.unit.id} /> },
                { key: 'failures', label: t('值班电话未接记录', 'Unanswered duty phones'), children: tab === 'failures' && failures },
              ]
        }
      />
    </Space>
  );
}

interface DutyRow {
  unit: Unit;
  entry?: RosterDay;
}

/** Every handling unit's duty person on a day; the unrostered first, so they are seen. */
function DayDuty({ canEdit }: { canEdit: boolean }) {
  const { t } = useLang();
  const [day, setDay] = useState(() => shanghaiToday());
  const [q, setQ] = useState('');
  const [failing, setFailing] = useState<DutyRow | null>(null);
  const [editing, setEditing] = useState<DutyRow | null>(null);
  const units = useAsync(() => get<Unit[]>('/api/units'), []);
  const roster = useAsync(() => get<RosterDay[]>(`/api/duty-rosters${qs({ from: day, to: day })}`), [day]);
  const rows = useMemo<DutyRow[]>(() => {
    const byUnit = new Map((roster.data ?? []).map((r) => [r.unit.id, r]));
    return (units.data ?? [])
      .filter((u) => u.active && u.type !== 'government' && u.type !== 'centre')
      .map((u) => ({ unit: u, entry: byUnit.get(u.id) }))
      .filter((r) => matches(q, r.unit.name, r.unit.code, r.entry?.person, r.entry?.phone))
      .sort((a, b) => Number(!!a.entry) - Number(!!b.entry));
  }, [units.data, roster.data, q]);
  const missing = rows.filter((r) => !r.entry).length;
  const isToday = day === shanghaiToday();

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker aria-label={t('日期', 'Date')} allowClear={false} value={dayjs(day)} onChange={(d) => d && setDay(d.format('YYYY-MM-DD'))} />
        <Button onClick={() => setDay(shiftDay(day, -1))}>{t('前一天', 'Day before')}</Button>
        <Button onClick={() => setDay(shiftDay(day, 1))}>{t('后一天', 'Day after')}</Button>
        <Filter label={t('按单位、值班人或电话筛选', 'Filter by unit, person or phone')} value={q} onChange={setQ} />
        {missing > 0 && <Typography.Text style={{ color: TAG.red }}>{t(`${missing} 个单位未排班`, `${missing} unit(s) with nobody on duty`)}</Typography.Text>}
      </Space>
      {(units.error || roster.error) && <Alert type="error" showIcon title={(units.error ?? roster.error)!.message} />}
      <Table<DutyRow>
        rowKey={(r) => r.unit.id}
        size="small"
        loading={units.loading || roster.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        data-testid="duty-day"
        columns={[
          { title: t('单位', 'Unit'), key: 'unit', render: (_: unknown, r) => r.unit.name },
          { title: t('值班人', 'On duty'), key: 'person', width: 140, render: (_: unknown, r) => r.entry?.person ?? <span style={{ color: TAG.red }}>{t('未排班', 'Nobody')}</span> },
          { title: t('值班电话', 'Duty phone'), key: 'phone', width: 170, render: (_: unknown, r) => (r.entry ? <a href={`tel:${r.entry.phone.replace(/[^\d+]/g, '')}`}>{r.entry.phone}</a> : (r.unit.phone ?? '—')) },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 220,
            render: (_: unknown, r) => (
              <Space size={4}>
                {isToday && (
                  <Button size="small" danger onClick={() => setFailing(r)} aria-label={t(`${r.unit.name}值班电话无人接听`, `${r.unit.name}: duty phone unanswered`)}>
                    {t('无人接听', 'Unanswered')}
                  </Button>
                )}
                {canEdit && (
                  <Button size="small" onClick={() => setEditing(r)} aria-label={t(`设置 ${r.unit.name} 值班`, `Set the duty of ${r.unit.name}`)}>
                    {t('排班', 'Set')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {failing && <DutyFailureModal unit={failing.unit} phone={failing.entry?.phone ?? failing.unit.phone ?? undefined} onClose={() => setFailing(null)} onDone={() => setFailing(null)} />}
      {editing && <RosterModal unit={editing.unit} day={day} entry={editing.entry} onClose={() => setEditing(null)} onSaved={() => (setEditing(null), roster.reload())} />}
    </Space>
  );
}

/** The last four quarters, newest first. */
function recentQuarters(now: Date): string[] {
  const out = [quarterOf(now)];
  while (out.length < 4) out.push(quarterOf(new Date(Date.parse(`${quarterDays(out[out.length - 1]!).from}T00:00:00+08:00`) - 86_400_000)));
  return out;
}

function Failures() {
  const { t } = useLang();
  const quarters = useMemo(() => recentQuarters(new Date()), []);
  const [quarter, setQuarter] = useState(quarters[0]!);
  const list = useAsync(() => get<{ id: string; unit: string; phone: string; calledAt: string; caseNo: string | null; note: string | null }[]>(`/api/duty-call-failures${qs({ quarter })}`), [quarter]);
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space>
        <Select aria-label={t('季度', 'Quarter')} value={quarter} onChange={setQuarter} style={{ width: 140 }} options={quarters.map((q) => ({ value: q, label: q }))} />
        <Typography.Text type="secondary">{t('值班电话无人接听的，列入该单位当季通报批评事项。', 'Each unanswered duty phone goes on the unit’s criticism list for the quarter.')}</Typography.Text>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('本季度没有记录', 'None this quarter') }}
        columns={[
          { title: t('拨打时间', 'Called at'), dataIndex: 'calledAt', width: 150, render: fmtTime },
          { title: t('单位', 'Unit'), dataIndex: 'unit' },
          { title: t('值班电话', 'Phone'), dataIndex: 'phone', width: 150 },
          { title: t('诉求', 'Case'), dataIndex: 'caseNo', width: 160, render: (v: string | null) => (v ? <Link to={`/cases/${v}`}>{v}</Link> : '—') },
          { title: t('说明', 'Note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Space>
  );
}
