/**
 * The region key (issue #10 §4, docs/scale-out.md), checked where it can be without Citus: every
 * case gets its region_id on every creation path and keeps it; the child rows that would be
 * co-located with it (case_units, case_events) carry the same key; and the unit queue's visibility
 * join is region-consistent. Not checked here: Citus itself (not installable on this machine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, loginAll, makeWorld, sampleCase, tokenClient, type Client, type TestApp, type World } from './app';
import { ENGINE } from './db';
import { visibleTo } from '../src/server/cases/cases.repo';
import { loadAuthUser } from '../src/server/auth/auth.repo';
import { PolicyStore } from '../src/server/policy/policy';
import { sweepOverdue } from '../src/server/jobs/timer-worker';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

const square = (x0: number, x1: number) => ({ type: 'Polygon', coordinates: [[[x0, 0], [x1, 0], [x1, 1], [x0, 1], [x0, 0]]] });

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  const up = await c.admin!.put('/api/regions', {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { unitCode: w.units.district.code, name: '东城区', aliases: ['东城'] }, geometry: square(0, 2) },
      { type: 'Feature', properties: { unitCode: w.units.street1.code, name: '东华街道', aliases: ['东华'] }, geometry: square(0, 1) },
    ],
  });
  expect(up.statusCode, up.body).toBe(200);
}, 60_000);
afterAll(async () => t?.close());

async function regionOf(id: string) {
  return t.db.db.selectFrom('cases').select(['region_id', 'district_id']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Child rows whose region differs from their case's: must stay empty. */
async function strayChildren(): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM case_units cu JOIN cases c ON c.id = cu.case_id WHERE cu.region_id IS DISTINCT FROM c.region_id)
         + (SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.region_id IS DISTINCT FROM c.region_id) AS n`.execute(t.db.db);
  return Number(r.rows[0]!.n);
}

describe('cases.region_id', () => {
  it('is the case’s district when registration places it, and the city (the unit tree’s root) otherwise', async () => {
    const placed = (await c.operator!.post('/api/cases', sampleCase({ location: { lng: 0.5, lat: 0.5 } }))).json();
    expect(await regionOf(placed.id)).toEqual({ region_id: w.units.district.id, district_id: w.units.district.id });
    const nowhere = (await c.operator!.post('/api/cases', sampleCase({ address: undefined, content: '反映一个没有地点的问题，希望有关部门尽快研究处理，谢谢。' }))).json();
    expect((await regionOf(nowhere.id)).region_id).toBe(w.units.gov.id);
  });

  it('is set on the intake channels’ cases (SMS gateway) and on a row inserted without it', async () => {
    const gateway = await tokenClient(t, w, w.users.operator!);
    const sms = await gateway.post('/api/intake/sms', { messageId: `rk-${w.suffix}`, from: '13900139000', text: '东华街道幸福小区门口路灯坏了一个多月，晚上很黑，请尽快修理。' });
    expect(sms.statusCode, sms.body).toBe(201);
    expect((await regionOf(sms.json().caseId)).region_id).toMatch(/^[0-9a-f-]{36}$/);
    // any writer that forgets the column still gets it (the trigger, not the application, sets it)
    const id = crypto.randomUUID();
    await sql`INSERT INTO cases (id, case_no, query_code, channel, kind, urgency, title, content, state, created_at, updated_at, registered_unit_id)
              VALUES (${id}, ${`RK${w.suffix}`}, 'ABCDEF', 'phone', 'consultation', 'normal', '测试', '测试内容', 'registered', now(), now(), ${w.units.centre.id})`.execute(t.db.db);
    expect((await regionOf(id)).region_id).toBe(w.units.gov.id);
  });

  it('never changes, though district_id is filled later from the lead unit', async () => {
    const nowhere = (await c.operator!.post('/api/cases', sampleCase({ address: undefined, content: '反映一个没有地点的问题，希望有关部门尽快研究处理，谢谢。' }))).json();
    const k = await c.dispatcher!.post(`/api/cases/${nowhere.id}/dispatch`, { version: 1, units: [w.units.street1.code] });
    expect(k.statusCode, k.body).toBe(200);
    expect(await regionOf(nowhere.id)).toEqual({ region_id: w.units.gov.id, district_id: w.units.district.id });
    await expect(sql`UPDATE cases SET region_id = ${w.units.district.id} WHERE id = ${nowhere.id}`.execute(t.db.db)).rejects.toThrow(/region_id never changes/);
  });
});

describe('co-located children', () => {
  it('carry their case’s region on every path that writes them: steps, merges, the overdue sweep', async () => {
    const a = (await c.operator!.post('/api/cases', sampleCase({ location: { lng: 0.5, lat: 0.5 } }))).json();
    const b = (await c.operator!.post('/api/cases', sampleCase())).json();
    const k = (await c.dispatcher!.post(`/api/cases/${a.id}/dispatch`, { version: 1, units: [w.units.street1.code, w.units.deptA.code] })).json();
    expect(k.state).toBe('dispatched');
    // b merged into a: a system event on a, in b's transaction
    const merged = await c.dispatcher!.post(`/api/cases/${b.id}/merge`, { version: 1, into: a.id });
    expect(merged.statusCode, merged.body).toBe(200);
    const policy = new PolicyStore(t.db.db);
    const later = new Date(t.now().getTime() + 90 * 86_400_000);
    expect(await sweepOverdue({ db: t.db.db, policy, clock: () => later }, await policy.get(), later)).toBeGreaterThan(0);
    const events = await t.db.db.selectFrom('case_events').select(['action', 'region_id']).where('case_id', '=', a.id).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['register', 'dispatch', 'corequester_added', 'overdue', 'auto_urge']);
    expect(new Set(events.map((e) => e.region_id))).toEqual(new Set([w.units.district.id]));
    const units = await t.db.db.selectFrom('case_units').select('region_id').where('case_id', '=', a.id).execute();
    expect(units.map((u) => u.region_id)).toEqual([w.units.district.id, w.units.district.id]);
    expect(await strayChildren()).toBe(0);
  });
});

describe('hot paths', () => {
  it('the unit queue joins case_units to cases on the region key as well as the case id', async () => {
    const viewer = (await loadAuthUser(t.db.db, (await t.db.db.selectFrom('users').select('id').where('username', '=', w.users.handlerS1!).executeTakeFirstOrThrow()).id))!;
    const q = t.db.db.selectFrom('cases').select('cases.id').where(visibleTo(viewer));
    const text = q.compile().sql;
    expect(text).toContain('"vcu"."case_id" = "cases"."id"');
    expect(text).toContain('"vcu"."region_id" = "cases"."region_id"');
    // and it still answers what the unit may see: the case dispatched to its street
    const mine = (await c.operator!.post('/api/cases', sampleCase({ location: { lng: 0.5, lat: 0.5 } }))).json();
    await c.dispatcher!.post(`/api/cases/${mine.id}/dispatch`, { version: 1, units: [w.units.street1.code] });
    expect((await q.execute()).map((r) => r.id)).toContain(mine.id);
    const list = (await c.handlerS1!.get('/api/cases?limit=100')).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(mine.id);
  });

  it.runIf(ENGINE === 'postgres')('the step’s lock and the case page load one case by its primary key (PostgreSQL plan)', async () => {
    const one = (await t.db.db.selectFrom('cases').select('id').limit(1).executeTakeFirstOrThrow()).id;
    const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT * FROM cases WHERE id = ${one} FOR UPDATE`.execute(t.db.db);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using cases_pkey/);
  });
});
