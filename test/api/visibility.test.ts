/**
 * Who sees what (issue #2 §6): units see only their own (and their sub-units') cases; phone and ID
 * number are masked outside the centre; every unmasked view is logged; lists never unmask.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAll, makeWorld, sampleCase, type Client, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;
let c: Record<string, Client>;
let caseA: { id: string; caseNo: string; version: number };
let caseS1: { id: string; caseNo: string };

async function dispatchTo(units: string[], over: Record<string, unknown> = {}) {
  const k = (await c.operator!.post('/api/cases', sampleCase(over))).json();
  return (await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units })).json();
}

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  caseA = await dispatchTo([w.units.deptA.code]);
  caseS1 = await dispatchTo([w.units.street1.code]);
});
afterAll(async () => t?.close());

const ids = async (who: string, query = '') => ((await c[who]!.get(`/api/cases?limit=200${query}`)).json().items as { id: string }[]).map((x) => x.id);

describe('case lists', () => {
  it('shows a unit only its own cases, and a district also its streets’ cases', async () => {
    expect(await ids('handlerA')).toEqual([caseA.id]);
    expect(await ids('handlerS1')).toEqual([caseS1.id]);
    expect(await ids('handlerS2')).toEqual([]);
    expect(await ids('handlerD')).toEqual([caseS1.id]);
    expect(await ids('handlerB')).toEqual([]);
  });

  it('shows the centre and the city leader everything', async () => {
    for (const who of ['operator', 'dispatcher', 'supervisor', 'leader']) {
      const list = await ids(who);
      expect(list, who).toContain(caseA.id);
      expect(list, who).toContain(caseS1.id);
    }
  });

  it('shows the media seat and a citizen only what they filed', async () => {
    const mine = (await c.reporter!.post('/api/cases', sampleCase({ channel: 'phone' }))).json();
    expect(mine.channel).toBe('media');
    expect(await ids('reporter')).toEqual([mine.id]);
    expect(await ids('citizen')).toEqual([]);
  });
});

describe('personal data', () => {
  it('masks phone and ID number for a unit, and the unit’s view leaves no access-log row', async () => {
    const res = (await c.handlerA!.get(`/api/cases/${caseA.id}`)).json();
    expect(res.citizen.phone).toBe('138****8000');
    expect(res.citizen.idNumber).toBe('110105********002X');
    expect(res.citizen.masked).toBe(true);
    expect(res.citizen.name).toBe('张伟');
    expect(JSON.stringify(res)).not.toContain('13800138000');
    const log = await t.db.db.selectFrom('personal_data_access_log').selectAll().where('case_id', '=', caseA.id).execute();
    expect(log).toHaveLength(0);
  });

  it('masks for the city leader too (outside the centre)', async () => {
    const res = (await c.leader!.get(`/api/cases/${caseA.id}`)).json();
    expect(res.citizen.phone).toBe('138****8000');
  });

  it('shows the centre the full data on the case page and logs each view', async () => {
    const res = (await c.dispatcher!.get(`/api/cases/${caseA.id}`)).json();
    expect(res.citizen.phone).toBe('13800138000');
    expect(res.citizen.idNumber).toBe('11010519491231002X');
    await c.dispatcher!.get(`/api/cases/${caseA.id}`);
    const log = await t.db.db.selectFrom('personal_data_access_log').selectAll().where('case_id', '=', caseA.id).execute();
    expect(log).toHaveLength(2);
    expect(log[0]!.fields).toBe('phone,id_number');
    const report = (await c.admin!.get(`/api/access-log?user=${w.users.dispatcher}`)).json();
    expect(report.filter((r: { caseNo: string }) => r.caseNo === caseA.caseNo)).toHaveLength(2);
  });

  it('never unmasks in a list', async () => {
    const list = (await c.dispatcher!.get('/api/cases?limit=200')).json();
    expect(JSON.stringify(list)).not.toContain('13800138000');
  });

  it('lets the lead unit reveal the phone to contact the citizen, with a logged purpose', async () => {
    const before = await t.db.db.selectFrom('personal_data_access_log').selectAll().where('case_id', '=', caseA.id).execute();
    const res = await c.handlerA!.post(`/api/cases/${caseA.id}/reveal-contact`, { purpose: '电话联系诉求人核实情况' });
    expect(res.statusCode).toBe(200);
    expect(res.json().phone).toBe('13800138000');
    expect(res.json().idNumber).toBeNull();
    const after = await t.db.db.selectFrom('personal_data_access_log').selectAll().where('case_id', '=', caseA.id).execute();
    expect(after.length).toBe(before.length + 1);
    expect(after.some((r) => r.purpose === '电话联系诉求人核实情况')).toBe(true);
    expect((await c.handlerB!.post(`/api/cases/${caseA.id}/reveal-contact`, { purpose: 'x1' })).statusCode).toBe(404);
  });

  it('keeps a confidential case’s citizen from units and from operators', async () => {
    const k = await dispatchTo([w.units.deptA.code], { confidential: true, kind: 'tip_off' });
    const unit = (await c.handlerA!.get(`/api/cases/${k.id}`)).json();
    expect(unit.citizen.name).toBe('张*');
    expect(unit.citizen.phone).toBe('138****8000');
    expect((await c.handlerA!.post(`/api/cases/${k.id}/reveal-contact`, { purpose: '联系' })).statusCode).toBe(403);
    const op = (await c.operator!.get(`/api/cases/${k.id}`)).json();
    expect(op.citizen.phone).toBe('138****8000');
    const sup = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
    expect(sup.citizen.phone).toBe('13800138000');
  });
});
