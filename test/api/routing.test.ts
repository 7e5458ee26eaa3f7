/**
 * Dispatch, routing and duplicate requests (issue #5) through the API: regions and territory, the
 * rules' proposal and learnt suggestions, multi-level dispatch, misroute review and rate,
 * repeats, merges and concentrated-request alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacted, createTestApp, loginAll, makeWorld, sampleCase, type Client, type TestApp, type World } from '../app';
import { invalidateRouting } from '../../src/server/routing/routing.store';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

/** Two streets side by side in one district: west [0,1]×[0,1], east [1,2]×[0,1]. */
const square = (x0: number, x1: number) => ({ type: 'Polygon', coordinates: [[[x0, 0], [x1, 0], [x1, 1], [x0, 1], [x0, 0]]] });

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  await t.db.db.insertInto('categories').values([
    { code: 'hj', name: '环境保护', parent_code: null, level: 1 },
    { code: 'hj.zs', name: '噪声污染', parent_code: 'hj', level: 2 },
    { code: 'sd', name: '水电气热', parent_code: null, level: 1 },
    { code: 'sd.water', name: '供水', parent_code: 'sd', level: 2 },
  ]).execute();
  const up = await c.admin!.put('/api/regions', {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { unitCode: w.units.district.code, name: '东城区', aliases: ['东城'] }, geometry: square(0, 2) },
      { type: 'Feature', properties: { unitCode: w.units.street1.code, name: '东华街道', aliases: ['东华'] }, geometry: square(0, 1) },
      { type: 'Feature', properties: { unitCode: w.units.street2.code, name: '西华街道', aliases: ['西华'] }, geometry: square(1, 2) },
    ],
  });
  expect(up.statusCode, up.body).toBe(200);
  const catalogue = await t.db.db.selectFrom('units').select(['id', 'code']).execute();
  const id = (code: string) => catalogue.find((u) => u.code === code)!.id;
  await t.db.db.insertInto('dispatch_catalogue').values([
    { id: crypto.randomUUID(), category_code: 'hj.zs', region_unit_id: null, territorial: true, lead_unit_id: id(w.units.deptA.code), co_unit_ids: JSON.stringify([]), note: null, updated_at: t.now() },
    { id: crypto.randomUUID(), category_code: 'sd.water', region_unit_id: null, territorial: false, lead_unit_id: id(w.units.water.code), co_unit_ids: JSON.stringify([id(w.units.deptB.code)]), note: null, updated_at: t.now() },
  ]).execute();
  invalidateRouting(t.db.db);
});
afterAll(async () => t?.close());

describe('territory', () => {
  it('resolves a case’s region from its coordinates, else from its address', async () => {
    const byPoint = (await c.operator!.post('/api/cases', sampleCase({ location: { lng: 1.5, lat: 0.5 }, address: '东华街道某小区' }))).json();
    const byAddress = (await c.operator!.post('/api/cases', sampleCase({ address: '东华街道幸福小区3栋' }))).json();
    const rows = await t.db.db.selectFrom('cases').select(['id', 'region_unit_id']).where('id', 'in', [byPoint.id, byAddress.id]).execute();
    expect(rows.find((r) => r.id === byPoint.id)!.region_unit_id).toBe(w.units.street2.id);
    expect(rows.find((r) => r.id === byAddress.id)!.region_unit_id).toBe(w.units.street1.id);
  });

  it('refuses a malformed upload, naming the feature', async () => {
    const res = await c.admin!.put('/api/regions', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { unitCode: w.units.street1.code }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] } }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toMatch(/^features\[0\]/);
    expect((await c.operator!.put('/api/regions', { type: 'FeatureCollection', features: [] })).statusCode).toBe(403);
  });
});

