/**
 * The statistics rollups (issue #8 §2; docs/metrics.md): every change of a case appends its
 * contribution's difference to `stats_deltas` in the change's own transaction; `compactStats`
 * folds those rows into one rollup per breakdown; readers add the rows not folded yet, so an
 * answer is exact at any moment. `rebuildStats` recomputes everything from the cases.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database';
import type { CaseRow } from '../db/schema';
import type { Executor } from '../cases/cases.repo';
import { COUNTERS, contributionDelta, zeroCounters, type CaseStatsFacts, type Counters } from '../../core/metrics';
import { shanghaiDate } from '../../core/calendar';

export function factsOf(row: CaseRow): CaseStatsFacts {
  return {
    day: shanghaiDate(row.created_at),
    leadUnitId: row.lead_unit_id,
    districtId: row.district_id,
    category: row.category_code ? row.category_code.split('.')[0]! : null,
    channel: row.channel,
    kind: row.kind,
    state: row.state,
    dispatchedAt: row.dispatched_at,
    mergedInto: row.merged_into,
    respondedOnTime: row.responded_on_time,
    repliedAt: row.replied_at,
    replyOnTime: row.reply_on_time,
    satisfaction: row.satisfaction,
    resolved: row.resolved,
    reworkCount: row.rework_count,
    returnCount: row.return_count,
    extensionCount: row.extension_count,
    supervised: row.supervised,
    overdueCount: row.overdue_count,
  };
}

/** Appends the rollup rows of one change; `before` null for a newly registered case. */
export async function recordStatsChange(db: Executor, before: CaseRow | null, after: CaseRow): Promise<void> {
  await recordStatsChanges(db, [[before, after]]);
}

/** The `stats_deltas` rows of some changes (`before` null for a newly registered case). */
export function statsDeltaRows(changes: readonly (readonly [CaseRow | null, CaseRow])[]) {
  return changes.flatMap(([b, a]) => contributionDelta(b ? factsOf(b) : null, factsOf(a))).map((r) => ({ ...r.key, ...r.counters }));
}

export async function recordStatsChanges(db: Executor, changes: [CaseRow | null, CaseRow][]): Promise<void> {
  const rows = statsDeltaRows(changes);
  if (rows.length === 0) return;
  await db.insertInto('stats_deltas').values(rows).execute();
}

// ---- the district of a case ------------------------------------------------------------------

let districtCache: { at: number; byUnit: Map<string, string | null> } | undefined;

/** The district (区县) at or above a unit, from the unit tree (cached a minute). */
export async function districtOf(db: Executor, unitId: string | null, nowMs: number): Promise<string | null> {
  if (!unitId) return null;
  if (!districtCache || nowMs - districtCache.at > 60_000 || !districtCache.byUnit.has(unitId)) {
    const units = await db.selectFrom('units').select(['id', 'path', 'type']).execute();
    const districts = units.filter((u) => u.type === 'district');
    const byUnit = new Map<string, string | null>();
    for (const u of units) {
      const d = districts.filter((x) => u.path.startsWith(x.path)).sort((a, b) => b.path.length - a.path.length)[0];
      byUnit.set(u.id, d?.id ?? null);
    }
    districtCache = { at: nowMs, byUnit };
  }
  return districtCache.byUnit.get(unitId) ?? null;
}

// ---- folding the deltas into the rollups -----------------------------------------------------

export const BREAKDOWNS = {
  unit: { table: 'stats_unit_daily', keys: ['unit'] },
  district: { table: 'stats_district_daily', keys: ['district'] },
  category: { table: 'stats_category_daily', keys: ['category'] },
  channel: { table: 'stats_channel_daily', keys: ['channel', 'kind'] },
} as const;
export type Breakdown = keyof typeof BREAKDOWNS;

const C = COUNTERS.join(', ');
const SUMS = COUNTERS.map((c) => `sum(${c})::int AS ${c}`).join(', ');

/**
 * Folds up to `batch` delta rows into the rollups, in one statement; rows another instance is
 * folding are skipped. Returns how many were folded.
 */
