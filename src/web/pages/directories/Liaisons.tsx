/**
 * 社会联络员 and 走基层活动 (issue #12 §3): the appointed liaisons with the cases they brought (appoint,
 * stand down, reinstate), and the grassroots activities with the units that took part and the cases taken.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, get } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useLang } from '../../shared/i18n';
import { Filter, Pill, matches, useRun } from '../../admin/ui';
import type { Activity, Liaison } from '../../shared/directories';
import type { Unit } from '../../shared/types';

const useUnits = () => useAsync(() => get<Unit[]>('/api/units'), []);

export function Liaisons() {
  const { t } = useLang();
  const run = useRun();
  const liaisons = useAsync(() => get<Liaison[]>('/api/liaisons'), []);
  const units = useUnits();
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ name: string; phone?: string; area?: string; organisation?: string; appointedOn: Dayjs }>();
  const areas = useMemo(() => (units.data ?? []).filter((u) => u.active && (u.type === 'district' || u.type === 'street')).map((u) => ({ value: u.code, label: u.name })), [units.data]);
  const rows = (liaisons.data ?? []).filter((l) => matches(q, l.name, l.phone, l.area, l.organisation));

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Filter label={t('按姓名、电话、区域或单位筛选', 'Filter by name, phone, area or organisation')} value={q} onChange={setQ} />
        <Button type="primary" onClick={() => (form.resetFields(), setAdding(true))}>
          {t('聘任联络员', 'Appoint a liaison')}
        </Button>
      </Space>
      {liaisons.error && <Alert type="error" showIcon title={liaisons.error.message} />}
      <Table<Liaison>
        rowKey="id"
        size="small"
        loading={liaisons.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('姓名', 'Name'), dataIndex: 'name', width: 110 },
          { title: t('电话', 'Phone'), dataIndex: 'phone', width: 140, render: (v: string | null) => v ?? '—' },
          { title: t('联系区域', 'Area'), dataIndex: 'area', render: (v: string | null) => v ?? '—' },
          { title: t('所在单位', 'Organisation'), dataIndex: 'organisation', render: (v: string | null) => v ?? '—' },
          { title: t('聘任日期', 'Appointed'), dataIndex: 'appointedOn', width: 110 },
          { title: t('反映诉求', 'Cases'), dataIndex: 'cases', width: 90, align: 'right' },
          { title: t('状态', 'Status'), dataIndex: 'active', width: 80, render: (v: boolean) => (v ? <Pill tone="green">{t('在任', 'Active')}</Pill> : <Pill tone="gold">{t('已离任', 'Stood down')}</Pill>) },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, l) => (
              <Button size="small" danger={l.active} onClick={async () => (await run(() => api('PATCH', `/api/liaisons/${l.id}`, { active: !l.active }), l.active ? t('已离任', 'Stood down') : t('已恢复', 'Reinstated'))) && liaisons.reload()} aria-label={l.active ? t(`${l.name}离任`, `Stand ${l.name} down`) : t(`恢复 ${l.name}`, `Reinstate ${l.name}`)}>
                {l.active ? t('离任', 'Stand down') : t('恢复', 'Reinstate')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={adding} title={t('聘任社会联络员', 'Appoint a liaison')} onCancel={() => setAdding(false)} onOk={() => form.submit()} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} forceRender>
        <Form
          form={form}
          name="liaison"
          layout="vertical"
          initialValues={{ appointedOn: dayjs() }}
          onFinish={async (v) => {
            const body = { name: v.name.trim(), appointedOn: v.appointedOn.format('YYYY-MM-DD'), ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}), ...(v.area ? { area: v.area } : {}), ...(v.organisation?.trim() ? { organisation: v.organisation.trim() } : {}) };
            if (await run(() => api('POST', '/api/liaisons', body), t('已聘任', 'Appointed'))) {
              setAdding(false);
              liaisons.reload();
            }
          }}
        >
          <Form.Item name="name" label={t('姓名', 'Name')} rules={[{ required: true, whitespace: true, message: t('请填写姓名', 'Enter the name') }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="phone" label={t('电话', 'Phone')}>
            <Input maxLength={32} inputMode="tel" />
          </Form.Item>
          <Form.Item name="area" label={t('联系区域（区县或街道）', 'Area (district or street)')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={areas} loading={units.loading} />
          </Form.Item>
          <Form.Item name="organisation" label={t('所在单位', 'Organisation')}>
            <Input maxLength={100} placeholder={t('例：滨江社区居委会', 'e.g. a residents’ committee')} />
          </Form.Item>
          <Form.Item name="appointedOn" label={t('聘任日期', 'Appointed on')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

export function Activities() {
  const { t } = useLang();
  const run = useRun();
  const activities = useAsync(() => get<Activity[]>('/api/grassroots-activities'), []);
  const units = useUnits();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ title: string; place: string; heldOn: Dayjs; units?: string[]; note?: string }>();
  const names = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const unitOptions = useMemo(() => (units.data ?? []).filter((u) => u.active && u.type !== 'government' && u.type !== 'centre').map((u) => ({ value: u.code, label: u.name })), [units.data]);

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button type="primary" onClick={() => (form.resetFields(), setAdding(true))}>
          {t('登记活动', 'Record an activity')}
        </Button>
      </Space>
      {activities.error && <Alert type="error" showIcon title={activities.error.message} />}
      <Table<Activity>
        rowKey="id"
        size="small"
        loading={activities.loading}
        dataSource={activities.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('日期', 'Date'), dataIndex: 'heldOn', width: 110 },
          { title: t('活动', 'Activity'), dataIndex: 'title' },
          { title: t('地点', 'Place'), dataIndex: 'place' },
          { title: t('参加单位', 'Units'), key: 'units', render: (_: unknown, a) => a.unitIds.map((id) => names.get(id) ?? id).join('、') || '—' },
          { title: t('说明', 'Note'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '—' },
          { title: t('受理诉求', 'Cases'), dataIndex: 'cases', width: 90, align: 'right' },
        ]}
      />
      <Modal open={adding} title={t('登记走基层活动', 'Record a grassroots activity')} onCancel={() => setAdding(false)} onOk={() => form.submit()} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} forceRender>
        <Form
          form={form}
          name="activity"
          layout="vertical"
          initialValues={{ heldOn: dayjs() }}
          onFinish={async (v) => {
            const body = { title: v.title.trim(), place: v.place.trim(), heldOn: v.heldOn.format('YYYY-MM-DD'), units: v.units ?? [], note: v.note?.trim() || null };
            if (await run(() => api('POST', '/api/grassroots-activities', body), t('已登记', 'Recorded'))) {
              setAdding(false);
              activities.reload();
            }
          }}
        >
          <Form.Item name="title" label={t('活动名称', 'Title')} rules={[{ required: true, whitespace: true, message: t('请填写活动名称', 'Enter the title') }]}>
            <Input maxLength={200} placeholder={t('例：12345热线走进滨江社区', 'e.g. The hotline visits a neighbourhood')} />
          </Form.Item>
          <Form.Item name="place" label={t('地点', 'Place')} rules={[{ required: true, whitespace: true, message: t('请填写地点', 'Enter the place') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="heldOn" label={t('日期', 'Date')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="units" label={t('参加单位', 'Units taking part')}>
            <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={unitOptions} loading={units.loading} />
          </Form.Item>
          <Form.Item name="note" label={t('说明', 'Note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
