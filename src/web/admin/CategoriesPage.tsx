/** 分类: the three-level category tree of requests; add, rename, reorder, retire. */
import { useMemo, useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table } from 'antd';
import { api, get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import type { Category } from '../shared/types';
import { AdminPage, Filter, matches, useRun } from './ui';

interface CategoryForm {
  parent?: string;
  segment?: string;
  name: string;
  sort?: number;
}

/** Parents before their children, whatever the codes' characters. */
function treeOrder(cats: Category[]): Category[] {
  const children = new Map<string | null, Category[]>();
  for (const c of cats) children.set(c.parentCode, [...(children.get(c.parentCode) ?? []), c]);
  const out: Category[] = [];
  const walk = (parent: string | null) => {
    for (const c of children.get(parent) ?? []) {
      out.push(c);
      walk(c.code);
    }
  };
  walk(null);
  return out;
}

export function CategoriesPage() {
  const { t } = useLang();
  const run = useRun();
  const { data, error, loading, reload } = useAsync(() => get<Category[]>('/api/categories'), []);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const [form] = Form.useForm<CategoryForm>();
  const parent = Form.useWatch('parent', form);
  const segment = Form.useWatch('segment', form);
  const ordered = useMemo(() => treeOrder(data ?? []), [data]);
  const rows = ordered.filter((c) => matches(q, c.code, c.name));
  const firstLevel = !parent;

  const open = (c: Category | 'new', under?: string) => {
    setEditing(c);
    form.resetFields();
    if (c === 'new') form.setFieldsValue({ parent: under });
    else form.setFieldsValue({ name: c.name });
  };

  const save = async (v: CategoryForm) => {
    let ok: boolean;
    if (editing === 'new') {
      const code = v.parent ? `${v.parent}.${v.segment}` : v.segment!;
      ok = await run(() => api('POST', '/api/categories', { code, name: v.name, ...(v.sort !== undefined && v.sort !== null ? { sort: v.sort } : {}) }), t('已新增分类', 'Category added'));
      if (ok) setQ(code.split('.')[0]!); // show the new one with its branch, wherever the pages put it
    } else if (editing) {
      ok = await run(() => api('PATCH', `/api/categories/${encodeURIComponent(editing.code)}`, { name: v.name, ...(v.sort !== undefined && v.sort !== null ? { sort: v.sort } : {}) }));
    } else return;
    if (ok) {
      setEditing(null);
      reload();
    }
  };

  const retire = async (c: Category) => {
    if (await run(() => api('PATCH', `/api/categories/${encodeURIComponent(c.code)}`, { active: false }), t('已停用', 'Retired'))) reload();
  };

  return (
    <AdminPage
      zh="分类"
      en="Categories"
      actions={
        <Button type="primary" onClick={() => open('new')}>
          {t('新增一级分类', 'Add top-level category')}
        </Button>
      }
      intro={t('诉求分类最多三级，编码逐级延伸（如 hj → hj.zs）。停用分类同时停用其下级；已登记的诉求保留原分类。', 'Up to three levels; a code extends its parent’s (hj → hj.zs). Retiring a category retires those below it; registered cases keep theirs.')}
    >
      <Filter label={t('按编码或名称筛选', 'Filter by code or name')} value={q} onChange={setQ} />
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<Category>
        rowKey="code"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('名称', 'Name'), dataIndex: 'name', render: (v: string, c) => <span style={{ paddingInlineStart: (c.level - 1) * 24, fontWeight: c.level === 1 ? 600 : undefined }}>{v}</span> },
          { title: t('编码', 'Code'), dataIndex: 'code', width: 220 },
          { title: t('级别', 'Level'), dataIndex: 'level', width: 70 },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 240,
            render: (_: unknown, c) => (
              <Space size={4}>
                <Button size="small" onClick={() => open(c)} aria-label={t(`编辑 ${c.name}`, `Edit ${c.name}`)}>
                  {t('编辑', 'Edit')}
                </Button>
                {c.level < 3 && (
                  <Button size="small" onClick={() => open('new', c.code)} aria-label={t(`在 ${c.name} 下新增`, `Add under ${c.name}`)}>
                    {t('新增下级', 'Add child')}
                  </Button>
                )}
                <Popconfirm title={t(`停用“${c.name}”及其全部下级？`, `Retire “${c.name}” and everything below it?`)} okText={t('停用', 'Retire')} cancelText={t('取消', 'Cancel')} onConfirm={() => retire(c)}>
                  <Button size="small" danger aria-label={t(`停用 ${c.name}`, `Retire ${c.name}`)}>
                    {t('停用', 'Retire')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('新增分类', 'Add category') : t(`编辑分类：${editing?.code ?? ''}`, `Edit category: ${editing?.code ?? ''}`)}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('保存', 'Save')}
        forceRender
        afterOpenChange={(o) => o && form.focusField(editing === 'new' ? 'segment' : 'name')}
      >
        <Form form={form} name="category" layout="vertical" onFinish={save}>
          {editing === 'new' && (
            <>
              <Form.Item name="parent" label={t('上级分类', 'Parent category')} extra={t('不选则为一级分类', 'Leave empty for a top-level category')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={ordered.filter((c) => c.level < 3).map((c) => ({ value: c.code, label: `${'　'.repeat(c.level - 1)}${c.name}（${c.code}）` }))}
                />
              </Form.Item>
              <Form.Item
                name="segment"
                label={t('编码（本级）', 'Code (this level)')}
                extra={t(`完整编码：${parent ? `${parent}.` : ''}${segment ?? ''}`, `Full code: ${parent ? `${parent}.` : ''}${segment ?? ''}`)}
                rules={[{ required: true, pattern: firstLevel ? /^[a-z0-9]+$/ : /^[a-z0-9_-]+$/, message: t('小写字母、数字（下级还可用 - _）', 'Lower-case letters and digits (- and _ below the top level)') }]}
              >
                <Input maxLength={30} />
              </Form.Item>
            </>
          )}
          <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true, message: t('请填写名称', 'Enter a name') }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="sort" label={t('排序（小的在前）', 'Order (smaller first)')}>
            <InputNumber style={{ width: 160 }} />
          </Form.Item>
        </Form>
      </Modal>
    </AdminPage>
  );
}
