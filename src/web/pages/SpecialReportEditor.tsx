/**
 * 编制专报: the title, the summary for the leaders, and the cases — found by number or words in the
 * case search, in the order they should be read. Saved as a draft; the server compiles the cases.
 */
import { useState } from 'react';
import { Alert, Button, Drawer, Empty, Form, Input, List, Space, Spin, message } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { api, get, post, qs } from '../shared/api';
import { useT } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { errorText } from '../shared/ui';
import type { CaseList, SpecialReport } from '../shared/types';

interface Picked {
  caseNo: string;
  title: string;
}

export function SpecialReportEditor({ id, onClose, onSaved }: { id: string | null; onClose: () => void; onSaved: (r: SpecialReport) => void }) {
  const t = useT();
  const existing = useAsync(() => (id ? get<SpecialReport>(`/api/special-reports/${id}`) : Promise.resolve(null)), [id]);
  return (
    <Drawer open size={760} title={id ? t('修改专报草稿', 'Edit the draft') : t('编制专报', 'Compile a special report')} onClose={onClose} destroyOnHidden>
      {existing.error && <Alert type="error" showIcon title={existing.error.message} />}
      {existing.loading ? <Spin /> : <EditorForm report={existing.data ?? null} onSaved={onSaved} onCancel={onClose} />}
    </Drawer>
  );
}

function EditorForm({ report, onSaved, onCancel }: { report: SpecialReport | null; onSaved: (r: SpecialReport) => void; onCancel: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ title: string; summary?: string }>();
  const [cases, setCases] = useState<Picked[]>(() => (report?.cases ?? []).map((c) => ({ caseNo: c.caseNo, title: c.title })));
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const found = useAsync(() => (q.trim() ? get<CaseList>(`/api/cases${qs({ q: q.trim(), limit: 20 })}`) : Promise.resolve(null)), [q]);

  const add = (c: Picked) => setCases((list) => (list.some((x) => x.caseNo === c.caseNo) ? list : [...list, c]));
  const move = (i: number, by: number) =>
    setCases((list) => {
      const next = [...list];
      const [x] = next.splice(i, 1);
      next.splice(Math.max(0, Math.min(next.length, i + by)), 0, x!);
      return next;
    });

  async function save() {
    const v = await form.validateFields();
    if (cases.length === 0) return setError(t('请至少加入一件诉求', 'Add at least one case'));
    setBusy(true);
    setError(undefined);
    try {
      const body = { title: v.title.trim(), summary: v.summary?.trim() ?? '', cases: cases.map((c) => c.caseNo) };
      const saved = report ? await api<SpecialReport>('PATCH', `/api/special-reports/${report.id}`, body) : await post<SpecialReport>('/api/special-reports', body);
      message.success(t(`已保存草稿 ${saved.reportNo}`, `Draft ${saved.reportNo} saved`));
      onSaved(saved);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form form={form} layout="vertical" initialValues={{ title: report?.title ?? '', summary: report?.summary ?? '' }}>
        <Form.Item name="title" label={t('标题', 'Title')} rules={[{ required: true, whitespace: true, min: 2, message: t('请填写标题', 'Give a title') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="summary" label={t('综述（报领导阅示）', 'Summary for the leaders')}>
          <Input.TextArea rows={5} maxLength={8000} showCount />
        </Form.Item>
      </Form>
      <section aria-label={t('所含诉求', 'Cases in the report')}>
        <strong>{t(`所含诉求（${cases.length}）`, `Cases (${cases.length})`)}</strong>
        <List
          size="small"
          bordered
          style={{ marginTop: 8 }}
          dataSource={cases}
          locale={{ emptyText: t('在下方搜索并加入诉求', 'Find cases below and add them') }}
          renderItem={(c, i) => (
            <List.Item
              actions={[
                <Button key="up" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t(`上移 ${c.caseNo}`, `Move ${c.caseNo} up`)} />,
                <Button key="down" size="small" icon={<ArrowDownOutlined />} disabled={i === cases.length - 1} onClick={() => move(i, 1)} aria-label={t(`下移 ${c.caseNo}`, `Move ${c.caseNo} down`)} />,
                <Button key="remove" size="small" onClick={() => setCases((l) => l.filter((x) => x.caseNo !== c.caseNo))} aria-label={t(`移除 ${c.caseNo}`, `Remove ${c.caseNo}`)}>
                  {t('移除', 'Remove')}
                </Button>,
              ]}
            >
              {i + 1}. {c.caseNo} {c.title}
            </List.Item>
          )}
        />
      </section>
      <section aria-label={t('查找诉求', 'Find cases')}>
        <Input.Search placeholder={t('诉求编号或关键词', 'Case number or words')} aria-label={t('查找诉求', 'Find cases')} allowClear enterButton={t('查找', 'Find')} onSearch={setQ} />
        {found.error && <Alert type="error" showIcon title={found.error.message} style={{ marginTop: 8 }} />}
        {q.trim() && (
          <List
            size="small"
            loading={found.loading}
            style={{ marginTop: 8, maxHeight: 280, overflow: 'auto' }}
            dataSource={found.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('没有找到诉求', 'No case found')} /> }}
            renderItem={(c) => {
              const inReport = cases.some((x) => x.caseNo === c.caseNo);
              return (
                <List.Item
                  actions={[
                    <Button key="add" size="small" disabled={inReport} onClick={() => add({ caseNo: c.caseNo, title: c.title })} aria-label={t(`加入 ${c.caseNo}`, `Add ${c.caseNo}`)}>
                      {inReport ? t('已加入', 'Added') : t('加入', 'Add')}
                    </Button>,
                  ]}
                >
                  {c.caseNo} {c.title} · {c.stateLabel}
                </List.Item>
              );
            }}
          />
        )}
      </section>
      {error && <Alert type="error" showIcon title={error} />}
      <Space>
        <Button type="primary" loading={busy} onClick={() => void save()}>
          {t('保存草稿', 'Save draft')}
        </Button>
        <Button onClick={onCancel}>{t('取消', 'Cancel')}</Button>
      </Space>
    </Space>
  );
}
