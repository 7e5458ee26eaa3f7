/**
 * 集中诉求 (issue #5 §6): many citizens, the same issue, the same area within 48 hours raise an alert
 * to supervisors — acting before complaints pile up (未诉先办, DOMAIN.md §13). "The same issue" is
 * the same category, or similar words when the category is not set yet.
 */
import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
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
    .select(['id', 'citizen_phone'])
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
 * Raises or grows the alert of `c`'s cluster when its citizens reach `threshold`: the body of a CTE
 * of the statement that inserts `c` (the CTE named `gate`), so the alert commits with the case and
 * counts it. One alert per cluster: an open one grows; after it was acknowledged, only cases since
 * count again. Null when `c` belongs to no cluster.
 */
export async function concentrationAlert(db: Database, c: CaseRow, now: Date, threshold: number, gate: string): Promise<RawBuilder<Record<string, unknown>> | null> {
  const cluster = clusterOf(db, c, now);
  if (!cluster) return null;
  const { key, since } = cluster;
  // the names as routing keeps them in memory
  const { units, categories } = await routingData(db);
  const regionName = units.get(c.region_unit_id!)?.name ?? (await db.selectFrom('units').select('name').where('id', '=', c.region_unit_id!).executeTakeFirst())?.name ?? '';
  const categoryName = c.category_code ? (categories.get(c.category_code) ?? (await db.selectFrom('categories').select('name').where('code', '=', c.category_code).executeTakeFirst())?.name) : undefined;
  const others = cluster.q.where(sql<boolean>`created_at > coalesce((SELECT acknowledged_at FROM last), '-infinity'::timestamptz)`).limit(499);
  return sql`(
    WITH last AS (
      SELECT dedupe_key, acknowledged_at FROM alerts
      WHERE kind = 'concentrated' AND region_unit_id = ${c.region_unit_id} AND created_at >= ${since}
        AND dedupe_key LIKE ${`concentrated:${c.region_unit_id}:${key.replace(/[\\%_]/g, '\\$&')}:%`}
      ORDER BY created_at DESC LIMIT 1),
    members AS (SELECT x.id, x.citizen_phone FROM (${others}) AS x UNION ALL SELECT id, citizen_phone FROM ${sql.table(gate)}),
    -- many citizens: distinct callers (an anonymous request counts on its own)
    agg AS (SELECT count(DISTINCT coalesce(citizen_phone, 'case:' || id))::int AS n, jsonb_agg(id) AS ids FROM members)
    INSERT INTO alerts (id, kind, dedupe_key, region_unit_id, category_code, title, case_ids, created_at)
    SELECT ${randomUUID()}::uuid, 'concentrated',
      CASE WHEN last.dedupe_key IS NOT NULL AND last.acknowledged_at IS NULL THEN last.dedupe_key ELSE ${`concentrated:${c.region_unit_id}:${key}:${now.toISOString()}`} END,
      ${c.region_unit_id}::uuid, ${c.category_code}::text,
      ${`${regionName} 48小时内 `} || agg.n || ${` 位群众反映“${categoryName ?? c.title}”`},
      agg.ids, ${now}::timestamptz
    FROM agg LEFT JOIN last ON true
    WHERE agg.n >= ${threshold}::int AND EXISTS (SELECT FROM ${sql.table(gate)})
    ON CONFLICT (dedupe_key) DO UPDATE SET case_ids = EXCLUDED.case_ids, title = EXCLUDED.title)`;
}
