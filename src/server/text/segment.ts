/**
 * Chinese word segmentation with jieba (NOTES.md: Intl.Segmenter splits 扰民, 油烟, 城管 into single
 * characters; pg_trgm cannot index two-character words). Tokens are stored space-joined in a
 * `simple` tsvector, and queries are segmented the same way.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { sql, type RawBuilder } from 'kysely';

let jieba: Jieba | undefined;
function instance(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Words that say nothing about what a request is about. */
const STOPWORDS = new Set(
  '我们 你们 他们 我家 我是 自己 这个 那个 这些 那些 一个 什么 怎么 如何 为什么 可以 能否 是否 已经 还是 但是 而且 因为 所以 如果 就是 没有 不是 现在 目前 一直 多次 希望 要求 请求 反映 问题 情况 相关 部门 领导 您好 你好 市长 谢谢 感谢 麻烦 尽快 处理 解决 进行 有关 关于 以及 或者 然后 时候 时间 今天 昨天 每天 这样 那样 还有 不能 不会 非常 特别 应该 需要 我们 本人 群众 市民'.split(
    ' ',
  ),
);

/** Meaningful tokens of a text: words of two or more characters (or numbers/latin of two or more), no stopwords. */
export function segment(text: string): string[] {
  const out: string[] = [];
  for (const raw of instance().cut(text, false)) {
    const w = raw.trim().toLowerCase();
    if (w.length < 2 || STOPWORDS.has(w)) continue;
    if (!/[\p{Script=Han}a-z0-9]/u.test(w) || /^[\p{P}\p{S}\s]+$/u.test(w)) continue;
    out.push(w);
  }
  return out;
}

/** The space-joined distinct tokens of some texts, at most `max`. */
export function tokenString(texts: (string | null | undefined)[], max = 300): string {
  const seen = new Set<string>();
  for (const t of texts) if (t) for (const w of segment(t)) if (seen.size < max) seen.add(w);
  return [...seen].join(' ');
}

/** The tsvector of some texts, as SQL. */
export function searchVector(texts: (string | null | undefined)[]): RawBuilder<unknown> {
  return sql`to_tsvector('simple', ${tokenString(texts)})`;
}

/** A tsquery matching any of the text's tokens (for similarity), or null when it has none. */
export function anyTokenQuery(text: string, max = 30): RawBuilder<unknown> | null {
  const words = [...new Set(segment(text))].slice(0, max).map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter((w) => w.length >= 2);
  if (words.length === 0) return null;
  return sql`to_tsquery('simple', ${words.join(' | ')})`;
}
