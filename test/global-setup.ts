/**
 * Migrates once into a template, which every test file clones (STYLE.md §9):
 * PGlite — a dumped data directory; PostgreSQL (DATABASE_URL set) — a template database.
 */
import { mkdir, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPGlite, openPostgres } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string | null;
    pgAdminUrl: string | null;
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const dir = path.resolve('.tmp');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `template-${process.pid}.tar.gz`);
  const lite = await openPGlite(undefined);
  await migrate(lite);
  const dump = await lite.pglite!.dumpDataDir('gzip');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await lite.close();
  project.provide('pgliteTemplate', file);

  const url = process.env.DATABASE_URL;
  let template: string | null = null;
  if (url) {
    template = `huiyin_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const h = await openPostgres(withDatabase(url, template), 1);
    await migrate(h);
    await h.close();
  }
  project.provide('pgTemplate', template);
  project.provide('pgAdminUrl', url ?? null);

  return async () => {
    await rm(file, { force: true });
    if (url && template) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    }
  };
}
