/** Names for the keys of the statistics breakdowns, for the API and the reports. */
import type { Executor } from '../cases/cases.repo';
import type { StatsRow } from './stats.repo';
import { CHANNEL_LABELS, KIND_LABELS, type Channel, type Kind } from '../../core/enums';

export const STATS_BY = ['unit', 'district', 'category', 'channel', 'kind', 'period'] as const;

/** Names for the keys of a breakdown: units and districts by name, categories by name, channels and kinds in Chinese. */
export async function labelRows(db: Executor, by: (typeof STATS_BY)[number], rows: StatsRow[], lang: 'zh' | 'en') {
  let names = new Map<string, string>();
  if (by === 'unit' || by === 'district') {
    const ids = rows.map((r) => r.key).filter((k) => /^[0-9a-f-]{36}$/.test(k));
    if (ids.length) names = new Map((await db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute()).map((u) => [u.id, u.name]));
  }
  if (by === 'category') names = new Map((await db.selectFrom('categories').select(['code', 'name']).execute()).map((c) => [c.code, c.name]));
  const none = lang === 'en' ? '(none)' : by === 'unit' ? '未交办' : by === 'district' ? '未定位' : '未分类';
  return rows.map((r) => {
    const label =
      by === 'channel'
        ? `${CHANNEL_LABELS[r.key as Channel] ?? r.key} · ${KIND_LABELS[r.key2 as Kind] ?? r.key2}`
        : by === 'kind'
          ? (KIND_LABELS[r.key as Kind] ?? r.key)
          : by === 'period'
            ? r.key
            : r.key === ''
              ? none
              : (names.get(r.key) ?? r.key);
    return { key: by === 'channel' ? `${r.key}/${r.key2}` : r.key, label, counters: r.counters };
  });
}

