/**
 * The citizen portal's public API (DOMAIN.md §9, §11): monthly statistics by kind, published
 * replies and the directory, without login and without any citizen's personal data; and the
 * mailbox letter the portal sends, from CAPTCHA to tracking.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacted, createTestApp, loginAll, makeWorld, sampleCase, type Client, type TestApp, type World } from '../app';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { createUnit } from '../../src/server/org/org.repo';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

const NAME = '张伟';
const PHONE = '13800138000';
const ID_NO = '11010519491231002X';
const LETTER = { name: '赵敏', phone: '13500135000', idNumber: '110108198506150021' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Every case number and query code the test made: none may appear on the public pages. */
const issued: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
});
afterAll(async () => t?.close());

const pub = (url: string) => t.app.inject({ method: 'GET', url });

async function register(over: Record<string, unknown> = {}) {
  const res = await c.operator!.post('/api/cases', sampleCase(over));
  expect(res.statusCode, res.body).toBe(201);
  const k = res.json();
  issued.push(k.caseNo, k.queryCode);
  return k;
}

async function step(who: string, id: string, path: string, body: Record<string, unknown>) {
  const res = await c[who]!.post(`/api/cases/${id}/${path}`, body);
  expect(res.statusCode, `${who} ${path}: ${res.body}`).toBe(200);
  return res.json();
}

/** Dispatch, accept, reply and approve; returns the case awaiting its result callback (or closed, if anonymous). */
async function handle(id: string, reply: string) {
  let k = await step('dispatcher', id, 'dispatch', { version: 1, units: [w.units.deptA.code] });
  k = await step('handlerA', id, 'accept', { version: k.version });
  k = await step('handlerA', id, 'reply', { version: k.version, content: reply, ...contacted(t) });
  return step('supervisor', id, 'approve', { version: k.version });
}

const at = (iso: string) => t.setNow(iso);

