/**
 * 知识库与信息报备 beside the registration form: while the operator types, the knowledge base's
 * articles for the case (POST /api/knowledge/suggest) and the bulletin's filings that explain it
 * (POST /api/filings/match), each with the words that matched. 「用于答复」 fills the 当即答复 answer
 * with the article's text; its id goes with the `answer` step so its use is counted.
 */
import { useState } from 'react';
import { App, Button, Card, Flex, Tag, Typography } from 'antd';
import { get, post } from '../shared/api';
import { useLang } from '../shared/i18n';
import { FilingLine, type FilingMatch } from '../shared/filings';
import { TYPE_COLOR, type Article, type ArticleSuggestion, type ChosenArticle } from '../shared/knowledge';
import { ArticleDrawer } from '../pages/knowledge/ArticleDrawer';
import { useDebouncedQuery } from './hooks';

export interface AssistInput {
  title: string;
  content: string;
  address?: string;
}

const words = (xs: string[]) =>
  xs.map((w) => (
    <Tag key={w} style={{ marginInlineEnd: 2, fontSize: 12 }}>
      {w}
    </Tag>
  ));

export function KnowledgeAssist({ input, chosen, onChoose }: { input: AssistInput | null; chosen: ChosenArticle | null; onChoose: (a: ChosenArticle) => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [viewing, setViewing] = useState<string | null>(null);
  const [loadingId, setLoadingId] = useState<string | null>(null);
  const articles = useDebouncedQuery(input && { title: input.title.slice(0, 200), content: input.content.slice(0, 5000) }, (b) => post<ArticleSuggestion[]>('/api/knowledge/suggest', b), 500);
  const filings = useDebouncedQuery(
    input && { title: input.title.slice(0, 200), content: input.content.slice(0, 5000), ...(input.address ? { address: input.address.slice(0, 500) } : {}), limit: 5 },
    (b) => post<{ matches: FilingMatch[] }>('/api/filings/match', b),
    600,
  );

  async function choose(id: string) {
    setLoadingId(id);
    try {
      const a = await get<Article>(`/api/knowledge/${id}`);
      onChoose({ id: a.id, title: a.title, body: a.body });
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setLoadingId(null);
    }
  }

  const useButton = (id: string, title: string) => (
    <Button size="small" type={chosen?.id === id ? 'primary' : 'default'} loading={loadingId === id} onClick={() => void choose(id)} aria-label={t(`用《${title}》答复`, `Answer with “${title}”`)} data-testid="use-article">
      {chosen?.id === id ? t('已选用', 'Chosen') : t('用于答复', 'Answer with it')}
    </Button>
  );

  const articleList = articles.data ?? [];
  const matchList = filings.data?.matches ?? [];
  return (
    <Card size="small" title={t('知识库与信息报备', 'Knowledge and filings')} loading={!!input && articles.loading && !articles.data} data-testid="knowledge-assist">
      {!input ? (
        <Typography.Text type="secondary">{t('输入诉求内容后显示相关资料和报备', 'Articles and filings appear as you type')}</Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          <Typography.Title level={2} style={{ fontSize: 14, margin: 0 }}>
            {t('推荐资料', 'Suggested articles')} ({articleList.length})
          </Typography.Title>
          {articles.error && <Typography.Text type="danger">{articles.error.message}</Typography.Text>}
          {articleList.length === 0 && !articles.loading && <Typography.Text type="secondary">{t('没有相关资料', 'No matching article')}</Typography.Text>}
          <ul aria-label={t('推荐资料', 'Suggested articles')} style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="suggested-articles">
            {articleList.map((a) => (
              <li key={a.id} data-article={a.title} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
                <Flex justify="space-between" gap={6} align="baseline">
                  <Button type="link" onClick={() => setViewing(a.id)} style={{ padding: 0, height: 'auto', fontWeight: 600, whiteSpace: 'normal', textAlign: 'left', flex: 1, minWidth: 0, justifyContent: 'flex-start' }}>
                    {a.title}
                  </Button>
                  <Tag color={TYPE_COLOR[a.type]} style={{ marginInlineEnd: 0 }}>
                    {a.typeLabel}
                  </Tag>
                </Flex>
                <Typography.Paragraph type="secondary" style={{ margin: '2px 0', fontSize: 12 }} ellipsis={{ rows: 2 }}>
                  {a.excerpt}
                </Typography.Paragraph>
                <Flex justify="space-between" align="center" gap={6} wrap>
                  <span>
                    {words(a.matched)}
                    {a.useCount > 0 && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t(`已用 ${a.useCount} 次`, `used ${a.useCount}×`)}
                      </Typography.Text>
                    )}
                  </span>
                  {useButton(a.id, a.title)}
                </Flex>
              </li>
            ))}
          </ul>
          <Typography.Title level={2} style={{ fontSize: 14, margin: '4px 0 0' }}>
            {t('相关报备', 'Related filings')} ({matchList.length})
          </Typography.Title>
          {filings.error && <Typography.Text type="danger">{filings.error.message}</Typography.Text>}
          {matchList.length === 0 && !filings.loading && <Typography.Text type="secondary">{t('公告栏中没有相关报备', 'No filing on the bulletin explains it')}</Typography.Text>}
          <ul aria-label={t('相关报备', 'Related filings')} style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="matched-filings">
            {matchList.map((m) => (
              <li key={m.filing.id} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
                <FilingLine
                  f={m.filing}
                  compact
                  extra={
                    <div style={{ fontSize: 12 }}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('匹配', 'Why')}：{m.why.areaText}
                      </Typography.Text>{' '}
                      {words([...m.why.words, ...m.why.tokens])}
                    </div>
                  }
                />
              </li>
            ))}
          </ul>
        </Flex>
      )}
      {viewing && (
        <ArticleDrawer
          id={viewing}
          onClose={() => setViewing(null)}
          footer={(a) =>
            a.status === 'published' && a.inForce ? (
              <Button type="primary" onClick={() => (onChoose({ id: a.id, title: a.title, body: a.body }), setViewing(null))}>
                {t('用于当即答复', 'Use it to answer on the spot')}
              </Button>
            ) : null
          }
        />
      )}
    </Card>
  );
}
