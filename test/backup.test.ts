/**
 * `npm run backup` and `npm run restore` (issue #9 §7) as a round trip, through the CLI a person
 * runs: PGlite always; PostgreSQL (pg_dump / pg_restore) when the tests run against a server.
 */
import { afterAll, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import pg from 'pg';
import { openPGlite, openPostgres, type DatabaseHandle } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';
import { createUnit } from '../src/server/org/org.repo';
import { ENGINE } from './db';

const exec = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  exec(process.execPath, ['--import', 'tsx', 'src/server/backup-cli.ts', ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 120_000 });

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function content(h: DatabaseHandle) {
  const units = await h.db.selectFrom('units').select(['code', 'name']).orderBy('code').execute();
  const migrations = await h.db.selectFrom('schema_migrations').select('version').orderBy('version').execute();
  return { units, migrations: migrations.map((m) => m.version) };
}

it('backs up a PGlite data folder and restores it elsewhere, keeping what was there', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'huiyin-backup-'));
  dirs.push(root);
  const source = path.join(root, 'data');
  const h = await openPGlite(source);
  await migrate(h);
  await createUnit(h.db, { code: 'centre', name: '临江市12345热线中心', type: 'centre' });
  await createUnit(h.db, { code: 'dept-cg', name: '临江市城市管理综合行政执法局', type: 'department', parent: 'centre' });
  const before = await content(h);
  await h.close();

  const file = path.join(root, 'backup.tar.gz');
  const out = await cli(['backup', file], { DATA_DIR: source });
  expect(out.stdout).toContain(file);
  expect((await stat(file)).size).toBeGreaterThan(1000);

  const target = path.join(root, 'restored');
  await cli(['restore', file], { DATA_DIR: target });
  const r = await openPGlite(target);
  expect(await content(r)).toEqual(before);
  await r.close();

  // restoring over data keeps that data beside it
  const again = await cli(['restore', file], { DATA_DIR: target });
  expect(again.stdout).toContain('before-restore');
  expect((await readdir(root)).some((n) => n.startsWith('restored.before-restore-'))).toBe(true);
  const usage = (await cli(['restore'], { DATA_DIR: target }).then(
    () => null,
    (e: { code: number }) => e,
  )) as { code: number } | null;
  expect(usage?.code).toBe(2);
}, 120_000);

it.runIf(ENGINE === 'postgres')('backs up a PostgreSQL database with pg_dump and restores it into another', async () => {
  const adminUrl = inject('pgAdminUrl')!;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const names = [`huiyin_bk_a_${process.pid}`, `huiyin_bk_b_${process.pid}`];
  const urlOf = (n: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${n}`;
    return u.toString();
  };
  try {
    for (const n of names) await admin.query(`CREATE DATABASE ${n}`);
    const a = await openPostgres(urlOf(names[0]!), 2);
    await migrate(a);
    await createUnit(a.db, { code: 'centre', name: '临江市12345热线中心', type: 'centre' });
    const before = await content(a);
    await a.close();
    const root = await mkdtemp(path.join(os.tmpdir(), 'huiyin-pgbackup-'));
    dirs.push(root);
    const file = path.join(root, 'backup.dump');
    await cli(['backup', file], { DATABASE_URL: urlOf(names[0]!) });
    await cli(['restore', file], { DATABASE_URL: urlOf(names[1]!) });
    const b = await openPostgres(urlOf(names[1]!), 2);
    expect(await content(b)).toEqual(before);
    await b.close();
  } finally {
    for (const n of names) await admin.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
    await admin.end();
  }
}, 120_000);
