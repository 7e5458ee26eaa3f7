/**
 * Text search finds the newest matching cases by walking the cases newest first, by reading the
 * matches from the GIN index in windows of time (30 days, a year, all), or all at once — chosen by how
 * common the words are (cases.repo.ts, listCases). The answer must not depend on the choice: here
 * all three plans page through the same cases, with and without filters, across the window edges.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, makeWorld, sampleCase, type TestApp } from './app';
import { registerCase } from '../src/server/commands/register-case';
import { listCases, type CaseFilters, type Cursor, type TextPlan } from '../src/server/cases/cases.repo';
import type { Viewer } from '../src/core/visibility';

let t: TestApp;
let viewer: Viewer;
const DAY = 86_400_000;
beforeAll(async () => {
  t = await createTestApp();
  await makeWorld(t);
  const centre = await t.db.db.selectFrom('units').select(['id', 'path']).where('type', '=', 'centre').executeTakeFirstOrThrow();
  viewer = { userId: '00000000-0000-4000-8000-000000000001', role: 'dispatcher', unitId: centre.id, unitPath: centre.path, atCentre: true };
  const start = t.now().getTime();
  // cases 3 years back to today, about every 11 days; a few words in some of them
  const words = ['烧烤油烟扰民', '路灯不亮', '物业乱收费', '烧烤摊占道'];
  for (let i = 0; i < 100; i++) {
    const at = new Date(start - (99 - i) * 11 * DAY - (i % 3) * 3_600_000);
    const word = words[i % words.length]!;
    const input = { ...sampleCase({ title: `${word}（第${i}件）`, content: `市民反映${word}的问题，请尽快处理。`, channel: i % 2 ? 'phone' : 'online', anonymous: true, citizen: undefined }) } as never;
    await registerCase(t.db.db, null, input, at, { intake: true });
  }
});
afterAll(async () => t?.close());

async function allPages(f: CaseFilters, plan: TextPlan, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: Cursor | undefined;
  for (let page = 0; page < 50; page++) {
    const { rows, nextCursor } = await listCases(t.db.db, viewer, f, t.now(), limit, cursor, { textPlan: plan });
    ids.push(...rows.map((r) => r.case_no));
    if (!nextCursor) break;
    cursor = JSON.parse(JSON.stringify({ createdAt: rows[rows.length - 1]!.created_at.toISOString(), id: rows[rows.length - 1]!.id })) as Cursor;
  }
  return ids;
}

it.each([
  [{ q: '烧烤' }, 3],
  [{ q: '烧烤' }, 40],
  [{ q: '烧烤 油烟' }, 2],
  [{ q: '烧烤', channel: ['phone'] }, 4],
  [{ q: '物业', from: new Date(Date.UTC(2025, 0, 1)) }, 5],
  [{ q: '烧烤', state: ['registered'] }, 7],
] as [CaseFilters, number][])('finds the same cases newest first with either plan: %o, pages of %i', async (f, limit) => {
  const walk = await allPages(f, 'walk', limit);
  const windows = await allPages(f, 'windows', limit);
  const sorted = await allPages(f, 'sorted', limit);
  expect(walk.length).toBeGreaterThan(0);
  expect(windows).toEqual(walk);
  expect(sorted).toEqual(walk);
  // newest first: case numbers begin with the day
  expect([...walk].sort().reverse()).toEqual(walk);
});
