/**
 * One callback, as the agent records it on the phone: reached or not, whether the unit had been in
 * touch, the five-level satisfaction (DOMAIN.md §13), resolved or not, and the notes. The form says
 * what the answer will do to the case before it is sent.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Select, Space, Spin, Tag, Typography, message } from 'antd';
import { Link } from 'react-router-dom';
import { get, post } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { fmtTime, satisfactionLabel } from '../shared/format';
import type { CaseDetail } from '../shared/types';
import { SATISFACTION_LEVELS, type Channel, type Satisfaction } from '../../core/enums';
import { isSatisfied } from '../../core/case-lifecycle';
import { latestReply } from '../unit/CaseReplyPane';
import { Muted, errorText, submitOnCtrlEnter } from '../unit/ui';
import type { CallbackTask } from './Callbacks';

type Method = 'phone' | 'sms' | 'web' | 'wechat' | 'onsite';
interface Values {
  method: Method;
  reached: boolean;
  contacted?: boolean;
  satisfaction?: Satisfaction;
  resolved?: 'yes' | 'no' | 'unknown';
  comment?: string;
}

/** Call back the way the citizen came in (S4 annex 3). */
function methodFor(channel: Channel): Method {
  if (channel === 'sms') return 'sms';
  if (channel === 'online' || channel === 'mailbox') return 'web';
  if (channel === 'grassroots') return 'onsite';
  return 'phone';
}

