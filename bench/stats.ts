/**
 * Dashboards and reports over a year of a Beijing-sized centre (issue #8 §2: under 1 s on PostgreSQL).
 * `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/stats.ts [casesPerYear] [units]`
 *
 * Creates a database of its own (dropped afterwards) and fills:
 * - the four rollups with a year of counters that sum to `casesPerYear` (24,000,000) cases spread
 *   over `units` (2,000) lead units, 17 districts, 40 first-level categories and every channel ×
 *   kind, with a weekly rhythm — what the steps of that many cases leave behind;
 * - 20,000 not-yet-folded delta rows (what a few seconds of a busy day leave before the fold);
 * - the last week's cases themselves (casesPerYear / 52, about 460,000), which the hot words, the
 *   weekly report's hot issues, hour of day and important cases read.
 * Then times, through the HTTP API (`app.inject`), the dashboard over 366 and 30 days,
 * `GET /api/stats` by unit / category / district / period over the year, and generating the
 * weekly report; each run once cold ("first": caches empty) and then 5 times, median and worst shown.
 */
import { withBenchDatabase } from './pg';
import { seedDefaultPolicy } from '../src/server/policy/policy';
import { createUnit, createUser } from '../src/server/org/org.repo';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { COUNTERS } from '../src/core/metrics';

const perYear = Number(process.argv[2] ?? 24_000_000);
const unitCount = Number(process.argv[3] ?? 2_000);
const now = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
const from = '2025-11-23';
const to = '2026-11-22';

/** Counters of one rollup row that holds `n` cases: outcomes in realistic shares. */
const countersSql = (n: string) =>
  COUNTERS.map((c) => {
    const share: Record<string, number> = {
      received: 1, on_spot: 0.3, dispatched: 0.7, responded: 0.66, replied: 0.68, replied_on_time: 0.62, closed: 0.95, rated: 0.6,
      very_satisfied: 0.25, satisfied: 0.2, basically_satisfied: 0.1, dissatisfied: 0.04, very_dissatisfied: 0.01, resolved: 0.45,
      resolution_asked: 0.6, reworked: 0.05, returned: 0.04, extended: 0.03, supervised: 0.02, overdue: 0.02,
    };
    return `round(${n} * ${share[c]})::int AS ${c}`;
  }).join(', ');

