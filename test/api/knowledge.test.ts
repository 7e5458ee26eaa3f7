/**
 * The knowledge base (资料库, issue #12 §1): the review workflow and its refusals, Chinese search
 * ranked by relevance, what operators see, expiry by validity, suggestions from a case's text and
 * the count of answers given with an article.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, loginAll, makeWorld, sampleCase, MONDAY_10AM, type Client, type TestApp, type World } from '../app';
import { expireArticles, recordKnowledgeUse } from '../../src/server/knowledge/knowledge.repo';
import { DomainError } from '../../src/core/errors';

let t: TestApp;
let w: World;
let c: Record<string, Client>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  await t.db.db
    .insertInto('categories')
    .values([
      { code: 'kb-housing', name: '住房保障', parent_code: null, level: 1 },
      { code: 'kb-housing.fund', name: '住房公积金', parent_code: 'kb-housing', level: 2 },
      { code: 'kb-social', name: '社会保障', parent_code: null, level: 1 },
      { code: 'kb-utility', name: '水电气', parent_code: null, level: 1 },
    ])
    .execute();
});
afterAll(async () => t?.close());
beforeEach(() => t.setNow(MONDAY_10AM));

type Res = LightMyRequestResponse;
async function ok(res: Res, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
function refused(res: Res, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  return res.json().error as { code: string; message: string; details?: Record<string, unknown> };
}

interface Article {
  id: string;
  title: string;
  status: string;
  version: number;
  [k: string]: unknown;
}

/** Writes, submits and publishes an article as `author`, approved by the supervisor. */
async function publish(author: Client, body: Record<string, unknown>): Promise<Article> {
  const a = await ok(await author.post('/api/knowledge', body), 201);
  await ok(await author.post(`/api/knowledge/${a.id}/submit`, { version: a.version }));
  return ok(await c.supervisor!.post(`/api/knowledge/${a.id}/review`, { approve: true }));
}

const search = async (client: Client, query: string) => (await ok(await client.get(`/api/knowledge?${query}`))) as { total: number; items: (Article & { rank?: number; matched?: string[] })[] };

