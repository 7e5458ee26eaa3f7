/**
 * Import and export of the unit tree, 权责清单, 派单目录 and the staff registry (DOMAIN.md §2):
 * round trips change nothing, a bad row writes nothing, the tree's paths follow an import.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAll, makeWorld, sampleCase, PASSWORD, type Client, type TestApp, type World } from '../app';

let t: TestApp;
let w: World;
let c: Record<string, Client>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  await t.db.db
    .insertInto('categories')
    .values(['sr', 'zf', 'gs', 'jt', 'hb'].map((k) => ({ code: `${k}-${w.suffix}`, name: `分类${k}`, parent_code: null, level: 1 })))
    .execute();
});
afterAll(async () => t?.close());

const cat = (k: string) => `${k}-${w.suffix}`;

async function cookieOf(username: string): Promise<string> {
  if (!cookies[username]) {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    cookies[username] = `hy_session=${res.cookies.find((x) => x.name === 'hy_session')!.value}`;
  }
  return cookies[username]!;
}

/** POSTs `data` as multipart field "file" named `filename`, as `who` (a key of the world's users). */
async function upload(who: string, dataset: string, filename: string, data: Buffer) {
  const boundary = '----hyorgio' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url: `/api/org-io/${dataset}/import`,
    headers: { cookie: await cookieOf(w.users[who]!), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv = (rows: string[][]) => Buffer.from('\uFEFF' + rows.map((r) => r.map((x) => (/[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x)).join(',')).join('\r\n'), 'utf8');

async function exported(dataset: string, format: 'xlsx' | 'csv' = 'xlsx') {
  const res = await c.admin!.get(`/api/org-io/${dataset}/export${format === 'csv' ? '?format=csv' : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.rawPayload;
}

async function roundTrip(dataset: string, format: 'xlsx' | 'csv') {
  const file = await exported(dataset, format);
  const res = await upload('admin', dataset, `again.${format}`, file);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { created: number; updated: number; unchanged: number };
}

const unitRows = async () => (await c.admin!.get('/api/units')).json() as { id: string; code: string; parentId: string | null; depth: number; phone: string | null; active: boolean }[];
const caseIds = async (client: Client) => ((await client.get('/api/cases?limit=200')).json().items as { id: string }[]).map((x) => x.id);

const UNIT_HEADER = ['编码', '名称', '类型', '上级编码', '电话', '启用'];

describe('unit tree', () => {
  it('creates units under a parent listed later in the file, and a district then sees its street’s cases', async () => {
    const district = `dist-new-${w.suffix}`;
    const street = `st-new-${w.suffix}`;
    const file = await xlsx([UNIT_HEADER, [street, '新桥街道', '街道乡镇', district, '', '是'], [district, '新区人民政府', '区县', w.units.gov.code, '0571-87654321', '是']]);
    const res = await upload('admin', 'units', '单位.xlsx', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0, unchanged: 0 });

    const all = await unitRows();
    const d = all.find((u) => u.code === district)!;
    const s = all.find((u) => u.code === street)!;
    expect(d.parentId).toBe(w.units.gov.id);
    expect(d.phone).toBe('0571-87654321');
    expect(s.parentId).toBe(d.id);
    expect(s.depth).toBe(d.depth + 1);

    const user = await c.admin!.post('/api/users', { username: `newd-${w.suffix}`, displayName: '新区承办人', password: PASSWORD, role: 'unit_handler', unit: district });
    expect(user.statusCode, user.body).toBe(201);
    const newD = (await loginAll(t, { ...w, users: { newD: `newd-${w.suffix}` } })).newD!;
    const k = (await c.operator!.post('/api/cases', sampleCase())).json();
    expect((await c.dispatcher!.post(`/api/cases/${k.id}/dispatch`, { version: 1, units: [street] })).statusCode).toBe(200);
    expect(await caseIds(newD)).toEqual([k.id]);

    // moving street2 under the new district: the new district sees its cases, the old one no longer
    const k2 = (await c.operator!.post('/api/cases', sampleCase())).json();
    await c.dispatcher!.post(`/api/cases/${k2.id}/dispatch`, { version: 1, units: [w.units.street2.code] });
    expect(await caseIds(c.handlerD!)).toContain(k2.id);
    const move = await upload('admin', 'units', 'move.xlsx', await xlsx([['编码', '名称', '类型', '上级编码'], [w.units.street2.code, '西华街道', 'street', district]]));
    expect(move.json()).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await unitRows()).find((u) => u.code === w.units.street2.code)!.parentId).toBe(d.id);
    expect((await caseIds(newD)).sort()).toEqual([k.id, k2.id].sort());
    expect(await caseIds(c.handlerD!)).not.toContain(k2.id);
  });

  it('round-trips the tree through .xlsx and CSV without changing anything', async () => {
    const count = (await unitRows()).length;
    expect(await roundTrip('units', 'xlsx')).toEqual({ created: 0, updated: 0, unchanged: count });
    expect(await roundTrip('units', 'csv')).toEqual({ created: 0, updated: 0, unchanged: count });
  });

  it('exports with Chinese headers and an RFC 5987 file name; CSV carries a BOM', async () => {
    const res = await c.handlerA!.get('/api/org-io/units/export?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="units-2026-03-02.csv"; filename*=UTF-8''${encodeURIComponent('单位树-2026-03-02.csv')}`);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(UNIT_HEADER.join(','));
    expect(res.body).toContain(`${w.units.deptA.code},市城管执法局,职能部门,${w.units.gov.code},,是`);
    const x = await c.handlerA!.get('/api/org-io/units/export');
    expect(x.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses a file with 2 bad rows, lists both and writes nothing', async () => {
    const before = await unitRows();
    const file = await xlsx([
      UNIT_HEADER,
      [`good-${w.suffix}`, '好单位', '职能部门', w.units.gov.code, '', '是'],
      [`bad1-${w.suffix}`, '坏单位一', '外星机构', w.units.gov.code, '', '是'],
      [`bad2-${w.suffix}`, '坏单位二', '职能部门', `nowhere-${w.suffix}`, '12', '是'],
      [w.units.deptB.code, '市住建局', '职能部门', w.units.gov.code, '', '是'],
    ]);
    const res = await upload('admin', 'units', 'bad.xlsx', file);
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('validation.failed');
    const rows = err.details.rows as { row: number; field: string; message: string; messageEn: string }[];
    expect([...new Set(rows.map((r) => r.row))]).toEqual([3, 4]);
    expect(rows.map((r) => r.field).sort()).toEqual(['parent', 'phone', 'type']);
    expect(rows.every((r) => r.message && r.messageEn)).toBe(true);
    expect(await unitRows()).toEqual(before);
  });

  it('refuses a cycle and a move below itself', async () => {
    const a = `cy-a-${w.suffix}`;
    const b = `cy-b-${w.suffix}`;
    const res = await upload('admin', 'units', 'cycle.csv', csv([UNIT_HEADER, [a, '甲', '职能部门', b, '', ''], [b, '乙', '职能部门', a, '', '']]));
    expect(res.statusCode).toBe(400);
    expect((res.json().error.details.rows as { row: number; field: string }[]).map((r) => [r.row, r.field])).toEqual([
      [2, 'parent'],
      [3, 'parent'],
    ]);
    // the district under its own street
    const below = await upload('admin', 'units', 'below.csv', csv([['编码', '名称', '类型', '上级编码'], [w.units.district.code, '东城区人民政府', '区县', w.units.street1.code]]));
    expect(below.statusCode).toBe(400);
    expect(below.json().error.details.rows[0].message).toContain('成环');
  });

  it('admits only admins to import, and asks for a file', async () => {
    const file = await xlsx([UNIT_HEADER]);
    for (const who of ['dispatcher', 'supervisor', 'handlerA']) expect((await upload(who, 'units', 'x.xlsx', file)).statusCode, who).toBe(403);
    const noFile = await c.admin!.post('/api/org-io/units/import', {});
    expect(noFile.statusCode).toBe(400);
    const missing = await upload('admin', 'units', 'x.csv', csv([['编码', '名称'], ['x', 'y']]));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.rows[0]).toMatchObject({ row: 1, field: 'type' });
  });
});

