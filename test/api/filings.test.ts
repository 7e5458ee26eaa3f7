/**
 * 信息报备 and the bulletin board (issue #12 §2, S4 annex 4) through the API: filing with the 3-day
 * rule, refusals, who sees what, the board over time, matching incoming cases by area and words,
 * withdrawing, and the late filings per unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MONDAY_10AM, createTestApp, loginAll, makeWorld, type Client, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

const H = 3_600_000;
const T0 = MONDAY_10AM;
const at = (hours: number) => new Date(T0.getTime() + hours * H).toISOString();
/** Two streets side by side in one district: east [0,1]×[0,1] (东华), west [1,2]×[0,1] (西华). */
const square = (x0: number, x1: number, y0 = 0, y1 = 1) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

/** The filings made below, by name. */
const id: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  const up = await c.admin!.put('/api/regions', {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { unitCode: w.units.district.code, name: '东城区', aliases: ['东城'] }, geometry: square(0, 2) },
      { type: 'Feature', properties: { unitCode: w.units.street1.code, name: '东华街道', aliases: ['东华'] }, geometry: square(0, 1) },
      { type: 'Feature', properties: { unitCode: w.units.street2.code, name: '西华街道', aliases: ['西华'] }, geometry: square(1, 2) },
    ],
  });
  expect(up.statusCode, up.body).toBe(200);
});
afterAll(async () => t?.close());

async function file(client: Client, body: Record<string, unknown>, name?: string) {
  const res = await client.post('/api/filings', body);
  expect(res.statusCode, res.body).toBe(201);
  if (name) id[name] = res.json().id;
  return res.json();
}

const ids = (list: { id: string }[]) => list.map((f) => f.id);
const boardIds = async (url = '/api/bulletin') => {
  const res = await c.operator!.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().groups as { filings: { id: string }[] }[]).flatMap((g) => ids(g.filings));
};

