/**
 * Concurrency (issue #9 §6): two app instances on one database and many clients acting on the
 * same few cases at once. Every request is applied or refused with a 4xx, never a 5xx; no update is
 * lost (N applied urges are N urges and N events); every applied step is exactly the history event
 * its answer's version names; and each case's history replays through the transition table to the
 * stored state, version, lead unit and urge count.
 *
 * On PostgreSQL the instances have a connection pool each (two processes' worth of concurrency);
 * on PGlite both share the one embedded connection, so the race is between the instances' requests
 * interleaving, not between transactions.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openPostgres, type DatabaseHandle } from '../src/server/db/database';
import { PolicyStore } from '../src/server/policy/policy';
import { runTimersOnce } from '../src/server/jobs/timer-worker';
import { CASE_ACTIONS, type CaseAction } from '../src/core/case-lifecycle';
import { replayHistory } from '../src/core/replay';
import { ENGINE } from './db';
import { createTestApp, login, makeWorld, sampleCase, type Client, type TestApp, type World } from './app';

let t: TestApp;
let w: World;
let second: { app: FastifyInstance; db: DatabaseHandle; own: boolean };
/** A client per user on each instance: `[onFirst, onSecond]`. */
const clients: Record<string, [Client, Client]> = {};
/** PGlite serialises everything through one connection: half the work shows the same interleavings in half the time. */
const ROUNDS = ENGINE === 'postgres' ? 1 : 0.5;
/** Figures for docs/reliability.md, printed at the end. */
const figures: Record<string, unknown> = { engine: ENGINE };

/** A second handle on the same PostgreSQL database (PGlite: the same embedded database). */
async function openSecondHandle(first: DatabaseHandle): Promise<{ db: DatabaseHandle; own: boolean }> {
  const adminUrl = inject('pgAdminUrl');
  if (first.engine !== 'postgres' || !adminUrl) return { db: first, own: false };
  const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(first.db);
  const url = new URL(adminUrl);
  url.pathname = `/${rows[0]!.name}`;
  return { db: await openPostgres(url.toString(), 5), own: true };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  const h = await openSecondHandle(t.db);
  const app = await buildApp({ db: h.db, config: loadConfig({ SESSION_HOURS: '720' }, []), clock: t.now });
  second = { app, ...h };
  for (const key of Object.keys(w.users)) clients[key] = [await login(t.app, w.users[key]!), await login(second.app, w.users[key]!)];
}, 120_000);

afterAll(async () => {
  console.log(`[concurrency] ${JSON.stringify(figures)}`);
  await second?.app.close();
  if (second?.own) await second.db.close();
  await t?.close();
});

const on = (key: string, instance: number): Client => clients[key]![instance % 2]!;

