/**
 * 知识库 (issue #12 §1, GB/T 44191): every staff role searches the published articles, ranked by
 * relevance, by type; authors and reviewers also see drafts, reviews and expired ones, write and
 * edit drafts and take the review steps in the article's drawer. The statistics tab draws the counts.
 */
import { Suspense, lazy, useState } from 'react';
import { Alert, Button, Input, Segmented, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { ARTICLE_STATUSES, ARTICLE_STATUS_LABELS, AUTHOR_ROLES, KNOWLEDGE_TYPES, KNOWLEDGE_TYPE_LABELS, type ArticleStatus, type KnowledgeType } from '../../../core/knowledge';
import { get, qs } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useLang } from '../../shared/i18n';
import { useMe } from '../../shared/session';
import { PageTitle } from '../../shared/ui';
import { TAG } from '../../shared/format';
import { STATUS_COLOR, TYPE_COLOR, type Article, type ArticleItem } from '../../shared/knowledge';
import { ArticleDrawer, validityText } from './ArticleDrawer';
import { ArticleEditor } from './ArticleEditor';

// ECharts only when the statistics tab opens
const KnowledgeStats = lazy(() => import('./KnowledgeStats').then((m) => ({ default: m.KnowledgeStats })));

const PAGE = 20;

export function KnowledgePage() {
  const { lang, t } = useLang();
  const me = useMe();
  const author = (AUTHOR_ROLES as readonly string[]).includes(me.role);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [type, setType] = useState<KnowledgeType | 'all'>('all');
  const [status, setStatus] = useState<ArticleStatus | 'all'>('published');
  const [page, setPage] = useState(1);
  const [tab, setTab] = useState('search');
  const [open, setOpen] = useState<string | null>(null);
  const [editing, setEditing] = useState<Article | 'new' | null>(null);
  const list = useAsync(
    () => get<{ total: number; items: ArticleItem[] }>(`/api/knowledge${qs({ q: q.trim(), type: type === 'all' ? undefined : type, status: status === 'published' ? undefined : status, limit: PAGE, offset: (page - 1) * PAGE })}`),
    [q, type, status, page],
  );
  const search = (v: string) => (setQ(v), setPage(1));

  const results = (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          aria-label={t('检索知识库', 'Search the knowledge base')}
          placeholder={t('输入关键词，如：租房提取公积金', 'Keywords, e.g. 租房提取公积金')}
          allowClear
          enterButton={t('检索', 'Search')}
          value={text}
          onChange={(e) => (setText(e.target.value), e.target.value === '' && search(''))}
          onSearch={search}
          style={{ width: 360 }}
          data-testid="knowledge-search"
        />
        <Segmented<KnowledgeType | 'all'>
          aria-label={t('按类型筛选', 'Filter by type')}
          value={type}
          onChange={(v) => (setType(v), setPage(1))}
          options={[{ value: 'all', label: t('全部类型', 'All types') }, ...KNOWLEDGE_TYPES.map((k) => ({ value: k, label: KNOWLEDGE_TYPE_LABELS[k][lang] }))]}
        />
        {author && (
          <Select<ArticleStatus | 'all'>
            aria-label={t('按状态筛选', 'Filter by status')}
            value={status}
            onChange={(v) => (setStatus(v), setPage(1))}
            style={{ width: 140 }}
            options={[...ARTICLE_STATUSES.map((s) => ({ value: s, label: ARTICLE_STATUS_LABELS[s][lang] })), { value: 'all', label: t('全部状态', 'All statuses') }]}
          />
        )}
      </Space>
      {q && list.data && (
        <Typography.Text type="secondary">
          {t(`找到 ${list.data.total} 条，按相关度排序`, `${list.data.total} found, most relevant first`)}
        </Typography.Text>
      )}
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<ArticleItem>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: q ? t('没有找到相关资料', 'Nothing found') : t('暂无资料', 'No article') }}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          {
            title: t('资料', 'Article'),
            key: 'title',
            render: (_: unknown, a) => (
              <div data-article={a.title}>
                <Button type="link" style={{ padding: 0, height: 'auto', fontWeight: 600, whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setOpen(a.id)}>
                  {a.title}
                </Button>
                <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }} ellipsis={{ rows: 2 }}>
                  {a.excerpt}
                </Typography.Paragraph>
                {a.matched && a.matched.length > 0 && (
                  <Space size={2} wrap>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('命中', 'Matched')}:
                    </Typography.Text>
                    {a.matched.map((w) => (
                      <Tag key={w} style={{ marginInlineEnd: 0 }}>
                        {w}
                      </Tag>
                    ))}
                  </Space>
                )}
              </div>
            ),
          },
          { title: t('类型', 'Type'), dataIndex: 'type', width: 100, render: (v: KnowledgeType, a) => <Tag color={TYPE_COLOR[v]}>{a.typeLabel}</Tag> },
          ...(author
            ? [
                {
                  title: t('状态', 'Status'),
                  dataIndex: 'status',
                  width: 110,
                  render: (v: ArticleStatus, a: ArticleItem) => (
                    <Space size={2} wrap>
                      <Tag color={STATUS_COLOR[v]}>{a.statusLabel}</Tag>
                      {v === 'published' && !a.inForce && <Tag color={TAG.amber}>{t('未生效', 'Not in force')}</Tag>}
                    </Space>
                  ),
                },
              ]
            : []),
          { title: t('分类 / 单位', 'Category / unit'), key: 'unit', width: 220, render: (_: unknown, a) => <span>{[a.category?.name, a.ownerUnit.name].filter(Boolean).join(' · ')}</span> },
          { title: t('有效期', 'Valid'), key: 'valid', width: 190, render: (_: unknown, a) => validityText(a, t) },
          { title: t('使用', 'Uses'), dataIndex: 'useCount', width: 64, align: 'right' },
        ]}
      />
    </Space>
  );

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <PageTitle
        extra={
          author && (
            <Button type="primary" onClick={() => setEditing('new')} data-testid="knowledge-new">
              {t('编写资料', 'Write an article')}
            </Button>
          )
        }
      >
        {t('知识库', 'Knowledge base')}
      </PageTitle>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'search', label: t('检索', 'Search'), children: results },
          {
            key: 'stats',
            label: t('统计', 'Statistics'),
            children: tab === 'stats' && (
              <Suspense fallback={<Spin />}>
                <KnowledgeStats onOpen={setOpen} />
              </Suspense>
            ),
          },
        ]}
      />
      {open && <ArticleDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} onEdit={author ? (a) => setEditing(a) : undefined} />}
      {editing && (
        <ArticleEditor
          key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`}
          article={editing}
          onClose={() => setEditing(null)}
          onSaved={(a) => {
            setEditing(null);
            list.reload();
            // the drawer re-reads the article it shows
            setOpen(null);
            setTimeout(() => setOpen(a.id), 0);
          }}
        />
      )}
    </Space>
  );
}
