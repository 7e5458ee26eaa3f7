/**
 * `npm run backup [-- file]` and `npm run restore -- file`: the database the configuration names
 * (DATABASE_URL, else the PGlite folder DATA_DIR). Stop the server before backing up or restoring
 * PGlite; PostgreSQL can be backed up while it runs.
 */
import path from 'node:path';
import { loadConfig } from './config';
import { backupPGlite, backupPostgres, defaultBackupFile, restorePGlite, restorePostgres } from './backup';

const [command, file] = process.argv.slice(2);
const config = loadConfig(process.env, []);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const engine = config.databaseUrl ? 'postgres' : 'pglite';

if (command === 'backup') {
  const out = path.resolve(file ?? defaultBackupFile(process.cwd(), engine, stamp));
  if (config.databaseUrl) await backupPostgres(config.databaseUrl, out);
  else await backupPGlite(config.dataDir, out);
  console.log(`[huiyin] backup of the ${engine} database written to ${out}`);
} else if (command === 'restore') {
  if (!file) {
    console.error('usage: npm run restore -- <backup file>');
    process.exit(2);
  }
  if (config.databaseUrl) {
    await restorePostgres(path.resolve(file), config.databaseUrl);
    console.log(`[huiyin] ${file} restored into the PostgreSQL database`);
  } else {
    const kept = await restorePGlite(path.resolve(file), config.dataDir, stamp);
    console.log(`[huiyin] ${file} restored into ${config.dataDir}${kept ? ` (the previous data kept in ${kept})` : ''}`);
  }
} else {
  console.error('usage: tsx src/server/backup-cli.ts backup [file] | restore <file>');
  process.exit(2);
}