describe('suggestions', () => {
  it('proposes the street where the noise is (territory first), with the department as co-unit', async () => {
    const res = await c.dispatcher!.post('/api/routing/suggest', { title: '工地夜间施工噪音', content: '西华街道的工地每晚施工到凌晨，噪音扰民', categoryCode: 'hj.zs' });
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.region.code).toBe(w.units.street2.code);
    expect(s.rule.reason).toBe('catalogue_territorial');
    expect(s.rule.lead.code).toBe(w.units.street2.code);
    expect(s.rule.co.map((u: { code: string }) => u.code)).toEqual([w.units.deptA.code]);
  });

  it('learns categories and units from the platform’s own handled cases, and says which words decided', async () => {
    const seed = [
      ['小区停水两天了', '东华街道幸福小区从昨天开始停水，至今没有恢复供水', 'sd.water', w.units.water.code],
      ['自来水发黄', '家里的自来水发黄有异味，怀疑水管锈蚀', 'sd.water', w.units.water.code],
      ['水压太低', '高层住户水压太低，早晚用水高峰没有水', 'sd.water', w.units.water.code],
      ['广场舞噪音扰民', '小区广场舞音响声音太大，每晚十点还在跳', 'hj.zs', w.units.deptA.code],
      ['夜间施工噪音', '工地夜间施工，噪音很大影响休息', 'hj.zs', w.units.deptA.code],
      ['酒吧噪音', '楼下酒吧深夜播放音乐噪音扰民', 'hj.zs', w.units.deptA.code],
    ] as const;
    for (const [title, content, categoryCode, unit] of seed) {
      const k = (await c.operator!.post('/api/cases', sampleCase({ title, content, categoryCode }))).json();
      const d = (await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: [unit] })).json();
      const handler = unit === w.units.water.code ? c.handlerW! : c.handlerA!;
      expect((await handler.post(`/api/cases/${k.id}/accept`, { version: d.version })).statusCode).toBe(200);
    }
    const forbidden = await c.dispatcher!.post('/api/routing/train', {});
    expect(forbidden.statusCode).toBe(403);
    const trained = await c.admin!.post('/api/routing/train', { historical: [{ title: '停水', content: '整栋楼停水', category: 'sd.water', unit: w.units.water.code }] });
    expect(trained.statusCode, trained.body).toBe(200);
    expect(trained.json().map((r: { kind: string }) => r.kind)).toEqual(['category', 'unit']);
    const s = (await c.dispatcher!.post('/api/routing/suggest', { title: '又停水了', content: '我们小区又停水了，什么时候恢复供水' })).json();
    expect(s.categories[0].code).toBe('sd.water');
    expect(s.categories[0].confidence).toBeGreaterThan(0.5);
    expect(s.categories[0].terms.map((x: { term: string }) => x.term)).toContain('停水');
    expect(s.units[0].code).toBe(w.units.water.code);
    expect(s.rule.lead.code).toBe(w.units.water.code);
    expect(s.rule.co.map((u: { code: string }) => u.code)).toEqual([w.units.deptB.code]);
    const models = (await c.dispatcher!.get('/api/routing/models')).json();
    expect(models.find((m: { kind: string }) => m.kind === 'category').docs).toBeGreaterThanOrEqual(7);
  });

  it('sends a tip-off about an official to discipline inspection and litigation to the political-legal unit, saying why', async () => {
    await t.db.db.insertInto('units').values([
      { id: crypto.randomUUID(), code: `jw-${w.suffix}`, name: '纪委监委', type: 'discipline', parent_id: null, path: '/jw/', phone: null },
    ]).execute();
    invalidateRouting(t.db.db);
    const s = (await c.dispatcher!.post('/api/routing/suggest', { title: '举报', content: '举报某局干部上班时间打牌', kind: 'tip_off' })).json();
    expect(s.rule.reason).toBe('discipline');
    expect(s.rule.lead.code).toBe(`jw-${w.suffix}`);
    expect(s.rule.matched).toEqual(expect.arrayContaining(['干部', '打牌']));
  });
});

describe('multi-level dispatch', () => {
  it('lets a district pass a case down to its street, never elsewhere; the street then leads', async () => {
    const k0 = (await c.operator!.post('/api/cases', sampleCase())).json();
    let k = (await c.dispatcher!.post(`/api/cases/${k0.id}/dispatch`, { version: 1, units: [w.units.district.code] })).json();
    const detail = (await c.handlerD!.get(`/api/cases/${k.id}`)).json();
    expect(detail.allowedActions).toContain('dispatch_down');
    const outside = await c.handlerD!.post(`/api/cases/${k.id}/dispatch-down`, { version: k.version, unit: w.units.deptA.code });
    expect(outside.statusCode).toBe(400);
    const due = k.dueAt;
    k = (await c.handlerD!.post(`/api/cases/${k.id}/dispatch-down`, { version: k.version, unit: w.units.street1.code })).json();
    expect(k.state).toBe('dispatched');
    expect(k.leadUnit.code).toBe(w.units.street1.code);
    expect(k.dueAt).toBe(due);
    // the district still sees it; the street accepts it; a street cannot pass down further
    expect((await c.handlerD!.get(`/api/cases/${k.id}`)).statusCode).toBe(200);
    k = (await c.handlerS1!.post(`/api/cases/${k.id}/accept`, { version: k.version })).json();
    expect(k.allowedActions).not.toContain('dispatch_down');
    expect((await c.handlerS1!.post(`/api/cases/${k.id}/dispatch-down`, { version: k.version, unit: w.units.street2.code })).statusCode).toBe(409);
  });
});

