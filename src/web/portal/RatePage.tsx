/**
 * 评价办理结果 — the link in the SMS (`/portal/rate?no=&code=`): the citizen reads the final reply and
 * rates it on five levels, says whether the problem was solved, and may add a word. This is the result
 * callback of SMS and online requests (POST /api/public/cases/{no}/evaluation); without the number
 * and code in the link, the page asks for them.
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Form, Input, Radio, Spin, Typography } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import { ApiError, get, post, qs } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { satisfactionLabel } from '../shared/format';
import { SATISFACTION_LEVELS, type Satisfaction } from '../../core/enums';
import { isSatisfied } from '../../core/case-lifecycle';
import type { EvaluationResult, TrackedCase } from './portal-api';
import { Page, Section } from './Page';

const box = { background: '#fff', border: '1px solid #e3e3e3', borderRadius: 8, padding: 16 } as const;

export function RatePage() {
  const { t } = useLang();
  const [params, setParams] = useSearchParams();
  const no = params.get('no')?.trim() ?? '';
  const code = params.get('code')?.trim().toUpperCase() ?? '';
  return <Page title={t('评价办理结果', 'Rate the result')}>{no && code ? <Rating no={no} code={code} /> : <AskForCase onAsk={(q) => setParams(q)} initial={{ no, code }} />}</Page>;
}

function AskForCase({ initial, onAsk }: { initial: { no: string; code: string }; onAsk: (q: { no: string; code: string }) => void }) {
  const { t } = useLang();
  return (
    <Form layout="vertical" name="rate-ask" initialValues={initial} onFinish={(v: { no: string; code: string }) => onAsk({ no: v.no.trim(), code: v.code.trim().toUpperCase() })} style={box}>
      <Typography.Paragraph>{t('请填写受理短信中的受理编号和查询码。', 'Enter the case number and query code from the receipt SMS.')}</Typography.Paragraph>
      <Form.Item label={t('受理编号', 'Case number')} name="no" rules={[{ required: true, pattern: /^\s*\d{14}\s*$/, message: t('受理编号为 14 位数字', 'The case number has 14 digits') }]}>
        <Input inputMode="numeric" maxLength={20} autoComplete="off" />
      </Form.Item>
      <Form.Item label={t('查询码', 'Query code')} name="code" rules={[{ required: true, pattern: /^\s*[0-9A-Za-z]{6}\s*$/, message: t('查询码为 6 位字母或数字', 'The query code has 6 letters or digits') }]}>
        <Input maxLength={12} autoComplete="off" autoCapitalize="characters" style={{ textTransform: 'uppercase' }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block>
        {t('下一步', 'Next')}
      </Button>
    </Form>
  );
}

interface Values {
  satisfaction: Satisfaction;
  resolved?: 'yes' | 'no';
  comment?: string;
}

function Rating({ no, code }: { no: string; code: string }) {
  const { lang, t } = useLang();
  const { data: c, error, loading, reload } = useAsync(() => get<TrackedCase>(`/api/public/cases/${encodeURIComponent(no)}${qs({ code })}`), [no, code, lang]);
  const [done, setDone] = useState<EvaluationResult>();
  const [sendError, setSendError] = useState<string>();
  const [sending, setSending] = useState(false);
  const track = `/track${qs({ no, code })}`;

  async function send(v: Values) {
    setSending(true);
    setSendError(undefined);
    try {
      setDone(await post<EvaluationResult>(`/api/public/cases/${encodeURIComponent(no)}/evaluation`, { code, satisfaction: v.satisfaction, ...(v.resolved ? { resolved: v.resolved === 'yes' } : {}), ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) }));
      window.scrollTo(0, 0);
    } catch (e) {
      setSendError((e as Error).message);
      if (e instanceof ApiError && e.status === 409) reload();
    } finally {
      setSending(false);
    }
  }

  if (done) {
    return (
      <div style={{ ...box, textAlign: 'center' }} role="status" data-testid="rated">
        <CheckCircleFilled aria-hidden style={{ fontSize: 48, color: '#15803d' }} />
        <Typography.Title level={2} style={{ fontSize: 20 }}>
          {t('感谢您的评价！', 'Thank you for your rating!')}
        </Typography.Title>
        <p>
          {t('您的评价：', 'Your rating: ')}
          <strong>{satisfactionLabel(done.satisfaction, lang)}</strong>
        </p>
        <p>{isSatisfied(done.satisfaction) ? t('本次诉求已办结。', 'Your request is now closed.') : t('我们将重新研判并督促承办单位办理，请保持电话畅通。', 'We will review it and press the unit to act; please keep your phone on.')}</p>
        <Link to={track}>{t('查看办理进度', 'See the progress')}</Link>
      </div>
    );
  }
  if (loading && !c) return <Spin />;
  if (error)
    return (
      <>
        <Alert type="error" showIcon title={error.message} />
        <p style={{ marginTop: 16 }}>
          <Link to="/rate">{t('重新填写编号和查询码', 'Enter the number and code again')}</Link>
        </p>
      </>
    );
  if (!c) return null;
  return (
    <>
      <div style={box}>
        <Typography.Title level={2} style={{ fontSize: 18, overflowWrap: 'anywhere' }}>
          {c.title}
        </Typography.Title>
        <div style={{ color: '#595959' }}>
          {t('受理编号', 'Case number')} {c.caseNo}
          {c.leadUnit ? ` · ${t('承办单位', 'Handled by')} ${c.leadUnit}` : ''}
        </div>
        <Section title={t('答复意见', 'Reply')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12, borderRadius: 4, margin: 0 }}>{c.finalReply ?? t('暂无书面答复。', 'No written reply yet.')}</Typography.Paragraph>
        </Section>
      </div>
      {c.canEvaluate ? (
        <RatingForm onSend={send} sending={sending} error={sendError} />
      ) : (
        <Alert
          type={c.satisfaction ? 'success' : 'info'}
          showIcon
          style={{ marginTop: 16 }}
          title={c.satisfaction ? t(`您已评价：${satisfactionLabel(c.satisfaction, lang)}，感谢！`, `You rated it: ${satisfactionLabel(c.satisfaction, lang)}. Thank you!`) : t(`该诉求当前为“${c.stateLabel}”，暂不需要评价。`, `This request is “${c.stateLabel}”; there is nothing to rate now.`)}
          description={<Link to={track}>{t('查看办理进度', 'See the progress')}</Link>}
        />
      )}
    </>
  );
}

function RatingForm({ onSend, sending, error }: { onSend: (v: Values) => void; sending: boolean; error?: string }) {
  const { lang, t } = useLang();
  return (
    <Form<Values> layout="vertical" name="rate" onFinish={onSend} style={{ ...box, marginTop: 16 }}>
      <Form.Item name="satisfaction" label={<strong>{t('您对办理结果是否满意？', 'How satisfied are you with the result?')}</strong>} rules={[{ required: true, message: t('请选择满意程度', 'Choose how satisfied you are') }]}>
        <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
          {SATISFACTION_LEVELS.map((s) => (
            <Radio key={s} value={s} style={{ fontSize: 16, padding: '8px 4px' }}>
              {satisfactionLabel(s, lang)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="resolved" label={<strong>{t('您反映的问题是否已解决？', 'Was the problem solved?')}</strong>}>
        <Radio.Group
          optionType="button"
          size="large"
          options={[
            { value: 'yes', label: t('已解决', 'Yes') },
            { value: 'no', label: t('未解决', 'No') },
          ]}
        />
      </Form.Item>
      <Form.Item name="comment" label={t('意见建议（选填）', 'Comments (optional)')}>
        <Input.TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Button type="primary" htmlType="submit" size="large" block loading={sending}>
        {t('提交评价', 'Send rating')}
      </Button>
    </Form>
  );
}
