/**
 * The raw PostgreSQL ceiling for registration's writes (issue #10 §2): pgbench inserting one case
 * row, its history row, its statistics delta and its notice per transaction, into scratch copies of those four tables made
 * in the benchmark's own database (`LIKE … INCLUDING ALL`: the same columns, defaults, checks and
 * indexes, GIN on the search tokens included, plus the same foreign keys; not the triggers, which
 * only fill `region_id`, written here). The rows are copies of cases the HTTP run registered (their
 * search tokens segmented by jieba as the app does), each with its registration event.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import pg from 'pg';
import type { CaseRow } from '../src/server/db/schema';
import { statsDeltaRows } from '../src/server/stats/stats.repo';
import { noticeOf } from '../src/server/realtime/case-events';

export interface Ceiling {
  tps: number;
  transactions: number;
  p50: number;
  p99: number;
  clients: number;
  seconds: number;
}

const SCHEMA = 'bench_ceiling';

const FRESH: Record<string, string> = {
  id: 'gen_random_uuid()',
  case_no: `to_char(now(), 'YYYYMMDD') || lpad(nextval('${SCHEMA}.case_no')::text, 6, '0')`,
  query_code: 'substr(md5(random()::text), 1, 8)',
  created_at: 'now()',
  updated_at: 'now()',
  received_at: 'now()',
  acknowledged_at: 'now()',
  external_id: 'NULL',
};

/**
 * One pgbench script per case the HTTP run registered: the same columns with the same values
 * (PostgreSQL quotes them: quote_nullable), a fresh id, number and time, its registration event,
 * its statistics delta (the app's own `statsDeltaRows`) and its real-time notice — the rows a
 * registration writes in its one statement (not the concentration alert a cluster sometimes adds,
 * so the ceiling errs high).
 */
async function scriptsFrom(client: pg.Client, count: number, notify: boolean): Promise<string[]> {
  const columns = async (table: string) =>
    (
      await client.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' AND is_identity = 'NO' ORDER BY ordinal_position`,
        [table],
      )
    ).rows.map((r) => r.column_name);
  const caseCols = await columns('cases');
  const eventCols = (await columns('case_events')).filter((c) => c !== 'case_id' && c !== 'at');
  const literals = (cols: string[]) => cols.map((c) => (FRESH[c] ? `'' AS "${c}"` : `quote_nullable("${c}"::text) AS "${c}"`)).join(', ');
  const quote = (v: unknown) => (v === null || v === undefined ? 'NULL' : client.escapeLiteral(v instanceof Date ? v.toISOString() : String(v)));
  const cases = await client.query<Record<string, string>>(
    `SELECT ${literals(caseCols)}, id::text AS ref FROM cases WHERE state = 'registered' AND registered_by = (SELECT id FROM users WHERE username = 'operator') ORDER BY created_at DESC LIMIT $1`,
    [count],
  );
  const scripts: string[] = [];
  for (const c of cases.rows) {
    const ev = (await client.query<Record<string, string>>(`SELECT ${literals(eventCols)} FROM case_events WHERE case_id = $1 AND seq = 1`, [c.ref])).rows[0]!;
    const row = (await client.query<CaseRow>(`SELECT * FROM cases WHERE id = $1`, [c.ref])).rows[0]!;
    const deltas = statsDeltaRows([[null, row]]);
    const notice = JSON.stringify(noticeOf({ row, action: 'register', at: row.created_at }));
    scripts.push(
      [
        `WITH c AS (INSERT INTO ${SCHEMA}.cases (${caseCols.map((x) => `"${x}"`).join(', ')})`,
        `  VALUES (${caseCols.map((x) => FRESH[x] ?? c[x]).join(', ')}) RETURNING id),`,
        `e AS (INSERT INTO ${SCHEMA}.case_events (case_id, at, ${eventCols.map((x) => `"${x}"`).join(', ')})`,
        `  SELECT id, now(), ${eventCols.map((x) => ev[x]).join(', ')} FROM c RETURNING case_id),`,
        ...deltas.map((d, i) => {
          const cols = Object.keys(d);
          return `d${i} AS (INSERT INTO ${SCHEMA}.stats_deltas (${cols.map((x) => `"${x}"`).join(', ')}) VALUES (${cols.map((x) => quote((d as Record<string, unknown>)[x])).join(', ')})),`;
        }),
        // base64: pgbench would read the JSON's `:null` as a variable
        `n AS (INSERT INTO ${SCHEMA}.case_notices (payload) VALUES (convert_from(decode('${Buffer.from(notice).toString('base64')}', 'base64'), 'UTF8')))`,
        // with --pgbench-notify: what a NOTIFY inside every registration would add (it no longer does: 016)
        notify ? `SELECT pg_notify('bench_ceiling', case_id::text) FROM e;` : `SELECT count(*) FROM e;`,
        '',
      ].join('\n'),
    );
  }
  return scripts;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${out}`))));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/**
 * Runs pgbench against `url` (a migrated, seeded database), `clients` connections for `seconds`.
 * With `notify`, each transaction also sends a `pg_notify` as registration does. The scratch
 * tables are dropped afterwards.
 */
export async function pgbenchCeiling(url: string, clients: number, seconds: number, notify = false): Promise<Ceiling> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const dir = mkdtempSync(path.join(tmpdir(), 'huiyin-pgbench-'));
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}; CREATE SEQUENCE ${SCHEMA}.case_no`);
    for (const t of ['cases', 'case_events', 'stats_deltas', 'case_notices']) {
      await client.query(`CREATE TABLE ${SCHEMA}.${t} (LIKE public.${t} INCLUDING ALL)`);
      // LIKE copies no foreign keys: add the same ones (a case's own references point at the copy)
      const fks = await client.query<{ conname: string; def: string }>(
        `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'public.${t}'::regclass AND contype = 'f'`,
      );
      for (const fk of fks.rows) {
        const def = fk.def.replace(/REFERENCES (public\.)?cases\(/, `REFERENCES ${SCHEMA}.cases(`).replace(/REFERENCES (?!bench_ceiling\.)(public\.)?(\w+)\(/, 'REFERENCES public.$2(');
        await client.query(`ALTER TABLE ${SCHEMA}.${t} ADD CONSTRAINT ${fk.conname} ${def}`);
      }
    }
    // one script per registered case, equally weighted: every transaction writes a different realistic row
    const files: string[] = [];
    for (const [i, script] of (await scriptsFrom(client, 32, notify)).entries()) {
      const f = path.join(dir, `register-${i}.sql`);
      writeFileSync(f, script);
      files.push('-f', `${f}@1`);
    }
    if (files.length === 0) throw new Error('no registered case to copy: run the HTTP load first');
    const u = new URL(url);
    const out = await run('pgbench', [
      '-n', '-M', 'prepared', '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds),
      '-h', u.searchParams.get('host') ?? u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'),
      '--log', `--log-prefix=${path.join(dir, 'log')}`, ...files, u.pathname.slice(1),
    ]);
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1]);
    if (!Number.isFinite(tps)) throw new Error(`could not read pgbench's output:\n${out}`);
    // per-transaction log lines: client_id transaction_no time(µs) script_no epoch epoch_us
    const latencies: number[] = [];
    for (const f of readdirSync(dir).filter((x) => x.startsWith('log'))) {
      for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (Number.isFinite(us) && line) latencies.push(us / 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    return { tps, transactions, p50: percentile(latencies, 50), p99: percentile(latencies, 99), clients, seconds };
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
