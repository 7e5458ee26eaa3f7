/**
 * The synthetic dataset's city (bench/generate.ts): the centre and government, 16 districts with
 * about 300 streets, the districts' own bureaus, the demo city's departments, firms and secondary
 * hotlines (about 90 departments in all), the categories of the demo city, a handler and a leader
 * per handling unit, and the centre's staff. Created once; an extension run reads it back.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DEMO_CATEGORIES, DEMO_UNITS } from '../src/server/demo/demo-data';
import { hashPassword } from '../src/server/auth/auth.repo';
import { mulberry32 } from '../src/core/random';
import { DISTRICT_BUREAUS, DISTRICT_NAMES, STREET_WORDS } from './generate-templates';

export const BENCH_PASSWORD = 'Bench-Password-1';

export interface OrgUnit {
  idx: number;
  id: string;
  code: string;
  name: string;
  type: string;
  parentIdx: number | null;
  path: string;
  handler: string;
  leader: string;
}

export interface Org {
  units: OrgUnit[];
  byCode: Map<string, OrgUnit>;
  /** street idx → its district's idx */
  streets: { idx: number; district: number; weight: number }[];
  operators: string[];
  dispatchers: string[];
  supervisors: string[];
  centre: OrgUnit;
}

/** Creates the city when the database has none yet. */
export async function ensureOrg(client: pg.ClientBase): Promise<void> {
  const have = await client.query(`SELECT 1 FROM units WHERE code = 'gov'`);
  if (have.rowCount) return;
  const rnd = mulberry32(12345);
  const units: { id: string; code: string; name: string; type: string; parent: string | null }[] = [];
  const add = (code: string, name: string, type: string, parent: string | null) => units.push({ id: randomUUID(), code, name, type, parent });
  const territorial = (code: string | null) => DEMO_UNITS.some((x) => x.code === code && ['district', 'street'].includes(x.type));
  for (const u of DEMO_UNITS) if (!territorial(u.code)) add(u.code, u.name, u.type, u.parent === null ? null : territorial(u.parent) ? 'gov' : u.parent);
  let w = 0;
  DISTRICT_NAMES.forEach((dn, d) => {
    const dc = `d${String(d + 1).padStart(2, '0')}`;
    add(dc, `${dn}人民政府`, 'district', 'gov');
    for (const [b, bn] of DISTRICT_BUREAUS) add(`${dc}-${b}`, `${dn}${bn}`, 'department', dc);
    const county = dn.endsWith('县');
    const count = 12 + Math.floor(rnd() * 14);
    const used = new Set<string>();
    for (let s = 0; s < count; s++) {
      let word = STREET_WORDS[(w++ * 7 + d) % STREET_WORDS.length]!;
      if (used.has(word)) word = `${word}${s}`;
      used.add(word);
      add(`${dc}-s${String(s + 1).padStart(2, '0')}`, `${dn}${word}${county ? '镇人民政府' : '街道办事处'}`, 'street', dc);
    }
  });
  const ids = new Map(units.map((u) => [u.code, u.id]));
  const paths = new Map<string, string>();
  const pathOf = (code: string): string => {
    const known = paths.get(code);
    if (known) return known;
    const u = units.find((x) => x.code === code)!;
    const p = `${u.parent ? pathOf(u.parent) : '/'}${u.id}/`;
    paths.set(code, p);
    return p;
  };
  await client.query(
    `INSERT INTO units (id, code, name, type, parent_id, path)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[])`,
    [units.map((u) => u.id), units.map((u) => u.code), units.map((u) => u.name), units.map((u) => u.type), units.map((u) => (u.parent ? ids.get(u.parent)! : null)), units.map((u) => pathOf(u.code))],
  );
  await client.query(
    `INSERT INTO categories (code, name, parent_code, level, sort) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[])`,
    [DEMO_CATEGORIES.map((c) => c.code), DEMO_CATEGORIES.map((c) => c.name), DEMO_CATEGORIES.map((c) => c.parent), DEMO_CATEGORIES.map((c) => c.code.split('.').length), DEMO_CATEGORIES.map((_, i) => i)],
  );
  const hash = await hashPassword(BENCH_PASSWORD);
  const users: [string, string, string, string][] = [];
  const HANDLING = new Set(['district', 'street', 'department', 'enterprise', 'secondary_hotline', 'discipline', 'political_legal']);
  for (const u of units) {
    if (!HANDLING.has(u.type)) continue;
    users.push([`h.${u.code}`, `${u.name}承办人`, 'unit_handler', u.id]);
    users.push([`l.${u.code}`, `${u.name}负责人`, 'unit_leader', u.id]);
  }
  const centre = ids.get('centre')!;
  for (let i = 1; i <= 40; i++) users.push([`operator${i}`, `话务员${i}`, 'operator', centre]);
  for (let i = 1; i <= 8; i++) users.push([`dispatcher${i}`, `派单员${i}`, 'dispatcher', centre]);
  for (let i = 1; i <= 8; i++) users.push([`supervisor${i}`, `督办员${i}`, 'supervisor', centre]);
  users.push(['leader', '市领导', 'leader', ids.get('gov')!], ['admin', '管理员', 'admin', centre]);
  await client.query(
    `INSERT INTO users (id, username, display_name, password_hash, role, unit_id)
     SELECT gen_random_uuid(), u, d, $5, r, unit FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[]) AS x(u, d, r, unit)`,
    [users.map((u) => u[0]), users.map((u) => u[1]), users.map((u) => u[2]), users.map((u) => u[3]), hash],
  );
}

/** The city as the generator needs it, read from the database. */
export async function loadOrg(client: pg.ClientBase): Promise<Org> {
  const rows = (
    await client.query<{ id: string; code: string; name: string; type: string; parent_id: string | null; path: string; handler: string | null; leader: string | null }>(
      `SELECT u.id, u.code, u.name, u.type, u.parent_id, u.path,
              (SELECT id FROM users WHERE username = 'h.' || u.code) AS handler,
              (SELECT id FROM users WHERE username = 'l.' || u.code) AS leader
       FROM units u ORDER BY u.code`,
    )
  ).rows;
  const idxOf = new Map(rows.map((r, i) => [r.id, i + 1]));
  const units: OrgUnit[] = rows.map((r, i) => ({
    idx: i + 1,
    id: r.id,
    code: r.code,
    name: r.name,
    type: r.type,
    parentIdx: r.parent_id ? idxOf.get(r.parent_id)! : null,
    path: r.path,
    handler: r.handler ?? '',
    leader: r.leader ?? '',
  }));
  const byCode = new Map(units.map((u) => [u.code, u]));
  // Zipf over districts (by code order: d01 the busiest) and over the streets of each district
  const districts = units.filter((u) => u.type === 'district');
  const streets: Org['streets'] = [];
  districts.forEach((d, rank) => {
    const own = units.filter((u) => u.type === 'street' && u.parentIdx === d.idx);
    own.forEach((s, k) => streets.push({ idx: s.idx, district: d.idx, weight: (1 / Math.pow(rank + 1, 0.8)) * (1 / Math.pow(k + 1, 0.6)) }));
  });
  const staff = async (role: string) => (await client.query<{ id: string }>(`SELECT id FROM users WHERE role = $1 AND username <> 'admin' ORDER BY username`, [role])).rows.map((r) => r.id);
  return { units, byCode, streets, operators: await staff('operator'), dispatchers: await staff('dispatcher'), supervisors: await staff('supervisor'), centre: byCode.get('centre')! };
}
