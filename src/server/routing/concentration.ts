/**
 * 集中诉求 (issue #5 §6): many citizens, the same issue, the same area within 48 hours raise an alert
 * to supervisors — acting before complaints pile up (未诉先办, DOMAIN.md §13). "The same issue" is
 * the same category, or similar words when the category is not set yet.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { CaseRow, DB } from '../db/schema';
import { anyTokenQuery } from '../text/segment';

export const CONCENTRATION_WINDOW_MS = 48 * 3600_000;

/** Requests about a problem; praise, consultations and suggestions do not pile up into one. */
const PROBLEM_KINDS = ['complaint', 'help', 'tip_off', 'criticism'];

export async function checkConcentration(trx: Transaction<DB>, c: CaseRow, now: Date, threshold: number): Promise<string | null> {
  if (!c.region_unit_id || !PROBLEM_KINDS.includes(c.kind)) return null;
  const since = new Date(now.getTime() - CONCENTRATION_WINDOW_MS);
  let q = trx
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
  // one alert per cluster: an open one grows; after it was acknowledged, only new cases count again
  const last = await trx
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
  const region = await trx.selectFrom('units').select('name').where('id', '=', c.region_unit_id).executeTakeFirst();
  const category = c.category_code ? await trx.selectFrom('categories').select('name').where('code', '=', c.category_code).executeTakeFirst() : undefined;
  const title = `${region?.name ?? ''} 48小时内 ${citizens.size} 位群众反映“${category?.name ?? c.title}”`;
  await trx
    .insertInto('alerts')
    .values({ id: randomUUID(), kind: 'concentrated', dedupe_key: dedupe, region_unit_id: c.region_unit_id, category_code: c.category_code, title, case_ids: JSON.stringify(ids), created_at: now })
    .onConflict((oc) => oc.column('dedupe_key').doUpdateSet({ case_ids: JSON.stringify(ids), title }))
    .execute();
  return dedupe;
}
