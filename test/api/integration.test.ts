/**
 * The integration API (issue #11 §2–4): token scopes; webhooks signed, filtered, retried and logged;
 * a case transferred between two running Huiyin instances over HTTP and its result sent back,
 * idempotent both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { contacted, createTestApp, loginAll, makeWorld, sampleCase, tokenClient, clientWith, type Client, type TestApp, type World } from '../app';
import { deliverOutbox, type OutboxDeps } from '../../src/server/outbox/outbox-worker';
import { LogSender } from '../../src/server/outbox/senders';
import { HttpPostSender, signWebhook } from '../../src/server/outbox/http-sender';

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const outboxOf = (t: TestApp): OutboxDeps => ({ db: t.db.db, senders: { sms: new LogSender('sms'), email: new LogSender('email'), http: new HttpPostSender(t.db.db, 5_000) }, clock: () => t.now() });

describe('token scopes', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await makeWorld(t);
  });
  afterAll(async () => t?.close());

  async function scoped(scopes: string[]) {
    const admin = (await loginAll(t, { ...w, users: { admin: w.users.admin! } })).admin!;
    const res = await ok(await admin.post('/api/tokens', { name: `scoped ${scopes.join(',')}`, user: w.users.operator, scopes }), 201);
    expect(res.scopes).toEqual(scopes);
    return clientWith(t.app, { authorization: `Bearer ${res.token}` });
  }

  it('a read token reads but cannot act; an intake token registers through intake only; the default may do all its user may', async () => {
    const read = await scoped(['read']);
    expect((await read.get('/api/cases')).statusCode).toBe(200);
    const refused = await read.post('/api/cases', sampleCase());
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details.scope).toBe('write');
    const intake = await scoped(['intake']);
    const msg = { channel: 'online', externalId: 'web-1', kind: 'complaint', title: '网上留言：路灯不亮', content: '小区门口的路灯坏了一个月。', anonymous: true };
    await ok(await intake.post('/api/intake/messages', msg), 201);
    expect((await intake.get('/api/cases')).statusCode).toBe(403);
    expect((await intake.post('/api/cases', sampleCase())).statusCode).toBe(403);
    const all = await tokenClient(t, w, w.users.operator!);
    expect((await all.post('/api/cases', sampleCase())).statusCode).toBe(201);
    expect((await all.post('/api/intake/messages', { ...msg, externalId: 'web-2' })).statusCode).toBe(201);
    // scopes never widen the role: an operator's token still may not approve a reply
    const bad = await (await scoped(['write'])).post('/api/tokens', { name: 'x', user: w.users.operator });
    expect(bad.statusCode).toBe(403);
  });
});

describe('webhooks', () => {
  let t: TestApp;
  let w: World;
  let c: Record<string, Client>;
  let receiver: Server;
  let url: string;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const answers: number[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    w = await makeWorld(t);
    c = await loginAll(t, w);
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = answers.shift() ?? 200;
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/huiyin`;
  });
  afterAll(async () => {
    receiver?.close();
    await t?.close();
  });

  it('delivers the subscribed events, signed, without personal data; retries a failure with backoff and logs each delivery', async () => {
    expect((await c.supervisor!.post('/api/webhooks', { name: 'x', url })).statusCode).toBe(403);
    const hook = await ok(await c.admin!.post('/api/webhooks', { name: '省平台', url, events: ['dispatch', 'reply'] }), 201);
    expect(hook.secret).toMatch(/^whsec_/);
    expect((await c.admin!.post('/api/webhooks', { name: 'bad', url: 'ftp://x', events: ['dispatch'] })).statusCode).toBe(400);
    expect((await c.admin!.post('/api/webhooks', { name: 'bad', url, events: ['no_such_event'] })).statusCode).toBe(400);

    const k = await ok(await c.operator!.post('/api/cases', sampleCase()), 201);
    await ok(await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: [w.units.deptA.code] }));
    answers.push(503);
    let r = await deliverOutbox(outboxOf(t));
    expect(r).toMatchObject({ sent: 0, retried: 1 });
    let log = await ok(await c.admin!.get(`/api/webhooks/${hook.id}/deliveries`));
    expect(log).toHaveLength(1); // the registration was not subscribed to
    expect(log[0]).toMatchObject({ event: 'dispatch', status: 'pending', attempts: 1, caseId: k.id });
    expect(log[0].lastError).toContain('503');
    t.advance(31_000);
    r = await deliverOutbox(outboxOf(t));
    expect(r.sent).toBe(1);
    log = await ok(await c.admin!.get(`/api/webhooks/${hook.id}/deliveries`));
    expect(log[0]).toMatchObject({ status: 'sent', attempts: 2 });

    const last = received.at(-1)!;
    expect(received).toHaveLength(2);
    expect(received[0]!.headers['x-huiyin-delivery']).toBe(last.headers['x-huiyin-delivery']); // the same delivery id on the retry
    expect(last.headers['x-huiyin-event']).toBe('dispatch');
    expect(last.headers['x-huiyin-signature']).toBe(signWebhook(hook.secret, String(last.headers['x-huiyin-timestamp']), last.body));
    const body = JSON.parse(last.body);
    expect(body).toMatchObject({ event: 'dispatch', case: { id: k.id, caseNo: k.caseNo, state: 'dispatched', leadUnit: w.units.deptA.code }, step: { fromState: 'registered', toState: 'dispatched', actorRole: 'dispatcher' } });
    expect(last.body).not.toContain('13800138000');
    expect(last.body).not.toContain('张伟');

    // a receiver that says the endpoint is gone: failed at once, not retried
    const x = await ok(await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: 2 }));
    await ok(await c.handlerA!.post(`/api/cases/${k.id}/reply`, { version: x.version, content: '经现场核查，已责令商户整改并安装油烟净化设施，复查已整改到位，已电话告知诉求人。', ...contacted(t) }));
    answers.push(410);
    r = await deliverOutbox(outboxOf(t));
    expect(r.failed).toBe(1);
    log = await ok(await c.admin!.get(`/api/webhooks/${hook.id}/deliveries`));
    expect(log[0]).toMatchObject({ event: 'reply', status: 'failed' });

    // paused: nothing more is offered
    expect((await c.admin!.patch(`/api/webhooks/${hook.id}`, { active: false })).statusCode).toBe(204);
    await ok(await c.supervisor!.post(`/api/cases/${k.id}/rework`, { version: x.version + 1, reason: '补充复查照片' }));
    expect(await ok(await c.admin!.get(`/api/webhooks/${hook.id}/deliveries`))).toHaveLength(2);
  });
});

describe('transfer between two running platforms', () => {
  let a: TestApp;
  let b: TestApp;
  let wa: World;
  let wb: World;
  let ca: Record<string, Client>;
  let cb: Record<string, Client>;

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp();
    wa = await makeWorld(a);
    wb = await makeWorld(b);
    ca = await loginAll(a, wa);
    cb = await loginAll(b, wb);
    const urlA = await a.app.listen({ port: 0, host: '127.0.0.1' });
    const urlB = await b.app.listen({ port: 0, host: '127.0.0.1' });
    // each side records the other, then issues a transfer token for the other's account
    const pb = await ok(await ca.admin!.post('/api/platforms', { code: 'pb', name: '乙市12345', baseUrl: urlB, token: 'pending-token' }), 201);
    const pa = await ok(await cb.admin!.post('/api/platforms', { code: 'pa', name: '甲市12345', baseUrl: urlA, token: 'pending-token' }), 201);
    const tokForB = await ok(await ca.admin!.post('/api/tokens', { name: '乙市回传', user: pb.username, scopes: ['transfer'] }), 201);
    const tokForA = await ok(await cb.admin!.post('/api/tokens', { name: '甲市转办', user: pa.username, scopes: ['transfer'] }), 201);
    expect((await ca.admin!.patch(`/api/platforms/${pb.id}`, { token: tokForA.token })).statusCode).toBe(204);
    expect((await cb.admin!.patch(`/api/platforms/${pa.id}`, { token: tokForB.token })).statusCode).toBe(204);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('sends a case to the other platform once, handles it there, and brings its result back once as the unit’s reply', async () => {
    const k = await ok(await ca.operator!.post('/api/cases', sampleCase({ title: '跨市通勤班车停运', content: '甲市到乙市的通勤班车突然停运，乙市运营企业不接电话。', address: '乙市客运站' })), 201);
    await ok(await ca.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: ['platform-pb'] }));
    const delivered = await deliverOutbox(outboxOf(a));
    const why = await a.db.db.selectFrom('outbox').select(['last_error', 'recipient']).where('purpose', '=', 'transfer').execute();
    expect(delivered, JSON.stringify(why)).toMatchObject({ sent: 1 });

    const onB = (await ok(await cb.supervisor!.get('/api/cases?limit=50'))).items.filter((x: { source: string }) => x.source === 'transfer:pa');
    expect(onB).toHaveLength(1);
    const bCase = await ok(await cb.supervisor!.get(`/api/cases/${onB[0].id}`));
    expect(bCase).toMatchObject({ title: '跨市通勤班车停运', state: 'registered', externalId: `transfer:pa:${k.id}`, address: '乙市客运站' });
    expect(bCase.citizen.name).toBe('张伟');

    // the same transfer arriving again (a retry after a lost answer) creates nothing new
    const sent = await a.db.db.selectFrom('outbox').selectAll().where('purpose', '=', 'transfer').executeTakeFirstOrThrow();
    const tokForA = (await a.db.db.selectFrom('platforms').select('token').where('code', '=', 'pb').executeTakeFirstOrThrow()).token;
    const again = await b.app.inject({ method: 'POST', url: '/api/transfers', headers: { authorization: `Bearer ${tokForA}`, 'content-type': 'application/json' }, payload: sent.body });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, caseId: bCase.id });
    // only the platform's own account may transfer in
    expect((await cb.operator!.post('/api/transfers', JSON.parse(sent.body))).statusCode).toBe(403);

    // B handles it and closes it
    let x = await ok(await cb.dispatcher!.post(`/api/cases/${bCase.id}/dispatch`, { version: bCase.version, units: [wb.units.deptA.code] }));
    x = await ok(await cb.handlerA!.post(`/api/cases/${bCase.id}/accept`, { version: x.version }));
    x = await ok(await cb.handlerA!.post(`/api/cases/${bCase.id}/reply`, { version: x.version, content: '经核查，班车因司机短缺停运，已责令企业于11月25日前恢复运营，并在客运站公告时刻表。', ...contacted(b) }));
    x = await ok(await cb.supervisor!.post(`/api/cases/${bCase.id}/approve`, { version: x.version }));
    x = await ok(await cb.operator!.post(`/api/cases/${bCase.id}/callbacks`, { version: x.version, type: 'result', reached: true, contacted: true, satisfaction: 'satisfied', resolved: true }));
    expect(x.state).toBe('closed');
    expect(await deliverOutbox(outboxOf(b))).toMatchObject({ sent: 1 });

    let back = await ok(await ca.supervisor!.get(`/api/cases/${k.id}`));
    expect(back.state).toBe('replied');
    expect(back.replies).toHaveLength(1);
    expect(back.replies[0].content).toContain('【乙市12345办理结果（');
    expect(back.replies[0].content).toContain('已责令企业于11月25日前恢复运营');
    expect(back.events.map((e: { action: string }) => e.action)).toEqual(['register', 'dispatch', 'accept', 'reply']);

    // the result arriving twice is recorded once
    const result = await b.db.db.selectFrom('outbox').selectAll().where('purpose', '=', 'transfer_result').executeTakeFirstOrThrow();
    const tokForB = (await b.db.db.selectFrom('platforms').select('token').where('code', '=', 'pa').executeTakeFirstOrThrow()).token;
    const dup = await a.app.inject({ method: 'POST', url: '/api/transfers/result', headers: { authorization: `Bearer ${tokForB}`, 'content-type': 'application/json' }, payload: result.body });
    expect(dup.json()).toMatchObject({ duplicate: true, state: 'replied' });
    back = await ok(await ca.supervisor!.get(`/api/cases/${k.id}`));
    expect(back.replies).toHaveLength(1);
    // and A's centre reviews it like any reply
    expect((await ca.supervisor!.post(`/api/cases/${k.id}/approve`, { version: back.version })).statusCode).toBe(200);
  });
});
