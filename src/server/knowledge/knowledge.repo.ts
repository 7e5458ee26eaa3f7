/**
 * The knowledge base (资料库, issue #12 §1): articles and their review workflow as core decides it
 * (src/core/knowledge.ts), Chinese full-text search ranked by relevance, suggestions from a case's
 * text, the count of answers given with an article, and the lapse of articles whose validity ended.
 *
 * Search: jieba tokens in a `simple` tsvector (NOTES.md), the title's tokens weighted A and the
 * body's B, so `ts_rank` puts a title match above a body match. Works on PGlite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema';
import { isUuid, type Executor } from '../cases/cases.repo';
import { findUnit } from '../org/org.repo';
import { anyTokenQuery, segment, tokenString } from '../text/segment';
import { DomainError } from '../../core/errors';
import { shanghaiDate } from '../../core/calendar';
import {
  ARTICLE_STATUS_LABELS,
  AUTHOR_ROLES,
  KNOWLEDGE_TYPE_LABELS,
  READER_ROLES,
  allowedArticleActions,
  assertMayAuthorFor,
  canViewArticle,
  checkValidity,
  decideArticle,
  excerptOf,
  isInForce,
  isReviewer,
  type ArticleAction,
  type ArticleFacts,
  type ArticleStatus,
  type KnowledgeActor,
  type KnowledgeType,
} from '../../core/knowledge';

type Lang = 'zh' | 'en';

/** The article's search vector: title tokens weighted A, body tokens B. */
export function articleVector(title: string, body: string): RawBuilder<unknown> {
  return sql`setweight(to_tsvector('simple', ${tokenString([title])}), 'A') || setweight(to_tsvector('simple', ${tokenString([body])}), 'B')`;
}

/** The lexemes of a stored tsvector's text form (`'公积金':1A '租房':2A …`). */
function lexemes(vector: string | null): Set<string> {
  const out = new Set<string>();
  for (const m of (vector ?? '').matchAll(/'((?:[^']|'')+)'/g)) out.add(m[1]!.replace(/''/g, "'"));
  return out;
}

