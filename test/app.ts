/**
 * Test harness: an app on a fresh database with a clock the test controls, a small world of units
 * and users of its own (factories), and a client that logs in and calls the API through inject.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { seedDefaultPolicy } from '../src/server/policy/policy';
import { createUnit, createUser } from '../src/server/org/org.repo';
import { hashPassword } from '../src/server/auth/auth.repo';
import type { DatabaseHandle } from '../src/server/db/database';
import type { Role, UnitType } from '../src/core/enums';
import { freshDatabase } from './db';

/** Monday 2 March 2026, 10:00 in Shanghai: an ordinary working day. */
export const MONDAY_10AM = new Date('2026-03-02T02:00:00Z');
export const PASSWORD = 'Test-Password-1';


export interface TestApp {
  app: FastifyInstance;
  db: DatabaseHandle;
  now(): Date;
  setNow(d: Date | string): void;
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function createTestApp(start: Date = MONDAY_10AM, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await freshDatabase();
  await seedDefaultPolicy(db.db, start);
  let now = start;
  const config = loadConfig({ SESSION_HOURS: '720', ...env }, []);
  const app = await buildApp({ db, config, clock: () => now });
  return {
    app,
    db,
    now: () => now,
    setNow: (d) => (now = new Date(d)),
    advance: (ms) => (now = new Date(now.getTime() + ms)),
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

let sharedHash: Promise<string> | undefined;

export interface World {
  suffix: string;
  units: Record<'gov' | 'centre' | 'district' | 'street1' | 'street2' | 'deptA' | 'deptB' | 'water', { id: string; code: string }>;
  /** username by key */
  users: Record<string, string>;
}

const UNIT_PLAN: [keyof World['units'], UnitType, string, keyof World['units'] | null][] = [
  ['gov', 'government', '测试市人民政府', null],
  ['centre', 'centre', '测试市12345热线中心', 'gov'],
  ['district', 'district', '东城区人民政府', 'gov'],
  ['street1', 'street', '东华街道', 'district'],
  ['street2', 'street', '西华街道', 'district'],
  ['deptA', 'department', '市城管执法局', 'gov'],
  ['deptB', 'department', '市住建局', 'gov'],
  ['water', 'enterprise', '市水务集团', 'gov'],
];

const USER_PLAN: [string, Role, keyof World['units']][] = [
  ['operator', 'operator', 'centre'],
  ['dispatcher', 'dispatcher', 'centre'],
  ['supervisor', 'supervisor', 'centre'],
  ['admin', 'admin', 'centre'],
  ['reporter', 'reporter', 'centre'],
  ['citizen', 'citizen', 'centre'],
  ['leader', 'leader', 'gov'],
  ['handlerA', 'unit_handler', 'deptA'],
  ['leaderA', 'unit_leader', 'deptA'],
  ['handlerB', 'unit_handler', 'deptB'],
  ['leaderB', 'unit_leader', 'deptB'],
  ['handlerS1', 'unit_handler', 'street1'],
  ['leaderS1', 'unit_leader', 'street1'],
  ['handlerS2', 'unit_handler', 'street2'],
  ['handlerD', 'unit_handler', 'district'],
  ['handlerW', 'unit_handler', 'water'],
];

/** A fresh organisation (its own codes and usernames), so tests never depend on each other. */
export async function makeWorld(t: TestApp): Promise<World> {
  const suffix = randomBytes(3).toString('hex');
  sharedHash ??= hashPassword(PASSWORD);
  const passwordHash = await sharedHash;
  const units = {} as World['units'];
  const users: Record<string, string> = {};
  await t.db.db.transaction().execute(async (trx) => {
    for (const [key, type, name, parent] of UNIT_PLAN) {
      const code = `${key.toLowerCase()}-${suffix}`;
      const u = await createUnit(trx, { code, name, type, parent: parent ? units[parent].code : null });
      units[key] = { id: u.id, code };
    }
    for (const [key, role, unit] of USER_PLAN) {
      const username = `${key}-${suffix}`;
      await createUser(trx, { username, displayName: key, password: PASSWORD, passwordHash, role, unit: units[unit].code });
      users[key] = username;
    }
  });
  return { suffix, units, users };
}

export interface Client {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

/** An API-token client acting as `username` (integrations: SMS gateway, CTI, other platforms). */
export async function tokenClient(t: TestApp, w: World, username: string): Promise<Client> {
  const admin = await login(t.app, w.users.admin!);
  const res = await admin.post('/api/tokens', { name: `${username} integration`, user: username });
  if (res.statusCode !== 201) throw new Error(`token: ${res.body}`);
  return clientWith(t.app, { authorization: `Bearer ${res.json().token}` });
}

export function clientWith(app: FastifyInstance, headers: Record<string, string>): Client {
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
    app.inject({ method, url, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, payload: body === undefined ? undefined : JSON.stringify(body) });
  return {
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body ?? {}),
    patch: (url, body) => send('PATCH', url, body ?? {}),
    put: (url, body) => send('PUT', url, body ?? {}),
    delete: (url) => send('DELETE', url),
  };
}

export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'hy_session');
  if (!cookie) throw new Error('no session cookie');
  return clientWith(app, { cookie: `hy_session=${cookie.value}` });
}

/** Logs every user of the world in. */
export async function loginAll(t: TestApp, w: World): Promise<Record<string, Client>> {
  const out: Record<string, Client> = {};
  for (const [key, username] of Object.entries(w.users)) out[key] = await login(t.app, username);
  return out;
}

export const sampleCase = (over: Record<string, unknown> = {}) => ({
  channel: 'phone',
  kind: 'complaint',
  title: '小区楼下烧烤店油烟噪音扰民',
  content: '东华街道幸福小区3栋楼下的烧烤店每天营业到凌晨两点，油烟直接排进楼道，噪音很大，老人孩子无法休息，希望尽快处理。',
  address: '东华街道幸福小区3栋',
  citizen: { name: '张伟', phone: '13800138000', idNumber: '11010519491231002X' },
  ...over,
});

/** What a reply to a named citizen must record (DOMAIN.md §7): when the unit contacted them (now) and what they said. */
export function contacted(t: TestApp) {
  return { contactedAt: t.now().toISOString(), citizenAttitude: '群众表示认可处理结果' };
}

/** A real 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Uploads a file as `username` (multipart, as the web app does). */
export async function uploadFile(t: TestApp, username: string, name: string, data: Buffer, type = 'image/png') {
  const boundary = '----huiyin' + randomBytes(6).toString('hex');
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  const cookie = `hy_session=${login.cookies.find((x) => x.name === 'hy_session')!.value}`;
  return t.app.inject({ method: 'POST', url: '/api/attachments', headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
}
