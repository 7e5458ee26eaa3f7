/**
 * Reading cases: loading one for a step, its units, and the filtered, cursor-paginated list —
 * always through `visibleTo`, the SQL form of core's `canView`.
 */
import { sql, type CompiledQuery, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../db/database';
import { findUnit } from '../org/org.repo';
import type { CaseRow, DB } from '../db/schema';
import type { Viewer } from '../../core/visibility';
import { OWN_CASES_ROLES, canView } from '../../core/visibility';
import { FINISHED_STATES } from '../../core/case-lifecycle';
import type { Role } from '../../core/enums';
import { DomainError } from '../../core/errors';
import { segment } from '../text/segment';

export type Executor = Database | Transaction<DB>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/**
 * Whether the viewer may see the case: core's `canView` over the active units' paths and the
 * registering unit's path (a case not yet dispatched belongs to the centre that registered it).
 */
export async function mayView(db: Executor, viewer: Viewer, row: Pick<CaseRow, 'registered_by' | 'registered_unit_id' | 'confidential'>, units: readonly CaseUnitRow[]): Promise<boolean> {
  const unitPaths = units.map((u) => u.path);
  if (row.registered_unit_id && !viewer.atCentre) {
    const reg = await db.selectFrom('units').select('path').where('id', '=', row.registered_unit_id).executeTakeFirst();
    if (reg) unitPaths.push(reg.path);
  }
  return canView(viewer, { registeredBy: row.registered_by, unitPaths, confidential: row.confidential });
}

/** SQL form of `canView` (src/core/visibility.ts), as `mayView` applies it. */
export function visibleTo(viewer: Viewer) {
  return (eb: ExpressionBuilder<DB, 'cases'>): Expression<SqlBool> => {
    if ((OWN_CASES_ROLES as readonly Role[]).includes(viewer.role)) return eb('cases.registered_by', '=', viewer.userId);
    if (viewer.atCentre) return sql<boolean>`true`;
    return eb.or([
      eb.exists(
        eb
          .selectFrom('case_units as vcu')
          .innerJoin('units as vu', 'vu.id', 'vcu.unit_id')
          .select(sql`1`.as('one'))
          .whereRef('vcu.case_id', '=', 'cases.id')
          // co-located on the region key: a distributed database joins case and units on one node (docs/scale-out.md)
          .whereRef('vcu.region_id', '=', 'cases.region_id')
          .where('vcu.active', '=', true)
          .where('vu.path', 'like', `${viewer.unitPath}%`),
      ),
      eb.exists(
        eb
          .selectFrom('units as ru')
          .select(sql`1`.as('one'))
          .whereRef('ru.id', '=', 'cases.registered_unit_id')
          .where('ru.path', 'like', `${viewer.unitPath}%`),
      ),
    ]);
  };
}

/** A case by id or case number, locked for the step's transaction. */
export async function loadCaseForUpdate(trx: Transaction<DB>, idOrNo: string): Promise<CaseRow> {
  const row = await trx
    .selectFrom('cases')
    .selectAll()
    .where(isUuid(idOrNo) ? 'id' : 'case_no', '=', idOrNo)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw caseNotFound();
  return row;
}

export function caseNotFound(): DomainError {
  return new DomainError('case.not_found', '诉求不存在或无权查看', 'case not found');
}

export interface CaseUnitRow {
  unitId: string;
  code: string;
  name: string;
  type: string;
  path: string;
  role: 'lead' | 'co';
  active: boolean;
  dispatchedAt: Date;
  acceptedAt: Date | null;
}

export async function loadCaseUnits(db: Executor, caseIds: string[], includeInactive = false): Promise<Map<string, CaseUnitRow[]>> {
  const out = new Map<string, CaseUnitRow[]>();
  if (caseIds.length === 0) return out;
  let q = db
    .selectFrom('case_units')
    .innerJoin('units', 'units.id', 'case_units.unit_id')
    .select([
      'case_units.case_id as caseId',
      'units.id as unitId',
      'units.code',
      'units.name',
      'units.type',
      'units.path',
      'case_units.role',
      'case_units.active',
      'case_units.dispatched_at as dispatchedAt',
      'case_units.accepted_at as acceptedAt',
    ])
    .where('case_units.case_id', 'in', caseIds)
    .orderBy('case_units.dispatched_at');
  if (!includeInactive) q = q.where('case_units.active', '=', true);
  for (const r of await q.execute()) {
    const { caseId, ...rest } = r;
    const list = out.get(caseId) ?? [];
    list.push(rest);
    out.set(caseId, list);
  }
  return out;
}

/** A unit by id or code to hand a case to; 400 when it does not exist or is inactive. */
export async function resolveUnit(db: Executor, idOrCode: string) {
  const unit = await findUnit(db, idOrCode);
  if (!unit || !unit.active) throw new DomainError('case.invalid_units', `承办单位不存在：${idOrCode}`, `no such unit: ${idOrCode}`, { unit: idOrCode });
  return unit;
}

export interface CaseFilters {
  state?: string[];
  unit?: string; // unit id: cases where it (or a unit below it) is lead or co-unit
  channel?: string[];
  kind?: string[];
  urgency?: string[];
  category?: string; // category code prefix
  overdue?: boolean;
  from?: Date;
  to?: Date;
  q?: string;
  phone?: string;
}

export interface Cursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.createdAt}|${c.id}`).toString('base64url');
}

export function decodeCursor(s: string): Cursor {
  const [createdAt, id] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !isUuid(id)) {
    throw new DomainError('validation.failed', '分页游标无效', 'invalid cursor', { field: 'cursor' });
  }
  return { createdAt, id };
}

const UNIT_CLOCK = ['dispatched', 'handling', 'pending_signoff'];
const FINISHED: readonly string[] = FINISHED_STATES;

/** Newest first; `cursor` continues after the last row of the previous page. */
export async function listCases(db: Database, viewer: Viewer, f: CaseFilters, now: Date, limit: number, cursor?: Cursor, opts: { textPlan?: TextPlan } = {}) {
  // only open cases asked for (a state filter without closed/archived, or the overdue ones)
  const openOnly = Boolean((f.state?.length && f.state.every((st) => !FINISHED.includes(st))) || f.overdue === true);
  // a unit's desk: only open cases asked for by someone who sees them through a unit
  const unitViewer = !(OWN_CASES_ROLES as readonly Role[]).includes(viewer.role) && !viewer.atCentre;
  const unitDesk = openOnly && f.overdue !== true && unitViewer;
  let q = db.selectFrom('cases').selectAll('cases');
  if (openOnly && f.overdue === true && unitViewer) {
    // the unit's overdue cases, among its open ones (by key: an array, so the planner drives from the unit)
    q = q.where(sql<boolean>`cases.id = ANY (ARRAY(SELECT x.id FROM (${openCasesOf(viewer)}) AS x))`);
  } else if (!unitDesk) q = q.where(visibleTo(viewer));
  if (f.state?.length) q = q.where('cases.state', 'in', f.state);
  if (f.channel?.length) q = q.where('cases.channel', 'in', f.channel);
  if (f.kind?.length) q = q.where('cases.kind', 'in', f.kind);
  if (f.urgency?.length) q = q.where('cases.urgency', 'in', f.urgency);
  if (f.category) {
    const c = f.category;
    q = q.where((eb) => eb.or([eb('cases.category_code', '=', c), eb('cases.category_code', 'like', `${c}.%`)]));
  }
  if (f.unit) {
    const unitId = f.unit;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_units as fcu')
          .innerJoin('units as fu', 'fu.id', 'fcu.unit_id')
          .innerJoin('units as fparent', (j) => j.on('fparent.id', '=', unitId))
          .select(sql`1`.as('one'))
          .whereRef('fcu.case_id', '=', 'cases.id')
          .where('fcu.active', '=', true)
          .where(sql<boolean>`fu.path LIKE fparent.path || '%'`),
      ),
    );
  }
  if (f.overdue !== undefined) {
    q = f.overdue
      ? q.where('cases.state', 'in', UNIT_CLOCK).where('cases.due_at', '<', now)
      : q.where((eb) => eb.or([eb('cases.state', 'not in', UNIT_CLOCK), eb('cases.due_at', 'is', null), eb('cases.due_at', '>=', now)]));
  }
  if (f.from) q = q.where('cases.created_at', '>=', f.from);
  if (f.to) q = q.where('cases.created_at', '<', f.to);
  if (f.phone) q = q.where('cases.citizen_phone', '=', f.phone);
  let textPlan: TextPlan | null = null;
  if (f.q) {
    const text = f.q;
    const words = [...new Set(segment(text))].map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter((w) => w.length >= 2).slice(0, 8);
    if (/^\d{14}$/.test(text)) q = q.where('cases.case_no', '=', text);
    else if (words.length > 0) {
      // the jieba words of the query, each as a prefix of a stored word (烧烤 finds 烧烤店), over the
      // GIN-indexed search_tokens: a LIKE '%…%' scan cannot serve tens of millions of cases (issue #10 §3)
      const tsq = words.map((w) => `${w}:*`).join(' & ');
      q = q.where(sql<boolean>`cases.search_tokens @@ to_tsquery('simple', ${tsq})`);
      textPlan = opts.textPlan ?? (await textPlanFor(db, tsq, now, f.category));
    } else {
      // a single character or only stopwords: no word to look up, so a plain substring search
      const like = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      q = q.where((eb) => eb.or([eb('cases.title', 'like', like), eb('cases.content', 'like', like), eb('cases.case_no', '=', text), eb('cases.address', 'like', like)]));
    }
  }
  if (cursor) {
    const at = new Date(cursor.createdAt);
    q = q.where((eb) => eb.or([eb('cases.created_at', '<', at), eb.and([eb('cases.created_at', '=', at), eb('cases.id', '<', cursor.id)])]));
  }
  // Newest first. Words that many cases contain are found by walking the cases newest first (the
  // created_at index) until enough match. Rarer words would make that walk long (with a filter
  // they seldom meet, all 10 million cases: BENCHMARKS.md, Queries), so their matches are read from
  // the GIN index within a window of time — the last 30 days, then the last year, then all — and
  // sorted ('windows'; the rarest are read all at once: 'sorted'); ordering by an expression the
  // created_at index cannot give keeps the planner on that path. A window that fills the page holds
  // the newest matches, so the answer is the same (test/search-plans.test.ts).
  const run = (qq: typeof q, byIndex: boolean) =>
    (byIndex ? qq.orderBy('cases.created_at', 'desc') : qq.orderBy(sql`cases.created_at + interval '0 seconds'`, 'desc')).orderBy('cases.id', 'desc').limit(limit + 1).execute();
  let rows: Awaited<ReturnType<typeof run>> | undefined;
  if (unitDesk) {
    // The desk's candidates, newest first, from the unit's open rows (openCaseIds); the filters
    // may drop some, so a short page asks for more until the unit has no more open cases.
    for (let n = Math.max(2 * (limit + 1), 100); !rows; n *= 4) {
      const ids = await openCaseIds(db, viewer, n, cursor);
      // a semi-join, so that each case is read by its key (an `= ANY` filter let the planner scan
      // every open case of the city instead)
      const found = ids.length ? await run(q.where(sql<boolean>`cases.id IN (SELECT unnest(${ids}::uuid[]))`), true) : [];
      if (found.length > limit || ids.length < n) rows = found;
    }
  } else if (textPlan === 'windows') {
    const anchor = cursor ? new Date(cursor.createdAt).getTime() : now.getTime();
    for (const days of [30, 365]) {
      const since = new Date(anchor - days * 86_400_000);
      if (f.from && f.from.getTime() >= since.getTime()) break; // the request's own range is narrower
      const found = await run(q.where('cases.created_at', '>=', since), false);
      if (found.length > limit) {
        rows = found;
        break;
      }
    }
  }
  if (!rows && textPlan === 'walk' && !opts.textPlan && hasFilters(f)) {
    // A filter the words seldom meet (the estimates take them as independent) would make the walk
    // long: it gets a quarter of a second, then the windows take over.
    rows = await walkBriefly(db, q.orderBy('cases.created_at', 'desc').orderBy('cases.id', 'desc').limit(limit + 1));
    if (!rows) return listCases(db, viewer, f, now, limit, cursor, { textPlan: 'windows' });
  }
  rows ??= await run(q, textPlan === null || textPlan === 'walk');
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.created_at.toISOString(), id: last.id }) : null;
  return { rows: page, nextCursor };
}

/**
 * The newest `n` open cases a unit viewer sees (after `cursor`), by the same rule as `visibleTo`
 * restricted to open cases: those an active row of the viewer's unit or a unit below it holds
 * (case_units_open_idx, sorted in the index: 017), and those such a unit registered itself. The
 * cost follows `n` and the units' open rows' index entries, never their history.
 */
async function openCaseIds(db: Database, viewer: Viewer, n: number, cursor?: Cursor): Promise<string[]> {
  const after = cursor ? sql`WHERE x.at < ${new Date(cursor.createdAt)} OR (x.at = ${new Date(cursor.createdAt)} AND x.id < ${cursor.id}::uuid)` : sql``;
  const r = await sql<{ id: string }>`SELECT x.id FROM (${openCasesOf(viewer)}) AS x ${after} ORDER BY x.at DESC, x.id DESC LIMIT ${n}`.execute(db);
  return r.rows.map((x) => x.id);
}

/** The open cases (id, at: registered) a unit viewer sees, as a query: `visibleTo` for open cases. */
function openCasesOf(viewer: Viewer): RawBuilder<{ id: string; at: Date }> {
  const prefix = `${viewer.unitPath}%`;
  return sql`
    SELECT vcu.case_id AS id, vcu.case_created_at AS at FROM case_units vcu
     WHERE vcu.unit_id = ANY (ARRAY(SELECT id FROM units WHERE path LIKE ${prefix})) AND vcu.active AND vcu.case_open
    UNION
    SELECT rc.id, rc.created_at FROM cases rc
     WHERE rc.registered_unit_id = ANY (ARRAY(SELECT id FROM units WHERE path LIKE ${prefix})) AND rc.state NOT IN ('closed', 'archived')`;
}

export type TextPlan = 'walk' | 'windows' | 'sorted';
const textPlans = new Map<string, { at: number; plan: TextPlan }>();

/**
 * How to find the newest cases holding the words (a tsquery) in the category, if one is asked for
 * (see listCases): 'walk' when at least one case in 200 does (a word the statistics do not know
 * gets a default share below that); 'sorted' (all matches from the GIN index, sorted) when at most
 * 500 do; else 'windows'. The counts
 * are the planner's estimates from the statistics of `search_tokens` (EXPLAIN: no row is read),
 * remembered ten minutes for the last 2,000 queries: how common a word is changes slowly. Only the
 * speed depends on it, never the answer.
 */
async function textPlanFor(db: Database, tsq: string, now: Date, category?: string): Promise<TextPlan> {
  const key = `${category ?? ''}|${tsq}`;
  const known = textPlans.get(key);
  if (known && now.getTime() - known.at < 600_000 && now.getTime() >= known.at) return known.plan;
  const estimate = async (where: RawBuilder<unknown>) => {
    const r = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) SELECT 1 FROM cases WHERE ${where}`.execute(db);
    const json = r.rows[0]?.['QUERY PLAN'];
    const plan = (typeof json === 'string' ? JSON.parse(json) : json) as [{ Plan: { 'Plan Rows': number } }];
    return plan[0].Plan['Plan Rows'];
  };
  const words = sql`search_tokens @@ to_tsquery('simple', ${tsq})`;
  const matches = await estimate(category ? sql`${words} AND (category_code = ${category} OR category_code LIKE ${`${category}.%`})` : words);
  const total = await estimate(sql`true`);
  const plan: TextPlan = matches <= 500 ? 'sorted' : matches * 200 >= total ? 'walk' : 'windows';
  if (textPlans.size >= 2_000) textPlans.delete(textPlans.keys().next().value!);
  textPlans.set(key, { at: now.getTime(), plan });
  return plan;
}

function hasFilters(f: CaseFilters): boolean {
  return Boolean(f.state?.length || f.channel?.length || f.kind?.length || f.urgency?.length || f.category || f.unit || f.overdue !== undefined || f.from || f.to || f.phone);
}

/**
 * Runs a walk with a time limit of 250 ms (SET LOCAL statement_timeout in its own transaction);
 * undefined when PostgreSQL cancelled it. (PGlite has no timer to cancel with: the walk runs out.)
 */
async function walkBriefly(db: Database, q: { compile(): CompiledQuery }): Promise<CaseRow[] | undefined> {
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL statement_timeout = 250`.execute(trx);
      return (await trx.executeQuery<CaseRow>(q.compile())).rows;
    });
  } catch (e) {
    if ((e as { code?: string }).code === '57014') return undefined; // query_canceled
    throw e;
  }
}