describe('filing', () => {
  it('files a planned outage four days ahead (not late) and one a day ahead (late)', async () => {
    t.setNow(T0);
    const f1 = await file(
      c.handlerW!,
      { type: 'water_outage', title: '东华街道管网改造计划停水', content: '因供水管网改造，东华街道部分小区停水8小时。', startsAt: at(96), endsAt: at(104), areaUnits: [w.units.street1.code] },
      'F1',
    );
    expect(f1).toMatchObject({ type: 'water_outage', typeLabel: '停水', late: false, status: 'active', phase: 'upcoming', areaNames: ['东华街道'] });
    expect(f1.unit.code).toBe(w.units.water.code);
    expect(f1.area).toMatchObject({ kind: 'units', polygon: null });
    expect(f1.area.units[0].id).toBe(w.units.street1.id);

    const f2 = await file(
      c.handlerW!,
      { type: 'water_outage', title: '东华街道幸福小区管网维修停水', content: '因管网维修，东华街道幸福小区3月3日10:00至16:00停水，请居民提前储水。', startsAt: at(24), endsAt: at(30), areaUnits: [w.units.street1.id] },
      'F2',
    );
    expect(f2.late).toBe(true);
    const row = await t.db.db.selectFrom('filings').select(['late', 'search_tokens']).where('id', '=', id.F2!).executeTakeFirstOrThrow();
    expect(row.late).toBe(true);
    expect(row.search_tokens).toContain('幸福');
  });

  it('files an emergency with an immediate start: never late', async () => {
    const f3 = await file(
      c.handlerW!,
      { type: 'emergency', title: '西华街道主干管爆管抢修', content: '西华街道和平路主干管爆管，正在抢修，预计6小时恢复供水。', startsAt: at(0), endsAt: at(6), areaUnits: [w.units.street2.code] },
      'F3',
    );
    expect(f3).toMatchObject({ late: false, phase: 'ongoing', typeLabel: '突发事件' });
  });

  it('lets the centre file for a unit it names, for the whole city', async () => {
    const f4 = await file(
      c.operator!,
      { type: 'traffic_control', title: '城市马拉松比赛交通管制', content: '马拉松比赛期间，赛道沿线道路实行交通管制，车辆请绕行。', startsAt: at(2), endsAt: at(100), unit: w.units.deptA.code },
      'F4',
    );
    expect(f4).toMatchObject({ late: true, areaNames: ['全市'], area: { kind: 'city', units: [] } });
    expect(f4.unit.id).toBe(w.units.deptA.id);
  });

  it('files night construction for a district four days ahead, a polygon power outage, an office closure', async () => {
    t.setNow(new Date(T0.getTime() - 96 * H));
    const f5 = await file(
      c.handlerB!,
      { type: 'night_construction', title: '东城区地铁站夜间施工', content: '地铁站主体结构浇筑，需连续夜间施工。', startsAt: at(20), endsAt: at(200), areaUnits: [w.units.district.code] },
      'F5',
    );
    expect(f5.late).toBe(false);
    t.setNow(T0);
    const f6 = await file(
      c.handlerD!,
      { type: 'power_outage', title: '线路检修计划停电', content: '10千伏线路检修，划定范围内停电。', startsAt: at(72), endsAt: at(80), areaPolygon: square(0.2, 0.4, 0.2, 0.4) },
      'F6',
    );
    expect(f6).toMatchObject({ late: false, area: { kind: 'polygon' }, areaNames: ['地图划定范围'] });
    expect(f6.area.polygon.coordinates[0]).toHaveLength(5);
    await file(c.handlerS1!, { type: 'office_closure', title: '东华街道便民服务中心暂停办公', content: '系统升级，暂停办公一天。', startsAt: at(120), endsAt: at(130) }, 'S1');
  });

  it('refuses an end before the start, an unknown or non-territorial area unit, both kinds of area, another unit', async () => {
    const base = { type: 'water_outage', title: '停水', content: '停水', startsAt: at(100), endsAt: at(110) };
    let res = await c.handlerW!.post('/api/filings', { ...base, endsAt: at(90) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation.failed', details: { field: 'endsAt' } });
    res = await c.handlerW!.post('/api/filings', { ...base, startsAt: at(24 * 400), endsAt: at(24 * 401) });
    expect(res.json().error.details.field).toBe('startsAt');
    res = await c.handlerW!.post('/api/filings', { ...base, areaUnits: [w.units.street1.code, 'no-such-unit'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('areaUnits[1]');
    res = await c.handlerW!.post('/api/filings', { ...base, areaUnits: [w.units.deptA.code] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('areaUnits[0]');
    res = await c.handlerW!.post('/api/filings', { ...base, areaUnits: [w.units.street1.code], areaPolygon: square(0, 1) });
    expect(res.json().error.details.field).toBe('areaPolygon');
    res = await c.handlerW!.post('/api/filings', { ...base, areaPolygon: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('areaPolygon.coordinates[0]');
    res = await c.handlerW!.post('/api/filings', { ...base, type: 'flood' });
    expect(res.statusCode).toBe(400);
    res = await c.handlerW!.post('/api/filings', { ...base, extra: 1 });
    expect(res.statusCode).toBe(400);
    // a handler files for its own unit only; leaders do not file
    res = await c.handlerW!.post('/api/filings', { ...base, unit: w.units.deptA.code });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
    expect((await c.leader!.post('/api/filings', base)).statusCode).toBe(403);
    expect(await t.db.db.selectFrom('filings').select('id').where('title', '=', '停水').execute()).toEqual([]);
  });
});

describe('reading', () => {
  it('shows a unit its own filings and those below it; the centre and leaders all', async () => {
    const mine = (await c.handlerW!.get('/api/filings')).json();
    expect(ids(mine).sort()).toEqual([id.F1, id.F2, id.F3].sort());
    expect(ids((await c.handlerD!.get('/api/filings')).json()).sort()).toEqual([id.F6, id.S1].sort());
    expect(ids((await c.handlerS2!.get('/api/filings')).json())).toEqual([]);
    expect((await c.leader!.get('/api/filings')).json()).toHaveLength(7);
    expect(ids((await c.supervisor!.get(`/api/filings?unit=${w.units.water.code}&type=water_outage`)).json()).sort()).toEqual([id.F1, id.F2].sort());
    // the period overlaps 7 March (Shanghai): F4 (to the 6th), F5 (to the 10th), S1
    expect(ids((await c.supervisor!.get('/api/filings?from=2026-03-07&to=2026-03-07')).json()).sort()).toEqual([id.F5, id.S1].sort());
    expect((await c.handlerA!.get(`/api/filings/${id.F1}`)).statusCode).toBe(404);
    const one = await c.handlerW!.get(`/api/filings/${id.F1}?lang=en`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ typeLabel: 'Water outage', filedBy: 'handlerW' });
  });

  it('puts on the board what is under way or starts within 24 hours, by type and start', async () => {
    t.setNow(T0);
    const res = await c.operator!.get('/api/bulletin');
    const board = res.json();
    expect(board.count).toBe(4);
    expect(board.groups.map((g: { type: string }) => g.type)).toEqual(['water_outage', 'traffic_control', 'night_construction', 'emergency']);
    expect(board.groups[0]).toMatchObject({ typeLabel: '停水', filings: [{ id: id.F2, late: true, areaNames: ['东华街道'], unit: { name: '市水务集团' } }] });
    expect((await c.handlerW!.get('/api/bulletin')).statusCode).toBe(403);

    t.setNow(at(97));
    expect((await boardIds()).sort()).toEqual([id.F1, id.F4, id.F5, id.S1].sort());
    // the board at another moment
    expect((await boardIds(`/api/bulletin?at=${encodeURIComponent(at(0))}`)).sort()).toEqual([id.F2, id.F3, id.F4, id.F5].sort());
    t.setNow(at(300));
    expect(await boardIds()).toEqual([]);
  });
});

describe('matching an incoming case', () => {
  const match = async (body: Record<string, unknown>) => {
    const res = await c.operator!.post('/api/filings/match', body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { place: { region: { code: string } | null }; matches: { filing: { id: string }; score: number; why: { words: string[]; tokens: string[]; area: string; areaText: string } }[] };
  };

  it('finds the water outage of street 1 for a case in street 1 saying 停水', async () => {
    t.setNow(at(25));
    const r = await match({ title: '幸福小区突然停水了', content: '从中午开始家里没水，也没看到通知', address: '东华街道幸福小区3栋' });
    expect(r.place.region?.code).toBe(w.units.street1.code);
    expect(ids(r.matches.map((m) => m.filing))).toEqual([id.F2]);
    expect(r.matches[0]!.why).toMatchObject({ area: 'region', tokens: ['幸福'] });
    expect(r.matches[0]!.why.words).toEqual(expect.arrayContaining(['停水', '没水']));
    expect(r.matches[0]!.why.areaText).toContain('东华街道');
  });

  it('does not match a street-1 filing for a case about 停水 in street 2', async () => {
    const r = await match({ title: '家里停水了', content: '家里停水了，什么时候来水', address: '西华街道和平路5号' });
    expect(r.place.region?.code).toBe(w.units.street2.code);
    expect(ids(r.matches.map((m) => m.filing))).not.toContain(id.F2);
    expect(r.matches).toEqual([]);
  });

  it('matches a citywide filing everywhere, even where the place is unknown', async () => {
    for (const where of [{ address: '西华街道和平路' }, { address: '东华街道' }, {}]) {
      const r = await match({ content: '路上交通管制了，车过不去，怎么回事', ...where });
      expect(ids(r.matches.map((m) => m.filing))).toEqual([id.F4]);
      expect(r.matches[0]!.why).toMatchObject({ area: 'city', words: ['交通管制'] });
    }
  });

  it('matches a case about 噪音 to the night construction filed for its district', async () => {
    const r = await match({ title: '晚上工地噪音太大', content: '每天晚上工地噪音太大睡不着', location: { lng: 1.5, lat: 0.5 } });
    expect(r.place.region?.code).toBe(w.units.street2.code);
    expect(ids(r.matches.map((m) => m.filing))).toEqual([id.F5]);
    expect(r.matches[0]!.why.words).toEqual(expect.arrayContaining(['噪音', '工地']));
    expect(r.matches[0]!.why.area).toBe('region');
  });

  it('matches a polygon filing for a location inside it only', async () => {
    t.setNow(at(73));
    const inside = await match({ title: '家里突然停电了', location: { lng: 0.3, lat: 0.3 } });
    expect(ids(inside.matches.map((m) => m.filing))).toEqual([id.F6]);
    expect(inside.matches[0]!.why).toMatchObject({ area: 'polygon', words: ['停电'] });
    const outside = await match({ title: '家里突然停电了', location: { lng: 0.6, lat: 0.6 } });
    expect(outside.matches).toEqual([]);
  });

  it('needs some text, and operators', async () => {
    expect((await c.operator!.post('/api/filings/match', { address: '东华街道' })).json().error.details.field).toBe('content');
    expect((await c.handlerW!.post('/api/filings/match', { title: '停水' })).statusCode).toBe(403);
  });
});

describe('withdrawing', () => {
  it('lets the unit withdraw until the end; not another unit; not after the end', async () => {
    t.setNow(at(97));
    expect((await c.handlerA!.post(`/api/filings/${id.F1}/withdraw`, { note: '误报' })).statusCode).toBe(404);
    expect((await c.handlerD!.post(`/api/filings/${id.S1}/withdraw`, { note: '误报' })).statusCode).toBe(403);
    expect((await c.handlerW!.post(`/api/filings/${id.F1}/withdraw`, {})).statusCode).toBe(400);
    const res = await c.handlerW!.post(`/api/filings/${id.F1}/withdraw`, { note: '施工提前完成' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'withdrawn', phase: 'withdrawn', withdrawNote: '施工提前完成', withdrawnAt: at(97) });
    expect(await boardIds()).not.toContain(id.F1);
    expect((await c.handlerW!.post(`/api/filings/${id.F1}/withdraw`, { note: '再撤一次' })).statusCode).toBe(409);
    const ended = await c.handlerW!.post(`/api/filings/${id.F3}/withdraw`, { note: '已恢复' });
    expect(ended.statusCode).toBe(409);
    expect(ended.json().error.code).toBe('conflict');
    // the centre may withdraw any filing
    expect((await c.supervisor!.post(`/api/filings/${id.S1}/withdraw`, { note: '核实取消' })).json().status).toBe('withdrawn');
  });
});

describe('late filings', () => {
  it('counts per unit the filings, the planned ones, the late ones and the rate, with the late filings', async () => {
    const res = await c.supervisor!.get('/api/filings/late?from=2026-02-01&to=2026-03-31');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.total).toEqual({ filings: 7, planned: 6, late: 2, lateRate: 0.3333 });
    const byCode = new Map(r.units.map((u: { unit: { code: string } }) => [u.unit.code, u]));
    expect(byCode.get(w.units.water.code)).toMatchObject({ filings: 3, planned: 2, late: 1, lateRate: 0.5, lateFilings: [{ id: id.F2, noticeHours: 24, status: 'active' }] });
    expect(byCode.get(w.units.deptA.code)).toMatchObject({ filings: 1, planned: 1, late: 1, lateRate: 1 });
    expect(byCode.get(w.units.deptB.code)).toMatchObject({ filings: 1, late: 0, lateRate: 0, lateFilings: [] });
    expect(r.units[0].unit.code).toBe(w.units.deptA.code);
    expect((await c.leader!.get('/api/filings/late?from=2026-03-02&to=2026-03-02')).json().total.filings).toBe(6);
    expect((await c.handlerW!.get('/api/filings/late')).statusCode).toBe(403);
    expect((await c.supervisor!.get('/api/filings/late?from=2026-03-05&to=2026-03-01')).statusCode).toBe(400);
  });

  it('the quarterly notice lists the units whose planned filings were late', async () => {
    const n = (await c.leader!.get('/api/reports/criticism-notice?quarter=2026Q1')).json();
    const byCode = new Map(n.lateFilings.map((u: { unit: { code: string } }) => [u.unit.code, u]));
    expect(byCode.get(w.units.water.code)).toMatchObject({ planned: 2, late: 1, lateRate: 0.5 });
    expect(byCode.has(w.units.deptB.code)).toBe(false);
  });
});
