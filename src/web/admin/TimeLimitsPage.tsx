/** 时限规则: the time-limit rules, the policy settings (SettingsCard), and a preview of which rule a case gets. */
import { useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang, type Lang } from '../shared/i18n';
import { channelLabel, fmtTime, kindLabel, urgencyLabel } from '../shared/format';
import type { Category } from '../shared/types';
import { CHANNELS, KINDS, URGENCIES, type Channel, type Kind, type Urgency } from '../../core/enums';
import { STAGES, type Stage } from '../../core/time-limits';
import { AdminPage, Section, useRun, Pill } from './ui';
import { SettingsCard } from './SettingsCard';
import { limitLabel } from './labels';

interface Rule {
  id: string;
  name: string;
  stage: Stage;
  kind: Kind | null;
  channel: Channel | null;
  urgency: Urgency | null;
  category: string | null;
  limit: string;
  maxExtension: string | null;
  priority: number;
}
interface Preview {
  rule: Rule | null;
  limit: string;
  dueAt: string;
  maxExtension: string | null;
}

const STAGE_LABELS: Record<Stage, [string, string]> = {
  first_dispatch: ['首次交办', 'First dispatch'],
  redispatch: ['改派', 'Re-dispatch'],
  rework: ['退回重办', 'Rework'],
  consultation: ['咨询答复', 'Consultation'],
  extension: ['延期', 'Extension'],
};
const stageLabel = (s: Stage, lang: Lang) => STAGE_LABELS[s]?.[lang === 'en' ? 1 : 0] ?? s;
const LIMIT = /^(\d{1,5}(wd|d|h|m)|sameday)$/;

