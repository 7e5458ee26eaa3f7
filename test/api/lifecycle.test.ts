/**
 * The whole life of a case through the HTTP API, as the roles of DOMAIN.md §1 would live it.
 * Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacted, createTestApp, loginAll, makeWorld, sampleCase, type Client, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
});
afterAll(async () => t?.close());

async function register(over: Record<string, unknown> = {}) {
  const res = await c.operator!.post('/api/cases', sampleCase(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function step(who: string, id: string, path: string, body: Record<string, unknown>, expected = 200) {
  const res = await c[who]!.post(`/api/cases/${id}/${path}`, body);
  expect(res.statusCode, `${who} ${path}: ${res.body}`).toBe(expected);
  return res.json();
}

describe('the full path of a case', () => {
  it('goes from registration through dispatch, handling, review and callback to close and archive', async () => {
    const reg = await register();
    expect(reg.state).toBe('registered');
    expect(reg.version).toBe(1);
    // YYYYMMDD of the Shanghai date (10:00 on 2 March 2026) + 6-digit sequence
    expect(reg.caseNo).toMatch(/^20260302\d{6}$/);
    expect(reg.queryCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);

    let k = await step('dispatcher', reg.id, 'dispatch', { version: 1, units: [w.units.deptA.code, w.units.street1.code] });
    expect(k.state).toBe('dispatched');
    expect(k.leadUnit.code).toBe(w.units.deptA.code);
    expect(k.coUnits.map((u: { code: string }) => u.code)).toEqual([w.units.street1.code]);
    // S4 §2.1: 5 working days from Monday 2 March 10:00 → Monday 9 March 18:00 Shanghai
    expect(k.stageLimit).toBe('5wd');
    expect(k.dueAt).toBe('2026-03-09T10:00:00.000Z');
    expect(k.deadlineStatus).toBe('normal');

    t.advance(3600_000);
    k = await step('handlerA', k.id, 'accept', { version: k.version });
    expect(k.state).toBe('handling');
    k = await step('handlerS1', k.id, 'co-reply', { version: k.version, content: '街道已配合现场核查，店铺已整改排烟管道。' });
    expect(k.state).toBe('handling');
    t.advance(86_400_000);
    k = await step('handlerA', k.id, 'reply', {
      version: k.version,
      content: '经现场核查，该烧烤店油烟净化设施未正常使用，已责令其立即整改并限定营业至22:00，依据《大气污染防治法》第一百一十八条处以罚款，已复查整改到位。',
      contactedAt: t.now().toISOString(),
      citizenAttitude: '认可',
    });
    expect(k.state).toBe('replied');
    k = await step('supervisor', k.id, 'approve', { version: k.version });
    expect(k.state).toBe('pending_callback');
    expect(k.finalReply).toContain('已责令其立即整改');
    // the units' open desk (state filter of open states: the open-cases index, 015) lists it until it closes
    const OPEN = 'state=dispatched,handling,pending_signoff,replied,pending_callback,dissatisfied,returned';
    const desk = async (who: string, query: string) => ((await c[who]!.get(`/api/cases?limit=200&${query}`)).json().items as { id: string }[]).map((x) => x.id);
    for (const who of ['handlerA', 'handlerS1', 'handlerD']) expect(await desk(who, OPEN), who).toContain(k.id);
    expect(await desk('handlerS2', OPEN)).not.toContain(k.id);
    k = await step('supervisor', k.id, 'callbacks', { version: k.version, type: 'result', reached: true, contacted: true, satisfaction: 'satisfied', resolved: true });
    expect(k.state).toBe('closed');
    for (const who of ['handlerA', 'handlerS1', 'handlerD']) {
      expect(await desk(who, OPEN), who).not.toContain(k.id);
      expect(await desk(who, 'state=closed'), who).toContain(k.id);
      expect(await desk(who, ''), who).toContain(k.id);
    }
    expect(k.satisfaction).toBe('satisfied');
    expect(k.closedAt).not.toBeNull();
    k = await step('supervisor', k.id, 'archive', { version: k.version });
    expect(k.state).toBe('archived');

    const detail = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(['register', 'dispatch', 'accept', 'co_reply', 'reply', 'approve_reply', 'callback', 'archive']);
    expect(detail.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(detail.events.at(-1).toState).toBe('archived');
    expect(detail.version).toBe(8);
    expect(detail.events[2].actor.role).toBe('unit_handler');
    expect(detail.events[2].unit.code).toBe(w.units.deptA.code);
    expect(detail.replies.map((r: { kind: string }) => r.kind)).toEqual(['co_reply', 'reply']);
    expect(detail.callbacks[0].satisfaction).toBe('satisfied');

    // the citizen follows it on the portal with the number and code, without personal data
    const pub = await t.app.inject({ method: 'GET', url: `/api/public/cases/${reg.caseNo}?code=${reg.queryCode.toLowerCase()}` });
    expect(pub.statusCode).toBe(200);
    const p = pub.json();
    expect(p.state).toBe('archived');
    expect(p.finalReply).toContain('已责令其立即整改');
    expect(p.timeline.map((e: { step: string }) => e.step)).toEqual(['register', 'dispatch', 'accept', 'approve_reply', 'callback', 'archive']);
    expect(pub.body).not.toContain('13800138000');
    expect(pub.body).not.toContain('张伟');
    expect(pub.body).not.toContain('11010519491231002X');
    const wrong = await t.app.inject({ method: 'GET', url: `/api/public/cases/${reg.caseNo}?code=AAAAAA` });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().error.code).toBe('not_found');
  });

  it('answers a consultation on the spot and closes it', async () => {
    const reg = await register({ kind: 'consultation', title: '咨询公积金提取需要哪些材料', content: '想咨询一下租房提取住房公积金需要准备哪些材料，在哪里办理？' });
    const k = await step('operator', reg.id, 'answer', { version: 1, answer: '租房提取需身份证、租赁合同备案证明，可在“公积金”APP线上办理。' });
    expect(k.state).toBe('closed');
    expect(k.finalReply).toContain('租赁合同');
  });

  it('routes a misrouted case back through the centre to the right unit, which stays lead', async () => {
    const reg = await register();
    let k = await step('dispatcher', reg.id, 'dispatch', { version: 1, units: [w.units.deptB.code] });
    k = await step('handlerB', k.id, 'return', { version: k.version, reason: '占道经营属城管执法职责，不属我局职责范围。' });
    expect(k.state).toBe('returned');
    // the returning unit no longer sees it once re-dispatched
    k = await step('dispatcher', k.id, 'dispatch', { version: k.version, units: [w.units.deptA.code] });
    expect(k.state).toBe('dispatched');
    expect(k.stage).toBe('redispatch');
    expect(k.stageLimit).toBe('2wd');
    expect(k.leadUnit.code).toBe(w.units.deptA.code);
    expect((await c.handlerB!.get(`/api/cases/${k.id}`)).statusCode).toBe(404);
    // adding a co-unit later never changes the lead (首问负责制)
    k = await step('dispatcher', k.id, 'co-units', { version: k.version, unit: w.units.deptB.code });
    expect(k.leadUnit.code).toBe(w.units.deptA.code);
    expect(k.coUnits.map((u: { code: string }) => u.code)).toEqual([w.units.deptB.code]);
  });

  it('lets the centre reject a return, sending the case back to the same unit', async () => {
    const reg = await register();
    let k = await step('dispatcher', reg.id, 'dispatch', { version: 1, units: [w.units.deptA.code] });
    k = await step('handlerA', k.id, 'return', { version: k.version, reason: '不属于本单位职责' });
    k = await step('dispatcher', k.id, 'reject-return', { version: k.version, reason: '依据派单目录，占道经营属城管职责，请依职责办理。' });
    expect(k.state).toBe('dispatched');
    expect(k.leadUnit.code).toBe(w.units.deptA.code);
  });

  it('needs the unit principal’s sign-off for a written (mailbox) case, and rework restarts the clock', async () => {
    const reg = await register({ channel: 'mailbox' });
    expect(reg.requiresSignOff).toBe(true);
    let k = await step('dispatcher', reg.id, 'dispatch', { version: 1, units: [w.units.deptA.code] });
    k = await step('handlerA', k.id, 'accept', { version: k.version });
    k = await step('handlerA', k.id, 'reply', { version: k.version, content: '已安排执法队员现场调查处理，并责令商户整改到位，整改结果已复查确认。', ...contacted(t) });
    expect(k.state).toBe('pending_signoff');
    // the supervisor cannot review before the sign-off
    await step('supervisor', k.id, 'approve', { version: k.version }, 409);
    k = await step('leaderA', k.id, 'refuse-sign-off', { version: k.version, reason: '答复未写明处罚依据，请补充。' });
    expect(k.state).toBe('handling');
    k = await step('handlerA', k.id, 'reply', { version: k.version, content: '依据《城市市容和环境卫生管理条例》第三十六条，已责令整改并罚款500元，现场复查已整改。', ...contacted(t) });
    k = await step('leaderA', k.id, 'sign-off', { version: k.version });
    expect(k.state).toBe('replied');
    // Wednesday 4 March 10:00: rework gives 2 working days → Friday 6 March 18:00
    t.setNow('2026-03-04T02:00:00Z');
    k = await step('supervisor', k.id, 'rework', { version: k.version, reason: '答复未说明与群众沟通情况。' });
    expect(k.state).toBe('handling');
    expect(k.stage).toBe('rework');
    expect(k.reworkCount).toBe(1);
    expect(k.dueAt).toBe('2026-03-06T10:00:00.000Z');
    t.setNow('2026-03-02T02:00:00Z');
  });

  it('handles a dissatisfied citizen: rework, or close with an explanation', async () => {
    const reg = await register();
    let k = await step('dispatcher', reg.id, 'dispatch', { version: 1, units: [w.units.deptA.code] });
    k = await step('handlerA', k.id, 'accept', { version: k.version });
    k = await step('handlerA', k.id, 'reply', { version: k.version, content: '已责令商户安装油烟净化器并限时整改，现场复查合格，油烟已不再影响居民。', ...contacted(t) });
    k = await step('supervisor', k.id, 'approve', { version: k.version });
    // not reached: stays awaiting callback
    k = await step('operator', k.id, 'callbacks', { version: k.version, type: 'result', reached: false });
    expect(k.state).toBe('pending_callback');
    k = await step('supervisor', k.id, 'callbacks', { version: k.version, type: 'result', reached: true, satisfaction: 'very_dissatisfied', resolved: false, comment: '问题依旧' });
    expect(k.state).toBe('dissatisfied');
    k = await step('supervisor', k.id, 'rework', { version: k.version, reason: '群众反映问题依旧，请重新核查。' });
    expect(k.state).toBe('handling');
    k = await step('handlerA', k.id, 'reply', { version: k.version, content: '再次现场核查，已没收违规烧烤设备，并由街道每日巡查，目前未再发现露天烧烤。', ...contacted(t) });
    k = await step('supervisor', k.id, 'approve', { version: k.version });
    k = await step('supervisor', k.id, 'callbacks', { version: k.version, type: 'result', reached: true, satisfaction: 'dissatisfied' });
    k = await step('supervisor', k.id, 'close', { version: k.version, explanation: '承办单位已依法处理到位，诉求人要求关停店铺超出法定权限，已解释。' });
    expect(k.state).toBe('closed');
    expect(k.closingNote).toContain('超出法定权限');
  });

  it('closes an anonymous case on approval, since nobody can be called back', async () => {
    const reg = await register({ anonymous: true, citizen: undefined, kind: 'tip_off' });
    expect(reg.citizen).toBeNull();
    let k = await step('dispatcher', reg.id, 'dispatch', { version: 1, units: [w.units.deptA.code] });
    k = await step('handlerA', k.id, 'accept', { version: k.version });
    k = await step('handlerA', k.id, 'reply', { version: k.version, content: '经调查核实，举报情况属实，已依法立案查处，结果将依法公示于区政府网站。' });
    k = await step('supervisor', k.id, 'approve', { version: k.version });
    expect(k.state).toBe('closed');
  });

  it('moves the deadline by an approved extension and shows the citizen the new date and reason', async () => {
    const reg = await register();
    let k = await step('dispatcher', reg.id, 'dispatch', { version: 1, units: [w.units.deptA.code] });
    k = await step('handlerA', k.id, 'accept', { version: k.version });
    expect(k.dueAt).toBe('2026-03-09T10:00:00.000Z');
    k = await step('handlerA', k.id, 'extension-requests', { version: k.version, reason: '需多部门联合会商', limit: '2wd' });
    expect(k.extensionPending).toBe(true);
    // a reply waits for the decision
    await step('handlerA', k.id, 'reply', { version: k.version, content: '已经处理完毕，请审核。' }, 409);
    // longer than the policy allows (5 working days for a general request)
    k = await step('supervisor', k.id, 'extension-decision', { version: k.version, approve: true, note: '同意' });
    expect(k.extensionPending).toBe(false);
    // 2 working days after Monday 9 March → Wednesday 11 March 18:00
    expect(k.dueAt).toBe('2026-03-11T10:00:00.000Z');
    const pub = (await t.app.inject({ method: 'GET', url: `/api/public/cases/${reg.caseNo}?code=${reg.queryCode}` })).json();
    const ext = pub.timeline.find((e: { step: string }) => e.step === 'decide_extension');
    expect(ext.text).toContain('需多部门联合会商');
    expect(ext.text).toContain('2026-03-11T10:00:00.000Z');
    const tooLong = await c.handlerA!.post(`/api/cases/${k.id}/extension-requests`, { version: k.version, reason: '再延', limit: '30wd' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe('validation.failed');
  });

  it('records urges, supervision orders and leader instructions without changing the state', async () => {
    const reg = await register();
    let k = await step('dispatcher', reg.id, 'dispatch', { version: 1, units: [w.units.deptA.code] });
    k = await step('supervisor', k.id, 'urges', { version: k.version, note: '请尽快签收' });
    expect(k.urgeCount).toBe(1);
    expect(k.state).toBe('dispatched');
    k = await step('supervisor', k.id, 'supervise', { version: k.version, note: '列入督办' });
    expect(k.supervised).toBe(true);
    expect(k.requiresSignOff).toBe(true);
    const due = '2026-03-04T02:00:00.000Z';
    k = await step('leader', k.id, 'instructions', { version: k.version, instruction: '请城管局三日内解决并报结果。', dueAt: due });
    expect(k.urgency).toBe('leader_instructed');
    expect(k.dueAt).toBe(due);
    expect(k.state).toBe('dispatched');
    // a process callback asks whether a unit has been in touch
    k = await step('operator', k.id, 'callbacks', { version: k.version, type: 'process', reached: true, contacted: false });
    expect(k.state).toBe('dispatched');
  });

  it('gives an emergency a deadline in minutes', async () => {
    const reg = await register({ urgency: 'major_emergency', kind: 'help', title: '电梯困人', content: '幸福小区5栋电梯困人，里面有老人和小孩，请立即处理！' });
    const k = await step('dispatcher', reg.id, 'dispatch', { version: 1, units: [w.units.deptB.code] });
    // S4 §2.1: major emergencies, 10 minutes
    expect(k.stageLimit).toBe('10m');
    expect(new Date(k.dueAt).getTime() - t.now().getTime()).toBe(10 * 60_000);
  });
});
