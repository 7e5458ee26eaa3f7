/**
 * The steps the user may take on a case — exactly `allowedActions` from the server, which comes from
 * core's transition table — each a button opening its form. Every step sends the case's version.
 */
import { useState } from 'react';
import { Button, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space, message } from 'antd';
import type { CaseAction } from '../../core/case-lifecycle';
import { CASE_ACTION_LABELS } from '../../core/case-lifecycle';
import { SATISFACTION_LEVELS, CALLBACK_TYPES } from '../../core/enums';
import { ApiError, get, post } from './api';
import { useLang } from './i18n';
import { useAsync } from './useAsync';
import { satisfactionLabel } from './format';
import type { CaseDetail, Unit } from './types';

type FieldKind = 'text' | 'textarea' | 'units' | 'unit' | 'limit' | 'datetime' | 'approve' | 'callback' | 'promises' | 'promise' | 'case';
interface Field {
  name: string;
  zh: string;
  en: string;
  kind: FieldKind;
  required?: boolean;
}

const ACTION_FORMS: Record<CaseAction, { path: string; fields: Field[]; danger?: boolean }> = {
  answer_on_spot: { path: 'answer', fields: [{ name: 'answer', zh: '答复内容', en: 'Answer', kind: 'textarea', required: true }] },
  dispatch: { path: 'dispatch', fields: [{ name: 'units', zh: '承办单位（第一个为主办）', en: 'Units (the first leads)', kind: 'units', required: true }, { name: 'limit', zh: '办理时限（不填按规则）', en: 'Limit (default: policy)', kind: 'limit' }, { name: 'note', zh: '交办意见', en: 'Note', kind: 'textarea' }] },
  add_co_unit: { path: 'co-units', fields: [{ name: 'unit', zh: '协办单位', en: 'Co-unit', kind: 'unit', required: true }, { name: 'note', zh: '说明', en: 'Note', kind: 'textarea' }] },
  accept: { path: 'accept', fields: [{ name: 'note', zh: '备注', en: 'Note', kind: 'textarea' }] },
  return: { path: 'return', danger: true, fields: [{ name: 'reason', zh: '回单理由', en: 'Reason', kind: 'textarea', required: true }, { name: 'suggestedUnit', zh: '建议承办单位', en: 'Suggested unit', kind: 'unit' }] },
  reject_return: { path: 'reject-return', fields: [{ name: 'reason', zh: '驳回理由', en: 'Reason', kind: 'textarea', required: true }] },
  reply: {
    path: 'reply',
    fields: [
      { name: 'content', zh: '办理结果（做了什么、结果如何、依据是什么）', en: 'Reply (what was done, the result, the basis)', kind: 'textarea', required: true },
      { name: 'contactedAt', zh: '联系群众时间', en: 'Citizen contacted at', kind: 'datetime' },
      { name: 'citizenAttitude', zh: '群众意见', en: 'Citizen’s view', kind: 'text' },
      { name: 'promises', zh: '承诺事项', en: 'Promises', kind: 'promises' },
    ],
  },
  co_reply: { path: 'co-reply', fields: [{ name: 'content', zh: '协办意见', en: 'Opinion', kind: 'textarea', required: true }] },
  sign_off: { path: 'sign-off', fields: [{ name: 'note', zh: '审签意见', en: 'Note', kind: 'textarea' }] },
  reject_sign_off: { path: 'refuse-sign-off', danger: true, fields: [{ name: 'reason', zh: '退回理由', en: 'Reason', kind: 'textarea', required: true }] },
  approve_reply: { path: 'approve', fields: [{ name: 'note', zh: '审核意见', en: 'Note', kind: 'textarea' }] },
  rework: { path: 'rework', danger: true, fields: [{ name: 'reason', zh: '退回重办理由', en: 'Reason', kind: 'textarea', required: true }] },
  request_extension: { path: 'extension-requests', fields: [{ name: 'limit', zh: '延期时长', en: 'Extension', kind: 'limit', required: true }, { name: 'reason', zh: '延期理由', en: 'Reason', kind: 'textarea', required: true }] },
  decide_extension: { path: 'extension-decision', fields: [{ name: 'approve', zh: '审批', en: 'Decision', kind: 'approve', required: true }, { name: 'note', zh: '意见', en: 'Note', kind: 'textarea' }] },
  callback: { path: 'callbacks', fields: [{ name: 'callback', zh: '回访', en: 'Callback', kind: 'callback', required: true }] },
  close: { path: 'close', fields: [{ name: 'explanation', zh: '办结说明', en: 'Explanation', kind: 'textarea', required: true }] },
  urge: { path: 'urges', fields: [{ name: 'note', zh: '催办意见', en: 'Note', kind: 'textarea', required: true }] },
  supervise: { path: 'supervise', fields: [{ name: 'note', zh: '督办要求', en: 'Order', kind: 'textarea', required: true }, { name: 'dueAt', zh: '督办期限', en: 'Due', kind: 'datetime' }] },
  instruct: { path: 'instructions', fields: [{ name: 'instruction', zh: '批示内容', en: 'Instruction', kind: 'textarea', required: true }, { name: 'dueAt', zh: '办理期限', en: 'Due', kind: 'datetime' }] },
  archive: { path: 'archive', fields: [] },
  keep_promise: { path: 'keep-promise', fields: [{ name: 'promiseId', zh: '承诺事项', en: 'Promise', kind: 'promise', required: true }, { name: 'note', zh: '兑现情况', en: 'How it was kept', kind: 'textarea', required: true }] },
  dispatch_down: { path: 'dispatch-down', fields: [{ name: 'unit', zh: '下派至', en: 'Pass down to', kind: 'unit', required: true }, { name: 'note', zh: '说明', en: 'Note', kind: 'textarea' }] },
  link_repeat: { path: 'link-repeat', fields: [{ name: 'of', zh: '原诉求编号', en: 'Earlier case number', kind: 'case', required: true }, { name: 'note', zh: '说明', en: 'Note', kind: 'textarea' }] },
  merge: { path: 'merge', fields: [{ name: 'into', zh: '合并至诉求编号', en: 'Merge into case number', kind: 'case', required: true }, { name: 'note', zh: '说明', en: 'Note', kind: 'textarea' }] },
};

