/**
 * Every refusal a user can meet: illegal steps, stale versions, wrong roles, other units' cases,
 * bad input — each a clear `{ error: { code, message } }` with a 4xx, and nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientWith, contacted, createTestApp, loginAll, makeWorld, sampleCase, type Client, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
});
afterAll(async () => t?.close());

async function registered() {
  return (await c.operator!.post('/api/cases', sampleCase())).json();
}
async function dispatched() {
  const k = await registered();
  return (await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: [w.units.deptA.code] })).json();
}
async function eventCount(id: string) {
  const r = await t.db.db.selectFrom('case_events').select(t.db.db.fn.countAll<number>().as('n')).where('case_id', '=', id).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('illegal steps', () => {
  it('answers 409 case.illegal_transition naming the state and the action, and changes nothing', async () => {
    const k = await registered();
    const res = await c.supervisor!.post(`/api/cases/${k.id}/approve`, { version: 1 });
    expect(res.statusCode).toBe(409);
    const body = res.json();
    expect(body.error.code).toBe('case.illegal_transition');
    expect(body.error.details).toEqual({ state: 'registered', action: 'approve_reply' });
    expect(body.error.message).toContain('待派单');
    expect(await eventCount(k.id)).toBe(1);
  });

  it('speaks English when asked', async () => {
    const k = await registered();
    const res = await t.app.inject({ method: 'POST', url: `/api/cases/${k.id}/archive?lang=en`, headers: { ...(await cookieOf('supervisor')) , 'content-type': 'application/json' }, payload: { version: 1 } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('cannot archive a case in state registered');
  });

  it('refuses to dispatch to the centre itself or to an unknown unit', async () => {
    const k = await registered();
    const centre = await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: [w.units.centre.code] });
    expect(centre.statusCode).toBe(400);
    expect(centre.json().error.code).toBe('case.invalid_units');
    const unknown = await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: ['no-such-unit'] });
    expect(unknown.statusCode).toBe(400);
    expect(await eventCount(k.id)).toBe(1);
  });
});

describe('concurrent edits', () => {
  it('rejects a stale version with 409 case.stale_version and keeps the first write', async () => {
    const k = await dispatched();
    const first = await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: k.version });
    expect(first.statusCode).toBe(200);
    const second = await c.handlerA!.post(`/api/cases/${k.id}/return`, { version: k.version, reason: '不属于本单位' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('case.stale_version');
    expect(second.json().error.details.currentVersion).toBe(k.version + 1);
    const now = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
    expect(now.state).toBe('handling');
  });

  it('lets exactly one of two simultaneous steps on the same version win', async () => {
    const k = await dispatched();
    const [a, b] = await Promise.all([
      c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: k.version }),
      c.handlerA!.post(`/api/cases/${k.id}/return`, { version: k.version, reason: '不属于本单位' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const detail = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
    expect(detail.events).toHaveLength(3);
    expect(detail.events.at(-1).toState).toBe(detail.state);
  });
});

describe('roles and units', () => {
  it('answers 403 when the role may not take the step', async () => {
    const k = await registered();
    // those who can see the registered case are refused; a unit cannot even see it yet
    for (const [who, status, code] of [
      ['operator', 403, 'auth.forbidden'],
      ['supervisor', 403, 'auth.forbidden'],
      ['admin', 403, 'auth.forbidden'],
      ['leader', 403, 'auth.forbidden'],
      ['handlerA', 404, 'case.not_found'],
    ] as const) {
      const res = await c[who]!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: [w.units.deptA.code] });
      expect(res.statusCode, who).toBe(status);
      expect(res.json().error.code, who).toBe(code);
    }
    expect(await eventCount(k.id)).toBe(1);
  });

  it('hides another unit’s case: 404 on read and on every step', async () => {
    const k = await dispatched();
    for (const who of ['handlerB', 'leaderB', 'handlerS1', 'handlerW']) {
      expect((await c[who]!.get(`/api/cases/${k.id}`)).statusCode, who).toBe(404);
      expect((await c[who]!.get(`/api/cases/${k.caseNo}`)).statusCode, who).toBe(404);
      const res = await c[who]!.post(`/api/cases/${k.id}/accept`, { version: k.version });
      expect(res.statusCode, who).toBe(404);
      expect(res.json().error.code).toBe('case.not_found');
    }
  });

  it('lets a co-unit read but not act as the lead', async () => {
    const k0 = await registered();
    const k = (await c.dispatcher!.post(`/api/cases/${k0.id}/dispatch`, { version: 1, units: [w.units.deptA.code, w.units.deptB.code] })).json();
    expect((await c.handlerB!.get(`/api/cases/${k.id}`)).statusCode).toBe(200);
    const res = await c.handlerB!.post(`/api/cases/${k.id}/accept`, { version: k.version });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
  });

  it('only the lead unit’s principal signs off', async () => {
    const k0 = (await c.operator!.post('/api/cases', sampleCase({ channel: 'mailbox' }))).json();
    let k = (await c.dispatcher!.post(`/api/cases/${k0.id}/dispatch`, { version: 1, units: [w.units.deptA.code] })).json();
    k = (await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: k.version })).json();
    k = (await c.handlerA!.post(`/api/cases/${k.id}/reply`, { version: k.version, content: '已派员现场处理完毕并电话回复群众，破损井盖已于当日更换为防盗井盖，详见附件。', ...contacted(t) })).json();
    expect(k.state).toBe('pending_signoff');
    expect((await c.handlerA!.post(`/api/cases/${k.id}/sign-off`, { version: k.version })).statusCode).toBe(403);
    expect((await c.leaderB!.post(`/api/cases/${k.id}/sign-off`, { version: k.version })).statusCode).toBe(404);
    expect((await c.leaderA!.post(`/api/cases/${k.id}/sign-off`, { version: k.version })).statusCode).toBe(200);
  });
});

describe('input validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['missing title', { title: undefined }, 'title'],
    ['unknown channel', { channel: 'fax' }, 'channel'],
    ['unknown field', { colour: 'red' }, 'colour'],
    ['bad phone', { citizen: { name: '张伟', phone: '12345abc' } }, 'citizen.phone'],
    ['bad ID check digit', { citizen: { name: '张伟', phone: '13800138000', idNumber: '110105194912310021' } }, 'citizen.idNumber'],
    ['no contact for a named case', { citizen: {} }, 'citizen'],
    ['unknown category', { categoryCode: 'nope' }, 'categoryCode'],
    ['too long title', { title: '长'.repeat(201) }, 'title'],
  ];
  it.each(cases)('rejects %s with a 400 that names the field, and stores nothing', async (_name, over, field) => {
    const before = await t.db.db.selectFrom('cases').select(t.db.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await c.operator!.post('/api/cases', sampleCase(over));
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation.failed');
    expect(body.error.message).toContain(field);
    const after = await t.db.db.selectFrom('cases').select(t.db.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('rejects malformed JSON with a 400 in the error shape', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { ...(await cookieOf('operator')), 'content-type': 'application/json' }, payload: '{"title": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation.failed');
  });

  it('requires the version on every step', async () => {
    const k = await registered();
    const res = await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { units: [w.units.deptA.code] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('version');
  });
});

describe('authentication', () => {
  it('answers 401 without a session and for a wrong password', async () => {
    const anon = clientWith(t.app, {});
    const res = await anon.get('/api/cases');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.unauthenticated');
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: w.users.operator, password: 'wrong-password' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('auth.invalid_credentials');
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong-password' } });
    expect(unknown.json()).toEqual(bad.json());
  });

  it('sets an httpOnly cookie, and logout ends the session', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: w.users.operator, password: 'Test-Password-1' } });
    expect(res.headers['set-cookie']).toMatch(/HttpOnly/);
    const cookie = `hy_session=${res.cookies[0]!.value}`;
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('accepts an API token, stores only its hash, and refuses it once revoked', async () => {
    const created = await c.admin!.post('/api/tokens', { name: '短信网关', user: w.users.operator });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^hy_/);
    const rows = await t.db.db.selectFrom('api_tokens').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    const bearer = clientWith(t.app, { authorization: `Bearer ${token}` });
    const reg = await bearer.post('/api/cases', sampleCase({ channel: 'sms', externalId: 'gw-1' }));
    expect(reg.statusCode).toBe(201);
    expect((await c.operator!.post('/api/tokens', { name: 'x', user: w.users.operator })).statusCode).toBe(403);
    expect((await c.admin!.delete(`/api/tokens/${id}`)).statusCode).toBe(204);
    expect((await bearer.get('/api/cases')).statusCode).toBe(401);
  });

  it('makes registration idempotent by external id', async () => {
    const a = await c.operator!.post('/api/cases', sampleCase({ channel: 'online', externalId: 'web-42' }));
    const b = await c.operator!.post('/api/cases', sampleCase({ channel: 'online', externalId: 'web-42' }));
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(200);
    expect(b.json().id).toBe(a.json().id);
  });
});

async function cookieOf(key: string): Promise<Record<string, string>> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: w.users[key], password: 'Test-Password-1' } });
  return { cookie: `hy_session=${res.cookies[0]!.value}` };
}

describe('bilingual validation errors', () => {
  it('carries the refusal in Chinese and in English', async () => {
    const res = await c.operator!.post('/api/cases', sampleCase({ citizen: { name: '张伟', phone: '999' } }));
    expect(res.statusCode).toBe(400);
    const e = res.json().error;
    expect(e.details.field).toBe('citizen.phone');
    expect(e.details.zh).toBe('电话号码格式不正确（citizen.phone）');
    expect(e.details.en).toBe('citizen.phone: not a valid Chinese mobile or landline number');
    expect(e.message).toBe(e.details.zh);
  });
});
