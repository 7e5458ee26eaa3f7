/**
 * A PostgreSQL database of a benchmark's own on the server `DATABASE_URL` names: created, migrated,
 * handed to `run`, and dropped afterwards whatever happens.
 */
import pg from 'pg';
import { openPostgres, type DatabaseHandle } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';

export async function withBenchDatabase(prefix: string, poolSize: number, run: (h: DatabaseHandle) => Promise<void>): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.error('set DATABASE_URL to a PostgreSQL server (a database of its own is created there)');
    process.exit(2);
  }
  const name = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const h = await openPostgres(url.toString(), poolSize);
  try {
    await migrate(h);
    await run(h);
  } finally {
    await h.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
