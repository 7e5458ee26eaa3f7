/**
 * Statistics (issue #8 §1, §2, §7): a dataset driven through the API whose every metric is known in
 * advance, read back by unit, district, category, channel, kind and period; the rollups kept up to
 * date step by step equal a recount from the cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { contacted, createTestApp, loginAll, makeWorld, sampleCase, MONDAY_10AM, type Client, type TestApp, type World } from '../app';
import { runTimersOnce, type TimerDeps } from '../../src/server/jobs/timer-worker';
import { PolicyStore } from '../../src/server/policy/policy';
import { compactAll, rebuildStats } from '../../src/server/stats/stats.repo';

const HOUR = 3600_000;
const REPLY = '经现场核查，已责令商户整改并安装油烟净化设施，11月3日复查已整改到位，已电话告知诉求人。';

let t: TestApp;
let w: World;
let c: Record<string, Client>;
let deps: TimerDeps;
let cat: string;
const ids: Record<string, { id: string; caseNo: string; queryCode: string }> = {};

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const step = async (who: string, id: string, path: string, body: Record<string, unknown>) => {
  const cur = (await c.supervisor!.get(`/api/cases/${id}`)).json();
  return ok(await c[who]!.post(`/api/cases/${id}/${path}`, { version: cur.version, ...body }));
};
async function register(name: string, over: Record<string, unknown> = {}) {
  const k = await ok(await c.operator!.post('/api/cases', sampleCase(over)), 201);
  ids[name] = { id: k.id, caseNo: k.caseNo, queryCode: k.queryCode };
  return k.id as string;
}
const reply = (who: string, id: string) => step(who, id, 'reply', { content: REPLY, ...contacted(t) });
const result = (id: string, satisfaction: string, resolved: boolean) => step('operator', id, 'callbacks', { type: 'result', reached: true, contacted: true, satisfaction, resolved });

/**
 * The dataset, all registered on Monday 2 March 2026 except c8 (Tuesday):
 * c1 answered on the spot · c2 deptA, accepted in 1 h, on time, very satisfied, resolved ·
 * c3 deptA, accepted after 30 h, basically satisfied, not resolved · c4 deptA with a 2 h limit,
 * replied late (overdue), dissatisfied · c5 deptB returns it, deptA takes it, reworked once,
 * satisfied, resolved · c6 deptA, extension approved, still handling · c7 deptB, supervised ·
 * c8 registered only · c9 SMS help to street 1, the citizen rates very dissatisfied on the portal.
 */
beforeAll(async () => {
  t = await createTestApp(MONDAY_10AM, { PUBLIC_URL: 'https://12345.example.gov.cn' });
  w = await makeWorld(t);
  c = await loginAll(t, w);
  deps = { db: t.db.db, policy: new PolicyStore(t.db.db, 0), clock: () => t.now() };
  cat = `st${w.suffix}`;
  await ok(await c.admin!.post('/api/categories', { code: cat, name: '测试大类' }), 201);
  await ok(await c.admin!.post('/api/categories', { code: `${cat}.noise`, name: '噪音' }), 201);
  const A = [w.units.deptA.code];
  const B = [w.units.deptB.code];

  const c1 = await register('c1', { kind: 'consultation', title: '公积金提取材料咨询', content: '请问租房提取公积金需要哪些材料，在哪里办理？' });
  await step('operator', c1, 'answer', { answer: '租房提取需身份证、租赁合同备案证明，可在公积金APP线上办理。' });

  const c2 = await register('c2', { categoryCode: `${cat}.noise` });
  const c3 = await register('c3', { categoryCode: `${cat}.noise` });
  const c4 = await register('c4', { categoryCode: cat });
  const c5 = await register('c5');
  const c6 = await register('c6');
  const c7 = await register('c7');
  const c9 = await register('c9', { channel: 'sms', kind: 'help', title: '路灯不亮', content: '东华街道幸福小区门口三盏路灯不亮，晚上出行不便。' });
  for (const id of [c2, c3, c6]) await step('dispatcher', id, 'dispatch', { units: A });
  await step('dispatcher', c4, 'dispatch', { units: A, limit: '2h' });
  for (const id of [c5, c7]) await step('dispatcher', id, 'dispatch', { units: B });
  await step('dispatcher', c9, 'dispatch', { units: [w.units.street1.code] });

  t.advance(HOUR); // 11:00
  for (const id of [c2, c4, c6]) await step('handlerA', id, 'accept', {});
  await step('handlerB', c7, 'accept', {});
  await step('handlerB', c5, 'return', { reason: '该诉求属于城管执法职责，不属于住建局' });
  await step('handlerS1', c9, 'accept', {});
  await step('dispatcher', c5, 'dispatch', { units: A });
  await step('supervisor', c7, 'supervise', { note: '群众多次反映，列入督办' });
  t.advance(HOUR); // 12:00
  await step('handlerA', c5, 'accept', {});
  await step('handlerA', c6, 'extension-requests', { reason: '需协调住建部门联合执法', limit: '3wd' });
  await step('supervisor', c6, 'extension-decision', { approve: true });
  await reply('handlerA', c2);
  await reply('handlerA', c5);
  await reply('handlerS1', c9);
  await step('supervisor', c5, 'rework', { reason: '未说明复查结果' });
  t.advance(HOUR); // 13:00, past c4's 2 h limit
  await runTimersOnce(deps);
  await reply('handlerA', c4);
  await reply('handlerA', c5);
  t.advance(29 * HOUR); // Tuesday 18:00
  await step('handlerA', c3, 'accept', {});
  await reply('handlerA', c3);
  for (const id of [c2, c3, c4, c5, c9]) await step('supervisor', id, 'approve', {});
  await result(c2, 'very_satisfied', true);
  await result(c3, 'basically_satisfied', false);
  await result(c4, 'dissatisfied', false);
  await result(c5, 'satisfied', true);
  await ok(await t.app.inject({ method: 'POST', url: `/api/public/cases/${ids.c9!.caseNo}/evaluation`, payload: { code: ids.c9!.queryCode, satisfaction: 'very_dissatisfied', resolved: false } }));

  t.setNow('2026-03-03T02:00:00Z'); // Tuesday 10:00 — the clock may go back for a registration in the test
  await register('c8');
  t.setNow('2026-03-04T02:00:00Z');
}, 60_000);
afterAll(async () => t?.close());

