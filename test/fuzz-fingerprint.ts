/**
 * The fuzz test's look at the database (test/fuzz.test.ts, issue #9 §4): did a refused request
 * write anything?
 */
import { sql } from 'kysely';
import type { Database } from '../src/server/db/database';


/**
 * What a refused request may still write, each for a reason:
 * - users.failed_logins / locked_until: a wrong password counts against the account even though the
 *   login is refused — that is the lockout (issue #9 §3);
 * - api_tokens.last_used_at: a token's use is recorded (at most once a minute) before the route
 *   decides, so a token's last use shows refused calls too.
 * Nothing else: a refused request writes no session, no access-log line, no case, no outbox row.
 */
export const MAY_CHANGE: Record<string, string[]> = {
  users: ['failed_logins', 'locked_until'],
  api_tokens: ['last_used_at'],
};

/**
 * Tables the app changes in the background, whatever the requests: case_notices is the real-time
 * queue the publisher drains every second (realtime/publisher.ts); a step's notice is written in the
 * step's own transaction, with the case changes that the other tables show.
 */
export const BACKGROUND = new Set(['case_notices']);

export type Print = Map<string, string>;

/**
 * Two looks at the database. `writes()`: a counter per table that a row trigger (installed in this
 * test's own database) bumps in the writing transaction — one tiny query after every request, and
 * exact: a committed insert, update or delete of any row shows, a rolled-back one does not.
 * `rows()`: count and md5 of every row of every table — slower, taken every few dozen requests (FULL_EVERY in the test),
 * and independent of the triggers.
 */
export class Fingerprint {
  private constructor(
    private readonly db: Database,
    private readonly rowsSql: string,
  ) {}

  static async of(db: Database): Promise<Fingerprint> {
    const cols = await sql<{ table_name: string; column_name: string }>`
      SELECT c.table_name, c.column_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position`.execute(db);
    const tables = new Map<string, string[]>();
    for (const r of cols.rows) if (!BACKGROUND.has(r.table_name)) tables.set(r.table_name, [...(tables.get(r.table_name) ?? []), r.column_name]);
    const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
    await sql`CREATE TABLE fuzz_writes (t text PRIMARY KEY, n bigint NOT NULL DEFAULT 0)`.execute(db);
    await sql`CREATE FUNCTION fuzz_count_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE fuzz_writes SET n = n + 1 WHERE t = TG_TABLE_NAME; RETURN NULL; END $$`.execute(db);
    const full: string[] = [];
    for (const [table, columns] of tables) {
      const kept = columns.filter((c) => !MAY_CHANGE[table]?.includes(c));
      // an update that sets only the columns a refused request may change is not counted
      const update = MAY_CHANGE[table] ? `UPDATE OF ${kept.map(q).join(', ')}` : 'UPDATE';
      await sql`INSERT INTO fuzz_writes (t) VALUES (${table})`.execute(db);
      await sql.raw(`CREATE TRIGGER fuzz_write AFTER INSERT OR DELETE OR ${update} ON ${q(table)} FOR EACH ROW EXECUTE FUNCTION fuzz_count_write()`).execute(db);
      const row = `row(${kept.map(q).join(', ')})::text`;
      full.push(`SELECT '${table}' AS t, count(*)::text || ':' || md5(coalesce(string_agg(${row}, ',' ORDER BY ${row}), '')) AS f FROM ${q(table)}`);
    }
    return new Fingerprint(db, full.join('\nUNION ALL\n'));
  }

  async writes(): Promise<Print> {
    const res = await sql<{ t: string; n: number }>`SELECT t, n FROM fuzz_writes`.execute(this.db);
    return new Map(res.rows.map((r) => [r.t, String(r.n)]));
  }

  async rows(): Promise<Print> {
    const res = await sql<{ t: string; f: string }>`${sql.raw(this.rowsSql)}`.execute(this.db);
    return new Map(res.rows.map((r) => [r.t, r.f]));
  }

  static diff(a: Print, b: Print): string[] {
    return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
  }
}