export function TimeLimitsPage() {
  const { lang, t } = useLang();
  const run = useRun();
  const rules = useAsync(() => get<Rule[]>('/api/time-limit-rules'), []);
  const cats = useAsync(() => get<Category[]>('/api/categories'), []);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [form] = Form.useForm<Omit<Rule, 'id'>>();
  const stageOptions = STAGES.map((s) => ({ value: s, label: stageLabel(s, lang) }));
  const kindOptions = KINDS.map((k) => ({ value: k, label: kindLabel(k, lang) }));
  const channelOptions = CHANNELS.map((c) => ({ value: c, label: channelLabel(c, lang) }));
  const urgencyOptions = URGENCIES.map((u) => ({ value: u, label: urgencyLabel(u, lang) }));
  const categoryOptions = (cats.data ?? []).map((c) => ({ value: c.code, label: `${'　'.repeat(c.level - 1)}${c.name}（${c.code}）` }));
  const any = t('不限', 'Any');

  const open = (r: Rule | 'new') => {
    setEditing(r);
    form.resetFields();
    form.setFieldsValue(r === 'new' ? { stage: 'first_dispatch', priority: 0 } : r);
  };
  const save = async (v: Omit<Rule, 'id'>) => {
    // an empty condition is left out, or sent as null only to clear one the rule had
    const was = editing === 'new' ? undefined : editing;
    const cond = <K extends 'kind' | 'channel' | 'urgency' | 'category'>(k: K) => (v[k] ? { [k]: v[k] } : was?.[k] ? { [k]: null } : {});
    const body = { name: v.name, stage: v.stage, ...cond('kind'), ...cond('channel'), ...cond('urgency'), ...cond('category'), limit: v.limit, maxExtension: v.maxExtension || null, priority: v.priority ?? 0 };
    const ok = editing === 'new' ? await run(() => api('POST', '/api/time-limit-rules', body), t('已新增规则', 'Rule added')) : editing ? await run(() => api('PATCH', `/api/time-limit-rules/${editing.id}`, body)) : false;
    if (ok) {
      setEditing(null);
      rules.reload();
    }
  };

  return (
    <AdminPage
      zh="时限规则"
      en="Time limits"
      actions={
        <Button type="primary" onClick={() => open('new')}>
          {t('新增规则', 'Add rule')}
        </Button>
      }
      intro={t('每个阶段按诉求的类型、渠道、紧急程度和分类选出最匹配的规则（条件越具体、优先级越高者优先）。时限写法：5wd 工作日、3d 自然日、2h 小时、15m 分钟、sameday 当日。', 'For each stage, the most specific matching rule wins (then the higher priority). Limits: 5wd working days, 3d days, 2h hours, 15m minutes, sameday.')}
    >
      {rules.error && <Alert type="error" title={rules.error.message} showIcon />}
      <Table<Rule>
        rowKey="id"
        size="small"
        loading={rules.loading}
        dataSource={rules.data ?? []}
        pagination={{ pageSize: 15, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('名称', 'Name'), dataIndex: 'name', ellipsis: true },
          { title: t('阶段', 'Stage'), dataIndex: 'stage', width: 100, render: (v: Stage) => stageLabel(v, lang) },
          { title: t('类型', 'Kind'), dataIndex: 'kind', width: 90, render: (v: Kind | null) => (v ? kindLabel(v, lang) : any) },
          { title: t('渠道', 'Channel'), dataIndex: 'channel', width: 120, render: (v: Channel | null) => (v ? channelLabel(v, lang) : any) },
          { title: t('紧急程度', 'Urgency'), dataIndex: 'urgency', width: 100, render: (v: Urgency | null) => (v ? urgencyLabel(v, lang) : any) },
          { title: t('分类', 'Category'), dataIndex: 'category', width: 110, render: (v: string | null) => v ?? any },
          { title: t('时限', 'Limit'), dataIndex: 'limit', width: 110, render: (v: string) => <Pill tone="red">{limitLabel(v, lang)}</Pill> },
          { title: t('最长延期', 'Max extension'), dataIndex: 'maxExtension', width: 110, render: (v: string | null) => limitLabel(v, lang) },
          { title: t('优先级', 'Priority'), dataIndex: 'priority', width: 70 },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 140,
            render: (_: unknown, r) => (
              <Space size={4}>
                <Button size="small" onClick={() => open(r)} aria-label={t(`编辑 ${r.name}`, `Edit ${r.name}`)}>
                  {t('编辑', 'Edit')}
                </Button>
                <Popconfirm title={t(`停用规则“${r.name}”？`, `Retire rule “${r.name}”?`)} okText={t('停用', 'Retire')} cancelText={t('取消', 'Cancel')} onConfirm={async () => (await run(() => api('DELETE', `/api/time-limit-rules/${r.id}`), t('已停用', 'Retired'))) && rules.reload()}>
                  <Button size="small" danger aria-label={t(`停用 ${r.name}`, `Retire ${r.name}`)}>
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
        title={editing === 'new' ? t('新增时限规则', 'Add time-limit rule') : t(`编辑规则：${editing?.name ?? ''}`, `Edit rule: ${editing?.name ?? ''}`)}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('保存', 'Save')}
        width={640}
        forceRender
        afterOpenChange={(o) => o && form.focusField('name')}
      >
        <Form form={form} name="rule" layout="vertical" onFinish={save}>
          <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true, message: t('请填写名称', 'Enter a name') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="stage" label={t('阶段', 'Stage')} rules={[{ required: true }]}>
                <Select options={stageOptions} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="kind" label={t('诉求类型', 'Kind')}>
                <Select allowClear placeholder={any} options={kindOptions} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="channel" label={t('渠道', 'Channel')}>
                <Select allowClear placeholder={any} options={channelOptions} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="urgency" label={t('紧急程度', 'Urgency')}>
                <Select allowClear placeholder={any} options={urgencyOptions} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="category" label={t('分类（含其下级）', 'Category (and those below it)')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={any} options={categoryOptions} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="limit" label={t('时限', 'Limit')} rules={[{ required: true, pattern: LIMIT, message: t('如 5wd、3d、2h、15m、sameday', 'e.g. 5wd, 3d, 2h, 15m, sameday') }]}>
                <Input placeholder="5wd" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="maxExtension" label={t('最长延期', 'Max extension')} rules={[{ pattern: LIMIT, message: t('如 5wd、3d', 'e.g. 5wd, 3d') }]}>
                <Input placeholder="15wd" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="priority" label={t('优先级', 'Priority')}>
                <InputNumber min={-1000} max={1000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <SettingsCard />
        </Col>
        <Col xs={24} xl={12}>
          <PreviewCard stageOptions={stageOptions} kindOptions={kindOptions} channelOptions={channelOptions} urgencyOptions={urgencyOptions} categoryOptions={categoryOptions} />
        </Col>
      </Row>
    </AdminPage>
  );
}

type Options = { value: string; label: string }[];

function PreviewCard(p: { stageOptions: Options; kindOptions: Options; channelOptions: Options; urgencyOptions: Options; categoryOptions: Options }) {
  const { lang, t } = useLang();
  const [result, setResult] = useState<Preview>();
  const [error, setError] = useState<string>();
  const [form] = Form.useForm<{ stage?: Stage; kind: Kind; channel: Channel; urgency?: Urgency; category?: string; from?: Dayjs }>();
  return (
    <Card size="small" title={<Section>{t('期限预览', 'Preview a deadline')}</Section>}>
      <Form
        form={form}
        name="preview"
        layout="horizontal"
        labelCol={{ span: 8 }}
        initialValues={{ kind: 'complaint', channel: 'phone', urgency: 'normal' }}
        onFinish={async (v) => {
          setError(undefined);
          try {
            setResult(await api<Preview>('POST', '/api/time-limit-rules/preview', { ...v, from: v.from ? v.from.toISOString() : undefined, stage: v.stage || undefined, category: v.category || undefined }));
          } catch (e) {
            setResult(undefined);
            setError((e as Error).message);
          }
        }}
      >
        <Form.Item name="stage" label={t('阶段', 'Stage')}>
          <Select allowClear placeholder={t('按类型自动', 'From the kind')} options={p.stageOptions} />
        </Form.Item>
        <Form.Item name="kind" label={t('诉求类型', 'Kind')} rules={[{ required: true }]}>
          <Select options={p.kindOptions} />
        </Form.Item>
        <Form.Item name="channel" label={t('渠道', 'Channel')} rules={[{ required: true }]}>
          <Select options={p.channelOptions} />
        </Form.Item>
        <Form.Item name="urgency" label={t('紧急程度', 'Urgency')}>
          <Select options={p.urgencyOptions} />
        </Form.Item>
        <Form.Item name="category" label={t('分类', 'Category')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={p.categoryOptions} />
        </Form.Item>
        <Form.Item name="from" label={t('起算时间', 'Starting at')} extra={t('不填为现在', 'Now if empty')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item wrapperCol={{ offset: 8 }}>
          <Button htmlType="submit">{t('计算', 'Compute')}</Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" title={error} showIcon />}
      {result && (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('适用规则', 'Rule')}>{result.rule?.name ?? t('无匹配规则（默认 5 个工作日）', 'No rule matches (default 5 working days)')}</Descriptions.Item>
          <Descriptions.Item label={t('时限', 'Limit')}>{limitLabel(result.limit, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('到期时间', 'Due')}>{fmtTime(result.dueAt)}</Descriptions.Item>
          <Descriptions.Item label={t('最长延期', 'Max extension')}>{limitLabel(result.maxExtension, lang)}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
