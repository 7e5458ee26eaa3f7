/**
 * Crash safety (issue #9 §5): the real server (`src/server/main.ts`, node itself, not npm or tsx
 * around it) on a fresh PostgreSQL database, intake driven by concurrent clients, and the server
 * killed with SIGKILL at random moments and restarted. At the end the database must hold every
 * acknowledged case exactly once, every timer and outbox message its cause requires exactly once,
 * and the fake SMS gateway and webhook receiver must have received every message.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:crash -- [seconds] [kills]
 *
 * Defaults: 90 seconds of load, 6 kills. Creates `huiyin_crash_<pid>` and drops it afterwards
 * (KEEP_DB=1 keeps it). Exits 1 on any violation. The server's log is in `.tmp/crash-server.log`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { mkdirSync, openSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { checkDatabase, type Acknowledged } from './crash-checks';

const seconds = Number(process.argv[2] ?? 90);
const kills = Number(process.argv[3] ?? 6);
const base = process.env.DATABASE_URL;
if (!base) {
  console.error('set DATABASE_URL to a PostgreSQL server (a database of its own is created there)');
  process.exit(2);
}
const PASSWORD = 'Crash-Safety-2026!';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const started = Date.now();

// ---- the fake SMS gateway and webhook receiver: every delivery, by its idempotency key ----------

const received = { sms: new Map<string, number>(), hook: new Map<string, number>() };
const readBody = (req: IncomingMessage) => new Promise<string>((resolve) => {
  let s = '';
  req.on('data', (c) => (s += c));
  req.on('end', () => resolve(s));
});
const receiver = createServer(async (req, res) => {
  await readBody(req);
  const kind = req.url === '/sms' ? 'sms' : 'hook';
  const key = String(req.headers[kind === 'sms' ? 'idempotency-key' : 'x-huiyin-delivery'] ?? '');
  // a little latency widens the window between a provider accepting and the outbox writing `sent`
  await sleep(Math.random() * 30);
  received[kind].set(key, (received[kind].get(key) ?? 0) + 1);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: '0', msgId: key }));
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

// ---- the server under test --------------------------------------------------------------------

const dbName = `huiyin_crash_${process.pid}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = Object.assign(new URL(base), { pathname: `/${dbName}` }).toString();
const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as AddressInfo).port;
    s.close(() => resolve(p));
  });
});
const api = `http://127.0.0.1:${port}`;
mkdirSync('.tmp', { recursive: true });
const log = openSync('.tmp/crash-server.log', 'w');
const serverEnv = {
  ...process.env,
  DATABASE_URL: dbUrl,
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_URL: api,
  ADMIN_PASSWORD: PASSWORD,
  LOG_LEVEL: 'warn',
  TIMER_INTERVAL_MS: '300',
  OUTBOX_INTERVAL_MS: '300',
  SMS_SENDER: 'http',
  SMS_GATEWAY_URL: `${receiverUrl}/sms`,
};

let server: ChildProcess | undefined;
let dropped = false;
async function cleanUp(): Promise<void> {
  server?.kill('SIGKILL');
  receiver.close();
  if (!dropped && !process.env.KEEP_DB) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  dropped = true;
  await admin.end().catch(() => undefined);
}
// the server never outlives this script
process.on('exit', () => server?.kill('SIGKILL'));
const figures = { requests: 0, answered: 0, refusedWhileDown: 0, cutOff: 0, retriedAfterCut: 0, committedBeforeCut: 0, serverErrors: 0, kills: 0, killsDuringStartup: 0, restarts: 0, restartMs: [] as number[] };

async function healthy(timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${api}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  throw new Error('the server did not answer /healthz');
}

function spawnServer(): void {
  // node itself with tsx's loader: the pid is the server's, so SIGKILL kills the server and nothing else
  server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--no-demo'], { env: serverEnv, stdio: ['ignore', log, log] });
}

async function startServer(): Promise<void> {
  spawnServer();
  await healthy();
}

async function killServer(): Promise<void> {
  const s = server!;
  const exited = new Promise((r) => s.once('exit', r));
  s.kill('SIGKILL');
  await exited;
  figures.kills++;
}

// ---- an HTTP client that, like a gateway, keeps a request's identity across retries -----------

/** An answer; `refused` when nothing listened (the request never reached a server); `cut` when the connection broke after sending. */
type Answer = { status: number; body: Record<string, unknown> } | 'refused' | 'cut';

async function call(method: string, path: string, auth: string, body?: unknown): Promise<Answer> {
  figures.requests++;
  try {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(auth.startsWith('hy_session=') ? { cookie: auth } : { authorization: `Bearer ${auth}` }) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    figures.answered++;
    if (res.status >= 500) figures.serverErrors++;
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') {
      figures.refusedWhileDown++;
      return 'refused';
    }
    figures.cutOff++;
    return 'cut';
  }
}

