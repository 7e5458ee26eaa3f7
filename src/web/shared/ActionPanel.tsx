/**
 * The steps the user may take on a case — exactly `allowedActions` from the server, which comes from
 * core's transition table — each a button opening its form. Every step sends the case's version.
 * The reply has its own drawer (three parts, live reply checks); the citizen's rating is the portal's.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space, message } from 'antd';
import type { CaseAction } from '../../core/case-lifecycle';
import { CASE_ACTION_LABELS } from '../../core/case-lifecycle';
import { SATISFACTION_LEVELS, CALLBACK_TYPES } from '../../core/enums';
import { ApiError, get, post } from './api';
import { useLang } from './i18n';
import { useAsync } from './useAsync';
import { fmtTime, satisfactionLabel } from './format';
import { ReplyDrawer } from './ReplyDrawer';
import { ArticlePicker } from './ArticlePicker';
import type { CaseDetail, Unit } from './types';

type FieldKind = 'text' | 'textarea' | 'units' | 'unit' | 'limit' | 'datetime' | 'approve' | 'callback' | 'promise' | 'case' | 'check' | 'orderKind' | 'order' | 'article';
interface Field {
  name: string;
  zh: string;
  en: string;
  kind: FieldKind;
  required?: boolean;
  /** Fewest characters a text takes (the server's minimum). */
  min?: number;
}

