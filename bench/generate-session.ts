/**
 * The generator's per-connection temp tables (bench/generate.ts): the templates with their jieba
 * tokens, the units, streets, compounds, roads and slot values the day's SQL joins.
 */
import type pg from 'pg';
import { segment } from '../src/server/text/segment';
import { DISTRICT_BUREAUS, SLOTS, TEMPLATES } from './generate-templates';
import type { Org } from './generate-org';

const tokensOf = (text: string) => [...new Set(segment(text))].join(' ');

/** Per-connection temp tables with the templates, places and units the day's SQL joins. */
export async function prepareSession(c: pg.ClientBase, org: Org): Promise<void> {
  await c.query(`SET synchronous_commit = off; SET session_replication_role = replica; SET work_mem = '64MB'`);
  const routeOf = (route: string) => {
    if (route === 'street' || route === 'district') return { kind: route, idx: null, bureau: null };
    if (route.startsWith('dd:')) return { kind: 'bureau', idx: null, bureau: route.slice(3) };
    const u = org.byCode.get(route);
    if (!u) throw new Error(`template routes to unknown unit ${route}`);
    return { kind: 'unit', idx: u.idx, bureau: null };
  };
  const slotsOf = (s: string) => ['c', 'r', 't', 's', 'n'].filter((k) => s.includes(`{${k}}`)).join('');
  const bare = (s: string) => s.replace(/\{[crtsn]\}/g, '，');
  await c.query(`
    CREATE TEMP TABLE bench_tpl (ti_ int, category text, kind text, route_kind text, route_idx int, bureau text, co_street float8, urgent float8,
      titles text[], contents text[], toks text[], slots text[], reply text);
    CREATE TEMP TABLE bench_unit (idx int PRIMARY KEY, id uuid, code text, name text, handler uuid, leader uuid);
    CREATE TEMP TABLE bench_street (street_idx int PRIMARY KEY, district_idx int, cg_idx int, zj_idx int, scjg_idx int, sthj_idx int, district_name text, district_tok text);
    CREATE TEMP TABLE bench_compound (i int PRIMARY KEY, name text, tok text);
    CREATE TEMP TABLE bench_road (i int PRIMARY KEY, name text, tok text);
    CREATE TEMP TABLE bench_slot (sk text, i int, name text, tok text, PRIMARY KEY (sk, i));`);
  for (const [i, t] of TEMPLATES.entries()) {
    const r = routeOf(t.route);
    await c.query(`INSERT INTO bench_tpl VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, [
      i + 1, t.category, t.kind, r.kind, r.idx, r.bureau, t.coStreet ?? 0, t.urgent ?? 0, t.titles, t.contents,
      t.titles.map((title, v) => tokensOf(`${bare(title)}。${bare(t.contents[v]!)}`)),
      t.titles.map((title, v) => slotsOf(title + t.contents[v]!)),
      t.reply,
    ]);
  }
  const u = org.units;
  await c.query(`INSERT INTO bench_unit SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[])`, [
    u.map((x) => x.idx), u.map((x) => x.id), u.map((x) => x.code), u.map((x) => x.name), u.map((x) => x.handler || null), u.map((x) => x.leader || null),
  ]);
  const streets = org.streets.map((s) => {
    const d = org.units.find((x) => x.idx === s.district)!;
    const bureau = (b: string) => org.byCode.get(`${d.code}-${b}`)!.idx;
    const dn = d.name.replace('人民政府', '');
    return [s.idx, d.idx, ...DISTRICT_BUREAUS.map(([b]) => bureau(b)), dn, tokensOf(dn)] as const;
  });
  await c.query(`INSERT INTO bench_street SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[], $7::text[], $8::text[])`, [0, 1, 2, 3, 4, 5, 6, 7].map((k) => streets.map((s) => s[k])));
  const compounds = SLOTS.compoundPrefixes.flatMap((p) => SLOTS.compoundSuffixes.map((s) => p + s));
  const roads = SLOTS.roadPrefixes.flatMap((p) => SLOTS.roadSuffixes.map((s) => p + s));
  const fill = async (table: string, names: string[], sk?: string) =>
    c.query(`INSERT INTO ${table} SELECT ${sk ? `'${sk}', ` : ''}* FROM unnest($1::int[], $2::text[], $3::text[])`, [names.map((_, i) => i + 1), names, names.map(tokensOf)]);
  await fill('bench_compound', compounds);
  await fill('bench_road', roads);
  await fill('bench_slot', SLOTS.times, 't');
  await fill('bench_slot', SLOTS.shops, 's');
  await c.query('ANALYZE bench_tpl; ANALYZE bench_unit; ANALYZE bench_street; ANALYZE bench_compound; ANALYZE bench_road; ANALYZE bench_slot');
}

