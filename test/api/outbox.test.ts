/**
 * The outbox (issue #4 §5): every message is sent once, survives a restart, is retried with backoff,
 * and gives up on a permanent refusal. A real HTTP gateway on 127.0.0.1 stands in for the SMS provider.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeWorld, type TestApp, type World } from '../app';
import { deliverOutbox, backoffMs, MAX_ATTEMPTS, type OutboxDeps } from '../../src/server/outbox/outbox-worker';
import { enqueueMessage } from '../../src/server/outbox/outbox.repo';
import { HttpSmsSender, LogSender } from '../../src/server/outbox/senders';

let t: TestApp;
let w: World;
let server: http.Server;
let url: string;
const received: { id: string; to: string; text: string }[] = [];
let answer = 200;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (answer === 200) received.push(JSON.parse(body));
      res.writeHead(answer, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ msgId: `gw-${received.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/send`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t?.close();
});

function deps(): OutboxDeps {
  const sms = new HttpSmsSender({ url, idPath: 'msgId' });
  return { db: t.db.db, senders: { sms, email: new LogSender('email') }, clock: () => t.now() };
}
const statusOf = async (purpose: string) => (await t.db.db.selectFrom('outbox').selectAll().where('purpose', '=', purpose).executeTakeFirstOrThrow());

describe('delivery', () => {
  it('sends each message exactly once, also across a restart of the worker', async () => {
    await enqueueMessage(t.db.db, { channel: 'sms', to: '13800138000', body: '您的诉求已受理，编号20260302000001。', purpose: 'once', dedupeKey: 'once-1', now: t.now() });
    await enqueueMessage(t.db.db, { channel: 'sms', to: '13800138000', body: 'duplicate key, never enqueued twice', purpose: 'once', dedupeKey: 'once-1', now: t.now() });
    // the server stops before delivering; a new worker (a restarted process) picks it up
    const first = await deliverOutbox(deps());
    const second = await deliverOutbox(deps());
    expect(first.sent).toBe(1);
    expect(second.sent).toBe(0);
    expect(received.filter((r) => r.text.includes('20260302000001'))).toHaveLength(1);
    const row = await statusOf('once');
    expect(row.status).toBe('sent');
    expect(row.provider_id).toMatch(/^gw-/);
    expect(row.sender).toBe('http-sms');
    expect(received.at(-1)!.id).toBe(row.id); // the outbox id travels as the idempotency key
  });

  it('retries a transient failure with backoff, then sends', async () => {
    await enqueueMessage(t.db.db, { channel: 'sms', to: '13800138001', body: '延期通知', purpose: 'retry', now: t.now() });
    answer = 503;
    const r1 = await deliverOutbox(deps());
    expect(r1.retried).toBe(1);
    let row = await statusOf('retry');
    expect(row.status).toBe('pending');
    expect(row.next_attempt_at.getTime() - t.now().getTime()).toBe(backoffMs(1));
    answer = 200;
    expect((await deliverOutbox(deps())).sent).toBe(0); // not yet due
    t.advance(backoffMs(1));
    expect((await deliverOutbox(deps())).sent).toBe(1);
    row = await statusOf('retry');
    expect([row.status, row.attempts]).toEqual(['sent', 2]);
  });

  it('gives up at once on a permanent refusal, and after the last attempt on a transient one', async () => {
    await enqueueMessage(t.db.db, { channel: 'sms', to: '13800138002', body: '号码被拒', purpose: 'permanent', now: t.now() });
    answer = 400;
    expect((await deliverOutbox(deps())).failed).toBe(1);
    expect((await statusOf('permanent')).status).toBe('failed');
    answer = 500;
    await enqueueMessage(t.db.db, { channel: 'sms', to: '13800138003', body: '一直失败', purpose: 'exhausted', now: t.now() });
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverOutbox(deps());
      t.advance(3600_000);
    }
    const row = await statusOf('exhausted');
    expect([row.status, row.attempts]).toEqual(['failed', MAX_ATTEMPTS]);
    answer = 200;
    // an admin can send it again
    const admin = await login(t.app, w.users.admin!);
    expect((await admin.post(`/api/outbox/${row.id}/retry`, {})).statusCode).toBe(204);
    expect((await deliverOutbox(deps())).sent).toBe(1);
  });

  it('takes back a message whose sender died mid-send once its lease runs out', async () => {
    await enqueueMessage(t.db.db, { channel: 'sms', to: '13800138004', body: '租约', purpose: 'lease', now: t.now() });
    const row = await statusOf('lease');
    await t.db.db.updateTable('outbox').set({ status: 'sending', attempts: 1, lease_until: new Date(t.now().getTime() + 5 * 60_000) }).where('id', '=', row.id).execute();
    expect((await deliverOutbox(deps())).sent).toBe(0);
    t.advance(6 * 60_000);
    expect((await deliverOutbox(deps())).sent).toBe(1);
  });

  it('lets an admin read every message, as the log sender leaves them', async () => {
    await enqueueMessage(t.db.db, { channel: 'email', to: 'unit@example.gov.cn', subject: '督办通知', body: '请于3日内办结。', purpose: 'log', now: t.now() });
    await deliverOutbox(deps());
    const admin = await login(t.app, w.users.admin!);
    const list = (await admin.get('/api/outbox?channel=email')).json();
    expect(list[0]).toMatchObject({ recipient: 'unit@example.gov.cn', subject: '督办通知', status: 'sent', sender: 'log' });
    const op = await login(t.app, w.users.operator!);
    expect((await op.get('/api/outbox')).statusCode).toBe(403);
  });
});

describe('messages the lifecycle sends', () => {
  it('tells the citizen the new deadline and why when an extension is approved (S4 §2.1)', async () => {
    const op = await login(t.app, w.users.operator!);
    const disp = await login(t.app, w.users.dispatcher!);
    const unit = await login(t.app, w.users.handlerA!);
    const sup = await login(t.app, w.users.supervisor!);
    let k = (await op.post('/api/cases', { channel: 'phone', kind: 'help', title: '楼道漏水', content: '楼道天花板漏水严重，请尽快维修。', citizen: { name: '林峰', phone: '13600001111' } })).json();
    k = (await disp.post(`/api/cases/${k.id}/dispatch`, { version: k.version, units: [w.units.deptA.code] })).json();
    k = (await unit.post(`/api/cases/${k.id}/accept`, { version: k.version })).json();
    k = (await unit.post(`/api/cases/${k.id}/extension-requests`, { version: k.version, reason: '需协调产权单位共同维修', limit: '2wd' })).json();
    k = (await sup.post(`/api/cases/${k.id}/extension-decision`, { version: k.version, approve: true })).json();
    const msgs = await t.db.db.selectFrom('outbox').selectAll().where('case_id', '=', k.id).where('purpose', '=', 'extension_notice').execute();
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.recipient).toBe('13600001111');
    expect(msgs[0]!.body).toContain('需协调产权单位共同维修');
    expect(msgs[0]!.body).toContain('2026-03-11 18:00');
  });
});
