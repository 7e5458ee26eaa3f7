/**
 * API tokens (issue #11 §4, docs/integration.md): each acts as a user, narrowed by its scopes — read,
 * write, intake, open311, transfer, or * for all the user may do. The token is shown once, at creation.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { SCOPE_LABELS, TOKEN_SCOPES, type TokenScope } from '../../core/scopes';
import { api, get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { Pill, Section, useRun } from './ui';
import { roleLabel } from './labels';
import type { User } from './UsersPage';

interface Token {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  username: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface Values {
  name: string;
  user: string;
  scopes: TokenScope[];
}

const scopeLabel = (s: string, lang: 'zh' | 'en') => `${s === '*' ? '*' : s} ${SCOPE_LABELS[s as TokenScope]?.[lang] ?? ''}`.trim();

export function Tokens({ users }: { users: User[] }) {
  const { lang, t } = useLang();
  const run = useRun();
  const tokens = useAsync(() => get<Token[]>('/api/tokens'), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ token: string; scopes: string[] }>();
  const [form] = Form.useForm<Values>();
  const scopes = Form.useWatch('scopes', form) ?? [];

  const create = async (v: Values) => {
    const ok = await run(async () => setCreated(await api<{ token: string; scopes: string[] }>('POST', '/api/tokens', { name: v.name.trim(), user: v.user, scopes: v.scopes })), t('已创建令牌', 'Token created'));
    if (ok) {
      setCreating(false);
      form.resetFields();
      tokens.reload();
    }
  };

  return (
    <>
      <Section extra={<Button onClick={() => (form.resetFields(), setCreating(true))}>{t('创建 API 令牌', 'Create API token')}</Button>}>{t('API 令牌', 'API tokens')}</Section>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t(
          '短信网关、CTI、Open311 应用和其他平台以令牌调用接口（Authorization: Bearer hy_…）：能做的不超过所代表用户的权限，并由范围进一步限定。',
          'The SMS gateway, the CTI, Open311 apps and other platforms call the API with a token (Authorization: Bearer hy_…): never more than its user may do, and only within its scopes.',
        )}
      </Typography.Paragraph>
      {tokens.error && <Alert type="error" title={tokens.error.message} showIcon />}
      <Table<Token>
        rowKey="id"
        size="small"
        loading={tokens.loading}
        dataSource={tokens.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('名称', 'Name'), dataIndex: 'name' },
          { title: t('前缀', 'Prefix'), dataIndex: 'prefix', width: 130, render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
          { title: t('代表用户', 'Acts as'), dataIndex: 'username', width: 140 },
          {
            title: t('范围', 'Scopes'),
            dataIndex: 'scopes',
            width: 200,
            render: (v: string[] | null) => (
              <Space size={2} wrap>
                {(v?.length ? v : ['*']).map((s) => (
                  <Pill key={s} tone={s === '*' ? 'gold' : 'blue'} style={{ marginInlineEnd: 0 }}>
                    <span title={SCOPE_LABELS[s as TokenScope]?.[lang]}>{s}</span>
                  </Pill>
                ))}
              </Space>
            ),
          },
          { title: t('创建时间', 'Created'), dataIndex: 'createdAt', width: 140, render: fmtTime },
          { title: t('最近使用', 'Last used'), dataIndex: 'lastUsedAt', width: 140, render: fmtTime },
          {
            title: t('状态', 'Status'),
            key: 'status',
            width: 170,
            render: (_: unknown, k) =>
              k.revokedAt ? (
                <Tag>{t(`已吊销 ${fmtTime(k.revokedAt)}`, `Revoked ${fmtTime(k.revokedAt)}`)}</Tag>
              ) : (
                <Popconfirm title={t('吊销后使用该令牌的系统将无法调用接口。确定吊销？', 'Systems using this token will be refused. Revoke it?')} okText={t('吊销', 'Revoke')} cancelText={t('取消', 'Cancel')} onConfirm={async () => (await run(() => api('DELETE', `/api/tokens/${k.id}`), t('已吊销', 'Revoked'))) && tokens.reload()}>
                  <Button size="small" danger aria-label={t(`吊销令牌 ${k.name}`, `Revoke token ${k.name}`)}>
                    {t('吊销', 'Revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={creating} title={t('创建 API 令牌', 'Create API token')} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText={t('创建', 'Create')} cancelText={t('取消', 'Cancel')} forceRender afterOpenChange={(o) => o && form.focusField('name')}>
        <Form form={form} name="token" layout="vertical" initialValues={{ scopes: ['*'] }} onFinish={create}>
          <Form.Item name="name" label={t('名称（用途）', 'Name (what it is for)')} rules={[{ required: true, whitespace: true, message: t('请填写名称', 'Enter a name') }]}>
            <Input maxLength={100} placeholder={t('例：短信网关', 'e.g. SMS gateway')} />
          </Form.Item>
          <Form.Item name="user" label={t('代表用户', 'Acts as user')} rules={[{ required: true, message: t('请选择用户', 'Choose a user') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={users.filter((u) => u.active).map((u) => ({ value: u.username, label: `${u.username}（${u.displayName}，${roleLabel(u.role, lang)}）` }))} />
          </Form.Item>
          <Form.Item
            name="scopes"
            label={t('范围', 'Scopes')}
            // a validator, not `required`: antd would put aria-required on the checkbox group, which axe refuses
            rules={[{ validator: (_, v?: string[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error(t('至少选择一个范围', 'Choose at least one scope')))) }]}
            extra={scopes.includes('*') && scopes.length > 1 ? t('已选“*”，其他范围不起作用。', '“*” already allows everything the user may do.') : t('只给所需的最小范围：短信网关选 intake，对方平台选 transfer。', 'Give the least it needs: intake for an SMS gateway, transfer for another platform.')}
          >
            <Checkbox.Group options={TOKEN_SCOPES.map((s) => ({ value: s, label: scopeLabel(s, lang) }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={created !== undefined} title={t('新令牌', 'New token')} onCancel={() => setCreated(undefined)} footer={<Button type="primary" onClick={() => setCreated(undefined)}>{t('我已保存', 'I have saved it')}</Button>}>
        <Alert type="warning" showIcon title={t('令牌只显示这一次，请立即复制并妥善保存。', 'The token is shown only this once: copy it now and keep it safe.')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: created?.token }} code style={{ wordBreak: 'break-all' }} data-testid="new-token">
          {created?.token}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          {t('范围', 'Scopes')}：{created?.scopes.join(', ')}
        </Typography.Text>
      </Modal>
    </>
  );
}