describe('misroutes', () => {
  it('queues returns for review with their reason and records each unit’s misroute rate', async () => {
    const make = async () => {
      const k0 = (await c.operator!.post('/api/cases', sampleCase())).json();
      return (await c.dispatcher!.post(`/api/cases/${k0.id}/dispatch`, { version: 1, units: [w.units.deptB.code] })).json();
    };
    const a = await make();
    const b = await make();
    await make();
    const ra = (await c.handlerB!.post(`/api/cases/${a.id}/return`, { version: a.version, reason: '属城管职责', suggestedUnit: w.units.deptA.code })).json();
    const rb = (await c.handlerB!.post(`/api/cases/${b.id}/return`, { version: b.version, reason: '不属于本局' })).json();
    const queue = (await c.dispatcher!.get('/api/misroute-reviews')).json();
    const item = queue.find((q: { caseId: string }) => q.caseId === a.id);
    expect(item).toMatchObject({ reason: '属城管职责', suggestedUnit: w.units.deptA.code });
    // approve one (re-dispatch), reject the other (back to the unit)
    await c.dispatcher!.post(`/api/cases/${a.id}/dispatch`, { version: ra.version, units: [w.units.deptA.code] });
    await c.dispatcher!.post(`/api/cases/${b.id}/reject-return`, { version: rb.version, reason: '依据派单目录属住建职责' });
    const report = (await c.supervisor!.get('/api/reports/misroutes')).json();
    const row = report.units.find((u: { unit: { code: string } }) => u.unit.code === w.units.deptB.code);
    expect(row).toMatchObject({ dispatched: 3, returned: 2, returnsRejected: 1 });
    expect(row.misrouteRate).toBeCloseTo(1 / 3, 5);
  });
});

describe('duplicates', () => {
  it('links a repeat, and merges a duplicate so its citizen gets the same reply', async () => {
    const original = (await c.operator!.post('/api/cases', sampleCase({ citizen: { name: '甲', phone: '13800000011' } }))).json();
    const repeat = (await c.operator!.post('/api/cases', sampleCase({ citizen: { name: '甲', phone: '13800000011' } }))).json();
    const linked = (await c.operator!.post(`/api/cases/${repeat.id}/link-repeat`, { version: 1, of: original.caseNo })).json();
    expect(linked.state).toBe('registered');
    expect((await t.db.db.selectFrom('cases').select('repeat_of').where('id', '=', repeat.id).executeTakeFirstOrThrow()).repeat_of).toBe(original.id);

    const dup = (await c.operator!.post('/api/cases', sampleCase({ citizen: { name: '乙', phone: '13800000022' } }))).json();
    const merged = (await c.operator!.post(`/api/cases/${dup.id}/merge`, { version: 1, into: original.id })).json();
    expect(merged.state).toBe('closed');
    expect(merged.closingNote).toContain(original.caseNo);
    expect((await c.operator!.post(`/api/cases/${original.id}/merge`, { version: 1, into: original.id })).statusCode).toBe(409); // version moved: co-requester added
    let k = (await c.dispatcher!.get(`/api/cases/${original.id}`)).json();
    expect(k.events.at(-1).action).toBe('corequester_added');
    k = (await c.dispatcher!.post(`/api/cases/${original.id}/dispatch`, { version: k.version, units: [w.units.deptA.code] })).json();
    k = (await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: k.version })).json();
    k = (await c.handlerA!.post(`/api/cases/${k.id}/reply`, { version: k.version, content: '已责令烧烤店安装油烟净化设施并限时整改，复查合格，油烟扰民问题已解决。', ...contacted(t) })).json();
    expect((await c.supervisor!.post(`/api/cases/${k.id}/approve`, { version: k.version })).statusCode).toBe(200);
    const pub = (await t.app.inject({ method: 'GET', url: `/api/public/cases/${dup.caseNo}?code=${dup.queryCode}` })).json();
    expect(pub.finalReply).toContain('油烟净化设施');
    expect(pub.timeline.map((e: { step: string }) => e.step)).toContain('merge');
    const sms = await t.db.db.selectFrom('outbox').select(['recipient', 'body']).where('purpose', '=', 'merged_reply').execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.recipient).toBe('13800000022');
  });

  it('alerts supervisors when many citizens report the same issue in the same area within 48 hours', async () => {
    for (let i = 0; i < 5; i++) {
      t.advance(3600_000);
      await c.operator!.post('/api/cases', sampleCase({ title: '停水', content: '西华街道停水了', categoryCode: 'sd.water', address: '西华街道建设路', citizen: { name: `居民${i}`, phone: `1390000010${i}` } }));
    }
    const alerts = (await c.supervisor!.get('/api/alerts?open=true')).json();
    const a = alerts.find((x: { region: { code: string } | null; categoryCode: string }) => x.region?.code === w.units.street2.code && x.categoryCode === 'sd.water');
    expect(a).toBeDefined();
    expect(a.cases).toBe(5);
    expect(a.title).toContain('5 位群众');
    expect((await c.supervisor!.post(`/api/alerts/${a.id}/ack`, {})).statusCode).toBe(204);
    // one citizen calling five times is not five citizens
    for (let i = 0; i < 5; i++) await c.operator!.post('/api/cases', sampleCase({ title: '噪音', content: '东华街道噪音', categoryCode: 'hj.zs', address: '东华街道某路', citizen: { name: '丙', phone: '13900000999' } }));
    const after = (await c.supervisor!.get('/api/alerts?open=true')).json();
    expect(after.filter((x: { categoryCode: string }) => x.categoryCode === 'hj.zs')).toEqual([]);
  });
});

