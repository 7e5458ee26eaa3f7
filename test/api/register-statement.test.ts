/**
 * Registration writes the case, its history event, its statistics delta, its real-time notice and
 * its webhook deliveries in one statement (BENCHMARKS.md, Intake), computed from the row the case
 * will have before it is inserted. These tests hold those rows to the case as stored, for the kinds
 * of registration there are, and check that a registration that yields to an earlier one (the same
 * external id) writes none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAll, makeWorld, sampleCase, type Client, type TestApp, type World } from '../app';
import { statsDeltaRows } from '../../src/server/stats/stats.repo';
import { webhookPayload } from '../../src/server/integration/webhooks';
import { registerCase } from '../../src/server/commands/register-case';
import type { CaseRow } from '../../src/server/db/schema';

let t: TestApp;
let w: World;
let c: Record<string, Client | undefined>;
beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  expect((await c.admin!.post('/api/webhooks', { name: '全部事件', url: 'https://platform.example.cn/hook' })).statusCode).toBe(201);
});
afterAll(async () => t?.close());

const maxDeltaId = async () => Number((await t.db.db.selectFrom('stats_deltas').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0);

/** Registers through `register` and returns the stored case with the rows written beside it. */
async function registered(register: () => Promise<string>) {
  const before = await maxDeltaId();
  const id = await register();
  const row = (await t.db.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as CaseRow;
  const deltas = await t.db.db.selectFrom('stats_deltas').selectAll().where('id', '>', before).orderBy('id').execute();
  const events = await t.db.db.selectFrom('case_events').selectAll().where('case_id', '=', id).execute();
  const deliveries = await t.db.db.selectFrom('outbox').selectAll().where('case_id', '=', id).where('purpose', '=', 'webhook').execute();
  return { row, deltas, events, deliveries };
}

const dayText = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);

function expectBesideRows(r: Awaited<ReturnType<typeof registered>>) {
  // the statistics delta is exactly what the stored case contributes
  const expected = statsDeltaRows([[null, r.row]]);
  expect(r.deltas.map(({ id: _id, ...d }) => ({ ...d, day: dayText(d.day) }))).toEqual(
    expected.map((d) => ({ ...d, day: dayText(d.day) })),
  );
  expect(r.events).toHaveLength(1);
  expect(r.events[0]).toMatchObject({ seq: 1, action: 'register', from_state: null, to_state: 'registered' });
  // the webhook body describes the case as stored
  expect(r.deliveries).toHaveLength(1);
  const body = JSON.parse(r.deliveries[0]!.body);
  expect(body).toEqual(webhookPayload(r.deliveries[0]!.id, { row: r.row, seq: 1, action: 'register', fromState: null, toState: 'registered', at: r.row.created_at, actorRole: body.step.actorRole }, null));
  expect(body.id).toBe(r.deliveries[0]!.id);
}

describe('registration in one statement', () => {
  it('writes a statistics delta, an event and a webhook delivery that match the stored case (operator, with address and citizen)', async () => {
    const r = await registered(async () => (await c.operator!.post('/api/cases', sampleCase({ categoryCode: undefined }))).json().id);
    expect(r.row.state).toBe('registered');
    expect(r.row.acknowledged_at).not.toBeNull();
    expectBesideRows(r);
  });

  it('matches for an anonymous request with map coordinates and a confidential one', async () => {
    const anonymous = await registered(async () =>
      (await c.operator!.post('/api/cases', sampleCase({ anonymous: true, citizen: undefined, address: undefined, location: { lng: 116.4, lat: 39.9 } }))).json().id,
    );
    expect(anonymous.row.citizen_phone).toBeNull();
    expectBesideRows(anonymous);
    const confidential = await registered(async () => (await c.operator!.post('/api/cases', sampleCase({ confidential: true, kind: 'tip_off' }))).json().id);
    expect(JSON.parse(confidential.deliveries[0]!.body).case.title).toBeNull();
    expectBesideRows(confidential);
  });

  it('matches for the public mailbox form, registered at the centre and not yet acknowledged', async () => {
    const r = await registered(async () => (await registerCase(t.db.db, null, { ...sampleCase(), channel: 'mailbox', kind: 'suggestion' } as never, t.now(), { intake: true })).row.id);
    expect(r.row.registered_unit_id).toBe(w.units.centre.id);
    expect(r.row.acknowledged_at).toBeNull();
    expectBesideRows(r);
  });

  it('writes nothing beside a registration that yields to an earlier one with the same external id', async () => {
    const input = { ...sampleCase({ title: '短信重发' }), channel: 'sms', externalId: 'sms-gw-000123' } as never;
    const first = await registered(async () => (await registerCase(t.db.db, null, input, t.now(), { intake: true })).row.id);
    expectBesideRows(first);
    const before = await maxDeltaId();
    const again = await registerCase(t.db.db, null, input, t.now(), { intake: true });
    expect(again.created).toBe(false);
    expect(again.row.id).toBe(first.row.id);
    expect(await maxDeltaId()).toBe(before);
    expect(await t.db.db.selectFrom('case_events').select('id').where('case_id', '=', first.row.id).execute()).toHaveLength(1);
    expect(await t.db.db.selectFrom('outbox').select('id').where('case_id', '=', first.row.id).execute()).toHaveLength(1);
  });
});