describe('the review workflow', () => {
  it('draft → edit → review → sent back → review → published → expired → revised, with refusals by role, unit and state', async () => {
    // a unit writes a draft for itself
    let a = await ok(
      await c.handlerA!.post('/api/knowledge', { type: 'guide', title: '占道经营投诉受理指南', body: '流动摊贩占道经营的，由属地城管执法中队处理。', category: 'kb-housing', validFrom: '2026-01-01' }),
      201,
    );
    expect(a).toMatchObject({ status: 'draft', statusLabel: '草稿', version: 1, type: 'guide', typeLabel: '办事指南', validFrom: '2026-01-01', validTo: null, inForce: false, useCount: 0 });
    expect(a.ownerUnit).toMatchObject({ id: w.units.deptA.id, code: w.units.deptA.code });
    expect(a.category).toEqual({ code: 'kb-housing', name: '住房保障' });
    expect(a.allowedActions).toEqual(['edit', 'submit']);

    // edits while a draft raise the version; a stale version is refused
    a = await ok(await c.handlerA!.patch(`/api/knowledge/${a.id}`, { version: 1, body: '流动摊贩占道经营的，由属地城管执法中队在2小时内到场处理。', validTo: '2026-12-31' }));
    expect(a).toMatchObject({ version: 2, validTo: '2026-12-31' });
    const stale = refused(await c.leaderA!.patch(`/api/knowledge/${a.id}`, { version: 1, title: '占道经营处理指南' }), 409, 'conflict');
    expect(stale.details).toEqual({ version: 2 });
    expect(stale.message).toBe('资料已被他人修改，请刷新后重试');

    // another unit and the operators do not even see the draft
    refused(await c.handlerB!.patch(`/api/knowledge/${a.id}`, { version: 2, title: '别的单位改' }), 404, 'not_found');
    refused(await c.operator!.get(`/api/knowledge/${a.id}`), 404, 'not_found');
    refused(await c.handlerB!.post(`/api/knowledge/${a.id}/submit`, {}), 404, 'not_found');
    // a leader of the owning unit sees and may take it on
    expect((await ok(await c.leaderA!.get(`/api/knowledge/${a.id}`))).allowedActions).toEqual(['edit', 'submit']);
    // only a reviewer approves, and only what is under review
    refused(await c.supervisor!.post(`/api/knowledge/${a.id}/review`, { approve: true }), 409, 'conflict');

    a = await ok(await c.handlerA!.post(`/api/knowledge/${a.id}/submit`, { version: 2 }));
    expect(a).toMatchObject({ status: 'review', statusLabel: '待审核', version: 2, allowedActions: [] });
    expect(a.submittedAt).toBe(MONDAY_10AM.toISOString());
    const notDraft = refused(await c.handlerA!.patch(`/api/knowledge/${a.id}`, { version: 2, title: '审核中再改' }), 409, 'conflict');
    expect(notDraft.message).toBe('资料当前状态为“待审核”，不能执行“修改”');
    const wrongRole = refused(await c.handlerA!.post(`/api/knowledge/${a.id}/review`, { approve: true }), 403, 'auth.forbidden');
    expect(wrongRole.message).toBe('当前角色无权执行“审核发布”');
    refused(await c.dispatcher!.post(`/api/knowledge/${a.id}/review`, { approve: true }), 404, 'not_found');

    // sent back with a note: a note is required
    expect(refused(await c.supervisor!.post(`/api/knowledge/${a.id}/review`, { approve: false }), 400, 'validation.failed').details).toMatchObject({ field: 'note' });
    a = await ok(await c.supervisor!.post(`/api/knowledge/${a.id}/review`, { approve: false, note: '请写明投诉电话和处理时限' }));
    expect(a).toMatchObject({ status: 'draft', reviewNote: '请写明投诉电话和处理时限', reviewedBy: 'supervisor', version: 2 });
    a = await ok(await c.handlerA!.patch(`/api/knowledge/${a.id}`, { version: 2, body: '流动摊贩占道经营的，可拨打12345投诉，属地城管执法中队在2小时内到场处理。' }));
    a = await ok(await c.handlerA!.post(`/api/knowledge/${a.id}/submit`, { version: 3 }));

    // published: everyone reads it, the author may no longer change it
    t.advance(3_600_000);
    a = await ok(await c.admin!.post(`/api/knowledge/${a.id}/review`, { approve: true, note: '同意发布' }));
    expect(a).toMatchObject({ status: 'published', statusLabel: '已发布', version: 3, reviewedBy: 'admin', inForce: true });
    expect(a.publishedAt).toBe(new Date(MONDAY_10AM.getTime() + 3_600_000).toISOString());
    expect((await ok(await c.operator!.get(`/api/knowledge/${a.id}`))).allowedActions).toEqual([]);
    expect((await ok(await c.handlerB!.get(`/api/knowledge/${a.id}`))).body).toContain('12345');
    expect((await ok(await c.leader!.get(`/api/knowledge/${a.id}`))).status).toBe('published');
    refused(await c.handlerA!.post(`/api/knowledge/${a.id}/revise`, {}), 409, 'conflict');
    refused(await c.handlerA!.post(`/api/knowledge/${a.id}/expire`, {}), 403, 'auth.forbidden');
    refused(await c.operator!.post(`/api/knowledge/${a.id}/expire`, {}), 403, 'auth.forbidden');
    expect((await ok(await c.supervisor!.get(`/api/knowledge/${a.id}`))).allowedActions).toEqual(['expire']);

    // expired by hand, then revised into a new draft
    a = await ok(await c.supervisor!.post(`/api/knowledge/${a.id}/expire`, { version: 3 }));
    expect(a).toMatchObject({ status: 'expired', inForce: false });
    expect(a.expiredAt).not.toBeNull();
    refused(await c.supervisor!.post(`/api/knowledge/${a.id}/expire`, {}), 409, 'conflict');
    refused(await c.operator!.get(`/api/knowledge/${a.id}`), 404, 'not_found');
    refused(await c.handlerB!.post(`/api/knowledge/${a.id}/revise`, {}), 404, 'not_found');
    refused(await c.handlerA!.post(`/api/knowledge/${a.id}/revise`, { version: 2 }), 409, 'conflict');
    a = await ok(await c.handlerA!.post(`/api/knowledge/${a.id}/revise`, { version: 3 }));
    expect(a).toMatchObject({ status: 'draft', version: 4, expiredAt: null, allowedActions: ['edit', 'submit'] });
  });

  it('refuses in English when asked', async () => {
    const a = await ok(await c.handlerA!.post('/api/knowledge', { type: 'faq', title: '英文拒绝测试', body: '内容' }), 201);
    const e = refused(await c.handlerA!.post(`/api/knowledge/${a.id}/expire?lang=en`, {}), 403, 'auth.forbidden');
    expect(e.message).toBe('role unit_handler may not expire an article');
    const s = refused(await c.supervisor!.post(`/api/knowledge/${a.id}/review?lang=en`, { approve: true }), 409, 'conflict');
    expect(s.message).toBe('cannot approve an article that is draft');
    expect((await ok(await c.handlerA!.get(`/api/knowledge/${a.id}?lang=en`))).typeLabel).toBe('FAQ');
  });

  it('a unit writes only for itself; the centre names any unit, whose users then manage the article', async () => {
    const forB = refused(await c.handlerA!.post('/api/knowledge', { type: 'faq', title: '替别的单位写', body: '内容', unit: w.units.deptB.code }), 403, 'auth.forbidden');
    expect(forB.message).toBe('只能为本单位编写资料');
    const own = await ok(await c.handlerA!.post('/api/knowledge', { type: 'faq', title: '本单位写', body: '内容', unit: w.units.deptA.code }), 201);
    expect(own.ownerUnit.id).toBe(w.units.deptA.id);

    const a = await ok(await c.operator!.post('/api/knowledge', { type: 'faq', title: '房屋维修资金如何申请使用？', body: '业主大会同意后向住建部门申请。', unit: w.units.deptB.code }), 201);
    expect(a.ownerUnit.id).toBe(w.units.deptB.id);
    expect(a.allowedActions).toEqual(['edit', 'submit']);
    expect((await ok(await c.handlerB!.get(`/api/knowledge/${a.id}`))).allowedActions).toEqual(['edit', 'submit']);
    refused(await c.handlerA!.get(`/api/knowledge/${a.id}`), 404, 'not_found');
    // another operator of the centre did not write it and is not of deptB
    refused(await c.dispatcher!.get(`/api/knowledge/${a.id}`), 404, 'not_found');

    refused(await c.leader!.post('/api/knowledge', { type: 'faq', title: '领导写', body: '内容' }), 403, 'auth.forbidden');
    refused(await c.citizen!.get('/api/knowledge'), 403, 'auth.forbidden');
    refused(await c.operator!.post('/api/knowledge', { type: 'faq', title: '无此单位', body: '内容', unit: 'no-such-unit' }), 404, 'unit.not_found');
  });

  it('checks the input: dates, category, type, unknown fields', async () => {
    expect(refused(await c.handlerA!.post('/api/knowledge', { type: 'faq', title: '日期倒置', body: '内容', validFrom: '2026-06-01', validTo: '2026-01-01' }), 400, 'validation.failed').details).toMatchObject({ field: 'validTo' });
    expect(refused(await c.handlerA!.post('/api/knowledge', { type: 'faq', title: '分类不存在', body: '内容', category: 'nope' }), 400, 'validation.failed').details).toMatchObject({ field: 'category' });
    refused(await c.handlerA!.post('/api/knowledge', { type: 'notice', title: '类型不对', body: '内容' }), 400, 'validation.failed');
    refused(await c.handlerA!.post('/api/knowledge', { type: 'faq', title: '多余字段', body: '内容', status: 'published' }), 400, 'validation.failed');
    refused(await c.handlerA!.post('/api/knowledge', { type: 'faq', title: '坏日期', body: '内容', validTo: '2026-13-45' }), 400, 'validation.failed');
    const a = await ok(await c.handlerA!.post('/api/knowledge', { type: 'faq', title: '缺版本号', body: '内容' }), 201);
    refused(await c.handlerA!.patch(`/api/knowledge/${a.id}`, { title: '没有版本号' }), 400, 'validation.failed');
    refused(await c.handlerA!.patch(`/api/knowledge/${a.id}`, { version: 1 }), 400, 'validation.failed');
    refused(await c.handlerA!.get('/api/knowledge/not-a-uuid'), 400, 'validation.failed');
    // clearing the dates and the category is an edit too
    const b = await ok(await c.handlerA!.patch(`/api/knowledge/${a.id}`, { version: 1, category: 'kb-social', validTo: '2027-01-01' }));
    const cleared = await ok(await c.handlerA!.patch(`/api/knowledge/${a.id}`, { version: b.version, category: null, validTo: null }));
    expect(cleared).toMatchObject({ category: null, validTo: null, version: 3 });
  });
});