const LIMITS = ['2h', '4h', '1wd', '2wd', '3wd', '5wd', '7wd', '10wd', '15m', '30m'];

export function ActionPanel({ detail, onDone }: { detail: CaseDetail; onDone: () => void }) {
  const { lang, t } = useLang();
  const [open, setOpen] = useState<CaseAction | null>(null);
  if (detail.allowedActions.length === 0) return null;
  return (
    <>
      <Space wrap>
        {detail.allowedActions.map((a) => (
          <Button key={a} type={a === detail.allowedActions[0] ? 'primary' : 'default'} danger={ACTION_FORMS[a].danger} onClick={() => setOpen(a)} data-action={a}>
            {CASE_ACTION_LABELS[a][lang]}
          </Button>
        ))}
      </Space>
      {open && <ActionModal action={open} detail={detail} onClose={() => setOpen(null)} onDone={() => (setOpen(null), onDone())} title={CASE_ACTION_LABELS[open][lang]} t={t} lang={lang} />}
    </>
  );
}

function ActionModal({ action, detail, onClose, onDone, title, t, lang }: { action: CaseAction; detail: CaseDetail; onClose: () => void; onDone: () => void; title: string; t: (zh: string, en: string) => string; lang: 'zh' | 'en' }) {
  const spec = ACTION_FORMS[action];
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const needsUnits = spec.fields.some((f) => f.kind === 'units' || f.kind === 'unit');
  const units = useAsync(() => (needsUnits ? get<Unit[]>('/api/units') : Promise.resolve([] as Unit[])), [needsUnits]);
  const unitOptions = (units.data ?? []).filter((u) => u.active && u.type !== 'centre' && u.type !== 'government').map((u) => ({ value: u.code, label: `${u.name}（${u.code}）` }));

  async function submit() {
    const values = await form.validateFields();
    const body: Record<string, unknown> = { version: detail.version };
    for (const f of spec.fields) {
      const v = values[f.name];
      if (v === undefined || v === null || v === '') continue;
      if (f.kind === 'datetime') body[f.name] = (v as { toISOString: () => string }).toISOString();
      else if (f.kind === 'callback') Object.assign(body, v);
      else if (f.kind === 'promises') body.promises = (v as { what: string; dueDate?: { format: (f: string) => string } }[]).filter((p) => p?.what).map((p) => ({ what: p.what, dueDate: p.dueDate ? p.dueDate.format('YYYY-MM-DD') : null }));
      else if (f.kind === 'approve') body.approve = v === 'yes';
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
      <Form form={form} layout="vertical" initialValues={action === 'callback' ? { callback: defaultCallback(detail) } : undefined}>
        {spec.fields.length === 0 && <p>{t('确认执行该操作？', 'Go ahead?')}</p>}
        {spec.fields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={t(f.zh, f.en)} rules={f.required ? [{ required: true, message: t(`请填写${f.zh}`, `${f.en} is required`) }] : []}>
            {f.kind === 'textarea' ? (
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
            ) : f.kind === 'promise' ? (
              <Select options={detail.promises.filter((p) => !p.doneAt).map((p) => ({ value: p.id, label: p.what }))} />
            ) : f.kind === 'promises' ? (
              <PromisesField t={t} />
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

function PromisesField({ value, onChange, t }: { value?: { what: string; dueDate?: unknown }[]; onChange?: (v: { what: string; dueDate?: unknown }[]) => void; t: (zh: string, en: string) => string }) {
  const list = value ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {list.map((p, i) => (
        <Space key={i}>
          <Input value={p.what} placeholder={t('承诺做什么', 'What')} onChange={(e) => onChange?.(list.map((x, j) => (j === i ? { ...x, what: e.target.value } : x)))} style={{ width: 320 }} />
          <DatePicker value={p.dueDate as never} onChange={(d) => onChange?.(list.map((x, j) => (j === i ? { ...x, dueDate: d } : x)))} placeholder={t('完成日期', 'By')} />
        </Space>
      ))}
      <Button size="small" onClick={() => onChange?.([...list, { what: '' }])}>
        {t('添加承诺事项', 'Add a promise')}
      </Button>
    </Space>
  );
}
