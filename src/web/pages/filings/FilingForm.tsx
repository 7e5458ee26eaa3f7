/**
 * 新建报备 (POST /api/filings): type, title, content, period and area — districts and streets, or the
 * whole city. A unit files for itself; the centre names the unit. The answer says whether the filing
 * was late (a planned event filed less than 72 hours ahead, S4 annex 4 第四条).
 */
import { useMemo, useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Radio, Select, TreeSelect } from 'antd';
import type { Dayjs } from 'dayjs';
import { FILING_TYPES, FILING_TYPE_LABELS, isPlannedType, type FilingType } from '../../../core/filings';
import { ApiError, get, post } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useLang } from '../../shared/i18n';
import type { Filing } from '../../shared/filings';
import type { Unit } from '../../shared/types';
import { shanghaiIso } from '../../shared/shanghai-time';

interface Values {
  type: FilingType;
  title: string;
  content: string;
  period: [Dayjs, Dayjs];
  areaMode: 'city' | 'units';
  areaUnits?: string[];
  unit?: string;
}

interface Node {
  value: string;
  title: string;
  children?: Node[];
}

/** Districts with their streets (GET /api/units, parents first), for the area picker. */
export function areaTree(units: Unit[]): Node[] {
  const byId = new Map<string, Node>();
  const roots: Node[] = [];
  for (const u of units) {
    if (!u.active || (u.type !== 'district' && u.type !== 'street')) continue;
    const node: Node = { value: u.code, title: u.name };
    byId.set(u.id, node);
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

const FIELDS = ['type', 'title', 'content', 'unit', 'startsAt', 'endsAt'];

export function FilingForm({ centre, onClose, onFiled }: { centre: boolean; onClose: () => void; onFiled: (f: Filing) => void }) {
  const { lang, t } = useLang();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const units = useAsync(() => get<Unit[]>('/api/units'), []);
  const tree = useMemo(() => areaTree(units.data ?? []), [units.data]);
  const unitOptions = useMemo(() => (units.data ?? []).filter((u) => u.active && u.type !== 'government').map((u) => ({ value: u.code, label: `${u.name}（${u.code}）` })), [units.data]);
  const areaMode = Form.useWatch('areaMode', form);
  const type = Form.useWatch('type', form);

  async function submit(v: Values) {
    setBusy(true);
    setError(undefined);
    try {
      const f = await post<Filing>('/api/filings', {
        type: v.type,
        title: v.title.trim(),
        content: v.content.trim(),
        startsAt: shanghaiIso(v.period[0]),
        endsAt: shanghaiIso(v.period[1]),
        ...(centre && v.unit ? { unit: v.unit } : {}),
        ...(v.areaMode === 'units' && v.areaUnits?.length ? { areaUnits: v.areaUnits } : {}),
      });
      const info = { title: f.late ? t('已报备，记为迟报', 'Filed, and counted late') : t('已报备', 'Filed'), okText: t('知道了', 'OK') };
      if (f.late) modal.warning({ ...info, content: t('计划事项应至少提前 3 天（72 小时）报备，本次报备距开始不足 72 小时，将纳入考核。', 'Planned events are filed at least 3 days (72 hours) ahead; this one was not, and counts in the assessment.') });
      else modal.success({ ...info, content: t(`“${f.title}”已报备，将在开始前 24 小时出现在公告栏。`, `“${f.title}” is filed; it shows on the bulletin board from 24 hours before it starts.`) });
      onFiled(f);
    } catch (e) {
      const msg = (e as Error).message;
      setError(msg);
      const field = e instanceof ApiError && typeof e.details?.field === 'string' ? e.details.field : null;
      if (field?.startsWith('areaUnits')) form.setFields([{ name: 'areaUnits', errors: [msg] }]);
      else if (field === 'startsAt' || field === 'endsAt') form.setFields([{ name: 'period', errors: [msg] }]);
      else if (field && FIELDS.includes(field)) form.setFields([{ name: field as keyof Values, errors: [msg] }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open width={720} title={t('新建报备', 'New filing')} onCancel={onClose} onOk={() => form.submit()} okText={t('报备', 'File')} cancelText={t('取消', 'Cancel')} confirmLoading={busy} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" name="filing" initialValues={{ type: 'water_outage', areaMode: 'units' }} onFinish={submit}>
        {centre && (
          <Form.Item name="unit" label={t('报备单位（不选为本中心）', 'Filing unit (empty: the centre)')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions} loading={units.loading} />
          </Form.Item>
        )}
        <Form.Item
          name="type"
          label={t('报备类型', 'Type')}
          rules={[{ required: true }]}
          extra={type && (isPlannedType(type) ? t('计划事项：请至少提前 3 天报备，否则记为迟报。', 'Planned: file at least 3 days ahead, or it counts as late.') : t('突发事件：实时报备，不计迟报。', 'Emergency: filed as it happens, never late.'))}
        >
          <Select options={FILING_TYPES.map((k) => ({ value: k, label: FILING_TYPE_LABELS[k][lang] }))} />
        </Form.Item>
        <Form.Item name="title" label={t('标题', 'Title')} rules={[{ required: true, whitespace: true, message: t('请填写标题', 'Enter a title') }]}>
          <Input maxLength={200} placeholder={t('例：南湖街道管网改造计划停水', 'e.g. Planned water outage for mains work')} />
        </Form.Item>
        <Form.Item name="content" label={t('内容', 'Content')} rules={[{ required: true, whitespace: true, message: t('请填写内容', 'Enter the content') }]} extra={t('写明原因、影响范围、起止时间和群众须知，话务员据此答复。', 'The cause, the area, the times and what citizens should do: operators answer from it.')}>
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item name="period" label={t('起止时间（北京时间）', 'Period (Beijing time)')} rules={[{ required: true, message: t('请选择起止时间', 'Choose the period') }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="areaMode" label={t('影响范围', 'Area')}>
          <Radio.Group
            options={[
              { value: 'units', label: t('指定区县、街道', 'Districts and streets') },
              { value: 'city', label: t('全市', 'Whole city') },
            ]}
          />
        </Form.Item>
        {areaMode === 'units' && (
          <Form.Item name="areaUnits" label={t('区县、街道（选区县即含其下街道）', 'Districts and streets (a district covers its streets)')} rules={[{ required: true, message: t('请选择影响的区县或街道，或改选全市', 'Choose the districts or streets, or the whole city') }]}>
            <TreeSelect treeData={tree} multiple treeCheckable showCheckedStrategy={TreeSelect.SHOW_PARENT} treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} loading={units.loading} placeholder={t('选择区县或街道', 'Choose districts or streets')} />
          </Form.Item>
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
