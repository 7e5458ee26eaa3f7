/**
 * Supervision (issue #7 §5): urges, supervision and key-item orders with their own deadline, number,
 * required response and PDF; automatic escalation; leader instructions; special reports to leaders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import { createTestApp, loginAll, makeWorld, sampleCase, MONDAY_10AM, type Client, type TestApp, type World } from '../app';
import { runTimersOnce, type TimerDeps } from '../../src/server/jobs/timer-worker';
import { PolicyStore } from '../../src/server/policy/policy';

let t: TestApp;
let w: World;
let c: Record<string, Client>;
let deps: TimerDeps;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  deps = { db: t.db.db, policy: new PolicyStore(t.db.db, 0), clock: () => t.now() };
});
afterAll(async () => t?.close());

type Res = LightMyRequestResponse;
async function ok(res: Res, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function handling(over: Record<string, unknown> = {}) {
  const k = await ok(await c.operator!.post('/api/cases', sampleCase(over)), 201);
  let x = await ok(await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: [w.units.deptA.code] }));
  x = await ok(await c.handlerA!.post(`/api/cases/${k.id}/accept`, { version: x.version }));
  return x;
}

async function pdfText(res: Res): Promise<string> {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
  const { text } = await extractText(pdf, { mergePages: true });
  return String(text).replace(/\s+/g, '');
}

const notes = async (client: Client, caseId: string) => ((await client.get('/api/notifications')).json() as { caseId: string; kind: string; message: string }[]).filter((n) => n.caseId === caseId);

describe('urges', () => {
  it('a supervisor urges by hand; the unit is told; other roles may not', async () => {
    const k = await handling();
    expect((await c.dispatcher!.post(`/api/cases/${k.id}/urges`, { version: k.version, note: '请加快' })).statusCode).toBe(403);
    const x = await ok(await c.supervisor!.post(`/api/cases/${k.id}/urges`, { version: k.version, note: '群众再次来电，请加快办理' }));
    expect(x.urgeCount).toBe(1);
    expect((await notes(c.handlerA!, k.id)).some((n) => n.kind === 'urge' && n.message.includes('群众再次来电'))).toBe(true);
  });
});

describe('supervision and key-item orders', () => {
  it('issues a numbered order with its own deadline; the unit must answer in writing before the supervisor closes it', async () => {
    t.setNow(MONDAY_10AM);
    const k = await handling();
    const due = new Date(MONDAY_10AM.getTime() + 2 * 86_400_000).toISOString();
    const x = await ok(await c.supervisor!.post(`/api/cases/${k.id}/supervise`, { version: k.version, note: '请于两日内书面报告整改措施和完成时限', dueAt: due }));
    expect(x).toMatchObject({ supervised: true, requiresSignOff: true, openOrders: 1 });
    let detail = (await c.handlerA!.get(`/api/cases/${k.id}`)).json();
    expect(detail.orders).toHaveLength(1);
    const order = detail.orders[0];
    expect(order).toMatchObject({ kind: 'supervision', status: 'open', requirement: '请于两日内书面报告整改措施和完成时限', dueAt: due });
    expect(order.orderNo).toMatch(/^督办〔2026〕\d+号$/);
    expect(detail.allowedActions).toContain('respond_order');
    expect((await notes(c.handlerA!, k.id)).some((n) => n.kind === 'supervision' && n.message.includes(order.orderNo))).toBe(true);

    // the unit's list and another unit's
    expect((await c.handlerA!.get('/api/supervision-orders?status=open')).json().map((o: { id: string }) => o.id)).toContain(order.id);
    expect((await c.handlerB!.get('/api/supervision-orders')).json().some((o: { id: string }) => o.id === order.id)).toBe(false);
    expect((await c.handlerB!.get(`/api/supervision-orders/${order.id}`)).statusCode).toBe(404);

    // closing before a response is refused
    expect((await c.supervisor!.post(`/api/supervision-orders/${order.id}/close`, {})).statusCode).toBe(409);
    expect((await c.handlerB!.post(`/api/cases/${k.id}/order-response`, { version: detail.version, response: '我单位已组织整改，预计本周完成。' })).statusCode).toBe(404);
    const answered = await ok(await c.handlerA!.post(`/api/cases/${k.id}/order-response`, { version: detail.version, response: '已成立专班，11月5日前完成油烟净化设施更换，每日巡查。' }));
    expect(answered.openOrders).toBe(0);
    expect(answered.allowedActions).not.toContain('respond_order');
    detail = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
    expect(detail.orders[0]).toMatchObject({ status: 'responded', response: '已成立专班，11月5日前完成油烟净化设施更换，每日巡查。' });
    expect(detail.events.at(-1)).toMatchObject({ action: 'respond_order' });
    expect((await c.handlerA!.post(`/api/cases/${k.id}/order-response`, { version: detail.version, response: '再次反馈的内容也不行的。' })).statusCode).toBe(409);

    expect((await c.handlerA!.post(`/api/supervision-orders/${order.id}/close`, {})).statusCode).toBe(403);
    const closed = await ok(await c.supervisor!.post(`/api/supervision-orders/${order.id}/close`, { note: '反馈符合要求' }));
    expect(closed).toMatchObject({ status: 'closed', closeNote: '反馈符合要求', overdue: false });

    // the reply of a supervised case now needs the principal's sign-off
    expect(detail.requiresSignOff).toBe(true);
  });

  it('prints the order with the case summary as a PDF, to those who may see it', async () => {
    const k = await handling({ title: '幸福小区烧烤店油烟扰民督办件' });
    const x = await ok(await c.supervisor!.post(`/api/cases/${k.id}/supervise`, { version: k.version, kind: 'key_item', note: '列入重点事项，请主要负责人牵头办理' }));
    const leader = await ok(await c.leader!.post(`/api/cases/${k.id}/instructions`, { version: x.version, instruction: '请城管部门本周内彻底解决，结果报我。' }));
    expect(leader.urgency).toBe('leader_instructed');
    const order = (await c.supervisor!.get(`/api/cases/${k.id}`)).json().orders[0];
    expect(order.orderNo).toMatch(/^交办〔2026〕\d+号$/);
    // no deadline given: the policy's order limit (3 working days) from now
    expect(new Date(order.dueAt).getTime()).toBeGreaterThan(t.now().getTime() + 2 * 86_400_000);
    const text = await pdfText(await c.handlerA!.get(`/api/supervision-orders/${order.id}/pdf`));
    for (const s of ['重点事项交办单', order.orderNo, '幸福小区烧烤店油烟扰民督办件', k.caseNo, '列入重点事项，请主要负责人牵头办理', '请城管部门本周内彻底解决，结果报我。']) expect(text).toContain(s.replace(/\s+/g, ''));
    // personal data stays masked on paper
    expect(text).not.toContain('13800138000');
    expect((await c.handlerB!.get(`/api/supervision-orders/${order.id}/pdf`)).statusCode).toBe(404);
  });

  it('an order left unanswered past its deadline notifies the unit and counts as written feedback missing', async () => {
    t.setNow(MONDAY_10AM);
    const k = await handling();
    await ok(await c.supervisor!.post(`/api/cases/${k.id}/supervise`, { version: k.version, note: '请书面说明办理进展', dueAt: new Date(MONDAY_10AM.getTime() + 3600_000).toISOString() }));
    t.advance(3600_000 + 60_000);
    await runTimersOnce(deps);
    await runTimersOnce(deps);
    const detail = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
    expect(detail.orders[0].overdue).toBe(true);
    expect((await c.supervisor!.get('/api/supervision-orders?status=overdue')).json().some((o: { caseId: string }) => o.caseId === k.id)).toBe(true);
    expect((await notes(c.handlerA!, k.id)).some((n) => n.kind === 'order_overdue')).toBe(true);
    const entries = (await c.supervisor!.get('/api/criticisms')).json().filter((e: { caseId: string }) => e.caseId === k.id);
    expect(entries).toEqual([expect.objectContaining({ reason: 'missing_written_feedback', source: 'auto' })]);
  });

  it('enough urges escalate the case to a supervision order automatically', async () => {
    let k = await handling();
    for (let i = 0; i < 3; i++) k = await ok(await c.supervisor!.post(`/api/cases/${k.id}/urges`, { version: k.version, note: `第${i + 1}次催办` }));
    await runTimersOnce(deps);
    const detail = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
    expect(detail.supervised).toBe(true);
    expect(detail.openOrders).toBe(1);
    expect(detail.orders[0].requirement).toContain('催办 3 次');
    expect(detail.events.at(-1)).toMatchObject({ action: 'escalate', actor: null });
    expect(detail.events.at(-1).payload.orderNo).toBe(detail.orders[0].orderNo);
  });
});

describe('leader instructions', () => {
  it('raise the urgency, set the deadline, reach the unit at once and stand at the top of the case', async () => {
    const k = await handling();
    const due = new Date(t.now().getTime() + 86_400_000).toISOString();
    const x = await ok(await c.leader!.post(`/api/cases/${k.id}/instructions`, { version: k.version, instruction: '请于明日前办结并报结果。', dueAt: due }));
    expect(x).toMatchObject({ urgency: 'leader_instructed', dueAt: due, stage: 'instruction' });
    const detail = (await c.handlerA!.get(`/api/cases/${k.id}`)).json();
    expect(detail.instructions[0]).toMatchObject({ text: '请于明日前办结并报结果。', by: 'leader', dueAt: due });
    expect((await notes(c.handlerA!, k.id)).some((n) => n.kind === 'instruction' && n.message.includes('请于明日前办结'))).toBe(true);
    expect((await c.supervisor!.post(`/api/cases/${k.id}/instructions`, { version: x.version, instruction: '越权批示' })).statusCode).toBe(403);
  });
});

describe('special reports', () => {
  it('compiles chosen cases into a draft, is edited, then submitted to the leaders with a mark on each case', async () => {
    const a = await handling({ title: '化工厂夜间偷排废气' });
    const b = await handling({ title: '学校周边违规网吧' });
    expect((await c.handlerA!.post('/api/special-reports', { title: '单位自编专报', cases: [a.id] })).statusCode).toBe(403);
    expect((await c.supervisor!.post('/api/special-reports', { title: '近期群众反映强烈问题专报', cases: ['20990101000001'] })).statusCode).toBe(404);
    const draft = await ok(await c.supervisor!.post('/api/special-reports', { title: '近期群众反映强烈问题专报', summary: '本周两件群众反映强烈，建议市领导关注。', cases: [a.caseNo] }), 201);
    expect(draft.reportNo).toMatch(/^专报〔2026〕\d+号$/);
    expect(draft).toMatchObject({ status: 'draft', caseCount: 1 });
    expect(draft.cases[0]).toMatchObject({ caseNo: a.caseNo, title: '化工厂夜间偷排废气', leadUnit: '市城管执法局' });
    // leaders do not see drafts
    expect((await c.leader!.get('/api/special-reports')).json().some((r: { id: string }) => r.id === draft.id)).toBe(false);
    expect((await c.leader!.get(`/api/special-reports/${draft.id}`)).statusCode).toBe(404);

    const edited = await ok(await c.supervisor!.patch(`/api/special-reports/${draft.id}`, { cases: [a.id, b.caseNo] }));
    expect(edited.cases.map((x: { caseNo: string }) => x.caseNo)).toEqual([a.caseNo, b.caseNo]);
    const submitted = await ok(await c.supervisor!.post(`/api/special-reports/${draft.id}/submit`));
    expect(submitted.status).toBe('submitted');
    expect((await c.supervisor!.patch(`/api/special-reports/${draft.id}`, { title: '改标题' })).statusCode).toBe(409);
    expect((await c.supervisor!.post(`/api/special-reports/${draft.id}/submit`)).statusCode).toBe(409);

    for (const k of [a, b]) {
      const d = (await c.supervisor!.get(`/api/cases/${k.id}`)).json();
      expect(d.events.at(-1)).toMatchObject({ action: 'special_report', actionLabel: '列入专报' });
      expect(d.specialReports).toEqual([expect.objectContaining({ reportNo: draft.reportNo, status: 'submitted' })]);
      expect(d.version).toBe(k.version + 1);
    }
    const leaderNotes = (await c.leader!.get('/api/notifications')).json() as { kind: string; message: string }[];
    expect(leaderNotes.some((n) => n.kind === 'special_report' && n.message.includes(draft.reportNo))).toBe(true);
    expect((await c.leader!.get('/api/special-reports')).json().map((r: { id: string }) => r.id)).toContain(draft.id);

    const text = await pdfText(await c.leader!.get(`/api/special-reports/${draft.id}/pdf`));
    for (const s of ['近期群众反映强烈问题专报', draft.reportNo, '本周两件群众反映强烈', a.caseNo, b.caseNo, '化工厂夜间偷排废气', '学校周边违规网吧']) expect(text).toContain(s);
  });
});
