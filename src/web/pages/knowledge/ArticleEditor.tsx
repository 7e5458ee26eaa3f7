/**
 * Writing a draft (POST /api/knowledge) or editing one (PATCH, with the version read): type, title,
 * category, validity and body; the centre names the owning unit, a unit writes for itself.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { KNOWLEDGE_TYPES, KNOWLEDGE_TYPE_LABELS, type KnowledgeType } from '../../../core/knowledge';
import { CENTRE_ROLES } from '../../../core/case-lifecycle';
import { ApiError, api, get } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useLang } from '../../shared/i18n';
import { useMe } from '../../shared/session';
import { useCategories } from '../../operator/categories';
import type { Article } from '../../shared/knowledge';
import type { Unit } from '../../shared/types';

interface Values {
  type: KnowledgeType;
  title: string;
  category?: string;
  unit?: string;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
  body: string;
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

export function ArticleEditor({ article, onClose, onSaved }: { article: Article | 'new'; onClose: () => void; onSaved: (a: Article) => void }) {
  const { lang, t } = useLang();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const categories = useCategories();
  const isNew = article === 'new';
  const centre = me.atCentre && (CENTRE_ROLES as readonly string[]).includes(me.role);
  const units = useAsync(() => (isNew && centre ? get<Unit[]>('/api/units') : Promise.resolve([] as Unit[])), [isNew, centre]);
  const unitOptions = useMemo(() => (units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.code, label: `${u.name}（${u.code}）` })), [units.data]);

  const initial: Partial<Values> = isNew
    ? { type: 'guide', unit: me.unit.code }
    : {
        type: article.type,
        title: article.title,
        category: article.category?.code,
        validFrom: article.validFrom ? dayjs(article.validFrom) : null,
        validTo: article.validTo ? dayjs(article.validTo) : null,
        body: article.body,
      };

  async function save(v: Values) {
    setBusy(true);
    setError(undefined);
    try {
      let saved: Article;
      if (isNew) {
        saved = await api<Article>('POST', '/api/knowledge', {
          type: v.type,
          title: v.title.trim(),
          body: v.body.trim(),
          category: v.category || null,
          validFrom: day(v.validFrom),
          validTo: day(v.validTo),
          ...(centre && v.unit ? { unit: v.unit } : {}),
        });
      } else {
        const changes = {
          ...(v.type !== article.type ? { type: v.type } : {}),
          ...(v.title.trim() !== article.title ? { title: v.title.trim() } : {}),
          ...(v.body.trim() !== article.body ? { body: v.body.trim() } : {}),
          ...((v.category || null) !== (article.category?.code ?? null) ? { category: v.category || null } : {}),
          ...(day(v.validFrom) !== article.validFrom ? { validFrom: day(v.validFrom) } : {}),
          ...(day(v.validTo) !== article.validTo ? { validTo: day(v.validTo) } : {}),
        };
        if (Object.keys(changes).length === 0) return onClose();
        saved = await api<Article>('PATCH', `/api/knowledge/${article.id}`, { version: article.version, ...changes });
      }
      message.success(isNew ? t('已保存为草稿', 'Saved as a draft') : t('已保存', 'Saved'));
      onSaved(saved);
    } catch (e) {
      const msg = e instanceof ApiError && e.code === 'conflict' && e.details?.version ? t('资料已被他人修改，请关闭后重新打开', 'Someone changed the article; close and open it again') : (e as Error).message;
      setError(msg);
      const field = e instanceof ApiError && typeof e.details?.field === 'string' ? e.details.field : null;
      if (field && ['type', 'title', 'body', 'category', 'unit', 'validFrom', 'validTo'].includes(field)) form.setFields([{ name: field as keyof Values, errors: [msg] }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      width={760}
      title={isNew ? t('编写资料', 'Write an article') : t(`修改资料：${article.title}`, `Edit: ${article.title}`)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('保存草稿', 'Save draft')}
      cancelText={t('取消', 'Cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={save} name="article">
        <Form.Item name="type" label={t('类型', 'Type')} rules={[{ required: true }]}>
          <Radio.Group options={KNOWLEDGE_TYPES.map((k) => ({ value: k, label: KNOWLEDGE_TYPE_LABELS[k][lang] }))} optionType="button" />
        </Form.Item>
        <Form.Item name="title" label={t('标题', 'Title')} rules={[{ required: true, whitespace: true, min: 2, message: t('标题至少 2 个字', 'At least 2 characters') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={centre && isNew ? 12 : 24}>
            <Form.Item name="category" label={t('诉求分类', 'Category')}>
              <TreeSelect treeData={categories.tree} allowClear showSearch={{ treeNodeFilterProp: 'title' }} placeholder={t('可选', 'Optional')} popupMatchSelectWidth={false} />
            </Form.Item>
          </Col>
          {centre && isNew && (
            <Col span={12}>
              <Form.Item name="unit" label={t('所属单位', 'Owning unit')}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} loading={units.loading} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="validFrom" label={t('生效日期（不填即日起）', 'Valid from (empty: now)')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="validTo"
              label={t('失效日期（不填长期有效）', 'Valid to (empty: no end)')}
              dependencies={['validFrom']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v?: Dayjs | null) => {
                    const from = getFieldValue('validFrom') as Dayjs | null | undefined;
                    return v && from && v.isBefore(from, 'day') ? Promise.reject(new Error(t('失效日期不能早于生效日期', 'Must not be before the start'))) : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="body" label={t('正文', 'Body')} rules={[{ required: true, whitespace: true, message: t('请填写正文', 'Write the body') }]} extra={t('话务员当即答复时会引用正文，请写成可直接告知群众的内容。', 'Operators answer callers with the body: write it so it can be read out as is.')}>
          <Input.TextArea rows={10} maxLength={20000} showCount />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
