/**
 * The overdue sweep over 1,000,000 open cases on PostgreSQL (issue #3 §8, target < 100 ms).
 * `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/overdue-sweep.ts [openCases] [newlyOverdue]`
 * Creates a database of its own (dropped afterwards), fills it with open cases whose deadlines lie
 * over the coming month, lets `newlyOverdue` of them fall due, and times full passes of the worker.
 */
import { withBenchDatabase } from './pg';
import { PolicyStore, seedDefaultPolicy } from '../src/server/policy/policy';
import { runTimersOnce } from '../src/server/jobs/timer-worker';
import { createUnit } from '../src/server/org/org.repo';

const open = Number(process.argv[2] ?? 1_000_000);
const newlyOverdue = Number(process.argv[3] ?? 100);
await withBenchDatabase('huiyin_bench', 4, async (h) => {
  const now = new Date('2026-03-02T02:00:00Z');
  await seedDefaultPolicy(h.db, now);
  const unit = await createUnit(h.db, { code: 'dept', name: '市城管局', type: 'department' });
  const t0 = Date.now();
  // open cases: deadlines over the next 30 days, warnings already sent, the first `newlyOverdue` just fell due
  await h.exec(`
    INSERT INTO cases (id, case_no, query_code, channel, kind, urgency, title, content, state, version, lead_unit_id,
                       stage, stage_limit, stage_started_at, due_at, warn_at, warned_at, created_at, updated_at)
    SELECT gen_random_uuid(), '2026030' || lpad(g::text, 7, '0'), 'ABCDEF', 'phone', 'complaint', 'normal', '噪音扰民', '夜间施工噪音扰民',
           (ARRAY['dispatched','handling','pending_signoff'])[1 + g % 3], 2, '${unit.id}',
           'first_dispatch', '5wd', timestamptz '${now.toISOString()}' - interval '1 day',
           CASE WHEN g <= ${newlyOverdue} THEN timestamptz '${now.toISOString()}' - interval '1 minute'
                ELSE timestamptz '${now.toISOString()}' + (g % 43200) * interval '1 minute' END,
           timestamptz '${now.toISOString()}' - interval '2 hours', timestamptz '${now.toISOString()}' - interval '1 hour',
           timestamptz '${now.toISOString()}' - interval '1 day', timestamptz '${now.toISOString()}' - interval '1 day'
    FROM generate_series(1, ${open}) g;
    INSERT INTO case_events (case_id, seq, action, to_state, at) SELECT id, 1, 'register', 'registered', created_at FROM cases;
    INSERT INTO case_events (case_id, seq, action, from_state, to_state, at) SELECT id, 2, 'dispatch', 'registered', state, created_at FROM cases;
    ANALYZE;`);
  const loadSeconds = (Date.now() - t0) / 1000;
  const deps = { db: h.db, policy: new PolicyStore(h.db, 60_000), clock: () => now };
  await deps.policy.get();
  const timeIt = async () => {
    const s = process.hrtime.bigint();
    const r = await runTimersOnce(deps);
    return { ms: Number(process.hrtime.bigint() - s) / 1e6, ...r };
  };
  const first = await timeIt(); // marks the newly overdue cases
  const idle: number[] = [];
  for (let i = 0; i < 20; i++) idle.push((await timeIt()).ms);
  idle.sort((a, b) => a - b);
  const result = {
    bench: 'overdue-sweep',
    openCases: open,
    loadSeconds,
    newlyOverdue: first.overdue,
    passWithNewlyOverdueMs: Number(first.ms.toFixed(1)),
    idlePassMedianMs: Number(idle[10]!.toFixed(2)),
    idlePassP95Ms: Number(idle[18]!.toFixed(2)),
    target: '< 100 ms',
    ok: first.ms < 100 && idle[18]! < 100,
  };
  console.log(JSON.stringify(result));
});
