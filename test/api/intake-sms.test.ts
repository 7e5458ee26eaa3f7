/** SMS intake (issue #4 §3): one SMS one case, idempotent by message id, long SMS joined, receipt sent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientWith, createTestApp, makeWorld, tokenClient, type Client, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;
let gateway: Client;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  gateway = await tokenClient(t, w, w.users.operator!);
});
afterAll(async () => t?.close());

const count = async (table: 'cases' | 'outbox' | 'inbound_messages') => Number((await t.db.db.selectFrom(table).select(t.db.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('one SMS, one case', () => {
  it('registers the SMS with what it says, answers the case number, and queues a receipt', async () => {
    const text = '市长您好，我是江北区滨江街道幸福小区3栋的住户王秀英，身份证号码11010519491231002X，小区物业今年擅自上涨物业费，多次反映无人处理，请领导关注。';
    const res = await gateway.post('/api/intake/sms', { messageId: 'gw-0001', from: '+86 139-0013-9000', text, receivedAt: t.now().toISOString() });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.status).toBe('registered');
    expect(body.caseNo).toMatch(/^20260302\d{6}$/);
    const op = await import('../app').then((m) => m.login(t.app, w.users.supervisor!));
    const k = (await op.get(`/api/cases/${body.caseId}`)).json();
    expect(k.channel).toBe('sms');
    expect(k.citizen.name).toBe('王秀英');
    expect(k.citizen.phone).toBe('13900139000');
    expect(k.citizen.idNumber).toBe('11010519491231002X');
    expect(k.content).toBe(text);
    expect(k.kind).toBe('complaint');
    expect(k.acknowledgedAt).toBeNull();
    const receipts = await t.db.db.selectFrom('outbox').selectAll().where('case_id', '=', body.caseId).execute();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.recipient).toBe('13900139000');
    expect(receipts[0]!.body).toContain(body.caseNo);
    expect(receipts[0]!.body).toContain(body.queryCode);
  });

  it('answers a retried message with the first result and never makes a second case', async () => {
    const sms = { messageId: 'gw-0002', from: '13700137000', text: '举报：文昌路菜市场门口每天早上占道经营，堵塞交通。' };
    const first = await gateway.post('/api/intake/sms', sms);
    const casesAfterFirst = await count('cases');
    const outboxAfterFirst = await count('outbox');
    const retries = await Promise.all([gateway.post('/api/intake/sms', sms), gateway.post('/api/intake/sms', sms)]);
    const third = await gateway.post('/api/intake/sms', sms);
    expect(first.statusCode).toBe(201);
    for (const r of [...retries, third]) {
      expect([200, 201]).toContain(r.statusCode);
      expect(r.json().caseId).toBe(first.json().caseId);
    }
    expect(third.statusCode).toBe(200);
    expect(await count('cases')).toBe(casesAfterFirst);
    expect(await count('outbox')).toBe(outboxAfterFirst);
  });

  it('joins the parts of a long SMS, in whatever order they come, into one case', async () => {
    const p1 = '姓名：李强 地址：江南区人民路88号 诉求：我家房产证办了两年还没下来，开发商说在等住建局审批，';
    const p2 = '住建局说材料不全，两边推诿，请求帮助尽快办理。';
    const second = await gateway.post('/api/intake/sms', { messageId: 'gw-0101', from: '13600136000', text: p2, concat: { ref: 'r7', part: 2, total: 2 } });
    expect(second.statusCode).toBe(202);
    expect(second.json()).toMatchObject({ status: 'waiting_for_parts', received: 1, total: 2 });
    const again = await gateway.post('/api/intake/sms', { messageId: 'gw-0101', from: '13600136000', text: p2, concat: { ref: 'r7', part: 2, total: 2 } });
    expect(again.statusCode).toBe(202);
    const first = await gateway.post('/api/intake/sms', { messageId: 'gw-0100', from: '13600136000', text: p1, concat: { ref: 'r7', part: 1, total: 2 } });
    expect(first.statusCode).toBe(201);
    const caseRow = await t.db.db.selectFrom('cases').selectAll().where('id', '=', first.json().caseId).executeTakeFirstOrThrow();
    expect(caseRow.content).toBe(p1 + p2);
    expect(caseRow.citizen_name).toBe('李强');
    expect(caseRow.address).toBe('江南区人民路88号');
    // a late retry of either part finds the case
    const late = await gateway.post('/api/intake/sms', { messageId: 'gw-0101', from: '13600136000', text: p2, concat: { ref: 'r7', part: 2, total: 2 } });
    expect(late.statusCode).toBe(200);
    expect(late.json().caseId).toBe(first.json().caseId);
  });
});

describe('a sender reusing the reference of a long SMS', () => {
  it('makes a new case of the new message', async () => {
    const send = (id: string, text: string, part: number) => gateway.post('/api/intake/sms', { messageId: id, from: '13566667777', text, concat: { ref: '1', part, total: 2 } });
    await send('reuse-1a', '第一条长短信的前半段，反映小区路灯不亮，', 1);
    const first = await send('reuse-1b', '已经一个月了，请尽快修复。', 2);
    expect(first.statusCode).toBe(201);
    await send('reuse-2a', '第二条长短信的前半段，反映楼下餐馆油烟扰民，', 1);
    const second = await send('reuse-2b', '晚上十点后还在营业。', 2);
    expect(second.statusCode).toBe(201);
    expect(second.json().caseId).not.toBe(first.json().caseId);
    const row = await t.db.db.selectFrom('cases').select('content').where('id', '=', second.json().caseId).executeTakeFirstOrThrow();
    expect(row.content).toBe('第二条长短信的前半段，反映楼下餐馆油烟扰民，晚上十点后还在营业。');
  });
});

describe('refusals', () => {
  it('rejects a malformed webhook with a 400 naming the field, and stores nothing', async () => {
    const before = { cases: await count('cases'), inbound: await count('inbound_messages'), outbox: await count('outbox') };
    for (const [body, field] of [
      [{ messageId: 'bad-1', from: 'not-a-phone', text: '路灯坏了' }, 'from'],
      [{ messageId: 'bad-2', text: '路灯坏了' }, 'from'],
      [{ messageId: 'bad-3', from: '13800138000', text: '' }, 'text'],
      [{ messageId: 'bad-4', from: '13800138000', text: '路灯坏了', concat: { ref: 'x', part: 3, total: 2 } }, 'concat.part'],
      [{ messageId: 'bad-5', from: '13800138000', text: '路灯坏了', colour: 'red' }, 'colour'],
      [{ messageId: 'bad-6', from: '95588', text: '路灯坏了' }, 'from'],
      [{ messageId: 'bad-7', from: '13800138000', text: '   ' }, 'text'],
    ] as const) {
      const res = await gateway.post('/api/intake/sms', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('validation.failed');
      expect(res.json().error.message).toContain(field);
    }
    expect({ cases: await count('cases'), inbound: await count('inbound_messages'), outbox: await count('outbox') }).toEqual(before);
  });

  it('needs a token or a session of the centre', async () => {
    expect((await clientWith(t.app, {}).post('/api/intake/sms', { messageId: 'x', from: '13800138000', text: '路灯坏了' })).statusCode).toBe(401);
    const unit = await tokenClient(t, w, w.users.handlerA!);
    expect((await unit.post('/api/intake/sms', { messageId: 'x', from: '13800138000', text: '路灯坏了' })).statusCode).toBe(403);
  });
});