const ACTION_FORMS: Record<CaseAction, { path: string; fields: Field[]; danger?: boolean }> = {
  answer_on_spot: {
    path: 'answer',
    fields: [
      // a knowledge article fills the answer; its id goes with the step, and its use is counted
      { name: 'articleId', zh: '引用知识库资料（可选）', en: 'From the knowledge base (optional)', kind: 'article' },
      { name: 'answer', zh: '答复内容', en: 'Answer', kind: 'textarea', required: true },
    ],
  },
  dispatch: {
    path: 'dispatch',
    fields: [
      { name: 'units', zh: '承办单位（第一个为主办）', en: 'Units (the first leads)', kind: 'units', required: true },
      { name: 'limit', zh: '办理时限（不填按规则）', en: 'Limit (default: policy)', kind: 'limit' },
      { name: 'siteCheck', zh: '需现场核查（反馈须附现场照片）', en: 'On-site check needed (the reply must carry photos)', kind: 'check' },
      { name: 'note', zh: '交办意见', en: 'Note', kind: 'textarea' },
    ],
  },
  add_co_unit: { path: 'co-units', fields: [{ name: 'unit', zh: '协办单位', en: 'Co-unit', kind: 'unit', required: true }, { name: 'note', zh: '说明', en: 'Note', kind: 'textarea' }] },
  accept: { path: 'accept', fields: [{ name: 'note', zh: '备注', en: 'Note', kind: 'textarea' }] },
  return: { path: 'return', danger: true, fields: [{ name: 'reason', zh: '回单理由', en: 'Reason', kind: 'textarea', required: true }, { name: 'suggestedUnit', zh: '建议承办单位', en: 'Suggested unit', kind: 'unit' }] },
  reject_return: { path: 'reject-return', fields: [{ name: 'reason', zh: '驳回理由', en: 'Reason', kind: 'textarea', required: true }] },
  reply: { path: 'reply', fields: [] }, // ReplyDrawer
  co_reply: { path: 'co-reply', fields: [{ name: 'content', zh: '协办意见', en: 'Opinion', kind: 'textarea', required: true }] },
  sign_off: { path: 'sign-off', fields: [{ name: 'note', zh: '审签意见', en: 'Note', kind: 'textarea' }] },
  reject_sign_off: { path: 'refuse-sign-off', danger: true, fields: [{ name: 'reason', zh: '退回理由', en: 'Reason', kind: 'textarea', required: true }] },
  approve_reply: { path: 'approve', fields: [{ name: 'note', zh: '审核意见', en: 'Note', kind: 'textarea' }] },
  rework: { path: 'rework', danger: true, fields: [{ name: 'reason', zh: '退回重办理由', en: 'Reason', kind: 'textarea', required: true }, { name: 'limit', zh: '重办时限（不填按规则）', en: 'Rework limit (default: policy)', kind: 'limit' }] },
  request_extension: { path: 'extension-requests', fields: [{ name: 'limit', zh: '延期时长', en: 'Extension', kind: 'limit', required: true }, { name: 'reason', zh: '延期理由', en: 'Reason', kind: 'textarea', required: true }] },
  decide_extension: { path: 'extension-decision', fields: [{ name: 'approve', zh: '审批', en: 'Decision', kind: 'approve', required: true }, { name: 'note', zh: '意见', en: 'Note', kind: 'textarea' }] },
  callback: { path: 'callbacks', fields: [{ name: 'callback', zh: '回访', en: 'Callback', kind: 'callback', required: true }] },
  close: { path: 'close', fields: [{ name: 'explanation', zh: '办结说明', en: 'Explanation', kind: 'textarea', required: true }] },
  urge: { path: 'urges', fields: [{ name: 'note', zh: '催办意见', en: 'Note', kind: 'textarea', required: true }] },
  supervise: {
    path: 'supervise',
    fields: [
      { name: 'kind', zh: '类别', en: 'Kind', kind: 'orderKind', required: true },
      { name: 'note', zh: '督办要求', en: 'What the unit must do', kind: 'textarea', required: true },
      { name: 'dueAt', zh: '反馈期限（不填按规则）', en: 'Answer by (default: policy)', kind: 'datetime' },
    ],
  },
  respond_order: {
    path: 'order-response',
    fields: [
      { name: 'orderId', zh: '督办单', en: 'Order', kind: 'order', required: true },
      { name: 'response', zh: '书面反馈（办理情况和结果）', en: 'Written answer (what was done, the result)', kind: 'textarea', required: true, min: 10 },
    ],
  },
  evaluate: { path: '', fields: [] }, // the citizen's, on the portal
  instruct: { path: 'instructions', fields: [{ name: 'instruction', zh: '批示内容', en: 'Instruction', kind: 'textarea', required: true }, { name: 'dueAt', zh: '办理期限', en: 'Due', kind: 'datetime' }] },
  archive: { path: 'archive', fields: [] },
  keep_promise: { path: 'keep-promise', fields: [{ name: 'promiseId', zh: '承诺事项', en: 'Promise', kind: 'promise', required: true }, { name: 'note', zh: '兑现情况', en: 'How it was kept', kind: 'textarea', required: true }] },
  dispatch_down: { path: 'dispatch-down', fields: [{ name: 'unit', zh: '下派至', en: 'Pass down to', kind: 'unit', required: true }, { name: 'note', zh: '说明', en: 'Note', kind: 'textarea' }] },
  link_repeat: { path: 'link-repeat', fields: [{ name: 'of', zh: '原诉求编号', en: 'Earlier case number', kind: 'case', required: true }, { name: 'note', zh: '说明', en: 'Note', kind: 'textarea' }] },
  merge: { path: 'merge', fields: [{ name: 'into', zh: '合并至诉求编号', en: 'Merge into case number', kind: 'case', required: true }, { name: 'note', zh: '说明', en: 'Note', kind: 'textarea' }] },
};

const LIMITS = ['2h', '4h', '1wd', '2wd', '3wd', '5wd', '7wd', '10wd', '15m', '30m'];

/** Steps staff take here: the citizen's rating is given on the portal, never by staff. */
export const staffActions = (d: { allowedActions: CaseAction[] }) => d.allowedActions.filter((a) => a !== 'evaluate');