describe('the public statistics, replies and directory', () => {
  beforeAll(async () => {
    // E: an anonymous tip-off received in September (Shanghai: 30 Sep 23:59), closed on approval in October
    at('2025-09-30T15:59:00Z');
    const e = await register({ kind: 'tip_off', anonymous: true, citizen: undefined, title: '举报某单位公车私用', content: '有公车周末停在景区停车场，车牌为临A12345，疑似公车私用，请核查。' });
    at('2025-10-10T02:00:00Z');
    await handle(e.id, '经纪检部门核实，已对相关人员立案调查，违规使用公车问题属实，已责令整改。');
    // F: praise received on 1 October 00:00 Shanghai, still open
    at('2025-09-30T16:00:00Z');
    await register({ kind: 'praise', title: '表扬东华街道工作人员', content: '东华街道工作人员耐心帮助老人办理医保业务，特此表扬。' });
    // A: a consultation received and answered on the spot in January
    at('2026-01-15T02:00:00Z');
    const a = await register({ kind: 'consultation', title: '咨询公积金提取需要哪些材料', content: '想咨询一下租房提取住房公积金需要准备哪些材料，在哪里办理？' });
    await step('operator', a.id, 'answer', { version: 1, answer: '租房提取需身份证、租赁合同备案证明，可在“公积金”APP线上办理。' });
    // B: a complaint received at 00:30 on 1 February Shanghai (still 31 January in UTC); the reply names the citizen
    at('2026-01-31T16:30:00Z');
    const b = await register({ title: `${NAME}反映幸福小区烧烤店油烟扰民` });
    at('2026-02-03T02:00:00Z');
    let k = await handle(b.id, `已于2月2日电话联系${NAME}（${PHONE}，身份证${ID_NO}），经现场核查，该烧烤店已安装油烟净化设施并限定营业至22:00，复查整改到位。`);
    await step('supervisor', b.id, 'callbacks', { version: k.version, type: 'result', reached: true, contacted: true, satisfaction: 'satisfied', resolved: true });
    // C: a complaint in February, dissatisfied and closed with an explanation
    at('2026-02-10T02:00:00Z');
    const cc = await register({ title: '西华街道农贸市场占道经营' });
    at('2026-02-12T02:00:00Z');
    k = await handle(cc.id, '城管执法队员已现场劝离占道商户，并由街道每日早晚两次巡查，市场管理方已划定临时摊位。');
    k = await step('supervisor', cc.id, 'callbacks', { version: k.version, type: 'result', reached: true, satisfaction: 'dissatisfied' });
    await step('supervisor', cc.id, 'close', { version: k.version, explanation: '承办单位已依法处理到位，诉求人要求取缔市场超出法定权限，已解释。' });
    // G: a confidential complaint closed in March, very satisfied; D: a help request still open
    at('2026-03-02T02:00:00Z');
    const g = await register({ confidential: true, title: '保密：反映某企业偷排废水' });
    await register({ kind: 'help', title: '独居老人家中水管爆裂求助', content: '家中水管爆裂，独居老人无法自行处理，请求帮助联系维修。' });
    at('2026-03-05T02:00:00Z');
    k = await handle(g.id, '环保部门已现场取样检测，企业排污超标属实，已责令停产整改并立案处罚。');
    await step('supervisor', g.id, 'callbacks', { version: k.version, type: 'result', reached: true, satisfaction: 'very_satisfied', resolved: true });
    at('2026-03-06T02:00:00Z');

    // the directory: city and district governments with phones, nothing else
    await t.db.db.updateTable('units').set({ phone: '0799-88100001' }).where('id', '=', w.units.gov.id).execute();
    await t.db.db.updateTable('units').set({ phone: '0799-82201001' }).where('id', '=', w.units.district.id).execute();
    await t.db.db.updateTable('units').set({ phone: '0799-88120301' }).where('id', 'in', [w.units.deptA.id, w.units.centre.id, w.units.street1.id]).execute();
    const closedDistrict = await createUnit(t.db.db, { code: `old-${w.suffix}`, name: '已撤销的旧区政府', type: 'district', parent: w.units.gov.code, phone: '0799-80000000' });
    await t.db.db.updateTable('units').set({ active: false }).where('id', '=', closedDistrict.id).execute();
    await createUnit(t.db.db, { code: `west-${w.suffix}`, name: '西城区人民政府', type: 'district', parent: w.units.gov.code });
  });

  it('counts received and closed cases by Shanghai month and kind, and the satisfaction rate of closed ones', async () => {
    const res = await pub('/api/public/stats?months=6');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.months).toEqual(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    expect(s.from).toBe('2025-09-30T16:00:00.000Z');
    expect(s.to).toBe('2026-03-31T16:00:00.000Z');
    expect(s.rows).toEqual([
      { month: '2025-10', kind: 'tip_off', received: 0, closed: 1 },
      { month: '2025-10', kind: 'praise', received: 1, closed: 0 },
      { month: '2026-01', kind: 'consultation', received: 1, closed: 1 },
      { month: '2026-02', kind: 'complaint', received: 2, closed: 2 },
      { month: '2026-03', kind: 'help', received: 1, closed: 0 },
      { month: '2026-03', kind: 'complaint', received: 1, closed: 1 },
    ]);
    expect(s.totals).toEqual({
      received: 6,
      closed: 5,
      byKind: [
        { kind: 'consultation', received: 1, closed: 1 },
        { kind: 'help', received: 1, closed: 0 },
        { kind: 'complaint', received: 3, closed: 3 },
        { kind: 'tip_off', received: 0, closed: 1 },
        { kind: 'praise', received: 1, closed: 0 },
      ],
    });
    // B satisfied, G very satisfied, C dissatisfied; A (on the spot) and E (anonymous) were never rated
    expect(s.satisfaction).toEqual({ rated: 3, satisfied: 2, rate: 2 / 3 });
    for (const secret of [NAME, PHONE, ID_NO, ...issued]) expect(res.body).not.toContain(secret);

    const march = (await pub('/api/public/stats?months=1')).json();
    expect(march.months).toEqual(['2026-03']);
    expect(march.rows).toEqual([
      { month: '2026-03', kind: 'help', received: 1, closed: 0 },
      { month: '2026-03', kind: 'complaint', received: 1, closed: 1 },
    ]);
    expect(march.satisfaction).toEqual({ rated: 1, satisfied: 1, rate: 1 });
    // six months by default; out of range is refused
    expect((await pub('/api/public/stats')).json().months).toHaveLength(6);
    expect((await pub('/api/public/stats?months=0')).statusCode).toBe(400);
    expect((await pub('/api/public/stats?months=25')).statusCode).toBe(400);
  });

  it('publishes recent replies without personal data, case numbers, confidential cases or tip-offs', async () => {
    const res = await pub('/api/public/replies?limit=10');
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json();
    // newest first: C (closed 12 Feb), B (3 Feb), A (15 Jan); not G (confidential) nor E (tip-off)
    expect(items.map((i: { title: string }) => i.title)).toEqual(['西华街道农贸市场占道经营', '**反映幸福小区烧烤店油烟扰民', '咨询公积金提取需要哪些材料']);
    expect(items[0]).toEqual({ title: '西华街道农贸市场占道经营', kind: 'complaint', leadUnit: '市城管执法局', closedOn: '2026-02-12', reply: '城管执法队员已现场劝离占道商户，并由街道每日早晚两次巡查，市场管理方已划定临时摊位。' });
    expect(items[1].reply).toBe('已于2月2日电话联系**（***********，身份证******************），经现场核查，该烧烤店已安装油烟净化设施并限定营业至22:00，复查整改到位。');
    expect(items[1].closedOn).toBe('2026-02-03');
    expect(items[2]).toEqual({ title: '咨询公积金提取需要哪些材料', kind: 'consultation', leadUnit: null, closedOn: '2026-01-15', reply: '租房提取需身份证、租赁合同备案证明，可在“公积金”APP线上办理。' });
    expect(Object.keys(items[0]).sort()).toEqual(['closedOn', 'kind', 'leadUnit', 'reply', 'title']);
    for (const secret of [NAME, PHONE, ID_NO, '偷排废水', '公车私用', ...issued]) expect(res.body).not.toContain(secret);

    const two = (await pub('/api/public/replies?limit=2')).json();
    expect(two.items).toHaveLength(2);
    expect((await pub('/api/public/replies?limit=51')).statusCode).toBe(400);
  });

  it('lists the hotline, mailbox, SMS and emergency numbers and the governments’ duty phones', async () => {
    const res = await pub('/api/public/directory');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      hotline: '12345',
      mailbox: '/portal/write',
      sms: '12345',
      emergency: [
        { name: '报警', phone: '110' },
        { name: '火警', phone: '119' },
        { name: '急救', phone: '120' },
        { name: '交通事故', phone: '122' },
      ],
      // the government first; no department, centre or street, no inactive unit, none without a phone
      leaderPhones: [
        { name: '测试市人民政府', phone: '0799-88100001' },
        { name: '东城区人民政府', phone: '0799-82201001' },
      ],
      services: [],
      leaderSchedule: [],
    });
  });

  it('takes the SMS number from SMS_NUMBER', async () => {
    const app = await buildApp({ db: t.db, config: loadConfig({ SMS_NUMBER: '106573912345' }, []), clock: t.now });
    try {
      expect((await app.inject({ method: 'GET', url: '/api/public/directory' })).json().sms).toBe('106573912345');
    } finally {
      await app.close();
    }
  });

  it('needs no login and says so in the OpenAPI document', async () => {
    const doc = (await pub('/openapi.json')).json();
    for (const p of ['/api/public/stats', '/api/public/replies', '/api/public/directory']) expect(doc.paths[p].get.tags).toEqual(['public']);
  });
});

