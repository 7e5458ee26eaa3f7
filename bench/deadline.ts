/**
 * Deadline computations per second in one process (issue #3 §8, target ≥ 1,000,000/s).
 * `npx tsx bench/deadline.ts [count]` — mixes every limit unit over instants spread across 2024–2026,
 * so holidays and adjusted working weekends are crossed all the time.
 */
import { WorkCalendar } from '../src/core/calendar';
import { computeDue, parseLimit } from '../src/core/time-limits';

const count = Number(process.argv[2] ?? 2_000_000);
const cal = new WorkCalendar();
const limits = ['5wd', '3wd', '7wd', '2wd', '1wd', 'sameday', '3d', '2h', '15m', '10m'].map(parseLimit);
const start = Date.parse('2024-01-01T00:00:00Z');
const span = Date.parse('2026-12-01T00:00:00Z') - start;
const froms = Array.from({ length: 4096 }, (_, i) => new Date(start + ((i * 7919 * 3600_000 + i * 997_000) % span)));

// warm-up: fills the calendar's per-year tables and lets the JIT settle
let sink = 0;
for (let i = 0; i < 200_000; i++) sink += computeDue(froms[i & 4095]!, limits[i % limits.length]!, cal).getTime() & 1;

const t0 = process.hrtime.bigint();
for (let i = 0; i < count; i++) sink += computeDue(froms[i & 4095]!, limits[i % limits.length]!, cal).getTime() & 1;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const perSecond = Math.round(count / seconds);
console.log(JSON.stringify({ bench: 'deadline', count, seconds: Number(seconds.toFixed(3)), perSecond, target: 1_000_000, ok: perSecond >= 1_000_000, sink: sink > -1 }));
