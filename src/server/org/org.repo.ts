/** The unit tree (with its materialised paths) and the users bound to its units. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../cases/cases.repo';
import { isUuid } from '../cases/cases.repo';
import { hashPassword } from '../auth/auth.repo';
import { DomainError } from '../../core/errors';
import type { Role, UnitType } from '../../core/enums';

export interface NewUnit {
  code: string;
  name: string;
  type: UnitType;
  parent?: string | null; // id or code
  phone?: string | null;
}

export async function findUnit(db: Executor, idOrCode: string) {
  return db.selectFrom('units').selectAll().where(isUuid(idOrCode) ? 'id' : 'code', '=', idOrCode).executeTakeFirst();
}

export async function createUnit(db: Executor, u: NewUnit) {
  const parent = u.parent ? await findUnit(db, u.parent) : null;
  if (u.parent && !parent) throw new DomainError('unit.not_found', `上级单位不存在：${u.parent}`, `no such parent unit: ${u.parent}`, { field: 'parent' });
  if (await findUnit(db, u.code)) throw new DomainError('conflict', `单位编码已存在：${u.code}`, `unit code already exists: ${u.code}`, { field: 'code' });
  const id = randomUUID();
  const row = { id, code: u.code, name: u.name, type: u.type, parent_id: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, phone: u.phone ?? null };
  await db.insertInto('units').values(row).execute();
  return row;
}

/** Moves a unit under another; every path below it follows. A unit cannot move under itself. */
export async function moveUnit(db: Executor, unitId: string, newParentRef: string) {
  const unit = await findUnit(db, unitId);
  const parent = await findUnit(db, newParentRef);
  if (!unit) throw new DomainError('unit.not_found', '单位不存在', 'no such unit');
  if (!parent) throw new DomainError('unit.not_found', `上级单位不存在：${newParentRef}`, `no such parent unit: ${newParentRef}`, { field: 'parent' });
  if (parent.path.startsWith(unit.path)) throw new DomainError('validation.failed', '不能把单位移到其下级单位之下', 'a unit cannot move below itself', { field: 'parent' });
  const newPath = `${parent.path}${unit.id}/`;
  await db
    .updateTable('units')
    .set({ path: sql`${newPath} || substr(path, ${unit.path.length + 1})` })
    .where('path', 'like', `${unit.path}%`)
    .execute();
  await db.updateTable('units').set({ parent_id: parent.id }).where('id', '=', unit.id).execute();
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unit: string; // id or code
  phone?: string | null;
  mobile?: string | null;
  email?: string | null;
  /** An argon2 hash to reuse (demo accounts share one password; hashing each would slow start-up). */
  passwordHash?: string;
}

export async function createUser(db: Executor, u: NewUser) {
  const unit = await findUnit(db, u.unit);
  if (!unit) throw new DomainError('unit.not_found', `单位不存在：${u.unit}`, `no such unit: ${u.unit}`, { field: 'unit' });
  const taken = await db.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
  if (taken) throw new DomainError('conflict', `用户名已存在：${u.username}`, `username already taken: ${u.username}`, { field: 'username' });
  const id = randomUUID();
  await db
    .insertInto('users')
    .values({ id, username: u.username, display_name: u.displayName, password_hash: u.passwordHash ?? (await hashPassword(u.password)), role: u.role, unit_id: unit.id, phone: u.phone ?? null, mobile: u.mobile ?? null, email: u.email ?? null })
    .execute();
  return { id, unitId: unit.id };
}
