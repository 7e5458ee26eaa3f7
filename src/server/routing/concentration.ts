/**
 * 集中诉求 (issue #5 §6): many citizens, the same issue, the same area within 48 hours raise an alert
 * to supervisors — acting before complaints pile up (未诉先办, DOMAIN.md §13). "The same issue" is
 * the same category, or similar words when the category is not set yet.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../cases/cases.repo';
import type { Database } from '../db/database';
import { routingData } from './routing.store';
import type { CaseRow } from '../db/schema';
import { anyTokenQuery } from '../text/segment';

export const CONCENTRATION_WINDOW_MS = 48 * 3600_000;

/** Requests about a problem; praise, consultations and suggestions do not pile up into one. */
const PROBLEM_KINDS = ['complaint', 'help', 'tip_off', 'criticism'];

type ClusterCase = Pick<CaseRow, 'id' | 'region_unit_id' | 'kind' | 'category_code' | 'title'>;

/**
 * The cases of the last 48 hours in the same cluster as `c` (same region, a problem, the same
 * category or similar words), or null when `c` belongs to no cluster.
 */
export function clusterOf(db: Executor, c: ClusterCase, now: Date) {
  if (!c.region_unit_id || !PROBLEM_KINDS.includes(c.kind)) return null;
  const since = new Date(now.getTime() - CONCENTRATION_WINDOW_MS);
  let q = db
    .selectFrom('cases')
    .select(['id', 'citizen_phone', 'title'])
    .where('region_unit_id', '=', c.region_unit_id)
    .where('created_at', '>=', since)
    .where('merged_into', 'is', null)
    .where('kind', 'in', PROBLEM_KINDS);
  let key: string;
  if (c.category_code) {
    q = q.where('category_code', '=', c.category_code);
    key = `category:${c.category_code}`;
  } else {
    const tsq = anyTokenQuery(c.title);
    if (!tsq) return null;
    q = q.where(sql<boolean>`search_tokens @@ ${tsq}`).where(sql<boolean>`ts_rank(search_tokens, ${tsq}) >= 0.05`);
    key = `text:${c.title.slice(0, 20)}`;
  }
  return { q, key, since };
}

/**
 * How many citizens (distinct callers; an anonymous request counts on its own) the cluster already
 * has, as an expression for a statement that registers `c` (which it does not count): at least as
 * many as `checkConcentration` counts, so below the threshold there is no alert to raise or grow.
 */
export function clusterCitizens(db: Executor, c: ClusterCase, now: Date) {
  const cluster = clusterOf(db, c, now);
  if (!cluster) return null;
  return sql<number>`(SELECT count(DISTINCT coalesce(x.citizen_phone, 'case:' || x.id))::int FROM (${cluster.q.where('id', '!=', c.id).limit(500)}) AS x)`;
}

/**
 * Raises or grows the alert of `c`'s cluster when its citizens reach `threshold`. Runs after the
 * registration committed (the new case counts); a crash in between only delays the alert to the
 * cluster's next case.
 */
export async function checkConcentration(db: Database, c: CaseRow, now: Date, threshold: number): Promise<string | null> {
  const cluster = clusterOf(db, c, now);
  if (!cluster) return null;
  let { q } = cluster;
  const { key, since } = cluster;
  // one alert per cluster: an open one grows; after it was acknowledged, only new cases count again
  const last = await db
    .selectFrom('alerts')
    .select(['id', 'dedupe_key', 'acknowledged_at'])
    .where('kind', '=', 'concentrated')
    .where('region_unit_id', '=', c.region_unit_id)
    .where(sql<boolean>`dedupe_key LIKE ${`concentrated:${c.region_unit_id}:${key.replace(/[\\%_]/g, '\\$&')}:%`}`)
    .where('created_at', '>=', since)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last?.acknowledged_at) q = q.where('created_at', '>', last.acknowledged_at);
  const rows = await q.limit(500).execute();
  // many citizens: distinct callers (an anonymous request counts on its own)
  const citizens = new Set(rows.map((r) => r.citizen_phone ?? `case:${r.id}`));
  if (citizens.size < threshold) return null;
  const dedupe = last && !last.acknowledged_at ? last.dedupe_key : `concentrated:${c.region_unit_id}:${key}:${now.toISOString()}`;
  const ids = rows.map((r) => r.id);
  // the names as routing keeps them in memory
  const { units, categories } = await routingData(db);
  const regionName = units.get(c.region_unit_id!)?.name ?? (await db.selectFrom('units').select('name').where('id', '=', c.region_unit_id!).executeTakeFirst())?.name ?? '';
  const categoryName = c.category_code ? (categories.get(c.category_code) ?? (await db.selectFrom('categories').select('name').where('code', '=', c.category_code).executeTakeFirst())?.name) : undefined;
  const title = `${regionName} 48小时内 ${citizens.size} 位群众反映“${categoryName ?? c.title}”`;
  await db
    .insertInto('alerts')
    .values({ id: randomUUID(), kind: 'concentrated', dedupe_key: dedupe, region_unit_id: c.region_unit_id, category_code: c.category_code, title, case_ids: JSON.stringify(ids), created_at: now })
    .onConflict((oc) => oc.column('dedupe_key').doUpdateSet({ case_ids: JSON.stringify(ids), title }))
    .execute();
  return dedupe;
}
