/**
 * 领导驾驶舱 (GET /api/dashboard): exact counts over a handful of cases with a known history,
 * on a database of this file's own. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTimersOnce } from '../../src/server/jobs/timer-worker';
import { PolicyStore } from '../../src/server/policy/policy';
import { contacted, createTestApp, loginAll, makeWorld, sampleCase, type Client, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

/** A Shanghai wall-clock time as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);

async function register(over: Record<string, unknown>) {
  const res = await c.operator!.post('/api/cases', sampleCase(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Step;
}

interface Step {
  id: string;
  version: number;
  state: string;
  dueAt: string;
}

async function step(who: string, k: Step, path: string, body: Record<string, unknown> = {}): Promise<Step> {
  const res = await c[who]!.post(`/api/cases/${k.id}/${path}`, { version: k.version, ...body });
  expect(res.statusCode, `${who} ${path}: ${res.body}`).toBe(200);
  return res.json();
}

const REPLY = '经现场核查，已责令商户整改并复查到位，已电话告知群众处理结果。';
const replyBody = () => ({ content: REPLY, ...contacted(t) });

beforeAll(async () => {
  t = await createTestApp(at('2026-01-05T10:00:00'));
  w = await makeWorld(t);
  c = await loginAll(t, w);
  await t.db.db
    .insertInto('categories')
    .values([
      { code: 'hj', name: '环境保护', parent_code: null, level: 1 },
      { code: 'hj.zs', name: '噪声污染', parent_code: 'hj', level: 2 },
      { code: 'sd', name: '水电气热', parent_code: null, level: 1 },
      { code: 'sd.water', name: '供水', parent_code: 'sd', level: 2 },
    ])
    .execute();

  // outside every period: January, dispatched to department A
  const old = await register({ title: '去年的噪音投诉', categoryCode: 'hj.zs' });
  await step('dispatcher', old, 'dispatch', { units: [w.units.deptA.code] });

  // A: Friday 27 Feb, department A replies the same day, the citizen is satisfied → closed that day
  t.setNow(at('2026-02-27T09:00:00'));
  c = await loginAll(t, w); // the January sessions have expired
  let a = await register({ title: '烧烤店油烟扰民', categoryCode: 'hj.zs' });
  a = await step('dispatcher', a, 'dispatch', { units: [w.units.deptA.code] });
  a = await step('handlerA', a, 'accept');
  t.setNow(at('2026-02-27T15:00:00'));
  a = await step('handlerA', a, 'reply', replyBody());
  a = await step('supervisor', a, 'approve');
  t.setNow(at('2026-02-27T16:00:00'));
  a = await step('supervisor', a, 'callbacks', { type: 'result', reached: true, contacted: true, satisfaction: 'satisfied', resolved: true });
  expect(a.state).toBe('closed');

  // B: Saturday 28 Feb, a help request led by street 2 (district by its lead unit), answered late
  t.setNow(at('2026-02-28T10:00:00'));
  let b = await register({ kind: 'help', title: '小区停水三天', categoryCode: 'sd.water' });
  b = await step('dispatcher', b, 'dispatch', { units: [w.units.street2.code] });

  // C: Monday 2 March, led by street 1, overdue once
  t.setNow(at('2026-03-02T10:00:00'));
  const k = await register({ title: '工地夜间施工噪音', categoryCode: 'hj.zs' });
  await step('dispatcher', k, 'dispatch', { units: [w.units.street1.code], limit: '30m' });
  // due 10:30: the timer worker finds it overdue at 11:00
  t.setNow(at('2026-03-02T11:00:00'));
  await runTimersOnce({ db: t.db.db, policy: new PolicyStore(t.db.db, 0), clock: () => t.now() });

  // D: Tuesday 3 March, a letter, not yet dispatched, no category
  t.setNow(at('2026-03-03T09:00:00'));
  await register({ channel: 'mailbox', title: '小区停水没有通知', categoryCode: undefined });

  // Monday 9 March: street 2 replies to B after its due time; the citizen is dissatisfied
  t.setNow(at('2026-03-09T10:00:00'));
  b = await step('handlerS2', b, 'accept');
  expect(new Date(b.dueAt).getTime()).toBeLessThan(t.now().getTime());
  b = await step('handlerS2', b, 'reply', replyBody());
  b = await step('supervisor', b, 'approve');
  await step('supervisor', b, 'callbacks', { type: 'result', reached: true, contacted: true, satisfaction: 'dissatisfied', resolved: false });

  // F: today, a help request just registered
  await register({ kind: 'help', title: '突然停水何时恢复供水', categoryCode: undefined });
  t.setNow(at('2026-03-09T12:00:00'));
});
afterAll(async () => t?.close());

describe('GET /api/dashboard', () => {
  it('counts the last 30 days exactly', async () => {
    const res = await c.leader!.get('/api/dashboard?days=30');
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.days).toBe(30);
    expect(d.from).toBe(at('2026-02-08T00:00:00').toISOString());

    expect(d.daily).toHaveLength(30);
    expect(d.daily[0].date).toBe('2026-02-08');
    expect(d.daily.at(-1).date).toBe('2026-03-09');
    const busy = d.daily.filter((x: { received: number; closed: number }) => x.received || x.closed);
    expect(busy).toEqual([
      { date: '2026-02-27', received: 1, closed: 1 },
      { date: '2026-02-28', received: 1, closed: 0 },
      { date: '2026-03-02', received: 1, closed: 0 },
      { date: '2026-03-03', received: 1, closed: 0 },
      { date: '2026-03-09', received: 1, closed: 0 },
    ]);

    expect(d.byChannel).toEqual([
      { channel: 'phone', count: 4 },
      { channel: 'mailbox', count: 1 },
    ]);
    expect(d.byKind).toEqual([
      { kind: 'complaint', count: 3 },
      { kind: 'help', count: 2 },
    ]);
    expect(d.byCategory).toEqual([
      { code: 'hj', name: '环境保护', count: 2 },
      { code: 'sd', name: '水电气热', count: 1 },
    ]);
    // B and C by their lead units (streets 2 and 1); A's lead is a city department, D and F have none
    expect(d.byDistrict).toEqual([
      { code: 'unknown', name: null, count: 3 },
      { code: w.units.district.code, name: '东城区人民政府', count: 2 },
    ]);
    // where they stand: D and F await dispatch, C is with street 1, B replied (dissatisfied), A closed
    expect(d.states).toEqual([
      { state: 'registered', count: 2 },
      { state: 'handling', count: 1 },
      { state: 'replied', count: 1 },
      { state: 'closed', count: 1 },
    ]);

    expect(d.totals).toEqual({ received: 5, closed: 1, open: 4, dispatched: 3, replied: 2, onTime: 1, onTimeRate: 0.5, callbacks: 2, satisfied: 1, satisfactionRate: 0.5, overdue: 1 });

    const units = d.units.map((u: { unit: { code: string } }) => ({ ...u, unit: u.unit.code }));
    expect(units).toEqual([
      { unit: w.units.deptA.code, received: 1, replied: 1, onTime: 1, onTimeRate: 1, callbacks: 1, satisfied: 1, satisfactionRate: 1, overdue: 0 },
      { unit: w.units.street1.code, received: 1, replied: 0, onTime: 0, onTimeRate: null, callbacks: 0, satisfied: 0, satisfactionRate: null, overdue: 1 },
      { unit: w.units.street2.code, received: 1, replied: 1, onTime: 0, onTimeRate: 0, callbacks: 1, satisfied: 0, satisfactionRate: 0, overdue: 0 },
    ]);

    // titles of 3–9 March only: D and F
    expect(d.hotWords[0]).toEqual({ word: '停水', count: 2 });
    expect(d.hotWords.map((h: { word: string }) => h.word).sort()).toEqual(['何时', '供水', '停水', '小区', '恢复', '突然', '通知'].sort());
  });

  it('narrows to the last 7 days', async () => {
    const d = (await c.dispatcher!.get('/api/dashboard?days=7')).json();
    expect(d.daily.map((x: { date: string }) => x.date)).toEqual(['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09']);
    expect(d.daily.reduce((s: number, x: { received: number }) => s + x.received, 0)).toBe(2);
    expect(d.byCategory).toEqual([]);
    expect(d.units).toEqual([]);
  });

  it('is for leaders and the centre only, and checks the period', async () => {
    expect((await c.handlerA!.get('/api/dashboard')).statusCode).toBe(403);
    expect((await c.supervisor!.get('/api/dashboard')).json().days).toBe(30);
    expect((await c.admin!.get('/api/dashboard?days=0')).statusCode).toBe(400);
  });
});
