/**
 * Personal data (issue #9 §2): the access report per user, a citizen's data exported and erased
 * on request, and the retention job. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, loginAll, makeWorld, PNG, PASSWORD, sampleCase, uploadFile, type Client, type TestApp, type World } from '../app';
import { idCheckChar } from '../../src/core/citizen';
import { retentionIfDue } from '../../src/server/privacy/retention';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
});
afterAll(async () => t?.close());

/** A valid GB 11643 ID number from its first 17 digits. */
const idNo = (first17: string) => first17 + idCheckChar(first17);

async function register(over: Record<string, unknown>) {
  const res = await c.operator!.post('/api/cases', sampleCase(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function step(who: string, id: string, path: string, body: Record<string, unknown>) {
  const res = await c[who]!.post(`/api/cases/${id}/${path}`, body);
  expect(res.statusCode, `${who} ${path}: ${res.body}`).toBe(200);
  return res.json();
}

const answer = (k: { id: string; version: number }) => step('operator', k.id, 'answer', { version: k.version, answer: '已告知办理地点、所需材料和办理时限，群众表示清楚。' });
const archive = (k: { id: string; version: number }) => step('supervisor', k.id, 'archive', { version: k.version });
const detail = async (no: string) => (await c.admin!.get(`/api/cases/${no}`)).json();

/** Logs everyone in again: sessions last 30 days, and the retention tests move the clock years ahead. */
async function relogin() {
  c = await loginAll(t, w);
}

describe('access report per user', () => {
  const DAY = '2026-03-10';
  let op2: Client;
  let op3: Client;

  beforeAll(async () => {
    t.setNow(`${DAY}T02:00:00Z`); // 10:00 in Shanghai
    for (const name of ['op2', 'op3']) {
      const res = await c.admin!.post('/api/users', { username: `${name}-${w.suffix}`, displayName: name, password: PASSWORD, role: 'operator', unit: w.units.centre.code });
      expect(res.statusCode, res.body).toBe(201);
    }
    op2 = await login(t.app, `op2-${w.suffix}`);
    op3 = await login(t.app, `op3-${w.suffix}`);
    const cases = [];
    for (let i = 1; i <= 4; i++) cases.push(await register({ citizen: { name: `市民${i}`, phone: `1390000000${i}` } }));
    // the operator opens each case three times, the other two once or twice
    for (let round = 0; round < 3; round++) {
      for (const k of cases) expect((await c.operator!.get(`/api/cases/${k.id}`)).statusCode).toBe(200);
      t.advance(3600_000);
    }
    await op2.get(`/api/cases/${cases[0].id}`);
    await op3.get(`/api/cases/${cases[1].id}`);
    await op3.get(`/api/cases/${cases[1].id}`);
  });

  it('counts each user’s unmasked views, cases and citizens, with the first and last view, and flags one far above the role’s median', async () => {
    const res = await c.supervisor!.get(`/api/access-log/report?from=${DAY}&to=${DAY}`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().rows as { username: string; role: string; unit: string; views: number; cases: number; citizens: number; firstView: string; lastView: string; roleMedian: number; flagged: boolean }[];
    const by = (u: string) => rows.find((r) => r.username === u)!;
    expect(by(w.users.operator!)).toMatchObject({ role: 'operator', unit: '测试市12345热线中心', views: 12, cases: 4, citizens: 4, roleMedian: 2, flagged: true });
    expect(by(w.users.operator!).firstView).toBe('2026-03-10T02:00:00.000Z');
    expect(by(w.users.operator!).lastView).toBe('2026-03-10T04:00:00.000Z');
    expect(by(`op2-${w.suffix}`)).toMatchObject({ views: 1, cases: 1, citizens: 1, flagged: false });
    expect(by(`op3-${w.suffix}`)).toMatchObject({ views: 2, cases: 1, citizens: 1, flagged: false });
    expect(rows[0]!.username).toBe(w.users.operator); // most views first
    // another day has none of these views
    expect((await c.admin!.get('/api/access-log/report?from=2026-03-09&to=2026-03-09')).json().rows).toEqual([]);
  });

  it('filters to one user, judged against the whole role', async () => {
    const rows = (await c.admin!.get(`/api/access-log/report?from=${DAY}&to=${DAY}&user=op3-${w.suffix}`)).json().rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ username: `op3-${w.suffix}`, views: 2, roleMedian: 2, flagged: false });
  });

  it('downloads as CSV with Chinese headers', async () => {
    const res = await c.admin!.get(`/api/access-log/report?from=${DAY}&to=${DAY}&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('用户名,姓名,角色,单位,查看次数,涉及诉求数,涉及群众数,首次查看,最近查看,同角色中位数,异常');
    expect(lines[1]).toBe(`${w.users.operator},operator,话务员,测试市12345热线中心,12,4,4,2026-03-10 10:00,2026-03-10 12:00,2,是`);
  });

  it('is for admins and supervisors only, and refuses a backwards period', async () => {
    for (const who of ['operator', 'handlerA', 'leader']) expect((await c[who]!.get('/api/access-log/report')).statusCode, who).toBe(403);
    expect((await c.admin!.get('/api/access-log/report')).statusCode).toBe(200);
    const bad = await c.admin!.get('/api/access-log/report?from=2026-03-10&to=2026-03-01');
    expect(bad.statusCode).toBe(400);
  });
});

describe('export on request', () => {
  const PHONE_A = '13700001111';
  const ID_A = idNo('11010119800101123');
  const PHONE_B = '13700009999';
  let a1: { id: string; caseNo: string; version: number };
  let a2: { id: string; caseNo: string };
  let b1: { id: string; caseNo: string };

  beforeAll(async () => {
    t.setNow('2026-03-16T02:00:00Z');
    a1 = await register({ citizen: { name: '王芳', phone: PHONE_A, idNumber: ID_A } });
    a1 = await answer(a1);
    // the same citizen, known by the ID number on another number
    a2 = await register({ title: '咨询社保卡补办', citizen: { name: '王芳', phone: '13700002222', idNumber: ID_A } });
    b1 = await register({ title: '路灯不亮', citizen: { name: '赵强', phone: PHONE_B } });
    await c.operator!.get(`/api/cases/${a1.id}`); // a view the export reports
  });

  it('gives the admin everything held on the citizen, and nobody else’s', async () => {
    const res = await c.admin!.post('/api/privacy/exports', { phone: PHONE_A, idNumber: ID_A, reference: '依申请〔2026〕1号' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const x = res.json();
    expect(x.cases.map((k: { caseNo: string }) => k.caseNo)).toEqual([a1.caseNo, a2.caseNo]);
    const first = x.cases[0];
    expect(first.citizen).toEqual({ name: '王芳', phone: PHONE_A, idNumber: ID_A, address: null });
    expect(first.content).toContain('烧烤店');
    expect(first.state).toBe('closed');
    expect(first.finalReply).toContain('办理地点');
    expect(first.history.map((e: { action: string }) => e.action)).toEqual(['register', 'answer_on_spot']);
    expect(first.accessLog.some((l: { username: string; role: string }) => l.username === w.users.operator && l.role === 'operator')).toBe(true);
    expect(x.cases[1].citizen.phone).toBe('13700002222');
    expect(res.body).not.toContain(b1.caseNo);
    expect(res.body).not.toContain(PHONE_B);
    expect(res.body).not.toContain('赵强');
    // by the phone alone, only the case with that phone
    const byPhone = (await c.admin!.post('/api/privacy/exports', { phone: PHONE_A, reference: '依申请〔2026〕2号' })).json();
    expect(byPhone.cases.map((k: { caseNo: string }) => k.caseNo)).toEqual([a1.caseNo]);
  });

  it('is recorded in the audit, and as a view in the access log of each case', async () => {
    const audit = (await c.admin!.get('/api/privacy/audit?kind=export')).json();
    const rec = audit.find((r: { reference: string }) => r.reference === '依申请〔2026〕1号');
    expect(rec).toMatchObject({ kind: 'export', subject: `137****1111 / 110101********${ID_A.slice(-4)}`, caseNos: [a1.caseNo, a2.caseNo], cases: 2, actor: { username: w.users.admin } });
    const log = (await c.admin!.get(`/api/access-log?case=${a2.caseNo}`)).json();
    expect(log.some((l: { username: string; purpose: string }) => l.username === w.users.admin && l.purpose.includes('依申请〔2026〕1号'))).toBe(true);
  });

  it('is for admins only, and needs a valid phone or ID number and a reference', async () => {
    for (const who of ['supervisor', 'operator', 'handlerA']) expect((await c[who]!.post('/api/privacy/exports', { phone: PHONE_A, reference: 'x-1' })).statusCode, who).toBe(403);
    expect((await c.admin!.post('/api/privacy/exports', { reference: '依申请〔2026〕3号' })).statusCode).toBe(400);
    const wrongCheck = ID_A.slice(0, 17) + (ID_A[17] === '0' ? '1' : '0');
    expect((await c.admin!.post('/api/privacy/exports', { idNumber: wrongCheck, reference: '依申请〔2026〕3号' })).statusCode).toBe(400);
    expect((await c.admin!.post('/api/privacy/exports', { phone: PHONE_A })).statusCode).toBe(400);
  });
});

describe('erasure on request', () => {
  const PHONE = '13600003333';
  const ID = idNo('32010219750505222');
  const NAME = '李秀英';
  const REF = '删除申请〔2026〕7号';
  let c1: string; // by the mailbox, with a photo the citizen sent
  let c2: string; // the whole way through, with a unit's photo, archived
  let c3: string; // still open at first

  async function mailbox() {
    const cap = (await t.app.inject({ method: 'GET', url: '/api/public/captcha', remoteAddress: '10.9.9.9' })).json();
    const row = await t.db.db.selectFrom('captchas').select('answer_hash').where('id', '=', cap.id).executeTakeFirstOrThrow();
    let ans = '';
    for (let a = -20; a <= 30; a++) if (createHash('sha256').update(`${cap.id}:${a}`).digest('hex') === row.answer_hash) ans = String(a);
    const fields = { title: '楼道堆放杂物', content: `楼道里堆满杂物，存在消防隐患，我是${NAME}，联系电话${PHONE}。`, name: NAME, phone: PHONE, captchaId: cap.id, captchaAnswer: ans };
    const boundary = '----hyprivacy';
    const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="楼道.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${boundary}--\r\n`));
    const res = await t.app.inject({ method: 'POST', url: '/api/public/mailbox', payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, remoteAddress: '10.9.9.9' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().caseNo as string;
  }

  beforeAll(async () => {
    t.setNow('2026-03-18T02:00:00Z');
    c1 = await mailbox();
    await answer(await detail(c1));
    let k = await register({ title: `${NAME}反映小区油烟`, content: `${NAME}（身份证${ID}）反映楼下烧烤店油烟扰民，请回电${PHONE}。`, citizen: { name: NAME, phone: PHONE, idNumber: ID, address: '西华街道和平里5号楼' } });
    c2 = k.caseNo;
    k = await step('dispatcher', k.id, 'dispatch', { version: k.version, units: [w.units.deptA.code] });
    k = await step('handlerA', k.id, 'accept', { version: k.version });
    const photo = await uploadFile(t, w.users.handlerA!, '现场.png', PNG);
    expect(photo.statusCode, photo.body).toBe(201);
    k = await step('handlerA', k.id, 'reply', {
      version: k.version,
      content: `经现场核查，该烧烤店油烟净化设施未正常使用，已责令整改并复查到位，已电话告知${NAME}（${PHONE}）处理结果。`,
      attachmentIds: [photo.json().id],
      contactedAt: t.now().toISOString(),
      citizenAttitude: `${NAME}表示认可`,
    });
    k = await step('supervisor', k.id, 'approve', { version: k.version });
    k = await step('supervisor', k.id, 'callbacks', { version: k.version, type: 'result', reached: true, contacted: true, satisfaction: 'satisfied', resolved: true, comment: `${NAME}表示满意` });
    await archive(k);
    c3 = (await register({ title: '噪音扰民', citizen: { name: NAME, phone: PHONE } })).caseNo;
  });

  it('refuses while a case of the citizen is open, naming it', async () => {
    const res = await c.admin!.post('/api/privacy/erasures', { phone: PHONE, reference: REF });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('conflict');
    expect(res.json().error.message).toContain(c3);
    expect(res.json().error.details.openCases).toEqual([c3]);
    // nothing was touched
    expect((await detail(c2)).citizen.phone).toBe(PHONE);
  });

  it('is for admins only', async () => {
    for (const who of ['supervisor', 'operator', 'leader']) expect((await c[who]!.post('/api/privacy/erasures', { phone: PHONE, reference: REF })).statusCode, who).toBe(403);
  });

  it('anonymises every finished case, keeps the statistics, appends to the history, and a repeat changes nothing', async () => {
    await answer(await detail(c3));
    const statsQuery = '/api/stats?from=2026-03-01&to=2026-03-31';
    const before = { total: (await c.leader!.get(statsQuery)).json(), byUnit: (await c.leader!.get(`${statsQuery}&by=unit`)).json(), byChannel: (await c.leader!.get(`${statsQuery}&by=channel`)).json() };
    const c2Before = await detail(c2);
    expect(c2Before.attachments).toHaveLength(1);
    expect((await detail(c1)).attachments).toHaveLength(1);

    const res = await c.admin!.post('/api/privacy/erasures', { phone: PHONE, reference: REF });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out.erased.map((e: { caseNo: string }) => e.caseNo).sort()).toEqual([c1, c2, c3].sort());
    expect(out.erased.reduce((n: number, e: { attachmentsRemoved: number }) => n + e.attachmentsRemoved, 0)).toBe(1);

    const k = await detail(c2);
    expect(k.citizen).toEqual({ name: '（已匿名）', phone: null, idNumber: null, address: null, masked: false });
    const text = JSON.stringify({ title: k.title, content: k.content, finalReply: k.finalReply, replies: k.replies, callbacks: k.callbacks });
    for (const gone of [NAME, PHONE, ID, '和平里5号楼']) expect(text).not.toContain(gone);
    expect(k.content).toContain('烧烤店油烟扰民');
    // what the case was stays: state, unit, satisfaction, dates
    expect(k).toMatchObject({ state: 'archived', satisfaction: 'satisfied', leadUnit: { code: w.units.deptA.code }, closedAt: c2Before.closedAt, archivedAt: c2Before.archivedAt, kind: c2Before.kind, channel: c2Before.channel });
    // the unit's photo stays; the citizen's went
    expect(k.attachments).toHaveLength(1);
    expect((await detail(c1)).attachments).toHaveLength(0);
    // the history: the same events, then one anonymise event naming who and the request; the case
    // page shows the earlier payloads cleaned (the callback's comment named the citizen) …
    const shape = (es: { seq: number; action: string; at: string; actor: unknown }[]) => es.map((e) => [e.seq, e.action, e.at, e.actor]);
    expect(shape(k.events.slice(0, -1))).toEqual(shape(c2Before.events));
    expect(JSON.stringify(c2Before.events)).toContain(NAME);
    for (const gone of [NAME, PHONE, ID]) expect(JSON.stringify(k.events)).not.toContain(gone);
    expect(k.events.find((e: { action: string }) => e.action === 'callback').payload.comment).toBe('某某表示满意');
    // … while the stored history was not rewritten
    const stored = await t.db.db.selectFrom('case_events').select(['seq', 'payload']).where('case_id', '=', k.id).orderBy('seq').execute();
    expect(stored.slice(0, -1).map((e) => e.payload)).toEqual(c2Before.events.map((e: { payload: unknown }) => e.payload));
    expect(k.version).toBe(c2Before.version + 1);
    const last = k.events.at(-1);
    expect(last).toMatchObject({ seq: c2Before.version + 1, action: 'anonymise', actionLabel: '个人信息匿名化', fromState: 'archived', toState: 'archived', actor: { role: 'admin' } });
    expect(last.payload).toMatchObject({ trigger: 'erasure', reference: REF, note: `依申请删除个人信息（${REF}）` });
    expect(JSON.stringify(last.payload)).not.toContain(PHONE);
    // the receipt SMS the mailbox sent no longer names the number
    const sms = await t.db.db.selectFrom('outbox').select(['recipient', 'body']).where('recipient', '=', PHONE).execute();
    expect(sms).toEqual([]);

    const after = { total: (await c.leader!.get(statsQuery)).json(), byUnit: (await c.leader!.get(`${statsQuery}&by=unit`)).json(), byChannel: (await c.leader!.get(`${statsQuery}&by=channel`)).json() };
    expect(after).toEqual(before);

    // the citizen is no longer found; a repeat erases nothing and writes no second event
    t.advance(60_000);
    const again = await c.admin!.post('/api/privacy/erasures', { phone: PHONE, reference: REF });
    expect(again.statusCode).toBe(200);
    expect(again.json().erased).toEqual([]);
    expect((await detail(c2)).events.filter((e: { action: string }) => e.action === 'anonymise')).toHaveLength(1);
    expect((await c.admin!.post('/api/privacy/lookup', { phone: PHONE })).json().cases).toEqual([]);
    expect((await c.admin!.post('/api/privacy/exports', { idNumber: ID, reference: '核查' })).json().cases).toEqual([]);

    const audit = (await c.admin!.get('/api/privacy/audit?kind=erasure')).json();
    expect(audit.map((r: { cases: number }) => r.cases)).toEqual([0, 3]);
    expect(audit[1]).toMatchObject({ reference: REF, subject: '136****3333', actor: { username: w.users.admin } });
    expect(JSON.stringify(audit)).not.toContain(PHONE);
  });

  it('previews a citizen masked, showing which cases are still open', async () => {
    const p = (await c.admin!.post('/api/privacy/lookup', { phone: '13700009999' })).json();
    expect(p.cases).toHaveLength(1);
    expect(p.cases[0]).toMatchObject({ citizenName: '赵*', finished: false });
    expect(p.openCases).toEqual([p.cases[0].caseNo]);
    expect((await c.supervisor!.post('/api/privacy/lookup', { phone: '13700009999' })).statusCode).toBe(403);
  });
});

describe('retention', () => {
  const T0 = new Date('2026-03-20T02:00:00Z');
  const years = (n: number, days = 0) => new Date(Date.UTC(T0.getUTCFullYear() + n, T0.getUTCMonth(), T0.getUTCDate() + days, 2));
  let old: string; // archived at T0
  let recent: string; // archived two years later
  let closedOnly: string; // closed at T0, never archived

  beforeAll(async () => {
    t.setNow(T0);
    old = (await archive(await answer(await register({ citizen: { name: '孙丽', phone: '13500001001' } })))).caseNo;
    closedOnly = (await answer(await register({ citizen: { name: '周杰', phone: '13500001002' } }))).caseNo;
    t.setNow(years(2));
    await relogin();
    recent = (await archive(await answer(await register({ citizen: { name: '吴刚', phone: '13500001003' } })))).caseNo;
  });

  it('defaults to five years, and anonymises only cases archived more than that ago when run now', async () => {
    expect((await c.admin!.get('/api/policy-settings')).json().retentionYears).toBe(5);
    t.setNow(years(5, 1));
    await relogin();
    const status = (await c.admin!.get('/api/privacy/retention')).json();
    expect(status).toMatchObject({ years: 5, due: 1, lastRun: null });
    expect((await c.supervisor!.post('/api/privacy/retention/run')).statusCode).toBe(403);
    const run = await c.admin!.post('/api/privacy/retention/run');
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ years: 5, anonymised: 1, by: w.users.admin });
    const k = await detail(old);
    expect(k.citizen).toMatchObject({ name: '（已匿名）', phone: null });
    expect(k.events.at(-1)).toMatchObject({ action: 'anonymise', payload: { trigger: 'retention' } });
    expect((await detail(recent)).citizen.phone).toBe('13500001003');
    expect((await detail(closedOnly)).citizen.phone).toBe('13500001002');
    expect((await c.admin!.get('/api/privacy/retention')).json()).toMatchObject({ due: 0, lastRun: { anonymised: 1, by: w.users.admin } });
  });

  it('runs once a day from the timer loop, as the system', async () => {
    t.setNow(years(7, 1));
    await relogin();
    const first = await retentionIfDue(t.db.db, 5, t.now());
    expect(first?.anonymised).toBe(1);
    expect(await retentionIfDue(t.db.db, 5, t.now())).toBeNull(); // claimed for today
    const k = await detail(recent);
    expect(k.citizen.phone).toBeNull();
    expect(k.events.at(-1)).toMatchObject({ action: 'anonymise', actor: null, payload: { trigger: 'retention' } });
    expect((await detail(closedOnly)).citizen.phone).toBe('13500001002');
    t.advance(25 * 3600_000);
    expect((await retentionIfDue(t.db.db, 5, t.now()))?.anonymised).toBe(0);
    const runs = (await c.admin!.get('/api/privacy/audit?kind=retention')).json();
    expect(runs.map((r: { cases: number; actor: unknown }) => [r.cases, r.actor === null])).toEqual([
      [0, true],
      [1, true],
      [1, false],
    ]);
  });

  it('keeps everything for ever at 0 years', async () => {
    expect((await c.admin!.put('/api/policy-settings', { retentionYears: 0 })).statusCode).toBe(200);
    expect((await c.admin!.post('/api/privacy/retention/run')).statusCode).toBe(409);
    t.advance(3 * 86_400_000);
    expect(await retentionIfDue(t.db.db, 0, t.now())).toBeNull();
    expect((await c.admin!.put('/api/policy-settings', { retentionYears: 101 })).statusCode).toBe(400);
  });
});
