/**
 * 敷衍用语: the phrases that make a reply perfunctory (DOMAIN.md §7, S4 §2.2). A "refuse" phrase stops
 * the reply from being submitted; a "warn" phrase only flags it to the reviewer. The server checks
 * every reply against this list and nothing else.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Popconfirm, Radio, Space, Switch, Table } from 'antd';
import { api, get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { AdminPage, Filter, Pill, matches, useRun } from './ui';

type Level = 'block' | 'warn';
interface Phrase {
  id: string;
  phrase: string;
  level: Level;
  note: string | null;
  active: boolean;
  updatedAt: string;
}
interface PhraseForm {
  phrase: string;
  level: Level;
  note?: string;
  active: boolean;
}

export function PhrasesPage() {
  const { t } = useLang();
  const run = useRun();
  const { data, error, loading, reload } = useAsync(() => get<Phrase[]>('/api/reply-phrases?all=true'), []);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Phrase | 'new' | null>(null);
  const [form] = Form.useForm<PhraseForm>();
  const rows = (data ?? []).filter((p) => matches(q, p.phrase, p.note));
  const levelPill = (l: Level) => (l === 'block' ? <Pill tone="red">{t('拒收', 'Refuse')}</Pill> : <Pill tone="gold">{t('提醒', 'Warn')}</Pill>);

  const open = (p: Phrase | 'new') => {
    setEditing(p);
    form.resetFields();
    form.setFieldsValue(p === 'new' ? { level: 'block', active: true } : { phrase: p.phrase, level: p.level, note: p.note ?? undefined, active: p.active });
  };

  const save = async (v: PhraseForm) => {
    const body = { phrase: v.phrase.trim(), level: v.level, note: v.note?.trim() || null, active: v.active };
    const ok = editing === 'new' ? await run(() => api('POST', '/api/reply-phrases', body), t('已新增', 'Added')) : editing ? await run(() => api('PATCH', `/api/reply-phrases/${editing.id}`, body)) : false;
    if (ok) {
      setEditing(null);
      reload();
    }
  };

  return (
    <AdminPage
      zh="敷衍用语"
      en="Perfunctory phrases"
      actions={
        <Space>
          <Filter label={t('查找用语', 'Find a phrase')} value={q} onChange={setQ} />
          <Button type="primary" onClick={() => open('new')}>
            {t('新增用语', 'Add a phrase')}
          </Button>
        </Space>
      }
      intro={t(
        '承办单位反馈含“拒收”用语时不能提交，须写明做了什么、结果如何；含“提醒”用语时可以提交，审核人员会看到提示。停用的用语不再检查。',
        'A reply containing a “refuse” phrase cannot be submitted until it says what was done and the result; a “warn” phrase lets it through and flags it to the reviewer. Inactive phrases are not checked.',
      )}
    >
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<Phrase>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('用语', 'Phrase'), dataIndex: 'phrase', render: (v: string, p) => <span style={{ color: p.active ? undefined : '#595959', textDecoration: p.active ? undefined : 'line-through' }}>{v}</span> },
          { title: t('处理', 'Effect'), dataIndex: 'level', width: 90, render: levelPill },
          { title: t('说明', 'Note'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '—' },
          {
            title: t('启用', 'Active'),
            dataIndex: 'active',
            width: 80,
            render: (v: boolean, p) => (
              <Switch
                size="small"
                checked={v}
                aria-label={t(`启用“${p.phrase}”`, `“${p.phrase}” active`)}
                onChange={async (active) => (await run(() => api('PATCH', `/api/reply-phrases/${p.id}`, { active }), active ? t('已启用', 'Activated') : t('已停用', 'Deactivated'))) && reload()}
              />
            ),
          },
          { title: t('更新时间', 'Updated'), dataIndex: 'updatedAt', width: 140, render: fmtTime },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, p) => (
              <Space size={4}>
                <Button size="small" onClick={() => open(p)} aria-label={t(`修改“${p.phrase}”`, `Edit “${p.phrase}”`)}>
                  {t('修改', 'Edit')}
                </Button>
                <Popconfirm title={t(`删除“${p.phrase}”？`, `Delete “${p.phrase}”?`)} okText={t('删除', 'Delete')} cancelText={t('取消', 'Cancel')} onConfirm={async () => (await run(() => api('DELETE', `/api/reply-phrases/${p.id}`), t('已删除', 'Deleted'))) && reload()}>
                  <Button size="small" danger aria-label={t(`删除“${p.phrase}”`, `Delete “${p.phrase}”`)}>
                    {t('删除', 'Delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={editing !== null} title={editing === 'new' ? t('新增敷衍用语', 'Add a phrase') : t('修改敷衍用语', 'Edit the phrase')} onCancel={() => setEditing(null)} onOk={() => form.submit()} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={save} name="phrase">
          <Form.Item name="phrase" label={t('用语', 'Phrase')} rules={[{ required: true, whitespace: true, min: 2, max: 50, message: t('2–50 个字', '2 to 50 characters') }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="level" label={t('处理', 'Effect')}>
            <Radio.Group
              options={[
                { value: 'block', label: t('拒收：不能提交', 'Refuse: cannot be submitted') },
                { value: 'warn', label: t('提醒：提示审核人员', 'Warn: flag to the reviewer') },
              ]}
            />
          </Form.Item>
          <Form.Item name="note" label={t('说明', 'Note')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="active" label={t('启用', 'Active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </AdminPage>
  );
}
