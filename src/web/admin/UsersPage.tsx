/** 用户: accounts with their role and unit, and the API tokens integrations act with. */
import { useMemo, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { api, get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import type { Unit } from '../shared/types';
import { AdminPage, Filter, matches, useRun, Pill } from './ui';
import { Tokens } from './TokensSection';
import { roleLabel, roleOptions } from './labels';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  unitId: string;
  unitName: string;
  phone: string | null;
  mobile: string | null;
  /** Where the reports (周报 …) are mailed. */
  email: string | null;
  active: boolean;
}
interface UserForm {
  username?: string;
  displayName: string;
  password?: string;
  role: string;
  unit: string;
  phone?: string;
  mobile?: string;
  email?: string;
  active?: boolean;
}

export function UsersPage() {
  const { lang, t } = useLang();
  const run = useRun();
  const users = useAsync(() => get<User[]>('/api/users'), []);
  const units = useAsync(() => get<Unit[]>('/api/units'), []);
  const [q, setQ] = useState('');
  const [role, setRole] = useState<string>();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [form] = Form.useForm<UserForm>();
  const unitOptions = useMemo(() => (units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.code, label: `${u.name}（${u.code}）` })), [units.data]);
  const unitCode = (id: string) => units.data?.find((u) => u.id === id)?.code;
  const rows = (users.data ?? []).filter((u) => (!role || u.role === role) && matches(q, u.username, u.displayName, u.unitName, u.mobile, u.email));

  const open = (u: User | 'new') => {
    setEditing(u);
    form.resetFields();
    if (u === 'new') form.setFieldsValue({ role: 'unit_handler' });
    else form.setFieldsValue({ displayName: u.displayName, role: u.role, unit: unitCode(u.unitId), phone: u.phone ?? '', mobile: u.mobile ?? '', email: u.email ?? '', active: u.active });
  };

  const save = async (v: UserForm) => {
    let ok: boolean;
    if (editing === 'new') {
      const body = { username: v.username, displayName: v.displayName, password: v.password, role: v.role, unit: v.unit, ...(v.phone ? { phone: v.phone } : {}), ...(v.mobile ? { mobile: v.mobile } : {}), ...(v.email?.trim() ? { email: v.email.trim() } : {}) };
      ok = await run(() => api('POST', '/api/users', body), t('已新增用户', 'User added'));
      if (ok) setQ(v.username ?? '');
    } else if (editing) {
      const patch = {
        ...(v.displayName !== editing.displayName ? { displayName: v.displayName } : {}),
        ...(v.role !== editing.role ? { role: v.role } : {}),
        ...(v.unit && v.unit !== unitCode(editing.unitId) ? { unit: v.unit } : {}),
        ...(v.password ? { password: v.password } : {}),
        ...((v.phone || null) !== editing.phone ? { phone: v.phone || null } : {}),
        ...((v.mobile || null) !== editing.mobile ? { mobile: v.mobile || null } : {}),
        ...((v.email?.trim() || null) !== editing.email ? { email: v.email?.trim() || null } : {}),
        ...(v.active !== editing.active ? { active: v.active } : {}),
      };
      if (Object.keys(patch).length === 0) return setEditing(null);
      ok = await run(() => api('PATCH', `/api/users/${editing.id}`, patch));
    } else return;
    if (ok) {
      setEditing(null);
      users.reload();
    }
  };

  return (
    <AdminPage
      zh="用户"
      en="Users"
      actions={
        <Button type="primary" onClick={() => open('new')}>
          {t('新增用户', 'Add user')}
        </Button>
      }
      intro={t('每个账号属于一个单位并有一个角色。停用或改密码会结束该用户的所有登录。', 'Every account belongs to one unit and has one role. Deactivating a user or changing the password ends all of their sessions.')}
    >
      <Space wrap>
        <Filter label={t('按用户名、姓名、单位、手机或邮箱筛选', 'Filter by username, name, unit, mobile or email')} value={q} onChange={setQ} width={300} />
        <Select allowClear aria-label={t('角色', 'Role')} placeholder={t('全部角色', 'All roles')} style={{ width: 160 }} value={role} onChange={setRole} options={roleOptions(lang)} />
      </Space>
      {users.error && <Alert type="error" title={users.error.message} showIcon />}
      <Table<User>
        rowKey="id"
        size="small"
        loading={users.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('用户名', 'Username'), dataIndex: 'username', width: 160 },
          { title: t('姓名', 'Name'), dataIndex: 'displayName', width: 140 },
          { title: t('角色', 'Role'), dataIndex: 'role', width: 120, render: (v: string) => roleLabel(v, lang) },
          { title: t('单位', 'Unit'), dataIndex: 'unitName', ellipsis: true },
          { title: t('手机', 'Mobile'), dataIndex: 'mobile', width: 130, render: (v: string | null) => v ?? '—' },
          { title: t('邮箱', 'Email'), dataIndex: 'email', width: 200, ellipsis: true, render: (v: string | null) => v ?? '—' },
          { title: t('状态', 'Status'), dataIndex: 'active', width: 80, render: (v: boolean) => (v ? <Pill tone="green">{t('启用', 'Active')}</Pill> : <Tag>{t('停用', 'Inactive')}</Tag>) },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, u) => (
              <Button size="small" onClick={() => open(u)} aria-label={t(`编辑 ${u.username}`, `Edit ${u.username}`)}>
                {t('编辑', 'Edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('新增用户', 'Add user') : t(`编辑用户：${editing?.username ?? ''}`, `Edit user: ${editing?.username ?? ''}`)}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('保存', 'Save')}
        forceRender
        afterOpenChange={(o) => o && form.focusField(editing === 'new' ? 'username' : 'displayName')}
      >
        <Form form={form} name="user" layout="vertical" onFinish={save}>
          {editing === 'new' && (
            <Form.Item name="username" label={t('用户名', 'Username')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{2,64}$/, message: t('2–64 位字母、数字、_ . -', '2–64 letters, digits, _ . -') }]}>
              <Input autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item name="displayName" label={t('姓名', 'Name')} rules={[{ required: true, message: t('请填写姓名', 'Enter a name') }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="role" label={t('角色', 'Role')} rules={[{ required: true }]}>
            <Select options={roleOptions(lang)} />
          </Form.Item>
          <Form.Item name="unit" label={t('所属单位', 'Unit')} rules={[{ required: editing === 'new', message: t('请选择单位', 'Choose a unit') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
          </Form.Item>
          <Form.Item
            name="password"
            label={editing === 'new' ? t('初始密码', 'Initial password') : t('新密码（不改请留空）', 'New password (leave empty to keep)')}
            rules={[{ required: editing === 'new', min: 8, message: t('至少 8 位', 'At least 8 characters') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Space style={{ width: '100%' }} size={12}>
            <Form.Item name="mobile" label={t('手机', 'Mobile')}>
              <Input maxLength={32} />
            </Form.Item>
            <Form.Item name="phone" label={t('办公电话', 'Office phone')}>
              <Input maxLength={32} />
            </Form.Item>
          </Space>
          <Form.Item
            name="email"
            label={t('电子邮箱', 'Email')}
            extra={t('领导的周报、月报等报告生成后发送到此邮箱。', 'Reports (weekly, monthly …) are mailed here for leaders.')}
            rules={[{ type: 'email', message: t('请填写有效的邮箱地址', 'Enter a valid email address') }]}
          >
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="active" label={t('启用', 'Active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Tokens users={users.data ?? []} />
    </AdminPage>
  );
}