describe('the concentration alert, written with the case that raises or grows it', () => {
  let category = '';
  const openAlerts = async () =>
    ((await c.supervisor!.get('/api/alerts?open=true')).json() as { id: string; categoryCode: string | null; cases: number; title: string }[]).filter((a) => a.categoryCode === category);
  const report = (i: number) =>
    c.operator!.post('/api/cases', sampleCase({ title: '燃气泄漏', content: '东华街道幸福路小区燃气味道很重', categoryCode: category, address: '东华街道幸福路', citizen: { name: `居民${i}`, phone: `1370000${String(i).padStart(4, '0')}` } })).then((r) => {
      expect(r.statusCode, r.body).toBe(201);
    });

  it('raises it at the threshold, grows it with each new citizen, and after acknowledgement counts only the cases since', async () => {
    category = 'sd.gas';
    expect((await c.admin!.post('/api/categories', { code: category, name: '燃气' })).statusCode).toBe(201);
    const threshold = (await c.admin!.get('/api/policy-settings')).json().concentrationThreshold as number;
    for (let i = 0; i < threshold - 1; i++) {
      t.advance(60_000);
      await report(i);
    }
    expect(await openAlerts()).toEqual([]);
    t.advance(60_000);
    await report(threshold - 1);
    let [alert] = await openAlerts();
    expect(alert?.cases).toBe(threshold);
    expect(alert?.title).toContain(`${threshold} 位群众`);
    t.advance(60_000);
    await report(threshold);
    const grown = await openAlerts();
    expect(grown).toHaveLength(1);
    expect(grown[0]!.id).toBe(alert!.id);
    expect(grown[0]!.cases).toBe(threshold + 1);
    // a repeat caller adds a case, not a citizen
    await report(threshold);
    expect((await openAlerts())[0]!.title).toContain(`${threshold + 1} 位群众`);

    expect((await c.supervisor!.post(`/api/alerts/${alert!.id}/ack`, {})).statusCode).toBe(204);
    for (let i = 100; i < 100 + threshold - 1; i++) {
      t.advance(60_000);
      await report(i);
    }
    expect(await openAlerts()).toEqual([]);
    t.advance(60_000);
    await report(200);
    [alert] = await openAlerts();
    expect(alert?.cases).toBe(threshold);
  });
});