await withBenchDatabase('huiyin_bench_stats', 8, async (h) => {
  const t0 = Date.now();
  await seedDefaultPolicy(h.db, now);
  const gov = await createUnit(h.db, { code: 'gov', name: '市人民政府', type: 'government' });
  await createUnit(h.db, { code: 'centre', name: '12345热线中心', type: 'centre', parent: 'gov' });
  await createUser(h.db, { username: 'leader', displayName: '市领导', password: 'Bench-Password-1', role: 'leader', unit: 'gov' });
  await createUser(h.db, { username: 'supervisor', displayName: '督办员', password: 'Bench-Password-1', role: 'supervisor', unit: 'centre' });
  // units: 17 districts, the rest departments and streets (names only matter for the labels)
  await h.exec(`
    INSERT INTO units (id, code, name, type, parent_id, path)
    SELECT gen_random_uuid(), 'u' || g, CASE WHEN g <= 17 THEN '第' || g || '区' ELSE '承办单位' || g END,
           CASE WHEN g <= 17 THEN 'district' ELSE 'department' END, '${gov.id}', '/${gov.id}/' || g || '/'
    FROM generate_series(1, ${unitCount}) g;
    INSERT INTO categories (code, name, level, sort) SELECT 'c' || g, '分类' || g, 1, g FROM generate_series(1, 40) g;`);
  const perDay = perYear / 365;
  // a day's volume: weekdays busier than weekends
  const dayVolume = `(${perDay} * CASE WHEN extract(isodow FROM d) >= 6 THEN 0.7 ELSE 1.12 END)`;
  await h.exec(`
    CREATE TEMP TABLE days AS SELECT d::date AS d FROM generate_series('${from}'::date, '${to}'::date, interval '1 day') d;
    CREATE TEMP TABLE us AS SELECT id::text AS id, row_number() OVER (ORDER BY code) AS r FROM units WHERE code LIKE 'u%';
    INSERT INTO stats_unit_daily (day, unit, ${COUNTERS.join(', ')})
      SELECT d, id, ${countersSql(`(${dayVolume} / ${unitCount} * (0.2 + 1.6 * ((r * 7919) % 1000) / 1000.0))`)} FROM days, us;
    INSERT INTO stats_district_daily (day, district, ${COUNTERS.join(', ')})
      SELECT d, id, ${countersSql(`(${dayVolume} / 17)`)} FROM days, us WHERE r <= 17;
    INSERT INTO stats_category_daily (day, category, ${COUNTERS.join(', ')})
      SELECT d, 'c' || g, ${countersSql(`(${dayVolume} / 40)`)} FROM days, generate_series(1, 40) g;
    INSERT INTO stats_channel_daily (day, channel, kind, ${COUNTERS.join(', ')})
      SELECT d, ch, k, ${countersSql(`(${dayVolume} / 63)`)} FROM days,
        unnest(ARRAY['phone','mailbox','sms','online','emergency','leader_line','media','grassroots','liaison']) ch,
        unnest(ARRAY['consultation','help','complaint','tip_off','suggestion','criticism','praise']) k;
    INSERT INTO stats_deltas (day, unit, district, category, channel, kind, received, dispatched)
      SELECT '${to}'::date, (SELECT id FROM us WHERE r = 1 + g % ${unitCount}), '', 'c' || (1 + g % 40), 'phone', 'complaint', 1, 1
      FROM generate_series(1, 20000) g;`);
  const rollupSeconds = (Date.now() - t0) / 1000;
  // the last week's cases
  const week = Math.round(perYear / 52);
  const t1 = Date.now();
  await h.exec(`
    INSERT INTO cases (id, case_no, query_code, channel, kind, urgency, title, content, state, version, lead_unit_id, category_code, created_at, updated_at)
    SELECT gen_random_uuid(), '2026' || lpad(g::text, 10, '0'), 'ABCDEF',
           (ARRAY['phone','sms','online','mailbox'])[1 + g % 4], (ARRAY['complaint','help','consultation','suggestion'])[1 + g % 4],
           CASE WHEN g % 997 = 0 THEN 'general_emergency' ELSE 'normal' END,
           (ARRAY['小区楼下烧烤店油烟扰民','工地夜间施工噪音扰民','路灯不亮影响出行','小区停水没有提前通知','拖欠农民工工资','共享单车乱停放占用盲道','出租车拒载绕路','学校周边违规摆摊'])[1 + g % 8] || g % 50,
           '群众反映：' || (ARRAY['油烟','噪音','路灯','停水','欠薪','单车','出租车','摆摊'])[1 + g % 8] || '问题已持续多日，希望有关部门尽快处理。',
           (ARRAY['handling','closed','replied','registered'])[1 + g % 4], 2, (SELECT id FROM units WHERE code = 'u' || (18 + g % ${unitCount - 17})),
           'c' || (1 + g % 40), timestamptz '${now.toISOString()}' - (g % 604800) * interval '1 second', timestamptz '${now.toISOString()}'
    FROM generate_series(1, ${week}) g;
    ANALYZE;`);
  const caseSeconds = (Date.now() - t1) / 1000;
  const sizes = await h.db.selectFrom('stats_unit_daily').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

  const app = await buildApp({ db: h, config: loadConfig({ TIMER_INTERVAL_MS: '0' }, []), clock: () => now });
  const login = async (username: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'Bench-Password-1' } });
    return `hy_session=${res.cookies.find((c) => c.name === 'hy_session')!.value}`;
  };
  const leader = await login('leader');
  const supervisor = await login('supervisor');
  const time = async (label: string, cookie: string, method: 'GET' | 'POST', path: string, payload?: unknown) => {
    const run = async () => {
      const s = process.hrtime.bigint();
      const res = await app.inject({ method, url: path, headers: { cookie }, ...(payload ? { payload } : {}) });
      if (res.statusCode >= 300) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return Number(process.hrtime.bigint() - s) / 1e6;
    };
    const first = await run();
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push(await run());
    runs.sort((a, b) => a - b);
    console.log(`${label.padEnd(32)} first ${first.toFixed(0).padStart(6)} ms   median ${runs[2]!.toFixed(0).padStart(6)} ms   worst ${runs[4]!.toFixed(0).padStart(6)} ms`);
  };
  console.log(`rollups for ${perYear.toLocaleString('en')} cases/year over ${unitCount} units: ${Number(sizes.n).toLocaleString('en')} unit-day rows, loaded in ${rollupSeconds.toFixed(1)} s`);
  console.log(`last week's cases: ${week.toLocaleString('en')}, loaded in ${caseSeconds.toFixed(1)} s`);
  await time('dashboard, 366 days', leader, 'GET', '/api/dashboard?days=366');
  await time('dashboard, 30 days', leader, 'GET', '/api/dashboard?days=30');
  await time('stats by unit, a year', leader, 'GET', `/api/stats?by=unit&from=${from}&to=${to}`);
  await time('stats by category, a year', leader, 'GET', `/api/stats?by=category&from=${from}&to=${to}`);
  await time('stats by district, a year', leader, 'GET', `/api/stats?by=district&from=${from}&to=${to}`);
  await time('stats by month, a year', leader, 'GET', `/api/stats?by=period&granularity=month&from=${from}&to=${to}`);
  await time('weekly report (generate)', supervisor, 'POST', '/api/reports', { kind: 'weekly' });
  await app.close();
});
