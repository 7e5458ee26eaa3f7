/**
 * A realistic synthetic dataset on PostgreSQL (issue #10 §1): two years of a big city's 12345
 * hotline, 1, 10 or 24 million cases with their whole history.
 *
 *   npx tsx bench/generate.ts --db huiyin_bench_10m --cases 10000000
 *   [--url postgres://postgres@127.0.0.1:5432] [--workers 2] [--now 2026-11-23T02:00:00Z]
 *
 * Creates the database when missing and migrates it with the app's migrations; creates the city
 * (bench/generate-org.ts) once. Cases are spread over the 730 days before `now` with a monthly,
 * weekly (official working days) and hourly rhythm and a slow growth, and each day is generated
 * server-side in one transaction (bench/generate-sql.ts) from per-category templates
 * (bench/generate-templates.ts) whose words jieba segmented once here. Run it again with a larger
 * --cases to extend the same database: each day gets the missing cases, numbered after the
 * existing ones. Secondary indexes are dropped during the load and rebuilt after it; the
 * statistics rollups are then rebuilt from the cases with the app's own `rebuildStats`.
 * Progress (cases/s, ETA) goes to stderr.
 */
import pg from 'pg';
import chineseDays from 'chinese-days';
import { openPostgres } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';
import { seedDefaultPolicy } from '../src/server/policy/policy';
import { rebuildStats } from '../src/server/stats/stats.repo';
import { shanghaiDate, shanghaiInstant } from '../src/core/calendar';
import { CHANNEL_SHARES, HOUR_CURVE, MONTH_VOLUME, TEMPLATES } from './generate-templates';
import { ensureOrg, loadOrg } from './generate-org';
import * as Q from './generate-sql';
import { prepareSession } from './generate-session';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) {
    console.error(`usage: npx tsx bench/generate.ts --db <name> --cases <n> [--url postgres://…] [--workers 2] [--now ISO]`);
    process.exit(2);
  }
  return v;
}

