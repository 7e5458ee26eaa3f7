/**
 * Opening the database the configuration names, migrating it, and the data every deployment needs
 * on its first start: the default time-limit policy and, without the demo, a first admin.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Config } from './config';
import { openDatabase, type DatabaseHandle } from './db/database';
import { migrate } from './db/migrate';
import { seedDefaultPolicy } from './policy/policy';
import { createUnit, createUser } from './org/org.repo';
import { rebuildStats } from './stats/stats.repo';

export async function openAndMigrate(config: Config): Promise<{ handle: DatabaseHandle; applied: string[] }> {
  if (!config.databaseUrl) await mkdir(config.dataDir, { recursive: true });
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(handle);
  return { handle, applied };
}

/** An empty database without the demo gets a centre and an `admin` user, so that someone can log in. */
export async function ensureFirstAdmin(handle: DatabaseHandle, config: Config): Promise<{ username: string; password: string; generated: boolean } | null> {
  const users = await handle.db.selectFrom('users').select('id').limit(1).execute();
  if (users.length > 0) return null;
  // a generated password meets the policy by construction: random letters and digits, then every kind once
  const password = config.adminPassword ?? `${randomBytes(12).toString('base64url')}-Hy7`;
  await handle.db.transaction().execute(async (trx) => {
    await createUnit(trx, { code: 'centre', name: '12345政务服务便民热线中心', type: 'centre' });
    await createUser(trx, { username: 'admin', displayName: '系统管理员', password, role: 'admin', unit: 'centre' });
  });
  return { username: 'admin', password, generated: !config.adminPassword };
}

export async function isEmpty(handle: DatabaseHandle): Promise<boolean> {
  const units = await handle.db.selectFrom('units').select('id').limit(1).execute();
  return units.length === 0;
}

export async function seedBase(handle: DatabaseHandle, config: Config, now: Date): Promise<void> {
  await seedDefaultPolicy(handle.db, now, config.closeOfBusiness);
  await ensureStatsBuilt(handle);
}

/**
 * The statistics rollups are kept up to date by every step; cases from before they existed
 * (migration 007) are counted once, on the first start that finds them unbuilt.
 */
export async function ensureStatsBuilt(handle: DatabaseHandle): Promise<boolean> {
  const claimed = await handle.db.insertInto('settings').values({ key: 'stats_built', value: JSON.stringify(true) }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
  if (!claimed.numInsertedOrUpdatedRows) return false;
  await rebuildStats(handle.db);
  return true;
}
