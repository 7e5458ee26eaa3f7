/**
 * 反馈: the lead unit's reply in three parts — what was done, the result, the basis — with when the
 * citizen was contacted and what they said (DOMAIN.md §7), the photos of an on-site check (S4 §2.2)
 * and promises still to keep (S4 §2.6). The server's reply checks run live as the unit writes and
 * again on submit, which a failed blocking check refuses. Each file is uploaded on its own first.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, AutoComplete, Button, DatePicker, Descriptions, Drawer, Form, Input, List, Space, Spin, Tag, Typography, message, type GetRef, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, get, post } from './api';
import { useLang } from './i18n';
import { useAsync } from './useAsync';
import { Countdown, TAG, fmtTime } from './format';
import { errorText, submitOnCtrlEnter } from './ui';
import { ReplyChecklist, useReplyCheck } from './ReplyChecks';
import { PhotoUpload } from './PhotoUpload';
import { composeReply, splitReply } from './reply-text';
import type { CaseDetail, CaseView } from './types';

interface ReplyForm {
  process?: string;
  result?: string;
  basis?: string;
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
  const first = useRef<GetRef<typeof Input.TextArea>>(null);
  const detail = useAsync(() => get<CaseDetail>(`/api/cases/${target.id}`), [target.id]);
  const c = detail.data ?? target;
  const values = Form.useWatch([], form) as ReplyForm | undefined;
  const content = composeReply(values ?? {});
  const attachmentIds = files.filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id);
  const draft = { content, attachmentIds, contactedAt: values?.contactedAt ? values.contactedAt.toISOString() : null, citizenAttitude: values?.citizenAttitude?.trim() || null };
  const live = useReplyCheck(target.id, draft);
  const coOpinions = (detail.data?.replies ?? []).filter((r) => r.kind === 'co_reply');
  const lastRework = [...(detail.data?.events ?? [])].reverse().find((e) => e.action === 'rework' || e.action === 'reject_sign_off');
  const previous = [...(detail.data?.replies ?? [])].reverse().find((r) => r.kind === 'reply');

  // after a rework the unit starts from its last reply, not from nothing
  const prefilled = useRef(false);
  useEffect(() => {
    if (prefilled.current || !lastRework || !previous || form.isFieldsTouched()) return;
    prefilled.current = true;
    form.setFieldsValue(splitReply(previous.content));
  }, [lastRework, previous, form]);

  async function submit() {
    const v = await form.validateFields();
    const text = composeReply(v);
    if ([...text].length < 10) {
      setError(t('请写明处理过程和处理结果（至少 10 个字）', 'Say what was done and the result (10 characters at least)'));
      return;
    }
    if (files.some((f) => f.status === 'uploading')) {
      setError(t('附件还在上传，请稍候', 'Attachments are still uploading'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await post(`/api/cases/${target.id}/reply`, {
        version: c.version,
        content: text,
        attachmentIds,
        contactedAt: draft.contactedAt,
        citizenAttitude: draft.citizenAttitude,
        promises: (v.promises ?? []).filter((p) => p?.what?.trim()).map((p) => ({ what: p.what!.trim(), dueDate: p.dueDate ? p.dueDate.format('YYYY-MM-DD') : null })),
      });
      message.success(c.requiresSignOff ? t('已反馈，待单位负责人审签', 'Replied; awaiting the principal’s sign-off') : t('已反馈，待热线中心审核', 'Replied; awaiting the centre’s review'));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'case.stale_version') detail.reload();
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const named = !c.anonymous;
  return (
    <Drawer
      open
      size={760}
      title={`${t('反馈', 'Reply')} · ${target.caseNo}`}
      onClose={onClose}
      destroyOnHidden
      // focus the first field once open, unless the user is already typing in one
      afterOpenChange={(open) => {
        const active = document.activeElement;
        if (open && !(active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement)) first.current?.focus();
      }}
      // the checks stay in view while the unit writes: the drawer's footer does not scroll, and keeps
      // one height so the form above it does not jump when the first answer comes
      footer={
        <div style={{ height: 176, overflow: 'auto' }} data-testid="reply-footer">
          {error && (
            <Alert
              type="error"
              showIcon
              role="alert"
              data-testid="reply-error"
              style={{ marginBottom: 8 }}
              title={error}
            />
          )}
          {live.checks ? <ReplyChecklist checks={live.checks} live columns={2} title={t('反馈检查（随填随查）', 'Reply checks (as you write)')} /> : <Spin size="small" />}
          {live.error && <Alert type="warning" showIcon title={t(`检查暂不可用：${live.error}`, `Checks unavailable: ${live.error}`)} style={{ marginTop: 8 }} />}
        </div>
      }
      extra={
        <Space>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="reply-submit">
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
            <Countdown dueAt={c.dueAt} status={c.deadlineStatus} lang={lang} /> {fmtTime(c.dueAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('审签', 'Sign-off')}>{c.requiresSignOff ? t('需单位负责人审签', 'Needs the principal’s sign-off') : t('无需审签', 'Not needed')}</Descriptions.Item>
          <Descriptions.Item label={t('诉求人', 'Citizen')}>{named ? t('实名：须记录联系时间和群众意见', 'Named: record the contact and their view') : t('匿名', 'Anonymous')}</Descriptions.Item>
          <Descriptions.Item label={t('现场核查', 'Site check')}>{c.siteCheck ? <Tag color={TAG.orange}>{t('需现场核查，须附现场照片', 'Required: attach site photos')}</Tag> : t('不要求', 'Not required')}</Descriptions.Item>
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
        <Form form={form} layout="vertical" onKeyDown={submitOnCtrlEnter(() => void submit())}>
          <Form.Item name="process" label={t('处理过程（做了什么）', 'What was done')} extra={t('何时、何人、采取了什么措施；Ctrl+Enter 提交', 'When, who, what was done; Ctrl+Enter submits')}>
            <Input.TextArea ref={first} rows={3} maxLength={3000} showCount placeholder={t('如：11月20日上午执法人员到现场核查，约谈店主……', 'e.g. On 20 Nov our officers checked the site and talked to the owner…')} />
          </Form.Item>
          <Form.Item name="result" label={t('处理结果', 'The result')}>
            <Input.TextArea rows={3} maxLength={3000} showCount placeholder={t('如：已于11月21日修复，恢复正常；或不能办理的原因', 'e.g. Repaired on 21 Nov; or why it cannot be done')} />
          </Form.Item>
          <Form.Item name="basis" label={t('政策依据（如有）', 'Basis (if any)')}>
            <Input.TextArea rows={2} maxLength={1500} placeholder={t('如：《临江市市容和环境卫生管理条例》第十二条', 'e.g. Article 12 of the city’s sanitation regulations')} />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item name="contactedAt" label={t('联系群众时间', 'Citizen contacted at')} required={named}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="citizenAttitude" label={t('群众意见', 'Citizen’s view')} required={named}>
              <AutoComplete
                style={{ width: 260 }}
                options={[t('满意', 'Satisfied'), t('基本满意', 'Basically satisfied'), t('表示理解', 'Understands'), t('不满意', 'Dissatisfied'), t('未表态', 'No view given')].map((v) => ({ value: v }))}
              />
            </Form.Item>
          </Space>
          <Form.Item label={c.siteCheck ? t('现场照片（本件需现场核查，必须上传）', 'Site photos (required: on-site check)') : t('现场照片 / 附件', 'Photos / attachments')} required={c.siteCheck} extra={t('图片或 PDF，每个不超过 5 MB', 'Images or PDF, 5 MB each at most')}>
            <PhotoUpload files={files} onChange={setFiles} />
          </Form.Item>
          <Form.Item label={t('承诺事项', 'Promises')} extra={t('尚需时间兑现的事项，到期前提醒，中心回头看直到兑现', 'Things still to do; reminded before due, followed up until kept')}>
            <Form.List name="promises">
              {(fields, { add, remove }) => (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {fields.map((f, i) => (
                    <Space key={f.key} align="start">
                      <Form.Item name={[f.name, 'what']} noStyle rules={[{ required: true, whitespace: true, message: t('请填写承诺内容', 'Say what is promised') }]}>
                        <Input placeholder={t('承诺做什么', 'What')} aria-label={t(`承诺事项 ${i + 1}`, `Promise ${i + 1}`)} style={{ width: 380 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'dueDate']} noStyle>
                        <DatePicker placeholder={t('完成日期', 'By')} aria-label={t(`承诺事项 ${i + 1} 完成日期`, `Promise ${i + 1} due date`)} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
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
        </Form>
      </Space>
    </Drawer>
  );
}