/** Fetches a CAPTCHA and finds its answer the way only a test can: against the stored hash. */
async function captcha(): Promise<{ id: string; svg: string; answer: string }> {
  const res = await pub('/api/public/captcha');
  const { id, svg } = res.json();
  const row = await t.db.db.selectFrom('captchas').select('answer_hash').where('id', '=', id).executeTakeFirstOrThrow();
  for (let a = -20; a <= 30; a++) if (createHash('sha256').update(`${id}:${a}`).digest('hex') === row.answer_hash) return { id, svg, answer: String(a) };
  throw new Error('answer not found');
}

/** The body the portal's form sends: multipart fields and up to five photos. */
function multipart(fields: Record<string, string>, files: { name: string; data: Buffer }[] = []) {
  const boundary = '----portal' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="${f.name}"\r\nContent-Type: image/png\r\n\r\n`), f.data, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('a letter through the portal', () => {
  it('is refused with the field named, then accepted, tracked and counted', async () => {
    t.setNow('2026-03-06T02:00:00Z');
    const before = (await pub('/api/public/stats?months=1')).json().totals.received;
    const letter = {
      title: '建议在滨江公园增设电动自行车停放点',
      content: '滨江公园周边周末人很多，电动车只能停在人行道和盲道上，建议划定停放区并安装充电桩。',
      address: '江北区滨江公园南门',
      ...LETTER,
      anonymous: 'false',
      confidential: 'false',
    };
    const send = (fields: Record<string, string>, files: { name: string; data: Buffer }[] = []) => {
      const m = multipart(fields, files);
      return t.app.inject({ method: 'POST', url: '/api/public/mailbox', payload: m.payload, headers: m.headers, remoteAddress: '10.9.9.9' });
    };
    const cap = await captcha();
    expect(cap.svg).toMatch(/^<svg/);
    const wrong = await send({ ...letter, captchaId: cap.id, captchaAnswer: '99' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.field).toBe('captchaAnswer');
    expect(wrong.json().error.message).toContain('验证码');

    const good = await captcha();
    const res = await send({ ...letter, captchaId: good.id, captchaAnswer: good.answer }, [{ name: '现场.png', data: PNG }]);
    expect(res.statusCode, res.body).toBe(201);
    const { caseNo, queryCode } = res.json();
    expect(caseNo).toMatch(/^20260306\d{6}$/);
    issued.push(caseNo, queryCode);

    const track = await pub(`/api/public/cases/${caseNo}?code=${queryCode}`);
    expect(track.statusCode).toBe(200);
    expect(track.json()).toMatchObject({ caseNo, state: 'registered', channel: 'mailbox', kind: 'complaint', finalReply: null });
    expect(track.json().timeline.map((e: { step: string }) => e.step)).toEqual(['register']);
    for (const secret of Object.values(LETTER)) expect(track.body).not.toContain(secret);

    const after = await pub('/api/public/stats?months=1');
    expect(after.json().totals.received).toBe(before + 1);
    for (const secret of Object.values(LETTER)) expect(after.body).not.toContain(secret);
    const dir = await pub('/api/public/directory');
    const replies = await pub('/api/public/replies?limit=50');
    for (const body of [dir.body, replies.body]) for (const secret of [...Object.values(LETTER), NAME, PHONE, ID_NO, ...issued]) expect(body).not.toContain(secret);
  });
});
