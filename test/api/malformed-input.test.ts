/**
 * What the fuzz test (test/fuzz.test.ts, issue #9 §4) found as 500s or as refused requests that
 * still wrote, one request each: now a 4xx in the one error shape, and nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAll, makeWorld, PASSWORD, PNG, sampleCase, type Client, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;
let c: Record<string, Client>;
let operator: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: w.users.operator, password: PASSWORD } });
  operator = { cookie: `hy_session=${login.cookies.find((x) => x.name === 'hy_session')!.value}` };
});
afterAll(async () => t?.close());

const counters = async () => (await t.db.db.selectFrom('case_no_counters').selectAll().execute()).map((r) => `${String(r.day)}:${r.last}`).join();

function refused(res: { statusCode: number; json(): { error?: { code?: unknown; message?: unknown } } }, status = 400) {
  expect(res.statusCode).toBe(status);
  expect(typeof res.json().error?.code).toBe('string');
  expect(typeof res.json().error?.message).toBe('string');
}

describe('values PostgreSQL cannot take', () => {
  it('refuses U+0000 in a path parameter, a query string and a body', async () => {
    refused(await c.operator!.post('/api/cases/a%00b/return', { version: 1, reason: '不属于本单位' }));
    refused(await c.operator!.get('/api/cases?q=a%00b'));
    refused(await c.operator!.post('/api/cases', sampleCase({ title: '噪音\u0000扰民' })));
  });

  it('refuses a number that is not finite: 1e400 in the query string (Ajv lets Infinity past maximum) or in JSON', async () => {
    const query = await c.operator!.get('/api/cases?limit=1e400');
    refused(query);
    expect(query.json().error.details.field).toBe('query.limit');
    const before = await counters();
    const body = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { ...operator, 'content-type': 'application/json' }, payload: JSON.stringify(sampleCase()).replace('"channel"', '"location":{"lng":1e400,"lat":30},"channel"') });
    refused(body);
    expect(await counters()).toBe(before);
  });

  it('refuses a lone surrogate, which JSON can carry but PostgreSQL’s json cannot', async () => {
    const before = await counters();
    const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { ...operator, 'content-type': 'application/json' }, payload: JSON.stringify(sampleCase()).replace('"title":"', '"title":"\\udfffx') });
    refused(res);
    expect(res.json().error.details.field).toBe('body.title');
    expect(await counters()).toBe(before);
  });
});

describe('the registration', () => {
  it('refuses an unknown call before it takes a case number', async () => {
    const before = await counters();
    const res = await c.operator!.post('/api/cases', sampleCase({ callId: 'no-such-call' }));
    refused(res);
    expect(res.json().error.details.field).toBe('callId');
    expect(await counters()).toBe(before);
  });
});

describe('what Fastify refuses before any route', () => {
  it('answers a path with broken percent-encoding and an overlong parameter in the error shape', async () => {
    refused(await c.operator!.get('/api/cases/%E0%A4%A'));
    refused(await c.operator!.post(`/api/cases/${'%E9%95%BF'.repeat(300)}/return`, { version: 1, reason: '不属于本单位' }), 414);
  });
});

describe('uploads', () => {
  const upload = (contentType: string, payload: string | Buffer) => t.app.inject({ method: 'POST', url: '/api/attachments', headers: { ...operator, 'content-type': contentType }, payload });

  it('refuses a multipart body without a boundary, cut short, or with a boundary too long to search for', async () => {
    refused(await upload('multipart/form-data', 'garbage'));
    refused(await upload('multipart/form-data; boundary=----x', Buffer.from([111, 253, 137, 37])));
    refused(await upload(`multipart/form-data; boundary=${'b'.repeat(300)}`, `--${'b'.repeat(300)}\r\n`));
  });

  it('stores a file whose name holds control characters under the name without them', async () => {
    const body = Buffer.concat([Buffer.from('--bnd\r\nContent-Disposition: form-data; name="file"; filename="现场\u0000照片\u0007.png"\r\nContent-Type: image/png\r\n\r\n'), PNG, Buffer.from('\r\n--bnd--\r\n')]);
    const res = await upload('multipart/form-data; boundary=bnd', body);
    expect(res.statusCode).toBe(201);
    expect(res.json().filename).toBe('现场照片.png');
  });
});
