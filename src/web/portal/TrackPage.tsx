/**
 * 查询办理进度 — a citizen tracks a case by its number and query code (GET /api/public/cases/{no}):
 * the state, the public steps and the final reply. `?no=&code=` fills the form and asks at once,
 * which is how the receipt's link and the SMS lead here.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Descriptions, Form, Input, Tag, Timeline, Typography } from 'antd';
import { get, qs } from '../shared/api';
import { useLang } from '../shared/i18n';
import { channelLabel, fmtTime, kindLabel, satisfactionLabel } from '../shared/format';
import { CASE_ACTION_LABELS, CASE_STATE_LABELS, FINISHED_STATES, type CaseAction, type CaseState } from '../../core/case-lifecycle';
import type { TrackedCase } from './portal-api';
import { Page, Section } from './Page';

interface Query {
  no: string;
  code: string;
}

const isFinished = (s: CaseState) => (FINISHED_STATES as readonly string[]).includes(s);

export function TrackPage() {
  const { lang, t } = useLang();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Query>();
  const [found, setFound] = useState<TrackedCase>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const last = useRef<string>('');
  const result = useRef<HTMLDivElement>(null);

  const ask = useCallback(async (q: Query) => {
    const no = q.no.trim();
    const code = q.code.trim().toUpperCase();
    last.current = `${no}|${code}`;
    setLoading(true);
    setError(undefined);
    try {
      setFound(await get<TrackedCase>(`/api/public/cases/${encodeURIComponent(no)}${qs({ code })}`));
    } catch (e) {
      setFound(undefined);
      setError((e as Error).message);
    } finally {
      setLoading(false);
      result.current?.focus();
    }
  }, []);

  // ?no=&code= from the receipt or the SMS: fill in and ask once
  useEffect(() => {
    const no = params.get('no') ?? '';
    const code = params.get('code') ?? '';
    if (no || code) form.setFieldsValue({ no, code });
    if (no && code && last.current !== `${no.trim()}|${code.trim().toUpperCase()}`) void ask({ no, code });
  }, [params, form, ask]);

  // the server words the timeline's notes in the chosen language: ask again when it changes
  const shownLang = useRef(lang);
  useEffect(() => {
    if (shownLang.current === lang) return;
    shownLang.current = lang;
    const [no, code] = last.current.split('|');
    if (no && code && found) void ask({ no, code });
  }, [lang, found, ask]);

  return (
    <Page title={t('查询办理进度', 'Track my request')}>
      <Form<Query> form={form} name="track" layout="vertical" onFinish={(v) => void ask(v)} style={{ background: '#fff', border: '1px solid #e3e3e3', borderRadius: 8, padding: 16 }}>
        <Form.Item
          label={t('受理编号', 'Case number')}
          name="no"
          rules={[
            { required: true, whitespace: true, message: t('请填写受理编号', 'Enter the case number') },
            { pattern: /^\s*\d{14}\s*$/, message: t('受理编号为 14 位数字', 'The case number has 14 digits') },
          ]}
        >
          <Input inputMode="numeric" maxLength={20} autoComplete="off" placeholder={t('14 位数字', '14 digits')} />
        </Form.Item>
        <Form.Item
          label={t('查询码', 'Query code')}
          name="code"
          rules={[
            { required: true, whitespace: true, message: t('请填写查询码', 'Enter the query code') },
            { pattern: /^\s*[0-9A-Za-z]{6}\s*$/, message: t('查询码为 6 位字母或数字', 'The query code has 6 letters or digits') },
          ]}
          extra={t('受理编号和查询码见受理短信或提交来信后的页面。', 'You find both in the receipt SMS or on the page shown after writing.')}
        >
          <Input maxLength={12} autoComplete="off" autoCapitalize="characters" style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={loading}>
          {t('查询', 'Search')}
        </Button>
      </Form>

      <div ref={result} tabIndex={-1} aria-live="polite" style={{ outline: 'none' }}>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
        {found && <CaseProgress c={found} code={last.current.split('|')[1] ?? ''} />}
      </div>
    </Page>
  );
}

function CaseProgress({ c, code }: { c: TrackedCase; code: string }) {
  const { lang, t } = useLang();
  const finished = isFinished(c.state);
  const items = [
    { key: 'no', label: t('受理编号', 'Case number'), children: c.caseNo },
    {
      key: 'state',
      label: t('当前状态', 'State'),
      children: (
        <Tag color={finished ? 'green' : 'blue'} data-state={c.state} style={{ color: finished ? '#135200' : '#003eb3', fontSize: 14 }}>
          {CASE_STATE_LABELS[c.state]?.[lang] ?? c.stateLabel}
        </Tag>
      ),
    },
    { key: 'kind', label: t('诉求类型', 'Kind'), children: kindLabel(c.kind, lang) },
    { key: 'channel', label: t('来源', 'Channel'), children: channelLabel(c.channel, lang) },
    { key: 'created', label: t('受理时间', 'Received'), children: fmtTime(c.createdAt) },
    ...(c.leadUnit ? [{ key: 'unit', label: t('承办单位', 'Handled by'), children: c.leadUnit }] : []),
    ...(!finished && c.dueAt ? [{ key: 'due', label: t('办理时限', 'Due'), children: fmtTime(c.dueAt) }] : []),
    ...(c.closedAt ? [{ key: 'closed', label: t('办结时间', 'Closed'), children: fmtTime(c.closedAt) }] : []),
    ...(c.satisfaction ? [{ key: 'sat', label: t('满意度', 'Satisfaction'), children: satisfactionLabel(c.satisfaction, lang) }] : []),
  ];
  return (
    <div style={{ background: '#fff', border: '1px solid #e3e3e3', borderRadius: 8, padding: 16, marginTop: 16 }}>
      <Typography.Title level={2} style={{ fontSize: 18, overflowWrap: 'anywhere' }}>
        {c.title}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={items} />

      {c.canEvaluate && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 16 }}
          title={t('请对办理结果进行评价', 'Please rate the result')}
          description={
            <Link to={`/rate${qs({ no: c.caseNo, code })}`} style={{ fontSize: 16, textDecoration: 'underline' }}>
              {t('去评价', 'Rate it')}
            </Link>
          }
        />
      )}
      <Section title={t('答复意见', 'Reply')}>
        {c.finalReply ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12, borderRadius: 4 }}>{c.finalReply}</Typography.Paragraph>
        ) : (
          <Typography.Paragraph type="secondary">{finished ? t('无书面答复。', 'No written reply.') : t('正在办理中，答复后将在此显示。', 'Being handled; the reply will show here.')}</Typography.Paragraph>
        )}
        {c.closingNote && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
            <strong>{t('办结说明：', 'Closing note: ')}</strong>
            {c.closingNote}
          </Typography.Paragraph>
        )}
      </Section>

      <Section title={t('办理过程', 'Progress')}>
        <Timeline
          items={c.timeline.map((e, i) => ({
            key: `${e.at}-${i}`,
            color: i === c.timeline.length - 1 ? (finished ? 'green' : 'blue') : 'gray',
            content: (
              <>
                <div style={{ color: '#595959', fontSize: 13 }}>{fmtTime(e.at)}</div>
                <strong>{e.step === 'register' ? t('已受理', 'Registered') : (CASE_ACTION_LABELS[e.step as CaseAction]?.[lang] ?? e.label)}</strong>
                {e.text && <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e.text}</div>}
              </>
            ),
          }))}
        />
      </Section>
    </div>
  );
}
