/**
 * 接口与Webhook (issue #11, docs/integration.md): subscriptions of URLs to case events — create (the
 * signing secret is shown once), edit the URL and events, pause, send a test ping — and each one's
 * delivery log with its status, attempts and last error.
 */
import { useState } from 'react';
import { Alert, Button, Drawer, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { CASE_ACTIONS, SYSTEM_EVENTS, eventLabel } from '../../core/case-lifecycle';
import { api, get, qs } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { AdminPage, Pill, useRun } from './ui';

interface Webhook {
  id: string;
  name: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
}
interface Delivery {
  id: string;
  event: string | null;
  caseId: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string;
}
interface Values {
  name: string;
  url: string;
  events: string[];
}

/** The events a subscription may name (as the server's list): every step, registration and the platform's own. */
const EVENTS = ['*', 'register', ...CASE_ACTIONS, ...Object.keys(SYSTEM_EVENTS).filter((e) => e !== 'register')];
const STATUS_TONE = { pending: 'gold', sending: 'blue', sent: 'green', failed: 'red' } as const;

export function WebhooksPage() {
  const { lang, t } = useLang();
  const run = useRun();
  const hooks = useAsync(() => get<Webhook[]>('/api/webhooks'), []);
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [secret, setSecret] = useState<string>();
  const [log, setLog] = useState<Webhook | null>(null);
  const [form] = Form.useForm<Values>();
  const eventName = (e: string) => (e === '*' ? t('全部事件', 'every event') : `${e} ${eventLabel(e, lang)}`);

  const open = (h: Webhook | 'new') => {
    setEditing(h);
    form.resetFields();
    form.setFieldsValue(h === 'new' ? { events: ['*'] } : { name: h.name, url: h.url, events: h.events });
  };

  const save = async (v: Values) => {
    const body = { name: v.name.trim(), url: v.url.trim(), events: v.events };
    const ok =
      editing === 'new'
        ? await run(async () => setSecret((await api<{ secret: string }>('POST', '/api/webhooks', body)).secret), t('已新增', 'Added'))
        : editing
          ? await run(() => api('PATCH', `/api/webhooks/${editing.id}`, body))
          : false;
    if (ok) {
      setEditing(null);
      hooks.reload();
    }
  };

  return (
    <AdminPage
      zh="接口与Webhook"
      en="API and webhooks"
      actions={
        <Button type="primary" onClick={() => open('new')}>
          {t('新增 Webhook', 'Add webhook')}
        </Button>
      }
      intro={t(
        '诉求每一步办理（登记、交办、反馈、办结、超期……）在提交的同时写入发送队列，以 JSON POST 推送到订阅地址，附 X-Huiyin-Signature（以密钥对“时间戳.正文”计算的 HMAC-SHA256）。2xx 视为送达；408、429、5xx 和网络错误 30 秒起倍增重试，最多 8 次。推送不含个人信息。API 令牌在“用户”页管理，接口文档见 /docs。',
        'Each step of a case (registration, dispatch, reply, close, overdue …) is queued with the step and POSTed as JSON to the URL, signed in X-Huiyin-Signature (HMAC-SHA256 of "timestamp.body" with the secret). 2xx is delivered; 408, 429, 5xx and network errors are retried from 30 s, doubling, up to 8 times. No personal data is sent. API tokens are on the Users page; the API reference is at /docs.',
      )}
    >
      {hooks.error && <Alert type="error" showIcon title={hooks.error.message} />}
      <Table<Webhook>
        rowKey="id"
        size="small"
        loading={hooks.loading}
        dataSource={hooks.data ?? []}
        pagination={false}
        locale={{ emptyText: t('还没有 Webhook 订阅', 'No webhook yet') }}
        columns={[
          { title: t('名称', 'Name'), dataIndex: 'name', width: 160 },
          { title: t('地址', 'URL'), dataIndex: 'url', ellipsis: true, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('事件', 'Events'),
            dataIndex: 'events',
            width: 260,
            render: (v: string[]) => (
              <Space size={2} wrap>
                {v.map((e) => (
                  <Pill key={e} tone={e === '*' ? 'gold' : 'blue'} style={{ marginInlineEnd: 0 }}>
                    {e === '*' ? t('全部事件', 'All events') : eventLabel(e, lang)}
                  </Pill>
                ))}
              </Space>
            ),
          },
          { title: t('状态', 'Status'), dataIndex: 'active', width: 80, render: (v: boolean) => (v ? <Pill tone="green">{t('启用', 'Active')}</Pill> : <Pill tone="gold">{t('已暂停', 'Paused')}</Pill>) },
          { title: t('创建时间', 'Created'), dataIndex: 'createdAt', width: 140, render: fmtTime },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 300,
            render: (_: unknown, h) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => open(h)} aria-label={t(`编辑 ${h.name}`, `Edit ${h.name}`)}>
                  {t('编辑', 'Edit')}
                </Button>
                <Button size="small" onClick={async () => (await run(() => api('PATCH', `/api/webhooks/${h.id}`, { active: !h.active }), h.active ? t('已暂停', 'Paused') : t('已恢复', 'Resumed'))) && hooks.reload()} aria-label={h.active ? t(`暂停 ${h.name}`, `Pause ${h.name}`) : t(`恢复 ${h.name}`, `Resume ${h.name}`)}>
                  {h.active ? t('暂停', 'Pause') : t('恢复', 'Resume')}
                </Button>
                <Button size="small" onClick={() => void run(() => api('POST', `/api/webhooks/${h.id}/ping`), t('已发送测试事件，请查看投递记录', 'Ping queued: see the deliveries'))} aria-label={t(`测试 ${h.name}`, `Ping ${h.name}`)}>
                  {t('测试', 'Ping')}
                </Button>
                <Button size="small" onClick={() => setLog(h)} aria-label={t(`${h.name}投递记录`, `Deliveries of ${h.name}`)}>
                  {t('投递记录', 'Deliveries')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={editing !== null} title={editing === 'new' ? t('新增 Webhook', 'Add webhook') : t(`编辑：${editing?.name ?? ''}`, `Edit: ${editing?.name ?? ''}`)} onCancel={() => setEditing(null)} onOk={() => form.submit()} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} forceRender width={640}>
        <Form form={form} name="webhook" layout="vertical" onFinish={save}>
          <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true, whitespace: true, message: t('请填写名称', 'Enter a name') }]}>
            <Input maxLength={100} placeholder={t('例：省平台', 'e.g. Provincial platform')} />
          </Form.Item>
          <Form.Item name="url" label={t('接收地址', 'URL')} rules={[{ required: true, pattern: /^https?:\/\/.{4,}/, message: t('请填写 http(s) 地址', 'Enter an http(s) URL') }]}>
            <Input maxLength={500} placeholder="https://…" />
          </Form.Item>
          <Form.Item name="events" label={t('订阅事件', 'Events')} rules={[{ required: true, type: 'array', min: 1, message: t('至少选择一个事件', 'Choose at least one event') }]}>
            <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={EVENTS.map((e) => ({ value: e, label: eventName(e) }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={secret !== undefined} title={t('签名密钥', 'Signing secret')} onCancel={() => setSecret(undefined)} footer={<Button type="primary" onClick={() => setSecret(undefined)}>{t('我已保存', 'I have saved it')}</Button>}>
        <Alert type="warning" showIcon title={t('密钥只显示这一次，请交给接收方用于校验签名。', 'The secret is shown only this once: give it to the receiver to check signatures.')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: secret }} code style={{ wordBreak: 'break-all' }} data-testid="webhook-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
      {log && <Deliveries hook={log} onClose={() => setLog(null)} />}
    </AdminPage>
  );
}

function Deliveries({ hook, onClose }: { hook: Webhook; onClose: () => void }) {
  const { lang, t } = useLang();
  const { data, error, loading, reload } = useAsync(() => get<Delivery[]>(`/api/webhooks/${hook.id}/deliveries${qs({ limit: 200 })}`), [hook.id]);
  const statusLabel = { pending: t('待发送', 'Pending'), sending: t('发送中', 'Sending'), sent: t('已送达', 'Delivered'), failed: t('失败', 'Failed') };
  return (
    <Drawer open size={900} title={t(`投递记录：${hook.name}`, `Deliveries: ${hook.name}`)} onClose={onClose} destroyOnHidden extra={<Button onClick={reload}>{t('刷新', 'Refresh')}</Button>}>
      {error && <Alert type="error" showIcon title={error.message} />}
      <Table<Delivery>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('还没有投递', 'No delivery yet') }}
        columns={[
          { title: t('时间', 'Queued'), dataIndex: 'createdAt', width: 140, render: fmtTime },
          { title: t('事件', 'Event'), dataIndex: 'event', width: 120, render: (v: string | null) => (v ? (v === 'ping' ? t('测试', 'ping') : eventLabel(v, lang)) : '—') },
          { title: t('诉求', 'Case'), dataIndex: 'caseId', width: 80, render: (v: string | null) => (v ? <Link to={`/cases/${v}`}>{t('查看', 'Open')}</Link> : '—') },
          { title: t('状态', 'Status'), dataIndex: 'status', width: 90, render: (v: Delivery['status']) => <Pill tone={STATUS_TONE[v]}>{statusLabel[v]}</Pill> },
          { title: t('次数', 'Attempts'), dataIndex: 'attempts', width: 70, align: 'right' },
          { title: t('送达 / 下次尝试', 'Sent / next attempt'), key: 'when', width: 150, render: (_: unknown, d) => (d.status === 'sent' ? fmtTime(d.sentAt) : d.status === 'failed' ? '—' : fmtTime(d.nextAttemptAt)) },
          { title: t('最近错误', 'Last error'), dataIndex: 'lastError', ellipsis: true, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Drawer>
  );
}
