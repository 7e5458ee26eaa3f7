/**
 * Reply checks and review (issue #7 §1–2; DOMAIN.md §7, §9): what refuses a reply before it is
 * sent, what the reviewer sees, rework restarting the clock, and two reworks in a row putting the
 * unit on the criticism list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacted, createTestApp, PNG, uploadFile, loginAll, makeWorld, sampleCase, type Client, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
});
afterAll(async () => t?.close());

const GOOD = '经现场核查，该烧烤店油烟净化设施未正常使用，已责令其当日整改并限定营业至22:00，依据《大气污染防治法》第一百一十八条予以警告，11月3日复查已整改到位。';

async function handling(over: Record<string, unknown> = {}, dispatchExtra: Record<string, unknown> = {}) {
  const k = (await c.operator!.post('/api/cases', sampleCase(over))).json();
  let r = await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: [w.units.deptA.code], ...dispatchExtra });
  expect(r.statusCode, r.body).toBe(200);
  r = await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: r.json().version });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

async function reply(k: { id: string; version: number }, body: Record<string, unknown>) {
  return c.handlerA!.post(`/api/cases/${k.id}/reply`, { version: k.version, ...body });
}

function failedCodes(res: { json(): { error: { details?: { checks?: { code: string }[] } } } }): string[] {
  return (res.json().error.details?.checks ?? []).map((x) => x.code).sort();
}

describe('reply checks before a reply is submitted', () => {
  it.each([
    ['正在联系处理中', '正在联系处理中，请耐心等待，我单位高度重视该问题并将持续跟进。'],
    ['已前去执法', '我局接到诉求后已前去执法，后续情况将另行告知市民，感谢您对城市管理工作的支持。'],
    ['将现场核实', '收到诉求后我单位将现场核实相关情况，如情况属实将依法依规予以处理并及时回复。'],
    ['已解释', '工作人员已与市民电话沟通，已解释，市民对相关政策表示理解，此件按规定予以办结。'],
  ])('refuses a reply containing “%s” (422 reply.check_failed), and records nothing', async (phrase, content) => {
    const k = await handling();
    const res = await reply(k, { content, ...contacted(t) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('reply.check_failed');
    expect(res.json().error.message).toContain(phrase);
    const check = res.json().error.details.checks.find((x: { code: string }) => x.code === 'perfunctory_phrase');
    expect(check.found).toContain(phrase);
    const after = (await c.handlerA!.get(`/api/cases/${k.id}`)).json();
    expect(after.state).toBe('handling');
    expect(after.version).toBe(k.version);
    expect(after.replies).toHaveLength(0);
  });

  it('refuses a reply without substance: too short, or saying neither what was done nor the result', async () => {
    const k = await handling();
    let res = await reply(k, { content: '已收到您的诉求，谢谢您的反映和监督。', ...contacted(t) });
    expect(res.statusCode).toBe(422);
    expect(failedCodes(res)).toContain('substance_length');
    res = await reply(k, { content: '关于您反映的问题，我们非常重视，感谢您对我市各项工作的关心和支持，欢迎继续监督。', ...contacted(t) });
    expect(res.statusCode).toBe(422);
    expect(failedCodes(res)).toEqual(['substance_done', 'substance_result']);
  });

  it('requires, for a named citizen, when the unit contacted them and their attitude; not for an anonymous one', async () => {
    const named = await handling();
    let res = await reply(named, { content: GOOD });
    expect(res.statusCode).toBe(422);
    expect(failedCodes(res)).toEqual(['citizen_attitude', 'citizen_contact']);
    res = await reply(named, { content: GOOD, contactedAt: t.now().toISOString() });
    expect(failedCodes(res)).toEqual(['citizen_attitude']);
    // a contact time before the case existed is not believed
    res = await reply(named, { content: GOOD, contactedAt: new Date(t.now().getTime() - 30 * 86_400_000).toISOString(), citizenAttitude: '满意' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('contactedAt');
    res = await reply(named, { content: GOOD, ...contacted(t) });
    expect(res.statusCode, res.body).toBe(200);

    const anonymous = await handling({ anonymous: true, citizen: undefined });
    res = await reply(anonymous, { content: GOOD });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('requires site photos when the dispatcher asked for an on-site check', async () => {
    const k = await handling({}, { siteCheck: true });
    expect(k.siteCheck).toBe(true);
    let res = await reply(k, { content: GOOD, ...contacted(t) });
    expect(res.statusCode).toBe(422);
    expect(failedCodes(res)).toEqual(['site_photos']);
    // a PDF is not a photo
    const pdf = await uploadFile(t, w.users.handlerA!, '整改报告.pdf', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'application/pdf');
    expect(pdf.statusCode, pdf.body).toBe(201);
    res = await reply(k, { content: GOOD, ...contacted(t), attachmentIds: [pdf.json().id] });
    expect(failedCodes(res)).toEqual(['site_photos']);
    const up = await uploadFile(t, w.users.handlerA!, '现场照片.png', PNG);
    expect(up.statusCode, up.body).toBe(201);
    res = await reply(k, { content: GOOD, ...contacted(t), attachmentIds: [up.json().id] });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('a dry run shows every check without submitting; warnings do not refuse', async () => {
    const k = await handling();
    const res = await c.handlerA!.post(`/api/cases/${k.id}/reply-check`, { content: '经现场核查，已安排维修人员更换损坏的路灯灯头，目前该路段12盏路灯已全部恢复照明，已电话告知市民。', ...contacted(t) });
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out.ok).toBe(true);
    const byCode = Object.fromEntries(out.checks.map((x: { code: string }) => [x.code, x]));
    expect(byCode.substance_basis).toMatchObject({ passed: false, blocking: false });
    expect(byCode.substance_done.passed).toBe(true);
    expect(byCode.citizen_contact.passed).toBe(true);
    expect((await c.handlerA!.get(`/api/cases/${k.id}`)).json().version).toBe(k.version);
    // another unit cannot probe the case
    expect((await c.handlerB!.post(`/api/cases/${k.id}/reply-check`, { content: 'x' })).statusCode).toBe(404);
  });

  it('keeps the check results with the reply for the reviewer', async () => {
    const k = await handling();
    const res = await reply(k, { content: '经现场核查，已安排维修人员更换损坏的路灯灯头，目前该路段12盏路灯已全部恢复照明，已电话告知市民。', ...contacted(t) });
    expect(res.statusCode, res.body).toBe(200);
    const detail = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
    const checks = detail.replies[0].checks;
    expect(checks.find((x: { code: string }) => x.code === 'substance_basis')).toMatchObject({ passed: false, blocking: false });
    expect(checks.every((x: { code: string; passed: boolean }) => x.passed || x.code === 'substance_basis')).toBe(true);
    const event = detail.events.find((e: { action: string }) => e.action === 'reply');
    expect(event.payload.warnings).toEqual(['substance_basis']);
  });
});

describe('the perfunctory-phrase list is data admins edit', () => {
  it('a phrase added by an admin refuses replies at once; a warning-level phrase only flags; removing it lets replies through', async () => {
    const content = '经现场核查，涉事商户已停止占道经营，目前道路通行恢复正常，已电话告知市民，此件研究研究再说。';
    expect((await c.handlerA!.post('/api/reply-phrases', { phrase: '研究研究再说' })).statusCode).toBe(403);
    const add = await c.admin!.post('/api/reply-phrases', { phrase: '研究研究再说', level: 'block', note: '拖延' });
    expect(add.statusCode, add.body).toBe(201);
    expect((await c.admin!.post('/api/reply-phrases', { phrase: '研究研究再说' })).statusCode).toBe(409);
    const listed = (await c.handlerA!.get('/api/reply-phrases')).json();
    expect(listed.map((p: { phrase: string }) => p.phrase)).toEqual(expect.arrayContaining(['研究研究再说', '正在联系处理中', '已前去执法', '将现场核实', '已解释']));

    const k = await handling();
    let res = await reply(k, { content, ...contacted(t) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.checks[0].found).toEqual(['研究研究再说']);

    const id = add.json().id;
    expect((await c.admin!.patch(`/api/reply-phrases/${id}`, { level: 'warn' })).json().level).toBe('warn');
    const dry = (await c.handlerA!.post(`/api/cases/${k.id}/reply-check`, { content, ...contacted(t) })).json();
    expect(dry.ok).toBe(true);
    expect(dry.checks.find((x: { code: string }) => x.code === 'perfunctory_phrase')).toMatchObject({ passed: false, blocking: false });

    expect((await c.admin!.delete(`/api/reply-phrases/${id}`)).statusCode).toBe(204);
    res = await reply(k, { content, ...contacted(t) });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('deactivating a seeded phrase takes it out of the checks', async () => {
    const all = (await c.admin!.get('/api/reply-phrases?all=true')).json();
    const p = all.find((x: { phrase: string }) => x.phrase === '将尽快处理');
    const content = '经现场核查，井盖破损属实，已设置警示围挡，将尽快处理，更换工作于本周五前完成。';
    const k = await handling();
    expect((await c.handlerA!.post(`/api/cases/${k.id}/reply-check`, { content, ...contacted(t) })).json().ok).toBe(false);
    await c.admin!.patch(`/api/reply-phrases/${p.id}`, { active: false });
    expect((await c.handlerA!.post(`/api/cases/${k.id}/reply-check`, { content, ...contacted(t) })).json().ok).toBe(true);
    expect((await c.handlerA!.get('/api/reply-phrases')).json().some((x: { phrase: string }) => x.phrase === '将尽快处理')).toBe(false);
    await c.admin!.patch(`/api/reply-phrases/${p.id}`, { active: true });
  });
});

describe('review', () => {
  it('rework restarts the clock with the rework limit; two reworks in a row put the unit on the criticism list, once', async () => {
    let k = await handling();
    const replyOnce = async (n: number) => {
      const r = await reply(k, { content: `${GOOD}（第${n}次反馈）`, ...contacted(t) });
      expect(r.statusCode, r.body).toBe(200);
      k = r.json();
    };
    await replyOnce(1);
    t.advance(3600_000);
    let r = await c.supervisor!.post(`/api/cases/${k.id}/rework`, { version: k.version, reason: '未说明罚款依据和复查时间' });
    expect(r.statusCode, r.body).toBe(200);
    k = r.json();
    expect(k.state).toBe('handling');
    expect(k.stage).toBe('rework');
    expect(new Date(k.stageStartedAt).getTime()).toBe(t.now().getTime());
    expect(new Date(k.dueAt).getTime()).toBeGreaterThan(t.now().getTime());
    expect((await c.supervisor!.get('/api/criticisms')).json().filter((e: { caseId: string }) => e.caseId === k.id)).toHaveLength(0);

    await replyOnce(2);
    r = await c.supervisor!.post(`/api/cases/${k.id}/rework`, { version: k.version, reason: '复查照片与现场不符' });
    k = r.json();
    let list = (await c.supervisor!.get('/api/criticisms')).json().filter((e: { caseId: string }) => e.caseId === k.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ reason: 'consecutive_rework', source: 'auto', unit: { code: w.units.deptA.code }, caseNo: k.caseNo });
    expect(list[0].detail).toContain('连续 2 次');

    // a third rework in the same streak does not list the unit twice for the same case
    await replyOnce(3);
    k = (await c.supervisor!.post(`/api/cases/${k.id}/rework`, { version: k.version, reason: '仍未整改' })).json();
    list = (await c.supervisor!.get('/api/criticisms')).json().filter((e: { caseId: string }) => e.caseId === k.id);
    expect(list).toHaveLength(1);

    // the unit's leader sees it, another unit's does not
    expect((await c.leaderA!.get('/api/criticisms')).json().some((e: { caseId: string }) => e.caseId === k.id)).toBe(true);
    expect((await c.leaderB!.get('/api/criticisms')).json().some((e: { caseId: string }) => e.caseId === k.id)).toBe(false);
    expect((await c.handlerA!.get('/api/criticisms')).statusCode).toBe(403);
  });

  it('an approval in between breaks the streak', async () => {
    let k = await handling();
    k = (await reply(k, { content: GOOD, ...contacted(t) })).json();
    k = (await c.supervisor!.post(`/api/cases/${k.id}/rework`, { version: k.version, reason: '补充复查情况' })).json();
    k = (await reply(k, { content: `${GOOD}补充：复查照片已存档。`, ...contacted(t) })).json();
    k = (await c.supervisor!.post(`/api/cases/${k.id}/approve`, { version: k.version })).json();
    // dissatisfied citizen → rework once more: the streak restarted at the approval
    k = (await c.supervisor!.post(`/api/cases/${k.id}/callbacks`, { version: k.version, type: 'result', reached: true, contacted: true, satisfaction: 'dissatisfied' })).json();
    expect(k.state).toBe('dissatisfied');
    k = (await c.supervisor!.post(`/api/cases/${k.id}/rework`, { version: k.version, reason: '市民不满意' })).json();
    expect((await c.supervisor!.get('/api/criticisms')).json().some((e: { caseId: string }) => e.caseId === k.id)).toBe(false);
  });

  it('supervisors record the reasons the platform cannot see, and revoke a wrong entry', async () => {
    const k = await handling();
    const add = await c.supervisor!.post('/api/criticisms', { unit: w.units.deptB.code, reason: 'contradicts_reality', detail: '答复称已清理，回访时现场垃圾仍未清运', case: k.caseNo });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json().quarter).toBe('2026Q1');
    expect((await c.supervisor!.post('/api/criticisms', { unit: 'no-such-unit', reason: 'contradicts_reality', detail: '答复与事实不符' })).statusCode).toBe(404);
    expect((await c.supervisor!.post('/api/criticisms', { unit: w.units.deptB.code, reason: 'bad_mood', detail: '答复与事实不符' })).statusCode).toBe(400);
    expect((await c.leader!.post('/api/criticisms', { unit: w.units.deptB.code, reason: 'contradicts_reality', detail: '答复与事实不符' })).statusCode).toBe(403);
    const id = add.json().id;
    expect((await c.supervisor!.get(`/api/criticisms?unit=${w.units.deptB.code}`)).json().map((e: { id: string }) => e.id)).toEqual([id]);
    expect((await c.supervisor!.get('/api/criticisms?quarter=2025Q4')).json().some((e: { id: string }) => e.id === id)).toBe(false);
    expect((await c.supervisor!.post(`/api/criticisms/${id}/revoke`, { note: '经核实系群众误解' })).statusCode).toBe(204);
    expect((await c.supervisor!.get(`/api/criticisms?unit=${w.units.deptB.code}`)).json()).toEqual([]);
    const withRevoked = (await c.supervisor!.get(`/api/criticisms?unit=${w.units.deptB.code}&includeRevoked=true`)).json();
    expect(withRevoked[0].revokeNote).toBe('经核实系群众误解');
    expect((await c.supervisor!.post(`/api/criticisms/${id}/revoke`, { note: '再撤一次' })).statusCode).toBe(404);
  });
});
