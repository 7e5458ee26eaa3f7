/** The demo city a first `npm start` seeds (issue #2 §8). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { seedDefaultPolicy } from '../src/server/policy/policy';
import { seedDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/server/demo/seed-demo';
import { checkDemoData } from '../src/server/demo/demo-data';
import { CASE_STATES } from '../src/core/case-lifecycle';
import { ROLES } from '../src/core/enums';
import type { DatabaseHandle } from '../src/server/db/database';
import type { FastifyInstance } from 'fastify';
import { freshDatabase } from './db';
import { clientWith } from './app';

const NOW = new Date('2026-11-20T06:00:00Z');
let db: DatabaseHandle;
let app: FastifyInstance;

beforeAll(async () => {
  db = await freshDatabase();
  await seedDefaultPolicy(db.db, NOW);
  await seedDemo(db, { now: NOW, portalUrl: 'http://localhost:3000' });
  app = await buildApp({ db, config: loadConfig({}, []), clock: () => NOW });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function loginAs(username: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  expect(res.statusCode, username).toBe(200);
  return clientWith(app, { cookie: `hy_session=${res.cookies[0]!.value}` });
}

describe('the demo city', () => {
  it('has consistent data', () => {
    expect(checkDemoData()).toEqual([]);
  });

  it('has a centre, 3 districts of 2 streets each, 10+ departments, the utilities, 12315 and 12333', async () => {
    const units = await db.db.selectFrom('units').select(['code', 'type', 'name', 'parent_id', 'id']).execute();
    const byType = (t: string) => units.filter((u) => u.type === t);
    expect(byType('centre')).toHaveLength(1);
    const districts = byType('district');
    expect(districts).toHaveLength(3);
    for (const d of districts) expect(byType('street').filter((s) => s.parent_id === d.id)).toHaveLength(2);
    expect(byType('department').length).toBeGreaterThanOrEqual(10);
    const names = units.map((u) => u.name).join(' ');
    for (const word of ['水务', '供电', '燃气', '12315', '12333']) expect(names).toContain(word);
    expect(byType('discipline')).toHaveLength(1);
    expect(byType('political_legal')).toHaveLength(1);
  });

  it('has a demo account for every role, and they can log in', async () => {
    const roles = new Set((await db.db.selectFrom('users').select('role').execute()).map((r) => r.role));
    for (const r of ROLES) expect(roles.has(r), r).toBe(true);
    for (const a of DEMO_ACCOUNTS) await loginAs(a.username);
    await loginAs('h.dept-cg');
  });

  it('has 300+ cases in every state, spread over the last 90 days', async () => {
    const rows = await db.db.selectFrom('cases').select(['state', 'created_at']).execute();
    expect(rows.length).toBeGreaterThanOrEqual(300);
    for (const s of CASE_STATES) expect(rows.filter((r) => r.state === s).length, s).toBeGreaterThanOrEqual(5);
    const ages = rows.map((r) => (NOW.getTime() - r.created_at.getTime()) / 86_400_000);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(90);
    expect(Math.max(...ages)).toBeGreaterThan(60);
    expect(rows.filter((r) => (NOW.getTime() - r.created_at.getTime()) / 86_400_000 < 7).length).toBeGreaterThan(20);
  });

  it('has histories that replay to the stored state and version', async () => {
    const bad = await sql<{ id: string }>`
      SELECT c.id FROM cases c
      JOIN LATERAL (SELECT count(*) AS n, max(seq) AS top FROM case_events e WHERE e.case_id = c.id) h ON true
      JOIN case_events last ON last.case_id = c.id AND last.seq = c.version
      WHERE h.n <> c.version OR h.top <> c.version OR last.to_state <> c.state`.execute(db.db);
    expect(bad.rows).toEqual([]);
  });

  it('shows a street handler only the cases of its street', async () => {
    const client = await loginAs('h.st-jb-1');
    const body = (await client.get('/api/cases?limit=200')).json();
    expect(body.items.length).toBeGreaterThan(0);
    for (const k of body.items) {
      const units = [k.leadUnit?.code, ...k.coUnits.map((u: { code: string }) => u.code)];
      expect(units).toContain('st-jb-1');
    }
  });

  it('lets a citizen follow a demo case on the portal', async () => {
    const row = await db.db.selectFrom('cases').select(['case_no', 'query_code']).where('state', '=', 'archived').limit(1).executeTakeFirstOrThrow();
    const res = await app.inject({ method: 'GET', url: `/api/public/cases/${row.case_no}?code=${row.query_code}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().finalReply).toBeTruthy();
  });

  it('shows the supervision work of issue #7: orders answered and closed, criticism entries, promises, special reports, rating links', async () => {
    const orders = await db.db.selectFrom('supervision_orders').select(['status']).execute();
    for (const st of ['open', 'responded', 'closed']) expect(orders.some((o) => o.status === st), st).toBe(true);
    const reasons = new Set((await db.db.selectFrom('criticism_entries').select('reason').execute()).map((e) => e.reason));
    expect(reasons.has('consecutive_rework')).toBe(true);
    expect(reasons.has('contradicts_reality')).toBe(true);
    expect((await db.db.selectFrom('promises').select('id').execute()).length).toBeGreaterThan(5);
    const reports = await db.db.selectFrom('special_reports').select(['status']).execute();
    expect(reports.map((r) => r.status).sort()).toEqual(['draft', 'submitted']);
    const methods = new Set((await db.db.selectFrom('callback_tasks').select('method').where('type', '=', 'result').where('done_at', 'is', null).execute()).map((x) => x.method));
    expect(methods).toEqual(new Set(['phone', 'link']));
    const leader = await loginAs('leader');
    expect((await leader.get('/api/special-reports')).json()).toHaveLength(1);
  });
});
