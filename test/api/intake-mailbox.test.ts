/** 市长信箱 (issue #4 §2): the public form with CAPTCHA, per-IP limit and photos checked by content. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeWorld, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp(undefined, { MAILBOX_PER_HOUR: '6' });
  // (the test talks to the app directly: no proxy in front, X-Forwarded-For is not believed)
  w = await makeWorld(t);
});
afterAll(async () => t?.close());

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Fetches a CAPTCHA and finds its answer the way only a test can: against the stored hash. */
async function captcha(ip = '10.1.1.1'): Promise<{ id: string; answer: string }> {
  const res = await t.app.inject({ method: 'GET', url: '/api/public/captcha', remoteAddress: ip });
  expect(res.statusCode).toBe(200);
  const { id, svg } = res.json();
  expect(svg).toMatch(/^<svg/);
  const row = await t.db.db.selectFrom('captchas').select('answer_hash').where('id', '=', id).executeTakeFirstOrThrow();
  for (let a = -20; a <= 30; a++) {
    if (createHash('sha256').update(`${id}:${a}`).digest('hex') === row.answer_hash) return { id, answer: String(a) };
  }
  throw new Error('answer not found');
}

function multipart(fields: Record<string, string>, files: { name: string; data: Buffer; type?: string }[] = []) {
  const boundary = '----hy' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'image/png'}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const letter = {
  title: '建议在滨江公园增设电动自行车停放点',
  content: '滨江公园周边周末人很多，电动车只能停在人行道和盲道上，老人和推婴儿车的都走不过去，建议划定停放区并安装充电桩。',
  address: '江北区滨江公园南门',
  name: '赵敏',
  phone: '13500135000',
};

async function send(fields: Record<string, string>, files: { name: string; data: Buffer; type?: string }[] = [], ip = '10.1.1.1') {
  const m = multipart(fields, files);
  return t.app.inject({ method: 'POST', url: '/api/public/mailbox', payload: m.payload, headers: m.headers, remoteAddress: ip });
}

