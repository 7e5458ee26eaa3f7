/**
 * Directories and duty (issue #12 §3–4): the public directory with the leader-answering schedule,
 * cases tagged with their session, liaison or activity, duty rosters shown on urgent cases, and an
 * unanswered duty phone counted against the unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, loginAll, makeWorld, sampleCase, MONDAY_10AM, type Client, type TestApp, type World } from '../app';

const HOUR = 3600_000;
let t: TestApp;
let w: World;
let c: Record<string, Client>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
});
afterAll(async () => t?.close());

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const publicDirectory = async () => (await t.app.inject({ method: 'GET', url: '/api/public/directory' })).json();

describe('the public directory', () => {
  it('lists the emergency and service numbers admins add, and the published leader-answering sessions', async () => {
    expect((await c.operator!.post('/api/directory-entries', { kind: 'emergency', name: '燃气抢修', phone: '96777' })).statusCode).toBe(403);
    await ok(await c.admin!.post('/api/directory-entries', { kind: 'emergency', name: '燃气抢修', phone: '96777' }), 201);
    await ok(await c.admin!.post('/api/directory-entries', { kind: 'service', name: '市民卡服务', phone: '0571-96225', note: '工作日 9:00—17:00' }), 201);
    expect((await c.admin!.post('/api/directory-entries', { kind: 'service', name: '错号', phone: 'abc' })).statusCode).toBe(400);
    const start = new Date(MONDAY_10AM.getTime() + 24 * HOUR).toISOString();
    const end = new Date(MONDAY_10AM.getTime() + 26 * HOUR).toISOString();
    const s = await ok(await c.supervisor!.post('/api/leader-sessions', { leaderName: '赵建国', leaderTitle: '副市长', startsAt: start, endsAt: end, topic: '城市管理与市容环境' }), 201);
    expect((await c.supervisor!.post('/api/leader-sessions', { leaderName: '钱进', leaderTitle: '副市长', startsAt: start, endsAt: end })).statusCode).toBe(409);
    expect((await c.supervisor!.post('/api/leader-sessions', { leaderName: '钱进', leaderTitle: '副市长', startsAt: end, endsAt: start })).statusCode).toBe(400);
    await ok(await c.supervisor!.post('/api/leader-sessions', { leaderName: '孙立', leaderTitle: '秘书长', startsAt: new Date(MONDAY_10AM.getTime() + 48 * HOUR).toISOString(), endsAt: new Date(MONDAY_10AM.getTime() + 49 * HOUR).toISOString(), published: false }), 201);
    const d = await publicDirectory();
    expect(d.emergency.map((e: { phone: string }) => e.phone)).toEqual(expect.arrayContaining(['110', '119', '120', '96777']));
    expect(d.services).toEqual([{ name: '市民卡服务', phone: '0571-96225', note: '工作日 9:00—17:00' }]);
    expect(d.leaderSchedule).toEqual([{ leader: '赵建国', title: '副市长', startsAt: start, endsAt: end, topic: '城市管理与市容环境' }]);
    expect(s.cases).toBe(0);
  });
});

describe('tags', () => {
  it('a leader-line case during a session is tagged with it; liaisons’ and activities’ cases name them', async () => {
    const sessions = await ok(await c.operator!.get('/api/leader-sessions'));
    const session = sessions.find((x: { leaderName: string }) => x.leaderName === '赵建国');
    t.setNow(new Date(new Date(session.startsAt).getTime() + HOUR / 2));
    c = await loginAll(t, w);
    const k = await ok(await c.operator!.post('/api/cases', sampleCase({ channel: 'leader_line', title: '向副市长反映占道经营' })), 201);
    expect(k.leaderSessionId).toBe(session.id);
    const outside = await ok(await c.operator!.post('/api/cases', sampleCase({ channel: 'phone' })), 201);
    expect(outside.leaderSessionId).toBeNull();
    expect((await ok(await c.operator!.get('/api/leader-sessions'))).find((x: { id: string }) => x.id === session.id).cases).toBe(1);
    expect((await c.supervisor!.delete(`/api/leader-sessions/${session.id}`)).statusCode).toBe(409);

    const liaison = await ok(await c.supervisor!.post('/api/liaisons', { name: '王秀英', phone: '13912345678', area: w.units.street1.code, organisation: '幸福社区居委会', appointedOn: '2026-01-10' }), 201);
    const byLiaison = await ok(await c.operator!.post('/api/cases', sampleCase({ channel: 'liaison', liaisonId: liaison.id })), 201);
    expect(byLiaison.liaisonId).toBe(liaison.id);
    expect((await ok(await c.operator!.get('/api/liaisons'))).find((x: { id: string }) => x.id === liaison.id).cases).toBe(1);
    expect((await c.supervisor!.patch(`/api/liaisons/${liaison.id}`, { active: false })).statusCode).toBe(204);
    expect((await c.operator!.post('/api/cases', sampleCase({ channel: 'liaison', liaisonId: liaison.id }))).statusCode).toBe(400);

    const activity = await ok(await c.operator!.post('/api/grassroots-activities', { title: '热线走进幸福社区', place: '幸福社区广场', heldOn: '2026-03-03', units: [w.units.street1.code, w.units.water.code] }), 201);
    const atActivity = await ok(await c.operator!.post('/api/cases', sampleCase({ channel: 'grassroots', activityId: activity.id })), 201);
    expect(atActivity.activityId).toBe(activity.id);
    const log = await ok(await c.operator!.get('/api/grassroots-activities'));
    expect(log[0]).toMatchObject({ title: '热线走进幸福社区', cases: 1, unitIds: [w.units.street1.id, w.units.water.id] });
    expect((await c.operator!.post('/api/cases', sampleCase({ activityId: '00000000-0000-4000-8000-000000000000' }))).statusCode).toBe(400);
  });
});

describe('duty rosters', () => {
  it('a unit sets its own roster; an urgent case shows the lead unit’s duty person today', async () => {
    t.setNow(MONDAY_10AM);
    c = await loginAll(t, w);
    await ok(await c.leaderA!.put(`/api/duty-rosters/${w.units.deptA.code}/2026-03-02`, { person: '李值班', phone: '13800001111' }));
    expect((await c.leaderA!.put(`/api/duty-rosters/${w.units.deptB.code}/2026-03-02`, { person: '越权', phone: '13800002222' })).statusCode).toBe(403);
    expect((await c.leaderA!.put(`/api/duty-rosters/${w.units.deptA.code}/2026-03-03`, { person: '李值班', phone: '12' })).statusCode).toBe(400);
    expect(await ok(await c.operator!.get(`/api/units/${w.units.deptA.code}/duty`))).toMatchObject({ person: '李值班', phone: '13800001111', day: '2026-03-02' });
    const roster = await ok(await c.supervisor!.get('/api/duty-rosters?from=2026-03-01&to=2026-03-07'));
    expect(roster.some((r: { unit: { code: string }; person: string }) => r.unit.code === w.units.deptA.code && r.person === '李值班')).toBe(true);
    expect((await ok(await c.handlerB!.get('/api/duty-rosters?from=2026-03-01&to=2026-03-07'))).some((r: { unit: { code: string } }) => r.unit.code === w.units.deptA.code)).toBe(false);

    const urgent = await ok(await c.operator!.post('/api/cases', sampleCase({ urgency: 'general_emergency', title: '燃气管道泄漏' })), 201);
    const d = await ok(await c.dispatcher!.post(`/api/cases/${urgent.id}/dispatch`, { version: 1, units: [w.units.deptA.code] }));
    expect((await ok(await c.dispatcher!.get(`/api/cases/${d.id}`))).dutyContact).toMatchObject({ person: '李值班', phone: '13800001111' });
    const normal = await ok(await c.operator!.post('/api/cases', sampleCase()), 201);
    await ok(await c.dispatcher!.post(`/api/cases/${normal.id}/dispatch`, { version: 1, units: [w.units.deptA.code] }));
    expect((await ok(await c.dispatcher!.get(`/api/cases/${normal.id}`))).dutyContact).toBeNull();
  });

  it('an unanswered duty phone is recorded and goes on the unit’s criticism list', async () => {
    const r = await ok(await c.operator!.post('/api/duty-call-failures', { unit: w.units.deptA.code, calledAt: new Date(MONDAY_10AM.getTime() - 60_000).toISOString(), note: '连续拨打三次无人接听' }), 201);
    expect(r.criticismId).toBeTruthy();
    const entries = (await ok(await c.supervisor!.get(`/api/criticisms?unit=${w.units.deptA.code}`))) as { reason: string; detail: string }[];
    expect(entries.find((e) => e.reason === 'duty_phone_unanswered')!.detail).toContain('13800001111');
    const failures = await ok(await c.supervisor!.get('/api/duty-call-failures?quarter=2026Q1'));
    expect(failures[0]).toMatchObject({ phone: '13800001111', note: '连续拨打三次无人接听' });
    expect((await c.handlerA!.post('/api/duty-call-failures', { unit: w.units.deptB.code, calledAt: MONDAY_10AM.toISOString() })).statusCode).toBe(403);
    expect((await c.operator!.post('/api/duty-call-failures', { unit: w.units.deptB.code, calledAt: MONDAY_10AM.toISOString() })).statusCode).toBe(400); // no roster, no phone given
    // the quarterly notice names it
    const notice = await ok(await c.leader!.get('/api/reports/criticism-notice?quarter=2026Q1'));
    const a = notice.criticised.find((x: { unit: { code: string } }) => x.unit.code === w.units.deptA.code);
    expect(a.reasons.map((x: { reason: string }) => x.reason)).toContain('duty_phone_unanswered');
  });
});
