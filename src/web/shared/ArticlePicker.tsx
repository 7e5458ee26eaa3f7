/**
 * Choosing a knowledge article to answer with (当即答复): first the articles suggested for the case's
 * text, then whatever the user searches for; picking one hands its full text to the form. Only
 * articles in force are offered — the server refuses others for the `answer` step.
 */
import { useEffect, useRef, useState } from 'react';
import { App, Select } from 'antd';
import { get, post, qs } from './api';
import { useLang } from './i18n';
import type { Article, ArticleItem, ArticleSuggestion } from './knowledge';

interface Option {
  value: string;
  label: string;
}

export function ArticlePicker({ id, value, onChange, onPicked, seed }: { id?: string; value?: string; onChange?: (id: string | undefined) => void; onPicked: (a: Article) => void; seed: { title: string; content: string } }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const [query, setQuery] = useState('');
  const latest = useRef(0);
  const seedKey = JSON.stringify(seed);

  useEffect(() => {
    const n = ++latest.current;
    const timer = setTimeout(
      () => {
        setLoading(true);
        const load: Promise<Option[]> = query.trim()
          ? get<{ items: ArticleItem[] }>(`/api/knowledge${qs({ q: query.trim(), limit: 10 })}`).then((r) => r.items.filter((a) => a.inForce).map((a) => ({ value: a.id, label: `${a.title}（${a.typeLabel}）` })))
          : post<ArticleSuggestion[]>('/api/knowledge/suggest', JSON.parse(seedKey) as { title: string; content: string }).then((r) => r.map((a) => ({ value: a.id, label: `${a.title}（${a.typeLabel}）` })));
        load
          .then((o) => n === latest.current && setOptions(o))
          .catch((e: Error) => n === latest.current && message.error(e.message))
          .finally(() => n === latest.current && setLoading(false));
      },
      query ? 300 : 0,
    );
    return () => clearTimeout(timer);
  }, [query, seedKey, message]);

  async function pick(articleId: string | undefined) {
    onChange?.(articleId);
    if (!articleId) return;
    try {
      onPicked(await get<Article>(`/api/knowledge/${articleId}`));
    } catch (e) {
      message.error((e as Error).message);
    }
  }

  return (
    <Select
      id={id}
      value={value}
      onChange={(v) => void pick(v)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQuery }}
      loading={loading}
      options={options}
      placeholder={t('推荐资料，或输入关键词检索', 'Suggested articles, or type to search')}
      notFoundContent={loading ? t('检索中…', 'Searching…') : t('没有相关资料', 'No matching article')}
      data-testid="article-picker"
    />
  );
}