describe('权责清单 and 派单目录', () => {
  it('imports duties from CSV, lists them, and round-trips unchanged', async () => {
    const file = csv([
      ['单位编码', '职责事项', '分类编码', '关键词', '依据'],
      [w.units.deptA.code, '占道经营查处', cat('sr'), '占道、摆摊, 流动摊贩;夜市', '《城市市容和环境卫生管理条例》'],
      [w.units.deptB.code, '物业服务监管', cat('zf'), '物业 物业费', ''],
      [w.units.deptA.code, '违法建设查处', cat('zf'), '违建', '《城乡规划法》'],
      [w.units.water.code, '供水服务', cat('gs'), '停水,水压', ''],
    ]);
    const res = await upload('admin', 'duties', '权责清单.csv', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 4, updated: 0, unchanged: 0 });
    const list = (await c.handlerA!.get(`/api/org-io/duties?unit=${w.units.deptA.code}`)).json();
    expect(list.map((d: { item: string }) => d.item)).toEqual(['占道经营查处', '违法建设查处']);
    expect(list[0].keywords).toEqual(['占道', '摆摊', '流动摊贩', '夜市']);
    expect(await roundTrip('duties', 'xlsx')).toEqual({ created: 0, updated: 0, unchanged: 4 });
    expect(await roundTrip('duties', 'csv')).toEqual({ created: 0, updated: 0, unchanged: 4 });

    const changed = await upload('admin', 'duties', 'd.csv', csv([['单位编码', '职责事项', '依据'], [w.units.deptB.code, '物业服务监管', '《物业管理条例》']]));
    expect(changed.json()).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const bad = await upload('admin', 'duties', 'd.csv', csv([['单位编码', '职责事项', '分类编码'], [w.units.deptB.code, '新事项', 'no-such-category'], [`nope-${w.suffix}`, '事项', '']]));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.rows.map((r: { row: number; field: string }) => `${r.row}:${r.field}`)).toEqual(['2:category', '3:unit']);
  });

  it('builds the catalogue from the duties and reports categories claimed twice', async () => {
    // 环保 already has a row for anywhere: left alone
    const pre = await upload('admin', 'catalogue', 'c.xlsx', await xlsx([['分类编码', '主办单位编码'], [cat('gs'), w.units.water.code]]));
    expect(pre.json()).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect((await c.dispatcher!.post('/api/org-io/catalogue/build-from-duties')).statusCode).toBe(403);
    const res = await c.admin!.post('/api/org-io/catalogue/build-from-duties');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 2, conflicts: [{ category: cat('zf'), units: [w.units.deptA.code, w.units.deptB.code] }] });
    const rows = (await c.handlerB!.get('/api/org-io/catalogue')).json() as { categoryCode: string; lead: { code: string }; coUnits: { code: string }[]; region: unknown }[];
    const zf = rows.find((r) => r.categoryCode === cat('zf'))!;
    expect(zf.lead.code).toBe(w.units.deptA.code);
    expect(zf.coUnits.map((u) => u.code)).toEqual([w.units.deptB.code]);
    expect(rows.find((r) => r.categoryCode === cat('sr'))!.lead.code).toBe(w.units.deptA.code);
    expect((await c.admin!.post('/api/org-io/catalogue/build-from-duties')).json()).toEqual({ created: 0, conflicts: [] });
  });

  it('imports regional and territorial rows and round-trips unchanged', async () => {
    const file = await xlsx([
      ['分类编码', '区域单位编码', '属地', '主办单位编码', '协办单位编码', '备注'],
      [cat('jt'), w.units.street1.code, '是', '', '', '街道牵头'],
      [cat('jt'), '', '否', w.units.deptB.code, `${w.units.deptA.code}、${w.units.water.code}`, ''],
      [cat('sr'), w.units.district.code, '否', w.units.district.code, w.units.deptA.code, ''],
    ]);
    const res = await upload('admin', 'catalogue', '派单目录.xlsx', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const jt = (await c.operator!.get(`/api/org-io/catalogue?category=${cat('jt')}`)).json();
    expect(jt).toHaveLength(2);
    expect(jt.find((r: { region: unknown }) => r.region === null).coUnits.map((u: { code: string }) => u.code)).toEqual([w.units.deptA.code, w.units.water.code]);
    expect(jt.find((r: { region: unknown }) => r.region !== null).territorial).toBe(true);
    expect(await roundTrip('catalogue', 'xlsx')).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(await roundTrip('catalogue', 'csv')).toEqual({ created: 0, updated: 0, unchanged: 6 });

    const bad = await upload('admin', 'catalogue', 'c.csv', csv([
      ['分类编码', '区域单位编码', '属地', '主办单位编码', '协办单位编码'],
      [cat('hb'), w.units.deptA.code, '否', w.units.deptB.code, ''],
      [cat('hb'), '', '否', '', ''],
      [cat('hb'), w.units.street2.code, '否', w.units.deptB.code, w.units.deptB.code],
    ]));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.rows.map((r: { row: number; field: string }) => `${r.row}:${r.field}`)).toEqual(['2:region', '3:lead', '4:co']);
  });
});