export function CallbackForm({ task, onDone }: { task: CallbackTask; onDone: () => void }) {
  const { lang, t } = useLang();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const d = useAsync(() => get<CaseDetail>(`/api/cases/${task.caseId}`), [task.caseId]);
  const reached = Form.useWatch('reached', form);
  const contacted = Form.useWatch('contacted', form);
  const satisfaction = Form.useWatch('satisfaction', form);

  if (d.error) return <Alert type="error" title={d.error.message} showIcon />;
  if (!d.data) return <Spin />;
  const c = d.data;
  const reply = latestReply(c);
  const isResult = task.type === 'result';
  const typeLabel = { process: t('过程回访', 'Process callback'), result: t('结果回访', 'Result callback'), look_back: t('回头看', 'Look-back') }[task.type];

  const outcome = !isResult
    ? task.type === 'process' && reached !== false && contacted === false
      ? t('群众称承办单位未联系：系统将自动催办承办单位', 'Nobody contacted the citizen: the unit is urged automatically')
      : t('记录后本回访任务完成，诉求状态不变', 'Recording it completes the task; the case state stays')
    : reached === false
      ? t('未联系上：诉求仍待回访', 'Not reached: the case stays awaiting its callback')
      : contacted === false
        ? t('群众称承办单位未联系：转为不满意待研判', 'Nobody contacted the citizen: the case becomes dissatisfied')
        : satisfaction
          ? isSatisfied(satisfaction)
            ? t('满意：诉求将办结', 'Satisfied: the case will close')
            : t('不满意：转为不满意待研判', 'Dissatisfied: the case goes to review')
          : t('请选择满意度', 'Choose the satisfaction');

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await post(`/api/cases/${c.id}/callbacks`, {
        version: c.version,
        type: task.type,
        method: v.method,
        reached: v.reached,
        contacted: v.reached ? (v.contacted ?? null) : null,
        satisfaction: isResult && v.reached ? (v.satisfaction ?? null) : null,
        resolved: v.reached && v.resolved && v.resolved !== 'unknown' ? v.resolved === 'yes' : null,
        comment: v.comment?.trim() || null,
      });
      message.success(t('回访已记录', 'Callback recorded'));
      onDone();
    } catch (e) {
      setError(errorText(e));
      d.reload();
    } finally {
      setBusy(false);
    }
  }

  const yesNo = [
    { value: true, label: t('是', 'Yes') },
    { value: false, label: t('否', 'No') },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>
          {c.title}
        </Typography.Title>
        <Space size={4} wrap>
          <Link to={`/cases/${c.id}`}>{c.caseNo}</Link>
          <Tag color="blue">{typeLabel}</Tag>
          <Tag>{c.stateLabel}</Tag>
          {task.dueAt && <Muted small>{t('回访期限', 'Due')} {fmtTime(task.dueAt)}</Muted>}
        </Space>
      </div>
      <Card size="small">
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('诉求人', 'Citizen')}>
            {c.anonymous ? t('匿名', 'Anonymous') : c.citizen?.name ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('联系电话', 'Phone')}>{c.citizen?.phone ? <a href={`tel:${c.citizen.phone}`}>{c.citizen.phone}</a> : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('主办单位', 'Lead unit')}>{c.leadUnit?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('此前回访', 'Earlier callbacks')}>{c.callbacks.length}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} ellipsis={{ rows: 3, expandable: true }}>
          <strong>{t('诉求：', 'Request: ')}</strong>
          {c.content}
        </Typography.Paragraph>
        {(c.finalReply ?? reply?.content) && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 0' }} ellipsis={{ rows: 3, expandable: true }}>
            <strong>{t('答复：', 'Reply: ')}</strong>
            {c.finalReply ?? reply?.content}
          </Typography.Paragraph>
        )}
        {c.promises.filter((p) => !p.doneAt).length > 0 && (
          <div style={{ marginTop: 8 }}>
            <strong>{t('未兑现的承诺：', 'Open promises: ')}</strong>
            {c.promises
              .filter((p) => !p.doneAt)
              .map((p) => `${p.what}${p.dueDate ? `（${p.dueDate}）` : ''}`)
              .join('；')}
          </div>
        )}
      </Card>
      {error && <Alert type="error" title={error} showIcon />}
      <Form form={form} layout="vertical" initialValues={{ method: methodFor(c.channel), reached: true, contacted: true }} onKeyDown={submitOnCtrlEnter(() => void submit())}>
        <Space size="large" wrap align="start">
          <Form.Item name="method" label={t('回访方式', 'Method')}>
            <Select
              style={{ width: 140 }}
              options={[
                { value: 'phone', label: t('电话', 'Phone') },
                { value: 'sms', label: t('短信', 'SMS') },
                { value: 'web', label: t('网络', 'Web') },
                { value: 'wechat', label: t('微信', 'WeChat') },
                { value: 'onsite', label: t('上门', 'On site') },
              ]}
            />
          </Form.Item>
          <Form.Item name="reached" label={t('是否联系上群众', 'Citizen reached')}>
            <Radio.Group options={yesNo} optionType="button" aria-label={t('是否联系上群众', 'Citizen reached')} />
          </Form.Item>
          {reached !== false && task.type !== 'look_back' && (
            <Form.Item name="contacted" label={t('承办单位是否联系过群众', 'Did the unit contact the citizen')}>
              <Radio.Group options={yesNo} optionType="button" aria-label={t('承办单位是否联系过群众', 'Did the unit contact the citizen')} />
            </Form.Item>
          )}
        </Space>
        {reached !== false && isResult && (
          <Form.Item name="satisfaction" label={t('满意度', 'Satisfaction')} rules={[{ required: true, message: t('请选择满意度', 'Choose the satisfaction') }]}>
            <Radio.Group optionType="button" buttonStyle="solid" aria-label={t('满意度', 'Satisfaction')} options={SATISFACTION_LEVELS.map((s) => ({ value: s, label: satisfactionLabel(s, lang) }))} />
          </Form.Item>
        )}
        {reached !== false && task.type !== 'process' && (
          <Form.Item name="resolved" label={t('问题是否解决', 'Resolved')}>
            <Radio.Group
              optionType="button"
              aria-label={t('问题是否解决', 'Resolved')}
              options={[
                { value: 'yes', label: t('已解决', 'Resolved') },
                { value: 'no', label: t('未解决', 'Not resolved') },
                { value: 'unknown', label: t('未表态', 'No answer') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="comment" label={t('回访记录', 'Notes')} extra={t('Ctrl+Enter 提交', 'Ctrl+Enter submits')}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Space>
          <Button type="primary" loading={busy} onClick={() => void submit()}>
            {t('提交回访', 'Record callback')}
          </Button>
          <Muted>{outcome}</Muted>
        </Space>
      </Form>
    </Space>
  );
}
