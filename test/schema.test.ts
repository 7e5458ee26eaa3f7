/**
 * The hand-kept row types in src/server/db/schema.ts against the migrated database (STYLE.md §6):
 * every table and column the code names exists, and no table or column is missing from the types.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/server/db/database';
import { freshDatabase } from './db';

let db: DatabaseHandle;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db?.close());

async function typesFromSource(): Promise<Map<string, string[]>> {
  const src = await readFile(new URL('../src/server/db/schema.ts', import.meta.url), 'utf8');
  const interfaces = new Map<string, string[]>();
  // an interface may extend one other (the stats tables share their counters)
  for (const m of src.matchAll(/export interface (\w+)(?: extends (\w+))? \{([^}]*)\}/g)) {
    const own = [...m[3]!.matchAll(/^\s+(\w+):/gm)].map((c) => c[1]!);
    interfaces.set(m[1]!, [...(m[2] ? (interfaces.get(m[2]) ?? []) : []), ...own]);
  }
  const dbBlock = /export interface DB \{([^}]*)\}/.exec(src)![1]!;
  const tables = new Map<string, string[]>();
  for (const m of dbBlock.matchAll(/(\w+): (\w+);/g)) tables.set(m[1]!, interfaces.get(m[2]!) ?? []);
  return tables;
}

it('matches the migrated database table by table and column by column', async () => {
  const types = await typesFromSource();
  const rows = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`.execute(db.db);
  const actual = new Map<string, string[]>();
  for (const r of rows.rows) actual.set(r.table_name, [...(actual.get(r.table_name) ?? []), r.column_name]);
  expect([...types.keys()].sort()).toEqual([...actual.keys()].sort());
  for (const [table, cols] of types) expect([...cols].sort(), table).toEqual([...(actual.get(table) ?? [])].sort());
});

it('keeps the history append-only', async () => {
  const unit = '00000000-0000-4000-8000-000000000001';
  await sql`INSERT INTO units (id, code, name, type, path) VALUES (${unit}, 'u', 'u', 'centre', ${`/${unit}/`})`.execute(db.db);
  const caseId = '00000000-0000-4000-8000-000000000002';
  await sql`INSERT INTO cases (id, case_no, query_code, channel, kind, urgency, title, content, state, created_at, updated_at)
            VALUES (${caseId}, '20260101000001', 'ABCDEF', 'phone', 'help', 'normal', 't', 'c', 'registered', now(), now())`.execute(db.db);
  await sql`INSERT INTO case_events (case_id, seq, action, to_state, at) VALUES (${caseId}, 1, 'register', 'registered', now())`.execute(db.db);
  await expect(sql`UPDATE case_events SET action = 'tampered'`.execute(db.db)).rejects.toThrow(/append-only/);
  await expect(sql`DELETE FROM case_events`.execute(db.db)).rejects.toThrow(/append-only/);
});
