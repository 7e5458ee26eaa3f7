/**
 * Intake under load (issue #10 §2): HTTP load with autocannon on `POST /api/cases` (registration
 * through the whole pipeline) against the real server on PostgreSQL, and in the same run the raw
 * PostgreSQL ceiling for the same writes measured with pgbench at the same client count; prints
 * both, their p50/p99 and the ratio, and a one-line summary for BENCHMARKS.md.
 *
 *   npm run bench:intake -- [--seconds 30] [--warmup 5] [--connections 8] [--instances 1] [--no-pgbench] [--pgbench-notify] [--cpu-prof DIR]
 *
 * It creates `huiyin_bench_intake_<pid>` on the server DATABASE_URL names (default the local
 * postgres://postgres@127.0.0.1:5432/postgres), starts `--instances` server processes
 * (`src/server/main.ts`, production settings, log level warn; the first seeds the demo city) on
 * their own ports sharing that database, as stateless instances do in production, logs the demo
 * operator in, and spreads autocannon's connections over them. Every request registers a different
 * case (variants of the demo templates: bench/intake-bodies.ts). The database is dropped afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { intakeBodies } from './intake-bodies';
import { pgbenchCeiling, type Ceiling } from './intake-pgbench';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const SECONDS = Number(option('seconds', '30'));
const WARMUP = Number(option('warmup', '5'));
const CONNECTIONS = Number(option('connections', '8'));
const INSTANCES = Number(option('instances', '1'));
const CPU_PROF = option('cpu-prof', '');
const PGBENCH = !process.argv.includes('--no-pgbench');
/** Also measure the ceiling with a pg_notify in each transaction, as registration sends one. */
const PGBENCH_NOTIFY = process.argv.includes('--pgbench-notify');
const BASE_PORT = 20000 + (process.pid % 1000) * 10;

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function startServer(url: string, port: number): Promise<ChildProcess> {
  const args = [...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : []), '--import', 'tsx', 'src/server/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'warn', DEMO: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes('[huiyin] ready')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => {
      out += d;
      process.stderr.write(`[server :${port}] ${d}`);
    });
    child.on('exit', (code) => reject(new Error(`server on ${port} exited (${code}) before it was ready:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function login(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'operator', password: 'Huiyin@12345' }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('hy_session='));
  if (!res.ok || !cookie) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

function cannon(ports: number[], cookie: string, bodies: string[], seconds: number): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    // several targets share the connections (autocannon takes a list, its types only a string)
    url: ports.map((p) => `http://127.0.0.1:${p}`) as unknown as string,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/cases',
        headers: { 'content-type': 'application/json', cookie },
        // a different registration each time
        setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
}

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `huiyin_bench_intake_${process.pid}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
const servers: ChildProcess[] = [];
process.on('exit', () => servers.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
try {
  const ports = Array.from({ length: INSTANCES }, (_, i) => BASE_PORT + i);
  const t0 = Date.now();
  servers.push(await startServer(url.toString(), ports[0]!)); // migrates and seeds the demo city
  for (const p of ports.slice(1)) servers.push(await startServer(url.toString(), p));
  console.error(`[bench] ${INSTANCES} instance(s) ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (demo city seeded)`);
  const cookie = await login(ports[0]!);
  const bodies = intakeBodies(5000).map((b) => JSON.stringify(b));

  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  const count = async () => Number((await db.query('SELECT count(*) AS n FROM cases')).rows[0].n);

  if (WARMUP > 0) await cannon(ports, cookie, bodies, WARMUP);
  const before = await count();
  const loadBefore = load();
  // what the server's connections are doing, sampled every 50 ms: where the waiting is
  const waits = new Map<string, number>();
  const sampler = new pg.Client({ connectionString: url.toString() });
  await sampler.connect();
  let sampling = true;
  const sampled = (async () => {
    while (sampling) {
      const rows = (await sampler.query(`SELECT coalesce(wait_event_type || ':' || wait_event, 'running') AS w, state FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = ''`)).rows;
      for (const x of rows) {
        const key = x.state === 'idle' ? 'idle' : x.state === 'idle in transaction' ? `idle in transaction` : x.w;
        waits.set(key, (waits.get(key) ?? 0) + 1);
      }
      await new Promise((res) => setTimeout(res, 50));
    }
  })();
  const r = await cannon(ports, cookie, bodies, SECONDS);
  sampling = false;
  await sampled;
  await sampler.end();
  const loadAfter = load();
  const samples = [...waits.values()].reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ bench: 'intake.pg_wait_samples', share: Object.fromEntries([...waits].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / samples) * 1000) / 1000])) }));
  const created = (await count()) - before;
  const events = Number((await db.query(`SELECT count(*) AS n FROM case_events WHERE action = 'register'`)).rows[0].n);
  const http = {
    bench: 'intake.http',
    instances: INSTANCES,
    connections: CONNECTIONS,
    seconds: SECONDS,
    requests: r.requests.total,
    perSecond: Math.round((r['2xx'] / r.duration) * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    casesCreated: created,
    loadBefore,
    loadAfter,
  };
  console.log(JSON.stringify(http));
  if (r.non2xx > 0 || r.errors > 0) console.error(`[bench] WARNING: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
  if (created < r['2xx'] || created > r['2xx'] + CONNECTIONS) console.error(`[bench] WARNING: ${r['2xx']} 2xx answers but ${created} cases written`);
  if (events < created) console.error(`[bench] WARNING: ${created} cases but ${events} registration events`);
  await db.end();
  await Promise.all(servers.map(stop));
  servers.length = 0;

  let ceiling: Ceiling | undefined;
  if (PGBENCH) {
    const loadBeforePg = load();
    ceiling = await pgbenchCeiling(url.toString(), CONNECTIONS, SECONDS);
    console.log(JSON.stringify({ bench: 'intake.pgbench', ...ceiling, loadBefore: loadBeforePg, loadAfter: load() }));
    if (PGBENCH_NOTIFY) {
      const loadBeforeN = load();
      const withNotify = await pgbenchCeiling(url.toString(), CONNECTIONS, SECONDS, true);
      console.log(JSON.stringify({ bench: 'intake.pgbench_notify', ...withNotify, loadBefore: loadBeforeN, loadAfter: load() }));
    }
  }
  const ratio = ceiling ? http.perSecond / ceiling.tps : NaN;
  const ok = ceiling ? ratio >= 0.35 && http.p99 < 50 : undefined;
  console.log(JSON.stringify({ bench: 'intake.summary', ratio: Math.round(ratio * 1000) / 1000, target: '≥ 35 % of pgbench, p99 < 50 ms', ok }));
  console.log(
    `intake: ${http.perSecond.toFixed(0)} registrations/s, p50 ${http.p50} ms, p99 ${http.p99} ms (${INSTANCES} instance(s), ${CONNECTIONS} connections, ${SECONDS} s)` +
      (ceiling ? ` | pgbench ${ceiling.tps.toFixed(0)} tps, p50 ${ceiling.p50.toFixed(2)} ms, p99 ${ceiling.p99.toFixed(2)} ms (${ceiling.clients} clients) | ratio ${(ratio * 100).toFixed(1)} %` : '') +
      ` | load ${loadBefore} → ${loadAfter}`,
  );
} finally {
  await Promise.all(servers.map(stop));
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