describe('search', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const plan: [string, Client, Record<string, unknown>][] = [
      ['rentFund', c.handlerB!, { type: 'guide', category: 'kb-housing.fund', title: '住房公积金租房提取办理指南', body: '无房职工在本市租房自住的，可申请提取住房公积金支付房租。办理条件：本人及配偶在本市无自有住房，连续足额缴存住房公积金满3个月。所需材料：身份证、租房合同或租赁备案证明。提取额度：每月不超过当月应缴存额，可按季度提取。办理渠道：住房公积金管理中心服务大厅、手机公积金APP。' }],
      ['loanRules', c.handlerB!, { type: 'policy', category: 'kb-housing.fund', title: '临江市住房公积金个人住房贷款管理办法', body: '为规范住房公积金个人住房贷款管理，根据《住房公积金管理条例》制定本办法。缴存职工购买、建造、翻建、大修自住住房的，可申请住房公积金贷款。贷款额度最高60万元，期限最长30年。借款人偿还贷款期间可申请提取公积金冲还贷。' }],
      ['buyFund', c.handlerB!, { type: 'faq', category: 'kb-housing.fund', title: '购房提取公积金需要哪些材料？', body: '购买自住住房的职工可在购房后一年内提取住房公积金。需提供身份证、购房合同、购房发票。' }],
      ['residence', c.operator!, { type: 'guide', title: '居住证办理指南', body: '在本市居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的，可申领居住证。材料：身份证、居住登记凭证、租房合同或房产证明。办理地点：居住地派出所。' }],
      ['newborn', c.operator!, { type: 'guide', category: 'kb-social', title: '新生儿城乡居民医保参保登记指南', body: '新生儿出生后90天内办理参保登记并缴费的，自出生之日起享受城乡居民基本医疗保险待遇。家长可持出生医学证明、户口簿在社区服务中心或医保APP办理。' }],
      ['fee', c.operator!, { type: 'faq', category: 'kb-social', title: '城乡居民医保缴费标准是多少？', body: '2026年度城乡居民基本医疗保险个人缴费标准为每人每年400元，新生儿、学生同样适用。缴费期为每年9月至12月，可通过银行、税务APP缴纳。' }],
      ['birthCert', c.operator!, { type: 'faq', category: 'kb-social', title: '出生医学证明丢失了怎么补办？', body: '出生医学证明遗失的，由新生儿父母持身份证到原签发医院申请补发，经审核后办理。' }],
      ['waterCut', c.handlerW!, { type: 'faq', category: 'kb-utility', title: '计划停水期间如何储水？何时恢复供水？', body: '市水务集团计划停水会提前24小时在停水区域张贴公告并通过短信通知。停水期间请提前储水，关好水龙头。恢复供水后先放水几分钟。停水信息可拨打供水服务热线查询。' }],
      // the same two words, in one article's title and in a newer article's body only
      ['liftTitle', c.operator!, { type: 'faq', title: '住宅电梯年检标志在哪里看？', body: '每台电梯的轿厢内都张贴有安全检验合格标志，标明下次检验日期。' }],
      ['liftBody', c.operator!, { type: 'policy', title: '临江市特种设备安全监督管理办法', body: '电梯使用单位应当按期申报电梯年检，电梯年检不合格的不得继续使用。' }],
    ];
    for (const [key, author, body] of plan) {
      t.advance(60_000);
      ids[key] = (await publish(author, body)).id;
    }
    // a draft on the same subject, which no operator may find
    ids.draft = (await ok(await c.handlerB!.post('/api/knowledge', { type: 'faq', title: '租房提取公积金草稿', body: '租房提取公积金的新规定（未发布）。' }), 201)).id;
  });

  it('ranks the most relevant article first, a title match above a body match', async () => {
    let r = await search(c.operator!, `q=${encodeURIComponent('租房提取公积金')}`);
    expect(r.items[0]!.id).toBe(ids.rentFund);
    expect(r.items[0]!.matched).toEqual(['租房', '提取', '公积金']);
    expect(r.items.map((i) => i.id)).toEqual(expect.arrayContaining([ids.loanRules, ids.buyFund]));
    expect(r.items.map((i) => i.id)).not.toContain(ids.draft);
    const ranks = r.items.map((i) => i.rank!);
    expect([...ranks].sort((x, y) => y - x)).toEqual(ranks);
    expect(r.total).toBe(r.items.length);

    r = await search(c.operator!, `q=${encodeURIComponent('新生儿 医保')}`);
    expect(r.items[0]!.id).toBe(ids.newborn);
    expect(r.items.map((i) => i.id).slice(1, 3).sort()).toEqual([ids.fee, ids.birthCert].sort());
    // 医保 in the title beats 新生儿 in the body
    expect(r.items.findIndex((i) => i.id === ids.fee)).toBeLessThan(r.items.findIndex((i) => i.id === ids.birthCert));

    // title words weigh more than body words (setweight A / B)
    r = await search(c.operator!, `q=${encodeURIComponent('电梯年检')}`);
    expect(r.items.map((i) => i.id)).toEqual([ids.liftTitle, ids.liftBody]);
    expect(r.items[0]!.rank).toBeGreaterThan(r.items[1]!.rank! * 2);

    r = await search(c.handlerA!, `q=${encodeURIComponent('停水了什么时候恢复供水')}`);
    expect(r.items[0]!.id).toBe(ids.waterCut);

    r = await search(c.operator!, `q=${encodeURIComponent('居住证怎么办')}`);
    expect(r.items[0]).toMatchObject({ id: ids.residence, type: 'guide', typeLabel: '办事指南' });
    expect(r.items[0]!.excerpt).toMatch(/^在本市居住半年以上/);
    expect(r.items[0]).not.toHaveProperty('body');
  });

  it('filters by type, category (with subcategories), owning unit; pages; lists newest first without q', async () => {
    const q = encodeURIComponent('公积金');
    expect((await search(c.operator!, `q=${q}&type=faq`)).items.map((i) => i.id)).toEqual([ids.buyFund]);
    expect((await search(c.operator!, `q=${q}&type=policy`)).items.map((i) => i.id)).toEqual([ids.loanRules]);
    const cat = await search(c.operator!, 'category=kb-housing');
    expect(cat.items.map((i) => i.id).sort()).toEqual([ids.rentFund, ids.loanRules, ids.buyFund].sort());
    // newest updated first
    expect(cat.items.map((i) => i.id)).toEqual([ids.buyFund, ids.loanRules, ids.rentFund]);
    const page = await search(c.operator!, 'category=kb-housing&limit=2&offset=2');
    expect(page).toMatchObject({ total: 3 });
    expect(page.items.map((i) => i.id)).toEqual([ids.rentFund]);
    expect((await search(c.operator!, `unit=${w.units.water.code}`)).items.map((i) => i.id)).toEqual([ids.waterCut]);
    // a single character has no word to search: substring match
    expect((await search(c.operator!, `q=${encodeURIComponent('水')}&category=kb-utility`)).items.map((i) => i.id)).toEqual([ids.waterCut]);
    refused(await c.operator!.get('/api/knowledge?unit=no-such-unit'), 404, 'unit.not_found');
  });

  it('drafts are invisible to operators; authors and reviewers see them with a status filter', async () => {
    const q = encodeURIComponent('租房提取公积金');
    expect((await search(c.operator!, `q=${q}&status=draft`)).items).toEqual([]);
    expect((await search(c.operator!, `q=${q}&status=all`)).items.map((i) => i.id)).not.toContain(ids.draft);
    expect((await search(c.handlerA!, `status=draft&unit=${w.units.deptB.code}`)).items).toEqual([]);
    expect((await search(c.handlerB!, `q=${q}&status=draft`)).items.map((i) => i.id)).toEqual([ids.draft]);
    expect((await search(c.supervisor!, `q=${q}&status=draft`)).items.map((i) => i.id)).toEqual([ids.draft]);
    // without a status, everyone's list is of published articles
    expect((await search(c.handlerB!, `q=${q}`)).items.map((i) => i.id)).not.toContain(ids.draft);
    const all = await search(c.handlerB!, `q=${q}&status=all`);
    expect(all.items.map((i) => i.id)).toEqual(expect.arrayContaining([ids.draft, ids.rentFund]));
  });
});