/**
 * Retries while the connection fails (same body, so the same idempotency key) until answered.
 * `cut`: an earlier attempt was sent and its connection broke, so it may have been applied.
 */
async function untilAnswered(method: string, path: string, auth: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown>; cut: boolean }> {
  let cut = false;
  for (;;) {
    const a = await call(method, path, auth, body);
    if (typeof a === 'object' && a.status < 500) {
      if (cut) figures.retriedAfterCut++;
      return { ...a, cut };
    }
    if (a === 'cut') cut = true;
    await sleep(100 + Math.random() * 200);
  }
}

async function login(username: string): Promise<string> {
  const res = await fetch(`${api}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return /hy_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

async function must(method: string, path: string, auth: string, body: unknown, status: number): Promise<Record<string, unknown>> {
  const a = await call(method, path, auth, body);
  if (typeof a !== 'object' || a.status !== status) throw new Error(`${method} ${path}: ${JSON.stringify(a)}`);
  return a.body;
}

async function main(): Promise<number> {
  // ---- setup: a centre, a department, the staff, an SMS gateway token, a webhook ------------------

  await startServer();
  const adminCookie = await login('admin');
  await must('POST', '/api/units', adminCookie, { code: 'crash-dept', name: '市城管执法局', type: 'department' }, 201);
  for (const [username, role, unit] of [['crash-operator', 'operator', 'centre'], ['crash-dispatcher', 'dispatcher', 'centre'], ['crash-supervisor', 'supervisor', 'centre'], ['crash-handler', 'unit_handler', 'crash-dept']]) {
    await must('POST', '/api/users', adminCookie, { username, displayName: username, password: PASSWORD, role, unit }, 201);
  }
  const token = String((await must('POST', '/api/tokens', adminCookie, { name: 'sms-gateway', user: 'crash-operator' }, 201)).token);
  await must('POST', '/api/webhooks', adminCookie, { name: 'crash receiver', url: `${receiverUrl}/hook` }, 201);
  // one urge and the overdue sweep's automatic one escalate a case to a supervision order
  await must('PUT', '/api/policy-settings', adminCookie, { escalationUrges: 2 }, 200);
  const operator = await login('crash-operator');
  const dispatcher = await login('crash-dispatcher');
  const supervisor = await login('crash-supervisor');

  // ---- the load ----------------------------------------------------------------------------------

  const acked: Acknowledged = { cases: new Map(), unanswered: [], dispatched: [], urged: [], smsMismatch: 0, smsResent: 0 };
  let stop = false;
  let seq = 0;
  const mobile = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

  /** A step sent with the version it was read at, retried on connection errors: applied at most once. */
  async function stepOnce(path: string, cookie: string, body: Record<string, unknown>): Promise<boolean> {
    const a = await untilAnswered('POST', path, cookie, body);
    const stale = a.status === 409 && (a.body.error as { code?: string })?.code === 'case.stale_version';
    // the step committed before the kill cut its answer off; the retry finds the version moved on
    if (a.cut && stale) figures.committedBeforeCut++;
    return a.status === 200 || stale;
  }

  /**
   * An operator registers a call, dispatches it with a 1-minute limit and urges it. Half the
   * registrations carry an `externalId` (a retry returns the first case) and are retried when cut
   * off; the others, as the staff app sends them, have no key and are not retried.
   */
  async function operatorFlow(): Promise<void> {
    while (!stop) {
      const marker = `crash-${++seq}`;
      const body = {
        channel: 'phone', kind: 'complaint', title: `小区楼下烧烤店油烟扰民 #${marker}`, content: '东华街道幸福小区3栋楼下的烧烤店每天营业到凌晨两点，油烟直接排进楼道，噪音很大。',
        citizen: { name: '张伟', phone: mobile() },
        ...(seq % 2 ? { externalId: `desk-${marker}` } : {}),
      };
      let a: Answer = await call('POST', '/api/cases', operator, body);
      // nothing listened: the call never arrived, so sending it again cannot make a second case
      while (a === 'refused' && !stop) {
        await sleep(200);
        a = await call('POST', '/api/cases', operator, body);
      }
      if (a === 'refused') continue;
      if (a === 'cut' && body.externalId) {
        a = await untilAnswered('POST', '/api/cases', operator, body);
        if (a.status === 200) figures.committedBeforeCut++;
      }
      if (a === 'cut') {
        acked.unanswered.push(marker);
        await sleep(200);
        continue;
      }
      if (a.status !== 201 && a.status !== 200) continue;
      const id = String(a.body.id);
      acked.cases.set(id, { channel: 'phone', key: marker });
      if (await stepOnce(`/api/cases/${id}/dispatch`, dispatcher, { version: 1, units: ['crash-dept'], limit: '1m' })) acked.dispatched.push(id);
      if (Math.random() < 0.7 && (await stepOnce(`/api/cases/${id}/urges`, supervisor, { version: 2, note: '请尽快处理' }))) acked.urged.push(id);
    }
  }

  /** The SMS gateway: each message retried under its id until answered; some sent twice on purpose. */
  async function smsFlow(): Promise<void> {
    while (!stop) {
      const sms = { messageId: `gw-${process.pid}-${++seq}`, from: mobile(), text: '幸福小区东门路灯坏了一周，晚上出行不便，请尽快修复。' };
      const a = await untilAnswered('POST', '/api/intake/sms', token, sms);
      if (a.status !== 201 && a.status !== 200) continue;
      if (a.cut && a.status === 200) figures.committedBeforeCut++;
      const id = String(a.body.caseId);
      acked.cases.set(id, { channel: 'sms', key: sms.messageId });
      if (Math.random() < 0.15) {
        acked.smsResent++;
        const again = await untilAnswered('POST', '/api/intake/sms', token, sms);
        if (again.body.caseId !== id || again.status !== 200) acked.smsMismatch++;
      }
    }
  }

  /** Another platform: messages idempotent by channel + externalId. */
  async function messageFlow(): Promise<void> {
    while (!stop) {
      const m = { channel: 'online', externalId: `web-${process.pid}-${++seq}`, kind: 'complaint', title: '小区垃圾清运不及时', content: '幸福小区垃圾桶已经三天没有清运，气味很大。', citizen: { name: '李娜', phone: mobile() } };
      const a = await untilAnswered('POST', '/api/intake/messages', token, m);
      if (a.cut && a.status === 200) figures.committedBeforeCut++;
      if (a.status === 201 || a.status === 200) acked.cases.set(String(a.body.caseId), { channel: 'online', key: m.externalId });
    }
  }

  /** Kills after 2–10 s of service; every third kill is followed by one while the restarted server is still starting up. */
  async function killer(): Promise<void> {
    for (let i = 0; i < kills; i++) {
      await sleep(2000 + Math.random() * 8000);
      await killServer();
      const t0 = Date.now();
      if (i % 3 === 1 && i + 1 < kills) {
        spawnServer();
        await sleep(1000 + Math.random() * 4000);
        await killServer();
        figures.killsDuringStartup++;
        i++;
      }
      await startServer();
      figures.restarts++;
      figures.restartMs.push(Date.now() - t0);
    }
  }

  console.log(`[crash] load for ${seconds} s with ${kills} kills against ${api} (database ${dbName})`);
  const flows = [operatorFlow(), operatorFlow(), operatorFlow(), smsFlow(), smsFlow(), messageFlow()];
  // the load runs for `seconds` and until every kill has happened and the server is back
  await Promise.all([killer(), sleep(seconds * 1000)]);
  stop = true;
  await Promise.all(flows);
  const loadEnded = Date.now();

  // ---- drain: the last limits run out, the timers fire, the outbox empties -----------------------

  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const one = async (q: string) => Number((await db.query<{ n: string }>(q)).rows[0]!.n);
  let leasesAged = 0;
  for (const until = Date.now() + 240_000; Date.now() < until; await sleep(1000)) {
    const waiting = await one(`SELECT
        (SELECT count(*) FROM cases WHERE state IN ('dispatched','handling') AND overdue_at IS NULL) +
        (SELECT count(*) FROM timers WHERE fired_at IS NULL AND due_at <= now()) +
        (SELECT count(*) FROM outbox WHERE status = 'pending') AS n`);
    const leased = await one(`SELECT count(*) AS n FROM outbox WHERE status = 'sending'`);
    if (waiting === 0 && leased > 0) {
      // sends cut off by a kill: their 15-minute lease would run out; age it instead of waiting
      leasesAged += leased;
      await db.query(`UPDATE outbox SET lease_until = now() - interval '1 second' WHERE status = 'sending'`);
      continue;
    }
    if (waiting === 0 && leased === 0) break;
  }
  await sleep(1000);
  server!.kill('SIGTERM');
  await new Promise((r) => server!.once('exit', r));

  const result = await checkDatabase(db, acked, received);
  await db.end();
  await cleanUp();

  const report = {
    bench: 'crash',
    seconds,
    ...figures,
    restartMs: { median: figures.restartMs.sort((a, b) => a - b)[Math.floor(figures.restartMs.length / 2)] ?? null, max: Math.max(0, ...figures.restartMs) },
    ...result.figures,
    leasesAged,
    drainSeconds: Math.round((Date.now() - loadEnded) / 1000),
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  console.log(JSON.stringify(report));
  const violations = [...result.violations];
  if (figures.serverErrors > 0) violations.push(`${figures.serverErrors} answers were 5xx`);
  if (figures.kills < kills) violations.push(`only ${figures.kills} of ${kills} kills happened`);
  for (const v of violations) console.error(`[crash] VIOLATION: ${v}`);
  console.log(violations.length ? `[crash] FAILED: ${violations.length} violations` : '[crash] OK: nothing lost, nothing doubled');
  return violations.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error('[crash] failed:', err);
    await cleanUp();
    process.exit(2);
  },
);
