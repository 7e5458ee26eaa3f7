/** A fresh database per test file, cloned from the migrated template (see global-setup.ts). */
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPGlite, openPostgres, type DatabaseHandle } from '../src/server/db/database';

export const ENGINE: 'pglite' | 'postgres' = inject('pgTemplate') ? 'postgres' : 'pglite';

export async function freshDatabase(): Promise<DatabaseHandle> {
  const template = inject('pgTemplate');
  const adminUrl = inject('pgAdminUrl');
  if (template && adminUrl) {
    const name = `huiyin_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    const handle = await openPostgres(u.toString(), 5);
    const close = handle.close;
    handle.close = async () => {
      await close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
    return handle;
  }
  const tar = await readFile(inject('pgliteTemplate'));
  return openPGlite(undefined, new Blob([tar]));
}