describe('validity', () => {
  it('an article lapses after its last day: read as expired, out of the published list, out of suggestions', async () => {
    const a = await publish(c.handlerW!, { type: 'faq', title: '东华街道3月2日计划停水通知', body: '因管网改造，东华街道3月2日计划停水，当日22时恢复供水。', validTo: '2026-03-02' });
    const suggest = async () => ok(await c.operator!.post('/api/knowledge/suggest', { title: '东华街道停水', content: '东华街道停水了，什么时候恢复供水？' }));
    expect((await suggest()).map((s: { id: string }) => s.id)).toContain(a.id);
    // 23:59 on the last day (Shanghai): still published
    t.setNow('2026-03-02T15:59:00Z');
    expect((await ok(await c.operator!.get(`/api/knowledge/${a.id}`))).status).toBe('published');
    // the next day, Shanghai time: lapsed on read
    t.setNow('2026-03-02T16:00:00Z');
    expect((await suggest()).map((s: { id: string }) => s.id)).not.toContain(a.id);
    const read = await ok(await c.handlerW!.get(`/api/knowledge/${a.id}`));
    expect(read).toMatchObject({ status: 'expired', inForce: false, expiredAt: '2026-03-02T16:00:00.000Z', allowedActions: ['revise'] });
    refused(await c.operator!.get(`/api/knowledge/${a.id}`), 404, 'not_found');
    expect((await search(c.operator!, `q=${encodeURIComponent('东华街道停水')}`)).items.map((i) => i.id)).not.toContain(a.id);
    expect((await search(c.handlerW!, 'status=expired')).items.map((i) => i.id)).toContain(a.id);
  });

  it('expireArticles, for the timer loop, expires every lapsed article and says how many', async () => {
    const a = await publish(c.handlerW!, { type: 'faq', title: '西华街道停电检修通知', body: '西华街道3月5日停电检修。', validTo: '2026-03-05' });
    const b = await publish(c.handlerW!, { type: 'faq', title: '西华街道燃气管道检修', body: '西华街道3月6日燃气检修。', validTo: '2026-03-06' });
    expect(await expireArticles(t.db.db, new Date('2026-03-05T10:00:00Z'))).toBe(0);
    expect(await expireArticles(t.db.db, new Date('2026-03-06T10:00:00Z'))).toBe(1);
    const rows = await t.db.db.selectFrom('knowledge_articles').select(['id', 'status']).where('id', 'in', [a.id, b.id]).execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [a.id]: 'expired', [b.id]: 'published' });
    expect(await expireArticles(t.db.db, new Date('2026-03-06T10:00:00Z'))).toBe(0);
  });

  it('an article not yet in force is listed but not suggested; a lapsed one cannot be published', async () => {
    const a = await publish(c.operator!, { type: 'policy', title: '2027年度冬季供暖收费标准调整', body: '自2027年起冬季供暖收费标准调整为每平方米每月5元。', validFrom: '2027-01-01' });
    expect(a.inForce).toBe(false);
    const s = await ok(await c.operator!.post('/api/knowledge/suggest', { content: '冬季供暖收费标准是多少' }));
    expect(s.map((x: { id: string }) => x.id)).not.toContain(a.id);

    const old = await ok(await c.operator!.post('/api/knowledge', { type: 'faq', title: '过期的通知', body: '内容', validTo: '2026-03-01' }), 201);
    await ok(await c.operator!.post(`/api/knowledge/${old.id}/submit`, {}));
    expect(refused(await c.supervisor!.post(`/api/knowledge/${old.id}/review`, { approve: true }), 409, 'conflict').message).toContain('有效期已过');
  });
});