const dbName = arg('db');
const total = Number(arg('cases'));
const baseUrl = arg('url', process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432');
const workers = Number(arg('workers', '2'));
const now = new Date(arg('now', '2026-11-23T02:00:00Z'));
const DAYS = 730;
const timing: Record<string, number> | null = process.env.BENCH_TIMING ? {} : null;
if (!/^[a-z0-9_]+$/.test(dbName) || !(total > 0)) throw new Error('bad --db or --cases');

const dbUrl = (name: string) => {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
};

/** An array of `size` values drawn in proportion to `weights` (sampled server-side by a random index). */
function pickTable<T>(values: T[], weights: number[], size: number): T[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: T[] = [];
  let acc = 0;
  values.forEach((v, i) => {
    acc += weights[i]! / sum;
    while (out.length < Math.round(acc * size)) out.push(v);
  });
  while (out.length < size) out.push(values[values.length - 1]!);
  return out.slice(0, size);
}


function fmt(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(0)}s`;
}

class Progress {
  private readonly start = Date.now();
  private last = 0;
  constructor(private readonly target: number, private readonly label: string) {}
  update(done: number, force = false): void {
    const t = Date.now();
    if (!force && t - this.last < 500) return;
    this.last = t;
    const secs = (t - this.start) / 1000;
    const rate = done / Math.max(secs, 0.001);
    const frac = this.target ? done / this.target : 1;
    const width = 30;
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    process.stderr.write(`\r${this.label} ${bar} ${(frac * 100).toFixed(1).padStart(5)}%  ${done.toLocaleString('en')}/${this.target.toLocaleString('en')}  ${Math.round(rate).toLocaleString('en')} cases/s  ETA ${fmt((this.target - done) / rate)}   `);
  }
  done(): number {
    this.update(this.target, true);
    process.stderr.write('\n');
    return (Date.now() - this.start) / 1000;
  }
}

const BULK_TABLES = ['cases', 'case_events', 'case_units', 'case_replies', 'callbacks', 'extension_requests', 'overdue_records'];

async function dropSecondaryIndexes(c: pg.ClientBase): Promise<void> {
  await c.query(`CREATE TABLE IF NOT EXISTS bench_dropped_indexes (name text PRIMARY KEY, def text NOT NULL)`);
  const rows = await c.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
     WHERE i.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
    [BULK_TABLES],
  );
  for (const r of rows.rows) {
    await c.query(`INSERT INTO bench_dropped_indexes VALUES ($1, $2) ON CONFLICT DO NOTHING`, [r.name, r.def]);
    await c.query(`DROP INDEX ${r.name}`);
  }
}

async function rebuildIndexes(pool: pg.Pool): Promise<void> {
  const defs = (await pool.query<{ name: string; def: string }>(`SELECT name, def FROM bench_dropped_indexes ORDER BY name`)).rows;
  const queue = [...defs];
  await Promise.all(
    Array.from({ length: Math.min(workers, 2) }, async () => {
      const c = await pool.connect();
      try {
        await c.query(`SET maintenance_work_mem = '2GB'; SET max_parallel_maintenance_workers = 1`);
        for (let d = queue.shift(); d; d = queue.shift()) {
          const t = Date.now();
          await c.query(d.def);
          await c.query(`DELETE FROM bench_dropped_indexes WHERE name = $1`, [d.name]);
          console.error(`  index ${d.name}: ${((Date.now() - t) / 1000).toFixed(0)} s`);
        }
      } finally {
        c.release();
      }
    }),
  );
}

// ---- main ------------------------------------------------------------------------------------

const admin = new pg.Client({ connectionString: dbUrl('postgres') });
await admin.connect();
const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [dbName]);
if (!exists.rowCount) await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();

const handle = await openPostgres(dbUrl(dbName), 2);
const applied = await migrate(handle);
if (applied.length) console.error(`migrations applied: ${applied.join(', ')}`);
await seedDefaultPolicy(handle.db, now);
const pool = new pg.Pool({ connectionString: dbUrl(dbName), max: workers + 1 });
const setup = await pool.connect();
await ensureOrg(setup);
const org = await loadOrg(setup);

// the days and how many cases each should hold
const firstDay = Date.parse(`${shanghaiDate(now)}T00:00:00Z`) / 86_400_000 - DAYS;
const days = Array.from({ length: DAYS }, (_, k) => {
  const date = new Date((firstDay + k) * 86_400_000).toISOString().slice(0, 10);
  const month = Number(date.slice(5, 7)) - 1;
  const weight = MONTH_VOLUME[month]! * (chineseDays.isWorkday(date) ? 1.1 : 0.72) * (0.9 + (0.2 * k) / DAYS);
  return { date, month, weight };
});
const wsum = days.reduce((a, d) => a + d.weight, 0);
const existing = new Map((await setup.query<{ day: string; last: number }>(`SELECT day::text, last FROM case_no_counters`)).rows.map((r) => [r.day, r.last]));
let acc = 0;
const plan = days.map((d) => {
  const before = Math.round(acc);
  acc += (d.weight / wsum) * total;
  const want = Math.round(acc) - before;
  const have = existing.get(d.date) ?? 0;
  return { ...d, have, add: Math.max(0, want - have) };
});
const toAdd = plan.reduce((a, d) => a + d.add, 0);
const already = Number((await setup.query<{ n: string }>(`SELECT count(*) AS n FROM cases`)).rows[0]!.n);
console.error(`${dbName}: ${already.toLocaleString('en')} cases present, adding ${toAdd.toLocaleString('en')} over ${DAYS} days to ${shanghaiDate(new Date(now.getTime() - 86_400_000))}`);

if (toAdd > 0) {
  await dropSecondaryIndexes(setup);
  const zipf = TEMPLATES.map((_, r) => 1 / Math.pow(r + 1, 0.75));
  const tplPick = Array.from({ length: 12 }, (_, m) => pickTable(TEMPLATES.map((_, i) => i + 1), TEMPLATES.map((t, i) => zipf[i]! * (t.season?.[m] ?? 1)), 1000));
  const streetPick = pickTable(org.streets.map((s) => s.idx), org.streets.map((s) => s.weight), 4000);
  const hourPick = pickTable(HOUR_CURVE.map((_, h) => h), HOUR_CURVE, 1000);
  const channelPick = pickTable(CHANNEL_SHARES.map(([c]) => c), CHANNEL_SHARES.map(([, w]) => w), 1000);
  const departments = org.units.filter((u) => u.type === 'department').map((u) => u.idx);
  const queue = plan.filter((d) => d.add > 0).slice(0, Number(process.env.BENCH_ONLY_DAYS ?? DAYS));
  const progress = new Progress(toAdd, 'cases');
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const c = await pool.connect();
      try {
        await prepareSession(c, org);
        for (let d = queue.shift(); d; d = queue.shift()) {
          await c.query('BEGIN');
          const dayStart = shanghaiInstant(d.date, '00:00');
          const steps: [string, string, unknown[]][] = [
            ['gen', Q.GEN_SQL, [dayStart, d.add, d.have, tplPick[d.month], streetPick, hourPick, channelPick, now, d.date.replace(/-/g, ''), departments]],
            ['events', Q.EVENTS_SQL, []],
            ['state', Q.STATE_SQL, []],
            ['gc', Q.CASES_SQL, []],
            ['cases', Q.INSERT_CASES_SQL, [org.centre.id, org.operators]],
            ['history', Q.INSERT_EVENTS_SQL, [org.centre.id, org.operators, org.dispatchers, org.supervisors]],
            ['units', Q.INSERT_UNITS_SQL, []],
            ['replies', Q.INSERT_REPLIES_SQL, []],
            ['callbacks', Q.INSERT_CALLBACKS_SQL, [org.supervisors]],
            ['extensions', Q.INSERT_EXTENSIONS_SQL, [org.supervisors]],
            ['overdue', Q.INSERT_OVERDUE_SQL, []],
          ];
          for (const [name, text, params] of steps) {
            const t = Date.now();
            await c.query(text, params);
            if (timing) timing[name] = (timing[name] ?? 0) + Date.now() - t;
          }
          await c.query(`INSERT INTO case_no_counters (day, last) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET last = EXCLUDED.last`, [d.date, d.have + d.add]);
          await c.query('COMMIT');
          done += d.add;
          progress.update(done);
        }
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    }),
  );
  const secs = progress.done();
  if (timing) console.error('ms per statement, all days:', JSON.stringify(timing));
  console.error(`generated ${toAdd.toLocaleString('en')} cases in ${fmt(secs)} (${Math.round(toAdd / secs).toLocaleString('en')} cases/s)`);
}

// the bulk load runs with triggers off (replica role): mark the rows of finished cases as the
// triggers of migrations 015 and 017 would have (case_units.case_open, read by the units' open desk)
const tOpen = Date.now();
await setup.query(`UPDATE case_units cu SET case_open = false FROM cases c WHERE c.id = cu.case_id AND cu.case_open AND c.state IN ('closed', 'archived')`);
// and the open rows' case time, by which the desk sorts (017)
await setup.query(`UPDATE case_units cu SET case_created_at = c.created_at FROM cases c WHERE c.id = cu.case_id AND cu.active AND cu.case_open AND cu.case_created_at IS NULL`);
console.error(`case_units.case_open set in ${fmt((Date.now() - tOpen) / 1000)}`);
const tIdx = Date.now();
await rebuildIndexes(pool);
console.error(`indexes rebuilt in ${fmt((Date.now() - tIdx) / 1000)}`);
const tAn = Date.now();
for (const t of BULK_TABLES) await setup.query(`VACUUM (ANALYZE) ${t}`);
console.error(`vacuum analyze in ${fmt((Date.now() - tAn) / 1000)}`);
if (toAdd > 0 || process.argv.includes('--stats')) {
  const tStats = Date.now();
  await rebuildStats(handle.db);
  console.error(`statistics rollups rebuilt in ${fmt((Date.now() - tStats) / 1000)}`);
}
const summary = (await setup.query(`SELECT state, count(*)::int AS n FROM cases GROUP BY state ORDER BY n DESC`)).rows;
const size = (await setup.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)).rows[0]!.s;
console.log(JSON.stringify({ db: dbName, cases: summary.reduce((a, r) => a + r.n, 0), states: Object.fromEntries(summary.map((r) => [r.state, r.n])), size }));
setup.release();
await pool.end();
await handle.close();
