/**
 * Forward-only migrations: every `migrations/NNN_name.sql` not yet in `schema_migrations`
 * runs once, in order, each in its own transaction. Several instances starting at once on
 * one PostgreSQL take turns through an advisory lock.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema';
import type { DatabaseHandle } from './database';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 12345_0001;

export async function listMigrations(): Promise<{ version: string; file: string }[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  return files.map((f) => ({ version: f.replace(/\.sql$/, ''), file: path.join(MIGRATIONS_DIR, f) }));
}

export async function migrate(handle: DatabaseHandle): Promise<string[]> {
  const applied: string[] = [];
  const ddl = `CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`;
  const script = (m: { version: string }, body: string) => `BEGIN;\n${body}\n;INSERT INTO schema_migrations (version) VALUES ('${m.version}');\nCOMMIT;`;
  const pending = async (db: Kysely<DB>) => {
    const done = new Set((await db.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version));
    return (await listMigrations()).filter((m) => !done.has(m.version));
  };
  if (handle.engine === 'postgres') {
    // one session holds the lock and runs everything, so a pool of one cannot deadlock
    await handle.db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(${LOCK_KEY})`.execute(conn);
      try {
        await sql.raw(ddl).execute(conn);
        for (const m of await pending(conn)) {
          try {
            await sql.raw(script(m, await readFile(m.file, 'utf8'))).execute(conn);
          } catch (err) {
            await sql`ROLLBACK`.execute(conn).catch(() => undefined);
            throw err;
          }
          applied.push(m.version);
        }
      } finally {
        await sql`SELECT pg_advisory_unlock(${LOCK_KEY})`.execute(conn);
      }
    });
  } else {
    await handle.exec(ddl);
    for (const m of await pending(handle.db)) {
      await handle.exec(script(m, await readFile(m.file, 'utf8')));
      applied.push(m.version);
    }
  }
  return applied;
}
