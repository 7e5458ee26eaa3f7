/**
 * Where a registration's time goes: the demo city on a PostgreSQL database of its own, then
 * `POST /api/cases` one at a time through `app.inject` (no network, no concurrency), counting and
 * timing every SQL statement the request sends. Prints the statements per registration (grouped by
 * their text, slowest total first), the round trips, and the time spent outside the database.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/intake-profile.ts [registrations] [--cpu-prof FILE]
 *
 * With --cpu-prof, the measured registrations (not the seeding) are CPU-profiled into FILE
 * (a .cpuprofile for Chrome's DevTools or speedscope).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { withBenchDatabase } from './pg';
import { seedDefaultPolicy } from '../src/server/policy/policy';
import { seedDemo, DEMO_PASSWORD } from '../src/server/demo/seed-demo';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { intakeBodies } from './intake-bodies';

const n = Number(process.argv[2] ?? 500);
const profFile = process.argv.includes('--cpu-prof') ? process.argv[process.argv.indexOf('--cpu-prof') + 1] : undefined;
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

const stats = new Map<string, { count: number; ms: number }>();
let recording = false;
// every statement goes through pg.Client#query (Kysely's pool as well)
const original = pg.Client.prototype.query;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
  const start = performance.now();
  const result = (original as (...a: unknown[]) => unknown).apply(this, args);
  if (recording && result && typeof (result as Promise<unknown>).then === 'function') {
    void (result as Promise<unknown>).finally(() => {
      const key = text.replace(/\s+/g, ' ').replace(/\$\d+(, \$\d+)*/g, '$…').slice(0, 160);
      const s = stats.get(key) ?? { count: 0, ms: 0 };
      s.count++;
      s.ms += performance.now() - start;
      stats.set(key, s);
    });
  }
  return result;
} as typeof original;

await withBenchDatabase('huiyin_bench_profile', 10, async (h) => {
  const now = new Date();
  await seedDefaultPolicy(h.db, now);
  await seedDemo(h, { now });
  const app = await buildApp({ db: h, config: loadConfig({}, []) });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'operator', password: DEMO_PASSWORD } });
  const cookie = `hy_session=${login.cookies[0]!.value}`;
  const bodies = intakeBodies(n + 50, 7);
  const register = async (body: unknown) => {
    const res = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: body as Record<string, unknown> });
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  };
  for (const b of bodies.slice(0, 50)) await register(b); // warm the caches and the JIT
  const inspector = new Session();
  if (profFile) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  recording = true;
  const times: number[] = [];
  for (const b of bodies.slice(50)) {
    const s = performance.now();
    await register(b);
    times.push(performance.now() - s);
  }
  recording = false;
  if (profFile) {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(profFile, JSON.stringify(profile));
    inspector.disconnect();
  }
  await new Promise((r) => setTimeout(r, 50));
  times.sort((a, b) => a - b);
  const total = times.reduce((s, x) => s + x, 0);
  const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const sqlMs = rows.reduce((s, [, v]) => s + v.ms, 0);
  const statements = rows.reduce((s, [, v]) => s + v.count, 0);
  console.log(JSON.stringify({ bench: 'intake.profile', registrations: n, p50: +times[Math.floor(n / 2)]!.toFixed(2), p99: +times[Math.floor(n * 0.99)]!.toFixed(2), meanMs: +(total / n).toFixed(2), statementsPerRegistration: +(statements / n).toFixed(2), sqlMsPerRegistration: +(sqlMs / n).toFixed(2), otherMsPerRegistration: +((total - sqlMs) / n).toFixed(2) }));
  for (const [sql, v] of rows) console.log(`${(v.count / n).toFixed(2).padStart(6)} × ${(v.ms / v.count).toFixed(3).padStart(7)} ms  ${sql}`);
  await app.close();
});