/** The words of a query as anyTokenQuery reads them, and which of them an article contains. */
function queryWords(text: string, max = 30): string[] {
  return [...new Set(segment(text))].slice(0, max).map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter((w) => w.length >= 2);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

type Eb = ExpressionBuilder<DB & { k: DB['knowledge_articles']; un: DB['units'] }, 'k' | 'un'>;

/** The articles the actor may read, in SQL: the same rule as core's canViewArticle. */
function visibleTo(actor: KnowledgeActor) {
  return (eb: Eb) => {
    if (!(READER_ROLES as readonly string[]).includes(actor.role)) return eb.val(false);
    if (isReviewer(actor)) return eb.val(true);
    const managed = (AUTHOR_ROLES as readonly string[]).includes(actor.role)
      ? eb.or([eb('k.created_by', '=', actor.userId), eb('un.path', 'like', `${escapeLike(actor.unitPath)}%`)])
      : eb.val(false);
    return eb.or([eb('k.status', '=', 'published'), managed]);
  };
}

function articles(db: Executor) {
  return db
    .selectFrom('knowledge_articles as k')
    .innerJoin('units as un', 'un.id', 'k.owner_unit_id')
    .leftJoin('categories as cat', 'cat.code', 'k.category_code')
    .leftJoin('users as cu', 'cu.id', 'k.created_by')
    .leftJoin('users as ru', 'ru.id', 'k.reviewed_by');
}

const COLUMNS = [
  'k.id',
  'k.type',
  'k.title',
  'k.body',
  'k.category_code',
  'cat.name as category_name',
  'k.owner_unit_id',
  'un.code as unit_code',
  'un.name as unit_name',
  'un.path as unit_path',
  'k.status',
  'k.version',
  'k.created_by',
  'cu.display_name as created_by_name',
  'k.created_at',
  'k.updated_at',
  'k.submitted_at',
  'ru.display_name as reviewed_by_name',
  'k.reviewed_at',
  'k.review_note',
  'k.published_at',
  'k.expired_at',
  'k.use_count',
] as const;

/** The columns of an article; dates as text (YYYY-MM-DD) and the vector's lexemes for the matched words. */
const ARTICLE_COLUMNS = [
  ...COLUMNS,
  sql<string | null>`k.valid_from::text`.as('valid_from'),
  sql<string | null>`k.valid_to::text`.as('valid_to'),
  sql<string | null>`k.search_tokens::text`.as('lexemes'),
] as const;

function selectArticles(db: Executor) {
  return articles(db).select(ARTICLE_COLUMNS);
}
export type ArticleRow = Awaited<ReturnType<ReturnType<typeof selectArticles>['execute']>>[number];

const facts = (r: ArticleRow): ArticleFacts => ({ status: r.status, ownerUnitPath: r.unit_path, createdBy: r.created_by, validTo: r.valid_to });

/** An article as the API returns it, with the steps this actor may take. */
export function articleView(r: ArticleRow, actor: KnowledgeActor, now: Date, lang: Lang, extra: { rank?: number; matched?: string[] } = {}) {
  const today = shanghaiDate(now);
  return {
    id: r.id,
    type: r.type,
    typeLabel: KNOWLEDGE_TYPE_LABELS[r.type][lang],
    title: r.title,
    body: r.body,
    excerpt: excerptOf(r.body),
    category: r.category_code ? { code: r.category_code, name: r.category_name ?? r.category_code } : null,
    ownerUnit: { id: r.owner_unit_id, code: r.unit_code, name: r.unit_name },
    validFrom: r.valid_from,
    validTo: r.valid_to,
    inForce: isInForce({ status: r.status, validFrom: r.valid_from, validTo: r.valid_to }, today),
    status: r.status,
    statusLabel: ARTICLE_STATUS_LABELS[r.status][lang],
    version: r.version,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
    reviewedBy: r.reviewed_by_name,
    reviewedAt: r.reviewed_at,
    reviewNote: r.review_note,
    publishedAt: r.published_at,
    expiredAt: r.expired_at,
    useCount: r.use_count,
    allowedActions: allowedArticleActions(actor, facts(r), today),
    ...extra,
  };
}
export type ArticleView = ReturnType<typeof articleView>;

/**
 * Published articles whose validity has ended become expired (the timer loop calls this; reads
 * call it too, so nothing lapsed is shown as published between two runs). Returns how many.
 */
export async function expireArticles(db: Executor, now: Date): Promise<number> {
  const res = await db
    .updateTable('knowledge_articles')
    .set({ status: 'expired', expired_at: now, updated_at: now })
    .where('status', '=', 'published')
    .where('valid_to', '<', shanghaiDate(now))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** The article if the actor may read it, else 404 (a unit never learns of another unit's drafts). */
export async function loadArticle(db: Executor, actor: KnowledgeActor, id: string, now: Date): Promise<ArticleRow> {
  await expireArticles(db, now);
  const row = isUuid(id) ? await selectArticles(db).where('k.id', '=', id).executeTakeFirst() : undefined;
  if (!row || !canViewArticle(actor, facts(row))) throw new DomainError('not_found', '资料不存在', 'no such article');
  return row;
}

async function checkCategory(db: Executor, code: string | null): Promise<void> {
  if (code === null) return;
  const c = await db.selectFrom('categories').select('active').where('code', '=', code).executeTakeFirst();
  if (!c?.active) throw new DomainError('validation.failed', `诉求分类不存在：${code}`, `no such category: ${code}`, { field: 'category' });
}

export interface ArticleInput {
  type: KnowledgeType;
  title: string;
  body: string;
  category?: string | null;
  /** The owning unit (code or id); a unit's user may only name their own, the centre any. */
  unit?: string;
  validFrom?: string | null;
  validTo?: string | null;
}

/** Writes a draft owned by the actor's unit, or by the unit a centre user names. Returns its id. */
export async function createArticle(db: Executor, actor: KnowledgeActor, input: ArticleInput, now: Date): Promise<string> {
  const owner = input.unit ? await findUnit(db, input.unit) : await findUnit(db, actor.unitId);
  if (!owner) throw new DomainError('unit.not_found', `单位不存在：${input.unit}`, `no such unit: ${input.unit}`, { field: 'unit' });
  assertMayAuthorFor(actor, owner.path);
  const validFrom = input.validFrom ?? null;
  const validTo = input.validTo ?? null;
  checkValidity(validFrom, validTo);
  await checkCategory(db, input.category ?? null);
  const id = randomUUID();
  await db
    .insertInto('knowledge_articles')
    .values({
      id,
      type: input.type,
      title: input.title.trim(),
      body: input.body.trim(),
      category_code: input.category ?? null,
      owner_unit_id: owner.id,
      valid_from: validFrom,
      valid_to: validTo,
      search_tokens: articleVector(input.title, input.body),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

function staleVersion(current: number): DomainError {
  return new DomainError('conflict', '资料已被他人修改，请刷新后重试', 'the article has changed since you loaded it; reload and try again', { version: current });
}

export type ArticleEdit = Partial<Omit<ArticleInput, 'unit'>> & { version: number };

/** Edits a draft (version + 1); a stale version is 409 conflict. */
export async function editArticle(db: Executor, actor: KnowledgeActor, id: string, edit: ArticleEdit, now: Date): Promise<void> {
  const row = await loadArticle(db, actor, id, now);
  decideArticle(actor, 'edit', facts(row), { today: shanghaiDate(now) });
  if (edit.version !== row.version) throw staleVersion(row.version);
  const title = edit.title ?? row.title;
  const body = edit.body ?? row.body;
  const validFrom = edit.validFrom === undefined ? row.valid_from : edit.validFrom;
  const validTo = edit.validTo === undefined ? row.valid_to : edit.validTo;
  checkValidity(validFrom, validTo);
  if (edit.category !== undefined) await checkCategory(db, edit.category);
  const res = await db
    .updateTable('knowledge_articles')
    .set((eb) => ({
      type: edit.type ?? row.type,
      title: title.trim(),
      body: body.trim(),
      category_code: edit.category === undefined ? row.category_code : edit.category,
      valid_from: validFrom,
      valid_to: validTo,
      search_tokens: articleVector(title, body),
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', id)
    .where('version', '=', edit.version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (!res.numUpdatedRows) throw staleVersion(row.version + 1);
}

/** Takes a workflow step (submit, approve, send back, expire, revise) as core's table allows. */
export async function transitionArticle(
  db: Executor,
  actor: KnowledgeActor,
  id: string,
  action: Exclude<ArticleAction, 'edit'>,
  input: { note?: string | null; version?: number },
  now: Date,
): Promise<void> {
  const row = await loadArticle(db, actor, id, now);
  const { to, bumpsVersion } = decideArticle(actor, action, facts(row), { today: shanghaiDate(now), note: input.note });
  if (input.version !== undefined && input.version !== row.version) throw staleVersion(row.version);
  const note = input.note?.trim() || null;
  const review = { reviewed_by: actor.userId, reviewed_at: now, review_note: note };
  const set = {
    submit: { submitted_at: now },
    approve: { ...review, published_at: now, expired_at: null },
    send_back: review,
    expire: { expired_at: now },
    revise: { expired_at: null, submitted_at: null },
  }[action];
  const res = await db
    .updateTable('knowledge_articles')
    .set((eb) => ({ ...set, status: to, updated_at: now, ...(bumpsVersion ? { version: eb('version', '+', 1) } : {}) }))
    .where('id', '=', id)
    .where('status', '=', row.status)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (!res.numUpdatedRows) throw staleVersion(row.version);
}

export interface ArticleFilter {
  q?: string;
  type?: KnowledgeType;
  /** Omitted: published only; `all`: every status the actor may see. */
  status?: ArticleStatus | 'all';
  /** A category code; its subcategories are included. */
  category?: string;
  /** A unit's code or id; the units below it are included. */
  unit?: string;
  limit: number;
  offset: number;
}

/** Search (with `q`, by relevance) or list (newest updated first) of the articles the actor may read. */
export async function listArticles(db: Executor, actor: KnowledgeActor, f: ArticleFilter, now: Date, lang: Lang): Promise<{ total: number; items: ArticleView[] }> {
  await expireArticles(db, now);
  let unitPath: string | null = null;
  if (f.unit) {
    const u = await findUnit(db, f.unit);
    if (!u) throw new DomainError('unit.not_found', `单位不存在：${f.unit}`, `no such unit: ${f.unit}`, { field: 'unit' });
    unitPath = u.path;
  }
  const q = f.q?.trim() ?? '';
  const tsq = q ? anyTokenQuery(q) : null;
  let base = articles(db).where(visibleTo(actor));
  if (f.status !== 'all') base = base.where('k.status', '=', f.status ?? 'published');
  if (f.type) base = base.where('k.type', '=', f.type);
  if (f.category) {
    const c = f.category;
    base = base.where((eb) => eb.or([eb('k.category_code', '=', c), eb('k.category_code', 'like', `${escapeLike(c)}.%`)]));
  }
  if (unitPath) base = base.where('un.path', 'like', `${escapeLike(unitPath)}%`);
  if (tsq) base = base.where(sql<boolean>`k.search_tokens @@ ${tsq}`);
  else if (q) {
    // no word of two characters or more (a single character, a stopword): plain substring match
    const like = `%${escapeLike(q)}%`;
    base = base.where((eb) => eb.or([eb('k.title', 'ilike', like), eb('k.body', 'ilike', like)]));
  }
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rank = tsq ? sql<number>`ts_rank(k.search_tokens, ${tsq})` : sql<number>`0`;
  const rows = await base
    .select([...ARTICLE_COLUMNS, rank.as('rank')])
    .orderBy(tsq ? sql`rank` : sql`k.updated_at`, 'desc')
    .orderBy('k.updated_at', 'desc')
    .orderBy('k.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const words = tsq ? queryWords(q) : [];
  return {
    total: Number(count.n),
    items: rows.map((r) => {
      const have = lexemes(r.lexemes);
      return articleView(r, actor, now, lang, tsq ? { rank: Number(r.rank), matched: words.filter((w) => have.has(w)) } : {});
    }),
  };
}

export interface Suggestion {
  id: string;
  type: KnowledgeType;
  typeLabel: string;
  title: string;
  excerpt: string;
  matched: string[];
  rank: number;
  useCount: number;
}

/**
 * The articles to offer the operator for a case (S2 §4: more calls answered on the spot): published,
 * in force today, ranked by relevance to the case's title and content.
 */
export async function suggestArticles(db: Executor, text: { title?: string; content?: string }, now: Date, lang: Lang, limit = 5): Promise<Suggestion[]> {
  await expireArticles(db, now);
  const joined = [text.title, text.content].filter(Boolean).join('\n');
  const tsq = joined ? anyTokenQuery(joined) : null;
  if (!tsq) return [];
  const today = shanghaiDate(now);
  const rows = await db
    .selectFrom('knowledge_articles as k')
    .select(['k.id', 'k.type', 'k.title', 'k.body', 'k.use_count', sql<string | null>`k.search_tokens::text`.as('lexemes'), sql<number>`ts_rank(k.search_tokens, ${tsq})`.as('rank')])
    .where('k.status', '=', 'published')
    .where((eb) => eb.or([eb('k.valid_from', 'is', null), eb('k.valid_from', '<=', today)]))
    .where((eb) => eb.or([eb('k.valid_to', 'is', null), eb('k.valid_to', '>=', today)]))
    .where(sql<boolean>`k.search_tokens @@ ${tsq}`)
    .orderBy(sql`rank`, 'desc')
    .orderBy('k.use_count', 'desc')
    .orderBy('k.id')
    .limit(limit)
    .execute();
  const words = queryWords(joined);
  return rows.map((r) => {
    const have = lexemes(r.lexemes);
    return {
      id: r.id,
      type: r.type,
      typeLabel: KNOWLEDGE_TYPE_LABELS[r.type][lang],
      title: r.title,
      excerpt: excerptOf(r.body),
      matched: words.filter((w) => have.has(w)),
      rank: Number(r.rank),
      useCount: r.use_count,
    };
  });
}

/** Counts by type and status of the articles the actor may read, and the ten most used. */
export async function knowledgeStats(db: Executor, actor: KnowledgeActor, now: Date) {
  await expireArticles(db, now);
  const cells = await articles(db)
    .where(visibleTo(actor))
    .select(['k.type', 'k.status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('k.use_count').as('uses')])
    .groupBy(['k.type', 'k.status'])
    .execute();
  const top = await articles(db)
    .where(visibleTo(actor))
    .where('k.use_count', '>', 0)
    .select(['k.id', 'k.type', 'k.title', 'k.status', 'k.use_count', 'un.name as unit_name'])
    .orderBy('k.use_count', 'desc')
    .orderBy('k.title')
    .limit(10)
    .execute();
  const byType: Record<string, number> = { policy: 0, guide: 0, faq: 0 };
  const byStatus: Record<string, number> = { draft: 0, review: 0, published: 0, expired: 0 };
  let total = 0;
  let uses = 0;
  for (const c of cells) {
    const n = Number(c.n);
    byType[c.type] = (byType[c.type] ?? 0) + n;
    byStatus[c.status] = (byStatus[c.status] ?? 0) + n;
    total += n;
    uses += Number(c.uses ?? 0);
  }
  return {
    total,
    uses,
    byType,
    byStatus,
    counts: cells.map((c) => ({ type: c.type, status: c.status, count: Number(c.n) })),
    mostUsed: top.map((r) => ({ id: r.id, type: r.type, title: r.title, status: r.status, unitName: r.unit_name, useCount: r.use_count })),
  };
}

/**
 * An operator answered a case on the spot with an article: recorded once per article and case, and
 * the article's use count raised only when this call recorded it. Call it in the step's transaction.
 * Refuses an article that is not published and in force (validation.failed, field articleId).
 */
export async function recordKnowledgeUse(
  trx: Executor,
  use: { articleId: string; caseId: string; userId: string | null; now: Date },
): Promise<{ counted: boolean }> {
  const a = isUuid(use.articleId)
    ? await trx
        .selectFrom('knowledge_articles')
        .select(['status', sql<string | null>`valid_from::text`.as('valid_from'), sql<string | null>`valid_to::text`.as('valid_to')])
        .where('id', '=', use.articleId)
        .executeTakeFirst()
    : undefined;
  if (!a || !isInForce({ status: a.status, validFrom: a.valid_from, validTo: a.valid_to }, shanghaiDate(use.now))) {
    throw new DomainError('validation.failed', '引用的资料不存在、未发布或不在有效期内', 'the article does not exist, is not published or is not in force', { field: 'articleId' });
  }
  const inserted = await trx
    .insertInto('knowledge_uses')
    .values({ article_id: use.articleId, case_id: use.caseId, user_id: use.userId, at: use.now })
    .onConflict((oc) => oc.columns(['article_id', 'case_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { counted: false };
  await trx
    .updateTable('knowledge_articles')
    .set((eb) => ({ use_count: eb('use_count', '+', 1) }))
    .where('id', '=', use.articleId)
    .execute();
  return { counted: true };
}
