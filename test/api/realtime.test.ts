/**
 * Real-time events across instances (issue #10 §4): two apps on one database — on PostgreSQL two
 * handles on the same URL, each with its own LISTEN; on PGlite two apps on the one handle. A step
 * on instance A reaches an event stream of instance B, filtered by what each user may see.
 * A real HTTP listen and a streaming reader, since inject does not stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { openPostgres, type DatabaseHandle } from '../../src/server/db/database';
import { createTestApp, loginAll, makeWorld, PASSWORD, sampleCase, type Client, type TestApp, type World } from '../app';
import { ENGINE } from '../db';
import { PolicyStore } from '../../src/server/policy/policy';
import { sweepOverdue } from '../../src/server/jobs/timer-worker';
import { publishCaseChanges } from '../../src/server/realtime/case-events';

interface Ev {
  event: string;
  data: Record<string, unknown>;
  /** When the stream delivered it (Date.now()). */
  received: number;
}

interface Stream {
  status: number;
  events: Ev[];
  /** The first event (already received or still to come) that matches, or a rejection after `ms`. */
  next(match: (e: Ev) => boolean, ms?: number): Promise<Ev>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

let t: TestApp;
let w: World;
let c: Record<string, Client>;
let dbB: DatabaseHandle;
let appB: FastifyInstance;
let base: string;
const cookies: Record<string, string> = {};
const opened: Stream[] = [];

async function loginCookie(app: FastifyInstance, username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  expect(res.statusCode).toBe(200);
  return `hy_session=${res.cookies.find((x) => x.name === 'hy_session')!.value}`;
}

async function openStream(cookie: string | null): Promise<Stream> {
  const ctl = new AbortController();
  const res = await fetch(`${base}/api/events`, { headers: cookie ? { cookie } : {}, signal: ctl.signal });
  const events: Ev[] = [];
  const waiters: { match: (e: Ev) => boolean; resolve: (e: Ev) => void }[] = [];
  let endedResolve!: () => void;
  const ended = new Promise<void>((r) => (endedResolve = r));
  const push = (e: Ev) => {
    events.push(e);
    for (const wt of [...waiters]) {
      if (wt.match(e)) {
        waiters.splice(waiters.indexOf(wt), 1);
        wt.resolve(e);
      }
    }
  };
  if (res.ok && res.body) {
    void (async () => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buf += decoder.decode(value, { stream: true });
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) push({ event, data: JSON.parse(data), received: Date.now() });
          }
        }
      } catch {
        // aborted by the test
      }
      endedResolve();
    })();
  } else endedResolve();
  const stream: Stream = {
    status: res.status,
    events,
    ended,
    next: (match, ms = 1000) => {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const wt = { match, resolve: (e: Ev) => (clearTimeout(timer), resolve(e)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(wt), 1);
          reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`));
        }, ms);
        waiters.push(wt);
      });
    },
    close: () => ctl.abort(),
  };
  opened.push(stream);
  if (res.ok) await stream.next((e) => e.event === 'ready', 5000);
  return stream;
}

const about = (caseId: string, action?: string) => (e: Ev) => e.event === 'case' && e.data.caseId === caseId && (!action || e.data.action === action);

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  // instance B: its own pool (and its own LISTEN) on the same PostgreSQL database; on PGlite, the one handle
  dbB = ENGINE === 'postgres' ? await openPostgres(t.db.url!, 3) : t.db;
  appB = await buildApp({ db: dbB, config: loadConfig({ SESSION_HOURS: '720' }, []), clock: t.now });
  appB.caseEvents.heartbeatMs = 250;
  await appB.listen({ port: 0, host: '127.0.0.1' });
  const addr = appB.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  // sessions live in the database: a login on A is valid on B
  for (const k of ['dispatcher', 'handlerA', 'handlerB', 'leaderA', 'handlerD']) cookies[k] = await loginCookie(t.app, w.users[k]!);
}, 60_000);

afterAll(async () => {
  for (const s of opened) s.close();
  await appB?.close();
  if (dbB && dbB !== t.db) await dbB.close();
  await t?.close();
});

describe('GET /api/events', () => {
  it('refuses anonymous callers with 401', async () => {
    const res = await appB.inject({ method: 'GET', url: '/api/events' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.unauthenticated');
    const s = await openStream(null);
    expect(s.status).toBe(401);
  });

  it('delivers a step taken on instance A to a stream on instance B within a second, only to users who may see the case', async () => {
    const dispatcher = await openStream(cookies.dispatcher!);
    const handlerA = await openStream(cookies.handlerA!);
    const handlerB = await openStream(cookies.handlerB!);

    const reg = (await c.operator!.post('/api/cases', sampleCase())).json();
    const reached = await dispatcher.next(about(reg.id, 'register'));
    expect(reached.data).toMatchObject({ caseNo: reg.caseNo, state: 'registered', version: 1 });

    const res = await c.dispatcher!.post(`/api/cases/${reg.id}/dispatch`, { version: 1, units: [w.units.deptA.code] });
    expect(res.statusCode, res.body).toBe(200);
    const committed = Date.now(); // the step's answer: its transaction has committed on A
    const ev = await handlerA.next(about(reg.id, 'dispatch'), 1000);
    expect(ev.received - committed).toBeLessThan(1000);
    expect(ev.data).toMatchObject({ caseNo: reg.caseNo, state: 'dispatched', version: 2, leadUnitId: w.units.deptA.id, unitIds: [w.units.deptA.id] });
    // no personal data and no text travel on the stream
    expect(JSON.stringify(ev.data)).not.toContain('13800138000');
    expect(JSON.stringify(ev.data)).not.toContain('烧烤');
    await dispatcher.next(about(reg.id, 'dispatch'));

    // another unit hears nothing of it, not even the registration
    await new Promise((r) => setTimeout(r, 300));
    expect(handlerB.events.filter((e) => e.data.caseId === reg.id)).toEqual([]);
    expect(handlerA.events.filter((e) => e.data.caseId === reg.id).map((e) => e.data.action)).toEqual(['dispatch']);
  });

  it('tells a unit when a case leaves it, without the new unit or state', async () => {
    const handlerB = await openStream(cookies.handlerB!);
    const leaderA = await openStream(cookies.leaderA!);
    const reg = (await c.operator!.post('/api/cases', sampleCase())).json();
    let k = (await c.dispatcher!.post(`/api/cases/${reg.id}/dispatch`, { version: 1, units: [w.units.deptB.code] })).json();
    k = (await c.handlerB!.post(`/api/cases/${reg.id}/return`, { version: k.version, reason: '占道经营属城管执法职责，不属我局职责范围。' })).json();
    expect(k.state).toBe('returned');
    // still its case while the centre decides
    await handlerB.next(about(reg.id, 'return'));
    const res = await c.dispatcher!.post(`/api/cases/${reg.id}/dispatch`, { version: k.version, units: [w.units.deptA.code] });
    expect(res.statusCode, res.body).toBe(200);
    const redispatched = res.json().version;
    const gone = await handlerB.next((e) => e.event === 'case-gone' && e.data.caseId === reg.id);
    expect(gone.data).toEqual({ caseId: reg.id, caseNo: reg.caseNo, version: redispatched });
    expect(handlerB.events.some((e) => about(reg.id)(e) && e.data.version === redispatched)).toBe(false);
    expect((await leaderA.next(about(reg.id, 'dispatch'))).data.version).toBe(redispatched);
    expect(leaderA.events.filter(about(reg.id)).map((e) => e.data.action)).toEqual(['dispatch']);
  });

  it('reaches the unit above the handling unit (a district sees its streets’ cases)', async () => {
    const handlerD = await openStream(cookies.handlerD!);
    const reg = (await c.operator!.post('/api/cases', sampleCase())).json();
    await c.dispatcher!.post(`/api/cases/${reg.id}/dispatch`, { version: 1, units: [w.units.street1.code] });
    const ev = await handlerD.next(about(reg.id, 'dispatch'));
    expect(ev.data.leadUnitId).toBe(w.units.street1.id);
  });

  it('ends a stream at logout: at once on the same instance, at the next heartbeat on another', async () => {
    const own = await loginCookie(appB, w.users.handlerA!);
    const here = await openStream(own);
    await appB.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: own } });
    expect((await here.next((e) => e.event === 'bye', 1000)).data.reason).toBe('logged_out');
    await here.ended;

    const other = await loginCookie(t.app, w.users.handlerA!);
    const there = await openStream(other);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: other } });
    expect(res.statusCode).toBe(204);
    expect((await there.next((e) => e.event === 'bye', 2000)).data.reason).toBe('session_ended');
    await there.ended;
  });

  it('publishes a system sweep (many cases in one transaction) and nothing from a transaction that rolls back', async () => {
    const handlerA = await openStream(cookies.handlerA!);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const reg = (await c.operator!.post('/api/cases', sampleCase())).json();
      await c.dispatcher!.post(`/api/cases/${reg.id}/dispatch`, { version: 1, units: [w.units.deptA.code] });
      ids.push(reg.id);
    }
    const policy = new PolicyStore(t.db.db);
    const later = new Date(t.now().getTime() + 90 * 86_400_000);
    expect(await sweepOverdue({ db: t.db.db, policy, clock: () => later }, await policy.get(), later)).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect((await handlerA.next(about(id, 'overdue'))).data.state).toBe('dispatched');

    const row = await t.db.db.selectFrom('cases').selectAll().where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    await expect(
      t.db.db.transaction().execute(async (trx) => {
        await publishCaseChanges(trx, [{ row, action: 'rolled_back', at: t.now() }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await t.db.db.transaction().execute((trx) => publishCaseChanges(trx, [{ row, action: 'committed', at: t.now() }]));
    await handlerA.next(about(ids[0]!, 'committed'));
    expect(handlerA.events.some(about(ids[0]!, 'rolled_back'))).toBe(false);
  });

  it('caps the open streams per user', async () => {
    const cookie = await loginCookie(t.app, w.users.leaderB!);
    const streams: Stream[] = [];
    for (let i = 0; i < appB.caseEvents.maxStreamsPerUser; i++) streams.push(await openStream(cookie));
    const refused = await appB.inject({ method: 'GET', url: '/api/events', headers: { cookie } });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    streams[0]!.close();
    await new Promise((r) => setTimeout(r, 200));
    const again = await openStream(cookie);
    expect(again.status).toBe(200);
    for (const s of [...streams, again]) s.close();
  });

  it('is documented in the OpenAPI document as an event stream', async () => {
    const doc = (await appB.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = doc.paths['/api/events'].get;
    expect(op.tags).toEqual(['events']);
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/event-stream']);
  });
});