export function ActionPanel({ detail, onDone }: { detail: CaseDetail; onDone: () => void }) {
  const { lang, t } = useLang();
  const [open, setOpen] = useState<CaseAction | null>(null);
  const actions = staffActions(detail);
  if (actions.length === 0) return null;
  const done = () => (setOpen(null), onDone());
  return (
    <>
      <Space wrap>
        {actions.map((a) => (
          <Button key={a} type={a === actions[0] ? 'primary' : 'default'} danger={ACTION_FORMS[a].danger} onClick={() => setOpen(a)} data-action={a}>
            {CASE_ACTION_LABELS[a][lang]}
          </Button>
        ))}
      </Space>
      {open === 'reply' && <ReplyDrawer target={detail} onClose={() => setOpen(null)} onDone={done} />}
      {open && open !== 'reply' && <ActionModal action={open} detail={detail} onClose={() => setOpen(null)} onDone={done} title={CASE_ACTION_LABELS[open][lang]} t={t} lang={lang} />}
    </>
  );
}

function initialValues(action: CaseAction, detail: CaseDetail): Record<string, unknown> | undefined {
  if (action === 'callback') return { callback: defaultCallback(detail) };
  if (action === 'supervise') return { kind: 'supervision' };
  if (action === 'respond_order') return { orderId: openOrders(detail)[0]?.id };
  return undefined;
}

const openOrders = (d: CaseDetail) => (d.orders ?? []).filter((o) => o.status === 'open');

