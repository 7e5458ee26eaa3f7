/**
 * Suggestion latency through the whole HTTP path (issue #5 §7, target p95 < 20 ms): the demo city on
 * embedded PGlite, models trained on its cases, then `POST /api/routing/suggest` with the demo
 * templates' texts via Fastify's inject (no network). `npx tsx bench/routing-api.ts [requests]`
 */
import { openPGlite } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';
import { seedDefaultPolicy } from '../src/server/policy/policy';
import { seedDemo, DEMO_PASSWORD } from '../src/server/demo/seed-demo';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { DEMO_CASE_TEMPLATES } from '../src/server/demo/demo-data';

const n = Number(process.argv[2] ?? 2000);
const h = await openPGlite(undefined);
await migrate(h);
const now = new Date();
await seedDefaultPolicy(h.db, now);
await seedDemo(h, { now });
const app = await buildApp({ db: h, config: loadConfig({}, []) });
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dispatcher', password: DEMO_PASSWORD } });
const cookie = `hy_session=${login.cookies[0]!.value}`;
const times: number[] = [];
for (let i = 0; i < n + 100; i++) {
  const t = DEMO_CASE_TEMPLATES[i % DEMO_CASE_TEMPLATES.length]!;
  const s = process.hrtime.bigint();
  const res = await app.inject({ method: 'POST', url: '/api/routing/suggest', headers: { cookie }, payload: { title: t.title, content: t.content, kind: t.kind } });
  const ms = Number(process.hrtime.bigint() - s) / 1e6;
  if (res.statusCode !== 200) throw new Error(res.body);
  if (i >= 100) times.push(ms); // the first 100 warm the caches
}
times.sort((a, b) => a - b);
const q = (p: number) => Number(times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2));
console.log(JSON.stringify({ bench: 'routing-api', requests: n, p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99), targetP95Ms: 20, ok: q(0.95) < 20 }));
await app.close();
await h.close();
