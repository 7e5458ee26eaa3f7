/**
 * After registering: the case number and query code the citizen needs, a link to the case, and
 * 当即答复 — the operator answers on the spot and the case closes (POST /api/cases/{id}/answer).
 * An article chosen from the knowledge base fills the answer, and its id goes with the step.
 */
import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Tag, Typography } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { ApiError, post } from '../shared/api';
import { useT } from '../shared/i18n';
import type { CaseView } from '../shared/types';
import type { ChosenArticle } from '../shared/knowledge';
import { ctrlEnter } from './hooks';

export function RegisteredResult({ registered, onNext, article }: { registered: CaseView; onNext: () => void; article: ChosenArticle | null }) {
  const t = useT();
  const [c, setC] = useState(registered);
  const [answer, setAnswer] = useState(article?.body.slice(0, 4000) ?? '');
  const [used, setUsed] = useState<ChosenArticle | null>(article);
  // a newly chosen article replaces the answer (state adjusted while rendering, not in an effect)
  const [seen, setSeen] = useState(article?.id);
  if (article && article.id !== seen) {
    setSeen(article.id);
    setUsed(article);
    setAnswer(article.body.slice(0, 4000));
  }
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const mayAnswer = c.allowedActions.includes('answer_on_spot');

  async function answerOnSpot() {
    if (!answer.trim()) return setError(t('请填写答复内容', 'Write the answer'));
    setBusy(true);
    setError(undefined);
    try {
      setC(await post<CaseView>(`/api/cases/${c.id}/answer`, { version: c.version, answer: answer.trim(), ...(used ? { articleId: used.id } : {}) }));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={t('登记成功', 'Registered')} data-testid="registered">
      <Flex gap={16} align="center" wrap style={{ marginBottom: 12 }}>
        <CheckCircleFilled style={{ fontSize: 40, color: '#389e0d' }} aria-hidden />
        <div>
          <Typography.Text type="secondary">{t('诉求编号', 'Case number')}</Typography.Text>
          <Typography.Paragraph copyable strong style={{ fontSize: 26, margin: 0, letterSpacing: 1 }} data-testid="case-no">
            {c.caseNo}
          </Typography.Paragraph>
        </div>
        <div>
          <Typography.Text type="secondary">{t('查询码', 'Query code')}</Typography.Text>
          <Typography.Paragraph copyable strong style={{ fontSize: 26, margin: 0, letterSpacing: 2, color: '#c0392b' }} data-testid="query-code">
            {c.queryCode ?? '—'}
          </Typography.Paragraph>
        </div>
      </Flex>
      <Typography.Paragraph type="secondary">{t('请告知群众：凭诉求编号和查询码可查询办理进度。', 'Tell the citizen: the case number and query code let them follow the case.')}</Typography.Paragraph>
      <Flex gap={8} style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={onNext} autoFocus data-testid="register-next">
          {t('登记下一件', 'Register the next')}
        </Button>
        <Link to={`/cases/${c.id}`} data-testid="open-case" style={{ alignSelf: 'center' }}>
          {t('查看诉求详情', 'Open the case')}
        </Link>
      </Flex>
      {c.state === 'closed' ? (
        <Alert
          type="success"
          showIcon
          title={t('已当即答复，诉求已办结', 'Answered on the spot; the case is closed')}
          description={used ? t(`已引用资料《${used.title}》`, `Answered with “${used.title}”`) : undefined}
          data-testid="answered"
        />
      ) : mayAnswer ? (
        <div onKeyDown={ctrlEnter(() => void answerOnSpot())}>
          <Form layout="vertical">
            {used && (
              <Tag closable onClose={() => setUsed(null)} style={{ marginBottom: 8, whiteSpace: 'normal' }} data-testid="answer-article">
                {t('引用资料', 'From the article')}《{used.title}》
              </Tag>
            )}
            <Form.Item
              label={t('当即答复内容', 'Answer on the spot')}
              htmlFor="answer-on-spot"
              extra={t('能当场答复的咨询，填写答复后办结，不再派单；可点右侧推荐资料的“用于答复”（Ctrl+Enter）', 'For what can be answered now: closes the case without dispatch; “Answer with it” on a suggested article fills it (Ctrl+Enter)')}
            >
              <Input.TextArea id="answer-on-spot" rows={5} maxLength={4000} value={answer} onChange={(e) => setAnswer(e.target.value)} />
            </Form.Item>
            <Button onClick={() => void answerOnSpot()} loading={busy} data-testid="answer-on-spot">
              {t('当即答复', 'Answer on the spot')}
            </Button>
          </Form>
        </div>
      ) : (
        <Typography.Text type="secondary">{t('该诉求将进入待派单队列。', 'The case goes to the dispatch queue.')}</Typography.Text>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} role="alert" />}
    </Card>
  );
}