const stats = async (query: string) => ok(await c.leader!.get(`/api/stats?from=2026-03-02&to=2026-03-03&${query}`));
const row = (s: { rows: { key: string }[] }, key: string) => s.rows.find((r) => r.key === key) as { counters: Record<string, number>; rates: Record<string, number | null>; label: string } | undefined;

describe('known answers, by unit', () => {
  it('counts every counter of the lead unit A exactly', async () => {
    const a = row(await stats('by=unit'), w.units.deptA.id)!;
    expect(a.label).toBe('市城管执法局');
    expect(a.counters).toMatchObject({
      received: 5, // c2 c3 c4 c5 c6
      dispatched: 5,
      responded: 4, // c3 accepted after 30 h
      replied: 4, // c6 not yet
      replied_on_time: 3, // c4 late
      closed: 3, // c2 c3 c5; c4 dissatisfied
      rated: 4,
      very_satisfied: 1,
      satisfied: 1,
      basically_satisfied: 1,
      dissatisfied: 1,
      very_dissatisfied: 0,
      resolution_asked: 4,
      resolved: 2,
      reworked: 1,
      returned: 1, // c5, returned by B, now A's
      extended: 1,
      supervised: 0,
      overdue: 1,
      on_spot: 0,
    });
    expect(a.rates).toEqual({
      feedbackRate: 0.8,
      onTimeRate: 0.75,
      completionRate: 0.6,
      satisfactionRate: 0.75, // (1 + 1 + 1 + 0) / 4 with the default weights
      responseRate: 0.8,
      resolutionRate: 0.5,
      firstContactRate: 0,
      reworkRate: 0.25,
      misrouteRate: 0.2,
      extensionRate: 0.2,
    });
  });

  it('counts unit B, street 1 and the cases with no unit', async () => {
    const s = await stats('by=unit');
    expect(row(s, w.units.deptB.id)!.counters).toMatchObject({ received: 1, dispatched: 1, responded: 1, supervised: 1, replied: 0 });
    expect(row(s, w.units.street1.id)!.counters).toMatchObject({ received: 1, replied: 1, replied_on_time: 1, rated: 1, very_dissatisfied: 1, resolution_asked: 1, resolved: 0, closed: 0 });
    expect(row(s, w.units.street1.id)!.rates.satisfactionRate).toBe(0);
    const none = row(s, '')!;
    expect(none.label).toBe('未交办');
    expect(none.counters).toMatchObject({ received: 2, on_spot: 1, closed: 1, dispatched: 0 });
    expect(s.total.counters).toMatchObject({ received: 9, on_spot: 1, dispatched: 7, closed: 4, rated: 5, overdue: 1, supervised: 1 });
    expect(s.total.rates.firstContactRate).toBe(0.1111);
    expect(s.total.rates.completionRate).toBe(0.4444);
  });

  it('weighs the satisfaction levels as the settings say', async () => {
    const weights = { very_satisfied: 1, satisfied: 1, basically_satisfied: 0.6, dissatisfied: 0, very_dissatisfied: 0 };
    await ok(await c.admin!.put('/api/policy-settings', { satisfactionWeights: weights }));
    expect(row(await stats('by=unit'), w.units.deptA.id)!.rates.satisfactionRate).toBe(0.65);
    const bad = await c.admin!.put('/api/policy-settings', { satisfactionWeights: { ...weights, dissatisfied: 0.9 } });
    expect(bad.statusCode).toBe(400);
    await ok(await c.admin!.put('/api/policy-settings', { satisfactionWeights: { ...weights, basically_satisfied: 1 } }));
  });
});

