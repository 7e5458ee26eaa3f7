/**
 * Users, sessions and API tokens. Passwords are argon2id; session cookies and API tokens are
 * random 256-bit secrets of which only the SHA-256 is stored.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Database } from '../db/database';
import type { Role } from '../../core/enums';
import { LOCKOUT_FAILURES, LOCKOUT_MINUTES } from '../../core/password';
import { DomainError } from '../../core/errors';

export interface AuthUser {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitName: string;
  unitCode: string;
  unitPath: string;
  atCentre: boolean;
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 defaults to argon2id
  return hash(password);
}

/** A hash of a random password, verified against on unknown usernames so timing does not reveal them. */
let dummyHash: Promise<string> | undefined;

/**
 * Checks a login. Unknown or inactive users take as long as known ones (timing reveals nothing).
 * Five failures in a row lock the account for fifteen minutes (issue #9 §3); a success resets the count.
 */
export async function verifyLogin(db: Database, username: string, password: string, now: Date): Promise<AuthUser | null> {
  const row = await db.selectFrom('users').select(['id', 'password_hash', 'active', 'failed_logins', 'locked_until']).where('username', '=', username).executeTakeFirst();
  if (!row || !row.active) {
    dummyHash ??= hash(randomBytes(16).toString('hex'));
    await verify(await dummyHash, password).catch(() => false);
    return null;
  }
  if (row.locked_until && row.locked_until.getTime() > now.getTime()) {
    const minutes = Math.ceil((row.locked_until.getTime() - now.getTime()) / 60_000);
    throw new DomainError('auth.locked', `连续登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`, `too many failed logins: the account is locked for ${minutes} more minute(s)`, { lockedUntil: row.locked_until.toISOString() });
  }
  const ok = await verify(row.password_hash, password).catch(() => false);
  if (!ok) {
    const failures = row.failed_logins + 1;
    const lock = failures >= LOCKOUT_FAILURES;
    await db
      .updateTable('users')
      .set({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : row.locked_until })
      .where('id', '=', row.id)
      .execute();
    return null;
  }
  if (row.failed_logins > 0 || row.locked_until) await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', row.id).execute();
  return loadAuthUser(db, row.id);
}

export async function loadAuthUser(db: Database, userId: string): Promise<AuthUser | null> {
  return authUserOf(await authUsers(db).where('users.id', '=', userId).executeTakeFirst());
}

function authUsers(db: Database) {
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select([
      'users.id as userId',
      'users.username',
      'users.display_name as displayName',
      'users.role',
      'users.active',
      'units.id as unitId',
      'units.name as unitName',
      'units.code as unitCode',
      'units.path as unitPath',
      'units.type as unitType',
    ]);
}

function authUserOf(row: Awaited<ReturnType<ReturnType<typeof authUsers>['executeTakeFirst']>>): AuthUser | null {
  if (!row || !row.active) return null;
  return {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    unitId: row.unitId,
    unitName: row.unitName,
    unitCode: row.unitCode,
    unitPath: row.unitPath,
    atCentre: row.unitType === 'centre',
  };
}

export async function createSession(db: Database, userId: string, now: Date, hours: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  await db.insertInto('sessions').values({ token_hash: sha256(token), user_id: userId, created_at: now, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

/** The user of a session cookie: one query on every request (the session, its user and unit). */
export async function userForSession(db: Database, token: string, now: Date): Promise<AuthUser | null> {
  const row = await authUsers(db)
    .innerJoin('sessions', 'sessions.user_id', 'users.id')
    .where('sessions.token_hash', '=', sha256(token))
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  return authUserOf(row);
}

export async function deleteSession(db: Database, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
}

export const API_TOKEN_PREFIX = 'hy_';

export async function createApiToken(
  db: Database,
  opts: { name: string; userId: string; createdBy: string; now: Date; scopes?: string[] },
): Promise<{ id: string; token: string; prefix: string; scopes: string[] }> {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = randomUUID();
  const scopes = opts.scopes?.length ? [...new Set(opts.scopes)] : ['*'];
  const prefix = token.slice(0, 10);
  await db
    .insertInto('api_tokens')
    .values({ id, name: opts.name, token_hash: sha256(token), prefix, user_id: opts.userId, created_by: opts.createdBy, created_at: opts.now, scopes: JSON.stringify(scopes) })
    .execute();
  return { id, token, prefix, scopes };
}

export async function userForApiToken(db: Database, token: string, now: Date): Promise<AuthUser | null> {
  return (await apiTokenCaller(db, token, now))?.user ?? null;
}

/** The user a token acts as, and the token's scopes (core/scopes.ts); null for an unknown or revoked token. */
export async function apiTokenCaller(db: Database, token: string, now: Date): Promise<{ user: AuthUser; scopes: string[] } | null> {
  const t = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'revoked_at', 'last_used_at', 'scopes'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!t || t.revoked_at) return null;
  // record use at most once a minute, so a busy integration does not write on every request
  if (!t.last_used_at || now.getTime() - t.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.id).execute();
  }
  const user = await loadAuthUser(db, t.user_id);
  return user ? { user, scopes: t.scopes } : null;
}