export async function compactStats(db: Database, batch = 50_000): Promise<number> {
  const upserts = Object.entries(BREAKDOWNS).map(([name, b]) => {
    const keys = ['day', ...b.keys].join(', ');
    const set = COUNTERS.map((c) => `${c} = ${b.table}.${c} + EXCLUDED.${c}`).join(', ');
    return `${name}_up AS (
      INSERT INTO ${b.table} (${keys}, ${C})
      SELECT ${keys}, ${SUMS} FROM moved GROUP BY ${keys}
      ON CONFLICT (${keys}) DO UPDATE SET ${set}
      RETURNING 1)`;
  });
  const res = await sql<{ n: number }>`
    WITH moved AS (
      DELETE FROM stats_deltas WHERE id IN (SELECT id FROM stats_deltas ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED)
      RETURNING *),
    ${sql.raw(upserts.join(',\n'))}
    SELECT count(*)::int AS n FROM moved`.execute(db);
  return res.rows[0]?.n ?? 0;
}

export async function compactAll(db: Database): Promise<number> {
  let total = 0;
  for (let n = 50_000; n === 50_000; ) total += n = await compactStats(db, 50_000);
  return total;
}

// ---- rebuilding from the cases ---------------------------------------------------------------

/**
 * The same contribution as core's `contribution()`, in SQL, for a rebuild over many cases at once.
 * test/api/stats.test.ts checks the two agree.
 */
const CONTRIBUTION_SQL = `
  1 AS received,
  (CASE WHEN state IN ('closed','archived') AND dispatched_at IS NULL AND merged_into IS NULL THEN 1 ELSE 0 END) AS on_spot,
  (CASE WHEN dispatched_at IS NOT NULL THEN 1 ELSE 0 END) AS dispatched,
  (CASE WHEN dispatched_at IS NOT NULL AND responded_on_time THEN 1 ELSE 0 END) AS responded,
  (CASE WHEN replied_at IS NOT NULL THEN 1 ELSE 0 END) AS replied,
  (CASE WHEN replied_at IS NOT NULL AND reply_on_time THEN 1 ELSE 0 END) AS replied_on_time,
  (CASE WHEN state IN ('closed','archived') THEN 1 ELSE 0 END) AS closed,
  (CASE WHEN satisfaction IS NOT NULL THEN 1 ELSE 0 END) AS rated,
  (CASE WHEN satisfaction = 'very_satisfied' THEN 1 ELSE 0 END) AS very_satisfied,
  (CASE WHEN satisfaction = 'satisfied' THEN 1 ELSE 0 END) AS satisfied,
  (CASE WHEN satisfaction = 'basically_satisfied' THEN 1 ELSE 0 END) AS basically_satisfied,
  (CASE WHEN satisfaction = 'dissatisfied' THEN 1 ELSE 0 END) AS dissatisfied,
  (CASE WHEN satisfaction = 'very_dissatisfied' THEN 1 ELSE 0 END) AS very_dissatisfied,
  (CASE WHEN resolved THEN 1 ELSE 0 END) AS resolved,
  (CASE WHEN resolved IS NOT NULL THEN 1 ELSE 0 END) AS resolution_asked,
  (CASE WHEN rework_count > 0 THEN 1 ELSE 0 END) AS reworked,
  (CASE WHEN return_count > 0 THEN 1 ELSE 0 END) AS returned,
  (CASE WHEN extension_count > 0 THEN 1 ELSE 0 END) AS extended,
  (CASE WHEN supervised THEN 1 ELSE 0 END) AS supervised,
  overdue_count AS overdue`;

/** Empties the rollups and recounts every case (an admin's repair; the first start after migration 007). */
export async function rebuildStats(db: Database): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`DELETE FROM stats_deltas`.execute(trx);
    for (const b of Object.values(BREAKDOWNS)) await sql`DELETE FROM ${sql.table(b.table)}`.execute(trx);
    await sql`
      INSERT INTO stats_deltas (day, unit, district, category, channel, kind, ${sql.raw(C)})
      SELECT day, unit, district, category, channel, kind, ${sql.raw(SUMS)} FROM (
        SELECT ((created_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS day,
               COALESCE(lead_unit_id::text, '') AS unit, COALESCE(district_id::text, '') AS district,
               COALESCE(split_part(category_code, '.', 1), '') AS category, channel, kind,
               ${sql.raw(CONTRIBUTION_SQL)}
        FROM cases) c
      GROUP BY day, unit, district, category, channel, kind`.execute(trx);
  });
  await compactAll(db);
}

