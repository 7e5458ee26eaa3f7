/**
 * 来电登记: the operator's desk. Calls on the left (with the bulletin board), the registration form in
 * the middle, and on the right what helps while typing — routing suggestions (a click fills the
 * category), open cases that look like the same matter, and the knowledge base's articles and the
 * filings that explain the case; an article chosen there fills the 当即答复 answer after registering.
 */
import { useRef, useState } from 'react';
import { Card, Col, Flex, Form, Row, Typography, type InputRef } from 'antd';
import { post } from '../shared/api';
import { useT } from '../shared/i18n';
import { isValidCitizenPhone, isValidPhone } from '../../core/citizen';
import type { CaseView } from '../shared/types';
import type { ChosenArticle } from '../shared/knowledge';
import { RoutingSuggestion, type SuggestInput, type Suggestion } from '../dispatcher/RoutingSuggestion';
import { CallPanel } from './CallPanel';
import { RegisterForm, type RegisterValues } from './RegisterForm';
import { RegisteredResult } from './RegisteredResult';
import { SimilarCases } from './SimilarCases';
import { useCategories } from './categories';
import { useDebouncedQuery } from './hooks';
import { DeskTheme } from './DeskTheme';
import { KnowledgeAssist, type AssistInput } from './KnowledgeAssist';
import type { CaseSummary, RecentCall } from './cti';

interface SimilarInput {
  title: string;
  content: string;
  address?: string;
  phone?: string;
}

export function RegisterDesk() {
  const t = useT();
  const [form] = Form.useForm<RegisterValues>();
  const titleRef = useRef<InputRef>(null);
  const [call, setCall] = useState<RecentCall | null>(null);
  const [registered, setRegistered] = useState<CaseView | null>(null);
  const [article, setArticle] = useState<ChosenArticle | null>(null);
  // each registration takes its call off the list of calls waiting
  const [callsVersion, setCallsVersion] = useState(0);
  const categories = useCategories();

  const title = (Form.useWatch('title', form) ?? '').trim();
  const content = (Form.useWatch('content', form) ?? '').trim();
  const address = (Form.useWatch('address', form) ?? '').trim();
  const kind = Form.useWatch('kind', form);
  const phone = (Form.useWatch(['citizen', 'phone'], form) ?? '').trim();

  const suggestInput: SuggestInput | null =
    registered || (title + content).length < 4 ? null : { title: (title || content).slice(0, 200), content, ...(kind ? { kind } : {}), ...(address ? { address } : {}) };
  const suggestion = useDebouncedQuery(suggestInput, (b) => post<Suggestion>('/api/routing/suggest', b), 500);

  const validPhone = phone && isValidPhone(phone) ? phone : undefined;
  const similarInput: SimilarInput | null = registered || ((title + content).length < 4 && !validPhone) ? null : { title, content, ...(address ? { address } : {}), ...(validPhone ? { phone: validPhone } : {}) };
  const similar = useDebouncedQuery(similarInput, (b) => post<CaseSummary[]>('/api/cases/similar', b), 600);

  // after registering, the articles stay: the operator may still answer with one
  const assistInput: AssistInput | null = registered
    ? { title: registered.title, content: registered.content, ...(registered.address ? { address: registered.address } : {}) }
    : (title + content).length < 4
      ? null
      : { title: title || content.slice(0, 200), content, ...(address ? { address } : {}) };

  function startOver() {
    setRegistered(null);
    setArticle(null);
    setCall(null);
    form.resetFields();
  }

  function takeNumber(number: string, picked: RecentCall | null) {
    if (registered) startOver();
    setCall(picked);
    form.setFieldsValue({ channel: 'phone', citizen: { ...(form.getFieldValue('citizen') ?? {}), phone: isValidCitizenPhone(number) ? number : undefined } });
    setTimeout(() => titleRef.current?.focus(), 0);
  }

  return (
    <DeskTheme>
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="baseline">
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
            {t('来电登记', 'Register a call')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('Ctrl+Enter 提交登记 · 点击建议分类即可填入', 'Ctrl+Enter registers · click a suggested category to fill it')}</Typography.Text>
        </Flex>
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={6}>
            <CallPanel refreshKey={callsVersion} picked={call} onPick={(c) => takeNumber(c.caller, c)} onManual={(n) => takeNumber(n, null)} />
          </Col>
          <Col xs={24} xl={11}>
            {registered ? (
              <RegisteredResult key={registered.id} registered={registered} onNext={startOver} article={article} />
            ) : (
              <RegisterForm
                form={form}
                callId={call?.callId ?? null}
                onClearCall={() => setCall(null)}
                onRegistered={(c) => (setRegistered(c), setCallsVersion((v) => v + 1))}
                categories={categories.tree}
                titleRef={titleRef}
              />
            )}
          </Col>
          <Col xs={24} xl={7}>
            <Flex vertical gap={12}>
              <Card size="small" title={t('智能建议', 'Suggestions')}>
                <RoutingSuggestion
                  data={suggestInput ? suggestion.data : undefined}
                  loading={suggestion.loading}
                  error={suggestion.error}
                  categoryName={categories.nameOf}
                  onPickCategory={registered ? undefined : (code) => form.setFieldValue('categoryCode', code)}
                />
              </Card>
              <KnowledgeAssist input={assistInput} chosen={article} onChoose={setArticle} />
              <Card size="small" title={`${t('相似诉求', 'Similar cases')}${similarInput && similar.data ? ` (${similar.data.length})` : ''}`} loading={similar.loading && !similar.data}>
                {similar.error ? (
                  <Typography.Text type="danger">{similar.error.message}</Typography.Text>
                ) : similarInput ? (
                  <SimilarCases items={similar.data ?? []} empty={t('没有相似的未办结诉求', 'No similar open case')} newTab label={t('相似诉求', 'Similar cases')} />
                ) : (
                  <Typography.Text type="secondary">{t('输入内容或电话后显示', 'Appear as you type the content or phone')}</Typography.Text>
                )}
              </Card>
            </Flex>
          </Col>
        </Row>
      </Flex>
    </DeskTheme>
  );
}