describe('the category tree', () => {
  it('lets admins add a third level and retire a branch', async () => {
    expect((await c.admin!.post('/api/categories', { code: 'hj.zs.night', name: '夜间噪声' })).statusCode).toBe(201);
    expect((await c.admin!.post('/api/categories', { code: 'hj.zs.night.x', name: '第四级' })).statusCode).toBe(400);
    expect((await c.admin!.post('/api/categories', { code: 'zz.orphan', name: '无上级' })).statusCode).toBe(400);
    expect((await c.admin!.patch('/api/categories/hj.zs', { active: false })).statusCode).toBe(204);
    const list = (await c.operator!.get('/api/categories')).json().map((x: { code: string }) => x.code);
    expect(list).toContain('hj');
    expect(list).not.toContain('hj.zs.night');
  });
});

describe('similar cases near the same place', () => {
  it('finds the same matter in the same street and not in the next one', async () => {
    const here = (await c.operator!.post('/api/cases', sampleCase({ title: '路灯不亮', content: '东华街道文化路路灯不亮一个月了', address: '东华街道文化路', citizen: { name: '丁', phone: '13700000001' } }))).json();
    const there = (await c.operator!.post('/api/cases', sampleCase({ title: '路灯不亮', content: '西华街道建设路路灯不亮', address: '西华街道建设路', citizen: { name: '戊', phone: '13700000002' } }))).json();
    const res = (await c.operator!.post('/api/cases/similar', { title: '路灯坏了', content: '晚上路灯不亮很危险', address: '东华街道文化路口' })).json();
    const ids = res.map((r: { id: string }) => r.id);
    expect(ids).toContain(here.id);
    expect(ids).not.toContain(there.id);
  });
});

describe('fixes after review', () => {
  it('keeps a returned case in the review queue after an urge, and counts its rejected return', async () => {
    const k0 = (await c.operator!.post('/api/cases', sampleCase())).json();
    let k = (await c.dispatcher!.post(`/api/cases/${k0.id}/dispatch`, { version: 1, units: [w.units.water.code] })).json();
    k = (await c.handlerW!.post(`/api/cases/${k.id}/return`, { version: k.version, reason: '不属于供水问题' })).json();
    k = (await c.supervisor!.post(`/api/cases/${k.id}/urges`, { version: k.version, note: '请尽快审核' })).json();
    const queue = (await c.dispatcher!.get('/api/misroute-reviews')).json();
    expect(queue.find((q: { caseId: string }) => q.caseId === k.id)?.reason).toBe('不属于供水问题');
    await c.dispatcher!.post(`/api/cases/${k.id}/reject-return`, { version: k.version, reason: '属供水职责' });
    const report = (await c.supervisor!.get('/api/reports/misroutes')).json();
    expect(report.units.find((u: { unit: { code: string } }) => u.unit.code === w.units.water.code)).toMatchObject({ returned: 1, returnsRejected: 1 });
  });

  it('records the category the dispatcher settles on', async () => {
    const k0 = (await c.operator!.post('/api/cases', sampleCase())).json();
    const k = (await c.dispatcher!.post(`/api/cases/${k0.id}/dispatch`, { version: 1, units: [w.units.water.code], categoryCode: 'sd.water' })).json();
    expect(k.categoryCode).toBe('sd.water');
    expect((await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: k.version, units: [w.units.water.code], categoryCode: 'nope' })).statusCode).toBe(409);
  });

  it('raises no concentration alert for praise', async () => {
    for (let i = 0; i < 6; i++) await c.operator!.post('/api/cases', sampleCase({ kind: 'praise', title: '表扬', content: '表扬东华街道工作人员', categoryCode: 'hj', address: '东华街道', citizen: { name: `表扬者${i}`, phone: `1360000020${i}` } }));
    const alerts = (await c.supervisor!.get('/api/alerts')).json();
    expect(alerts.filter((a: { categoryCode: string }) => a.categoryCode === 'hj')).toEqual([]);
  });

  it('keeps imported historical cases for every later retraining, and checks their labels', async () => {
    const bad = await c.admin!.post('/api/routing/train', { historical: [{ title: '停水', category: 'no.such' }] });
    expect(bad.statusCode).toBe(400);
    await c.admin!.post('/api/routing/train', { historical: [{ title: '井盖丢失', content: '路口井盖丢失很危险', category: 'sd', unit: w.units.water.code }] });
    const rows = await t.db.db.selectFrom('routing_history').select('title').execute();
    expect(rows.map((r) => r.title)).toContain('井盖丢失');
    const again = (await c.admin!.post('/api/routing/train', {})).json();
    expect(again[0].docs).toBeGreaterThanOrEqual(rows.length);
  });
});
