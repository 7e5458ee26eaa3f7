/**
 * What the operator sees beside the registration form: the caller's earlier cases, and open cases
 * that look like the same matter (same caller, or similar words within 30 days).
 */
import { sql } from 'kysely';
import type { Database } from '../db/database';
import { anyTokenQuery } from '../text/segment';
import { OPEN_STATES } from '../../core/case-lifecycle';
import { maskPhone } from '../../core/citizen';
import { normalizePhone } from '../../core/citizen';

export interface CaseSummary {
  id: string;
  caseNo: string;
  title: string;
  state: string;
  channel: string;
  createdAt: Date;
  address: string | null;
  phone: string | null;
  reason: 'same_caller' | 'similar_text';
  score: number | null;
}

const DAY = 86_400_000;

/** The caller's cases of the last 12 months, newest first. */
export async function callerHistory(db: Database, phone: string, now: Date, limit = 20): Promise<CaseSummary[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'case_no', 'title', 'state', 'channel', 'created_at', 'address', 'citizen_phone'])
    .where('citizen_phone', '=', normalizePhone(phone))
    .where('created_at', '>=', new Date(now.getTime() - 365 * DAY))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => summary(r, 'same_caller', null));
}

/**
 * Open cases of the same caller, and open cases of the last 30 days with similar words — near the
 * same place (the same street or township) when the place is known.
 */
export async function similarOpenCases(db: Database, q: { text?: string; phone?: string | null; excludeId?: string; now: Date; limit?: number; regionUnitId?: string | null }): Promise<CaseSummary[]> {
  const limit = q.limit ?? 10;
  const since = new Date(q.now.getTime() - 30 * DAY);
  const out: CaseSummary[] = [];
  if (q.phone) {
    const same = await db
      .selectFrom('cases')
      .select(['id', 'case_no', 'title', 'state', 'channel', 'created_at', 'address', 'citizen_phone'])
      .where('citizen_phone', '=', normalizePhone(q.phone))
      .where('state', 'in', [...OPEN_STATES])
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    out.push(...same.map((r) => summary(r, 'same_caller', null)));
  }
  const tsq = q.text ? anyTokenQuery(q.text) : null;
  if (tsq) {
    let textQuery = db
      .selectFrom('cases')
      .select(['id', 'case_no', 'title', 'state', 'channel', 'created_at', 'address', 'citizen_phone', sql<number>`ts_rank(search_tokens, ${tsq})`.as('score')])
      .where(sql<boolean>`search_tokens @@ ${tsq}`)
      .where('state', 'in', [...OPEN_STATES])
      .where('created_at', '>=', since);
    if (q.regionUnitId) textQuery = textQuery.where('region_unit_id', '=', q.regionUnitId);
    const rows = await textQuery.orderBy('score', 'desc').limit(limit * 2).execute();
    for (const r of rows) if (!out.some((o) => o.id === r.id)) out.push(summary(r, 'similar_text', Number(r.score)));
  }
  return out.filter((c) => c.id !== q.excludeId).slice(0, limit);
}

function summary(
  r: { id: string; case_no: string; title: string; state: string; channel: string; created_at: Date; address: string | null; citizen_phone: string | null },
  reason: CaseSummary['reason'],
  score: number | null,
): CaseSummary {
  return { id: r.id, caseNo: r.case_no, title: r.title, state: r.state, channel: r.channel, createdAt: r.created_at, address: r.address, phone: maskPhone(r.citizen_phone), reason, score };
}
