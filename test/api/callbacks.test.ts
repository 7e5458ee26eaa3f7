/**
 * Callbacks and promises (issue #7 §3–4; DOMAIN.md §8, S4 annex 3, S4 §2.6): result callbacks
 * matched to the channel (a phone task, or a portal rating link by SMS that falls back to a phone
 * task), the citizen's own rating, a process callback that urges, and promises reminded and looked
 * back on until kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { contacted, createTestApp, loginAll, makeWorld, sampleCase, MONDAY_10AM, type Client, type TestApp, type World } from '../app';
import { runTimersOnce, type TimerDeps } from '../../src/server/jobs/timer-worker';
import { PolicyStore } from '../../src/server/policy/policy';

const DAY = 86_400_000;
const REPLY = '经现场核查，该路段3盏路灯因线路老化损坏，已安排维修人员更换线路，目前已全部恢复照明，已电话告知市民。';

let t: TestApp;
let w: World;
let c: Record<string, Client>;
let deps: TimerDeps;

beforeAll(async () => {
  t = await createTestApp(MONDAY_10AM, { PUBLIC_URL: 'https://12345.linjiang.gov.cn' });
  w = await makeWorld(t);
  c = await loginAll(t, w);
  deps = { db: t.db.db, policy: new PolicyStore(t.db.db, 0), clock: () => t.now() };
});
afterAll(async () => t?.close());

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

/** Registered, dispatched to unit A, accepted, replied (with `body`), approved. */
async function approved(over: Record<string, unknown> = {}, body: Record<string, unknown> = {}) {
  const k = await ok(await c.operator!.post('/api/cases', sampleCase(over)), 201);
  let x = await ok(await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: [w.units.deptA.code] }));
  x = await ok(await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: x.version }));
  x = await ok(await c.handlerA!.post(`/api/cases/${k.id}/reply`, { version: x.version, content: REPLY, ...contacted(t), ...body }));
  if (x.state === 'pending_signoff') x = await ok(await c.leaderA!.post(`/api/cases/${k.id}/sign-off`, { version: x.version }));
  x = await ok(await c.supervisor!.post(`/api/cases/${k.id}/approve`, { version: x.version }));
  return { ...x, queryCode: k.queryCode as string };
}

const tasksOf = async (caseId: string, query = '') => ((await c.operator!.get(`/api/callback-tasks${query}`)).json() as { caseId: string; type: string; method: string }[]).filter((x) => x.caseId === caseId);