describe('known answers, other breakdowns', () => {
  it('by district: street 1’s case under its district, the others nowhere', async () => {
    const s = await stats('by=district');
    expect(row(s, w.units.district.id)!.counters.received).toBe(1);
    expect(row(s, w.units.district.id)!.label).toBe('东城区人民政府');
    expect(row(s, '')!.counters.received).toBe(8);
  });

  it('by category (first level), channel and kind', async () => {
    const byCat = await stats('by=category');
    expect(row(byCat, cat)!.counters).toMatchObject({ received: 3, closed: 2 });
    expect(row(byCat, cat)!.label).toBe('测试大类');
    expect(row(byCat, '')!.counters.received).toBe(6);
    const byChannel = await stats('by=channel');
    expect(row(byChannel, 'sms/help')!.counters.received).toBe(1);
    expect(row(byChannel, 'sms/help')!.label).toBe('市长短信 · 求助');
    expect(row(byChannel, 'phone/complaint')!.counters.received).toBe(7);
    const byKind = await stats('by=kind');
    expect(byKind.rows.map((r: { key: string; counters: { received: number } }) => [r.key, r.counters.received])).toEqual([
      ['complaint', 7],
      ['consultation', 1],
      ['help', 1],
    ]);
  });

  it('by period: a case counts on the day it was registered', async () => {
    const s = await stats('by=period&granularity=day');
    expect(s.rows.map((r: { key: string; counters: { received: number } }) => [r.key, r.counters.received])).toEqual([
      ['2026-03-02', 8],
      ['2026-03-03', 1],
    ]);
    const month = await stats('by=period&granularity=month');
    expect(month.rows).toHaveLength(1);
    expect(month.rows[0].key).toBe('2026-03-01');
    expect((await stats('by=period&granularity=week')).rows[0].key).toBe('2026-03-02'); // weeks start on Monday
    const monday = await ok(await c.leader!.get('/api/stats?from=2026-03-02&to=2026-03-02&by=unit'));
    expect(monday.total.counters.received).toBe(8);
  });

  it('refuses bad periods and roles that may not read statistics', async () => {
    expect((await c.leader!.get('/api/stats?from=2026-03-05&to=2026-03-01')).statusCode).toBe(400);
    expect((await c.leader!.get('/api/stats?from=2026-13-05')).statusCode).toBe(400);
    expect((await c.handlerA!.get('/api/stats')).statusCode).toBe(403);
    expect((await c.operator!.get('/api/stats')).statusCode).toBe(403);
  });
});

describe('a unit leader (DOMAIN.md §1: sees the unit’s statistics)', () => {
  it('sees the own unit’s row and series, the same figures the centre sees for it, and no other unit', async () => {
    const own = await ok(await c.leaderA!.get('/api/stats?from=2026-03-02&to=2026-03-03&by=unit'));
    expect(own.rows.map((r: { key: string }) => r.key)).toEqual([w.units.deptA.id]);
    const centreView = row(await stats('by=unit'), w.units.deptA.id)!;
    expect(own.rows[0].counters).toEqual(centreView.counters);
    expect(own.total.counters).toEqual(centreView.counters);
    const series = await ok(await c.leaderA!.get('/api/stats?from=2026-03-02&to=2026-03-03&by=period&granularity=day'));
    expect(series.rows.reduce((n: number, r: { counters: { received: number } }) => n + r.counters.received, 0)).toBe(centreView.counters.received);
    // another unit's leader sees its own figures, not A's
    const b = await ok(await c.leaderB!.get('/api/stats?from=2026-03-02&to=2026-03-03&by=unit'));
    expect(b.rows.map((r: { key: string }) => r.key)).not.toContain(w.units.deptA.id);
    // city-wide breakdowns stay with the centre and the leaders
    const byDistrict = await c.leaderA!.get('/api/stats?by=district');
    expect(byDistrict.statusCode).toBe(403);
    expect(byDistrict.json().error.details.field).toBe('by');
  });
});

describe('the rollups', () => {
  it('folded or not, and rebuilt from the cases, give the same answers', async () => {
    const queries = ['by=unit', 'by=district', 'by=category', 'by=channel', 'by=kind', 'by=period&granularity=day'];
    const before = await Promise.all(queries.map(stats));
    const pending = await t.db.db.selectFrom('stats_deltas').select('id').execute();
    expect(pending.length).toBeGreaterThan(0);
    await compactAll(t.db.db);
    expect(await t.db.db.selectFrom('stats_deltas').select('id').execute()).toHaveLength(0);
    const folded = await Promise.all(queries.map(stats));
    expect(folded).toEqual(before);
    await rebuildStats(t.db.db);
    const rebuilt = await Promise.all(queries.map(stats));
    expect(rebuilt).toEqual(before);
  });
});
