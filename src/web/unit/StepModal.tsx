/**
 * A quick step from a queue row: one text (reason, note, opinion) and optionally a time limit,
 * sent with the case's version. The first field has the focus; Ctrl+Enter submits.
 */
import { useRef, useState } from 'react';
import { Alert, Form, Input, Modal, Select, Typography, message, type GetRef } from 'antd';
import { post } from '../shared/api';
import { useT } from '../shared/i18n';
import { errorText, limitLabel, submitOnCtrlEnter } from './ui';

export interface StepSpec {
  /** The step's path under /api/cases/{id}/. */
  path: string;
  title: string;
  okText: string;
  /** The body field of the text, and its label. */
  field: 'reason' | 'note' | 'content' | 'explanation';
  label: string;
  required?: boolean;
  minLength?: number;
  /** Offer a time limit: `required` for an extension, `optional` for a rework. */
  limit?: { options: string[]; required: boolean; label: string };
  hint?: string;
}

export function StepModal({ target, spec, onClose, onDone }: { target: { id: string; version: number; caseNo: string; title: string }; spec: StepSpec; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const textRef = useRef<GetRef<typeof Input.TextArea>>(null);

  async function submit() {
    const v = (await form.validateFields()) as Record<string, string | undefined>;
    setBusy(true);
    setError(undefined);
    try {
      const body: Record<string, unknown> = { version: target.version };
      if (v.text?.trim()) body[spec.field] = v.text.trim();
      if (v.limit) body.limit = v.limit;
      await post(`/api/cases/${target.id}/${spec.path}`, body);
      message.success(t('已提交', 'Done'));
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={spec.title}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={spec.okText}
      cancelText={t('取消', 'Cancel')}
      confirmLoading={busy}
      destroyOnHidden
      afterOpenChange={(open) => open && textRef.current?.focus()}
    >
      <Typography.Paragraph style={{ marginBottom: 12, color: '#595959' }}>
        {target.caseNo} · {target.title}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onKeyDown={submitOnCtrlEnter(() => void submit())}>
        {spec.limit && (
          <Form.Item name="limit" label={spec.limit.label} rules={spec.limit.required ? [{ required: true, message: t('请选择时限', 'Choose a limit') }] : []}>
            <Select allowClear={!spec.limit.required} options={spec.limit.options.map((l) => ({ value: l, label: limitLabel(l, t) }))} placeholder={spec.limit.required ? undefined : t('不选按规则', 'Policy default')} />
          </Form.Item>
        )}
        <Form.Item
          name="text"
          label={spec.label}
          extra={spec.hint ?? t('Ctrl+Enter 提交', 'Ctrl+Enter submits')}
          rules={[
            ...(spec.required ? [{ required: true, whitespace: true, message: t(`请填写${spec.label}`, `${spec.label} is required`) }] : []),
            ...(spec.minLength ? [{ min: spec.minLength, message: t(`至少 ${spec.minLength} 个字`, `At least ${spec.minLength} characters`) }] : []),
          ]}
        >
          <Input.TextArea ref={textRef} rows={4} maxLength={spec.field === 'content' ? 8000 : 1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
