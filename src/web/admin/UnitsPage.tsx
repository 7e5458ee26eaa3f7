/** 单位: the unit tree as an indented table; add, rename, move, (de)activate; import and export. */
import { useMemo, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { api, get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import type { Unit } from '../shared/types';
import { AdminPage, DatasetIo, Filter, matches, useRun, Pill } from './ui';
import { unitTypeLabel, unitTypeOptions } from './labels';

interface UnitForm {
  code?: string;
  name: string;
  type?: string;
  parent?: string;
  phone?: string;
  active?: boolean;
}

/** The unit and everything below it: a unit cannot move under itself. */
function subtree(units: Unit[], id: string): Set<string> {
  const out = new Set([id]);
  for (const u of units) if (u.parentId && out.has(u.parentId)) out.add(u.id); // parents come before children
  return out;
}

export function UnitsPage() {
  const { lang, t } = useLang();
  const run = useRun();
  const { data, error, loading, reload } = useAsync(() => get<Unit[]>('/api/units'), []);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [form] = Form.useForm<UnitForm>();
  const units = useMemo(() => data ?? [], [data]);
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const rows = units.filter((u) => matches(q, u.name, u.code));
  const parentOptions = useMemo(() => {
    const exclude = editing && editing !== 'new' ? subtree(units, editing.id) : new Set<string>();
    return units.filter((u) => !exclude.has(u.id) && u.active).map((u) => ({ value: u.code, label: `${'　'.repeat(Math.max(0, u.depth))}${u.name}（${u.code}）` }));
  }, [units, editing]);

  const open = (u: Unit | 'new') => {
    setEditing(u);
    form.resetFields();
    if (u === 'new') form.setFieldsValue({ type: 'department', active: true });
    else form.setFieldsValue({ name: u.name, phone: u.phone ?? '', parent: u.parentId ? byId.get(u.parentId)?.code : undefined, active: u.active });
  };

  const save = async (v: UnitForm) => {
    let ok: boolean;
    if (editing === 'new') {
      ok = await run(() => api('POST', '/api/units', { code: v.code, name: v.name, type: v.type, ...(v.parent ? { parent: v.parent } : {}), ...(v.phone ? { phone: v.phone } : {}) }), t('已新增单位', 'Unit added'));
      if (ok) setQ(v.code ?? '');
    } else if (editing) {
      const oldParent = editing.parentId ? byId.get(editing.parentId)?.code : undefined;
      const patch = {
        ...(v.name !== editing.name ? { name: v.name } : {}),
        ...((v.phone || null) !== editing.phone ? { phone: v.phone || null } : {}),
        ...(v.active !== editing.active ? { active: v.active } : {}),
        ...(v.parent && v.parent !== oldParent ? { parent: v.parent } : {}),
      };
      if (Object.keys(patch).length === 0) return setEditing(null);
      ok = await run(() => api('PATCH', `/api/units/${editing.id}`, patch));
    } else return;
    if (ok) {
      setEditing(null);
      reload();
    }
  };

  return (
    <AdminPage
      zh="单位"
      en="Units"
      actions={
        <Button type="primary" onClick={() => open('new')}>
          {t('新增单位', 'Add unit')}
        </Button>
      }
      intro={t('承办单位的层级：市政府、热线中心、区县、街道、部门与企业。停用的单位不再接收派单。', 'The tree of units: government, the centre, districts, streets, departments and utilities. A deactivated unit receives no more cases.')}
    >
      <DatasetIo dataset="units" title={t('单位', 'units')} onImported={reload} />
      <Filter label={t('按名称或编码筛选', 'Filter by name or code')} value={q} onChange={setQ} />
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<Unit>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          {
            title: t('名称', 'Name'),
            dataIndex: 'name',
            render: (name: string, u) => <span style={{ paddingInlineStart: Math.max(0, u.depth) * 20, color: u.active ? undefined : '#595959', fontStyle: u.active ? undefined : 'italic' }}>{name}</span>,
          },
          { title: t('编码', 'Code'), dataIndex: 'code', width: 200 },
          { title: t('类型', 'Type'), dataIndex: 'type', width: 130, render: (v: string) => unitTypeLabel(v, lang) },
          { title: t('值班电话', 'Duty phone'), dataIndex: 'phone', width: 150, render: (v: string | null) => v ?? '—' },
          { title: t('状态', 'Status'), dataIndex: 'active', width: 80, render: (v: boolean) => (v ? <Pill tone="green">{t('启用', 'Active')}</Pill> : <Tag>{t('停用', 'Inactive')}</Tag>) },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, u) => (
              <Button size="small" onClick={() => open(u)} aria-label={t(`编辑 ${u.name}`, `Edit ${u.name}`)}>
                {t('编辑', 'Edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('新增单位', 'Add unit') : t(`编辑单位：${editing?.name ?? ''}`, `Edit unit: ${editing?.name ?? ''}`)}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('保存', 'Save')}
        forceRender
        afterOpenChange={(o) => o && form.focusField(editing === 'new' ? 'code' : 'name')}
      >
        <Form form={form} name="unit" layout="vertical" onFinish={save}>
          {editing === 'new' && (
            <>
              <Form.Item name="code" label={t('编码', 'Code')} extra={t('小写字母、数字、- 或 _，创建后不可改', 'Lower-case letters, digits, - or _; fixed once created')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9_-]*$/, message: t('编码格式不正确', 'Invalid code') }]}>
                <Input />
              </Form.Item>
              <Form.Item name="type" label={t('类型', 'Type')} rules={[{ required: true }]}>
                <Select options={unitTypeOptions(lang)} />
              </Form.Item>
            </>
          )}
          <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true, message: t('请填写名称', 'Enter a name') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="parent" label={t('上级单位', 'Parent unit')} extra={editing !== 'new' ? t('改选即移动单位及其下级', 'Choosing another moves the unit with everything below it') : undefined}>
            <Select showSearch={{ optionFilterProp: 'label' }} allowClear={editing === 'new'} options={parentOptions} />
          </Form.Item>
          <Form.Item name="phone" label={t('值班电话', 'Duty phone')}>
            <Input maxLength={32} />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="active" label={t('启用', 'Active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </AdminPage>
  );
}
