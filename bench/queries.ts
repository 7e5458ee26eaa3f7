/**
 * The queries a big centre runs all day, over a dataset of bench/generate.ts (issue #10 §3):
 *
 *   npx tsx bench/queries.ts --db huiyin_bench_10m [--n 200] [--only queue] [--url postgres://postgres@127.0.0.1:5432]
 *
 * Everything goes through the HTTP API (`app.inject` on `buildApp` over the bench database), so
 * routing, auth, the query and the JSON are measured together:
 * - the unit's queue as a handler sees it (the web desk's `GET /api/cases?state=…&limit=200`),
 *   over units of every size (busy and quiet streets, district bureaus, city departments, firms);
 * - the whole case list of a unit (no filter) and its overdue cases;
 * - Chinese full-text search as an operator (`GET /api/cases?q=…`), words from the templates,
 *   alone, two words, and with filters (state, channel, category, the last 30 days);
 * - the leader's dashboard (30 and 366 days) and generating the weekly report.
 * Prints one JSON line per measurement: p50 / p95 / p99 / max in ms and the target. Targets: queue
 * p95 < 50 ms, text search p95 < 200 ms, dashboard < 1 s, weekly report < 10 s.
 */
import pg from 'pg';
import { openPostgres } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { mulberry32 } from '../src/core/random';
import { BENCH_PASSWORD } from './generate-org';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const dbName = arg('db', 'huiyin_bench_10m');
const n = Number(arg('n', '200'));
/** Only the measurements whose name contains this (e.g. `--only queue`). */
const only = arg('only', '');
const now = new Date(arg('now', '2026-11-23T02:00:00Z'));
const url = new URL(arg('url', process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432'));
url.pathname = `/${dbName}`;

const handle = await openPostgres(url.toString(), 4);
const applied = await migrate(handle);
if (applied.length) console.error(`migrations applied: ${applied.join(', ')}`);
const app = await buildApp({ db: handle, config: loadConfig({ TIMER_INTERVAL_MS: '0' }, []), clock: () => now });
const raw = new pg.Client({ connectionString: url.toString() });
await raw.connect();
const rnd = mulberry32(20261123);
const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const total = Number((await raw.query<{ n: string }>(`SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'cases'`)).rows[0]!.n);
const open = Number((await raw.query<{ n: string }>(`SELECT count(*) AS n FROM cases WHERE state NOT IN ('closed', 'archived')`)).rows[0]!.n);

const cookies = new Map<string, string>();
async function login(username: string): Promise<string> {
  const known = cookies.get(username);
  if (known) return known;
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: BENCH_PASSWORD } });
  const c = res.cookies.find((x) => x.name === 'hy_session');
  if (!c) throw new Error(`login ${username}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  cookies.set(username, `hy_session=${c.value}`);
  return cookies.get(username)!;
}

async function call(cookie: string, method: 'GET' | 'POST', path: string, payload?: unknown): Promise<{ ms: number; body: string }> {
  const s = process.hrtime.bigint();
  const res = await app.inject({ method, url: path, headers: { cookie }, ...(payload ? { payload } : {}) });
  const ms = Number(process.hrtime.bigint() - s) / 1e6;
  if (res.statusCode >= 300) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return { ms, body: res.body };
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
function report(what: string, times: number[], target: number | null, extra: Record<string, unknown> = {}) {
  const s = [...times].sort((a, b) => a - b);
  const r = { what, n: s.length, p50: +pct(s, 50).toFixed(1), p95: +pct(s, 95).toFixed(1), p99: +pct(s, 99).toFixed(1), max: +s[s.length - 1]!.toFixed(1), target, ...(target ? { ok: pct(s, 95) < target } : {}), ...extra };
  console.log(JSON.stringify(r));
}

/** Runs `make()` requests `count` times after `warm` unmeasured ones. */
async function measure(what: string, count: number, warm: number, target: number | null, make: () => Promise<[string, string]>, extra: Record<string, unknown> = {}) {
  if (only && !what.includes(only)) return;
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < warm + count; i++) {
    const [cookie, path] = await make();
    const { ms, body } = await call(cookie, 'GET', path);
    rows += (JSON.parse(body) as { items?: unknown[] }).items?.length ?? 0;
    if (i >= warm) times.push(ms);
  }
  report(what, times, target, { rowsPerPage: Math.round(rows / (warm + count)), ...extra });
}

// units of every size: the handler's username is h.<code>
const unitRows = (
  await raw.query<{ code: string; type: string; open: string }>(
    `SELECT u.code, u.type, count(c.id) AS open FROM units u
     LEFT JOIN cases c ON c.lead_unit_id = u.id AND c.state IN ('dispatched','handling','pending_signoff','replied','pending_callback','dissatisfied','returned')
     WHERE u.type IN ('street','district','department','enterprise') GROUP BY u.code, u.type ORDER BY count(c.id) DESC`,
  )
).rows;
const busiest = unitRows.slice(0, 10);
const units = [...busiest, ...unitRows.filter((_, i) => i % 7 === 3).slice(0, 40)];
for (const u of units) await login(`h.${u.code}`);
const operator = await login('operator1');
const leader = await login('leader');
const supervisor = await login('supervisor1');
console.error(`${dbName}: ${total.toLocaleString('en')} cases (${open.toLocaleString('en')} open); ${units.length} units sampled, the busiest with ${busiest[0]?.open} open cases as lead`);

const QUEUE = 'state=dispatched,handling,pending_signoff,replied,pending_callback,dissatisfied,returned';
await measure('unit queue (handler, GET /api/cases?state=<open>&limit=200)', n, 10, 50, async () => [cookies.get(`h.${pick(units).code}`)!, `/api/cases?limit=200&${QUEUE}`]);
await measure('unit queue, the 10 busiest units', n, 5, 50, async () => [cookies.get(`h.${pick(busiest).code}`)!, `/api/cases?limit=200&${QUEUE}`]);
await measure('unit: all its cases, first page (limit=50)', n, 5, 50, async () => [cookies.get(`h.${pick(units).code}`)!, `/api/cases?limit=50`]);
await measure('unit: its overdue cases', n, 5, 50, async () => [cookies.get(`h.${pick(units).code}`)!, `/api/cases?limit=200&overdue=true`]);

const WORDS = ['油烟', '噪音', '扰民', '物业', '停水', '停电', '暖气', '电梯', '拖欠工资', '违章', '占道经营', '路灯', '井盖', '积水', '预付卡', '出租车', '公积金', '医保', '社保', '垃圾', '燃气', '扬尘', '广场舞', '过期', '培训', '低保', '房产证', '落户', '身份证', '景区'];
const PLACES = ['锦江花园', '南湖', '滨江路', '建设路', '阳光家园', '江北区', '高新区', '人民路'];
const FILTERS = ['', '&state=handling', '&channel=phone', '&category=hjbh', `&from=${new Date(now.getTime() - 30 * 86_400_000).toISOString()}`, '&state=closed,archived&channel=online'];
const q = (s: string) => encodeURIComponent(s);
await measure('text search, one word (operator, q=油烟 …)', n, 5, 200, async () => [operator, `/api/cases?limit=50&q=${q(pick(WORDS))}`]);
await measure('text search, word + place (q=锦江花园 油烟 …)', n, 5, 200, async () => [operator, `/api/cases?limit=50&q=${q(`${pick(PLACES)} ${pick(WORDS)}`)}`]);
await measure('text search with a filter (state, channel, category or 30 days)', n, 5, 200, async () => [operator, `/api/cases?limit=50&q=${q(pick(WORDS))}${pick(FILTERS)}`]);
await measure('text search, a case number', Math.min(n, 50), 2, 200, async () => {
  const r = await raw.query<{ case_no: string }>(`SELECT case_no FROM cases TABLESAMPLE SYSTEM (0.01) LIMIT 1`);
  return [operator, `/api/cases?limit=50&q=${r.rows[0]?.case_no ?? '20250101000001'}`];
});

async function timed(what: string, runs: number, target: number, cookie: string, method: 'GET' | 'POST', path: string, payload?: unknown) {
  if (only && !what.includes(only)) return;
  const first = (await call(cookie, method, path, payload)).ms;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await call(cookie, method, path, payload)).ms);
  report(what, times, target, { first: +first.toFixed(1) });
}
await timed('leader dashboard, 30 days', 10, 1000, leader, 'GET', '/api/dashboard?days=30');
await timed('leader dashboard, 366 days', 10, 1000, leader, 'GET', '/api/dashboard?days=366');
await timed('weekly report (POST /api/reports)', 3, 10_000, supervisor, 'POST', '/api/reports', { kind: 'weekly' });

await raw.end();
await app.close();
await handle.close();
