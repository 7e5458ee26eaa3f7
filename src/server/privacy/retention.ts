/**
 * Retention (issue #9 §2): the citizens of cases archived more than `retentionYears` ago are
 * anonymised (anonymise.ts) by a daily job in the timer loop, or when an admin runs it now.
 * Batched: each transaction takes at most `batch` cases with FOR UPDATE SKIP LOCKED, so the job
 * never holds many rows for long and two instances never take the same case.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database';
import type { Executor } from '../cases/cases.repo';
import type { AuthUser } from '../auth/auth.repo';
import { anonymiseCases } from './anonymise';
import { recordAudit } from './citizen-data';

/** The settings rows of the last run's result, and of the daily run's claim by one instance. */
const LAST_RUN_KEY = 'privacy_retention_last_run';
const CLAIM_KEY = 'privacy_retention_claimed_at';
const DAY_MS = 24 * 3600_000;

/** Cases archived before this instant are due; null when the setting keeps them for ever. */
export function retentionCutoff(now: Date, years: number | null): Date | null {
  if (!years) return null;
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}

export interface RetentionRun {
  auditId: string;
  at: Date;
  years: number;
  cutoff: Date;
  anonymised: number;
  batches: number;
  /** Who ran it now; null: the daily job. */
  by: string | null;
}

/** Anonymises every case due, `batch` per transaction. */
export async function runRetention(db: Database, now: Date, years: number, by: AuthUser | null, batch = 100): Promise<RetentionRun> {
  const cutoff = retentionCutoff(now, years)!;
  const auditId = randomUUID();
  let anonymised = 0;
  let batches = 0;
  for (let n = batch; n === batch; ) {
    n = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('cases')
        .selectAll()
        .where('state', '=', 'archived')
        .where('anonymised_at', 'is', null)
        .where('archived_at', '<', cutoff)
        .orderBy('archived_at')
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      await anonymiseCases(trx, rows, { reason: 'retention', actor: by, reference: null, note: `归档已满 ${years} 年，个人信息保存期限届满`, auditId, now });
      return rows.length;
    });
    anonymised += n;
    if (n > 0) batches++;
  }
  await recordAudit(db, { id: auditId, kind: 'retention', reference: null, subject: null, caseNos: [], cases: anonymised, details: { years, cutoff: cutoff.toISOString(), batches }, actor: by, now });
  const run: RetentionRun = { auditId, at: now, years, cutoff, anonymised, batches, by: by?.username ?? null };
  await db
    .insertInto('settings')
    .values({ key: LAST_RUN_KEY, value: JSON.stringify(run) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(run) }))
    .execute();
  return run;
}

/**
 * The daily run: once a day across instances (the one that moves the last run's time forward
 * runs it), and not at all while the setting keeps cases for ever.
 */
export async function retentionIfDue(db: Database, years: number | null, now: Date): Promise<RetentionRun | null> {
  if (!years) return null;
  const claim = JSON.stringify({ at: now });
  const claimed = await sql<{ key: string }>`
    INSERT INTO settings (key, value) VALUES (${CLAIM_KEY}, ${claim}::jsonb)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
    WHERE (settings.value->>'at')::timestamptz <= ${new Date(now.getTime() - DAY_MS)}
    RETURNING key`.execute(db);
  if (claimed.rows.length === 0) return null;
  return runRetention(db, now, years, null);
}

export interface RetentionStatus {
  years: number | null;
  cutoff: Date | null;
  /** Archived cases that the next run would anonymise. */
  due: number;
  anonymisedTotal: number;
  lastRun: RetentionRun | null;
}

export async function retentionStatus(db: Executor, now: Date, years: number | null): Promise<RetentionStatus> {
  const cutoff = retentionCutoff(now, years);
  const due = cutoff
    ? Number(
        (
          await db
            .selectFrom('cases')
            .select(db.fn.countAll<number>().as('n'))
            .where('state', '=', 'archived')
            .where('anonymised_at', 'is', null)
            .where('archived_at', '<', cutoff)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;
  const total = Number((await db.selectFrom('cases').select(db.fn.countAll<number>().as('n')).where('anonymised_at', 'is not', null).executeTakeFirstOrThrow()).n);
  const row = await db.selectFrom('settings').select('value').where('key', '=', LAST_RUN_KEY).executeTakeFirst();
  return { years, cutoff, due, anonymisedTotal: total, lastRun: (row?.value as RetentionRun | undefined) ?? null };
}