// ---- reading ---------------------------------------------------------------------------------

export interface StatsRow {
  key: string;
  /** the second key of the channel breakdown (the kind) */
  key2?: string;
  counters: Counters;
}

function toCounters(r: Record<string, unknown>): Counters {
  const c = zeroCounters();
  for (const k of COUNTERS) c[k] = Number(r[k] ?? 0);
  return c;
}

/**
 * Counters per value of one breakdown over the days `from`..`to` (YYYY-MM-DD, inclusive): the
 * rollup plus the deltas not folded yet.
 */
/** `units`: only these lead units' cases (a unit leader's own figures). */
export async function readBreakdown(db: Executor, by: Breakdown | 'kind', from: string, to: string, units?: readonly string[]): Promise<StatsRow[]> {
  const b = BREAKDOWNS[by === 'kind' ? 'channel' : by];
  const key = by === 'kind' ? 'kind' : b.keys[0];
  const key2 = by === 'channel' ? sql.raw(', kind AS key2') : sql.raw('');
  const group = by === 'channel' ? sql.raw('key, key2') : sql.raw('key');
  const cols = sql.raw(`${key} AS key`);
  // the unit column is in the unit rollup and the deltas only
  const table = units ? 'stats_unit_daily' : b.table;
  if (units && by !== 'unit') throw new Error('readBreakdown: a unit filter works by unit only');
  const only = units ? sql`AND unit = ANY(${[...units]}::text[])` : sql``;
  const rows = await sql<Record<string, unknown>>`
    SELECT ${group}, ${sql.raw(SUMS)} FROM (
      SELECT ${cols}${key2}, ${sql.raw(C)} FROM ${sql.table(table)} WHERE day BETWEEN ${from}::date AND ${to}::date ${only}
      UNION ALL
      SELECT ${cols}${key2}, ${sql.raw(C)} FROM stats_deltas WHERE day BETWEEN ${from}::date AND ${to}::date ${only}
    ) x GROUP BY ${group}`.execute(db);
  return rows.rows.map((r) => ({ key: String(r.key), ...(by === 'channel' ? { key2: String(r.key2) } : {}), counters: toCounters(r) }));
}

export type Granularity = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Counters per period (the Monday of a week, the first day of a month …) over `from`..`to`. */
export async function readSeries(db: Executor, granularity: Granularity, from: string, to: string, units?: readonly string[]): Promise<StatsRow[]> {
  const bucket: RawBuilder<unknown> = granularity === 'day' ? sql.raw('day') : sql.raw(`date_trunc('${granularity}', day)::date`);
  // the whole city from the channel rollup; some units' own figures from the unit rollup
  const rollup = units ? sql.raw('stats_unit_daily') : sql.raw('stats_channel_daily');
  const only = units ? sql`AND unit = ANY(${[...units]}::text[])` : sql``;
  const rows = await sql<Record<string, unknown>>`
    SELECT (${bucket})::text AS key, ${sql.raw(SUMS)} FROM (
      SELECT day, ${sql.raw(C)} FROM ${rollup} WHERE day BETWEEN ${from}::date AND ${to}::date ${only}
      UNION ALL
      SELECT day, ${sql.raw(C)} FROM stats_deltas WHERE day BETWEEN ${from}::date AND ${to}::date ${only}
    ) x GROUP BY 1 ORDER BY 1`.execute(db);
  return rows.rows.map((r) => ({ key: String(r.key), counters: toCounters(r) }));
}

/** The whole period's counters. */
export async function readTotals(db: Executor, from: string, to: string): Promise<Counters> {
  const rows = await readSeries(db, 'year', from, to);
  return rows.reduce((acc, r) => {
    for (const k of COUNTERS) acc[k] += r.counters[k];
    return acc;
  }, zeroCounters());
}
