/**
 * A unit's duty roster as a week grid (GET /api/duty-rosters?from&to, PUT /api/duty-rosters/{unit}/{day}):
 * a row per unit — the user's own and those below it — a column per day; a click on a day sets its
 * duty person and phone. Days without anyone on duty are marked.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { api, get, qs } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useLang } from '../../shared/i18n';
import { TAG } from '../../shared/format';
import { periodStart, shiftDay, shanghaiToday } from '../../shared/periods';
import { isValidPhone } from '../../../core/citizen';
import type { RosterDay } from '../../shared/directories';
import type { Unit } from '../../shared/types';

const WEEKDAYS: [string, string][] = [
  ['周一', 'Mon'],
  ['周二', 'Tue'],
  ['周三', 'Wed'],
  ['周四', 'Thu'],
  ['周五', 'Fri'],
  ['周六', 'Sat'],
  ['周日', 'Sun'],
];

/** The unit and the units below it, parents first. */
function subtree(units: Unit[], rootId: string): Unit[] {
  const ids = new Set([rootId]);
  // GET /api/units lists parents before children
  for (const u of units) if (u.parentId && ids.has(u.parentId)) ids.add(u.id);
  return units.filter((u) => ids.has(u.id) && u.active);
}

export function RosterWeek({ rootUnitId }: { rootUnitId: string }) {
  const { lang, t } = useLang();
  const today = useMemo(() => shanghaiToday(), []);
  const [monday, setMonday] = useState(() => periodStart('week', today));
  const days = Array.from({ length: 7 }, (_, i) => shiftDay(monday, i));
  const units = useAsync(() => get<Unit[]>('/api/units'), []);
  const roster = useAsync(() => get<RosterDay[]>(`/api/duty-rosters${qs({ from: days[0], to: days[6] })}`), [monday]);
  const [editing, setEditing] = useState<{ unit: Unit; day: string; entry?: RosterDay } | null>(null);
  const rows = useMemo(() => subtree(units.data ?? [], rootUnitId), [units.data, rootUnitId]);
  const entry = (unitId: string, day: string) => roster.data?.find((r) => r.unit.id === unitId && r.day === day);

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<LeftOutlined />} onClick={() => setMonday(shiftDay(monday, -7))} aria-label={t('上一周', 'Previous week')} />
        <Typography.Text strong>
          {days[0]} ~ {days[6]}
        </Typography.Text>
        <Button icon={<RightOutlined />} onClick={() => setMonday(shiftDay(monday, 7))} aria-label={t('下一周', 'Next week')} />
        <Button onClick={() => setMonday(periodStart('week', today))}>{t('本周', 'This week')}</Button>
        <Typography.Text type="secondary">{t('点击日期格填写当日值班人和值班电话（24 小时）', 'Click a day to set its duty person and 24-hour phone')}</Typography.Text>
      </Space>
      {(units.error || roster.error) && <Alert type="error" showIcon title={(units.error ?? roster.error)!.message} />}
      <Table<Unit>
        rowKey="id"
        size="small"
        bordered
        loading={units.loading || roster.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1000 }}
        data-testid="roster-week"
        columns={[
          { title: t('单位', 'Unit'), dataIndex: 'name', width: 200, fixed: 'left' },
          ...days.map((day, i) => ({
            title: (
              <span style={day === today ? { color: '#b91c1c' } : undefined}>
                {WEEKDAYS[i]![lang === 'en' ? 1 : 0]} {day.slice(5)}
              </span>
            ),
            key: day,
            render: (_: unknown, u: Unit) => {
              const e = entry(u.id, day);
              return (
                <Button
                  type="text"
                  block
                  style={{ height: 'auto', padding: '2px 4px', whiteSpace: 'normal', textAlign: 'left', display: 'block' }}
                  onClick={() => setEditing({ unit: u, day, entry: e })}
                  aria-label={t(`设置 ${u.name} ${day} 值班`, `Set the duty of ${u.name} on ${day}`)}
                  data-day={day}
                >
                  {e ? (
                    <>
                      <div>{e.person}</div>
                      <div style={{ fontSize: 12, color: '#595959' }}>{e.phone}</div>
                    </>
                  ) : (
                    <span style={{ color: TAG.red, fontSize: 12 }}>{t('未排班', 'Nobody')}</span>
                  )}
                </Button>
              );
            },
          })),
        ]}
      />
      {editing && <RosterModal {...editing} onClose={() => setEditing(null)} onSaved={() => (setEditing(null), roster.reload())} />}
    </Space>
  );
}

/** One unit's duty for one day: person and phone (PUT, upsert). */
export function RosterModal({ unit, day, entry, onClose, onSaved }: { unit: { code: string; name: string }; day: string; entry?: RosterDay; onClose: () => void; onSaved: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ person: string; phone: string }>();
  const [busy, setBusy] = useState(false);
  async function save(v: { person: string; phone: string }) {
    setBusy(true);
    try {
      await api('PUT', `/api/duty-rosters/${encodeURIComponent(unit.code)}/${day}`, { person: v.person.trim(), phone: v.phone.trim() });
      message.success(t('已保存', 'Saved'));
      onSaved();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={`${unit.name} · ${day}`} onCancel={onClose} onOk={() => form.submit()} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" name="roster" initialValues={{ person: entry?.person, phone: entry?.phone }} onFinish={save}>
        <Form.Item name="person" label={t('值班人', 'Duty person')} rules={[{ required: true, whitespace: true, message: t('请填写值班人', 'Enter the person') }]}>
          <Input maxLength={50} autoFocus />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('值班电话', 'Duty phone')}
          rules={[{ required: true, validator: (_, v?: string) => (v?.trim() && isValidPhone(v) ? Promise.resolve() : Promise.reject(new Error(t('请输入有效的电话号码', 'Enter a valid phone number')))) }]}
        >
          <Input maxLength={32} inputMode="tel" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