const cases = async () => Number((await t.db.db.selectFrom('cases').select(t.db.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('the mailbox form', () => {
  it('takes a letter with photos and answers the case number and query code, on screen and by SMS', async () => {
    const c = await captcha();
    const res = await send({ ...letter, captchaId: c.id, captchaAnswer: c.answer }, [
      { name: '现场1.png', data: PNG },
      { name: '现场2.png', data: PNG },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.caseNo).toMatch(/^\d{14}$/);
    expect(body.queryCode).toMatch(/^[23456789A-Z]{6}$/);
    expect(body.message).toContain(body.caseNo);
    expect(body.receiptSms).toBe(true);
    const row = await t.db.db.selectFrom('cases').selectAll().where('case_no', '=', body.caseNo).executeTakeFirstOrThrow();
    expect(row.channel).toBe('mailbox');
    expect(row.requires_signoff).toBe(true);
    expect(row.registered_by).toBeNull();
    expect(row.acknowledged_at).toBeNull();
    const photos = await t.db.db.selectFrom('attachments').select(['mime', 'filename']).where('case_id', '=', row.id).execute();
    expect(photos.map((p) => p.mime)).toEqual(['image/png', 'image/png']);
    const sms = await t.db.db.selectFrom('outbox').selectAll().where('case_id', '=', row.id).execute();
    expect(sms.map((m) => m.recipient)).toEqual(['13500135000']);
    // the centre sees it in its queue, with the photos
    const sup = await login(t.app, w.users.supervisor!);
    const detail = (await sup.get(`/api/cases/${row.id}`)).json();
    expect(detail.attachments).toHaveLength(2);
    // and the citizen can follow it
    const pub = await t.app.inject({ method: 'GET', url: `/api/public/cases/${body.caseNo}?code=${body.queryCode}` });
    expect(pub.statusCode).toBe(200);
  });

  it('accepts an anonymous letter as JSON without keeping any personal data', async () => {
    const c = await captcha('10.1.1.2');
    const res = await t.app.inject({ method: 'POST', url: '/api/public/mailbox', remoteAddress: '10.1.1.2', payload: { ...letter, anonymous: 'true', captchaId: c.id, captchaAnswer: c.answer } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().receiptSms).toBe(false);
    const row = await t.db.db.selectFrom('cases').selectAll().where('case_no', '=', res.json().caseNo).executeTakeFirstOrThrow();
    expect([row.anonymous, row.citizen_name, row.citizen_phone]).toEqual([true, null, null]);
  });

  it('refuses a wrong, reused or missing CAPTCHA, and stores nothing', async () => {
    const before = await cases();
    const c = await captcha('10.1.1.3');
    const wrong = await send({ ...letter, captchaId: c.id, captchaAnswer: '999' }, [], '10.1.1.3');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('captchaAnswer');
    // a wrong answer uses nothing up, but a right one works once only
    expect((await send({ ...letter, captchaId: c.id, captchaAnswer: c.answer }, [], '10.1.1.3')).statusCode).toBe(201);
    expect((await send({ ...letter, captchaId: c.id, captchaAnswer: c.answer }, [], '10.1.1.3')).statusCode).toBe(400);
    const missing = await send({ ...letter }, [], '10.1.1.3');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('captchaAnswer');
    expect(await cases()).toBe(before + 1);
  });

  it('judges photos by content and counts them', async () => {
    const before = await cases();
    let c = await captcha('10.1.1.4');
    const fake = await send({ ...letter, captchaId: c.id, captchaAnswer: c.answer }, [{ name: 'photo.jpg', data: Buffer.from('MZ this is an exe, not a jpeg'), type: 'image/jpeg' }], '10.1.1.4');
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.message).toContain('photos');
    c = await captcha('10.1.1.4');
    const six = await send({ ...letter, captchaId: c.id, captchaAnswer: c.answer }, Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, data: PNG })), '10.1.1.4');
    expect(six.statusCode).toBe(400);
    c = await captcha('10.1.1.4');
    const big = await send({ ...letter, captchaId: c.id, captchaAnswer: c.answer }, [{ name: 'big.png', data: Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]) }], '10.1.1.4');
    expect(big.statusCode).toBe(400);
    expect(await cases()).toBe(before);
  });

  it('checks the category before spending the CAPTCHA', async () => {
    const c = await captcha('10.1.1.6');
    const res = await send({ ...letter, categoryCode: 'no-such', captchaId: c.id, captchaAnswer: c.answer }, [], '10.1.1.6');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('categoryCode');
    expect((await send({ ...letter, captchaId: c.id, captchaAnswer: c.answer }, [], '10.1.1.6')).statusCode).toBe(201);
  });

  it('validates the fields like every other channel', async () => {
    const c = await captcha('10.1.1.5');
    const res = await send({ ...letter, idNumber: '110105194912310021', captchaId: c.id, captchaAnswer: c.answer }, [], '10.1.1.5');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('citizen.idNumber');
    // the CAPTCHA is not spent by a letter with a bad field
    const en = await t.app.inject({ method: 'POST', url: '/api/public/mailbox?lang=en', remoteAddress: '10.1.1.5', payload: { ...letter, title: 'x', captchaId: c.id, captchaAnswer: c.answer } });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toBe('title: title must be 2–200 characters');
    expect((await send({ ...letter, captchaId: c.id, captchaAnswer: c.answer }, [], '10.1.1.5')).statusCode).toBe(201);
  });

  it('limits letters per IP and answers 429 in the error shape', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await send({ ...letter }, [], '10.9.9.9')).statusCode);
    expect(statuses.slice(0, 6).every((s) => s === 400)).toBe(true);
    expect(statuses[6]).toBe(429);
    const res = await send({ ...letter }, [], '10.9.9.9');
    expect(res.json().error.code).toBe('rate_limited');
    // another address is not affected
    expect((await send({ ...letter }, [], '10.9.9.8')).statusCode).toBe(400);
    // and a forged X-Forwarded-For does not pick a fresh address
    const m = multipart({ ...letter });
    const forged = await t.app.inject({ method: 'POST', url: '/api/public/mailbox', payload: m.payload, headers: { ...m.headers, 'x-forwarded-for': '1.2.3.4' }, remoteAddress: '10.9.9.9' });
    expect(forged.statusCode).toBe(429);
  });
});