describe('result callbacks matched to the channel', () => {
  it('a phone case becomes a phone task for an operator; the callback closes the task and the case', async () => {
    const k = await approved({ channel: 'phone' });
    expect(k.state).toBe('pending_callback');
    expect(await tasksOf(k.id, '?type=result')).toEqual([expect.objectContaining({ method: 'phone', type: 'result' })]);
    const x = await ok(await c.operator!.post(`/api/cases/${k.id}/callbacks`, { version: k.version, type: 'result', reached: true, contacted: true, satisfaction: 'very_satisfied', resolved: true }));
    expect(x.state).toBe('closed');
    expect(await tasksOf(k.id)).toEqual([]);
  });

  it('an SMS case: the citizen gets a link and rates on the portal with the query code; the case closes without a call', async () => {
    const k = await approved({ channel: 'sms' });
    expect(await tasksOf(k.id, '?type=result')).toEqual([expect.objectContaining({ method: 'link' })]);
    expect(await tasksOf(k.id, '?method=phone')).toEqual([]);
    const sms = await t.db.db.selectFrom('outbox').selectAll().where('case_id', '=', k.id).where('purpose', '=', 'rating_invitation').execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.recipient).toBe('13800138000');
    expect(sms[0]!.body).toContain(`https://12345.linjiang.gov.cn/portal/rate?no=${k.caseNo}&code=${k.queryCode}`);

    const pub = (await t.app.inject({ method: 'GET', url: `/api/public/cases/${k.caseNo}?code=${k.queryCode}` })).json();
    expect(pub.canEvaluate).toBe(true);
    expect(pub.finalReply).toContain('恢复照明');
    const wrong = await t.app.inject({ method: 'POST', url: `/api/public/cases/${k.caseNo}/evaluation`, payload: { code: 'WRONG1', satisfaction: 'satisfied' } });
    expect(wrong.statusCode).toBe(404);
    const rated = await t.app.inject({ method: 'POST', url: `/api/public/cases/${k.caseNo}/evaluation`, payload: { code: k.queryCode.toLowerCase(), satisfaction: 'satisfied', resolved: true, comment: '路灯修好了，谢谢' } });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json().state).toBe('closed');
    const detail = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
    expect(detail.satisfaction).toBe('satisfied');
    expect(detail.callbacks.at(-1)).toMatchObject({ type: 'result', method: 'web', satisfaction: 'satisfied', resolved: true, comment: '路灯修好了，谢谢' });
    const ev = detail.events.at(-1);
    expect(ev).toMatchObject({ action: 'evaluate', actor: null, fromState: 'pending_callback', toState: 'closed' });
    expect(await tasksOf(k.id)).toEqual([]);
    // a second rating is refused: the case is no longer awaiting one
    const again = await t.app.inject({ method: 'POST', url: `/api/public/cases/${k.caseNo}/evaluation`, payload: { code: k.queryCode, satisfaction: 'very_dissatisfied' } });
    expect(again.statusCode).toBe(409);
    expect((await c.supervisor!.get(`/api/cases/${k.id}`)).json().satisfaction).toBe('satisfied');
  });

  it('a dissatisfied rating goes to the supervisor to decide; rework or close with an explanation', async () => {
    const k = await approved({ channel: 'online' });
    const rated = await t.app.inject({ method: 'POST', url: `/api/public/cases/${k.caseNo}/evaluation`, payload: { code: k.queryCode, satisfaction: 'very_dissatisfied', resolved: false, comment: '路灯还是不亮' } });
    expect(rated.json().state).toBe('dissatisfied');
    const x = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
    expect(x.allowedActions).toEqual(expect.arrayContaining(['rework', 'close']));
    const closed = await ok(await c.supervisor!.post(`/api/cases/${k.id}/close`, { version: x.version, explanation: '经复核，路灯已修复，市民所指为另一路段，已另行登记。' }));
    expect(closed.state).toBe('closed');
  });

  it('a link not used within the rating period turns into a phone task', async () => {
    t.setNow(MONDAY_10AM);
    const k = await approved({ channel: 'mailbox' });
    expect(await tasksOf(k.id, '?type=result')).toEqual([expect.objectContaining({ method: 'link' })]);
    t.advance(2 * DAY);
    await runTimersOnce(deps);
    expect(await tasksOf(k.id, '?type=result')).toEqual([expect.objectContaining({ method: 'link' })]);
    t.advance(DAY + 60_000);
    await runTimersOnce(deps);
    await runTimersOnce(deps);
    expect(await tasksOf(k.id, '?type=result')).toEqual([expect.objectContaining({ method: 'phone' })]);
    // the citizen may still rate: the phone task is then done
    await t.app.inject({ method: 'POST', url: `/api/public/cases/${k.caseNo}/evaluation`, payload: { code: k.queryCode, satisfaction: 'basically_satisfied' } });
    expect(await tasksOf(k.id)).toEqual([]);
  });

  it('an SMS case without a mobile number gets a phone task; an anonymous case cannot be rated', async () => {
    const landline = await approved({ channel: 'sms', citizen: { name: '李强', phone: '0571-87654321' } });
    expect(await tasksOf(landline.id, '?type=result')).toEqual([expect.objectContaining({ method: 'phone' })]);
    const anon = await approved({ channel: 'online', anonymous: true, citizen: undefined });
    expect(anon.state).toBe('closed');
    const pub = (await t.app.inject({ method: 'GET', url: `/api/public/cases/${anon.caseNo}?code=${anon.queryCode}` })).json();
    expect(pub.canEvaluate).toBe(false);
  });
});