describe('suggestions and use', () => {
  let rentFund: string;
  beforeAll(async () => {
    const r = await search(c.operator!, `q=${encodeURIComponent('住房公积金租房提取办理指南')}`);
    rentFund = r.items.find((i) => i.title === '住房公积金租房提取办理指南')!.id;
  });

  it('suggests the published articles most relevant to a case, with an excerpt and the matched words', async () => {
    const s = await ok(
      await c.operator!.post('/api/knowledge/suggest', {
        title: '咨询租房提取公积金',
        content: '市民来电称自己在城区租房居住，想提取住房公积金交房租，咨询需要带什么材料、到哪里办理。',
      }),
    );
    expect(s.length).toBeGreaterThan(1);
    expect(s.length).toBeLessThanOrEqual(5);
    expect(s[0]).toMatchObject({ id: rentFund, type: 'guide', typeLabel: '办事指南', title: '住房公积金租房提取办理指南', useCount: 0 });
    expect(s[0].matched).toEqual(expect.arrayContaining(['租房', '提取', '公积金', '材料']));
    expect(s[0].excerpt.length).toBeLessThanOrEqual(121);
    expect(s[0].excerpt.endsWith('…')).toBe(true);
    expect(s[0].rank).toBeGreaterThan(s[1].rank);
    expect(s.map((x: { title: string }) => x.title)).not.toContain('租房提取公积金草稿');

    const baby = await ok(await c.handlerA!.post('/api/knowledge/suggest', { content: '孩子刚出生，想给新生儿办医保，去哪里参保？' }));
    expect(baby[0].title).toBe('新生儿城乡居民医保参保登记指南');
    expect(await ok(await c.operator!.post('/api/knowledge/suggest', {}))).toEqual([]);
    expect(await ok(await c.operator!.post('/api/knowledge/suggest', { content: '的了吗' }))).toEqual([]);
    refused(await c.operator!.post('/api/knowledge/suggest', { content: '租房', caseId: 'x' }), 400, 'validation.failed');
  });

  it('recordKnowledgeUse counts an article once per case and refuses one that is not published', async () => {
    const case1 = (await ok(await c.operator!.post('/api/cases', sampleCase({ kind: 'consultation', title: '租房提取公积金咨询' })), 201)).id as string;
    const case2 = (await ok(await c.operator!.post('/api/cases', sampleCase({ kind: 'consultation', title: '公积金提取材料咨询' })), 201)).id as string;
    const operatorId = (await t.db.db.selectFrom('users').select('id').where('username', '=', w.users.operator!).executeTakeFirstOrThrow()).id;
    const use = (articleId: string, caseId: string) => t.db.db.transaction().execute((trx) => recordKnowledgeUse(trx, { articleId, caseId, userId: operatorId, now: t.now() }));

    expect(await use(rentFund, case1)).toEqual({ counted: true });
    expect(await use(rentFund, case1)).toEqual({ counted: false });
    expect(await use(rentFund, case2)).toEqual({ counted: true });
    expect((await ok(await c.operator!.get(`/api/knowledge/${rentFund}`))).useCount).toBe(2);
    const uses = await t.db.db.selectFrom('knowledge_uses').select(['case_id', 'user_id']).where('article_id', '=', rentFund).orderBy('id').execute();
    expect(uses).toEqual([{ case_id: case1, user_id: operatorId }, { case_id: case2, user_id: operatorId }]);

    const draft = await ok(await c.operator!.post('/api/knowledge', { type: 'faq', title: '草稿不能引用', body: '内容' }), 201);
    for (const articleId of [draft.id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const err = await use(articleId, case1).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('validation.failed');
      expect((err as DomainError).details).toEqual({ field: 'articleId' });
    }
    expect(await t.db.db.selectFrom('knowledge_uses').select('id').where('article_id', '=', draft.id).execute()).toEqual([]);

    // suggestions break a tie in relevance by use
    const s = await ok(await c.operator!.post('/api/knowledge/suggest', { content: '租房提取公积金' }));
    expect(s[0]).toMatchObject({ id: rentFund, useCount: 2 });
  });

  it('stats: counts by type and status of what the caller may read, and the most used articles', async () => {
    const sup = await ok(await c.supervisor!.get('/api/knowledge/stats'));
    expect(sup.total).toBe(Object.values(sup.byStatus as Record<string, number>).reduce((x, y) => x + y, 0));
    expect(sup.total).toBe(Object.values(sup.byType as Record<string, number>).reduce((x, y) => x + y, 0));
    expect(sup.byStatus.draft).toBeGreaterThan(0);
    expect(sup.byStatus.expired).toBeGreaterThan(0);
    expect(sup.uses).toBe(2);
    expect(sup.mostUsed[0]).toMatchObject({ id: rentFund, useCount: 2, type: 'guide', status: 'published' });
    expect(sup.mostUsed).toHaveLength(1);
    const dbCounts = await t.db.db.selectFrom('knowledge_articles').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    for (const r of dbCounts) expect(sup.byStatus[r.status], r.status).toBe(Number(r.n));

    const op = await ok(await c.operator!.get('/api/knowledge/stats'));
    expect(op.byStatus.published).toBe(sup.byStatus.published);
    expect(op.byStatus.draft).toBeLessThan(sup.byStatus.draft);
    expect(op.counts.every((x: { count: number }) => x.count > 0)).toBe(true);
  });
});

describe('answering on the spot', () => {
  let rentFundId: string;
  beforeAll(async () => {
    rentFundId = (await search(c.operator!, `q=${encodeURIComponent('住房公积金租房提取办理指南')}`)).items.find((i) => i.title === '住房公积金租房提取办理指南')!.id;
  });

  it('answering a case on the spot with an article counts its use; a draft is refused and the case stays open', async () => {
    const before = (await ok(await c.operator!.get(`/api/knowledge/${rentFundId}`))).useCount as number;
    const k = await ok(await c.operator!.post('/api/cases', sampleCase({ kind: 'consultation', title: '租房提取公积金要带什么' })), 201);
    const draft = await ok(await c.operator!.post('/api/knowledge', { type: 'faq', title: '未发布的答复口径', body: '内容待审核' }), 201);
    refused(await c.operator!.post(`/api/cases/${k.id}/answer`, { version: 1, answer: '请携带身份证和租赁合同办理。', articleId: draft.id }), 400, 'validation.failed');
    expect((await ok(await c.operator!.get(`/api/cases/${k.id}`))).state).toBe('registered');
    const closed = await ok(await c.operator!.post(`/api/cases/${k.id}/answer`, { version: 1, answer: '租房提取需身份证、租赁合同备案证明，可在公积金APP线上办理。', articleId: rentFundId }));
    expect(closed.state).toBe('closed');
    expect((await ok(await c.operator!.get(`/api/knowledge/${rentFundId}`))).useCount).toBe(before + 1);
    const detail = await ok(await c.supervisor!.get(`/api/cases/${k.id}`));
    expect(detail.events.at(-1).payload.articleId).toBe(rentFundId);
  });
});
