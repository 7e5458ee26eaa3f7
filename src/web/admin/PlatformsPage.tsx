/**
 * 对接平台 (issue #11 §3, docs/integration.md): other Huiyin instances, secondary hotlines or province
 * platforms that cases are transferred to and from — their URL and the token they issued for this one,
 * paused or active. Adding one creates its unit (dispatch to it to transfer) and the account its calls act as.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Space, Switch, Table, Typography } from 'antd';
import { api, get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { AdminPage, Pill, useRun } from './ui';

interface Platform {
  id: string;
  code: string;
  name: string;
  baseUrl: string;
  unit: { id: string; code: string };
  username: string;
  active: boolean;
}
interface Values {
  code?: string;
  name: string;
  baseUrl: string;
  token?: string;
  active?: boolean;
}

export function PlatformsPage() {
  const { t } = useLang();
  const run = useRun();
  const platforms = useAsync(() => get<Platform[]>('/api/platforms'), []);
  const [editing, setEditing] = useState<Platform | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const isNew = editing === 'new';

  const open = (p: Platform | 'new') => {
    setEditing(p);
    form.resetFields();
    if (p !== 'new') form.setFieldsValue({ name: p.name, baseUrl: p.baseUrl, active: p.active });
  };

  const save = async (v: Values) => {
    let ok = false;
    if (editing === 'new') {
      ok = await run(() => api('POST', '/api/platforms', { code: v.code!.trim(), name: v.name.trim(), baseUrl: v.baseUrl.trim(), token: v.token!.trim() }), t('已新增对接平台', 'Platform added'));
    } else if (editing) {
      const patch = {
        ...(v.name.trim() !== editing.name ? { name: v.name.trim() } : {}),
        ...(v.baseUrl.trim() !== editing.baseUrl ? { baseUrl: v.baseUrl.trim() } : {}),
        ...(v.token?.trim() ? { token: v.token.trim() } : {}),
        ...(v.active !== editing.active ? { active: v.active } : {}),
      };
      if (Object.keys(patch).length === 0) return setEditing(null);
      ok = await run(() => api('PATCH', `/api/platforms/${editing.id}`, patch));
    }
    if (ok) {
      setEditing(null);
      platforms.reload();
    }
  };

  return (
    <AdminPage
      zh="对接平台"
      en="Platforms"
      actions={
        <Button type="primary" onClick={() => open('new')}>
          {t('新增对接平台', 'Add a platform')}
        </Button>
      }
    >
      <Alert
        type="info"
        showIcon
        title={t('跨平台转办的设置（双方各做一次）', 'Setting up transfers (once, on both sides)')}
        description={
          <ol style={{ margin: 0, paddingInlineStart: 20 }}>
            <li>{t('在此新增对方平台：代码、名称、对方地址，以及对方为本平台签发的令牌。系统会为它建一个承办单位（platform-代码）和一个接口账号（platform.代码）。', 'Add the other platform here: code, name, its address, and the token it issued for this one. This creates its unit (platform-code) and the account its calls act as (platform.code).')}</li>
            <li>{t('在“用户”页为该接口账号创建范围为 transfer 的 API 令牌，交给对方；对方在其平台的对接设置中保存。', 'On the Users page, create a token with scope transfer for that account and give it to the other side, who stores it in its own platform settings.')}</li>
            <li>{t('派单员将诉求交办给该平台的单位即转办；对方办结后结果自动回传，作为该单位的反馈进入中心审核。', 'Dispatching a case to the platform’s unit transfers it; the result comes back by itself as that unit’s reply for the centre to review.')}</li>
          </ol>
        }
      />
      {platforms.error && <Alert type="error" showIcon title={platforms.error.message} />}
      <Table<Platform>
        rowKey="id"
        size="small"
        loading={platforms.loading}
        dataSource={platforms.data ?? []}
        pagination={false}
        locale={{ emptyText: t('还没有对接平台', 'No platform yet') }}
        columns={[
          { title: t('代码', 'Code'), dataIndex: 'code', width: 120 },
          { title: t('名称', 'Name'), dataIndex: 'name' },
          { title: t('地址', 'Address'), dataIndex: 'baseUrl', ellipsis: true, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('承办单位', 'Unit'), key: 'unit', width: 170, render: (_: unknown, p) => p.unit.code },
          { title: t('接口账号', 'Account'), dataIndex: 'username', width: 170 },
          { title: t('状态', 'Status'), dataIndex: 'active', width: 80, render: (v: boolean) => (v ? <Pill tone="green">{t('启用', 'Active')}</Pill> : <Pill tone="gold">{t('已暂停', 'Paused')}</Pill>) },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, p) => (
              <Button size="small" onClick={() => open(p)} aria-label={t(`编辑 ${p.name}`, `Edit ${p.name}`)}>
                {t('编辑', 'Edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={editing !== null} title={isNew ? t('新增对接平台', 'Add a platform') : t(`编辑：${editing?.name ?? ''}`, `Edit: ${editing?.name ?? ''}`)} onCancel={() => setEditing(null)} onOk={() => form.submit()} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} forceRender>
        <Form form={form} name="platform" layout="vertical" onFinish={save}>
          {isNew && (
            <Form.Item name="code" label={t('代码（小写字母、数字、-）', 'Code (lower-case letters, digits, -)')} rules={[{ required: true, pattern: /^[a-z0-9-]{2,40}$/, message: t('2–40 位小写字母、数字或 -', '2–40 lower-case letters, digits or -') }]}>
              <Input maxLength={40} placeholder="yishi" />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true, whitespace: true, min: 2, message: t('请填写名称', 'Enter a name') }]}>
            <Input maxLength={100} placeholder={t('例：乙市12345', 'e.g. Yishi 12345')} />
          </Form.Item>
          <Form.Item name="baseUrl" label={t('对方地址', 'Its address')} rules={[{ required: true, pattern: /^https?:\/\/.{4,}/, message: t('请填写 http(s) 地址', 'Enter an http(s) URL') }]}>
            <Input maxLength={500} placeholder="https://12345.example.gov.cn" />
          </Form.Item>
          <Form.Item
            name="token"
            label={isNew ? t('对方签发的令牌', 'The token it issued for this platform') : t('对方签发的新令牌（不改请留空）', 'A new token from it (leave empty to keep)')}
            rules={[{ required: isNew, min: 10, message: t('请填写令牌（至少 10 位）', 'Enter the token (10 characters or more)') }]}
          >
            <Input.Password autoComplete="off" maxLength={200} />
          </Form.Item>
          {!isNew && (
            <Space>
              <Form.Item name="active" label={t('启用', 'Active')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Space>
          )}
        </Form>
      </Modal>
    </AdminPage>
  );
}
