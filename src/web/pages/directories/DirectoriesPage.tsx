/**
 * 名录与安排 (issue #12 §3, DOMAIN.md §11) for admins and supervisors: the public directory's service,
 * emergency and media numbers, the leader-answering schedule, social liaisons and grassroots activities.
 * The portal's 便民服务电话 page publishes the numbers and the coming leader sessions.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tabs, Typography } from 'antd';
import { api, get } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useLang } from '../../shared/i18n';
import { useMe } from '../../shared/session';
import { PageTitle } from '../../shared/ui';
import { Pill, useRun } from '../../admin/ui';
import type { DirectoryEntry } from '../../shared/directories';
import { LeaderSessions } from './LeaderSessions';
import { Activities, Liaisons } from './Liaisons';

const KINDS: Record<DirectoryEntry['kind'], [string, string, 'red' | 'blue' | 'purple']> = {
  emergency: ['应急电话', 'Emergency', 'red'],
  service: ['便民服务', 'Public service', 'blue'],
  media: ['媒体联动', 'Media', 'purple'],
};

export function DirectoriesPage() {
  const { t } = useLang();
  const [tab, setTab] = useState('entries');
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <PageTitle>{t('名录与安排', 'Directories')}</PageTitle>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'entries', label: t('便民服务名录', 'Service numbers'), children: <Entries /> },
          { key: 'sessions', label: t('领导接听安排', 'Leader sessions'), children: <LeaderSessions /> },
          { key: 'liaisons', label: t('社会联络员', 'Liaisons'), children: <Liaisons /> },
          { key: 'activities', label: t('走基层活动', 'Grassroots activities'), children: <Activities /> },
        ]}
      />
    </Space>
  );
}

function Entries() {
  const { lang, t } = useLang();
  const me = useMe();
  const run = useRun();
  const admin = me.role === 'admin';
  const entries = useAsync(() => get<DirectoryEntry[]>('/api/directory-entries'), []);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ kind: DirectoryEntry['kind']; name: string; phone: string; note?: string; sort?: number }>();
  const label = (k: DirectoryEntry['kind']) => KINDS[k][lang === 'en' ? 1 : 0];

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">
          {t('这些号码在门户网站“便民服务电话”页公布：应急电话列在 110、119、120、122 之后，便民服务和媒体联动号码列在“便民服务电话”栏。', 'The portal publishes these numbers: emergency ones after 110, 119, 120 and 122, service and media ones under “Public service numbers”.')}
        </Typography.Text>
        {admin && (
          <Button type="primary" onClick={() => (form.resetFields(), setAdding(true))}>
            {t('新增号码', 'Add a number')}
          </Button>
        )}
      </Space>
      {!admin && <Alert type="info" showIcon title={t('名录由管理员维护。', 'Admins keep the directory.')} />}
      {entries.error && <Alert type="error" showIcon title={entries.error.message} />}
      <Table<DirectoryEntry>
        rowKey="id"
        size="small"
        loading={entries.loading}
        dataSource={entries.data ?? []}
        pagination={false}
        columns={[
          { title: t('类别', 'Kind'), dataIndex: 'kind', width: 110, render: (k: DirectoryEntry['kind']) => <Pill tone={KINDS[k][2]}>{label(k)}</Pill> },
          { title: t('名称', 'Name'), dataIndex: 'name' },
          { title: t('电话', 'Phone'), dataIndex: 'phone', width: 160 },
          { title: t('说明', 'Note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          { title: t('排序', 'Order'), dataIndex: 'sort', width: 70, align: 'right' },
          ...(admin
            ? [
                {
                  title: t('操作', 'Actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, e: DirectoryEntry) => (
                    <Popconfirm title={t(`删除“${e.name}”？门户网站将不再显示。`, `Delete “${e.name}”? The portal stops showing it.`)} okText={t('删除', 'Delete')} cancelText={t('取消', 'Cancel')} onConfirm={async () => (await run(() => api('DELETE', `/api/directory-entries/${e.id}`), t('已删除', 'Deleted'))) && entries.reload()}>
                      <Button size="small" danger aria-label={t(`删除 ${e.name}`, `Delete ${e.name}`)}>
                        {t('删除', 'Delete')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal open={adding} title={t('新增号码', 'Add a number')} onCancel={() => setAdding(false)} onOk={() => form.submit()} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} forceRender>
        <Form
          form={form}
          name="directory-entry"
          layout="vertical"
          initialValues={{ kind: 'service', sort: 0 }}
          onFinish={async (v) => {
            const ok = await run(() => api('POST', '/api/directory-entries', { kind: v.kind, name: v.name.trim(), phone: v.phone.trim(), note: v.note?.trim() || null, sort: v.sort ?? 0 }), t('已新增', 'Added'));
            if (ok) {
              setAdding(false);
              entries.reload();
            }
          }}
        >
          <Form.Item name="kind" label={t('类别', 'Kind')}>
            <Select options={(Object.keys(KINDS) as DirectoryEntry['kind'][]).map((k) => ({ value: k, label: label(k) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true, whitespace: true, message: t('请填写名称', 'Enter a name') }]}>
            <Input maxLength={100} placeholder={t('例：燃气抢修', 'e.g. Gas emergencies')} />
          </Form.Item>
          <Form.Item name="phone" label={t('电话', 'Phone')} rules={[{ required: true, pattern: /^\+?[0-9][0-9 ()-]{1,18}[0-9]$/, message: t('请填写有效的电话号码', 'Enter a valid phone number') }]}>
            <Input maxLength={32} inputMode="tel" />
          </Form.Item>
          <Form.Item name="note" label={t('说明', 'Note')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="sort" label={t('排序（小的在前）', 'Order (smaller first)')}>
            <InputNumber min={0} max={999} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