describe('staff registry', () => {
  const HEADER = ['单位编码', '职务类别', '姓名', '职务', '办公电话', '手机'];

  it('imports the four duties in Chinese, lists them to the centre only, and round-trips unchanged', async () => {
    const file = await xlsx([
      HEADER,
      [w.units.deptA.code, '总负责人', '王局长', '局长', '0571-87000001', '13900000001'],
      [w.units.deptA.code, '具体负责人', '李副局长', '副局长', '0571-87000002', '13900000002'],
      [w.units.deptA.code, 'office_director', '赵主任', '办公室主任', '0571-87000003', '13900000003'],
      [w.units.deptA.code, '联络员', '钱科员', '科员', '', '13900000004'],
    ]);
    const res = await upload('admin', 'staff', '名录.xlsx', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 4, updated: 0, unchanged: 0 });
    const list = await c.supervisor!.get(`/api/org-io/staff?unit=${w.units.deptA.code}`);
    expect(list.json().map((s: { duty: string }) => s.duty)).toEqual(['principal', 'leader_in_charge', 'office_director', 'liaison']);
    expect(list.json()[0]).toMatchObject({ name: '王局长', dutyLabel: '总负责人', officePhone: '0571-87000001', mobile: '13900000001' });
    expect((await c.handlerA!.get('/api/org-io/staff')).statusCode).toBe(403);
    expect((await c.handlerA!.get('/api/org-io/staff/export')).statusCode).toBe(403);
    expect(await roundTrip('staff', 'xlsx')).toEqual({ created: 0, updated: 0, unchanged: 4 });
    expect(await roundTrip('staff', 'csv')).toEqual({ created: 0, updated: 0, unchanged: 4 });
  });

  it('rejects a bad mobile, a landline as mobile and an unknown duty', async () => {
    const res = await upload('admin', 'staff', 's.csv', csv([
      HEADER,
      [w.units.deptB.code, '联络员', '孙科员', '', '', '1390000'],
      [w.units.deptB.code, '联络员', '周科员', '', '', '0571-87000009'],
      [w.units.deptB.code, '秘书', '吴秘书', '', '', '13900000009'],
    ]));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.rows.map((r: { row: number; field: string }) => `${r.row}:${r.field}`)).toEqual(['2:mobile', '3:mobile', '4:duty']);
    expect((await c.admin!.get(`/api/org-io/staff?unit=${w.units.deptB.code}`)).json()).toEqual([]);
  });
});

it('documents every route in OpenAPI under organisation', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  for (const ds of ['units', 'duties', 'catalogue', 'staff']) {
    expect(doc.paths[`/api/org-io/${ds}/export`].get.tags).toEqual(['organisation']);
    expect(doc.paths[`/api/org-io/${ds}/import`].post.summary).toMatch(/^导入.+ — import/);
  }
  for (const p of ['/api/org-io/duties', '/api/org-io/catalogue', '/api/org-io/staff']) expect(doc.paths[p].get.tags).toEqual(['organisation']);
  expect(doc.paths['/api/org-io/catalogue/build-from-duties'].post).toBeDefined();
});
