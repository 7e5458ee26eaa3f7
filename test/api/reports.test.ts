/**
 * Reports (issue #8 §3–6): the weekly report with its hot issues, important cases and supervision
 * status, on demand and on schedule (sent to the leaders), as Word, PDF and Excel; the quarterly
 * criticism notice with reasons, case numbers and a praise list; the portal's 热线联动 column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { contacted, createTestApp, loginAll, makeWorld, sampleCase, type Client, type TestApp, type World } from '../app';
import { runTimersOnce } from '../../src/server/jobs/timer-worker';
import { PolicyStore } from '../../src/server/policy/policy';
import { generateScheduledReports } from '../../src/server/reports/reports.service';
import { DEFAULT_SATISFACTION_WEIGHTS } from '../../src/core/metrics';

const at = (local: string) => new Date(`${local}+08:00`);
const REPLY = '经现场核查，已责令商户整改并安装油烟净化设施，复查已整改到位，已电话告知诉求人。';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const step = async (who: string, id: string, path: string, body: Record<string, unknown> = {}) => {
  const cur = (await c.supervisor!.get(`/api/cases/${id}`)).json();
  return ok(await c[who]!.post(`/api/cases/${id}/${path}`, { version: cur.version, ...body }));
};
const register = async (over: Record<string, unknown> = {}) => (await ok(await c.operator!.post('/api/cases', sampleCase(over)), 201)) as { id: string; caseNo: string };
const timers = () => runTimersOnce({ db: t.db.db, policy: new PolicyStore(t.db.db, 0), clock: () => t.now() });

const BBQ = ['幸福小区烧烤店油烟扰民', '滨江路烧烤摊油烟扰民严重', '夜市烧烤油烟熏到居民楼', '楼下烧烤店油烟和噪音扰民'];
const ids: Record<string, { id: string; caseNo: string }> = {};

// the week of Monday 2 – Sunday 8 March 2026 (the first quarter)
beforeAll(async () => {
  t = await createTestApp(at('2026-03-02T09:00:00'));
  w = await makeWorld(t);
  c = await loginAll(t, w);
  // a hot issue: four barbecue-smoke complaints; two one-offs
  for (const [i, title] of BBQ.entries()) ids[`bbq${i}`] = await register({ title, content: `${title}，烧烤油烟直冲窗户，晚上无法开窗，希望城管部门处理。` });
  ids.water = await register({ kind: 'help', title: '小区突然停水', content: '幸福小区从早上开始停水，没有任何通知。' });
  ids.media = await register({ channel: 'media', title: '临江日报：老旧小区电梯频繁故障', content: '记者接读者反映，老旧小区电梯频繁故障困人。' });
  // department A handles five and reworks one twice; B lets three run overdue
  for (const k of ['bbq0', 'bbq1', 'bbq2', 'bbq3', 'media']) {
    await step('dispatcher', ids[k]!.id, 'dispatch', { units: [w.units.deptA.code] });
    await step('handlerA', ids[k]!.id, 'accept');
    await step('handlerA', ids[k]!.id, 'reply', { content: REPLY, ...contacted(t) });
  }
  await step('supervisor', ids.bbq0!.id, 'rework', { reason: '未附复查照片' });
  await step('handlerA', ids.bbq0!.id, 'reply', { content: `${REPLY}（补充）`, ...contacted(t) });
  await step('supervisor', ids.bbq0!.id, 'rework', { reason: '复查情况与群众反映不符' });
  for (const k of ['bbq1', 'bbq2', 'bbq3', 'media']) {
    await step('supervisor', ids[k]!.id, 'approve');
    await step('operator', ids[k]!.id, 'callbacks', { type: 'result', reached: true, contacted: true, satisfaction: 'satisfied', resolved: true });
  }
  for (let i = 0; i < 3; i++) {
    ids[`late${i}`] = await register({ title: `井盖缺失${i + 1}`, content: '人行道井盖缺失，夜间容易摔倒。' });
    await step('dispatcher', ids[`late${i}`]!.id, 'dispatch', { units: [w.units.deptB.code], limit: '1h' });
  }
  // a leader's instruction and a supervision order on the water case
  await step('dispatcher', ids.water!.id, 'dispatch', { units: [w.units.water.code] });
  await step('leader', ids.water!.id, 'instructions', { instruction: '请水务集团立即恢复供水并通报原因。' });
  await step('supervisor', ids.water!.id, 'supervise', { note: '请书面报告停水原因和恢复时间' });
  t.setNow(at('2026-03-02T12:00:00'));
  await timers();
  t.setNow(at('2026-03-09T08:30:00')); // the next Monday
  c = await loginAll(t, w);
});
afterAll(async () => t?.close());

async function weekly() {
  const r = await ok(await c.supervisor!.post('/api/reports', { kind: 'weekly' }), 201);
  expect(r).toMatchObject({ kind: 'weekly', from: '2026-03-02', to: '2026-03-08', scheduled: false });
  expect(r.title).toBe('周报（2026年3月2日—3月8日）');
  return r as { id: string; title: string };
}

describe('the weekly report', () => {
  it('has the week’s figures, hot issues, important cases, supervision and the units’ rates', async () => {
    const r = await weekly();
    const { data } = await ok(await c.leader!.get(`/api/reports/${r.id}`));
    const stats = await ok(await c.leader!.get('/api/stats?from=2026-03-02&to=2026-03-08&by=unit'));
    expect(data.totals.counters).toEqual(stats.total.counters);
    expect(data.totals.counters).toMatchObject({ received: 9, dispatched: 9, replied: 5, closed: 4, overdue: 3, supervised: 1 });
    expect(data.previous.counters.received).toBe(0);
    expect(data.series).toHaveLength(1);
    expect(data.byChannel.map((b: { key: string }) => b.key).sort()).toEqual(['media/complaint', 'phone/complaint', 'phone/help']);
    // the four barbecue complaints are one hot issue
    expect(data.hotIssues[0].count, JSON.stringify(data.hotIssues)).toBe(4);
    expect(data.hotIssues[0].keywords).toEqual(expect.arrayContaining(['烧烤']));
    expect(data.hotIssues[0].cases.map((x: { caseNo: string }) => x.caseNo).every((no: string) => BBQ.some((_, i) => ids[`bbq${i}`]!.caseNo === no))).toBe(true);
    const water = data.importantCases.find((x: { caseNo: string }) => x.caseNo === ids.water!.caseNo);
    expect(water.reasons).toEqual(['领导批示', '督办']);
    expect(data.supervision).toMatchObject({ ordersIssued: 1, ordersOpen: 1, instructions: 1 });
    expect(data.supervision.urges).toBe(3); // the automatic urges of the three overdue cases
    expect(data.overdue).toEqual({ stages: 3, openOverdue: 3 });
    expect(data.mediaLinked).toBe(1);
    const a = data.units.find((u: { key: string }) => u.key === w.units.deptA.id);
    expect(a.counters).toMatchObject({ dispatched: 5, replied: 5, reworked: 1, closed: 4 });
    expect(data.hourOfDay.reduce((s: number, n: number) => s + n, 0)).toBe(9);
    expect(data.hourOfDay[9]).toBe(9);
  });

  it('downloads as Word, PDF and Excel', async () => {
    const r = await weekly();
    const docx = await c.leader!.get(`/api/reports/${r.id}/docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    for (const s of ['周报', '热点问题', '烧烤', ids.water!.caseNo, '市城管执法局']) expect(xml).toContain(s);
    const pdf = await c.leader!.get(`/api/reports/${r.id}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = String((await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true })).text).replace(/\s+/g, '');
    for (const s of ['周报', '总体情况', '市城管执法局', ids.water!.caseNo]) expect(text).toContain(s);
    const xlsx = await c.leader!.get(`/api/reports/${r.id}/xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const units = wb.getWorksheet('单位')!;
    const names = units.getColumn(1).values.map(String);
    expect(names).toContain('市城管执法局');
    expect(wb.getWorksheet('热点')!.getRow(2).getCell(2).value).toBe(4);
  });

  it('is generated on Monday from 08:00 once, and sent to the leaders', async () => {
    const leaderId = (await c.admin!.get('/api/users')).json().find((u: { username: string }) => u.username === w.users.leader).id;
    expect((await c.admin!.patch(`/api/users/${leaderId}`, { email: 'mayor@linjiang.gov.cn' })).statusCode).toBe(204);
    expect((await c.admin!.patch(`/api/users/${leaderId}`, { email: 'not-an-address' })).statusCode).toBe(400);
    expect(await generateScheduledReports(t.db.db, at('2026-03-09T07:59:00'), DEFAULT_SATISFACTION_WEIGHTS, 'https://12345.example.gov.cn')).toEqual([]);
    const made = await generateScheduledReports(t.db.db, at('2026-03-09T08:01:00'), DEFAULT_SATISFACTION_WEIGHTS, 'https://12345.example.gov.cn');
    expect(made.length).toBe(4); // the week, February, the fourth quarter and the year before
    expect(await generateScheduledReports(t.db.db, at('2026-03-09T08:02:00'), DEFAULT_SATISFACTION_WEIGHTS)).toEqual([]);
    const list = (await ok(await c.leader!.get('/api/reports?kind=weekly'))) as { scheduled: boolean; from: string; sentAt: string | null }[];
    const scheduled = list.filter((r) => r.scheduled);
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]).toMatchObject({ from: '2026-03-02' });
    expect(scheduled[0]!.sentAt).not.toBeNull();
    const notes = (await c.leader!.get('/api/notifications')).json() as { kind: string; message: string }[];
    expect(notes.some((n) => n.kind === 'report' && n.message.includes('周报（2026年3月2日—3月8日）'))).toBe(true);
    const mail = await t.db.db.selectFrom('outbox').selectAll().where('purpose', '=', 'report').where('recipient', '=', 'mayor@linjiang.gov.cn').execute();
    expect(mail.length).toBe(4);
    expect(mail.some((m) => m.subject === '周报（2026年3月2日—3月8日）' && m.body.includes('https://12345.example.gov.cn/api/reports/'))).toBe(true);
  });

  it('monthly, quarterly and annual reports over chosen periods; bad periods and roles refused', async () => {
    const m = await ok(await c.supervisor!.post('/api/reports', { kind: 'monthly', from: '2026-03-01', to: '2026-03-31' }), 201);
    expect(m.title).toBe('2026年3月月度会商统计');
    const q = await ok(await c.supervisor!.post('/api/reports', { kind: 'quarterly', from: '2026-01-01', to: '2026-03-31' }), 201);
    expect(q.title).toBe('2026年第1季度季度报告');
    expect((await ok(await c.leader!.get(`/api/reports/${q.id}`))).data.totals.counters.received).toBe(9);
    expect((await c.supervisor!.post('/api/reports', { kind: 'monthly', from: '2026-03-31', to: '2026-03-01' })).statusCode).toBe(400);
    expect((await c.supervisor!.post('/api/reports', { kind: 'monthly', from: '2026-03-01' })).statusCode).toBe(400);
    expect((await c.supervisor!.post('/api/reports', { kind: 'annual', from: '2024-01-01', to: '2026-03-01' })).statusCode).toBe(400);
    expect((await c.leader!.post('/api/reports', { kind: 'weekly' })).statusCode).toBe(403);
    expect((await c.handlerA!.get('/api/reports')).statusCode).toBe(403);
    expect((await c.leader!.get('/api/reports/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('the quarterly criticism notice', () => {
  it('names each unit with its reasons and case numbers, and praises the best unit', async () => {
    await ok(await c.supervisor!.post('/api/criticisms', { unit: w.units.water.code, reason: 'contradicts_reality', detail: '答复称已恢复供水，回访时仍停水', case: ids.water!.caseNo }), 201);
    const n = await ok(await c.leader!.get('/api/reports/criticism-notice?quarter=2026Q1'));
    expect(n).toMatchObject({ quarter: '2026Q1', from: '2026-01-01', to: '2026-03-31' });
    const byUnit = Object.fromEntries(n.criticised.map((x: { unit: { code: string }; reasons: unknown[] }) => [x.unit.code, x.reasons]));
    expect(byUnit[w.units.deptA.code]).toEqual([expect.objectContaining({ reason: 'consecutive_rework', label: '连续两次被退回重办', count: 1, cases: [ids.bbq0!.caseNo] })]);
    expect(byUnit[w.units.deptB.code]).toEqual([expect.objectContaining({ reason: 'overdue_unexplained', count: 3, cases: [ids.late0!.caseNo, ids.late1!.caseNo, ids.late2!.caseNo] })]);
    expect(byUnit[w.units.water.code]).toEqual([expect.objectContaining({ reason: 'contradicts_reality', cases: [ids.water!.caseNo] })]);
    // A has five cases but is criticised: nobody qualifies for praise
    expect(n.praised).toEqual([]);
    expect((await ok(await c.leader!.get('/api/reports/criticism-notice?quarter=2025Q4'))).criticised).toEqual([]);
  });

  it('praises a unit with enough cases and nothing to criticise; downloads as Word and PDF', async () => {
    t.setNow(at('2026-03-10T09:00:00'));
    for (let i = 0; i < 5; i++) {
      const k = await register({ title: `路灯不亮${i + 1}`, content: '小区门口路灯不亮，晚上出行不便。' });
      await step('dispatcher', k.id, 'dispatch', { units: [w.units.street1.code] });
      await step('handlerS1', k.id, 'accept');
      await step('handlerS1', k.id, 'reply', { content: '经现场核查，路灯线路老化，已更换线路，目前已恢复照明，已电话告知诉求人。', ...contacted(t) });
      await step('supervisor', k.id, 'approve');
      await step('operator', k.id, 'callbacks', { type: 'result', reached: true, contacted: true, satisfaction: 'very_satisfied', resolved: true });
    }
    const n = await ok(await c.leader!.get('/api/reports/criticism-notice?quarter=2026Q1'));
    expect(n.praised).toEqual([expect.objectContaining({ unit: expect.objectContaining({ code: w.units.street1.code }), score: 1 })]);
    const docx = await c.supervisor!.get('/api/reports/criticism-notice/docx?quarter=2026Q1');
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    for (const s of ['通报', '通报表扬', '通报批评', '东华街道', ids.bbq0!.caseNo, ids.late2!.caseNo]) expect(xml).toContain(s);
    const pdf = await c.supervisor!.get('/api/reports/criticism-notice/pdf?quarter=2026Q1');
    const text = String((await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true })).text).replace(/\s+/g, '');
    expect(text).toContain('第一季度');
    expect(text).toContain(ids.late0!.caseNo);
    expect((await c.handlerA!.get('/api/reports/criticism-notice')).statusCode).toBe(403);
  });
});

describe('public disclosure', () => {
  it('the 热线联动 column lists only the media-linked cases’ replies', async () => {
    const linked = (await t.app.inject({ method: 'GET', url: '/api/public/replies?linked=true' })).json();
    expect(linked.items.map((i: { title: string }) => i.title)).toEqual(['临江日报：老旧小区电梯频繁故障']);
    const all = (await t.app.inject({ method: 'GET', url: '/api/public/replies?limit=50' })).json();
    expect(all.items.length).toBeGreaterThan(1);
  });
});