describe('process callbacks', () => {
  it('a citizen who says no unit has been in touch: the unit is urged and told at once', async () => {
    const k = await ok(await c.operator!.post('/api/cases', sampleCase()), 201);
    let x = await ok(await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: [w.units.deptA.code] }));
    x = await ok(await c.operator!.post(`/api/cases/${k.id}/callbacks`, { version: x.version, type: 'process', reached: true, contacted: false, comment: '至今无人联系' }));
    expect(x.urgeCount).toBe(1);
    expect(x.state).toBe('dispatched');
    const notes = (await c.handlerA!.get('/api/notifications')).json().filter((n: { caseId: string }) => n.caseId === k.id);
    expect(notes.map((n: { kind: string }) => n.kind)).toContain('urge');
    // contacted: no urge
    x = await ok(await c.operator!.post(`/api/cases/${k.id}/callbacks`, { version: x.version, type: 'process', reached: true, contacted: true }));
    expect(x.urgeCount).toBe(1);
  });
});

describe('promises', () => {
  it('are recorded with the reply, reminded before they fall due and on the day they pass, and listed for the unit', async () => {
    t.setNow(MONDAY_10AM); // Monday 2 March 2026
    const k = await approved({}, { promises: [{ what: '在小区北门加装路灯2盏', dueDate: '2026-03-06' }, { what: '每周巡查一次', dueDate: null }] });
    const open = (await c.handlerA!.get('/api/promises?status=open')).json().filter((p: { caseId: string }) => p.caseId === k.id);
    expect(open.map((p: { what: string }) => p.what).sort()).toEqual(['在小区北门加装路灯2盏', '每周巡查一次']);
    expect((await c.handlerB!.get('/api/promises')).json().some((p: { caseId: string }) => p.caseId === k.id)).toBe(false);
    const reminders = async () => (await c.handlerA!.get('/api/notifications')).json().filter((n: { caseId: string; kind: string }) => n.caseId === k.id && n.kind.startsWith('promise'));
    // one day ahead at 09:00 Shanghai: Thursday 5 March 01:00Z
    t.setNow('2026-03-05T00:59:00Z');
    await runTimersOnce(deps);
    expect(await reminders()).toHaveLength(0);
    t.setNow('2026-03-05T01:01:00Z');
    await runTimersOnce(deps);
    await runTimersOnce(deps);
    expect((await reminders()).map((n: { kind: string }) => n.kind)).toEqual(['promise_reminder']);
    expect((await c.handlerA!.get('/api/promises?status=due_soon')).json().some((p: { caseId: string }) => p.caseId === k.id)).toBe(true);
    // the day passes unkept: an overdue notice, and the promise shows as overdue
    t.setNow('2026-03-06T16:01:00Z');
    await runTimersOnce(deps);
    expect((await reminders()).map((n: { kind: string }) => n.kind).sort()).toEqual(['promise_overdue', 'promise_reminder']);
    const overdue = (await c.supervisor!.get('/api/promises?status=overdue')).json().filter((p: { caseId: string }) => p.caseId === k.id);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ what: '在小区北门加装路灯2盏', dueDate: '2026-03-06', overdue: true });
    // kept: it leaves the open list
    const x = (await c.handlerA!.get(`/api/cases/${k.id}`)).json();
    await ok(await c.handlerA!.post(`/api/cases/${k.id}/keep-promise`, { version: x.version, promiseId: overdue[0].id, note: '3月7日已安装完成并通电' }));
    const kept = (await c.handlerA!.get('/api/promises?status=kept')).json().filter((p: { caseId: string }) => p.caseId === k.id);
    expect(kept[0]).toMatchObject({ doneNote: '3月7日已安装完成并通电' });
  });

  it('refuses a promise due before today', async () => {
    t.setNow(MONDAY_10AM);
    const k = await ok(await c.operator!.post('/api/cases', sampleCase()), 201);
    let x = await ok(await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: [w.units.deptA.code] }));
    x = await ok(await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: x.version }));
    const res = await c.handlerA!.post(`/api/cases/${k.id}/reply`, { version: x.version, content: REPLY, ...contacted(t), promises: [{ what: '补装路灯', dueDate: '2026-03-01' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('promises.dueDate');
    expect((await c.handlerA!.get(`/api/cases/${k.id}`)).json().state).toBe('handling');
  });
});