async function register(over: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
  const res = await on('operator', 0).post('/api/cases', sampleCase(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function step(who: string, id: string, path: string, body: Record<string, unknown>): Promise<{ id: string; version: number; state: string }> {
  const res = await on(who, 0).post(`/api/cases/${id}/${path}`, body);
  expect(res.statusCode, `${who} ${path}: ${res.body}`).toBe(200);
  return res.json();
}

async function history(caseId: string) {
  const rows = await t.db.db.selectFrom('case_events').select(['seq', 'action', 'from_state', 'to_state', 'actor_role', 'payload']).where('case_id', '=', caseId).orderBy('seq').execute();
  return rows.map((r) => ({ seq: r.seq, action: r.action, fromState: r.from_state, toState: r.to_state, actorRole: r.actor_role, payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown> }));
}

/** The history replays to the stored case; returns the stored row. */
async function expectReplays(caseId: string) {
  const row = await t.db.db.selectFrom('cases').select(['state', 'version', 'lead_unit_id', 'urge_count']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const replayed = replayHistory(await history(caseId));
  expect(replayed, `case ${caseId}`).toEqual({ state: row.state, version: row.version, leadUnitId: row.lead_unit_id, urgeCount: row.urge_count });
  return row;
}

function noServerError(res: LightMyRequestResponse, what: string): void {
  expect(res.statusCode, `${what}: ${res.body}`).toBeLessThan(500);
}

describe('two instances, many clients, the same cases', () => {
  it('applies exactly one of many different steps sent at once on the same version; the others get 409', async () => {
    const rounds = 4;
    const outcomes: number[] = [];
    await Promise.all(
      Array.from({ length: rounds }, async () => {
        const reg = await register();
        const k = await step('dispatcher', reg.id, 'dispatch', { version: reg.version, units: [w.units.deptA.code] });
        const v = k.version;
        const attempts: [string, string, Record<string, unknown>][] = [
          ['handlerA', 'accept', {}],
          ['handlerA', 'return', { reason: '不属于本单位职责' }],
          ['handlerA', 'extension-requests', { reason: '需协调多个部门现场核查', limit: '2wd' }],
          ['supervisor', 'urges', { note: '请尽快办理' }],
          ['supervisor', 'supervise', { note: '请于期限内书面反馈办理情况' }],
          ['dispatcher', 'co-units', { unit: w.units.deptB.code }],
          ['leader', 'instructions', { instruction: '请高度重视，尽快解决' }],
          ['operator', 'callbacks', { type: 'process', reached: true, comment: '过程回访：已联系群众' }],
        ];
        const sent = attempts.flatMap(([who, path, body]) => [0, 1].map((i) => ({ who, path, res: on(who, i).post(`/api/cases/${k.id}/${path}`, { version: v, ...body }) })));
        const done = await Promise.all(sent.map(async (s) => ({ ...s, res: await s.res })));
        for (const d of done) noServerError(d.res, `${d.who} ${d.path}`);
        const applied = done.filter((d) => d.res.statusCode === 200);
        outcomes.push(applied.length);
        expect(applied, done.map((d) => `${d.path} ${d.res.statusCode}`).join(', ')).toHaveLength(1);
        for (const d of done.filter((x) => x.res.statusCode !== 200)) {
          expect(d.res.statusCode).toBe(409);
          expect(d.res.json().error.code).toBe('case.stale_version');
        }
        // the winner's answer is version v + 1, and that is the one new event in the history
        const winner = applied[0]!.res.json();
        expect(winner.version).toBe(v + 1);
        const events = await history(k.id);
        expect(events.map((e) => e.seq)).toEqual(Array.from({ length: v + 1 }, (_, i) => i + 1));
        await expectReplays(k.id);
      }),
    );
    figures.sameVersion = { cases: rounds, requestsPerCase: 16, appliedPerCase: outcomes };
  }, 180_000);

  it('loses no update when clients retry on 409: N applied urges are N urges, N events and N versions', async () => {
    const cases = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const reg = await register();
        const k = await step('dispatcher', reg.id, 'dispatch', { version: reg.version, units: [w.units.deptA.code] });
        return step('handlerA', k.id, 'accept', { version: k.version });
      }),
    );
    const perClient = Math.ceil(3 * ROUNDS);
    // supervisors urge and leaders instruct, on both instances, each re-reading the case after a 409
    const workers = [0, 1, 2].flatMap((i) => [
      { who: 'supervisor', instance: i, path: 'urges', body: { note: '请加快办理进度' } },
      { who: 'leader', instance: i, path: 'instructions', body: { instruction: '请抓紧落实' } },
    ]);
    let requests = 0;
    let stale = 0;
    await Promise.all(
      workers.flatMap((wk) =>
        cases.map(async (c) => {
          const client = on(wk.who, wk.instance);
          for (let n = 0; n < perClient; n++) {
            for (let attempt = 0; ; attempt++) {
              expect(attempt, 'a client kept losing the race').toBeLessThan(200);
              const cur = (await client.get(`/api/cases/${c.id}`)).json();
              const res = await client.post(`/api/cases/${c.id}/${wk.path}`, { version: cur.version, ...wk.body });
              requests++;
              noServerError(res, wk.path);
              if (res.statusCode === 200) break;
              expect(res.json().error.code).toBe('case.stale_version');
              stale++;
            }
          }
        }),
      ),
    );
    const urgers = workers.filter((x) => x.path === 'urges').length;
    const instructors = workers.length - urgers;
    for (const c of cases) {
      const row = await expectReplays(c.id);
      const events = await history(c.id);
      expect(row.urge_count).toBe(urgers * perClient);
      expect(events.filter((e) => e.action === 'urge')).toHaveLength(urgers * perClient);
      expect(events.filter((e) => e.action === 'instruct')).toHaveLength(instructors * perClient);
      // register, dispatch, accept, then one version per applied step
      expect(row.version).toBe(3 + workers.length * perClient);
      // the urge that crossed the escalation threshold armed its timer once, however many raced past it
      const timers = await t.db.db.selectFrom('timers').select('kind').where('case_id', '=', c.id).where('kind', '=', 'escalation').execute();
      expect(timers).toHaveLength(1);
    }
    figures.retryOnStale = { cases: cases.length, clients: workers.length, appliedPerCase: workers.length * perClient, requests, stale };
  }, 180_000);

  it('registers one case for an SMS or a message sent to both instances many times at once', async () => {
    const sms = { messageId: `race-${w.suffix}`, from: '13912345678', text: '幸福小区3栋楼下烧烤店油烟扰民，请处理。' };
    const message = { channel: 'online', externalId: `race-${w.suffix}`, kind: 'complaint', title: '小区路灯不亮', content: '幸福小区东门路灯已经坏了一周，晚上出行不便。', citizen: { name: '李娜', phone: '13912345679' } };
    const send = (path: string, body: unknown) => Promise.all(Array.from({ length: 12 }, (_, i) => on('operator', i).post(path, body)));
    for (const [path, body, channel] of [['/api/intake/sms', sms, 'sms'], ['/api/intake/messages', message, 'online']] as const) {
      const answers = await send(path, body);
      for (const a of answers) noServerError(a, path);
      expect(answers.filter((a) => a.statusCode === 201), path).toHaveLength(1);
      expect(answers.filter((a) => a.statusCode === 200), path).toHaveLength(answers.length - 1);
      expect(new Set(answers.map((a) => a.json().caseId)).size).toBe(1);
      const stored = await t.db.db.selectFrom('cases').select('id').where('channel', '=', channel).where('external_id', '=', `race-${w.suffix}`).execute();
      expect(stored).toHaveLength(1);
      const receipts = await t.db.db.selectFrom('outbox').select('id').where('case_id', '=', stored[0]!.id).where('purpose', '=', 'receipt').execute();
      expect(receipts).toHaveLength(1);
    }
    // different messages at once: each its own case with its own number
    const many = await Promise.all(Array.from({ length: 12 }, (_, i) => on('operator', i).post('/api/intake/sms', { ...sms, messageId: `many-${w.suffix}-${i}` })));
    expect(many.map((a) => a.statusCode)).toEqual(Array(12).fill(201));
    expect(new Set(many.map((a) => a.json().caseNo)).size).toBe(12);
    figures.intakeRace = { duplicatesSent: 24, casesCreated: 2, distinctMessages: 12 };
  }, 180_000);

  it('refuses, without a server error, two cases merged into each other at once', async () => {
    let applied = 0;
    let refused = 0;
    for (let round = 0; round < 4; round++) {
      const a = await register();
      const b = await register();
      const [x, y] = await Promise.all([
        on('operator', 0).post(`/api/cases/${a.id}/merge`, { version: a.version, into: b.id }),
        on('dispatcher', 1).post(`/api/cases/${b.id}/merge`, { version: b.version, into: a.id }),
      ]);
      noServerError(x, 'merge a into b');
      noServerError(y, 'merge b into a');
      // at most one of them closes its case into the other
      expect([x, y].filter((r) => r.statusCode === 200).length).toBeLessThanOrEqual(1);
      for (const r of [x, y]) {
        if (r.statusCode === 200) applied++;
        else refused++;
      }
      await expectReplays(a.id);
      await expectReplays(b.id);
    }
    figures.crossMerge = { pairs: 4, applied, refused };
  }, 180_000);

  it('keeps every history replayable under a random mix of all roles on both instances, with the timer sweeps running', async () => {
    const CASES = 6;
    const ITERATIONS = Math.ceil(14 * ROUNDS);
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) ids.push((await register({ title: `并发测试诉求 ${i}` })).id);
    const seed = 0x5eed ^ Number.parseInt(w.suffix, 16);
    let state = seed;
    const random = () => ((state = (Math.imul(state ^ (state >>> 15), 2654435761) + 0x6d2b79f5) >>> 0) / 2 ** 32);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

    const PATHS: Partial<Record<CaseAction, string>> = {
      dispatch: 'dispatch', add_co_unit: 'co-units', accept: 'accept', return: 'return', reject_return: 'reject-return', reply: 'reply', co_reply: 'co-reply',
      sign_off: 'sign-off', reject_sign_off: 'refuse-sign-off', approve_reply: 'approve', rework: 'rework', request_extension: 'extension-requests',
      decide_extension: 'extension-decision', callback: 'callbacks', close: 'close', urge: 'urges', supervise: 'supervise', instruct: 'instructions',
      archive: 'archive', dispatch_down: 'dispatch-down', link_repeat: 'link-repeat', respond_order: 'order-response',
    };
    const bodyOf = (action: CaseAction, caseState: string, caseId: string): Record<string, unknown> => {
      switch (action) {
        case 'dispatch': return { units: [pick([w.units.deptA.code, w.units.deptB.code, w.units.district.code])], limit: '1h' };
        case 'add_co_unit': return { unit: pick([w.units.water.code, w.units.street2.code]) };
        case 'return': return { reason: '该事项不属于本单位职责' };
        case 'reject_return': return { reason: '经核实属于该单位职责' };
        case 'reply': return { content: '经现场核查，该烧烤店油烟净化设施未正常使用，已责令其立即整改并限定营业至22:00，已复查整改到位。', contactedAt: t.now().toISOString(), citizenAttitude: '群众表示认可' };
        case 'co_reply': return { content: '协办单位已配合现场核查。' };
        case 'reject_sign_off': return { reason: '答复内容不完整' };
        case 'rework': return { reason: '答复未解决群众问题' };
        case 'request_extension': return { reason: '需协调多个部门现场核查', limit: '2wd' };
        case 'decide_extension': return { approve: random() < 0.5 };
        case 'callback':
          return caseState === 'pending_callback'
            ? { type: 'result', reached: true, contacted: true, satisfaction: pick(['satisfied', 'dissatisfied']), resolved: true }
            : { type: caseState === 'closed' ? 'look_back' : 'process', reached: true };
        case 'close': return { explanation: '已向群众解释说明' };
        case 'urge': return { note: '请尽快办理' };
        case 'supervise': return { note: '请于期限内书面反馈' };
        case 'instruct': return { instruction: '请抓紧落实' };
        case 'dispatch_down': return { unit: pick([w.units.street1.code, w.units.street2.code]) };
        case 'link_repeat': return { of: pick(ids.filter((x) => x !== caseId)) };
        case 'respond_order': return { response: '已按督办要求整改完毕，详见书面报告。' };
        default: return {};
      }
    };
    const roles = ['operator', 'dispatcher', 'supervisor', 'leader', 'handlerA', 'leaderA', 'handlerB', 'leaderB', 'handlerD', 'handlerS1', 'leaderS1', 'handlerS2', 'handlerW'];
    const applied = new Map<string, { version: number; action: CaseAction }[]>(ids.map((id) => [id, []]));
    const statuses: Record<string, number> = {};
    const count = (k: string) => (statuses[k] = (statuses[k] ?? 0) + 1);
    const instances = [t.db, second.db];
    let timerPasses = 0;

    const client = async (who: string, instance: number) => {
      const c = on(who, instance);
      for (let i = 0; i < ITERATIONS; i++) {
        // a unit's user mostly opens the cases it can see
        let id = pick(ids);
        let got = await c.get(`/api/cases/${id}`);
        for (let look = 0; got.statusCode === 404 && look < 3 && random() < 0.8; look++) got = await c.get(`/api/cases/${(id = pick(ids))}`);
        noServerError(got, `${who} GET`);
        if (got.statusCode === 404 && random() < 0.7) continue;
        // as the web app would: a step the server offers, sometimes one it does not, sometimes on a stale page
        const offered: CaseAction[] = got.statusCode === 200 ? got.json().allowedActions.filter((a: CaseAction) => PATHS[a]) : [];
        const action: CaseAction = offered.length && random() < 0.8 ? pick(offered) : pick(CASE_ACTIONS.filter((a) => PATHS[a]));
        const version = got.statusCode === 200 ? got.json().version - (random() < 0.1 ? 1 : 0) : 1;
        const res = await c.post(`/api/cases/${id}/${PATHS[action]}`, { version, ...bodyOf(action, got.statusCode === 200 ? got.json().state : '', id) });
        noServerError(res, `${who} ${action}`);
        count(String(res.statusCode));
        if (res.statusCode === 200) applied.get(id)!.push({ version: res.json().version, action });
      }
    };
    let running = true;
    const sweeps = async () => {
      // early on the 1-hour limits run out; both instances' timer workers race the clients
      let advanced = false;
      while (running) {
        const sent = Object.values(statuses).reduce((a, b) => a + b, 0);
        if (!advanced && sent >= (roles.length * ITERATIONS) / 2) {
          t.advance(2 * 3600_000);
          advanced = true;
        }
        await Promise.all(instances.map((db) => runTimersOnce({ db: db.db, policy: new PolicyStore(db.db), clock: t.now })));
        timerPasses += 2;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const sweeping = sweeps();
    await Promise.all(roles.flatMap((who) => [client(who, 0), client(who, 1)]));
    running = false;
    await sweeping;

    let systemEvents = 0;
    for (const id of ids) {
      const row = await expectReplays(id);
      const events = await history(id);
      const steps = events.filter((e) => (CASE_ACTIONS as readonly string[]).includes(e.action));
      // every 200 is the event its version names, and no event is without its 200
      expect(steps.map((e) => `${e.seq}:${e.action}`).sort()).toEqual(applied.get(id)!.map((a) => `${a.version}:${a.action}`).sort());
      systemEvents += events.length - 1 - steps.length;
      expect(row.version).toBe(events.length);
    }
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    const appliedCount = statuses['200'] ?? 0;
    expect(appliedCount).toBeGreaterThan(CASES);
    figures.randomMix = { clients: roles.length * 2, cases: CASES, requests: total, applied: appliedCount, refused: total - appliedCount, byStatus: statuses, timerPasses, systemEvents, seed };
  }, 180_000);
});
