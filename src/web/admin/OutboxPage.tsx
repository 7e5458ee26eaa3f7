/** 消息发送: every SMS and email to citizens and units, its delivery state, and a retry for failures. */
import { useState } from 'react';
import { Alert, Button, Descriptions, Input, Select, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, get, qs } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { AdminPage, useRun, Pill } from './ui';

interface Message {
  id: string;
  channel: 'sms' | 'email';
  recipient: string;
  subject: string | null;
  body: string;
  purpose: string;
  caseNo: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  sender: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string;
}

const STATUS_COLOR = { pending: 'blue', sending: 'gold', sent: 'green', failed: 'red' } as const;

export function OutboxPage() {
  const { t } = useLang();
  const run = useRun();
  const [status, setStatus] = useState<string>();
  const [channel, setChannel] = useState<string>();
  const [caseNo, setCaseNo] = useState('');
  const { data, error, loading, reload } = useAsync(() => get<Message[]>(`/api/outbox${qs({ status, channel, caseNo: caseNo.trim(), limit: 500 })}`), [status, channel, caseNo]);
  const statusLabel = { pending: t('待发送', 'Pending'), sending: t('发送中', 'Sending'), sent: t('已发送', 'Sent'), failed: t('失败', 'Failed') };

  return (
    <AdminPage
      zh="消息发送"
      en="Messages"
      actions={<Button onClick={reload}>{t('刷新', 'Refresh')}</Button>}
      intro={t('发给群众和单位的短信、邮件都先写入发件箱，再由后台逐条发送，失败按退避重试。', 'Every SMS and email to citizens and units is written to the outbox first and sent in the background, with retries and backoff.')}
    >
      <Alert
        type="info"
        showIcon
        title={t('发送渠道由服务器环境变量配置，不在此页面修改', 'The senders are configured by the server’s environment variables, not on this page')}
        description={
          <>
            {t('短信：', 'SMS: ')}
            <Typography.Text code>SMS_SENDER=log|http</Typography.Text>、<Typography.Text code>SMS_GATEWAY_URL</Typography.Text>、<Typography.Text code>SMS_GATEWAY_METHOD</Typography.Text>、<Typography.Text code>SMS_GATEWAY_TEMPLATE</Typography.Text>、<Typography.Text code>SMS_GATEWAY_HEADERS</Typography.Text>
            {t('；邮件：', '; email: ')}
            <Typography.Text code>EMAIL_SENDER=log|smtp</Typography.Text>、<Typography.Text code>SMTP_URL</Typography.Text>、<Typography.Text code>SMTP_FROM</Typography.Text>
            {t('。默认 log 只记录不发送，消息仍可在此查看。', '. The default, log, records without sending; the messages stay readable here.')}
          </>
        }
      />
      <Space wrap>
        <Select
          allowClear
          aria-label={t('状态', 'Status')}
          placeholder={t('全部状态', 'All statuses')}
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={(['pending', 'sending', 'sent', 'failed'] as const).map((s) => ({ value: s, label: statusLabel[s] }))}
        />
        <Select
          allowClear
          aria-label={t('渠道', 'Channel')}
          placeholder={t('全部渠道', 'All channels')}
          style={{ width: 140 }}
          value={channel}
          onChange={setChannel}
          options={[
            { value: 'sms', label: t('短信', 'SMS') },
            { value: 'email', label: t('邮件', 'Email') },
          ]}
        />
        <Input.Search allowClear aria-label={t('诉求编号', 'Case number')} placeholder={t('诉求编号', 'Case number')} style={{ width: 220 }} onSearch={setCaseNo} />
      </Space>
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<Message>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (r) => (
            <Descriptions size="small" column={1}>
              {r.subject && <Descriptions.Item label={t('主题', 'Subject')}>{r.subject}</Descriptions.Item>}
              <Descriptions.Item label={t('内容', 'Text')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{r.body}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('用途', 'Purpose')}>{r.purpose}</Descriptions.Item>
              <Descriptions.Item label={t('发送方', 'Sender')}>{r.sender ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('发送时间', 'Sent')}>{fmtTime(r.sentAt)}</Descriptions.Item>
              {r.status !== 'sent' && <Descriptions.Item label={t('下次尝试', 'Next attempt')}>{fmtTime(r.nextAttemptAt)}</Descriptions.Item>}
              {r.lastError && (
                <Descriptions.Item label={t('错误', 'Error')}>
                  <Typography.Text type="danger">{r.lastError}</Typography.Text>
                </Descriptions.Item>
              )}
            </Descriptions>
          ),
        }}
        columns={[
          { title: t('时间', 'Created'), dataIndex: 'createdAt', width: 136, render: fmtTime },
          { title: t('渠道', 'Channel'), dataIndex: 'channel', width: 64, render: (v: string) => (v === 'sms' ? t('短信', 'SMS') : t('邮件', 'Email')) },
          { title: t('收件人', 'To'), dataIndex: 'recipient', width: 150, ellipsis: true },
          { title: t('内容', 'Text'), dataIndex: 'body', ellipsis: true, render: (v: string, r) => r.subject ?? v },
          { title: t('诉求', 'Case'), dataIndex: 'caseNo', width: 150, render: (v: string | null) => (v ? <Link to={`/cases/${v}`}>{v}</Link> : '—') },
          {
            title: t('状态', 'Status'),
            dataIndex: 'status',
            width: 90,
            render: (v: Message['status'], r) => (
              <span title={r.lastError ?? undefined}>
                <Pill tone={STATUS_COLOR[v]}>{statusLabel[v]}</Pill>
              </span>
            ),
          },
          { title: t('次数', 'Tries'), dataIndex: 'attempts', width: 60, align: 'right' },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, r) =>
              r.status === 'failed' ? (
                <Button size="small" onClick={async () => (await run(() => api('POST', `/api/outbox/${r.id}/retry`), t('已重新排队发送', 'Queued again'))) && reload()} aria-label={t(`重发给 ${r.recipient}`, `Retry to ${r.recipient}`)}>
                  {t('重发', 'Retry')}
                </Button>
              ) : null,
          },
        ]}
      />
    </AdminPage>
  );
}
