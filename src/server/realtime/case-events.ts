/**
 * Real-time case events (issue #10 §4): every change to a case writes a small notice, inside the
 * transaction that makes the change, to `case_notices`; the publisher (publisher.ts) sends the
 * committed notices on the PostgreSQL channel `huiyin_cases` with `pg_notify`, to every session
 * listening on the channel — on every instance that shares the database. A rolled-back change
 * leaves no notice.
 *
 * The notice carries no personal data and no text: who may see the case is decided again by each
 * listener from the database (hub.ts), never from the notice.
 */
import { sql } from 'kysely';
import type { Executor } from '../cases/cases.repo';
import type { CaseRow } from '../db/schema';
import { kickPublishers } from './publisher';

export const CASE_CHANNEL = 'huiyin_cases';

export interface CaseNotice {
  caseId: string;
  caseNo: string;
  state: string;
  version: number;
  /** The step or system event (dispatch, reply, overdue, corequester_added …). */
  action: string;
  leadUnitId: string | null;
  /** The active lead and co-handling units before the change, and the lead after it. */
  unitIds: string[];
  districtId: string | null;
  at: string;
}

export interface CaseChange {
  row: Pick<CaseRow, 'id' | 'case_no' | 'state' | 'version' | 'lead_unit_id' | 'district_id'>;
  action: string;
  at: Date;
  /** The units that held the case before the change (active lead and co units), when known. */
  unitIds?: readonly string[];
}

export function noticeOf(c: CaseChange): CaseNotice {
  const unitIds = new Set(c.unitIds ?? []);
  if (c.row.lead_unit_id) unitIds.add(c.row.lead_unit_id);
  return {
    caseId: c.row.id,
    caseNo: c.row.case_no,
    state: c.row.state,
    version: c.row.version,
    action: c.action,
    leadUnitId: c.row.lead_unit_id,
    unitIds: [...unitIds],
    districtId: c.row.district_id,
    at: c.at.toISOString(),
  };
}

/**
 * Publishes the changes with the caller's transaction: the notices are written to `case_notices`
 * (016), so they exist exactly when the change commits, and this instance's publisher is told to
 * send them (publisher.ts: NOTIFY in batches, outside the steps' transactions). One statement
 * however many cases changed (the overdue sweep marks hundreds at once).
 */
export async function publishCaseChanges(trx: Executor, changes: readonly CaseChange[]): Promise<void> {
  if (changes.length === 0) return;
  const payloads = changes.map((c) => JSON.stringify(noticeOf(c)));
  await sql`INSERT INTO case_notices (payload) SELECT unnest(${payloads}::text[])`.execute(trx);
  kickPublishers();
}

/** A notice as received; null for anything that is not one (another writer on the channel). */
export function parseNotice(payload: string): CaseNotice | null {
  try {
    const n = JSON.parse(payload) as Partial<CaseNotice>;
    if (typeof n.caseId !== 'string' || typeof n.caseNo !== 'string' || typeof n.version !== 'number') return null;
    return { caseId: n.caseId, caseNo: n.caseNo, state: String(n.state), version: n.version, action: String(n.action), leadUnitId: n.leadUnitId ?? null, unitIds: Array.isArray(n.unitIds) ? n.unitIds.map(String) : [], districtId: n.districtId ?? null, at: String(n.at) };
  } catch {
    return null;
  }
}
