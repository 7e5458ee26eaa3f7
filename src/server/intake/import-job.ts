/**
 * A batch import runs in the background on the instance that received the file: parse (with
 * progress), then register row by row (idempotent by channel + external id, so importing the same
 * file twice creates nothing new). Progress and every bad row are kept in `import_jobs`.
 *
 * The running instance beats (`heartbeat_at`) every few seconds. An import whose instance stopped
 * beating for ABANDONED_AFTER_MS is marked failed by any instance (`failAbandonedImports`), so a
 * restart of one instance never fails an import another instance is still running.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';
import type { AppDeps } from '../app';
import type { AuthUser } from '../auth/auth.repo';
import { registerCase } from '../commands/register-case';
import { parseImportFile, type ImportRowError } from './import-file';
import { DomainError } from '../../core/errors';

const running = new Map<string, Promise<void>>();
const HEARTBEAT_MS = 10_000;
export const ABANDONED_AFTER_MS = 120_000;

/** Resolves when the import has finished (for tests and graceful shutdown). */
export function importFinished(id: string): Promise<void> {
  return running.get(id) ?? Promise.resolve();
}

export async function startImport(deps: AppDeps, user: AuthUser, filename: string, data: Buffer) {
  const db = deps.db.db;
  const id = randomUUID();
  const now = deps.clock();
  await db.insertInto('import_jobs').values({ id, filename, status: 'parsing', errors: JSON.stringify([]), created_by: user.userId, created_at: now, heartbeat_at: now }).execute();
  const beat = setInterval(() => void db.updateTable('import_jobs').set({ heartbeat_at: deps.clock() }).where('id', '=', id).execute().catch(() => undefined), HEARTBEAT_MS);
  beat.unref();
  const work = runImport(deps, user, id, filename, data).finally(() => {
    clearInterval(beat);
    running.delete(id);
  });
  running.set(id, work);
  return (await importJobView(db, id))!;
}

async function runImport(deps: AppDeps, user: AuthUser, id: string, filename: string, data: Buffer): Promise<void> {
  const db = deps.db.db;
  try {
    const parsed = await parseImportFile(data, filename, {
      now: deps.clock(),
      onProgress: (done, total) => void db.updateTable('import_jobs').set({ total, processed: 0 }).where('id', '=', id).execute().catch(() => undefined),
    });
    const errors: ImportRowError[] = [...parsed.errors];
    await db.updateTable('import_jobs').set({ status: 'importing', total: parsed.total, processed: parsed.errors.length ? new Set(parsed.errors.map((e) => e.row)).size : 0, errors: JSON.stringify(errors) }).where('id', '=', id).execute();
    let processed = new Set(parsed.errors.map((e) => e.row)).size;
    let created = 0;
    let duplicates = 0;
    for (const [i, r] of parsed.rows.entries()) {
      try {
        const res = await registerCase(db, user, r.input, deps.clock(), { intake: true, receivedAt: r.receivedAt ?? undefined, eventPayload: { import: { job: id, row: r.row } } });
        if (res.created) created++;
        else duplicates++;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors.push({ row: r.row, field: String(err.details?.field ?? ''), message: err.message, messageEn: err.messageEn });
      }
      processed++;
      if (i % 50 === 49) await db.updateTable('import_jobs').set({ processed, created, duplicates, errors: JSON.stringify(errors) }).where('id', '=', id).execute();
    }
    errors.sort((a, b) => a.row - b.row);
    await db.updateTable('import_jobs').set({ status: 'done', processed, created, duplicates, errors: JSON.stringify(errors), finished_at: deps.clock() }).where('id', '=', id).execute();
  } catch (err) {
    await db
      .updateTable('import_jobs')
      .set({ status: 'failed', failure: err instanceof Error ? err.message.slice(0, 1000) : String(err), finished_at: deps.clock() })
      .where('id', '=', id)
      .execute();
  }
}

/** Marks failed the imports whose instance stopped beating (it crashed or was stopped mid-import). */
export async function failAbandonedImports(db: Database, now: Date): Promise<number> {
  const res = await db
    .updateTable('import_jobs')
    .set({ status: 'failed', failure: '导入因服务重启而中断，请重新上传（已导入的行不会重复创建）。 / Interrupted by a restart; upload the file again (rows already imported are not created twice).', finished_at: now })
    .where('status', 'in', ['parsing', 'importing'])
    .where((eb) => eb(eb.fn.coalesce('heartbeat_at', 'created_at'), '<', new Date(now.getTime() - ABANDONED_AFTER_MS)))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function importJobView(db: Database, id: string) {
  const j = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!j) return null;
  return {
    id: j.id,
    filename: j.filename,
    status: j.status,
    total: j.total,
    processed: j.processed,
    created: j.created,
    duplicates: j.duplicates,
    progress: j.status === 'done' ? 1 : j.total > 0 ? Math.min(1, j.processed / j.total) : 0,
    errors: j.errors as ImportRowError[],
    failure: j.failure,
    createdAt: j.created_at,
    finishedAt: j.finished_at,
  };
}
