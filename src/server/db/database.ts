/**
 * One typed query layer (Kysely) over two engines: PostgreSQL through a `pg` pool in production,
 * and PGlite (embedded PostgreSQL, stored in a folder) by default. Same SQL, same queries.
 */
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { DB } from './schema';

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  engine: 'pglite' | 'postgres';
  /** Runs a script of several statements (migrations); no parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the underlying handle (backups, test templates). */
  pglite?: PGlite;
  /** PostgreSQL only: the connection URL (the real-time listener's own connection, a second instance in tests). */
  url?: string;
}

// int8 (counts, sums, identities) as JS numbers, as PGlite already returns them.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openPostgres(url: string, poolSize = 10): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // a pool error on an idle client (server restart) must not crash the process
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    url,
    exec: async (sql) => {
      const client = await pool.connect();
      try {
        await client.query(sql);
      } catch (err) {
        // a failed script may leave its explicit transaction open: never pool an aborted client
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: async () => {
      await db.destroy();
    },
  };
}

/**
 * PGlite is a single connection. Kysely asks a pool for a connection per query or transaction;
 * this pool hands out the one connection under a mutex, so a transaction never interleaves
 * with another request's statements (NOTES.md: serialise access through one handle).
 */
class PGlitePool implements PostgresPool {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly pglite: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    await previous;
    const pglite = this.pglite;
    let released = false;
    const client = {
      async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
        const res = await pglite.query<R>(sql, parameters as unknown[]);
        const command = (sql.trimStart().slice(0, 6).toUpperCase() as PostgresQueryResult<R>['command']) ?? 'SELECT';
        return { command, rowCount: res.affectedRows ?? res.rows.length, rows: res.rows };
      },
      release() {
        if (!released) {
          released = true;
          release();
        }
      },
    };
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.queue;
  }
}

export async function openPGlite(dataDir: string | undefined, loadDataDir?: Blob | File): Promise<DatabaseHandle> {
  const pglite = await PGlite.create(dataDir ? { dataDir, loadDataDir } : { loadDataDir });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new PGlitePool(pglite) }) });
  return {
    db,
    engine: 'pglite',
    pglite,
    exec: async (sql) => {
      // go through the pool's mutex so a script never interleaves with a transaction
      await db.connection().execute(async () => {
        try {
          await pglite.exec(sql);
        } catch (err) {
          await pglite.exec('ROLLBACK').catch(() => undefined);
          throw err;
        }
      });
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<DatabaseHandle> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPGlite(opts.dataDir);
}
