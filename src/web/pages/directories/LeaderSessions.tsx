/**
 * 领导接听安排 (S4 annex 2): the sessions of a period with the cases taken in each; a new session is
 * published on the portal unless kept internal; a session no case was taken in can be cancelled.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Modal, Popconfirm, Space, Switch, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, get, qs } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useLang } from '../../shared/i18n';
import { fmtTime } from '../../shared/format';
import { shiftDay, shanghaiToday } from '../../shared/periods';
import { Pill, useRun } from '../../admin/ui';
import type { LeaderSession } from '../../shared/directories';
import { shanghaiIso } from '../../shared/shanghai-time';

interface Values {
  leaderName: string;
  leaderTitle: string;
  period: [Dayjs, Dayjs];
  topic?: string;
  published: boolean;
}

export function LeaderSessions() {
  const { t } = useLang();
  const run = useRun();
  const today = useMemo(() => shanghaiToday(), []);
  const [range, setRange] = useState({ from: shiftDay(today, -30), to: shiftDay(today, 60) });
  const sessions = useAsync(() => get<LeaderSession[]>(`/api/leader-sessions${qs(range)}`), [range.from, range.to]);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<Values>();
  const now = Date.now();

  const save = async (v: Values) => {
    const ok = await run(
      () => api('POST', '/api/leader-sessions', { leaderName: v.leaderName.trim(), leaderTitle: v.leaderTitle.trim(), startsAt: shanghaiIso(v.period[0]), endsAt: shanghaiIso(v.period[1]), topic: v.topic?.trim() || null, published: v.published }),
      t('已安排', 'Scheduled'),
    );
    if (ok) {
      setAdding(false);
      sessions.reload();
    }
  };

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <DatePicker.RangePicker
            aria-label={t('时间范围', 'Period')}
            allowClear={false}
            value={[dayjs(range.from), dayjs(range.to)]}
            onChange={(v) => v?.[0] && v[1] && setRange({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
          />
          <Typography.Text type="secondary">{t('领导热线渠道在接听时段内登记的诉求自动关联该场次。', 'Leader-line cases registered during a session are linked to it by themselves.')}</Typography.Text>
        </Space>
        <Button type="primary" onClick={() => (form.resetFields(), setAdding(true))}>
          {t('安排领导接听', 'Schedule a session')}
        </Button>
      </Space>
      {sessions.error && <Alert type="error" showIcon title={sessions.error.message} />}
      <Table<LeaderSession>
        rowKey="id"
        size="small"
        loading={sessions.loading}
        dataSource={sessions.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        onRow={(s) => (Date.parse(s.startsAt) <= now && now < Date.parse(s.endsAt) ? { style: { background: '#fffbe6' } } : {})}
        columns={[
          { title: t('时间', 'When'), key: 'when', width: 200, render: (_: unknown, s) => `${fmtTime(s.startsAt)}–${fmtTime(s.endsAt).slice(11)}` },
          { title: t('领导', 'Leader'), key: 'leader', width: 200, render: (_: unknown, s) => `${s.leaderTitle} ${s.leaderName}` },
          { title: t('主题', 'Topic'), dataIndex: 'topic', render: (v: string | null) => v ?? '—' },
          {
            title: t('状态', 'Status'),
            key: 'status',
            width: 170,
            render: (_: unknown, s) => (
              <Space size={2} wrap>
                {s.published ? <Pill tone="green">{t('已公示', 'Published')}</Pill> : <Pill tone="gold">{t('内部', 'Internal')}</Pill>}
                {Date.parse(s.endsAt) < now ? <Pill tone="blue">{t('已结束', 'Held')}</Pill> : Date.parse(s.startsAt) <= now ? <Pill tone="red">{t('进行中', 'On now')}</Pill> : null}
              </Space>
            ),
          },
          { title: t('受理诉求', 'Cases'), dataIndex: 'cases', width: 90, align: 'right' },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, s) =>
              s.cases === 0 ? (
                <Popconfirm title={t('取消这场领导接听？门户网站将不再公示。', 'Cancel this session? The portal stops showing it.')} okText={t('取消场次', 'Cancel it')} cancelText={t('返回', 'Back')} onConfirm={async () => (await run(() => api('DELETE', `/api/leader-sessions/${s.id}`), t('已取消', 'Cancelled'))) && sessions.reload()}>
                  <Button size="small" danger aria-label={t(`取消 ${fmtTime(s.startsAt)} ${s.leaderName} 接听`, `Cancel the session of ${s.leaderName} at ${fmtTime(s.startsAt)}`)}>
                    {t('取消', 'Cancel')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <Modal open={adding} title={t('安排领导接听', 'Schedule a leader session')} onCancel={() => setAdding(false)} onOk={() => form.submit()} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} forceRender>
        <Form form={form} name="leader-session" layout="vertical" initialValues={{ published: true }} onFinish={save}>
          <Space size={12} style={{ width: '100%' }}>
            <Form.Item name="leaderName" label={t('领导姓名', 'Leader')} rules={[{ required: true, whitespace: true, message: t('请填写姓名', 'Enter the name') }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="leaderTitle" label={t('职务', 'Title')} rules={[{ required: true, whitespace: true, message: t('请填写职务', 'Enter the title') }]}>
              <Input maxLength={100} placeholder={t('例：副市长', 'e.g. Deputy mayor')} />
            </Form.Item>
          </Space>
          <Form.Item name="period" label={t('接听时段', 'When')} rules={[{ required: true, message: t('请选择时段', 'Choose the time') }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="topic" label={t('主题（可选）', 'Topic (optional)')}>
            <Input maxLength={200} placeholder={t('例：城市管理与市容环境', 'e.g. City management')} />
          </Form.Item>
          <Form.Item name="published" label={t('在门户网站提前公示', 'Publish on the portal in advance')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
