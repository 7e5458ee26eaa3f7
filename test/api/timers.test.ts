/**
 * Timers (issue #3 §5): persisted, fired exactly once — across repeated passes, across a restart,
 * and (on PostgreSQL) across two instances sweeping at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { contacted, createTestApp, loginAll, makeWorld, sampleCase, MONDAY_10AM, type Client, type TestApp, type World } from '../app';
import { runTimersOnce, type TimerDeps } from '../../src/server/jobs/timer-worker';
import { PolicyStore, seedDefaultPolicy } from '../../src/server/policy/policy';
import { openPGlite, openPostgres, type DatabaseHandle } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { ENGINE } from '../db';
import { inject } from 'vitest';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let t: TestApp;
let w: World;
let c: Record<string, Client>;
let deps: TimerDeps;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  deps = { db: t.db.db, policy: new PolicyStore(t.db.db, 0), clock: () => t.now() };
});
afterAll(async () => t?.close());

async function dispatch(over: Record<string, unknown> = {}, limit?: string, units = [w.units.deptA.code]) {
  const k = (await c.operator!.post('/api/cases', sampleCase(over))).json();
  const d = await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units, ...(limit ? { limit } : {}) });
  expect(d.statusCode, d.body).toBe(200);
  return d.json();
}
const events = async (id: string, action: string) =>
  (await t.db.db.selectFrom('case_events').select('seq').where('case_id', '=', id).where('action', '=', action).execute()).length;
const notices = async (caseId: string, kind: string) =>
  (await t.db.db.selectFrom('notifications').select('id').where('case_id', '=', caseId).where('kind', '=', kind).execute()).length;

describe('deadline warning and overdue', () => {
  it('warns once when 20 % of the limit is left, then marks overdue once, urges and counts it against the unit', async () => {
    t.setNow(MONDAY_10AM);
    const k = await dispatch({}, '10h'); // due 20:00, warning from 18:00
    expect(k.warnAt).toBe(new Date(MONDAY_10AM.getTime() + 8 * HOUR).toISOString());
    t.advance(7 * HOUR);
    await runTimersOnce(deps);
    expect(await notices(k.id, 'deadline_warning')).toBe(0);
    expect((await c.handlerA!.get(`/api/cases/${k.id}`)).json().deadlineStatus).toBe('normal');
    t.advance(1.5 * HOUR);
    await runTimersOnce(deps);
    await runTimersOnce(deps);
    expect(await notices(k.id, 'deadline_warning')).toBe(1);
    expect((await c.handlerA!.get(`/api/cases/${k.id}`)).json().deadlineStatus).toBe('warning');
    const unitInbox = (await c.handlerA!.get('/api/notifications')).json();
    expect(unitInbox.some((n: { caseNo: string; kind: string }) => n.caseNo === k.caseNo && n.kind === 'deadline_warning')).toBe(true);
    expect((await c.handlerB!.get('/api/notifications')).json()).toEqual([]);

    t.advance(2 * HOUR);
    const pass = await runTimersOnce(deps);
    expect(pass.overdue).toBeGreaterThanOrEqual(1);
    await runTimersOnce(deps);
    expect(await events(k.id, 'overdue')).toBe(1);
    expect(await events(k.id, 'auto_urge')).toBe(1);
    const after = (await c.handlerA!.get(`/api/cases/${k.id}`)).json();
    expect(after.deadlineStatus).toBe('overdue');
    expect(after.overdue).toBe(true);
    expect(after.urgeCount).toBe(1);
    expect(after.version).toBe(k.version + 2);
    const records = await t.db.db.selectFrom('overdue_records').selectAll().where('case_id', '=', k.id).execute();
    expect(records).toHaveLength(1);
    expect(records[0]!.unit_id).toBe(w.units.deptA.id);
    // the unit's stale copy now meets the system's change
    expect((await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: k.version })).statusCode).toBe(409);
  });

  it('re-arms the overdue timer when an approved extension moves the deadline', async () => {
    t.setNow(MONDAY_10AM);
    let k = await dispatch();
    k = (await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: k.version })).json();
    k = (await c.handlerA!.post(`/api/cases/${k.id}/extension-requests`, { version: k.version, reason: '需要联合执法', limit: '2wd' })).json();
    k = (await c.supervisor!.post(`/api/cases/${k.id}/extension-decision`, { version: k.version, approve: true })).json();
    expect(k.dueAt).toBe('2026-03-11T10:00:00.000Z');
    t.setNow('2026-03-10T10:00:00Z'); // past the first due time, before the new one
    await runTimersOnce(deps);
    expect(await events(k.id, 'overdue')).toBe(0);
    t.setNow('2026-03-11T10:00:01Z');
    await runTimersOnce(deps);
    expect(await events(k.id, 'overdue')).toBe(1);
  });

  it('does not mark a case overdue once the unit has replied', async () => {
    t.setNow(MONDAY_10AM);
    let k = await dispatch({}, '1h');
    k = (await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: k.version })).json();
    k = (await c.handlerA!.post(`/api/cases/${k.id}/reply`, { version: k.version, content: '已派员到现场当场处置完毕，漏水管道已修复，群众认可处理结果。', ...contacted(t) })).json();
    t.advance(2 * HOUR);
    await runTimersOnce(deps);
    expect(await events(k.id, 'overdue')).toBe(0);
  });
});

describe('other timers', () => {
  it('puts a process callback in the queue 2 days after dispatch, done by the callback', async () => {
    t.setNow(MONDAY_10AM);
    const k = await dispatch();
    t.advance(DAY);
    await runTimersOnce(deps);
    const queue = async () => ((await c.operator!.get('/api/callback-tasks?type=process')).json() as { caseId: string }[]).filter((x) => x.caseId === k.id);
    expect(await queue()).toHaveLength(0);
    t.advance(DAY + 60_000);
    await runTimersOnce(deps);
    await runTimersOnce(deps);
    expect(await queue()).toHaveLength(1);
    const cur = (await c.operator!.get(`/api/cases/${k.id}`)).json();
    await c.operator!.post(`/api/cases/${k.id}/callbacks`, { version: cur.version, type: 'process', reached: true, contacted: true });
    expect(await queue()).toHaveLength(0);
  });

  it('escalates a case to a supervision order after 3 urges, once', async () => {
    t.setNow(MONDAY_10AM);
    let k = await dispatch();
    for (let i = 0; i < 3; i++) k = (await c.supervisor!.post(`/api/cases/${k.id}/urges`, { version: k.version, note: `第${i + 1}次催办` })).json();
    expect(k.supervised).toBe(false);
    await runTimersOnce(deps);
    await runTimersOnce(deps);
    const after = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
    expect(after.supervised).toBe(true);
    expect(after.requiresSignOff).toBe(true);
    expect(await events(k.id, 'escalate')).toBe(1);
  });

  it('looks back weekly on a closed case until its promise is kept', async () => {
    t.setNow(MONDAY_10AM);
    let k = await dispatch();
    k = (await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: k.version })).json();
    k = (await c.handlerA!.post(`/api/cases/${k.id}/reply`, {
      version: k.version,
      content: '经现场测量，已制定整改方案，隔音屏障需招标采购，预计下月安装完成，结果届时告知。',
      ...contacted(t),
      promises: [{ what: '安装隔音屏障', dueDate: '2026-04-15' }],
    })).json();
    k = (await c.supervisor!.post(`/api/cases/${k.id}/approve`, { version: k.version })).json();
    k = (await c.supervisor!.post(`/api/cases/${k.id}/callbacks`, { version: k.version, type: 'result', reached: true, satisfaction: 'basically_satisfied' })).json();
    expect(k.state).toBe('closed');
    const lookBacks = async () => ((await c.supervisor!.get('/api/callback-tasks?type=look_back')).json() as { caseId: string }[]).filter((x) => x.caseId === k.id).length;
    t.advance(7 * DAY + 60_000);
    await runTimersOnce(deps);
    expect(await lookBacks()).toBe(1);
    const detail = (await c.handlerA!.get(`/api/cases/${k.id}`)).json();
    expect(detail.allowedActions).toContain('keep_promise');
    const promiseId = detail.promises[0].id;
    k = (await c.handlerA!.post(`/api/cases/${k.id}/keep-promise`, { version: detail.version, promiseId, note: '隔音屏障已安装完毕' })).json();
    expect((await c.handlerA!.post(`/api/cases/${k.id}/keep-promise`, { version: k.version, promiseId, note: '再次' })).statusCode).toBe(409);
    t.advance(7 * DAY + 60_000);
    await runTimersOnce(deps);
    const timers = await t.db.db.selectFrom('timers').select(['outcome']).where('case_id', '=', k.id).where('kind', '=', 'look_back').orderBy('due_at').execute();
    expect(timers.map((x) => x.outcome)).toEqual(['task_created', 'skipped:all_kept']);
  });
});

describe('a timer that fell due while the server was down', () => {
  it('fires once after the restart', async () => {
    let handle: DatabaseHandle;
    let reopen: () => Promise<DatabaseHandle>;
    let cleanup: () => Promise<void>;
    if (ENGINE === 'postgres') {
      // a database of its own, opened and closed like a server process would
      const name = `huiyin_restart_${Math.random().toString(16).slice(2, 10)}`;
      const admin = await openPostgres(inject('pgAdminUrl')!, 1);
      await sql.raw(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`).execute(admin.db);
      await admin.close();
      const u = new URL(inject('pgAdminUrl')!);
      u.pathname = `/${name}`;
      reopen = () => openPostgres(u.toString(), 2);
      cleanup = async () => {
        const a = await openPostgres(inject('pgAdminUrl')!, 1);
        await sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).execute(a.db);
        await a.close();
      };
    } else {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'huiyin-restart-'));
      reopen = () => openPGlite(dir);
      cleanup = () => rm(dir, { recursive: true, force: true });
    }
    handle = await reopen();
    await migrate(handle);
    await seedDefaultPolicy(handle.db, MONDAY_10AM);
    let now = MONDAY_10AM;
    const first = { app: await buildApp({ db: handle, config: loadConfig({ SESSION_HOURS: '720' }, []), clock: () => now }), db: handle, now: () => now, setNow: (d: Date | string) => (now = new Date(d)), advance: (ms: number) => (now = new Date(now.getTime() + ms)), close: async () => undefined };
    const world = await makeWorld(first);
    const clients = await loginAll(first, world);
    const k0 = (await clients.operator!.post('/api/cases', sampleCase())).json();
    const k = (await clients.dispatcher!.post(`/api/cases/${k0.id}/dispatch`, { version: 1, units: [world.units.deptA.code], limit: '1h' })).json();
    // the server stops before the case falls due …
    await first.app.close();
    await handle.close();
    // … and comes back three hours later
    now = new Date(MONDAY_10AM.getTime() + 3 * HOUR);
    handle = await reopen();
    const d: TimerDeps = { db: handle.db, policy: new PolicyStore(handle.db, 0), clock: () => now };
    const pass1 = await runTimersOnce(d);
    const pass2 = await runTimersOnce(d);
    expect(pass1.overdue).toBe(1);
    expect(pass2.overdue).toBe(0);
    const overdue = await handle.db.selectFrom('case_events').select('seq').where('case_id', '=', k.id).where('action', '=', 'overdue').execute();
    expect(overdue).toHaveLength(1);
    await handle.close();
    await cleanup();
  });
});

describe.runIf(ENGINE === 'postgres')('two instances on one PostgreSQL', () => {
  it('fire each timer exactly once when they sweep at the same moment', async () => {
    t.setNow(MONDAY_10AM);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await dispatch({}, '1h')).id);
    t.advance(2 * HOUR);
    const second = await openPostgres(inject('pgAdminUrl')!.replace(/\/[^/]*$/, `/${(await sql<{ db: string }>`SELECT current_database() AS db`.execute(t.db.db)).rows[0]!.db}`), 4);
    const d2: TimerDeps = { db: second.db, policy: new PolicyStore(second.db, 0), clock: () => t.now() };
    const [a, b] = await Promise.all([runTimersOnce(deps), runTimersOnce(d2)]);
    await second.close();
    expect(a.overdue + b.overdue).toBeGreaterThanOrEqual(30);
    for (const id of ids) expect(await events(id, 'overdue'), id).toBe(1);
  });
});
