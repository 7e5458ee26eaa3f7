/**
 * 值班电话无人接听 (POST /api/duty-call-failures, S1 §3 (七)): the centre records that a unit's duty
 * phone went unanswered — from the duty page or from an urgent case — and it goes on the unit's
 * criticism list for the quarter.
 */
import { useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { shanghaiIso, shanghaiPickerValue } from '../../shared/shanghai-time';
import { post } from '../../shared/api';
import { useLang } from '../../shared/i18n';

interface Values {
  calledAt: Dayjs;
  phone?: string;
  note?: string;
}

export function DutyFailureModal({ unit, phone, caseRef, onClose, onDone }: { unit: { code: string; name: string }; phone?: string; caseRef?: string; onClose: () => void; onDone: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(v: Values) {
    setBusy(true);
    setError(undefined);
    try {
      await post('/api/duty-call-failures', { unit: unit.code, calledAt: shanghaiIso(v.calledAt), ...(caseRef ? { case: caseRef } : {}), ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}), ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      message.success(t('已记录，并列入该单位本季度通报事项', 'Recorded, and listed for the unit’s criticism this quarter'));
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t('值班电话无人接听', 'Duty phone unanswered')} onCancel={onClose} onOk={() => form.submit()} okText={t('记录', 'Record')} okButtonProps={{ danger: true }} cancelText={t('取消', 'Cancel')} confirmLoading={busy} destroyOnHidden>
      <Typography.Paragraph>
        {unit.name}
        {caseRef ? ` · ${t('诉求', 'case')} ${caseRef}` : ''}
      </Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" name="duty-failure" initialValues={{ calledAt: shanghaiPickerValue(), phone }} onFinish={submit}>
        <Form.Item name="calledAt" label={t('拨打时间', 'Called at')} rules={[{ required: true, message: t('请选择拨打时间', 'When was it called') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(shanghaiPickerValue(), 'day')} />
        </Form.Item>
        <Form.Item name="phone" label={t('拨打的值班电话（不填按当日排班）', 'Phone called (empty: the day’s roster)')}>
          <Input maxLength={32} inputMode="tel" />
        </Form.Item>
        <Form.Item name="note" label={t('情况说明', 'Note')}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('如：连续拨打 3 次无人接听', 'e.g. no answer after three calls')} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
