/** Criticism entries (通报批评, DOMAIN.md §9): written by the steps that find a reason, or by a supervisor. */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../cases/cases.repo';
import { quarterOf, type CriticismReason } from '../../core/criticism';

export interface CriticismInput {
  unitId: string;
  caseId: string | null;
  reason: CriticismReason;
  detail: string;
  source: 'auto' | 'manual';
  createdBy: string | null;
  now: Date;
}

/** Records an entry; an automatic one is written once per case, reason and quarter. Returns its id, or null if it existed. */
export async function recordCriticism(db: Executor, c: CriticismInput): Promise<string | null> {
  const id = randomUUID();
  const values = { id, unit_id: c.unitId, case_id: c.caseId, reason: c.reason, detail: c.detail, source: c.source, quarter: quarterOf(c.now), created_by: c.createdBy, created_at: c.now };
  if (c.source === 'manual') {
    await db.insertInto('criticism_entries').values(values).execute();
    return id;
  }
  const existing = await db
    .selectFrom('criticism_entries')
    .select('id')
    .where('case_id', '=', c.caseId)
    .where('reason', '=', c.reason)
    .where('quarter', '=', values.quarter)
    .where('source', '=', 'auto')
    .executeTakeFirst();
  if (existing) return null;
  await db.insertInto('criticism_entries').values(values).execute();
  return id;
}
