/** Photos with a reply: uploaded, checked by content, attached, and shown only to those who see the case. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contacted, createTestApp, PNG, uploadFile, loginAll, makeWorld, sampleCase, type Client, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
});
afterAll(async () => t?.close());

const upload = (username: string, name: string, data: Buffer, type = 'image/png') => uploadFile(t, username, name, data, type);

const cookies = new Map<string, Record<string, string>>();
async function cookie(username: string) {
  if (!cookies.has(username)) {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'Test-Password-1' } });
    cookies.set(username, { cookie: `hy_session=${res.cookies[0]!.value}` });
  }
  return cookies.get(username)!;
}

it('attaches an uploaded photo to a reply, and hides it from other units', async () => {
  const k0 = (await c.operator!.post('/api/cases', sampleCase())).json();
  let k = (await c.dispatcher!.post(`/api/cases/${k0.id}/dispatch`, { version: 1, units: [w.units.deptA.code] })).json();
  k = (await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: k.version })).json();
  const up = await upload(w.users.handlerA!, '现场照片.png', PNG);
  expect(up.statusCode, up.body).toBe(201);
  const att = up.json();
  expect(att.mime).toBe('image/png');
  k = (await c.handlerA!.post(`/api/cases/${k.id}/reply`, { version: k.version, content: '经现场核查，已督促物业整改完毕，整改前后照片见附件，问题已解决。', attachmentIds: [att.id], ...contacted(t) })).json();
  expect(k.state).toBe('replied');
  const detail = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
  expect(detail.attachments.map((a: { id: string }) => a.id)).toEqual([att.id]);
  expect(detail.replies[0].attachmentIds).toEqual([att.id]);
  const get = await t.app.inject({ method: 'GET', url: `/api/attachments/${att.id}`, headers: await cookie(w.users.supervisor!) });
  expect(get.statusCode).toBe(200);
  expect(get.headers['content-type']).toBe('image/png');
  expect(Buffer.compare(get.rawPayload, PNG)).toBe(0);
  const other = await t.app.inject({ method: 'GET', url: `/api/attachments/${att.id}`, headers: await cookie(w.users.handlerB!) });
  expect(other.statusCode).toBe(404);
});

it('judges the type by content: a text file named .png is refused', async () => {
  const res = await upload(w.users.handlerA!, 'fake.png', Buffer.from('this is not an image at all'));
  expect(res.statusCode).toBe(400);
  expect(res.json().error.code).toBe('validation.failed');
});

it('refuses a file over 5 MB', async () => {
  const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 10)]);
  const res = await upload(w.users.handlerA!, 'big.png', big);
  expect(res.statusCode).toBe(400);
  expect(res.json().error.message).toContain('5 MB');
});

it('does not let a unit attach someone else’s upload', async () => {
  const up = (await upload(w.users.handlerB!, 'b.png', PNG)).json();
  const k0 = (await c.operator!.post('/api/cases', sampleCase())).json();
  let k = (await c.dispatcher!.post(`/api/cases/${k0.id}/dispatch`, { version: 1, units: [w.units.deptA.code] })).json();
  k = (await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: k.version })).json();
  const res = await c.handlerA!.post(`/api/cases/${k.id}/reply`, { version: k.version, content: '经现场核查，已安排人员处理完毕，详见附件照片，问题已解决。', attachmentIds: [up.id], ...contacted(t) });
  expect(res.statusCode).toBe(400);
});
