/**
 * 反馈: the lead unit's reply, with the photos of an on-site check (S4 §2.2), when the citizen was
 * contacted and what they said (DOMAIN.md §7), and promises still to keep (S4 §2.6).
 * Each file is uploaded on its own first; the reply then names the uploads.
 */
import { useRef, useState } from 'react';
import { Alert, AutoComplete, Button, DatePicker, Descriptions, Drawer, Form, Input, List, Space, Spin, Typography, Upload, message, type GetRef, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, get, post } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { Countdown, fmtTime } from '../shared/format';
import type { CaseDetail, CaseView } from '../shared/types';
import { errorText, perfunctoryPhrases, submitOnCtrlEnter } from './ui';

const MAX_BYTES = 5 * 1024 * 1024;

interface ReplyForm {
  content: string;
  contactedAt?: Dayjs;
  citizenAttitude?: string;
  promises?: { what?: string; dueDate?: Dayjs }[];
}

export function ReplyDrawer({ target, onClose, onDone }: { target: CaseView; onClose: () => void; onDone: () => void }) {
  const { lang, t } = useLang();
  const [form] = Form.useForm<ReplyForm>();
  const [files, setFiles] = useState<UploadFile<{ id: string }>[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const contentRef = useRef<GetRef<typeof Input.TextArea>>(null);
  const detail = useAsync(() => get<CaseDetail>(`/api/cases/${target.id}`), [target.id]);
  const content = Form.useWatch('content', form) ?? '';
  const weak = perfunctoryPhrases(content);
  const coOpinions = (detail.data?.replies ?? []).filter((r) => r.kind === 'co_reply');
  const lastRework = [...(detail.data?.events ?? [])].reverse().find((e) => e.action === 'rework' || e.action === 'reject_sign_off');

  async function submit() {
    const v = await form.validateFields();
    if (files.some((f) => f.status === 'uploading')) {
      setError(t('附件还在上传，请稍候', 'Attachments are still uploading'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await post(`/api/cases/${target.id}/reply`, {
        version: detail.data?.version ?? target.version,
        content: v.content.trim(),
        attachmentIds: files.filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id),
        contactedAt: v.contactedAt ? v.contactedAt.toISOString() : null,
        citizenAttitude: v.citizenAttitude?.trim() || null,
        promises: (v.promises ?? []).filter((p) => p?.what?.trim()).map((p) => ({ what: p.what!.trim(), dueDate: p.dueDate ? p.dueDate.format('YYYY-MM-DD') : null })),
      });
      message.success(target.requiresSignOff ? t('已反馈，待单位负责人审签', 'Replied; awaiting the principal’s sign-off') : t('已反馈，待热线中心审核', 'Replied; awaiting the centre’s review'));
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer
      open
      size={720}
      title={`${t('反馈', 'Reply')} · ${target.caseNo}`}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(open) => open && contentRef.current?.focus()}
      extra={
        <Space>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit()}>
            {t('提交反馈', 'Submit reply')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={t('诉求', 'Case')} span={2}>
            {target.title}
          </Descriptions.Item>
          <Descriptions.Item label={t('期限', 'Deadline')}>
            <Countdown dueAt={target.dueAt} status={target.deadlineStatus} lang={lang} /> {fmtTime(target.dueAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('审签', 'Sign-off')}>{target.requiresSignOff ? t('需单位负责人审签', 'Needs the principal’s sign-off') : t('无需审签', 'Not needed')}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0, maxHeight: 120, overflow: 'auto', background: '#fafafa', padding: 8 }}>{target.content}</Typography.Paragraph>
        {detail.loading && !detail.data && <Spin size="small" />}
        {lastRework && typeof lastRework.payload.reason === 'string' && (
          <Alert type="warning" showIcon title={`${lastRework.actionLabel}：${lastRework.payload.reason}`} description={`${lastRework.actor?.name ?? ''} ${fmtTime(lastRework.at)}`} />
        )}
        {coOpinions.length > 0 && (
          <List
            size="small"
            header={<strong>{t('协办单位意见', 'Co-units’ opinions')}</strong>}
            bordered
            dataSource={coOpinions}
            renderItem={(r) => (
              <List.Item>
                <span style={{ whiteSpace: 'pre-wrap' }}>
                  <strong>{r.unit}</strong>：{r.content}
                </span>
              </List.Item>
            )}
          />
        )}
        {error && <Alert type="error" showIcon title={error} />}
        <Form form={form} layout="vertical" onKeyDown={submitOnCtrlEnter(() => void submit())} requiredMark>
          <Form.Item
            name="content"
            label={t('办理结果（做了什么、结果如何、依据是什么）', 'Reply (what was done, the result, the basis)')}
            extra={t('写清具体措施和结果；Ctrl+Enter 提交', 'Say concretely what was done; Ctrl+Enter submits')}
            rules={[
              { required: true, whitespace: true, message: t('请填写办理结果', 'Write the reply') },
              { min: 10, message: t('至少 10 个字', 'At least 10 characters') },
            ]}
          >
            <Input.TextArea ref={contentRef} rows={6} maxLength={8000} showCount />
          </Form.Item>
          {weak.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t(`“${weak.join('”“')}”属于敷衍性表述，只写这些会被退回重办`, `“${weak.join('”, “')}” are perfunctory phrases; a reply made only of them is sent back`)}
            />
          )}
          <Space size="large" wrap>
            <Form.Item name="contactedAt" label={t('联系群众时间', 'Citizen contacted at')} extra={target.anonymous ? t('匿名诉求', 'Anonymous case') : undefined}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="citizenAttitude" label={t('群众意见', 'Citizen’s view')}>
              <AutoComplete
                style={{ width: 260 }}
                options={[t('满意', 'Satisfied'), t('基本满意', 'Basically satisfied'), t('表示理解', 'Understands'), t('不满意', 'Dissatisfied'), t('未表态', 'No view given')].map((v) => ({ value: v }))}
              />
            </Form.Item>
          </Space>
          <Form.Item label={t('承诺事项', 'Promises')} extra={t('尚需时间兑现的事项，中心每周回头看，直到兑现', 'Things still to do; the centre looks back weekly until kept')}>
            <Form.List name="promises">
              {(fields, { add, remove }) => (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {fields.map((f, i) => (
                    <Space key={f.key} align="start">
                      <Form.Item name={[f.name, 'what']} noStyle rules={[{ required: true, whitespace: true, message: t('请填写承诺内容', 'Say what is promised') }]}>
                        <Input placeholder={t('承诺做什么', 'What')} aria-label={t(`承诺事项 ${i + 1}`, `Promise ${i + 1}`)} style={{ width: 380 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'dueDate']} noStyle>
                        <DatePicker placeholder={t('完成日期', 'By')} aria-label={t(`承诺事项 ${i + 1} 完成日期`, `Promise ${i + 1} due date`)} />
                      </Form.Item>
                      <Button onClick={() => remove(f.name)} aria-label={t(`删除承诺事项 ${i + 1}`, `Remove promise ${i + 1}`)}>
                        {t('删除', 'Remove')}
                      </Button>
                    </Space>
                  ))}
                  <Button size="small" onClick={() => add({ what: '' })}>
                    {t('添加承诺事项', 'Add a promise')}
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item label={t('现场照片 / 附件', 'Photos / attachments')} extra={t('图片或 PDF，每个不超过 5 MB', 'Images or PDF, 5 MB each at most')}>
            <Upload<{ id: string }>
              accept="image/*,application/pdf"
              multiple
              listType="picture"
              fileList={files}
              onChange={({ fileList }) => setFiles(fileList)}
              beforeUpload={(file) => {
                const okType = file.type.startsWith('image/') || file.type === 'application/pdf';
                if (!okType) message.error(t(`${file.name}：只能上传图片或 PDF`, `${file.name}: images or PDF only`));
                else if (file.size > MAX_BYTES) message.error(t(`${file.name}：超过 5 MB`, `${file.name}: larger than 5 MB`));
                return okType && file.size <= MAX_BYTES ? true : Upload.LIST_IGNORE;
              }}
              customRequest={({ file, onSuccess, onError }) => {
                const body = new FormData();
                body.append('file', file as Blob);
                api<{ id: string }>('POST', '/api/attachments', body)
                  .then((r) => onSuccess?.(r))
                  .catch((e: Error) => {
                    message.error(errorText(e));
                    onError?.(e);
                  });
              }}
            >
              <Button icon={<UploadOutlined />}>{t('上传照片或文件', 'Upload photos or files')}</Button>
            </Upload>
          </Form.Item>
        </Form>
      </Space>
    </Drawer>
  );
}