function ActionModal({ action, detail, onClose, onDone, title, t, lang }: { action: CaseAction; detail: CaseDetail; onClose: () => void; onDone: () => void; title: string; t: (zh: string, en: string) => string; lang: 'zh' | 'en' }) {
  const spec = ACTION_FORMS[action];
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const needsUnits = spec.fields.some((f) => f.kind === 'units' || f.kind === 'unit');
  const units = useAsync(() => (needsUnits ? get<Unit[]>('/api/units') : Promise.resolve([] as Unit[])), [needsUnits]);
  const unitOptions = (units.data ?? []).filter((u) => u.active && u.type !== 'centre' && u.type !== 'government').map((u) => ({ value: u.code, label: `${u.name}（${u.code}）` }));

  async function submit() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const body: Record<string, unknown> = { version: detail.version };
    for (const f of spec.fields) {
      const v = values[f.name];
      if (v === undefined || v === null || v === '') continue;
      if (f.kind === 'datetime') body[f.name] = (v as { toISOString: () => string }).toISOString();
      else if (f.kind === 'callback') Object.assign(body, v);
      else if (f.kind === 'approve') body.approve = v === 'yes';
      else if (typeof v === 'string') body[f.name] = v.trim();
      else body[f.name] = v;
    }
    setBusy(true);
    try {
      await post(`/api/cases/${detail.id}/${spec.path}`, body);
      message.success(t('已提交', 'Done'));
      onDone();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={title} onCancel={onClose} onOk={submit} confirmLoading={busy} okText={t('提交', 'Submit')} cancelText={t('取消', 'Cancel')} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initialValues(action, detail)}>
        {spec.fields.length === 0 && <p>{t('确认执行该操作？', 'Go ahead?')}</p>}
        {spec.fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.kind === 'check' ? undefined : t(f.zh, f.en)}
            valuePropName={f.kind === 'check' ? 'checked' : undefined}
            // a rule with more than `required` is checked as a string: only the text fields get `whitespace` and `min`
            rules={[
              ...(f.required ? [{ required: true, ...(f.kind === 'textarea' ? { whitespace: true } : {}), message: t(`请填写${f.zh}`, `${f.en} is required`) }] : []),
              ...(f.min ? [{ min: f.min, message: t(`至少 ${f.min} 个字`, `At least ${f.min} characters`) }] : []),
            ]}
          >
            {f.kind === 'check' ? (
              <Checkbox>{t(f.zh, f.en)}</Checkbox>
            ) : f.kind === 'orderKind' ? (
              <Radio.Group options={[{ value: 'supervision', label: t('督办单', 'Supervision order') }, { value: 'key_item', label: t('重点事项交办单', 'Key-item order') }]} />
            ) : f.kind === 'order' ? (
              <Select options={openOrders(detail).map((o) => ({ value: o.id, label: `${o.orderNo} · ${t('限', 'due')} ${fmtTime(o.dueAt)} · ${o.requirement}` }))} />
            ) : f.kind === 'textarea' ? (
              <Input.TextArea rows={4} maxLength={4000} showCount />
            ) : f.kind === 'units' ? (
              <Select mode="multiple" options={unitOptions} showSearch={{ optionFilterProp: 'label' }} loading={units.loading} />
            ) : f.kind === 'unit' ? (
              <Select options={unitOptions} showSearch={{ optionFilterProp: 'label' }} allowClear loading={units.loading} />
            ) : f.kind === 'limit' ? (
              <Select allowClear options={LIMITS.map((l) => ({ value: l, label: l }))} />
            ) : f.kind === 'datetime' ? (
              <DatePicker showTime style={{ width: '100%' }} />
            ) : f.kind === 'approve' ? (
              <Radio.Group options={[{ value: 'yes', label: t('同意', 'Approve') }, { value: 'no', label: t('不同意', 'Refuse') }]} />
            ) : f.kind === 'callback' ? (
              <CallbackFields lang={lang} t={t} />
            ) : f.kind === 'article' ? (
              <ArticlePicker seed={{ title: detail.title, content: detail.content.slice(0, 5000) }} onPicked={(a) => form.setFieldValue('answer', a.body.slice(0, 4000))} />
            ) : f.kind === 'promise' ? (
              <Select options={detail.promises.filter((p) => !p.doneAt).map((p) => ({ value: p.id, label: p.what }))} />
            ) : (
              <Input />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

function defaultCallback(d: CaseDetail) {
  const type = d.state === 'pending_callback' ? 'result' : d.state === 'closed' ? 'look_back' : 'process';
  return { type, method: 'phone', reached: true, contacted: true };
}

/** Type, method, reached, contacted, five-level satisfaction, resolved, comment. */
function CallbackFields({ value, onChange, lang, t }: { value?: Record<string, unknown>; onChange?: (v: Record<string, unknown>) => void; lang: 'zh' | 'en'; t: (zh: string, en: string) => string }) {
  const v = value ?? {};
  const set = (k: string, x: unknown) => onChange?.({ ...v, [k]: x });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Radio.Group value={v.type} onChange={(e) => set('type', e.target.value)} options={CALLBACK_TYPES.map((c) => ({ value: c, label: { process: t('过程回访', 'Process'), result: t('结果回访', 'Result'), look_back: t('回头看', 'Look-back') }[c] }))} />
      <Select value={v.method} onChange={(x) => set('method', x)} style={{ width: 200 }} options={[{ value: 'phone', label: t('电话', 'Phone') }, { value: 'sms', label: t('短信', 'SMS') }, { value: 'web', label: t('网络', 'Web') }, { value: 'wechat', label: t('微信', 'WeChat') }, { value: 'onsite', label: t('上门', 'On site') }]} />
      <Checkbox checked={v.reached !== false} onChange={(e) => set('reached', e.target.checked)}>
        {t('已联系上群众', 'Citizen reached')}
      </Checkbox>
      <Checkbox checked={v.contacted !== false} onChange={(e) => set('contacted', e.target.checked)}>
        {t('承办单位已与群众联系', 'The unit contacted the citizen')}
      </Checkbox>
      {v.type === 'process' && v.contacted === false && <Alert type="info" showIcon title={t('记录为“未联系”后，系统将自动催办承办单位', 'Recorded as not contacted, the unit is urged automatically')} />}
      {v.type === 'result' && (
        <Radio.Group value={v.satisfaction} onChange={(e) => set('satisfaction', e.target.value)} options={SATISFACTION_LEVELS.map((s) => ({ value: s, label: satisfactionLabel(s, lang) }))} />
      )}
      {v.type === 'result' && (
        <Checkbox checked={v.resolved === true} onChange={(e) => set('resolved', e.target.checked)}>
          {t('问题已解决', 'Resolved')}
        </Checkbox>
      )}
      <Input.TextArea rows={2} placeholder={t('回访记录', 'Notes')} value={(v.comment as string) ?? ''} onChange={(e) => set('comment', e.target.value)} />
    </Space>
  );
}
