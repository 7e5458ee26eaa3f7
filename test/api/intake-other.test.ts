/** Other sources, the phone channel (CTI), batch import and the centre's response times (issue #4). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, loginAll, makeWorld, sampleCase, tokenClient, type Client, type TestApp, type World } from '../app';
import { failAbandonedImports, importFinished } from '../../src/server/intake/import-job';

let t: TestApp;
let w: World;
let c: Record<string, Client>;
let integration: Client;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  integration = await tokenClient(t, w, w.users.operator!);
});
afterAll(async () => t?.close());

const count = async () => Number((await t.db.db.selectFrom('cases').select(t.db.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('other sources', () => {
  const message = {
    channel: 'online',
    source: 'province',
    externalId: 'SZF-2026-000123',
    kind: 'complaint',
    title: '省长热线转办：小区电梯长期故障',
    content: '省长热线转来群众反映，幸福小区5栋电梯三个月内故障十余次，物业维修不及时，老人出行困难。',
    citizen: { name: '陈红', phone: '13812345678' },
  };

  it('registers a province transfer once, however often it is sent, and needs a sign-off', async () => {
    const first = await integration.post('/api/intake/messages', message);
    expect(first.statusCode, first.body).toBe(201);
    const again = await integration.post('/api/intake/messages', message);
    expect(again.statusCode).toBe(200);
    expect(again.json().caseId).toBe(first.json().caseId);
    const k = (await c.supervisor!.get(`/api/cases/${first.json().caseId}`)).json();
    expect(k.requiresSignOff).toBe(true);
    expect(k.channel).toBe('online');
    const receipts = await t.db.db.selectFrom('outbox').select('recipient').where('case_id', '=', k.id).execute();
    expect(receipts).toEqual([{ recipient: '13812345678' }]);
  });

  it('takes every other channel but refuses those with an intake of their own', async () => {
    for (const channel of ['leader_line', 'media', 'grassroots', 'liaison']) {
      const res = await integration.post('/api/intake/messages', { ...message, channel, source: undefined, externalId: `x-${channel}` });
      expect(res.statusCode, channel).toBe(201);
    }
    for (const channel of ['sms', 'phone', 'mailbox']) {
      const res = await integration.post('/api/intake/messages', { ...message, channel, externalId: `y-${channel}` });
      expect(res.statusCode, channel).toBe(400);
      expect(res.json().error.message).toContain('channel');
    }
  });

  it('names each bad field in Chinese and English, and stores nothing', async () => {
    const before = await count();
    const zh = await integration.post('/api/intake/messages', { ...message, externalId: 'bad-1', citizen: { name: '陈红', phone: '0799-12' } });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.message).toBe('电话号码格式不正确（citizen.phone）');
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/intake/messages',
      headers: { authorization: (await tokenHeader()).authorization, 'accept-language': 'en', 'content-type': 'application/json' },
      payload: JSON.stringify({ ...message, externalId: 'bad-2', citizen: { name: '陈红', idNumber: '11010519491231002Y' } }),
    });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toMatch(/citizen\.idNumber/);
    expect(await count()).toBe(before);
  });
});

let cachedToken: string | undefined;
async function tokenHeader() {
  if (!cachedToken) cachedToken = (await c.admin!.post('/api/tokens', { name: 'x', user: w.users.operator })).json().token;
  return { authorization: `Bearer ${cachedToken}` };
}

describe('a registration resent after its answer was lost', () => {
  it('with the same Idempotency-Key returns the first case; another user or another key registers anew', async () => {
    const session = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: w.users.operator!, password: 'Test-Password-1' } })).cookies.find((x) => x.name === 'hy_session')!.value;
    const send = (key: string, cookie = session) =>
      t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: `hy_session=${cookie}`, 'idempotency-key': key }, payload: sampleCase({ title: '重发的登记' }) });
    const first = await send('form-7f3a');
    expect(first.statusCode, first.body).toBe(201);
    const again = await send('form-7f3a');
    expect(again.statusCode).toBe(200);
    expect(again.headers['x-idempotent-replay']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().caseNo).toBe(first.json().caseNo);
    expect(first.json().externalId).toBeNull(); // the key is not shown as an outside reference
    const other = await send('form-8b21');
    expect(other.statusCode).toBe(201);
    expect(other.json().id).not.toBe(first.json().id);
    const dispatcher = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: w.users.dispatcher!, password: 'Test-Password-1' } })).cookies.find((x) => x.name === 'hy_session')!.value;
    const byAnother = await send('form-7f3a', dispatcher);
    expect(byAnother.statusCode).toBe(201);
    expect(byAnother.json().id).not.toBe(first.json().id);
    const rows = await t.db.db.selectFrom('cases').select('id').where('title', '=', '重发的登记').execute();
    expect(rows).toHaveLength(3);
  });
});

describe('the phone channel', () => {
  it('shows the operator the caller’s earlier cases and keeps the call on the case', async () => {
    const earlier = (await c.operator!.post('/api/cases', sampleCase({ citizen: { name: '周杰', phone: '13911112222' } }))).json();
    const call = await integration.post('/api/cti/calls', { callId: 'CALL-0001', caller: '139-1111-2222', recordingUrl: 'https://cti.example.gov.cn/rec/0001.wav' });
    expect(call.statusCode, call.body).toBe(201);
    const ctx = call.json();
    expect(ctx.call.caller).toBe('13911112222');
    expect(ctx.history.map((h: { id: string }) => h.id)).toContain(earlier.id);
    expect(ctx.similarOpen.map((h: { id: string }) => h.id)).toContain(earlier.id);
    expect(ctx.history[0].phone).toBe('139****2222');
    expect((await integration.post('/api/cti/calls', { callId: 'CALL-0001', caller: '13911112222' })).statusCode).toBe(200);
    const reg = await c.operator!.post('/api/cases', sampleCase({ callId: 'CALL-0001', citizen: { name: '周杰', phone: '13911112222' } }));
    expect(reg.statusCode, reg.body).toBe(201);
    expect(reg.json().callId).toBe('CALL-0001');
    expect(reg.json().recordingUrl).toBe('https://cti.example.gov.cn/rec/0001.wav');
    const panel = (await c.operator!.get('/api/cti/calls/CALL-0001')).json();
    expect(panel.call.caseId).toBe(reg.json().id);
    expect((await c.operator!.post('/api/cases', sampleCase({ callId: 'NO-SUCH-CALL' }))).statusCode).toBe(400);
    expect((await integration.post('/api/cti/calls', { callId: 'CALL-0002', caller: '123abc' })).statusCode).toBe(400);
  });

  it('finds similar open cases by their words', async () => {
    const noisy = (await c.operator!.post('/api/cases', sampleCase({ title: '工地夜间施工噪音扰民', content: '望湖街道的工地每天晚上十一点以后还在施工，噪音很大，严重影响休息。', citizen: { name: '吴磊', phone: '13722223333' } }))).json();
    const res = (await c.operator!.post('/api/cases/similar', { title: '晚上工地施工太吵', content: '附近工地夜间施工噪音大，睡不着觉' })).json();
    expect(res.map((r: { id: string }) => r.id)).toContain(noisy.id);
    const unrelated = (await c.operator!.post('/api/cases/similar', { title: '公积金提取咨询', content: '想问问公积金怎么提取' })).json();
    expect(unrelated.map((r: { id: string }) => r.id)).not.toContain(noisy.id);
  });
});

describe('batch import', () => {
  async function xlsx(rows: (string | number | Date)[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('诉求');
    ws.addRow(['渠道', '外部编号', '诉求类型', '标题', '内容', '姓名', '电话']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  async function upload(data: Buffer, filename: string) {
    const boundary = '----hy' + Math.random().toString(16).slice(2);
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.app.inject({ method: 'POST', url: '/api/imports', payload, headers: { ...(await tokenHeader()), 'content-type': `multipart/form-data; boundary=${boundary}` } });
  }

  it('imports the good rows, reports each bad one, and creates nothing twice', async () => {
    const file = await xlsx([
      ['网上留言', 'WX-1', '投诉', '小区垃圾清运不及时', '滨江小区垃圾桶满了三天没人清运，臭味很大。', '刘洋', '13812340001'],
      ['走基层', 'ZJC-1', '求助', '独居老人求助', '走访中发现独居老人家中水管漏水无人维修。', '孙丽', '13812340002'],
      ['网上留言', 'WX-2', '投诉', '违章搭建', '邻居在楼顶违章搭建彩钢房。', '钱坤', '12345'],
    ]);
    const res = await upload(file, '导入.xlsx');
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id;
    await importFinished(id);
    const job = (await integration.get(`/api/imports/${id}`)).json();
    expect(job.status).toBe('done');
    expect(job.progress).toBe(1);
    expect(job.total).toBe(3);
    expect(job.created).toBe(2);
    expect(job.errors).toHaveLength(1);
    expect(job.errors[0]).toMatchObject({ row: 4, field: 'phone' });
    const again = await upload(file, '导入.xlsx');
    await importFinished(again.json().id);
    const job2 = (await integration.get(`/api/imports/${again.json().id}`)).json();
    expect([job2.created, job2.duplicates]).toEqual([0, 2]);
  });

  it('fails a file that is not a spreadsheet with a clear reason', async () => {
    const res = await upload(Buffer.from('this is not excel'), 'x.xlsx');
    expect(res.statusCode).toBe(202);
    await importFinished(res.json().id);
    const job = (await integration.get(`/api/imports/${res.json().id}`)).json();
    expect(job.status).toBe('failed');
    expect(job.failure).toContain('Excel');
  });

  it('an import another instance is still running is not failed when some instance starts; one whose instance stopped beating is', async () => {
    const now = t.now();
    const job = (id: string, beat: Date) => ({ id, filename: 'x.xlsx', status: 'importing' as const, errors: JSON.stringify([]), created_at: new Date(now.getTime() - 3_600_000), heartbeat_at: beat });
    const alive = crypto.randomUUID();
    const dead = crypto.randomUUID();
    await t.db.db.insertInto('import_jobs').values([job(alive, new Date(now.getTime() - 20_000)), job(dead, new Date(now.getTime() - 5 * 60_000))]).execute();
    expect(await failAbandonedImports(t.db.db, now)).toBe(1);
    expect((await integration.get(`/api/imports/${alive}`)).json().status).toBe('importing');
    const failed = (await integration.get(`/api/imports/${dead}`)).json();
    expect(failed.status).toBe('failed');
    expect(failed.failure).toContain('服务重启');
    await t.db.db.deleteFrom('import_jobs').where('id', 'in', [alive, dead]).execute();
  });
});

describe('response times (GB/T 33358)', () => {
  it('measures from arrival to the centre’s first step, per channel', async () => {
    const t0 = new Date('2026-03-03T02:00:00Z');
    t.setNow(t0);
    const sms = async (id: string) => (await integration.post('/api/intake/sms', { messageId: id, from: '13800000001', text: `${id} 路灯不亮了，晚上走路很危险，请尽快修理。` })).json();
    const fast = await sms('rt-fast');
    const slow = await sms('rt-slow');
    await sms('rt-wait'); // never acknowledged: waiting past the target
    t.setNow(new Date(t0.getTime() + 2 * 60_000));
    await c.dispatcher!.post(`/api/cases/${fast.caseId}/dispatch`, { version: 1, units: [w.units.deptA.code] });
    t.setNow(new Date(t0.getTime() + 10 * 60_000));
    await c.dispatcher!.post(`/api/cases/${slow.caseId}/dispatch`, { version: 1, units: [w.units.deptA.code] });
    const fastCase = (await c.supervisor!.get(`/api/cases/${fast.caseId}`)).json();
    expect(fastCase.acknowledgedAt).toBe(new Date(t0.getTime() + 2 * 60_000).toISOString());
    expect(fastCase.responseWithinTarget).toBe(true);
    expect((await c.supervisor!.get(`/api/cases/${slow.caseId}`)).json().responseWithinTarget).toBe(false);
    const report = (await c.supervisor!.get(`/api/reports/response-times?from=${encodeURIComponent(t0.toISOString())}&to=${encodeURIComponent(new Date(t0.getTime() + 3600_000).toISOString())}`)).json();
    const row = report.channels.find((r: { channel: string }) => r.channel === 'sms');
    expect(row).toMatchObject({ targetSeconds: 180, received: 3, acknowledged: 2, withinTarget: 1, waitingPastTarget: 1 });
    expect(row.medianSeconds).toBe(360);
    expect((await c.handlerA!.get('/api/reports/response-times')).statusCode).toBe(403);
  });
});
