/**
 * Forward-only migrations: every `migrations/NNN_name.sql` not yet in `schema_migrations`
 * runs once, in order, each in its own transaction. Several instances starting at once on
 * one PostgreSQL take turns through an advisory lock.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from './database';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 12345_0001;

export async function listMigrations(): Promise<{ version: string; file: string }[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  return files.map((f) => ({ version: f.replace(/\.sql$/, ''), file: path.join(MIGRATIONS_DIR, f) }));
}

export async function migrate(handle: DatabaseHandle): Promise<string[]> {
  const { db } = handle;
  await handle.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  const run = async () => {
    const done = new Set((await db.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version));
    for (const m of await listMigrations()) {
      if (done.has(m.version)) continue;
      const script = await readFile(m.file, 'utf8');
      await handle.exec(`BEGIN;\n${script}\n;INSERT INTO schema_migrations (version) VALUES ('${m.version}');\nCOMMIT;`);
      applied.push(m.version);
    }
  };
  if (handle.engine === 'postgres') {
    await db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(${LOCK_KEY})`.execute(conn);
      try {
        await run();
      } finally {
        await sql`SELECT pg_advisory_unlock(${LOCK_KEY})`.execute(conn);
      }
    });
  } else {
    await run();
  }
  return applied;
}
