/** The case list: every filter of issue #2 §7 and cursor pagination that neither skips nor repeats. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAll, makeWorld, sampleCase, type Client, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;
let c: Record<string, Client>;
const made: { id: string; channel: string; kind: string; state: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  await t.db.db.insertInto('categories').values([
    { code: 'env', name: '环境保护', parent_code: null, level: 1 },
    { code: 'env.noise', name: '噪声污染', parent_code: 'env', level: 2 },
    { code: 'traffic', name: '交通运输', parent_code: null, level: 1 },
  ]).execute();
  const plan = [
    { channel: 'phone', kind: 'complaint', categoryCode: 'env.noise', title: '夜间施工噪音扰民' },
    { channel: 'sms', kind: 'help', categoryCode: 'traffic', title: '公交站台破损求助' },
    { channel: 'mailbox', kind: 'suggestion', categoryCode: 'env', title: '建议增设垃圾分类投放点' },
    { channel: 'phone', kind: 'consultation', categoryCode: 'traffic', title: '咨询停车收费标准' },
    { channel: 'online', kind: 'complaint', categoryCode: 'env.noise', title: '广场舞音响声音过大' },
  ];
  for (let i = 0; i < 12; i++) {
    const p = plan[i % plan.length]!;
    t.advance(60_000);
    const k = (await c.operator!.post('/api/cases', sampleCase(p))).json();
    made.push({ id: k.id, channel: p.channel, kind: p.kind, state: 'registered' });
  }
  // dispatch the first four to deptA, with a short limit for two of them
  for (const [i, m] of made.slice(0, 4).entries()) {
    await c.dispatcher!.post(`/api/cases/${m.id}/dispatch`, { version: 1, units: [w.units.deptA.code], ...(i < 2 ? { limit: '1h' } : {}) });
    m.state = 'dispatched';
  }
});
afterAll(async () => t?.close());

const list = async (q: string) => (await c.supervisor!.get(`/api/cases?${q}`)).json();
const idsOf = (body: { items: { id: string }[] }) => body.items.map((x) => x.id).sort();
const expected = (f: (m: (typeof made)[number]) => boolean) => made.filter(f).map((m) => m.id).sort();

describe('filters', () => {
  it('by state', async () => {
    expect(idsOf(await list('state=dispatched'))).toEqual(expected((m) => m.state === 'dispatched'));
    expect(idsOf(await list('state=registered,dispatched'))).toEqual(expected(() => true));
  });
  it('by channel and kind', async () => {
    expect(idsOf(await list('channel=sms'))).toEqual(expected((m) => m.channel === 'sms'));
    expect(idsOf(await list('kind=complaint&channel=phone'))).toEqual(expected((m) => m.kind === 'complaint' && m.channel === 'phone'));
  });
  it('by category, including sub-categories', async () => {
    const env = await list('category=env');
    expect(env.items.every((x: { categoryCode: string }) => x.categoryCode.startsWith('env'))).toBe(true);
    expect(env.items).toHaveLength(made.filter((_, i) => [0, 2, 4].includes(i % 5)).length);
  });
  it('by unit', async () => {
    expect(idsOf(await list(`unit=${w.units.deptA.code}`))).toEqual(made.slice(0, 4).map((m) => m.id).sort());
    expect((await list(`unit=${w.units.deptB.code}`)).items).toEqual([]);
  });
  it('by overdue', async () => {
    t.advance(2 * 3600_000);
    expect(idsOf(await list('overdue=true'))).toEqual(made.slice(0, 2).map((m) => m.id).sort());
    const notOverdue = idsOf(await list('overdue=false'));
    expect(notOverdue).toHaveLength(made.length - 2);
    const first = (await list('overdue=true')).items[0];
    expect(first.deadlineStatus).toBe('overdue');
  });
  it('on a unit desk: its open and its overdue cases, newest first and paged, and none of another unit', async () => {
    const desk = async (who: 'handlerA' | 'handlerB', q: string) => (await c[who]!.get(`/api/cases?${q}`)).json();
    const open = 'state=dispatched,handling,pending_signoff,replied,pending_callback,dissatisfied,returned';
    const mine = made.slice(0, 4).map((m) => m.id);
    expect(idsOf(await desk('handlerA', open))).toEqual([...mine].sort());
    // pages of one: the same four, newest first, each once
    const paged: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const page = await desk('handlerA', `${open}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((x: { id: string }) => x.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(paged).toEqual([...mine].reverse());
    expect(idsOf(await desk('handlerA', 'overdue=true'))).toEqual(made.slice(0, 2).map((m) => m.id).sort());
    expect((await desk('handlerB', open)).items).toEqual([]);
    expect((await desk('handlerB', 'overdue=true')).items).toEqual([]);
  });
  it('by date range', async () => {
    const all = (await list('limit=200')).items as { createdAt: string }[];
    const times = all.map((x) => x.createdAt).sort();
    const from = times[3]!;
    const to = times[7]!;
    const body = await list(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(body.items).toHaveLength(4);
  });
  it('by text, in Chinese', async () => {
    const body = await list(`q=${encodeURIComponent('噪音')}`);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((x: { title: string; content: string }) => (x.title + x.content).includes('噪音'))).toBe(true);
    expect((await list(`q=${encodeURIComponent('不存在的词语')}`)).items).toEqual([]);
  });
  it('refuses unknown filter values with a 400', async () => {
    const res = await c.supervisor!.get('/api/cases?state=lost');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation.failed');
    expect((await c.supervisor!.get('/api/cases?cursor=garbage')).statusCode).toBe(400);
  });
});

describe('pagination', () => {
  it('walks every case once, newest first, with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body = await list(`limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.items.map((x: { id: string }) => x.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(made.length);
    expect(seen).toEqual([...made].reverse().map((m) => m.id));
  });
});
