/** Scheduling timers: one row each, deduplicated by key, fired exactly once by the timer worker. */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../cases/cases.repo';

export type TimerKind = 'process_callback' | 'look_back' | 'escalation' | 'promise_reminder' | 'evaluation_fallback' | 'order_due';

export async function scheduleTimer(
  db: Executor,
  t: { caseId: string; kind: TimerKind; dueAt: Date; dedupeKey: string; payload?: Record<string, unknown>; now: Date },
): Promise<void> {
  await db
    .insertInto('timers')
    .values({ id: randomUUID(), case_id: t.caseId, kind: t.kind, due_at: t.dueAt, dedupe_key: t.dedupeKey, payload: JSON.stringify(t.payload ?? {}), created_at: t.now })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

export async function notifyUnit(db: Executor, n: { unitId: string; caseId: string | null; kind: string; message: string; now: Date }): Promise<void> {
  await db.insertInto('notifications').values({ id: randomUUID(), unit_id: n.unitId, case_id: n.caseId, kind: n.kind, message: n.message, created_at: n.now }).execute();
}
