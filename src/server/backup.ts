/**
 * Backup and restore (issue #9 §7) of either database:
 * - PGlite: the data folder as one gzipped tarball (`dumpDataDir`), restored into an empty folder
 *   (`loadDataDir`). Stop the server first: PGlite is one process's database.
 * - PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean --if-exists`
 *   into the database DATABASE_URL names (the client tools of PostgreSQL must be installed).
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => reject(new Error(`${cmd}: ${e.message} (are the PostgreSQL client tools installed?)`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${err.trim().slice(0, 2000)}`))));
  });
}

export async function backupPGlite(dataDir: string, file: string): Promise<void> {
  const db = await PGlite.create({ dataDir });
  try {
    const blob = await db.dumpDataDir('gzip');
    await writeFile(file, Buffer.from(await blob.arrayBuffer()));
  } finally {
    await db.close();
  }
}

/** Restores into `dataDir`; an existing non-empty folder is kept beside it as `<dataDir>.before-restore-<stamp>`. */
export async function restorePGlite(file: string, dataDir: string, stamp: string): Promise<string | null> {
  let kept: string | null = null;
  const existing = await readdir(dataDir).catch(() => [] as string[]);
  if (existing.length > 0) {
    kept = `${dataDir.replace(/\/+$/, '')}.before-restore-${stamp}`;
    await rename(dataDir, kept);
  }
  await mkdir(dataDir, { recursive: true });
  const data = await readFile(file);
  const db = await PGlite.create({ dataDir, loadDataDir: new Blob([data]) });
  await db.query('SELECT 1');
  await db.close();
  return kept;
}

export function backupPostgres(databaseUrl: string, file: string): Promise<void> {
  return run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${databaseUrl}`]);
}

export function restorePostgres(file: string, databaseUrl: string): Promise<void> {
  return run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${databaseUrl}`, file]);
}

export function defaultBackupFile(dir: string, engine: 'pglite' | 'postgres', stamp: string): string {
  return path.join(dir, `huiyin-${engine}-${stamp}.${engine === 'pglite' ? 'tar.gz' : 'dump'}`);
}
