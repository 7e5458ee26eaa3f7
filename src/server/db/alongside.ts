/**
 * Rows written in the same statement as another insert (a data-modifying CTE), and only when that
 * insert wrote its row: `WITH c AS (INSERT … ON CONFLICT DO NOTHING RETURNING …), d AS (<this>)`.
 * The rows travel as one JSON parameter and are read back into the table's own column types by
 * `jsonb_populate_recordset`, so one statement carries any number of them.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DB } from './schema';

export function insertAlongside(table: keyof DB & string, rows: readonly Record<string, unknown>[], gate: string, onConflict?: RawBuilder<unknown>): RawBuilder<Record<string, unknown>> {
  const columns = Object.keys(rows[0] ?? {});
  // a raw CTE body is not parenthesised by Kysely: the parentheses are part of it
  if (columns.length === 0) return sql`(SELECT 1 WHERE false)`;
  const list = sql.join(columns.map((c) => sql.ref(c)));
  return sql`(INSERT INTO ${sql.table(table)} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb) WHERE EXISTS (SELECT FROM ${sql.table(gate)}) ${onConflict ?? sql``})`;
}
