/**
 * The time-limit policy as data (issue #3 §1–4, §6): local variants, calendar overrides and
 * imports, settings, and the deadline preview, all through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAll, makeWorld, sampleCase, MONDAY_10AM, type Client, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
});
afterAll(async () => t?.close());

async function dispatched(over: Record<string, unknown> = {}) {
  const k = (await c.operator!.post('/api/cases', sampleCase(over))).json();
  return (await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: [w.units.deptA.code] })).json();
}

describe('deadline preview', () => {
  it('answers GET /api/calendar/deadline across the 2026 National Day holiday', async () => {
    // 2026 国庆: 10-01..10-07 off; Wednesday 30 September 10:00 + 1 working day → Thursday 8 October 18:00
    const res = await c.operator!.get(`/api/calendar/deadline?from=${encodeURIComponent('2026-09-30T10:00:00+08:00')}&limit=1wd`);
    expect(res.statusCode).toBe(200);
    expect(res.json().dueAt).toBe('2026-10-08T10:00:00.000Z');
    expect(res.json().estimated).toBe(false);
    const sunday = await c.operator!.get(`/api/calendar/deadline?from=${encodeURIComponent('2026-03-08T09:00:00+08:00')}&limit=sameday`);
    expect(sunday.json().dueAt).toBe('2026-03-09T10:00:00.000Z');
    const minutes = await c.operator!.get(`/api/calendar/deadline?from=${encodeURIComponent('2026-03-08T23:55:00+08:00')}&limit=15m`);
    expect(minutes.json().dueAt).toBe('2026-03-08T16:10:00.000Z');
  });

  it('rejects a bad limit or instant with a 400', async () => {
    expect((await c.operator!.get('/api/calendar/deadline?from=2026-03-02T10:00:00Z&limit=5weeks')).statusCode).toBe(400);
    expect((await c.operator!.get('/api/calendar/deadline?from=yesterday&limit=5wd')).statusCode).toBe(400);
  });

  it('says which rule applies to a case', async () => {
    const res = (await c.dispatcher!.post('/api/time-limit-rules/preview', { kind: 'help', channel: 'phone', urgency: 'general_emergency', from: MONDAY_10AM.toISOString() })).json();
    expect(res.limit).toBe('15m');
    expect(res.maxExtension).toBe('15m');
    expect(res.dueAt).toBe(new Date(MONDAY_10AM.getTime() + 15 * 60_000).toISOString());
  });
});

describe('local variants of the policy', () => {
  it('expresses S1’s 3 working days for phone and SMS next to S4’s 5', async () => {
    expect((await dispatched({ channel: 'phone' })).stageLimit).toBe('5wd');
    const forbidden = await c.dispatcher!.post('/api/time-limit-rules', { name: 'S1 电话、短信件', stage: 'first_dispatch', channel: 'phone', limit: '3wd' });
    expect(forbidden.statusCode).toBe(403);
    const phone = await c.admin!.post('/api/time-limit-rules', { name: 'S1 电话件', stage: 'first_dispatch', channel: 'phone', limit: '3wd' });
    expect(phone.statusCode, phone.body).toBe(201);
    const written = await c.admin!.post('/api/time-limit-rules', { name: 'S1 书面交办件', stage: 'first_dispatch', channel: 'mailbox', limit: '7wd' });
    expect(written.statusCode).toBe(201);
    const k = await dispatched({ channel: 'phone' });
    expect(k.stageLimit).toBe('3wd');
    expect(k.dueAt).toBe('2026-03-05T10:00:00.000Z'); // Mon 2 March + 3 working days → Thu 5 March 18:00
    expect((await dispatched({ channel: 'mailbox' })).stageLimit).toBe('7wd');
    expect((await dispatched({ channel: 'online' })).stageLimit).toBe('5wd');
    // retiring the rule brings the default back
    expect((await c.admin!.delete(`/api/time-limit-rules/${phone.json().id}`)).statusCode).toBe(204);
    expect((await dispatched({ channel: 'phone' })).stageLimit).toBe('5wd');
  });

  it('refuses a malformed rule with a 400 naming the field', async () => {
    const res = await c.admin!.post('/api/time-limit-rules', { name: '坏规则', stage: 'first_dispatch', limit: 'five days' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('limit');
    const unknownCategory = await c.admin!.post('/api/time-limit-rules', { name: '分类规则', stage: 'first_dispatch', category: 'nope', limit: '2wd' });
    expect(unknownCategory.statusCode).toBe(400);
  });
});

describe('calendar overrides', () => {
  it('a local day off moves working-day deadlines; removing it moves them back', async () => {
    expect((await dispatched()).dueAt).toBe('2026-03-09T10:00:00.000Z');
    expect((await c.operator!.put('/api/calendar/overrides/2026-03-04', { workday: false })).statusCode).toBe(403);
    const put = await c.admin!.put('/api/calendar/overrides/2026-03-04', { workday: false, note: '本地调休' });
    expect(put.statusCode).toBe(204);
    expect((await dispatched()).dueAt).toBe('2026-03-10T10:00:00.000Z');
    const days = (await c.operator!.get('/api/calendar/days?from=2026-03-04&to=2026-03-04')).json();
    expect(days).toEqual([{ date: '2026-03-04', workday: false, source: 'override', note: '本地调休' }]);
    expect((await c.admin!.delete('/api/calendar/overrides/2026-03-04')).statusCode).toBe(204);
    expect((await dispatched()).dueAt).toBe('2026-03-09T10:00:00.000Z');
  });

  it('reports 2027 as estimated until its schedule is imported from CSV', async () => {
    const before = (await c.admin!.get('/api/calendar/status')).json();
    expect(before.estimatedYears).toContain(2027);
    const d = (await c.admin!.get('/api/calendar/days?from=2027-01-01&to=2027-01-01')).json();
    expect(d[0].source).toBe('estimated');
    const bad = await c.admin!.post('/api/calendar/overrides/import', { csv: 'date,workday,note\n2027-01-01,0,元旦\n2027-02-30,1,不存在的日子\n' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/3/);
    const ok = await c.admin!.post('/api/calendar/overrides/import', { csv: 'date,workday,note\n2027-01-01,0,元旦\n2027-02-06,休息,春节\n2027-02-20,上班,春节调休\n' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ imported: 3, years: [2027] });
    const after = (await c.admin!.get('/api/calendar/status')).json();
    expect(after.estimatedYears).not.toContain(2027);
    const res = await c.operator!.get(`/api/calendar/deadline?from=${encodeURIComponent('2026-12-31T10:00:00+08:00')}&limit=1wd`);
    expect(res.json().dueAt).toBe('2027-01-04T10:00:00.000Z'); // 1 January off, 2–3 weekend → Monday 4 January
  });
});

describe('engine settings', () => {
  it('moves the warning point of new stages when the ratio changes, and validates it', async () => {
    expect((await c.supervisor!.put('/api/policy-settings', { warningRatio: 0.5 })).statusCode).toBe(403);
    const bad = await c.admin!.put('/api/policy-settings', { warningRatio: 1.5 });
    expect(bad.statusCode).toBe(400);
    const res = await c.admin!.put('/api/policy-settings', { warningRatio: 0.5 });
    expect(res.statusCode).toBe(200);
    expect(res.json().warningRatio).toBe(0.5);
    const k0 = (await c.operator!.post('/api/cases', sampleCase())).json();
    const k = (await c.dispatcher!.post(`/api/cases/${k0.id}/dispatch`, { version: 1, units: [w.units.deptA.code], limit: '10h' })).json();
    expect(k.warnAt).toBe(new Date(MONDAY_10AM.getTime() + 5 * 3600_000).toISOString());
  });
});

describe('clearing a rule’s condition', () => {
  it('accepts null to remove a condition from a rule', async () => {
    const created = (await c.admin!.post('/api/time-limit-rules', { name: '电话件', stage: 'first_dispatch', channel: 'phone', limit: '4wd', priority: -5 })).json();
    const res = await c.admin!.patch(`/api/time-limit-rules/${created.id}`, { channel: null });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().channel).toBeNull();
    await c.admin!.delete(`/api/time-limit-rules/${created.id}`);
  });
});
